"""The language to write to someone in: their own, else their assembly's.

A resident who registered in French should not get their invitation in German because the
assembly's authoritative language is German; what they chose (an account's setting, or the
language they registered in) comes first.
"""

from flask import current_app


def language_for(assembly, registrant=None, user=None) -> str:
    """Return the language code for e-mails to this person about `assembly`."""
    languages = current_app.config["LANGUAGES"]
    for choice in (
        getattr(user, "locale", None),
        getattr(registrant, "language", None),
    ):
        if choice in languages:
            return choice
    return assembly.language
