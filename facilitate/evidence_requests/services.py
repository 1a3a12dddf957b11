"""Propose, support, answer and publish members' evidence requests. Functions flush; the view
commits."""

import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import Assembly, Member, User
from facilitate.models.base import utcnow
from facilitate.models.evidence_requests import (
    EvidenceRequest,
    EvidenceRequestSupport,
    RequestKind,
    RequestStatus,
)
from facilitate.refusals import Refused

TEXT_LENGTH = 1000
ANSWER_LENGTH = 2000


class RequestRefused(Refused):
    """An evidence request action refused, with reasons fit to show."""


def _plain(text: str, limit: int) -> str:
    """Return the text without control characters (bar line breaks), or refuse it."""
    # Escaping happens at display; this keeps invisible and direction-changing characters out.
    kept = "".join(
        c for c in text if c in "\n\t" or not unicodedata.category(c).startswith("C")
    ).strip()
    if not kept or len(kept) > limit:
        raise RequestRefused(_l("Write between 1 and %(limit)d characters.", limit=limit))
    return kept


def propose_request(assembly: Assembly, member: Member, kind: str, text: str) -> EvidenceRequest:
    """Record a member's request, supported by its author from the start."""
    if member is None or member.assembly_id != assembly.id:
        raise RequestRefused(_l("Only the assembly's members can propose."))
    if kind not in {k.value for k in RequestKind}:
        raise RequestRefused(_l("Choose what you would like to hear."))
    made = EvidenceRequest(
        assembly_id=assembly.id,
        kind=RequestKind(kind),
        text=_plain(text, TEXT_LENGTH),
        created_by_id=member.id,
    )
    made.supports.append(EvidenceRequestSupport(member_id=member.id))
    db.session.add(made)
    db.session.flush()
    return made


def support_request(request: EvidenceRequest, member: Member) -> None:
    """Add the member's support; supporting again changes nothing."""
    if member is None or member.assembly_id != request.assembly_id:
        raise RequestRefused(_l("Only the assembly's members can support a request."))
    if is_supporting(request, member):
        return
    # The unique (request, member) settles a race: the loser's savepoint rolls back, nothing else.
    try:
        with db.session.begin_nested():
            db.session.add(EvidenceRequestSupport(request_id=request.id, member_id=member.id))
    except IntegrityError:
        pass


def withdraw_support(request: EvidenceRequest, member: Member) -> None:
    """Remove the member's support, if given."""
    db.session.execute(
        db.delete(EvidenceRequestSupport).filter_by(request_id=request.id, member_id=member.id)
    )


def is_supporting(request: EvidenceRequest, member: Member | None) -> bool:
    """Tell whether the member supports the request."""
    if member is None:
        return False
    found = select(EvidenceRequestSupport.id).filter_by(request_id=request.id, member_id=member.id)
    return db.session.scalar(found) is not None


def answer_request(
    request: EvidenceRequest, status: str, answer: str, planned_on: date | None, actor: User
) -> None:
    """Accept a request with the date it will be heard, or decline it saying why."""
    if status not in (RequestStatus.ACCEPTED.value, RequestStatus.DECLINED.value):
        raise RequestRefused(_l("Accept or decline the request."))
    if status == RequestStatus.ACCEPTED and planned_on is None:
        raise RequestRefused(_l("Give the date it will be heard."))
    before = {"status": request.status.value, "answer": request.answer}
    request.status = RequestStatus(status)
    request.answer = _plain(answer, ANSWER_LENGTH)
    request.planned_on = planned_on if status == RequestStatus.ACCEPTED else None
    request.answered_at = utcnow()
    request.answered_by_id = actor.id if actor else None
    db.session.flush()
    after = {"status": request.status.value, "answer": request.answer}
    record_action(
        actor,
        "evidence_request.answer",
        request.assembly_id,
        f"evidence_request:{request.id}",
        before=before,
        after=after,
    )


def publish_request(request: EvidenceRequest, published: bool, actor: User) -> None:
    """Show an answered request on the public page, or take it off."""
    if published and request.status == RequestStatus.OPEN:
        raise RequestRefused(_l("Answer the request before publishing it."))
    request.published = published
    db.session.flush()
    action = "evidence_request.publish" if published else "evidence_request.unpublish"
    record_action(actor, action, request.assembly_id, f"evidence_request:{request.id}")


def support_counts(assembly: Assembly) -> dict[int, int]:
    """Return the number of supporters of each request of the assembly."""
    rows = db.session.execute(
        select(EvidenceRequestSupport.request_id, func.count(EvidenceRequestSupport.id))
        .join(EvidenceRequest)
        .filter(EvidenceRequest.assembly_id == assembly.id)
        .group_by(EvidenceRequestSupport.request_id)
    )
    return dict(rows.all())


def requests_of(assembly: Assembly, *, public: bool = False) -> list[EvidenceRequest]:
    """Return the assembly's requests, newest first; only the published ones for the public."""
    query = select(EvidenceRequest).filter_by(assembly_id=assembly.id)
    if public:
        query = query.filter_by(published=True)
    return list(db.session.scalars(query.order_by(EvidenceRequest.id.desc())))


def supported_by(assembly: Assembly, member: Member | None) -> set[int]:
    """Return the ids of the assembly's requests this member supports."""
    if member is None:
        return set()
    return set(
        db.session.scalars(
            select(EvidenceRequestSupport.request_id)
            .join(EvidenceRequest)
            .filter(
                EvidenceRequest.assembly_id == assembly.id,
                EvidenceRequestSupport.member_id == member.id,
            )
        )
    )
