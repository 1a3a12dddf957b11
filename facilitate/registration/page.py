"""The blank registration form, rendered once per assembly, language and set of questions.

When thousands of letters land, residents arrive at once and each asks for the same form:
its widgets are rendered once per worker and kept (facilitate/render_cache.py); each visitor
gets their own CSRF token, bot-guard token and letter code filled in. A form sent back with
errors is always rendered afresh with the visitor's input (views.register).
"""

from flask import current_app, render_template
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf

from facilitate.models import Assembly
from facilitate.registration import guards
from facilitate.registration.forms import registration_form
from facilitate.render_cache import FragmentCache, check_markers, fill, marker

MARKERS = {name: marker(name) for name in ("csrf", "started", "code")}


def _key(assembly: Assembly, with_code: bool) -> tuple:
    """Name everything the fragment shows, so that any change is a new key at once."""
    questions = tuple(
        (c.id, c.name, tuple((v.id, v.name) for v in c.values)) for c in assembly.categories
    )
    return (
        assembly.id,
        str(get_locale()),
        current_app.config.get("WTF_CSRF_ENABLED", True),
        with_code,
        assembly.updated_at,
        assembly.slug,
        assembly.title,
        assembly.remit,
        assembly.invitation_only,
        assembly.residence_area,
        assembly.excluded_offices,
        questions,
    )


def _render(assembly: Assembly, with_code: bool, csrf: bool) -> str:
    form = registration_form(assembly, code=MARKERS["code"] if with_code else "")
    form.started.data = MARKERS["started"]
    if csrf:
        form.csrf_token.current_token = MARKERS["csrf"]
    fragment = render_template("registration/_form.html", assembly=assembly, form=form, refusal=[])
    expected = {"started": MARKERS["started"]}
    if csrf:
        expected["csrf"] = MARKERS["csrf"]
    if with_code:
        expected["code"] = MARKERS["code"]
    return check_markers(fragment, expected)


def blank_form(assembly: Assembly, code: str) -> str:
    """Render the registration page with an empty form (and the letter's code, if any)."""
    csrf = current_app.config.get("WTF_CSRF_ENABLED", True)
    key = _key(assembly, bool(code))
    fragments = current_app.extensions.setdefault("registration_fragments", FragmentCache())
    fragment = fragments.get_or_render(key, lambda: _render(assembly, bool(code), csrf))
    values = {MARKERS["started"]: guards.issue_started_token(assembly.id), MARKERS["code"]: code}
    if csrf:
        values[MARKERS["csrf"]] = generate_csrf()
    return render_template(
        "registration/register.html", assembly=assembly, content=fill(fragment, values)
    )
