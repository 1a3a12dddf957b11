"""Choose the interface language: the user's, then the assembly's, then the browser's."""

from flask import current_app, g, has_request_context, request, session
from flask_login import current_user
from wtforms import SelectChoice

LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français"}


def language_choices() -> list[SelectChoice]:
    """Return the interface languages as form choices, each in its own language."""
    return [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]


def select_locale() -> str:
    """Return the best language for this request."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        # Commands and background jobs speak the default language.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    # An anonymous visitor's explicit choice counts as theirs.
    if session.get("locale") in languages:
        return session["locale"]
    assembly = g.get("assembly")
    if assembly is not None and assembly.language in languages:
        return assembly.language
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )
