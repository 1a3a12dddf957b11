"""Forms for the council's pages."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from facilitate import local_time
from facilitate.i18n import language_choices
from facilitate.languages.forms import working_languages_field
from facilitate.models.ballots import THRESHOLD_LABELS, Threshold
from facilitate.models.council import (
    CANDIDATE_SOURCE_LABELS,
    STAFF_ROLE_LABELS,
    TOPIC_SOURCE_LABELS,
    TopicSource,
)


def parse_rules(text: str) -> dict:
    """Read "category: value share, value share" lines into quota rules; raise ValueError."""
    rules = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        category, sep, rest = line.partition(":")
        if not sep or not category.strip():
            raise ValueError(_l("Line %(n)d: write “category: value share, …”.", n=number))
        values = []
        for part in rest.split(","):
            name, _s, share = part.strip().rpartition(" ")
            try:
                values.append([name.strip(), float(share.rstrip("%"))])
            except ValueError:
                raise ValueError(
                    _l("Line %(n)d: “%(p)s” needs a value and a share.", n=number, p=part.strip())
                ) from None
            if not name.strip():
                raise ValueError(_l("Line %(n)d: a value has no name.", n=number))
        rules[category.strip()] = values
    return rules


def rules_text(rules: dict) -> str:
    """Write quota rules back as the form's lines."""
    return "\n".join(
        f"{c}: " + ", ".join(f"{v} {s:g}" for v, s in values) for c, values in rules.items()
    )


class CouncilForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Short name for the address"),
        validators=[DataRequired(), Length(max=80), Regexp(r"^[a-z0-9-]+$")],
        description=_l("Lower-case letters, digits and hyphens, e.g. buergerrat."),
    )
    description = TextAreaField(_l("Description"), description=_l("Markdown is allowed."))
    language = SelectField(
        _l("Language"),
        choices=language_choices,
        description=_l("Its texts are authoritative; translations are made from them."),
    )
    working_languages = working_languages_field()
    time_zone = SelectField(
        _l("Time zone"),
        choices=lambda: [SelectChoice(name, name) for name in local_time.zone_names()],
        default=local_time.default_zone_name,
        description=_l("Meeting dates, deadlines and draws follow this zone's days."),
    )
    seats = IntegerField(_l("Seats"), default=24, validators=[NumberRange(3, 500)])
    term_months = IntegerField(_l("Term (months)"), default=18, validators=[NumberRange(1, 120)])
    rotation_interval_months = IntegerField(
        _l("Rotation every (months)"), default=6, validators=[NumberRange(1, 120)]
    )
    allow_overstay = BooleanField(_l("Members may stay past their term when the pool is too small"))
    rules = TextAreaField(
        _l("Quota rules"),
        description=_l("One category a line with population shares: “gender: female 51, male 49”."),
    )
    quota_tolerance = IntegerField(
        _l("Tolerance (seats)"), default=1, validators=[NumberRange(0, 50)]
    )
    assemblies_per_year = IntegerField(
        _l("Assemblies a year at most"), default=3, validators=[NumberRange(1, 12)]
    )
    min_panel_size = IntegerField(_l("Smallest assembly"), default=25, validators=[NumberRange(5)])
    max_panel_size = IntegerField(_l("Largest assembly"), default=50, validators=[NumberRange(5)])
    min_meetings = IntegerField(_l("Meetings at least"), default=3, validators=[NumberRange(1, 30)])
    meeting_window_months = IntegerField(
        _l("Meetings within (months)"), default=3, validators=[NumberRange(1, 24)]
    )
    election_blackout_months = IntegerField(
        _l("No assembly this many months before an election"),
        default=6,
        validators=[NumberRange(0, 24)],
    )
    support_threshold = IntegerField(
        _l("Supporters a residents' proposal needs"), default=100, validators=[NumberRange(1)]
    )
    min_member_proposers = IntegerField(
        _l("Council members needed to propose a topic"), default=2, validators=[NumberRange(1)]
    )
    handover_within_days = IntegerField(
        _l("Hand-over within (days after the last meeting)"),
        default=30,
        validators=[NumberRange(1)],
    )
    response_within_months = IntegerField(
        _l("Response within (months after the hand-over)"), default=3, validators=[NumberRange(1)]
    )
    review_within_months = IntegerField(
        _l("Implementation review within (months after the response)"),
        default=12,
        validators=[NumberRange(1, 12)],
    )
    quorum_percent = IntegerField(
        _l("Quorum (percentage of the sitting members)"),
        default=50,
        validators=[InputRequired(), NumberRange(0, 99)],
        description=_l(
            "A ballot decides only if more than this share of the sitting members voted; "
            "abstentions count. 50 asks for a majority of the sitting members."
        ),
    )

    def validate_rules(self, field):
        try:
            self.parsed_rules = parse_rules(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def validate_max_panel_size(self, field):
        if self.min_panel_size.data and field.data and field.data < self.min_panel_size.data:
            raise ValidationError(_l("The largest assembly is smaller than the smallest."))


class CandidateForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])
    source = SelectField(
        _l("Source"), choices=[SelectChoice(k.value, v) for k, v in CANDIDATE_SOURCE_LABELS.items()]
    )
    appointed = BooleanField(_l("Appointed to the first composition (no draw)"))
    opted_in_on = DateField(_l("Agreed to serve on"), default=date.today)


class ResidentTopicForm(FlaskForm):
    title = StringField(_l("Your topic"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(
        _l("Why should an assembly take it up?"), validators=[DataRequired(), Length(max=5000)]
    )
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Your email"), validators=[DataRequired(), Email(), Length(max=254)])
    #: Bot guards: a honeypot and a signed start time.
    website = StringField(_l("Leave this empty"))
    started = HiddenField()


class SupportForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Your email"), validators=[DataRequired(), Email(), Length(max=254)])
    website = StringField(_l("Leave this empty"))
    started = HiddenField()


class OfficialTopicForm(FlaskForm):
    title = StringField(_l("Topic"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    source = SelectField(
        _l("Proposed by"),
        choices=[
            SelectChoice(s.value, TOPIC_SOURCE_LABELS[s])
            for s in (TopicSource.PARLIAMENTARY_GROUP, TopicSource.GOVERNMENT)
        ],
    )
    proposed_by = StringField(_l("Name of the group or ministry"), validators=[Length(max=200)])


class MemberTopicForm(FlaskForm):
    title = StringField(_l("Topic"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])


class MandateForm(FlaskForm):
    mandate = TextAreaField(
        _l("Mandate"),
        validators=[DataRequired(), Length(max=10000)],
        description=_l(
            "The question and frame the council gives the assembly. Markdown is allowed."
        ),
    )


class ConveneForm(FlaskForm):
    panel_size = IntegerField(_l("Panel size"), validators=[InputRequired()])
    meetings = TextAreaField(
        _l("Meeting dates"),
        validators=[DataRequired()],
        description=_l("One date a line, YYYY-MM-DD."),
    )

    def validate_meetings(self, field):
        try:
            self.dates = [date.fromisoformat(x.strip()) for x in field.data.split() if x.strip()]
        except ValueError:
            raise ValidationError(_l("Write each date as YYYY-MM-DD.")) from None


class StepForm(FlaskForm):
    held_on = DateField(_l("Held on"), validators=[DataRequired()], default=date.today)
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])


class MeetingForm(FlaskForm):
    held_on = DateField(_l("Date"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    agenda = TextAreaField(_l("Agenda"), description=_l("Markdown is allowed."))
    minutes = TextAreaField(_l("Minutes"), description=_l("Markdown is allowed."))
    minutes_published = BooleanField(_l("Publish the minutes"))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class BallotForm(FlaskForm):
    question = StringField(_l("Question"), validators=[DataRequired(), Length(max=300)])
    secret = BooleanField(_l("Secret ballot"))
    topics = MultiCheckboxField(
        _l("Topics to choose from"),
        coerce=int,
        description=_l(
            "None: a yes / no question. One: whether to take it up (yes / no). "
            "Several: members choose one. Members may always abstain."
        ),
    )
    threshold = SelectField(
        _l("Majority a yes needs"),
        choices=[SelectChoice(k.value, v) for k, v in THRESHOLD_LABELS.items()],
        default=Threshold.SIMPLE.value,
        description=_l("Of the yes and no votes; abstentions are left out. A tie decides nothing."),
    )
    meeting_id = SelectField(_l("At the meeting"), coerce=int)


class VoteForm(FlaskForm):
    option = RadioField(_l("Your vote"), validators=[InputRequired()])


class RotateForm(FlaskForm):
    held_on = DateField(_l("Date of the draw"), validators=[DataRequired()], default=date.today)


class StaffForm(FlaskForm):
    email = EmailField(_l("Email of an existing account"), validators=[DataRequired(), Email()])
    role = SelectField(
        _l("Role"), choices=[SelectChoice(k.value, v) for k, v in STAFF_ROLE_LABELS.items()]
    )


class ElectionForm(FlaskForm):
    held_on = DateField(_l("Election day"), validators=[DataRequired()])
    name = StringField(_l("Election"), validators=[Length(max=200)])


class EndTermForm(FlaskForm):
    left_on = DateField(_l("Left on"), validators=[DataRequired()], default=date.today)
    reason = StringField(_l("Reason"), validators=[Length(max=200)])
