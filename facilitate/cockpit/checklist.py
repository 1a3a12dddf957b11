"""Each stage's checklist: what is done, what is next, what blocks and why.

Pure functions over the queries each area already offers; every item names the endpoint
(taking `slug`) where the organiser fixes it.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from facilitate.assemblies.lifecycle import refusal_reasons
from facilitate.extensions import db
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.models import Assembly, AssemblyStatus
from facilitate.models.members import MemberStatus
from facilitate.models.recommendations import Recommendation, ResponseStatus
from facilitate.models.registrants import Letter, Registrant, RegistrantStatus
from facilitate.models.sittings import Sitting
from facilitate.numbers import money

DONE, NEXT, BLOCKED = "done", "next", "blocked"


@dataclass(frozen=True)
class Item:
    state: str  # DONE, NEXT or BLOCKED
    text: str
    endpoint: str
    #: The move to the next lifecycle status, offered only when nothing in the stage blocks.
    move: bool = False


def _check(ok: bool, done: str, todo: str, endpoint: str) -> Item:
    return Item(DONE if ok else NEXT, done if ok else todo, endpoint)


def _move(assembly: Assembly, to_status: AssemblyStatus, text: str) -> list[Item]:
    """Offer the move to the next status, blocked by the lifecycle's own guards."""
    if assembly.status != _BEFORE[to_status]:
        reached = _ORDER.index(assembly.status) > _ORDER.index(to_status)
        return [Item(DONE, text, "assemblies.show", move=True)] if reached else []
    reasons = refusal_reasons(assembly, to_status)
    if reasons:
        return [Item(BLOCKED, reason, "assemblies.show") for reason in reasons]
    return [Item(NEXT, text, "assemblies.show", move=True)]


_ORDER = list(AssemblyStatus)
_BEFORE = {
    AssemblyStatus.RECRUITING: AssemblyStatus.DRAFT,
    AssemblyStatus.SELECTING: AssemblyStatus.RECRUITING,
    AssemblyStatus.SITTING: AssemblyStatus.SELECTING,
    AssemblyStatus.VOTING: AssemblyStatus.SITTING,
    AssemblyStatus.PUBLISHED: AssemblyStatus.VOTING,
}


def prepare(assembly: Assembly) -> list[Item]:
    """Remit, quotas that add up, then recruitment opens."""
    from facilitate.quotas.checks import quota_problems

    items = [
        _check(
            bool(assembly.remit.strip()),
            _("The remit is written."),
            _("Write the remit."),
            "assemblies.edit",
        ),
        _check(
            bool(assembly.categories),
            _("Quota categories are set."),
            _("Add the quota categories."),
            "quotas.index",
        ),
    ]
    if assembly.is_multilingual:
        items.append(
            Item(
                DONE,
                _(
                    "Working languages: %(languages)s; %(authoritative)s is authoritative.",
                    languages=", ".join(LANGUAGE_NAMES[c] for c in assembly.working_languages),
                    authoritative=LANGUAGE_NAMES[assembly.language],
                ),
                "assemblies.edit",
            )
        )
    items += [
        Item(BLOCKED, _("Quotas infeasible: %(why)s", why=p.message), "quotas.index")
        for p in quota_problems(assembly)
        if p.level == "error"
    ]
    if any(item.state == BLOCKED for item in items):
        return items  # the lifecycle would only repeat the quota problems
    return items + _move(assembly, AssemblyStatus.RECRUITING, _("Open recruitment."))


def recruit(assembly: Assembly) -> list[Item]:
    """Letters out, registrations in, then selection starts."""
    registered = db.session.scalar(
        select(func.count(Registrant.id)).where(
            Registrant.assembly_id == assembly.id,
            Registrant.status == RegistrantStatus.REGISTERED,
        )
    )
    letters = db.session.scalar(
        select(func.count(Letter.id)).where(Letter.assembly_id == assembly.id)
    )
    items = [
        # Not a blocker: some assemblies recruit from a register or an imported list instead.
        _check(
            bool(letters),
            ngettext(
                "%(num)d invitation letter sent.", "%(num)d invitation letters sent.", letters
            ),
            _("Draw the addresses and send the invitation letters."),
            "letters.index",
        ),
        _check(
            registered >= assembly.panel_size,
            ngettext("%(num)d person registered.", "%(num)d people registered.", registered),
            _("%(n)d of at least %(k)d people registered.", n=registered, k=assembly.panel_size),
            "pool.index",
        ),
    ]
    return items + _move(
        assembly, AssemblyStatus.SELECTING, _("Close recruitment and start selection.")
    )


def select_(assembly: Assembly) -> list[Item]:
    """The panel drawn, its members invited and confirmed."""
    from facilitate.members.services import members_of, seats_without_member
    from facilitate.selection.services import panel_seats

    seats = panel_seats(assembly)
    items = [_check(bool(seats), _("The panel is drawn."), _("Draw the panel."), "selection.index")]
    if seats:
        missing = len(seats_without_member(assembly))
        items.append(
            _check(
                not missing,
                _("Every drawn person is on the members list."),
                _("Add %(n)d drawn people to the members list.", n=missing),
                "members.index",
            )
        )
        members = [m for m in members_of(assembly) if m.is_active]
        waiting = sum(1 for m in members if m.status != MemberStatus.CONFIRMED)
        if waiting:
            items.append(
                Item(
                    BLOCKED,
                    _("%(n)d of %(m)d members have not confirmed.", n=waiting, m=len(members)),
                    "members.index",
                )
            )
        elif members:
            items.append(Item(DONE, _("Every member has confirmed."), "members.index"))
    return items + _move(assembly, AssemblyStatus.SITTING, _("Start the sittings."))


def sit(assembly: Assembly) -> list[Item]:
    """Sittings planned; every expert has declared their interests."""
    from facilitate.experts.services import experts_of
    from facilitate.sittings import allowances

    count = db.session.scalar(
        select(func.count(Sitting.id)).where(Sitting.assembly_id == assembly.id)
    )
    items = [
        _check(
            bool(count),
            ngettext("%(num)d sitting planned.", "%(num)d sittings planned.", count),
            _("Plan the sittings."),
            "sittings.index",
        )
    ]
    unpaid = sum(row.unpaid_cents for row in allowances.totals(assembly))
    if unpaid > 0:
        items.append(
            Item(
                NEXT,
                _("Pay the allowances still owed: %(amount)s.", amount=money(unpaid, assembly)),
                "sittings.allowances_index",
            )
        )
    undeclared = [e for e in experts_of(assembly) if not e.interests_complete]
    if undeclared:
        items.append(
            Item(
                BLOCKED,
                ngettext(
                    "%(num)d expert has not declared their interests.",
                    "%(num)d experts have not declared their interests.",
                    len(undeclared),
                ),
                "experts.index",
            )
        )
    return items + _move(assembly, AssemblyStatus.VOTING, _("Start voting."))


def decide(assembly: Assembly) -> list[Item]:
    """Recommendations drafted, voted on, then published."""
    from facilitate.responses.services import final_recommendations

    drafted = db.session.scalar(
        select(func.count(Recommendation.id)).where(Recommendation.assembly_id == assembly.id)
    )
    final = len(final_recommendations(assembly))
    items = [
        _check(
            bool(drafted),
            ngettext(
                "%(num)d recommendation drafted.", "%(num)d recommendations drafted.", drafted
            ),
            _("Draft the recommendations."),
            "recommendations.index",
        ),
        _check(
            bool(final),
            ngettext("%(num)d recommendation adopted.", "%(num)d recommendations adopted.", final),
            _("Put the recommendations to the vote."),
            "ballots.index",
        ),
    ]
    return (
        items
        + _translation_items(assembly)
        + _move(assembly, AssemblyStatus.PUBLISHED, _("Publish the recommendations."))
    )


def _translation_items(assembly: Assembly) -> list[Item]:
    """Texts members and the public cannot yet read in a working language: ballots will not
    open over them, and the published page would fall back to the authoritative text."""
    from facilitate.languages.services import CURRENT, translatable_languages, versions

    if not assembly.is_multilingual:
        return []
    gaps = sum(
        1
        for language in translatable_languages(assembly)
        for version in versions(assembly, language)
        if version.status != CURRENT
    )
    if gaps:
        text = ngettext(
            "%(num)d language version is missing, outdated or still a draft.",
            "%(num)d language versions are missing, outdated or still drafts.",
            gaps,
        )
        return [Item(BLOCKED, text, "languages.index")]
    return [Item(DONE, _("Every text is current in every working language."), "languages.index")]


def publish(assembly: Assembly, today: date | None = None) -> list[Item]:
    """The authority's answers on time, then the implementation review."""
    from facilitate.responses.deadlines import response_deadline
    from facilitate.responses.services import final_recommendations

    today = today or datetime.now(UTC).date()
    published = _ORDER.index(assembly.status) >= _ORDER.index(AssemblyStatus.PUBLISHED)
    items = [
        _check(
            published,
            _("The recommendations are published."),
            _("Publish the recommendations."),
            "assemblies.show",
        )
    ]
    if not published:
        return items
    items.append(Item(DONE, _("The public report is ready to print."), "public.report"))
    items.append(
        _check(
            assembly.handover_on is not None,
            _("The hand-over date is recorded."),
            _("Record the date the recommendations were handed over."),
            "assemblies.edit",
        )
    )
    deadline = response_deadline(assembly, None)
    recommendations = final_recommendations(assembly)
    # "Under consideration" is not an answer: the deadline still runs (as responses.answered_on).
    open_ = [
        r
        for r in recommendations
        if r.response is None or r.response.status is ResponseStatus.UNDER_CONSIDERATION
    ]
    if open_ and deadline is not None and deadline.state(today) == "overdue":
        items.append(
            Item(
                BLOCKED,
                ngettext(
                    "The answer to %(num)d recommendation is overdue.",
                    "The answers to %(num)d recommendations are overdue.",
                    len(open_),
                ),
                "responses.index",
            )
        )
    elif recommendations:
        items.append(
            _check(
                not open_,
                _("The authority has answered every recommendation."),
                ngettext(
                    "Record the authority's answer to %(num)d recommendation.",
                    "Record the authority's answers to %(num)d recommendations.",
                    len(open_),
                ),
                "responses.index",
            )
        )
    return items


CHECKLISTS = {
    "prepare": prepare,
    "recruit": recruit,
    "select": select_,
    "sit": sit,
    "decide": decide,
    "publish": publish,
}


def checklist(assembly: Assembly, stage: str) -> list[Item]:
    """Return the checklist of `stage` for `assembly`, blockers first, then next, then done."""
    rank = {BLOCKED: 0, NEXT: 1, DONE: 2}
    items = CHECKLISTS[stage](assembly)
    if any(item.state == BLOCKED for item in items):
        # The lifecycle may allow the move, but the organiser should clear the blockers first.
        items = [item for item in items if not (item.move and item.state == NEXT)]
    return sorted(items, key=lambda item: rank[item.state])


def blockers(assembly: Assembly, stage: str) -> list[Item]:
    """Return only what blocks `stage`."""
    return [item for item in CHECKLISTS[stage](assembly) if item.state == BLOCKED]
