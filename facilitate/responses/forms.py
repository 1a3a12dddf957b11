"""Forms for the authority's answers and implementation updates."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from facilitate.models import ResponseStatus
from facilitate.models.recommendations import RESPONSE_STATUS_LABELS

UPDATE_LABELS = {
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "stalled": _l("Stalled"),
    "review": _l("Implementation review"),
}


class ResponseForm(FlaskForm):
    status = SelectField(
        _l("The authority's answer"),
        choices=[SelectChoice(s.value, RESPONSE_STATUS_LABELS[s]) for s in ResponseStatus],
    )
    justification = TextAreaField(
        _l("Justification"),
        validators=[Length(max=20000)],
        description=_l("Required for a rejection. Markdown."),
    )
    responded_on = DateField(_l("Date of the answer"), validators=[InputRequired()])


class UpdateForm(FlaskForm):
    on = DateField(_l("Date"), validators=[InputRequired()])
    status = SelectField(
        _l("State"), choices=[SelectChoice(k, v) for k, v in UPDATE_LABELS.items()]
    )
    progress = IntegerField(
        _l("Progress (%)"), default=0, validators=[InputRequired(), NumberRange(min=0, max=100)]
    )
    text = TextAreaField(_l("What happened"), validators=[InputRequired(), Length(max=20000)])
    link = StringField(
        _l("Link (optional)"), validators=[Optional(), URL(require_tld=False), Length(max=500)]
    )
