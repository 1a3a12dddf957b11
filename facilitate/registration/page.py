"""The blank registration form, rendered once per assembly, language and set of questions
(the quota questions, the assembly's own, and the support it offers).

When thousands of letters land, residents arrive at once and each asks for the same form:
its widgets, and for anonymous visitors the whole page, are rendered once per worker and kept
(facilitate/render_cache.py), and each visitor gets their own CSRF token, bot-guard token and
letter code filled in. A form sent back with errors is always rendered afresh with the
visitor's input (views.register).

Even the assembly's row is read at most once every few seconds per worker for anonymous
visitors (`recently_seen`): a visit that reads the database costs a connection check, a query
and a commit, most of a served page's time in a rush. What this worker itself changes is
forgotten at once; a change made in another worker shows within FRESH_SECONDS. Nothing is
taken on that trust: a registration sent reads the assembly afresh and checks it is open.
"""

import time
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, has_app_context, render_template
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from facilitate.models import Assembly, AssemblyStatus
from facilitate.models.registration_form import SUPPORT_LABELS
from facilitate.registration import form_version, guards, questions  # noqa: F401 - form_version listens
from facilitate.registration.forms import BARRIER_BOXES, registration_form
from facilitate.render_cache import FragmentCache, check_markers, fill, marker

MARKERS = {name: marker(name) for name in ("csrf", "started", "code")}
#: How long a worker serves the kept page from what it last read of the assembly, unless the
#: app's REGISTRATION_PAGE_FRESH_SECONDS says otherwise (0: read it on every visit).
FRESH_SECONDS = 2.0


@dataclass(frozen=True)
class Seen:
    """What a worker remembers of an assembly to serve its kept page: the key's parts, whether
    registration is open, and what chooses the page's language and time zone (i18n.py)."""

    id: int
    updated_at: datetime
    status: AssemblyStatus
    recruitment_closes_on: date | None
    language: str
    working_languages: tuple[str, ...]
    time_zone: str
    read_at: float


def _seen() -> dict[str, Seen]:
    return current_app.extensions.setdefault("registration_assemblies", {})


def recently_seen(slug: str) -> Seen | None:
    """Return the assembly as this worker read it less than FRESH_SECONDS ago, else None."""
    seen = _seen().get(slug)
    fresh = current_app.config.get("REGISTRATION_PAGE_FRESH_SECONDS", FRESH_SECONDS)
    if seen is None or time.monotonic() - seen.read_at >= fresh:
        return None
    return seen


def kept_page(seen: Seen, code: str) -> Markup | None:
    """Return the whole anonymous page kept for `seen` with this visitor's tokens, or None."""
    kept = current_app.extensions.get("registration_fragments")
    whole = kept.get(("page", *_key(seen, bool(code)))) if kept is not None else None
    return _fill(whole, code, seen.id) if whole is not None else None


def _remember(assembly: Assembly) -> None:
    _seen()[assembly.slug] = Seen(
        assembly.id,
        assembly.updated_at,
        assembly.status,
        assembly.recruitment_closes_on,
        assembly.language,
        tuple(assembly.working_languages),
        assembly.time_zone,
        time.monotonic(),
    )


@event.listens_for(Session, "after_flush")
def _forget_changed(session: Session, _context) -> None:
    # This worker's own changes show at once; form_version.py makes every change to what the
    # form shows a change to the assembly's row.
    if not has_app_context() or "registration_assemblies" not in current_app.extensions:
        return
    changed = {
        inspect(obj).identity[0]
        for obj in (*session.dirty, *session.deleted)
        if isinstance(obj, Assembly) and inspect(obj).identity
    }
    if changed:
        seen = _seen()
        for slug in [slug for slug, kept in seen.items() if kept.id in changed]:
            seen.pop(slug, None)


def _key(assembly: Assembly | Seen, with_code: bool) -> tuple:
    """Name what the page shows: the assembly as last changed, the language, the code field.

    `updated_at` moves with any change to the assembly, its quota questions, its own questions
    or the support it offers (form_version.py), so an edit is a new key in every worker at once
    and a cache hit needs only the assembly's own row.
    """
    return (
        assembly.id,
        assembly.updated_at,
        str(get_locale()),
        current_app.config.get("WTF_CSRF_ENABLED", True),
        with_code,
    )


def form_context(assembly: Assembly) -> dict:
    """Return what the form's template shows beside the fields: the support offered."""
    return {
        "support": questions.offered_support(assembly),
        "support_labels": SUPPORT_LABELS,
        "barrier_boxes": BARRIER_BOXES,
    }


def _render(assembly: Assembly, with_code: bool, csrf: bool) -> str:
    form = registration_form(assembly, code=MARKERS["code"] if with_code else "")
    form.started.data = MARKERS["started"]
    if csrf:
        form.csrf_token.current_token = MARKERS["csrf"]
    fragment = render_template(
        "registration/_form.html",
        assembly=assembly,
        form=form,
        refusal=[],
        **form_context(assembly),
    )
    expected = {"started": MARKERS["started"]}
    if csrf:
        expected["csrf"] = MARKERS["csrf"]
    if with_code:
        expected["code"] = MARKERS["code"]
    return check_markers(fragment, expected)


def _fill(fragment: str, code: str, assembly_id: int) -> Markup:
    values = {MARKERS["started"]: guards.issue_started_token(assembly_id), MARKERS["code"]: code}
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        values[MARKERS["csrf"]] = generate_csrf()
    return fill(fragment, values)


def blank_form(assembly: Assembly, code: str, personal: bool) -> str:
    """Render the registration page with an empty form (and the letter's code, if any).

    `personal` says the page around the form shows something of the visitor's own (they are
    signed in, or a message waits for them): they get the kept form inside a freshly rendered
    page; everyone else gets the whole page from the cache with their tokens filled in.
    """
    csrf = current_app.config.get("WTF_CSRF_ENABLED", True)
    key = _key(assembly, bool(code))
    kept = current_app.extensions.setdefault("registration_fragments", FragmentCache())
    fragment = kept.get_or_render(("form", *key), lambda: _render(assembly, bool(code), csrf))
    if personal:
        return render_template(
            "registration/register.html",
            assembly=assembly,
            content=_fill(fragment, code, assembly.id),
        )
    _remember(assembly)
    whole = kept.get_or_render(
        ("page", *key),
        lambda: render_template(
            "registration/register.html",
            assembly=assembly,
            content=Markup(fragment),  # noqa: S704 - our own render
        ),
    )
    return _fill(whole, code, assembly.id)
