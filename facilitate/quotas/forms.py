"""Forms for quota categories and values."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import FloatField, IntegerField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)


def parse_value_lines(text: str) -> list[tuple[str, float | None]]:
    """Read "value" or "value, share %" lines; raise ValueError naming the bad line."""
    values, seen = [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, _sep, share_text = line.partition(",")
        name = name.strip()
        share = None
        if share_text.strip():
            try:
                share = float(share_text.strip().rstrip("%").strip())
            except ValueError:
                raise ValueError(
                    _l("Line %(n)d: “%(s)s” is not a percentage.", n=number, s=share_text.strip())
                ) from None
            if not 0 <= share <= 100:
                raise ValueError(_l("Line %(n)d: a share must be between 0 and 100.", n=number))
        if len(name) > 80:
            raise ValueError(_l("Line %(n)d: the value is longer than 80 characters.", n=number))
        if name.lower() in seen:
            raise ValueError(_l("Line %(n)d: “%(v)s” appears twice.", n=number, v=name))
        seen.add(name.lower())
        values.append((name, share))
    return values


class CategoryForm(FlaskForm):
    name = StringField(_l("Category"), validators=[DataRequired(), Length(max=80)])
    values = TextAreaField(
        _l("Values"),
        validators=[InputRequired()],
        description=_l("One per line, optionally with the population share: “female, 51”."),
    )

    def validate_values(self, field):
        try:
            field.parsed = parse_value_lines(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if not field.parsed:
            raise ValidationError(_l("Give at least one value."))


class ValueForm(FlaskForm):
    name = StringField(_l("New value"), validators=[DataRequired(), Length(max=80)])
    share = FloatField(_l("Share (%)"), validators=[Optional(), NumberRange(min=0, max=100)])


class ComputeForm(FlaskForm):
    tolerance = IntegerField(
        _l("Tolerance (seats either side)"),
        default=1,
        validators=[NumberRange(min=0, max=100)],
    )


class ImportForm(FlaskForm):
    file = FileField(
        _l("Quota file (CSV or XLSX)"),
        validators=[
            FileRequired(),
            FileAllowed(["csv", "txt", "xlsx"], _l("Choose a .csv or .xlsx file.")),
        ],
        description=_l("Columns category,feature,min,max and optionally share."),
    )


def value_rows_form(category):
    """Build a form with share/min/max inputs for each value of `category`."""

    class ValuesForm(FlaskForm):
        pass

    for value in category.values:
        setattr(
            ValuesForm,
            f"share_{value.id}",
            FloatField(
                _l("Share (%)"),
                default=value.population_share,
                validators=[Optional(), NumberRange(min=0, max=100)],
            ),
        )
        setattr(
            ValuesForm,
            f"min_{value.id}",
            IntegerField(_l("Min"), default=value.min_seats, validators=[NumberRange(min=0)]),
        )
        setattr(
            ValuesForm,
            f"max_{value.id}",
            IntegerField(_l("Max"), default=value.max_seats, validators=[NumberRange(min=0)]),
        )
    return ValuesForm(prefix=f"c{category.id}")
