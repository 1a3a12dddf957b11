"""Choose the interface language: the user's, then the assembly's, then the browser's."""

from flask import current_app, g, has_request_context, request, session
from flask_login import current_user
from wtforms import SelectChoice

LANGUAGE_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "nl": "Nederlands",
    "it": "Italiano",
}


def language_choices() -> list[SelectChoice]:
    """Return the interface languages as form choices, each in its own language."""
    return [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]


LANGUAGE_COOKIE = "facilitate_lang"


def chosen_language() -> str | None:
    """Return the language the visitor picked: ?lang= on this request, else their cookie."""
    languages = current_app.config["LANGUAGES"]
    for choice in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if choice in languages:
            return choice
    return None


def requested_language(default: str) -> str:
    """Return the language this request asks for (?lang=, the cookie, Accept-Language), else
    `default`: what the API answers in, whatever the account or assembly prefers."""
    languages = current_app.config["LANGUAGES"]
    return chosen_language() or request.accept_languages.best_match(languages) or default


def select_locale() -> str:
    """Return the best language for this request.

    The visitor's own choice comes first (the language switcher, then the account's
    setting), then the assembly's language, then what the browser asks for.
    """
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        # Commands and background jobs speak the default language.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    choice = chosen_language()
    if choice:
        return choice
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    assembly = g.get("assembly")
    if assembly is not None and assembly.language in languages:
        # In a multilingual assembly the browser may ask for any of its working languages (its
        # first choice among ours, as the page cache keys on it: public/cache.py).
        wanted = request.accept_languages.best_match(languages)
        return wanted if wanted in assembly.working_languages else assembly.language
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def remember_language(response):
    """Keep a language picked with ?lang= in a preference cookie (no server state changes)."""
    choice = request.args.get("lang")
    if choice in current_app.config["LANGUAGES"] and request.cookies.get(LANGUAGE_COOKIE) != choice:
        response.set_cookie(
            LANGUAGE_COOKIE,
            choice,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def select_time_zone() -> str:
    """Return the zone times are shown in: the assembly's or council's on its pages, else the
    configured default (jobs and commands too), so every date on a page is local."""
    from facilitate.local_time import default_zone_name

    where = (g.get("assembly") or g.get("council")) if has_request_context() else None
    return getattr(where, "time_zone", None) or default_zone_name()
