"""Forms for administrators."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Email, Length


class InviteOrganiserForm(FlaskForm):
    email = EmailField(
        _l("Email of the new organiser"), validators=[DataRequired(), Email(), Length(max=254)]
    )
