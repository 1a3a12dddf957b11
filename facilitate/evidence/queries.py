"""What each audience may see of the submissions, and the evidence trail of a recommendation.

Visibility is decided here, once, as SQL conditions: the public sees published submissions
whose submitters agreed to publication, members see accepted ones, organisers see everything;
names appear only where the submitter chose to be named.
"""

import enum
from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.orm import defer, selectinload

from facilitate.extensions import db
from facilitate.models import Assembly, Recommendation
from facilitate.models.evidence import (
    STANCE_LABELS,
    SUBMISSION_STATUS_LABELS,
    SUBMITTER_TYPE_LABELS,
    Campaign,
    Citation,
    Publication,
    RejectionReason,
    Submission,
    SubmissionStatus,
)

PAGE_SIZE = 25


class Audience(enum.StrEnum):
    PUBLIC = "public"
    MEMBERS = "members"
    ORGANISERS = "organisers"


@dataclass(frozen=True)
class SubmissionFilter:
    q: str = ""
    submitter_type: str = ""
    stance: str = ""
    theme: str = ""
    status: str = ""
    campaign_id: int | None = None


def visible(audience: Audience):
    """Return the SQL condition for the submissions `audience` may read."""
    if audience is Audience.PUBLIC:
        return and_(
            Submission.status == SubmissionStatus.ACCEPTED,
            Submission.published_at.is_not(None),
            Submission.publication != Publication.PRIVATE,
        )
    if audience is Audience.MEMBERS:
        return Submission.status == SubmissionStatus.ACCEPTED
    return true()


def _named():
    return Submission.publication == Publication.NAMED


def _matches(audience: Audience, q: str):
    pattern = f"%{q.lower()}%"
    names = or_(
        func.lower(Submission.organisation).like(pattern),
        func.lower(Submission.name).like(pattern),
    )
    if audience is not Audience.ORGANISERS:
        # Nobody finds an anonymous submission by its author's name.
        names = and_(_named(), names)
    number = Submission.number == int(q) if q.isdigit() else False
    return or_(func.lower(Submission.text).like(pattern), names, number)


def _conditions(assembly: Assembly, audience: Audience, criteria: SubmissionFilter) -> list:
    where = [Submission.assembly_id == assembly.id, visible(audience)]
    if criteria.q:
        where.append(_matches(audience, criteria.q))
    if criteria.submitter_type:
        where.append(Submission.submitter_type == criteria.submitter_type)
    if criteria.stance:
        where.append(Submission.stance == criteria.stance)
    if criteria.theme:
        where.append(Submission.theme == criteria.theme)
    if criteria.status and audience is Audience.ORGANISERS:
        where.append(Submission.status == criteria.status)
    if criteria.campaign_id is not None:
        where.append(Submission.campaign_id == criteria.campaign_id)
    return where


def search_submissions(
    assembly: Assembly, audience: Audience, criteria: SubmissionFilter, page: int = 1
) -> tuple:
    """Return one page of matching submissions (a Pagination) and the size of each campaign shown.

    A campaign shows as its earliest matching submission (unless one campaign is asked for).
    """
    where = _conditions(assembly, audience, criteria)
    if criteria.campaign_id is None:
        firsts = select(func.min(Submission.id)).where(*where).group_by(Submission.campaign_id)
        where.append(or_(Submission.campaign_id.is_(None), Submission.id.in_(firsts)))
    shown = db.paginate(
        select(Submission)
        .options(defer(Submission.signature))
        .where(*where)
        .order_by(Submission.number.desc()),
        page=page,
        per_page=PAGE_SIZE,
        max_per_page=PAGE_SIZE,
    )
    campaign_ids = {row.campaign_id for row in shown.items if row.campaign_id}
    sizes = dict(
        db.session.execute(
            select(Submission.campaign_id, func.count(Submission.id))
            .where(*_conditions(assembly, audience, SubmissionFilter()))
            .where(Submission.campaign_id.in_(campaign_ids))
            .group_by(Submission.campaign_id)
        ).all()
    )
    return shown, sizes


def visible_submission(assembly: Assembly, audience: Audience, **key) -> Submission | None:
    """Return the submission (by id or number) if `audience` may read it."""
    return db.session.scalar(
        select(Submission).filter_by(assembly_id=assembly.id, **key).where(visible(audience))
    )


def public_name(submission: Submission) -> str:
    """Return who is behind a submission as the public may see it ('' when not named)."""
    if submission.publication is not Publication.NAMED:
        return ""
    return submission.organisation or submission.name


@dataclass
class Summary:
    received: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    rejected_by_reason: dict[RejectionReason, int] = field(default_factory=dict)
    published: int = 0
    #: Accepted, but the submitter asked for it not to be published.
    withheld: int = 0
    campaigns: list[tuple[Campaign, int]] = field(default_factory=list)


def summary(assembly: Assembly) -> Summary:
    """Count every submission by outcome: nothing received is silently dropped."""
    result = Summary()
    base = Submission.assembly_id == assembly.id
    for status, count in db.session.execute(
        select(Submission.status, func.count()).where(base).group_by(Submission.status)
    ):
        result.by_status[status.value] = count
        result.received += count
    result.rejected_by_reason = {
        reason: count
        for reason, count in db.session.execute(
            select(Submission.reason, func.count())
            .where(base, Submission.status == SubmissionStatus.REJECTED)
            .group_by(Submission.reason)
            .order_by(func.count().desc())
        )
        if reason is not None
    }
    result.published = db.session.scalar(
        select(func.count(Submission.id)).where(base, visible(Audience.PUBLIC))
    )
    result.withheld = db.session.scalar(
        select(func.count(Submission.id)).where(
            base,
            Submission.status == SubmissionStatus.ACCEPTED,
            Submission.publication == Publication.PRIVATE,
        )
    )
    result.campaigns = campaign_sizes(assembly)
    return result


def campaign_sizes(assembly: Assembly) -> list[tuple[Campaign, int]]:
    """Return the assembly's campaigns with how many submissions each gathered, largest first."""
    rows = db.session.execute(
        select(Campaign, func.count(Submission.id))
        .join(Submission, Submission.campaign_id == Campaign.id)
        .where(Campaign.assembly_id == assembly.id)
        .group_by(Campaign.id)
        .order_by(func.count(Submission.id).desc(), Campaign.id)
    ).all()
    return [(campaign, count) for campaign, count in rows]


def campaign_representative(campaign: Campaign) -> Submission | None:
    return db.session.scalar(
        select(Submission).filter_by(campaign_id=campaign.id).order_by(Submission.id).limit(1)
    )


@dataclass
class Trail:
    """The evidence a recommendation drew on, as the public may see it."""

    #: (citation, submission) for published submissions.
    submissions: list = field(default_factory=list)
    #: Cited submissions the public may not read (not published at the submitter's request).
    withheld: int = 0
    #: Cited submissions their submitters withdrew: counted so the trail stays honest.
    withdrawn: int = 0
    materials: list = field(default_factory=list)
    sittings: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        cited = self.submissions or self.withheld or self.withdrawn
        return not (cited or self.materials or self.sittings)


def citations_of(recommendation: Recommendation) -> list[Citation]:
    """Return every citation of a recommendation (the internal view)."""
    return list(
        db.session.scalars(
            select(Citation)
            .filter_by(recommendation_id=recommendation.id)
            .options(selectinload(Citation.submission), selectinload(Citation.material))
            .order_by(Citation.id)
        )
    )


def trail_for(recommendation: Recommendation) -> Trail:
    """Return the public trail from a recommendation to its submissions, evidence and sittings."""
    trail = Trail(sittings=[s for s in recommendation.sittings if s.cancelled_at is None])
    public_ids = set(
        db.session.scalars(
            select(Submission.id)
            .join(Citation, Citation.submission_id == Submission.id)
            .where(Citation.recommendation_id == recommendation.id, visible(Audience.PUBLIC))
        )
    )
    for citation in citations_of(recommendation):
        if citation.submission_id is not None:
            if citation.submission_id in public_ids:
                trail.submissions.append((citation, citation.submission))
            elif citation.submission.status is SubmissionStatus.WITHDRAWN:
                trail.withdrawn += 1
            else:
                trail.withheld += 1
        elif citation.material is not None:
            trail.materials.append((citation, citation.material))
    return trail


def citations_of_submission(submission: Submission, user_id: int) -> list[Citation]:
    """Return where a submission is cited: recommendations, and the reader's own notes."""
    from facilitate.models.notes import Note

    return list(
        db.session.scalars(
            select(Citation)
            .outerjoin(Note, Note.id == Citation.note_id)
            .where(
                Citation.submission_id == submission.id,
                or_(Citation.note_id.is_(None), Note.author_id == user_id),
            )
            .options(selectinload(Citation.recommendation), selectinload(Citation.note))
            .order_by(Citation.id)
        )
    )


def criteria_from(args, themes=None) -> "SubmissionFilter":
    """Read the list filters from the query string, dropping values that are not ours."""
    kind = args.get("type", "")
    stance = args.get("stance", "")
    campaign = args.get("campaign", "")
    return SubmissionFilter(
        q=args.get("q", "").strip()[:100],
        submitter_type=kind if kind in SUBMITTER_TYPE_LABELS else "",
        stance=stance if stance in STANCE_LABELS else "",
        theme=args.get("theme", "")[:120],
        status=args.get("status", "") if args.get("status") in SUBMISSION_STATUS_LABELS else "",
        campaign_id=int(campaign) if campaign.isdigit() else None,
    )
