"""Forms for submissions, moderation, citations, settings, import and the register."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from facilitate.models.evidence import (
    APPROACH_CHANNEL_LABELS,
    PUBLICATION_LABELS,
    REJECTION_REASON_LABELS,
    STANCE_LABELS,
    SUBMITTER_TYPE_LABELS,
)


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in labels.items()]


#: A long submission is welcome; a book is better attached as a document.
MAX_TEXT = 50_000


class SubmissionForm(FlaskForm):
    submitter_type = RadioField(
        _l("Who is submitting?"),
        choices=_choices(SUBMITTER_TYPE_LABELS),
        default="individual",
        validators=[InputRequired(_l("Please choose one."))],
    )
    name = StringField(_l("Your name"), validators=[Optional(), Length(max=200)])
    email = EmailField(
        _l("Email (optional)"),
        validators=[Optional(), Email(), Length(max=254)],
        description=_l("Only to confirm we received it; never published."),
    )
    organisation = StringField(
        _l("Name of the organisation"), validators=[Optional(), Length(max=200)]
    )
    funding = TextAreaField(
        _l("Who funds the organisation?"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Main funders, members or owners, so readers can weigh the evidence."),
    )
    lobbies = RadioField(
        _l("Does the organisation lobby on this topic?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[Optional()],
    )
    theme = SelectField(_l("Theme (optional)"), choices=[], validators=[Optional()])
    stance = SelectField(
        _l("Your position (optional)"),
        choices=[SelectChoice("", _l("Not stated")), *_choices(STANCE_LABELS)],
        validators=[Optional()],
    )
    text = TextAreaField(
        _l("Your submission"),
        validators=[Optional(), Length(max=MAX_TEXT)],
        description=_l("Plain text; you may use Markdown for headings, lists and links."),
    )
    document = FileField(_l("Attach a document (optional)"))
    publication = RadioField(
        _l("May we publish it?"),
        choices=_choices(PUBLICATION_LABELS),
        validators=[InputRequired(_l("Please choose whether we may publish it."))],
    )
    privacy = BooleanField(
        _l("I agree that the assembly keeps my submission and the details above to consider it."),
        validators=[DataRequired(_l("Please agree so that we can consider your submission."))],
    )
    # Filled in by bots only; hidden from people and assistive technology.
    website = StringField(_l("Leave this empty"))
    started = HiddenField()


class ModerationForm(FlaskForm):
    reason = SelectField(
        _l("Reason"),
        choices=[SelectChoice("", _l("Choose a reason")), *_choices(REJECTION_REASON_LABELS)],
        validators=[Optional()],
    )
    duplicate_of = IntegerField(
        _l("Repeats submission number"), validators=[Optional(), NumberRange(min=1)]
    )
    note = TextAreaField(_l("Note for the organisers (optional)"), validators=[Length(max=2000)])


class CampaignForm(FlaskForm):
    label = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    reason = SelectField(
        _l("Reason"),
        choices=[SelectChoice("", _l("Choose a reason")), *_choices(REJECTION_REASON_LABELS)],
        validators=[Optional()],
    )


class CiteForm(FlaskForm):
    """Cite this submission in a recommendation ("r<id>") or one of my notes ("n<id>")."""

    target = SelectField(
        _l("Cite it in"), validators=[DataRequired(_l("Choose where to cite it."))]
    )
    comment = StringField(
        _l("How it informed the text (optional)"), validators=[Optional(), Length(max=300)]
    )


class CiteInRecommendationForm(FlaskForm):
    submission_number = IntegerField(
        _l("Submission number"), validators=[Optional(), NumberRange(min=1)]
    )
    material_id = SelectField(
        _l("Or an item of the evidence library"), choices=[], validate_choice=False
    )
    comment = StringField(
        _l("How it informed the text (optional)"), validators=[Optional(), Length(max=300)]
    )


class SettingsForm(FlaskForm):
    accepting = BooleanField(_l("Take public submissions"))
    closes_on = DateField(_l("Last day for submissions (optional)"), validators=[Optional()])
    themes = TextAreaField(
        _l("Themes, one per line"),
        validators=[Optional(), Length(max=4000)],
        description=_l("Submitters and members choose from these."),
    )


class ImportForm(FlaskForm):
    file = FileField(_l("CSV or XLSX file"), validators=[FileRequired(_l("Choose a file."))])


class ApproachForm(FlaskForm):
    occurred_on = DateField(_l("When"), validators=[InputRequired(_l("Give the date."))])
    channel = SelectField(_l("How"), choices=_choices(APPROACH_CHANNEL_LABELS))
    organisation = StringField(
        _l("Organisation that made contact"),
        validators=[DataRequired(_l("Name the organisation.")), Length(max=200)],
    )
    representative = StringField(
        _l("Its representative (name and function)"), validators=[Optional(), Length(max=200)]
    )
    on_behalf_of = StringField(
        _l("On behalf of (if an agency acted for a client)"),
        validators=[Optional(), Length(max=200)],
    )
    subject = TextAreaField(
        _l("About what"), validators=[DataRequired(_l("Say what it was about.")), Length(max=4000)]
    )
    is_meeting = BooleanField(_l("This was a meeting the organisers held with an interest group"))
