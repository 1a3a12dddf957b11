"""The translator's form: the text, kept as a draft or marked current."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length


class TranslationForm(FlaskForm):
    text = TextAreaField(_l("Translation"), validators=[Length(max=20000)])
    save_draft = SubmitField(_l("Save as draft"))
    mark_current = SubmitField(_l("Mark current"))
