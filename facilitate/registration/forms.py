"""The registration form, built from the assembly's own quota questions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    RadioField,
    SelectChoice,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional


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


def registration_form(assembly, formdata=None, **kwargs):
    """Build the form for `assembly`: contact, its quota questions, eligibility and consent."""

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
    return (
        RegistrationForm(formdata=formdata, **kwargs)
        if formdata is not None
        else RegistrationForm(**kwargs)
    )
