"""Forms for preparing ballots and adding minority statements."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from facilitate import local_time
from facilitate.models.ballots import (
    BALLOT_MODE_LABELS,
    ITEM_METHOD_LABELS,
    THRESHOLD_LABELS,
)


class LocalDateTimeField(DateTimeLocalField):
    """A date and time typed in a zone's wall-clock time; `data` is the aware UTC instant."""

    time_zone: str | None = None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None:
            try:
                self.data = local_time.from_local(self.data, self.time_zone)
            except local_time.NonexistentTime:
                self.data = None
                raise ValueError(
                    _l("The clocks skip this time on that day (daylight saving); give another.")
                ) from None

    def _value(self):
        if self.raw_data or self.data is None:
            return super()._value()
        return local_time.to_local(self.data, self.time_zone).strftime(self.format[0])


class BallotForm(FlaskForm):
    def __init__(self, *args, time_zone: str | None = None, **kwargs):
        # The zone must be known before the submitted deadline is converted to UTC.
        self._time_zone = time_zone or local_time.default_zone_name()
        super().__init__(*args, **kwargs)

    def process(self, *args, **kwargs):
        self.closes_at.time_zone = self._time_zone
        self.closes_at.description = _l(
            "Local time: %(zone)s. Votes are refused after this time.",
            zone=local_time.zone_label(self._time_zone),
        )
        super().process(*args, **kwargs)

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    mode = SelectField(
        _l("How items open"),
        choices=[SelectChoice(k.value, v) for k, v in BALLOT_MODE_LABELS.items()],
        description=_l("One at a time for a live vote in the room; together for a vote over days."),
    )
    closes_at = LocalDateTimeField(
        _l("Deadline (optional)"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
    )


class ItemForm(FlaskForm):
    method = SelectField(
        _l("Method"), choices=[SelectChoice(k.value, v) for k, v in ITEM_METHOD_LABELS.items()]
    )
    threshold = SelectField(
        _l("Pass threshold"),
        choices=[SelectChoice(k.value, v) for k, v in THRESHOLD_LABELS.items()],
        description=_l(
            "For yes/no and support-scale items. Abstentions (and “neutral”) count towards "
            "turnout but not towards the share in favour."
        ),
    )
    recommendations = SelectMultipleField(
        _l("Recommendations"),
        coerce=int,
        validators=[DataRequired(message=_l("Choose at least one recommendation."))],
        description=_l("One for yes/no and support scale; two or more for approval or ranking."),
    )
    title = StringField(
        _l("Question (optional)"),
        validators=[Optional(), Length(max=300)],
        description=_l("Left empty, the recommendation's title is used."),
    )


class StatementForm(FlaskForm):
    text = TextAreaField(
        _l("Your minority statement"),
        validators=[DataRequired(), Length(max=5000)],
        description=_l("Published with the result, without your name."),
    )


class ReceiptForm(FlaskForm):
    code = StringField(
        _l("Receipt code"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("The code you were shown after voting, e.g. ABCD-EFGH-JKLM."),
    )
