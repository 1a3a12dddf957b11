"""An assembly's page as a member sees it, rendered once per version and kept per worker.

Everyone who takes part in an assembly without managing it sees the same page: the assembly
as last changed, its history, and the links their roles open. It is kept (render_cache.py)
under a key naming all of that: the assembly's `updated_at`, which moves with every change to
it, its status history included (a change of status writes both); the language; whether the
viewer administers and their roles here, which decide the links; and the current minute, so
that an organiser who renames themselves shows in the history within a minute. Only the
sign-out form's CSRF token is the visitor's own: a marker filled in on the way out.
"""

import time
from collections.abc import Callable

from flask import current_app
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from facilitate.models import Assembly, User
from facilitate.permissions import roles_in
from facilitate.render_cache import FragmentCache, check_markers, fill, marker

CSRF = marker("csrf")
#: How long a kept page may show a renamed person's old name in the history.
NAMES_SECONDS = 60


def kept_page(assembly: Assembly, user: User, render: Callable[[str], str]) -> Markup:
    """Return the member page kept for this version and viewer, rendering it on a miss.

    `render(marker)` renders the page with `marker` in place of the CSRF token.
    """
    key = (
        assembly.id,
        assembly.updated_at,
        str(get_locale()),
        user.is_admin,
        frozenset(roles_in(user, assembly)),
        int(time.time() // NAMES_SECONDS),
    )
    pages = current_app.extensions.setdefault("member_pages", FragmentCache())
    page = pages.get_or_render(key, lambda: check_markers(render(CSRF), {"csrf": CSRF}))
    return fill(page, {CSRF: generate_csrf()})
