"""Forms for preparing surveys; answers are read from the answer form's fields by question."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from facilitate.i18n import LANGUAGE_NAMES
from facilitate.models.surveys import QUESTION_KIND_LABELS


class SurveyForm(FlaskForm):
    """A new survey: its title and the sitting it follows (none: the end of the assembly)."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    sitting = SelectField(_l("After"), coerce=int, choices=[])


class WordingForm(FlaskForm):
    """A question's wording in one language."""

    language = SelectField(
        _l("Language"), choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
    )
    text = TextAreaField(_l("Question"), validators=[DataRequired(), Length(max=500)])


class QuestionForm(WordingForm):
    """A question of the organiser's own."""

    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice(k.value, label) for k, label in QUESTION_KIND_LABELS.items()],
    )
