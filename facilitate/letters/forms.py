"""The form that uploads an address file and asks for a draw."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DecimalField, HiddenField, IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

#: Form field for each letter field's column name, and for the column to stratify by.
COLUMN_FIELDS = {
    "recipient": "recipient_column",
    "address": "address_column",
    "postcode": "postcode_column",
    "area": "area_column",
    "stratify": "stratify",
}

_COLUMN = [Optional(), Length(max=80)]


class DrawForm(FlaskForm):
    file = FileField(
        _l("Address file (CSV or XLSX)"),
        validators=[
            FileRequired(_l("Choose a file.")),
            FileAllowed(["csv", "txt", "xlsx"], _l("Choose a .csv or .xlsx file.")),
        ],
        description=_l("One address per row; the first row names the columns."),
    )
    count = IntegerField(
        _l("Number of letters"),
        validators=[
            InputRequired(_l("Say how many letters to send.")),
            NumberRange(min=1, message=_l("Ask for at least one letter.")),
        ],
    )
    stratify = StringField(
        _l("Stratify by column (optional)"),
        validators=_COLUMN,
        description=_l(
            "E.g. the district: each value gets letters in proportion to its number of rows."
        ),
    )
    seed = StringField(
        _l("Seed (optional)"),
        validators=[
            Optional(),
            Length(max=64),
            Regexp(r"^[\x21-\x7e]+$", message=_l("Use letters, digits and punctuation only.")),
        ],
        description=_l("Leave empty for a fresh random seed; it is recorded with the draw."),
    )
    recipient_column = StringField(_l("Recipient name column"), validators=_COLUMN)
    address_column = StringField(_l("Address column"), validators=_COLUMN)
    postcode_column = StringField(_l("Postcode column"), validators=_COLUMN)
    area_column = StringField(_l("Area column"), validators=_COLUMN)

    def columns(self) -> dict[str, str]:
        """Return the column names given for the letter fields ("" to detect)."""
        return {
            name: (self[field].data or "").strip()
            for name, field in COLUMN_FIELDS.items()
            if name != "stratify"
        }


class WaveForm(DrawForm):
    """A later wave: the draw it follows, the cap on weights and the weights as shown."""

    based_on = IntegerField(validators=[InputRequired()])
    cap = DecimalField(
        _l("Highest weight"),
        places=2,
        default=3,
        validators=[InputRequired(), NumberRange(min=1, max=20)],
        description=_l("No stratum gets more than this many times its share of letters."),
    )
    shown = HiddenField()


class TwoStageForm(DrawForm):
    """Two-stage letters: the column of the places and how many places to draw."""

    stratify = StringField(
        _l("Column of the places"),
        validators=[InputRequired(_l("Name the column of the places.")), Length(max=80)],
        description=_l("E.g. the municipality: each place's size is its number of rows."),
    )

    places = IntegerField(
        _l("Number of places"),
        validators=[
            InputRequired(_l("Say how many places to draw.")),
            NumberRange(min=1, message=_l("Ask for at least one place.")),
        ],
    )


class VerifyForm(FlaskForm):
    file = FileField(
        _l("The address file of the draw"),
        validators=[FileRequired(_l("Choose a file."))],
    )
