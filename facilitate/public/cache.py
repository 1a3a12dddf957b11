"""Serve public pages to anonymous visitors from a short-lived cache.

Observers vastly outnumber organisers and see the same pages, so a page rendered for one
anonymous visitor can serve the next for a few seconds. Anyone with a session (signed in,
or who has filled in a form) always gets a fresh page.
"""

import logging
from functools import wraps

from flask import Response, current_app, make_response, request
from flask_login import current_user

from facilitate.extensions import cache
from facilitate.i18n import chosen_language

log = logging.getLogger(__name__)


def _cacheable() -> bool:
    seconds = current_app.config.get("PUBLIC_PAGE_CACHE_SECONDS", 0)
    if not seconds or request.method != "GET":
        return False
    if current_app.config["SESSION_COOKIE_NAME"] in request.cookies:
        return False
    return not current_user.is_authenticated


def _key() -> str:
    # Key on the language chosen, not on the raw header: for an anonymous visitor the page's
    # language follows from the address and this choice alone (see facilitate.i18n), and a
    # truncated header could serve one visitor's language to another.
    languages = current_app.config["LANGUAGES"]
    language = chosen_language() or request.accept_languages.best_match(languages) or ""
    # Absolute links are built on PUBLIC_URL, which no request can change. Only without it
    # (debugging, tests) do they follow the Host header, and then each host has its own entry.
    base = current_app.config.get("PUBLIC_URL") or request.host_url
    return "|".join(("page", base, request.full_path, language))


def cached_page(view):
    """Cache the view's response for anonymous visitors; pages that set cookies are not kept."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _cacheable():
            return view(*args, **kwargs)
        key = _key()
        hit = _read(key)
        if hit is not None:
            body, mimetype = hit
            response = Response(body, mimetype=mimetype)
        else:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200 or response.headers.get("Set-Cookie"):
                return response
            _keep(key, (response.get_data(), response.mimetype))
        seconds = current_app.config["PUBLIC_PAGE_CACHE_SECONDS"]
        response.headers["Cache-Control"] = f"public, max-age={seconds}"
        response.headers["Vary"] = "Cookie, Accept-Language"
        return response

    return wrapper


# The cache only saves work: when its server (Redis) is down, pages are rendered afresh.


def _read(key: str):
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - any client error means "not cached"
        log.warning("page cache unavailable; rendering afresh", exc_info=True)
        return None


def _keep(key: str, value) -> None:
    try:
        cache.set(key, value, timeout=current_app.config["PUBLIC_PAGE_CACHE_SECONDS"])
    except Exception:  # noqa: BLE001
        log.warning("page cache unavailable; page not kept", exc_info=True)
