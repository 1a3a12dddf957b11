"""The registration form: contact, the quota questions and the assembly's own, barriers; and the
organisers' forms for its questions and the support it offers."""

from flask_babel import get_locale
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
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from facilitate.i18n import language_choices
from facilitate.languages.reading import read_keyed
from facilitate.languages.services import question_sources
from facilitate.models.registration_form import (
    BARRIER_LABELS,
    QUESTION_KIND_LABELS,
    SUPPORT_LABELS,
    Barrier,
    QuestionKind,
    Support,
)
from facilitate.registration.questions import NO, YES


class ContactFields(FlaskForm):
    """What a registrant may correct later through their private link."""

    first_name = StringField(_l("First name"), validators=[DataRequired(), Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[DataRequired(), Length(max=100)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    phone = TelField(
        _l("Phone (optional)"),
        validators=[Optional(), Length(max=40)],
        description=_l("Most organisers confirm places by phone."),
    )
    address = StringField(_l("Street and number"), validators=[DataRequired(), Length(max=300)])
    postcode = StringField(_l("Postcode"), validators=[DataRequired(), Length(max=20)])
    available = BooleanField(_l("I can attend all the dates of the assembly."))
    availability_note = StringField(
        _l("If not, which dates can you not attend?"), validators=[Optional(), Length(max=500)]
    )
    needs_access = BooleanField(_l("I need step-free access or other access support."))
    needs_childcare = BooleanField(_l("I need childcare to take part."))
    needs_interpreting = StringField(
        _l("Interpreting: which language, if any?"), validators=[Optional(), Length(max=80)]
    )
    dietary = StringField(_l("Dietary needs"), validators=[Optional(), Length(max=200)])
    other_needs = TextAreaField(
        _l("Anything else we should know?"), validators=[Optional(), Length(max=500)]
    )


class WithdrawForm(FlaskForm):
    confirm = BooleanField(_l("Yes, withdraw my registration."), validators=[DataRequired()])


#: The barriers offered as checkboxes; OTHER is the free text beside them.
BARRIER_BOXES = tuple(kind for kind in Barrier if kind is not Barrier.OTHER)


def _question_field(question, texts):
    required = question.required
    check = [InputRequired(_l("Please answer this question."))] if required else [Optional()]
    wording = texts.of("question", question.id, "label", question.label)
    label = wording if required else _l("%(q)s (optional)", q=wording)
    if question.kind is QuestionKind.TEXT:
        return StringField(label, validators=[*check, Length(max=500)])
    if question.kind is QuestionKind.YES_NO:
        choices = [SelectChoice(YES, _l("Yes")), SelectChoice(NO, _l("No"))]
    else:
        # The answer is kept in the authoritative wording, whatever language it was read in.
        translated = texts.of("question", question.id, "options", question.options).splitlines()
        shown = [line.strip() for line in translated if line.strip()]
        if len(shown) != len(question.choices):
            shown = question.choices
        choices = [
            SelectChoice(option, label)
            for option, label in zip(question.choices, shown, strict=True)
        ]
    return RadioField(label, choices=choices, validators=check)


def registration_form(assembly, formdata=None, *, staff=False, **kwargs):
    """Build the form for `assembly`: contact, its quota and own questions, the barriers to
    taking part, eligibility and consent. Staff taking a phone or paper response may leave
    the e-mail out."""

    class RegistrationForm(ContactFields):
        date_of_birth = DateField(_l("Date of birth"), validators=[InputRequired()])
        code = StringField(
            _l("Code from your invitation letter"),
            validators=[DataRequired() if assembly.invitation_only else Optional(), Length(max=20)],
        )
        consent = BooleanField(
            _l(
                "I have read the privacy notice and agree that my data is used to run this assembly."
            ),
            validators=[DataRequired(_l("Please agree to the privacy notice to register."))],
        )
        # Filled in by bots only; hidden from people and assistive technology.
        website = StringField(_l("Leave this empty"))
        started = HiddenField()
        barrier_note = TextAreaField(
            _l("Anything else that would make it hard?"), validators=[Optional(), Length(max=500)]
        )

    for kind in BARRIER_BOXES:
        setattr(RegistrationForm, f"barrier_{kind.value}", BooleanField(BARRIER_LABELS[kind]))
    if staff:
        RegistrationForm.email = EmailField(
            _l("Email (optional)"), validators=[Optional(), Email(), Length(max=254)]
        )
        RegistrationForm.language = SelectField(
            _l("Language to write to them in"),
            choices=language_choices(),
            default=assembly.language,
        )
        RegistrationForm.consent = BooleanField(
            _l("The person has been told about the privacy notice and agrees to it."),
            validators=[DataRequired(_l("The person must agree to the privacy notice."))],
        )

    if assembly.residence_area:
        RegistrationForm.resident = BooleanField(
            _l("I live in %(area)s.", area=assembly.residence_area)
        )
    if assembly.excluded_offices:
        RegistrationForm.no_office = BooleanField(
            _l("I do not hold any of these offices: %(o)s", o=assembly.excluded_offices)
        )
    for category in assembly.categories:
        setattr(
            RegistrationForm,
            f"category_{category.id}",
            RadioField(
                category.name,
                choices=[SelectChoice(str(v.id), v.name) for v in category.values],
                validators=[InputRequired(_l("Please choose one."))],
            ),
        )
    texts = read_keyed(assembly, question_sources(assembly), str(get_locale()))
    for question in assembly.registration_questions:
        setattr(RegistrationForm, f"question_{question.id}", _question_field(question, texts))
    return (
        RegistrationForm(formdata=formdata, **kwargs)
        if formdata is not None
        else RegistrationForm(**kwargs)
    )


def form_values(form, assembly) -> dict:
    """Return what the service needs from a validated registration form, as plain values."""
    data = {name: field.data for name, field in form._fields.items()}
    data["answers"] = {c.id: int(form[f"category_{c.id}"].data) for c in assembly.categories}
    data["question_answers"] = {
        q.id: form[f"question_{q.id}"].data or "" for q in assembly.registration_questions
    }
    barriers = {kind: "" for kind in BARRIER_BOXES if form[f"barrier_{kind.value}"].data}
    if (form.barrier_note.data or "").strip():
        barriers[Barrier.OTHER] = form.barrier_note.data
    data["barriers"] = barriers
    # Online, the page's language is the one they chose to read; staff pick it on the form.
    data.setdefault("language", str(get_locale()))
    return data


class QuestionForm(FlaskForm):
    """An organiser adds a question of the assembly's own."""

    label = StringField(_l("Question"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Kind of answer"),
        choices=[SelectChoice(kind.value, label) for kind, label in QUESTION_KIND_LABELS.items()],
    )
    options = TextAreaField(
        _l("Options"),
        validators=[Optional(), Length(max=2000)],
        description=_l("For a choice: one option per line."),
    )
    required = BooleanField(_l("An answer is required"))


class EditQuestionForm(FlaskForm):
    """An organiser changes a question's wording, options, requirement or place."""

    label = StringField(_l("Question"), validators=[DataRequired(), Length(max=200)])
    options = TextAreaField(
        _l("Options"),
        validators=[Optional(), Length(max=2000)],
        description=_l("For a choice: one option per line."),
    )
    required = BooleanField(_l("An answer is required"))
    position = IntegerField(
        _l("Place on the form"), validators=[InputRequired(), NumberRange(min=1, max=100)]
    )


def support_form(offered: dict[Support, str], formdata=None):
    """Build the form in which organisers tick the support offered, each with a note."""

    class SupportForm(FlaskForm):
        pass

    for kind, label in SUPPORT_LABELS.items():
        setattr(SupportForm, f"offer_{kind.value}", BooleanField(label, default=kind in offered))
        setattr(
            SupportForm,
            f"note_{kind.value}",
            StringField(
                _l("Note"),
                default=offered.get(kind, ""),
                validators=[Optional(), Length(max=200)],
            ),
        )
    return SupportForm(formdata=formdata) if formdata is not None else SupportForm()


def offers_from(form) -> dict[Support, str]:
    """Return the support ticked in `form`, with its notes."""
    return {
        kind: form[f"note_{kind.value}"].data or ""
        for kind in Support
        if form[f"offer_{kind.value}"].data
    }
