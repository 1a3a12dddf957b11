"""Forms for signing in and creating an account from an invitation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from facilitate.i18n import language_choices


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("The 6 digits from your authenticator app, or one of your backup codes."),
    )


class ReauthenticateForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    code = StringField(
        _l("Code"),
        validators=[Length(max=20)],
        description=_l("The 6 digits from your authenticator app, or one of your backup codes."),
    )


class AcceptInvitationForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    password = PasswordField(
        _l("Choose a password"),
        validators=[
            DataRequired(),
            Length(min=12, max=256, message=_l("Use at least 12 and at most 256 characters.")),
        ],
        description=_l("At least 12 characters."),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class LanguageForm(FlaskForm):
    locale = SelectField(_l("Language"), choices=language_choices)


class EmptyForm(FlaskForm):
    """A form with only its CSRF token, for buttons that change state."""
