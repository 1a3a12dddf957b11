"""The assembly's stages and which moves between them make sense.

Guards are plain functions returning the reasons a move is refused (empty: allowed); later
features add their own with `add_guard`, so the rules for a move live in one place.
"""

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from facilitate.models import Assembly
from facilitate.models import AssemblyStatus as S

#: Moves an organiser may make from each stage: forward, or back to fix a mistake.
TRANSITIONS: dict[S, tuple[S, ...]] = {
    S.DRAFT: (S.RECRUITING,),
    S.RECRUITING: (S.SELECTING, S.DRAFT),
    S.SELECTING: (S.SITTING, S.RECRUITING),
    S.SITTING: (S.VOTING,),
    S.VOTING: (S.PUBLISHED, S.SITTING),
    S.PUBLISHED: (S.ANSWERED,),
    S.ANSWERED: (S.CLOSED,),
    S.CLOSED: (),
}

STATUS_LABELS = {
    S.DRAFT: _l("Draft"),
    S.RECRUITING: _l("Recruiting"),
    S.SELECTING: _l("Selecting"),
    S.SITTING: _l("Sitting"),
    S.VOTING: _l("Voting"),
    S.PUBLISHED: _l("Published"),
    S.ANSWERED: _l("Answered"),
    S.CLOSED: _l("Closed"),
}

ACTION_LABELS = {
    (S.DRAFT, S.RECRUITING): _l("Open recruitment"),
    (S.RECRUITING, S.DRAFT): _l("Back to draft"),
    (S.RECRUITING, S.SELECTING): _l("Close recruitment and start selection"),
    (S.SELECTING, S.RECRUITING): _l("Reopen recruitment"),
    (S.SELECTING, S.SITTING): _l("Start the sittings"),
    (S.SITTING, S.VOTING): _l("Start voting"),
    (S.VOTING, S.SITTING): _l("Back to sittings"),
    (S.VOTING, S.PUBLISHED): _l("Publish the recommendations"),
    (S.PUBLISHED, S.ANSWERED): _l("Record that the authority has answered"),
    (S.ANSWERED, S.CLOSED): _l("Close the assembly"),
}

Guard = Callable[[Assembly], list[str]]
_GUARDS: dict[tuple[S, S], list[Guard]] = {}


def add_guard(from_status: S, to_status: S) -> Callable[[Guard], Guard]:
    """Register a check that must pass before this move."""

    def decorator(guard: Guard) -> Guard:
        _GUARDS.setdefault((from_status, to_status), []).append(guard)
        return guard

    return decorator


def refusal_reasons(assembly: Assembly, to_status: S) -> list[str]:
    """Return why `assembly` cannot move to `to_status` now (empty when it can)."""
    if to_status not in TRANSITIONS[assembly.status]:
        return [
            str(
                _l(
                    "An assembly cannot go from “%(from)s” to “%(to)s”.",
                    **{"from": STATUS_LABELS[assembly.status], "to": STATUS_LABELS[to_status]},
                )
            )
        ]
    reasons: list[str] = []
    for guard in _GUARDS.get((assembly.status, to_status), []):
        reasons.extend(guard(assembly))
    return reasons


@add_guard(S.DRAFT, S.RECRUITING)
def _quotas_ready(assembly: Assembly) -> list[str]:
    from facilitate.quotas.checks import quota_problems

    reasons = []
    if not assembly.categories:
        reasons.append(str(_l("Add at least one quota category before recruiting.")))
    reasons.extend(p.message for p in quota_problems(assembly) if p.level == "error")
    return reasons


@add_guard(S.SELECTING, S.SITTING)
def _panel_drawn(assembly: Assembly) -> list[str]:
    from facilitate.selection.services import panel_seats

    if not panel_seats(assembly):
        return [str(_l("Draw the panel before the sittings start."))]
    return []
