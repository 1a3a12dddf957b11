"""The blank registration form, rendered once per assembly, language and set of questions
(the quota questions, the assembly's own, and the support it offers).

When thousands of letters land, residents arrive at once and each asks for the same form:
its widgets, and for anonymous visitors the whole page, are rendered once per worker and kept
(facilitate/render_cache.py); a visit reads only the assembly's row, and each visitor gets
their own CSRF token, bot-guard token and letter code filled in. A form sent back with
errors is always rendered afresh with the visitor's input (views.register).
"""

from flask import current_app, render_template
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from facilitate.models import Assembly
from facilitate.models.registration_form import SUPPORT_LABELS
from facilitate.registration import form_version, guards, questions  # noqa: F401 - form_version listens
from facilitate.registration.forms import BARRIER_BOXES, registration_form
from facilitate.render_cache import FragmentCache, check_markers, fill, marker

MARKERS = {name: marker(name) for name in ("csrf", "started", "code")}


def _key(assembly: Assembly, with_code: bool) -> tuple:
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


def blank_form(assembly: Assembly, code: str, personal: bool) -> str:
    """Render the registration page with an empty form (and the letter's code, if any).

    `personal` says the page around the form shows something of the visitor's own (they are
    signed in, or a message waits for them): they get the kept form inside a freshly rendered
    page; everyone else gets the whole page from the cache with their tokens filled in.
    """
    csrf = current_app.config.get("WTF_CSRF_ENABLED", True)
    key = _key(assembly, bool(code))
    kept = current_app.extensions.setdefault("registration_fragments", FragmentCache())
    values = {MARKERS["started"]: guards.issue_started_token(assembly.id), MARKERS["code"]: code}
    if csrf:
        values[MARKERS["csrf"]] = generate_csrf()
    fragment = kept.get_or_render(("form", *key), lambda: _render(assembly, bool(code), csrf))
    if personal:
        return render_template(
            "registration/register.html", assembly=assembly, content=fill(fragment, values)
        )
    whole = kept.get_or_render(
        ("page", *key),
        lambda: render_template(
            "registration/register.html",
            assembly=assembly,
            content=Markup(fragment),  # noqa: S704 - our own render
        ),
    )
    return fill(whole, values)
