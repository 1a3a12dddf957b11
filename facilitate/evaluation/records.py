"""Gather an assembly's process records from each area's own queries, as plain values.

Nothing here names a person: counts, references and labels only. Each area's query is
reused as it is; this module only keeps what an evaluator may read of its answer.
"""

import re

from sqlalchemy import select

from facilitate.ballots import queries as ballot_queries
from facilitate.evidence import queries as evidence_queries
from facilitate.experts.services import balance
from facilitate.extensions import db
from facilitate.models import Assembly, Membership, User
from facilitate.models.audit import AuditEntry
from facilitate.public.queries import panel_composition, recruitment_counts
from facilitate.sittings.services import attendance_matrix
from facilitate.surveys import queries as survey_queries

#: Audit targets whose value is a reference (a number or a pool reference), safe to show.
#: Any other target (an address, a file name, an account) shows its kind alone.
REFERENCE_TARGET = re.compile(
    r"^(registrants?|run|assembly|council|ballot|survey|sitting|template|seat|topic)"
    r":[A-Za-z0-9_,./-]{0,120}$"
)

#: How many audit entries the page and the downloads carry, newest first.
AUDIT_LIMIT = 500


def gather_records(assembly: Assembly, language: str, fallback: str) -> dict:
    """Return every process record an evaluator reads, as JSON-ready plain values."""
    return {
        "assembly": {"slug": assembly.slug, "title": assembly.title},
        "recruitment": recruitment_counts(assembly),
        "composition": panel_composition(assembly),
        "attendance": _attendance(assembly),
        "expert_balance": _expert_balance(assembly),
        "evidence": _evidence(assembly),
        "surveys": _surveys(assembly, language, fallback),
        "ballots": _ballots(assembly),
        "audit": _audit(assembly),
    }


def _attendance(assembly: Assembly) -> list[dict]:
    sittings, members, _present, per_sitting = attendance_matrix(assembly)
    return [
        {
            "sitting_id": s.id,
            "title": s.title,
            "starts_at": s.starts_at.isoformat(),
            "present": per_sitting[s.id],
            "panel": len(members),
        }
        for s in sittings
    ]


def _expert_balance(assembly: Assembly) -> list[dict]:
    sittings, _members, _present, _counts = attendance_matrix(assembly)
    rows = []
    for topic, audiences in balance(assembly, sittings)["topics"].items():
        for audience, (counts, one_sided) in audiences.items():
            rows.append(
                {
                    "topic": topic,
                    "audience": audience,
                    "perspectives": dict(sorted(counts.items())),
                    "one_sided": one_sided,
                }
            )
    return rows


def _evidence(assembly: Assembly) -> dict:
    summary = evidence_queries.summary(assembly)
    return {
        "received": summary.received,
        "by_status": dict(sorted(summary.by_status.items())),
        "rejected_by_reason": {
            reason.value: count for reason, count in summary.rejected_by_reason.items()
        },
        "published": summary.published,
        "withheld": summary.withheld,
        # Sizes only: a campaign's name may be its organiser's.
        "campaign_sizes": [size for _campaign, size in summary.campaigns],
    }


def _surveys(assembly: Assembly, language: str, fallback: str) -> list[dict]:
    surveys = []
    for survey in survey_queries.surveys_of(assembly, manage=False):
        # moderator=False: free text shows only once approved, as members see it.
        result = survey_queries.results(survey, language, fallback, moderator=False)
        surveys.append(
            {
                "survey_id": survey.id,
                "title": survey.title,
                "status": survey.status.value,
                "answered": result["rate"]["answered"],
                "eligible": result["rate"]["eligible"],
                "shown": result["shown"],
                "questions": [_question(entry) for entry in result["questions"]],
            }
        )
    return surveys


def _question(entry: dict) -> dict:
    question = {"text": entry["text"], "kind": entry["question"].kind.value}
    if "bars" in entry:
        question.update(
            counts={value: n for value, n in entry["bars"]},
            total=entry["total"],
            mean=round(entry["mean"], 2),
        )
    else:
        question["approved_answers"] = [answer.text for answer in entry["answers"]]
    return question


def _ballots(assembly: Assembly) -> list[dict]:
    rows = []
    for ballot in reversed(ballot_queries.ballots_of(assembly)):
        for item in ballot.items:
            voters = ballot_queries.voter_count(item)
            eligible = item.eligible_count
            rows.append(
                {
                    "ballot_id": ballot.id,
                    "ballot": ballot.title,
                    "item": item.position,
                    "title": item.title,
                    "status": item.status.value,
                    "voters": voters,
                    "eligible": eligible,
                    "turnout": round(100 * voters / eligible, 1) if eligible else None,
                }
            )
    return rows


def _audit(assembly: Assembly) -> list[dict]:
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.assembly_id == assembly.id)
        .order_by(AuditEntry.seq.desc())
        .limit(AUDIT_LIMIT)
    ).all()
    roles = _actor_roles(assembly, {e.actor_id for e in entries if e.actor_id})
    # No e-mail, no before/after (they may hold a registrant's fields): role and reference.
    return [
        {
            "seq": e.seq,
            "at": e.created_at.isoformat(),
            "action": e.action,
            "actor_role": roles.get(e.actor_id, "system" if e.actor_id is None else "former"),
            "target": reference_of(e.target),
            "entry_hash": e.entry_hash,
        }
        for e in entries
    ]


def _actor_roles(assembly: Assembly, actor_ids: set[int]) -> dict[int, str]:
    """Name each actor by their roles in the assembly (or "administrator"), never by address."""
    held: dict[int, set[str]] = {actor: set() for actor in actor_ids}
    if not actor_ids:
        return {}
    for user_id, role in db.session.execute(
        select(Membership.user_id, Membership.role).where(
            Membership.assembly_id == assembly.id, Membership.user_id.in_(actor_ids)
        )
    ):
        held[user_id].add(role.value)
    for admin_id in db.session.scalars(
        select(User.id).where(User.id.in_(actor_ids), User.is_admin.is_(True))
    ):
        held[admin_id].add("administrator")
    # Someone who has since left the team is still not named.
    return {actor: "+".join(sorted(roles)) or "former" for actor, roles in held.items()}


def reference_of(target: str) -> str:
    """Return the target if it is a reference, else only its kind (never an address)."""
    if not target or ("@" not in target and REFERENCE_TARGET.match(target)):
        return target
    return target.partition(":")[0]
