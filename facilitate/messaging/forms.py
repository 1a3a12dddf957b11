"""Forms for writing to people and for the messaging settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional


class ComposeForm(FlaskForm):
    segment = SelectField(_l("To"), validators=[DataRequired()])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(
        _l("Text"),
        validators=[DataRequired(), Length(max=20000)],
        description=_l("Merge fields in braces, e.g. {first_name}, are filled for each person."),
    )
    #: One per written message, so a second click on "Send" sends nothing more.
    nonce = HiddenField()


class TemplateForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=20000)])


class SettingsForm(FlaskForm):
    reply_to = EmailField(
        _l("Replies go to"),
        validators=[Optional(), Email(), Length(max=254)],
        description=_l("Empty: the address the site is configured with."),
    )
    reply_within_days = IntegerField(
        _l("Days the drawn have to answer their invitation"),
        validators=[DataRequired(), NumberRange(1, 90)],
    )
    sitting_reminder_days = IntegerField(
        _l("Remind members this many days before each sitting (0: never)"),
        validators=[InputRequired(), NumberRange(0, 30)],
    )
    reply_reminder_days = IntegerField(
        _l("Remind the drawn this many days before their reply deadline (0: never)"),
        validators=[InputRequired(), NumberRange(0, 30)],
    )
