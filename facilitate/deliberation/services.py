"""Draft, amend, edit, merge, finalise and withdraw recommendations. Flush, never commit."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from facilitate.extensions import db
from facilitate.models import (
    Assembly,
    Recommendation,
    RecommendationStatus,
    RecommendationVersion,
    Sitting,
)
from facilitate.models.recommendations import Amendment, AmendmentStatus, RecommendationEvent
from facilitate.refusals import Refused

OPEN = (RecommendationStatus.DRAFT, RecommendationStatus.FINAL)


class DraftingError(Refused):
    """A refusal with a message fit to show the user."""


def _next_number(assembly: Assembly) -> int:
    highest = db.session.scalar(
        db.select(db.func.max(Recommendation.number)).filter_by(assembly_id=assembly.id)
    )
    return (highest or 0) + 1


def _sittings(assembly: Assembly, sitting_ids: list[int]) -> list[Sitting]:
    if not sitting_ids:
        return []
    return list(
        db.session.scalars(
            db.select(Sitting).filter(
                Sitting.assembly_id == assembly.id, Sitting.id.in_(sitting_ids)
            )
        )
    )


def _event(recommendation: Recommendation, kind: str, note: str, user) -> None:
    recommendation.events.append(
        RecommendationEvent(kind=kind, note=note[:2000], user_id=user.id if user else None)
    )


def draft_recommendation(
    assembly: Assembly,
    user,
    title: str,
    text: str,
    rationale: str,
    table_number: int | None,
    sitting_ids: list[int],
    evidence: str,
) -> Recommendation:
    """Create a recommendation with its first version."""
    recommendation = Recommendation(
        assembly_id=assembly.id,
        number=_next_number(assembly),
        table_number=table_number,
        created_by_id=user.id,
        evidence=evidence.strip(),
    )
    recommendation.sittings = _sittings(assembly, sitting_ids)
    recommendation.versions = [
        RecommendationVersion(
            number=1,
            title=title.strip(),
            text=text.strip(),
            rationale=rationale.strip(),
            change_note=str(_l("Drafted")),
            created_by_id=user.id,
        )
    ]
    _event(recommendation, "drafted", "", user)
    db.session.add(recommendation)
    db.session.flush()
    return recommendation


def _add_version(recommendation, user, title, text, rationale, note) -> RecommendationVersion:
    current = recommendation.current
    if (title.strip(), text.strip(), rationale.strip()) == (
        current.title,
        current.text,
        current.rationale,
    ):
        raise DraftingError(_l("Nothing changed: the text is the same as the current version."))
    version = RecommendationVersion(
        number=current.number + 1,
        title=title.strip(),
        text=text.strip(),
        rationale=rationale.strip(),
        change_note=note[:300],
        created_by_id=user.id,
    )
    recommendation.versions.append(version)
    return version


def _require_open(recommendation: Recommendation) -> None:
    if recommendation.status not in OPEN:
        raise DraftingError(_l("This recommendation was merged or withdrawn; it cannot change."))


def edit_recommendation(
    recommendation, user, title, text, rationale, note, sitting_ids, evidence
) -> RecommendationVersion:
    """Save a new version written directly by the author or a facilitator."""
    _require_open(recommendation)
    assembly = db.session.get(Assembly, recommendation.assembly_id)
    version = _add_version(
        recommendation, user, title, text, rationale, note.strip() or str(_l("Edited"))
    )
    recommendation.sittings = _sittings(assembly, sitting_ids)
    recommendation.evidence = evidence.strip()
    _event(recommendation, "edited", version.change_note, user)
    db.session.flush()
    return version


def propose_amendment(recommendation, user, title, text, rationale, reason) -> Amendment:
    """Propose new wording for the drafting table or the plenary to decide on."""
    _require_open(recommendation)
    current = recommendation.current
    if (title.strip(), text.strip(), rationale.strip()) == (
        current.title,
        current.text,
        current.rationale,
    ):
        raise DraftingError(_l("Nothing changed: the text is the same as the current version."))
    amendment = Amendment(
        recommendation=recommendation,
        base_version=current.number,
        title=title.strip(),
        text=text.strip(),
        rationale=rationale.strip(),
        reason=reason.strip(),
        proposed_by_id=user.id,
    )
    db.session.add(amendment)
    db.session.flush()
    return amendment


def decide_amendment(
    amendment: Amendment, user, accept: bool, body: str, note: str, now: datetime
) -> RecommendationVersion | None:
    """Record the table's or plenary's decision; an accepted amendment becomes a version."""
    recommendation = amendment.recommendation
    _require_open(recommendation)
    if amendment.status != AmendmentStatus.PROPOSED:
        raise DraftingError(_l("This amendment has already been decided."))
    if body not in ("table", "plenary"):
        raise DraftingError(_l("Say whether the drafting table or the plenary decided."))
    amendment.status = AmendmentStatus.ACCEPTED if accept else AmendmentStatus.REJECTED
    amendment.decided_by_body = body
    amendment.decision_note = note.strip()
    amendment.decided_by_id = user.id
    amendment.decided_at = now
    version = None
    label = str(_l("Amendment %(n)d", n=amendment.id))
    if accept:
        version = _add_version(
            recommendation,
            user,
            amendment.title,
            amendment.text,
            amendment.rationale,
            str(_l("%(a)s accepted", a=label)),
        )
    _event(recommendation, "amendment_accepted" if accept else "amendment_rejected", label, user)
    db.session.flush()
    return version


def merge_recommendation(source: Recommendation, target: Recommendation, user, note: str) -> None:
    """Fold `source` into `target`; both keep their history and point at each other."""
    _require_open(source)
    _require_open(target)
    if source.id == target.id or source.assembly_id != target.assembly_id:
        raise DraftingError(_l("Choose another recommendation of this assembly to merge into."))
    source.status = RecommendationStatus.MERGED
    source.merged_into_id = target.id
    _event(
        source, "merged", str(_l("Merged into %(n)d. %(note)s", n=target.number, note=note)), user
    )
    _event(target, "absorbed", str(_l("Took in %(n)d. %(note)s", n=source.number, note=note)), user)
    for sitting in source.sittings:
        if sitting not in target.sittings:
            target.sittings.append(sitting)
    db.session.flush()


def withdraw_recommendation(recommendation: Recommendation, user, reason: str) -> None:
    """Withdraw a recommendation, saying why; its history stays visible."""
    _require_open(recommendation)
    if not reason.strip():
        raise DraftingError(_l("Say why the recommendation is withdrawn."))
    recommendation.status = RecommendationStatus.WITHDRAWN
    _event(recommendation, "withdrawn", reason.strip(), user)
    db.session.flush()


def finalise_recommendation(recommendation: Recommendation, user) -> None:
    """Mark a draft as the table's final text, ready for the vote."""
    if recommendation.status != RecommendationStatus.DRAFT:
        raise DraftingError(_l("Only a draft can be marked final."))
    recommendation.status = RecommendationStatus.FINAL
    _event(recommendation, "final", "", user)
    db.session.flush()
