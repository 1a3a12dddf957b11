"""The form that starts a draw."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectChoice, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp


class RunForm(FlaskForm):
    algorithm = RadioField(
        _l("Method"),
        default="leximin",
        choices=[
            SelectChoice("leximin", _l("LEXIMIN: everyone as equal a chance as the quotas allow")),
            SelectChoice("legacy", _l("Legacy greedy draw (for comparison only)")),
        ],
    )
    households = BooleanField(_l("At most one person per household"), default=True)
    public_random = StringField(
        _l("Public random number (optional)"),
        validators=[Optional(), Length(max=200)],
        description=_l(
            "For example the lottery numbers drawn on a public date. It picks the panel from "
            "the published list; without it, a recorded random seed does."
        ),
    )
    seed = StringField(
        _l("Seed (optional)"),
        validators=[Optional(), Regexp(r"^\d{1,18}$", message=_l("Use digits only."))],
        description=_l("Leave empty for a fresh random seed; it is recorded either way."),
    )
    reserves = IntegerField(
        _l("Reserves"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=100)],
        description=_l(
            "Drawn with the panel, in order: when a member leaves, the first reserve who keeps "
            "the quotas takes the seat. 0 for none."
        ),
    )
    dropout = IntegerField(
        _l("Expected dropout (%)"),
        default=10,
        validators=[Optional(), NumberRange(min=0, max=90)],
        description=_l("The share of members you expect to leave; it guides who the reserves are."),
    )
    panels = IntegerField(
        _l("Panels in the published lottery"),
        default=1000,
        validators=[InputRequired(), NumberRange(min=10, max=10000)],
    )


class DropForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=200)])
