"""Forms for the schedule, agendas, materials, questions, check-in, tables and allowances."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError

from facilitate import local_time
from facilitate.council.forms import MultiCheckboxField
from facilitate.i18n import language_choices
from facilitate.models.sittings import (
    ATTENDANCE_MODE_LABELS,
    MEDIA_KIND_LABELS,
    SITTING_KIND_LABELS,
    SITTING_MODE_LABELS,
)
from facilitate.models.sittings_content import MATERIAL_FORMAT_LABELS

#: The longest a sitting may run, counting its first and last days.
MAX_SITTING_DAYS = 7
HTTPS_ONLY = _l("Give a secure address starting with https://.")


def https_only(form, field):
    """Refuse links members would open over plain HTTP or through another scheme."""
    if field.data and not field.data.strip().lower().startswith("https://"):
        raise ValidationError(HTTPS_ONLY)


SKIPPED_TIME = _l("The clocks skip this time on that day (daylight saving); give another.")


class SittingForm(FlaskForm):
    """Date and times in the assembly's zone; `starts_at`/`ends_at` hold UTC once valid."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Type"),
        choices=[SelectChoice(k.value, v) for k, v in SITTING_KIND_LABELS.items()],
        default="plenary",
    )
    mode = SelectField(
        _l("Taking part"),
        choices=[SelectChoice(k.value, v) for k, v in SITTING_MODE_LABELS.items()],
        default="in_person",
    )
    day = DateField(_l("Date"), validators=[DataRequired()])
    starts = TimeField(_l("Starts"), validators=[DataRequired()])
    end_day = DateField(
        _l("Last day"),
        validators=[Optional()],
        description=_l("Only for a sitting over several days."),
    )
    ends = TimeField(_l("Ends"), validators=[DataRequired()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    online_url = URLField(
        _l("Online room link"),
        validators=[
            Optional(),
            URL(message=_l("Give a full web address.")),
            https_only,
            Length(max=500),
        ],
        description=_l("Shown to members and the team only, never on public pages."),
    )
    topic = StringField(
        _l("Topic"),
        validators=[Optional(), Length(max=120)],
        description=_l("Used to show the balance of experts per topic."),
    )
    allowance = DecimalField(
        _l("Allowance per member"),
        places=2,
        default=0,
        validators=[Optional(), NumberRange(min=0, max=10000)],
    )
    table_size = IntegerField(
        _l("Seats per small-group table"),
        default=7,
        validators=[DataRequired(), NumberRange(min=3, max=12)],
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Markdown is allowed."),
    )
    languages = MultiCheckboxField(
        _l("Languages spoken"),
        # No Optional(): with a blank first value it would clear the check of every choice.
        choices=language_choices(),
        description=_l("Leave all unticked to follow the assembly's working languages."),
    )

    def __init__(self, *args, time_zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone
        self.starts_at = self.ends_at = None
        where = local_time.zone_label(time_zone)
        for field in (self.starts, self.ends):
            field.description = _l("Local time: %(zone)s.", zone=where)

    def fill_from(self, sitting) -> None:
        """Show a stored sitting's UTC instants as the assembly's wall-clock date and times."""
        starts = local_time.to_local(sitting.starts_at, self.time_zone)
        ends = local_time.to_local(sitting.ends_at, self.time_zone)
        self.day.data, self.starts.data, self.ends.data = starts.date(), starts.time(), ends.time()
        # Left empty for a sitting within one day, so moving its date moves its end too.
        self.end_day.data = ends.date() if ends.date() != starts.date() else None

    def validate_starts(self, field):
        self.starts_at = self._instant(self.day.data, field)

    def validate_end_day(self, field):
        if not (self.day.data and field.data):
            return
        if field.data < self.day.data:
            raise ValidationError(_l("The last day cannot be before the first."))
        # A longer span is a mistyped year or month, not a sitting.
        if (field.data - self.day.data).days >= MAX_SITTING_DAYS:
            raise ValidationError(_l("A sitting lasts %(n)d days at most.", n=MAX_SITTING_DAYS))

    def validate_ends(self, field):
        ends_at = self._instant(self.end_day.data or self.day.data, field)
        if ends_at and self.starts_at and ends_at <= self.starts_at:
            raise ValidationError(_l("The end must be after the start."))
        self.ends_at = ends_at

    def _instant(self, day, field):
        if not (day and field.data):
            return None
        try:
            return local_time.combine(day, field.data, self.time_zone)
        except local_time.NonexistentTime:
            raise ValidationError(SKIPPED_TIME) from None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Checked here: the Optional() validators stop a field's own checks when it is empty.
        if not self.place.data and not self.online_url.data:
            self.place.errors = [*self.place.errors, _l("Give a place or an online link.")]
            return False
        if self.mode.data != "in_person" and not self.online_url.data:
            self.online_url.errors = [
                *self.online_url.errors,
                _l("An online or hybrid sitting needs its online room link."),
            ]
            return False
        return valid


class AgendaItemForm(FlaskForm):
    at = TimeField(_l("Time"), validators=[DataRequired()])
    title = StringField(_l("Item"), validators=[DataRequired(), Length(max=200)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class MaterialForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField(
        _l("Short summary"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("Two or three sentences members read before opening it."),
    )
    document = FileField(
        _l("Document"),
        description=_l("PDF, Word, PowerPoint, Excel, OpenDocument, text or image; up to 10 MB."),
    )
    url = URLField(
        _l("Or a link"),
        validators=[Optional(), URL(message=_l("Give a full web address.")), Length(max=500)],
    )


class MaterialFormatsForm(FlaskForm):
    formats = MultiCheckboxField(
        _l("Formats it exists in"),
        # No Optional(): it would clear the choice check, letting "" through as a format.
        choices=[SelectChoice(k.value, v) for k, v in MATERIAL_FORMAT_LABELS.items()],
    )


class QuestionForm(FlaskForm):
    body = TextAreaField(_l("Your question"), validators=[DataRequired(), Length(min=5, max=1000)])


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer"), validators=[DataRequired(), Length(max=5000)])


class CodeForm(FlaskForm):
    code = StringField(
        _l("Check-in code"),
        validators=[DataRequired(), Length(max=12)],
        description=_l("The short code shown in the room."),
    )
    mode = SelectField(
        _l("I am taking part"),
        choices=[SelectChoice(k.value, v) for k, v in ATTENDANCE_MODE_LABELS.items()],
        default="in_person",
    )


class AttendanceModeForm(FlaskForm):
    mode = SelectField(
        _l("Taking part"),
        choices=[SelectChoice(k.value, v) for k, v in ATTENDANCE_MODE_LABELS.items()],
        default="in_person",
    )


class MediaForm(FlaskForm):
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(k.value, v) for k, v in MEDIA_KIND_LABELS.items()]
    )
    expert_id = SelectField(_l("Whose session"), coerce=int, validate_choice=True)
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    url = URLField(
        _l("Link"),
        validators=[
            DataRequired(),
            URL(message=_l("Give a full web address.")),
            https_only,
            Length(max=500),
        ],
    )


class AgreementForm(FlaskForm):
    agreed = SelectField(
        _l("Expert agreed to publication"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
    )


class AllocateForm(FlaskForm):
    size = IntegerField(
        _l("Seats per table"), default=7, validators=[DataRequired(), NumberRange(min=3, max=12)]
    )
    seed = StringField(
        _l("Seed (optional)"),
        validators=[Optional(), Length(max=18)],
        description=_l("Give the same seed to repeat an allocation."),
    )


class MoveForm(FlaskForm):
    member_id = IntegerField(validators=[DataRequired()])
    table_no = IntegerField(_l("Table"), validators=[DataRequired(), NumberRange(min=1, max=99)])


class FacilitatorForm(FlaskForm):
    table_no = IntegerField(validators=[DataRequired(), NumberRange(min=1, max=99)])
    user_id = SelectField(_l("Facilitator"), coerce=int, validate_choice=True)


class ClaimForm(FlaskForm):
    member_id = SelectField(_l("Member"), coerce=int)
    sitting_id = SelectField(_l("Sitting"), coerce=int)
    description = StringField(
        _l("What for"), validators=[DataRequired(), Length(max=200)], default=""
    )
    amount = DecimalField(
        _l("Amount"), places=2, validators=[DataRequired(), NumberRange(min=0.01, max=10000)]
    )
