"""Forms for answering an invitation and for tracking members."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from facilitate.models.members import CONTACT_CHANNELS, MEMBER_STATUS_LABELS


class AcceptForm(FlaskForm):
    password = PasswordField(
        _l("Choose a password"),
        validators=[
            DataRequired(),
            Length(min=12, max=256, message=_l("Use at least 12 and at most 256 characters.")),
        ],
        description=_l("At least 12 characters. You will use it to sign in."),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class DeclineForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason (optional)"),
        validators=[Optional(), Length(max=1000)],
        description=_l("It helps us understand who cannot take part and why."),
    )


class ContactForm(FlaskForm):
    contacted_on = DateField(_l("Date"), default=date.today, validators=[DataRequired()])
    channel = SelectField(
        _l("How"),
        choices=[SelectChoice(k, v) for k, v in CONTACT_CHANNELS.items()],
        default="phone",
    )
    status = SelectField(
        _l("New status"),
        choices=[
            SelectChoice("", _l("(unchanged)")),
            *(SelectChoice(k.value, v) for k, v in MEMBER_STATUS_LABELS.items()),
        ],
        default="",
        validators=[Optional()],
    )
    body = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class SigninLinkForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])


class ReplaceForm(FlaskForm):
    seed = StringField(
        _l("Seed (optional)"),
        validators=[Optional(), Length(max=18)],
        description=_l("Leave empty for a fresh random seed; it is recorded either way."),
    )
