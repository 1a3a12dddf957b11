"""Submissions, campaigns, citations and register entries of assembly `b`, and their factories."""

from datetime import date

from sqlalchemy import select

from facilitate.evidence import services
from facilitate.extensions import db
from facilitate.models import Membership, Recommendation, RecommendationVersion, Role, User
from facilitate.models.evidence import (
    Approach,
    ApproachChannel,
    Campaign,
    Citation,
    Publication,
    SubmissionStatus,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submission(assembly, text="Schools lose heat through old windows.", **fields):
    """Record a submission through the service (pending unless `status` is given)."""
    return submission_and_link(assembly, text, **fields)[0]


def submission_and_link(assembly, text="Schools lose heat through old windows.", **fields):
    """Like `submission`, and also return the token of the submitter's private link."""
    status = fields.pop("status", SubmissionStatus.PENDING)
    published = fields.pop("published", False)
    data = {
        "submitter_type": "individual",
        "publication": Publication.NAMED.value,
        "text": text,
        **fields,
    }
    made, token = services.submit_evidence(assembly, data)
    made.status = status
    if published:
        from facilitate.models.base import utcnow

        made.published_at = utcnow()
    db.session.commit()
    return made, token


def open_submissions(assembly, themes="Heating\nTransport"):
    services.update_settings(assembly, True, None, themes)
    db.session.commit()


def extend(b, values: dict) -> None:
    member_b = db.session.scalar(
        select(User)
        .join(Membership)
        .filter(Membership.assembly_id == b.id, Membership.role == Role.MEMBER)
    )
    accepted, token = submission_and_link(
        b,
        status=SubmissionStatus.ACCEPTED,
        document=("evidence.pdf", "application/pdf", PDF),
    )
    campaign = Campaign(assembly_id=b.id, label="Campaign 1")
    db.session.add(campaign)
    db.session.flush()
    accepted.campaign_id = campaign.id
    rec = Recommendation(assembly_id=b.id, number=90)
    rec.versions = [RecommendationVersion(number=1, title="Insulate", text="Insulate.")]
    db.session.add(rec)
    db.session.flush()
    citation = Citation(
        assembly_id=b.id,
        recommendation_id=rec.id,
        submission_id=accepted.id,
        created_by_id=member_b.id if member_b else None,
    )
    approach = Approach(
        assembly_id=b.id,
        occurred_on=date(2027, 1, 5),
        channel=ApproachChannel.EMAIL,
        organisation="Heat Pumps Ltd",
        subject="Asked to present",
        reported_by_id=member_b.id if member_b else None,
        reporter_role=Role.MEMBER.value,
    )
    db.session.add_all([citation, approach])
    db.session.commit()
    values.update(
        submission_id=accepted.id,
        submission_number=accepted.number,
        campaign_id=campaign.id,
        citation_id=citation.id,
        approach_id=approach.id,
        recommendation_number=rec.number,
        submission_token=token,
    )
