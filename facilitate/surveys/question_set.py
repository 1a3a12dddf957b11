"""The built-in questionnaire, after the OECD evaluation guidelines' member questionnaire.

Each question is a topic, a kind and its wording as a lazy string, so a new survey stores it
in the assembly's language; organisers then edit, translate and add to it.
"""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from facilitate.models.surveys import QuestionKind

BUILT_IN = (
    (
        "remit",
        QuestionKind.SCALE,
        _l("I understood the question the assembly was asked to answer."),
    ),
    ("evidence", QuestionKind.SCALE, _l("The evidence and experts we heard were balanced.")),
    ("heard", QuestionKind.SCALE, _l("I was heard at my table and could say what I thought.")),
    ("facilitation", QuestionKind.SCALE, _l("The facilitators were fair and helped us work well.")),
    ("influence", QuestionKind.SCALE, _l("Our work will influence the decision that follows.")),
    ("again", QuestionKind.SCALE, _l("I would take part in an assembly like this again.")),
    ("comments", QuestionKind.TEXT, _l("Anything else you want the organisers to know?")),
)


def built_in_wordings(language: str) -> list[tuple[str, QuestionKind, str]]:
    """Return the built-in questions as (topic, kind, text) worded in `language`."""
    with force_locale(language):
        return [(topic, kind, str(text)) for topic, kind, text in BUILT_IN]
