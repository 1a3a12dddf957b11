"""Forms for an assembly's settings and team."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
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
)

from facilitate import local_time
from facilitate.i18n import language_choices
from facilitate.languages.forms import working_languages_field
from facilitate.models.users import ROLE_LABELS, TEAM_ROLES

SLUG_RULE = Regexp(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    message=_l("Use lower-case letters, digits and single hyphens, e.g. climate-2027."),
)

DATE_FIELDS = (
    ("recruitment_opens_on", "recruitment_closes_on"),
    ("recruitment_closes_on", "selection_on"),
    ("selection_on", "first_sitting_on"),
    ("first_sitting_on", "last_sitting_on"),
    ("last_sitting_on", "handover_on"),
)


class AssemblyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    slug = StringField(
        _l("Short name for the address"),
        validators=[DataRequired(), Length(min=3, max=80), SLUG_RULE],
        description=_l("Appears in links, e.g. /a/climate-2027. Cannot contain spaces."),
    )
    remit = TextAreaField(
        _l("Remit"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l(
            "The question put to the assembly. Markdown: **bold**, *italic*, lists and links."
        ),
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Markdown: **bold**, *italic*, lists and links."),
    )
    language = SelectField(
        _l("Language of the assembly"),
        choices=language_choices,
        description=_l("Its texts are authoritative; translations are made from them."),
    )
    working_languages = working_languages_field()
    time_zone = SelectField(
        _l("Time zone"),
        choices=lambda: [SelectChoice(name, name) for name in local_time.zone_names()],
        default=local_time.default_zone_name,
        description=_l(
            "Sitting times and deadlines are entered and shown in it. Changing it keeps "
            "upcoming sittings at the same local time."
        ),
    )
    panel_size = IntegerField(
        _l("Panel size"),
        validators=[InputRequired(), NumberRange(min=2, max=1000)],
        description=_l("How many members will be drawn."),
    )
    recruitment_opens_on = DateField(_l("Recruitment opens"), validators=[Optional()])
    recruitment_closes_on = DateField(_l("Recruitment closes"), validators=[Optional()])
    selection_on = DateField(_l("Selection draw"), validators=[Optional()])
    first_sitting_on = DateField(_l("First sitting"), validators=[Optional()])
    last_sitting_on = DateField(_l("Last sitting"), validators=[Optional()])
    handover_on = DateField(_l("Hand-over of recommendations"), validators=[Optional()])
    invitation_only = BooleanField(_l("Registration needs a code from an invitation letter"))
    registrations_per_code = IntegerField(
        _l("People per household who may register with one code"),
        default=1,
        validators=[InputRequired(), NumberRange(min=1, max=10)],
    )
    minimum_age = IntegerField(
        _l("Minimum age"), default=16, validators=[InputRequired(), NumberRange(min=0, max=120)]
    )
    residence_area = StringField(
        _l("Residents of"),
        validators=[Optional(), Length(max=120)],
        description=_l("Registrants confirm they live here, e.g. “the German-speaking Community”."),
    )
    excluded_offices = StringField(
        _l("Offices whose holders may not take part"), validators=[Optional(), Length(max=500)]
    )
    privacy_notice = TextAreaField(
        _l("Privacy notice"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Markdown. Leave empty for the standard notice."),
    )
    privacy_notice_version = StringField(
        _l("Privacy notice version"), default="1", validators=[DataRequired(), Length(max=20)]
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for earlier, later in DATE_FIELDS:
            first, second = getattr(self, earlier), getattr(self, later)
            if first.data and second.data and second.data < first.data:
                second.errors = [
                    *second.errors,
                    _l("This date is before “%(f)s”.", f=first.label.text),
                ]
                ok = False
        return ok


class TransitionForm(FlaskForm):
    to_status = StringField(validators=[DataRequired()])


class InviteMemberForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(role.value, ROLE_LABELS[role]) for role in TEAM_ROLES],
    )
