"""The form that corrects quota answers: the person's own, or an organiser's with a reason."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional


def correction_form(assembly, registrant, *, by_registrant: bool):
    """Build the form with the assembly's questions, filled in with the current answers."""
    answered = {a.category_id: str(a.value_id) for a in registrant.answers}

    class CorrectionForm(FlaskForm):
        date_of_birth = DateField(
            _l("Date of birth"),
            validators=[InputRequired()] if by_registrant else [Optional()],
            default=registrant.date_of_birth,
        )

    if not by_registrant:
        CorrectionForm.postcode = StringField(
            _l("Postcode"), validators=[Optional(), Length(max=20)], default=registrant.postcode
        )
        CorrectionForm.reason = TextAreaField(
            _l("Reason"),
            validators=[DataRequired(_l("Say why the answers are corrected.")), Length(max=500)],
            description=_l(
                "Kept with the correction and in the audit log: state the fact, not more "
                "personal details than it needs."
            ),
        )
    field_type = RadioField if by_registrant else SelectField
    for category in assembly.categories:
        setattr(
            CorrectionForm,
            f"category_{category.id}",
            field_type(
                category.name,
                choices=[SelectChoice(str(v.id), v.name) for v in category.values],
                validators=[InputRequired(_l("Please choose one."))],
                default=answered.get(category.id),
            ),
        )
    return CorrectionForm()


def requested_changes(form, assembly, *, by_registrant: bool) -> dict:
    """Read the form into the plain changes `corrections.correct_answers` takes."""
    changes = {
        "answers": {c.id: int(form[f"category_{c.id}"].data) for c in assembly.categories},
    }
    if form.date_of_birth.data is not None:
        changes["date_of_birth"] = form.date_of_birth.data
    if not by_registrant:
        changes["postcode"] = form.postcode.data or ""
    return changes


class PostcodeTableForm(FlaskForm):
    file = FileField(
        _l("Postcode table (CSV or XLSX)"),
        validators=[FileRequired()],
        description=_l(
            "Two columns named postcode and area, one postcode (or its first part) per line."
        ),
    )
