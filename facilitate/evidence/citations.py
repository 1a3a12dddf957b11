"""Link recommendations and notes to the evidence they drew on (services: flush, never commit)."""

from flask_babel import gettext as _
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import Recommendation, User
from facilitate.models.evidence import Citation, Submission, SubmissionStatus
from facilitate.models.notes import Note
from facilitate.models.sittings_content import Material
from facilitate.refusals import Refused


class CitationRefused(Refused):
    """The citation cannot be made as given; the message says why."""


def cite_evidence(
    user: User,
    comment: str,
    submission: Submission | None = None,
    material: Material | None = None,
    recommendation: Recommendation | None = None,
    note: Note | None = None,
) -> Citation:
    """Record that a recommendation or a note draws on a submission or an item of evidence."""
    source = recommendation or note
    target = submission or material
    if source is None:
        raise CitationRefused(_("Choose the recommendation or note that draws on it."))
    if target is None:
        raise CitationRefused(_("Choose the evidence it draws on."))
    if target.assembly_id != source.assembly_id:
        raise CitationRefused(_("Evidence can only be cited within its own assembly."))
    if submission is not None and submission.status is not SubmissionStatus.ACCEPTED:
        raise CitationRefused(_("Only accepted submissions can be cited."))
    if note is not None and note.author_id != user.id:
        raise CitationRefused(_("You can only cite evidence in your own notes."))
    existing = db.session.scalar(
        select(Citation).filter_by(
            recommendation_id=recommendation.id if recommendation else None,
            note_id=note.id if note else None,
            submission_id=submission.id if submission else None,
            material_id=material.id if material else None,
        )
    )
    if existing is not None:
        raise CitationRefused(_("This is already cited there."))
    made = Citation(
        assembly_id=source.assembly_id,
        recommendation_id=recommendation.id if recommendation else None,
        note_id=note.id if note else None,
        submission_id=submission.id if submission else None,
        material_id=material.id if material else None,
        comment=comment.strip()[:300],
        created_by_id=user.id,
    )
    db.session.add(made)
    db.session.flush()
    return made


def remove_citation(citation: Citation) -> None:
    """Withdraw a citation made by mistake."""
    db.session.delete(citation)
    db.session.flush()
