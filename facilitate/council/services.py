"""Operations on a council: settings, secretariat, pool, and rotation draws; they never commit."""

import random
from datetime import date, timedelta

from flask_babel import gettext as _

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.models import User
from facilitate.models.council import (
    CandidateSource,
    Council,
    CouncilCandidate,
    CouncilElection,
    CouncilRotation,
    CouncilStaff,
    CouncilTerm,
    StaffRole,
)
from facilitate.months import add_months
from facilitate.quotas.services import proportional_bounds
from facilitate.refusals import Refused
from facilitate.sortition import (
    InfeasibleError,
    Quota,
    check_feasibility,
    make_instance,
    select_panel,
)
from facilitate.sortition import Person as PoolPerson

SETTINGS = (
    "name",
    "description",
    "language",
    "working_languages",
    "time_zone",
    "seats",
    "term_months",
    "rotation_interval_months",
    "allow_overstay",
    "quota_rules",
    "quota_tolerance",
    "assemblies_per_year",
    "min_panel_size",
    "max_panel_size",
    "min_meetings",
    "meeting_window_months",
    "election_blackout_months",
    "support_threshold",
    "min_member_proposers",
    "handover_within_days",
    "response_within_months",
    "review_within_months",
    "quorum_percent",
)

#: CouncilCandidate panels in the published lottery; a council draw is small, so fewer suffice.
LOTTERY_PANELS = 200


class CouncilRefused(Refused):
    """The operation makes no sense now; `reasons` says why in plain words."""


def create_council(data: dict, creator: User) -> Council:
    """Create a council and make its creator its first secretary."""
    if db.session.scalar(db.select(Council.id).filter_by(slug=data["slug"])) is not None:
        raise CouncilRefused([_("Another council already uses this address.")])
    council = Council(slug=data["slug"])
    update_council(council, data)
    db.session.add(council)
    db.session.flush()
    add_staff(council, creator)
    return council


def update_council(council: Council, data: dict) -> None:
    """Apply settings given in `data`."""
    for field in SETTINGS:
        if field in data:
            setattr(council, field, data[field])
    db.session.flush()


def add_staff(
    council: Council, user: User, role: StaffRole = StaffRole.SECRETARIAT
) -> CouncilStaff:
    """Add `user` to the secretariat, or as a translator (once: the staff keep their role)."""
    for staff in council.staff:
        if staff.user_id == user.id:
            return staff
    staff = CouncilStaff(council_id=council.id, user_id=user.id, role=role)
    council.staff.append(staff)
    db.session.flush()
    return staff


def add_election(council: Council, held_on: date, name: str) -> CouncilElection:
    """Record an election, which closes a blackout period for assemblies."""
    election = CouncilElection(council_id=council.id, held_on=held_on, name=name)
    council.elections.append(election)
    db.session.flush()
    return election


def add_candidate(council: Council, data: dict) -> CouncilCandidate:
    """Add someone to the pool (an opt-in or an appointment), linking an account by email."""
    missing = [c for c in council.quota_rules if not data.get("values", {}).get(c)]
    if missing:
        raise CouncilRefused([_("Give a value for: %(c)s.", c=", ".join(missing))])
    email = data.get("email", "").strip().lower()
    user = db.session.scalar(db.select(User).filter_by(email=email)) if email else None
    candidate = CouncilCandidate(
        council_id=council.id,
        name=data["name"].strip(),
        email=email,
        values=dict(data["values"]),
        source=data.get("source", CandidateSource.ASSEMBLY),
        source_assembly_id=data.get("source_assembly_id"),
        appointed=bool(data.get("appointed")),
        opted_in_on=data["opted_in_on"],
        user_id=user.id if user else None,
    )
    db.session.add(candidate)
    db.session.flush()
    return candidate


def sitting_terms(council: Council, day: date) -> list[CouncilTerm]:
    """Return the terms of everyone sitting on `day`, by seat."""
    return sorted((t for t in council.terms if t.sits_on(day)), key=lambda t: t.seat)


def next_rotation_on(council: Council, today: date) -> date | None:
    """Return when the next draw is due: at once if a seat is empty, else the next term's end.

    Counted from the day after the latest draw when that is today or later, so a draw held
    (or dated ahead) moves the date on to the terms it seated.
    """
    latest = db.session.scalar(
        db.select(db.func.max(CouncilRotation.held_on)).filter_by(council_id=council.id)
    )
    day = today if latest is None or latest < today else latest + timedelta(days=1)
    sitting = sitting_terms(council, day)
    if not council.terms or len(sitting) < council.seats:
        return day
    return min(t.ends_on for t in sitting)


def eligible_pool(council: Council, on: date) -> list[CouncilCandidate]:
    """Return who may be drawn on `on`: opted in, not withdrawn, never seated before."""
    served = {t.candidate_id for t in council.terms}
    candidates = db.session.scalars(
        db.select(CouncilCandidate)
        .filter_by(council_id=council.id)
        .where(CouncilCandidate.opted_in_on <= on, CouncilCandidate.withdrawn_on.is_(None))
        .order_by(CouncilCandidate.id)
    )
    return [c for c in candidates if c.id not in served]


def target_quotas(council: Council) -> list[Quota]:
    """Return the seat bounds for the whole council from its population shares."""
    quotas = []
    for category, values in council.quota_rules.items():
        for value, share in values:
            low, high = proportional_bounds(float(share), council.seats, council.quota_tolerance)
            quotas.append(Quota(category, value, low, high))
    return quotas


def remaining_quotas(council: Council, staying: list[dict], seats: int) -> list[Quota]:
    """Return bounds for the seats to fill: each bound less those staying, floored at 0."""
    quotas = []
    for q in target_quotas(council):
        have = sum(1 for values in staying if values.get(q.category) == q.value)
        low = min(max(q.min - have, 0), seats)
        high = min(max(q.max - have, 0), seats)
        quotas.append(Quota(q.category, q.value, low, high))
    return quotas


def end_term(term: CouncilTerm, on: date, reason: str, actor) -> None:
    """Record that a member left early; the seat is filled at the next draw."""
    if term.left_on is not None:
        raise CouncilRefused([_("This member has already left.")])
    term.left_on = on
    term.left_reason = reason[:200]
    record_action(
        actor,
        "council.end_term",
        target=f"council:{term.council_id}/seat:{term.seat}",
        after={"left_on": on.isoformat()},
    )
    db.session.flush()


class RelaxationNeeded(Exception):
    """The quotas cannot be met: a person must accept `proposal` before anyone is drawn."""

    def __init__(self, proposal: dict):
        super().__init__(proposal.get("why", ""))
        self.proposal = proposal


def run_rotation(
    council: Council,
    on: date,
    seed: int,
    user: User | None = None,
    relaxation: dict | None = None,
) -> CouncilRotation:
    """Draw new members for every seat that is empty or whose term ends by `on`.

    If the quotas cannot be met, raise RelaxationNeeded before writing anything, unless
    `relaxation` is the proposal a person accepted for exactly this pool.
    """
    if db.session.scalar(
        db.select(CouncilRotation.id).filter_by(council_id=council.id, held_on=on)
    ):
        raise CouncilRefused([_("A draw was already held on %(d)s.", d=on.isoformat())])
    first = not council.terms
    sitting = sitting_terms(council, on)
    leaving = [t for t in sitting if t.ends_on <= on]
    staying = [t for t in sitting if t.ends_on > on]
    pool = eligible_pool(council, on)
    notes: list[str] = []
    if first:
        appointed = [c for c in pool if c.appointed][: council.seats]
        pool = [c for c in pool if c not in appointed]
    else:
        appointed = []
    open_seats = council.seats - len(staying) - len(appointed)
    kept: list[CouncilTerm] = []
    if len(pool) < open_seats and council.allow_overstay and leaving:
        kept = leaving[: open_seats - len(pool)]
        leaving = leaving[len(kept) :]
        staying += kept
        open_seats -= len(kept)
        notes.append(
            _(
                "The pool was too small, so %(n)d members whose term ended stay until %(d)s.",
                n=len(kept),
                d=add_months(on, council.rotation_interval_months).isoformat(),
            )
        )
    to_draw = min(open_seats, len(pool))
    if to_draw < open_seats:
        notes.append(
            _(
                "Only %(p)d people are in the pool for %(s)d seats: %(e)d seats stay empty.",
                p=len(pool),
                s=open_seats,
                e=open_seats - to_draw,
            )
        )
    context = {"council": council.slug, "held_on": on.isoformat()}
    drawn, quotas, record = _draw(
        council, pool, staying, appointed, to_draw, seed, context, notes, relaxation
    )
    # Nothing is written before the draw, so a relaxation that waits leaves no trace.
    for term in kept:
        term.ends_on = add_months(on, council.rotation_interval_months)
    rotation = CouncilRotation(
        council_id=council.id,
        held_on=on,
        kind="first" if first else "rotation",
        leaving=len(leaving),
        run_by_id=user.id if user else None,
        quotas_used=quotas,
        record=record,
    )
    db.session.add(rotation)
    db.session.flush()
    for term in leaving:
        term.left_on = on
        term.left_reason = "term ended"
    _seat(council, appointed + drawn, staying, on, rotation, random.Random(seed))
    rotation.drawn = len(drawn)
    rotation.explanation = " ".join(str(n) for n in notes)
    db.session.flush()
    return rotation


def _proposal(report, without_quotas: bool) -> dict:
    return {
        "changes": [vars(r) for r in report.relaxation],
        "without_quotas": without_quotas or not report.relaxation,
        "why": report.explanation,
    }


def _accepted(relaxation: dict | None, proposal: dict) -> bool:
    """Whether a person accepted this very relaxation (a changed pool needs a new one)."""
    return (
        relaxation is not None
        and relaxation.get("changes") == proposal["changes"]
        and (bool(relaxation.get("without_quotas")) or not proposal["without_quotas"])
    )


def _draw(council, pool, staying, appointed, seats, seed, context, notes, relaxation):
    """Run the selection engine for `seats` places within the quotas or an accepted relaxation.

    Return (candidates drawn, bounds used, audit record); write nothing.
    """
    if seats <= 0:
        return [], [], None
    fixed = [t.candidate.values for t in staying] + [c.values for c in appointed]
    quotas = remaining_quotas(council, fixed, seats)
    people = [PoolPerson(str(c.id), tuple(sorted(c.values.items()))) for c in pool]
    instance = make_instance(people, quotas, seats)
    report = check_feasibility(instance)
    proposal = None
    if not report.feasible:
        proposal = _proposal(report, without_quotas=False)
        if not _accepted(relaxation, proposal):
            raise RelaxationNeeded(proposal)
        notes.append(_("The pool cannot meet every quota: %(why)s", why=report.explanation))
        notes.append(_("The secretariat accepted this relaxation before the draw."))
        quotas = _relaxed(quotas, report.relaxation, notes)
        if relaxation.get("without_quotas"):
            quotas = []
        instance = make_instance(people, quotas, seats)
    try:
        result = select_panel(instance, seed=seed, panels=LOTTERY_PANELS, context=context)
    except InfeasibleError as failed:
        # The closest bounds still failed: drawing without quotas needs a person's consent too.
        proposal = {**(proposal or _proposal(failed.report, False)), "without_quotas": True}
        if not (relaxation and relaxation.get("without_quotas")):
            raise RelaxationNeeded(proposal) from None
        quotas = []
        instance = make_instance(people, [], seats)
        result = select_panel(instance, seed=seed, panels=LOTTERY_PANELS, context=context)
    if not quotas and proposal:
        notes.append(_("No relaxation helped; the seats were drawn without quotas."))
    by_id = {str(c.id): c for c in pool}
    used = [[q.category, q.value, q.min, q.max] for q in quotas]
    return [by_id[i] for i in result.panel], used, result.record


def _relaxed(quotas: list[Quota], relaxation, notes: list[str]) -> list[Quota]:
    """Return the quotas with the relaxed bounds, noting each change in plain words."""
    changed = {(r.category, r.value): r for r in relaxation}
    for r in relaxation:
        notes.append(
            _(
                "%(c)s = %(v)s: %(a)d–%(b)d seats instead of %(x)d–%(y)d.",
                c=r.category,
                v=r.value,
                a=r.new_min,
                b=r.new_max,
                x=r.old_min,
                y=r.old_max,
            )
        )
    return [
        Quota(q.category, q.value, changed[key].new_min, changed[key].new_max)
        if (key := (q.category, q.value)) in changed
        else q
        for q in quotas
    ]


def _seat(council, newcomers, staying, on, rotation, rng) -> None:
    """Give each newcomer a free seat; a seat vacated early keeps its planned end."""
    taken = {t.seat for t in staying}
    free = [s for s in range(1, council.seats + 1) if s not in taken]
    newcomers = list(newcomers)
    rng.shuffle(newcomers)
    cohorts = max(council.term_months // max(council.rotation_interval_months, 1), 1)
    for index, (seat, candidate) in enumerate(zip(free, newcomers, strict=False)):
        if rotation.kind == "first":
            # The first composition is staggered so that a share leaves at every interval.
            cohort = index * cohorts // max(len(newcomers), 1)
            ends_on = add_months(on, council.rotation_interval_months * (cohort + 1))
        else:
            ends_on = _unfinished_end(council, seat, on) or add_months(on, council.term_months)
        db.session.add(
            CouncilTerm(
                council=council,
                candidate=candidate,
                rotation_id=rotation.id,
                seat=seat,
                starts_on=on,
                ends_on=ends_on,
            )
        )
    db.session.flush()


def _unfinished_end(council: Council, seat: int, on: date) -> date | None:
    """Return the planned end of the seat's last term if it was left early and is still ahead."""
    past = [t for t in council.terms if t.seat == seat and t.left_on is not None]
    if not past:
        return None
    last = max(past, key=lambda t: t.starts_on)
    if last.left_on < last.ends_on and last.ends_on > on:
        return last.ends_on
    return None
