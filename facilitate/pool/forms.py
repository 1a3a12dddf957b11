"""Forms for the pool pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from facilitate.models.registrants import INELIGIBLE_RULE_LABELS
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
    "language": _l("Language"),
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


class StatusForm(FlaskForm):
    status = SelectField(
        _l("New status"),
        choices=[
            SelectChoice("ineligible", _l("Ineligible")),
            SelectChoice("withdrawn", _l("Withdrawn")),
            SelectChoice("duplicate", _l("Duplicate of another registration")),
            SelectChoice("registered", _l("Eligible again (registered)")),
        ],
    )
    rule = SelectField(
        _l("Rule not met (if ineligible)"),
        choices=[SelectChoice("", "—")]
        + [SelectChoice(rule.value, label) for rule, label in INELIGIBLE_RULE_LABELS.items()],
        validators=[Optional()],
    )
    duplicate_of = StringField(
        _l("Reference of the registration kept (if a duplicate)"),
        validators=[Optional(), Length(max=16)],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=500)],
        description=_l(
            "Kept in the audit log, which erasure does not touch: state the fact, not more "
            "personal details than it needs."
        ),
    )
