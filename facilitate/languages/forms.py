"""The translator's form, and the working-languages field that assemblies and councils share."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget

from facilitate.i18n import language_choices


class TranslationForm(FlaskForm):
    text = TextAreaField(_l("Translation"), validators=[Length(max=20000)])
    save_draft = SubmitField(_l("Save as draft"))
    mark_current = SubmitField(_l("Mark current"))


def working_languages_field() -> SelectMultipleField:
    """Return the checkbox list of the languages an assembly or a council keeps its texts in."""
    return SelectMultipleField(
        _l("Working languages"),
        # No Optional(): with a blank first value it would clear the check of every choice.
        choices=language_choices,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        description=_l(
            "Every public and member-facing text is kept in each. A ballot opens only when "
            "its texts are translated into all of them."
        ),
    )
