"""Forms for the pool pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField

from facilitate.pool.importer import FIELDS

FIELD_LABELS = {
    "external_id": _l("Id from the other system"),
    "first_name": _l("First name"),
    "last_name": _l("Last name"),
    "email": _l("Email"),
    "phone": _l("Phone"),
    "address": _l("Street and number"),
    "postcode": _l("Postcode"),
    "date_of_birth": _l("Date of birth"),
    "household": _l("Household"),
}


class UploadForm(FlaskForm):
    file = FileField(
        _l("File with registrants (CSV or XLSX)"),
        validators=[FileRequired()],
        description=_l("One row per person, the first line naming the columns."),
    )


def mapping_form(header: list[str], assembly, mapping: dict[str, str], formdata=None):
    """Build a form with one choice per column: which field or category it holds."""
    choices = [SelectChoice("", _l("— ignore —"))]
    choices += [SelectChoice(name, FIELD_LABELS[name]) for name in FIELDS]
    choices += [
        SelectChoice(f"category:{c.id}", _l("Quota: %(c)s", c=c.name)) for c in assembly.categories
    ]

    class MappingForm(FlaskForm):
        pass

    for position, column in enumerate(header):
        setattr(
            MappingForm,
            f"col_{position}",
            SelectField(
                column or f"#{position + 1}", choices=choices, default=mapping.get(column, "")
            ),
        )
    return MappingForm(formdata=formdata) if formdata is not None else MappingForm()
