"""Forms for notes and recommendations."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from facilitate.models.notes import NOTE_VISIBILITY_LABELS

MARKDOWN_HINT = _l("Markdown: **bold**, *italic*, lists and links.")


class NoteForm(FlaskForm):
    body = TextAreaField(
        _l("Note"), validators=[DataRequired(), Length(max=20000)], description=MARKDOWN_HINT
    )
    visibility = RadioField(
        _l("Who can read it"),
        choices=[SelectChoice(k.value, v) for k, v in NOTE_VISIBILITY_LABELS.items()],
        default="private",
    )
    is_table_record = BooleanField(_l("This is the table's record (facilitators)"))
    table_number = IntegerField(
        _l("Table (facilitators)"), validators=[Optional(), NumberRange(min=1, max=500)]
    )


class RecommendationForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    text = TextAreaField(
        _l("Recommendation"),
        validators=[DataRequired(), Length(max=20000)],
        description=MARKDOWN_HINT,
    )
    rationale = TextAreaField(_l("Rationale"), validators=[Optional(), Length(max=20000)])
    table_number = IntegerField(
        _l("Drafting table"), validators=[Optional(), NumberRange(min=1, max=500)]
    )
    sittings = SelectMultipleField(_l("Sittings that informed it"), coerce=int)
    evidence = TextAreaField(
        _l("Evidence that informed it"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Expert input, documents and links. Markdown."),
    )


class AmendmentForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    text = TextAreaField(_l("Recommendation"), validators=[DataRequired(), Length(max=20000)])
    rationale = TextAreaField(_l("Rationale"), validators=[Optional(), Length(max=20000)])
    reason = TextAreaField(_l("Why this change?"), validators=[Optional(), Length(max=5000)])
    apply_now = BooleanField(
        _l("Save as a new version now (authors and facilitators) instead of proposing it")
    )
    sittings = SelectMultipleField(_l("Sittings that informed it"), coerce=int)
    evidence = TextAreaField(_l("Evidence that informed it"), validators=[Optional()])


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[SelectChoice("accept", _l("Accept")), SelectChoice("reject", _l("Reject"))],
        validators=[DataRequired()],
    )
    body = RadioField(
        _l("Decided by"),
        choices=[
            SelectChoice("table", _l("The drafting table")),
            SelectChoice("plenary", _l("The plenary")),
        ],
        default="table",
        validators=[DataRequired()],
    )
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=1000)])


class MergeForm(FlaskForm):
    target = SelectField(_l("Merge into"), coerce=int)
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=1000)])


class WithdrawForm(FlaskForm):
    reason = StringField(_l("Why is it withdrawn?"), validators=[DataRequired(), Length(max=1000)])
