"""Forms for proposing and answering evidence requests."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from facilitate.evidence_requests.services import ANSWER_LENGTH, TEXT_LENGTH
from facilitate.models.evidence_requests import REQUEST_KIND_LABELS, RequestStatus


class ProposeForm(FlaskForm):
    """A member's request: what kind of thing they want to hear, and what."""

    kind = SelectField(
        _l("I would like to hear"),
        choices=[SelectChoice(k.value, label) for k, label in REQUEST_KIND_LABELS.items()],
    )
    text = TextAreaField(
        _l("Who or what, and why"), validators=[DataRequired(), Length(max=TEXT_LENGTH)]
    )


class AnswerForm(FlaskForm):
    """The organisers' answer: accepted with a date, or declined with the reason."""

    status = RadioField(
        _l("Answer"),
        choices=[
            SelectChoice(RequestStatus.ACCEPTED.value, _l("Accept")),
            SelectChoice(RequestStatus.DECLINED.value, _l("Decline")),
        ],
        validators=[DataRequired()],
    )
    planned_on = DateField(_l("Date it will be heard"), validators=[Optional()])
    answer = TextAreaField(
        _l("What will happen, or why not"),
        validators=[DataRequired(), Length(max=ANSWER_LENGTH)],
    )
