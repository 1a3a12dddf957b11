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


def _names(code: str, first: bool) -> tuple[str, str]:
    return ("subject", "body") if first else (f"subject_{code}", f"body_{code}")


def with_versions(form_class: type[FlaskForm], languages: list[str], required: bool) -> type:
    """Return the form with a subject and text for each language after the first.

    The first language (the authoritative one) keeps the fields `subject` and `body`, so a
    one-language assembly's form is what it always was.
    """
    if len(languages) <= 1:
        return form_class
    needed = DataRequired() if required else Optional()
    fields = {}
    for code in languages[1:]:
        subject, body = _names(code, first=False)
        fields[subject] = StringField(_l("Subject"), validators=[needed, Length(max=200)])
        fields[body] = TextAreaField(_l("Text"), validators=[needed, Length(max=20000)])
    return type(form_class.__name__, (form_class,), fields)


def version_fields(form: FlaskForm, languages: list[str]) -> list[tuple[str, object, object]]:
    """Return (language, subject field, text field) for each language, in order."""
    found = []
    for i, code in enumerate(languages):
        subject, body = _names(code, first=i == 0)
        found.append((code, form[subject], form[body]))
    return found


def versions_of(form: FlaskForm, languages: list[str]) -> dict[str, tuple[str, str]]:
    """Return what was written for each language: {language: (subject, text)}."""
    return {
        code: (subject.data or "", body.data or "")
        for code, subject, body in version_fields(form, languages)
    }


def fill_versions(form: FlaskForm, versions: dict[str, tuple[str, str]]) -> None:
    """Put each language's (subject, text) into its fields."""
    for code, subject, body in version_fields(form, list(versions)):
        subject.data, body.data = versions[code]


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
