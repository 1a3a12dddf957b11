"""Forms for the expert register."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

NONE_HINT = _l("Required before publishing. Write “None” if there is none.")


class ExpertForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    affiliation = StringField(_l("Affiliation"), validators=[Optional(), Length(max=200)])
    bio = TextAreaField(_l("Short biography"), validators=[Optional(), Length(max=3000)])
    perspective = StringField(
        _l("Perspective or stance"),
        validators=[DataRequired(), Length(max=80)],
        description=_l(
            "For example “supports”, “opposes”, “neutral research”, “lived experience”."
        ),
    )
    proposed_by = StringField(_l("Proposed by"), validators=[Optional(), Length(max=200)])
    email = EmailField(
        _l("Email (for an expert account)"), validators=[Optional(), Email(), Length(max=254)]
    )
    interests_funding = TextAreaField(
        _l("Funding received"), validators=[Optional(), Length(max=2000)], description=NONE_HINT
    )
    interests_employment = TextAreaField(
        _l("Employment and paid roles"),
        validators=[Optional(), Length(max=2000)],
        description=NONE_HINT,
    )
    interests_advocacy = TextAreaField(
        _l("Advocacy and memberships"),
        validators=[Optional(), Length(max=2000)],
        description=NONE_HINT,
    )
    interests_other = TextAreaField(
        _l("Other interests (optional)"), validators=[Optional(), Length(max=2000)]
    )


class AssignForm(FlaskForm):
    expert_id = SelectField(_l("Expert"), coerce=int)
