"""Forms for deciding on a possible duplicate."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

REASON_HINT = _l(
    "Kept in the audit log, which erasure does not touch: state the fact, not more personal "
    "details than it needs."
)


class KeepBothForm(FlaskForm):
    reason = TextAreaField(
        _l("Why they are two people (optional)"),
        validators=[Optional(), Length(max=500)],
        description=REASON_HINT,
    )


class MergeForm(FlaskForm):
    keep = RadioField(
        _l("Registration to keep"),
        choices=[
            SelectChoice("first", _l("Keep the left one")),
            SelectChoice("second", _l("Keep the right one")),
        ],
        validators=[DataRequired()],
    )
    reason = TextAreaField(
        _l("Reason"), validators=[DataRequired(), Length(max=500)], description=REASON_HINT
    )
