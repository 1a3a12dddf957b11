"""The kinds of message organisers send, their default wording, and merge fields.

A text names fields in braces: "Dear {first_name}". Only the fields below exist; anything else
(an unknown name, attribute access, a format spec) is refused when the text is saved and again
before anything is sent, so no resident receives a letter with a hole or a stray brace in it.
"""

from string import Formatter

from flask_babel import lazy_gettext as _l

from facilitate.i18n import LANGUAGE_NAMES

#: Merge fields and what they hold, shown next to the editor.
FIELDS = {
    "first_name": _l("The recipient's first name"),
    "last_name": _l("The recipient's last name"),
    "name": _l("The recipient's full name"),
    "assembly": _l("The assembly's title"),
    "remit": _l("The assembly's remit"),
    "public_page": _l("The assembly's public page"),
    "next_sitting": _l("Date, time and place of the next sitting"),
    "reply_by": _l("The date by which a drawn person should answer their invitation"),
    "allowance": _l("The allowance paid per sitting"),
    "contact": _l("The address replies go to"),
    "council_page": _l("The public page of the council that convened the assembly"),
    "link": _l("The recipient's own one-time link (invitations only)"),
}

#: Fields that only some messages can fill: a personal link exists only in an invitation.
PERSONAL_ONLY = {"link"}

KINDS = {
    "invitation": (
        _l("Invitation to the drawn"),
        _l("You have been drawn: {assembly}"),
        _l(
            "Dear {name},\n\nYou have been drawn by lot for the citizens' assembly “{assembly}”.\n"
            "{remit}\n\nWe cover travel, childcare and any support you need to take part.\n\n"
            "Please tell us by {reply_by} whether you will take part:\n{link}\n\n"
            "The link works once. If you have questions, reply to this email ({contact})."
        ),
    ),
    "sitting_reminder": (
        _l("Reminder before a sitting"),
        _l("Reminder: {assembly} meets {next_sitting}"),
        _l(
            "Dear {first_name},\n\nThis is a reminder that the assembly “{assembly}” meets "
            "{next_sitting}.\n\nIf you cannot come, please reply to this email ({contact})."
        ),
    ),
    "reply_reminder": (
        _l("Reminder to answer the invitation"),
        _l("Please answer by {reply_by}: {assembly}"),
        _l(
            "Dear {first_name},\n\nYou were drawn for the citizens' assembly “{assembly}” and we "
            "have not heard from you yet. Please answer by {reply_by} using the link in your "
            "invitation, or reply to this email ({contact}) and we will call you."
        ),
    ),
    "thank_you": (
        _l("Thank you"),
        _l("Thank you for taking part in {assembly}"),
        _l(
            "Dear {first_name},\n\nThank you for the time and care you gave to “{assembly}”. "
            "The recommendations and the authority's answers will appear on {public_page}."
        ),
    ),
    "results_published": (
        _l("Results published"),
        _l("The results of {assembly} are published"),
        _l(
            "Dear {first_name},\n\nThe recommendations of “{assembly}” and the results of the "
            "votes are now public: {public_page}"
        ),
    ),
    "council_call": (
        _l("The council's call for topics"),
        _l("Propose a topic to the Citizens' Council"),
        _l(
            "Dear {first_name},\n\nYou took part in “{assembly}”. The Citizens' Council now "
            "collects topics for its next assemblies: anyone living here may propose one, and "
            "proposals with enough supporters are put before the council.\n\n"
            "Propose a topic or support one: {council_page}"
        ),
    ),
    "free": (_l("A message of your own"), "", ""),
}


def kind_label(kind: str) -> str:
    return str(KINDS[kind][0])


def default_text(kind: str) -> tuple[str, str]:
    """Return the built-in (subject, body) of a kind, in the current language."""
    _label, subject, body = KINDS[kind]
    return str(subject), str(body)


def fields_in(text: str) -> set[str]:
    """Return the merge fields a text uses; raise ValueError on a malformed one."""
    used = set()
    for _literal, name, spec, conversion in Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise ValueError(name or "{}")
        used.add(name)
    return used


def problems(subject: str, body: str, personal: bool = False) -> list[str]:
    """Return what is wrong with a subject and body's merge fields (empty when all is well)."""
    reasons = []
    for part, text in ((_l("subject"), subject), (_l("text"), body)):
        try:
            used = fields_in(text)
        except ValueError as error:
            reasons.append(
                str(_l("The %(part)s has a malformed field: {%(f)s}.", part=part, f=error))
                + " "
                + str(_l("Write a literal brace as {{ or }}."))
            )
            continue
        for name in sorted(used - set(FIELDS)):
            reasons.append(
                str(_l("The %(part)s uses an unknown field: {%(f)s}.", part=part, f=name))
            )
        if not personal:
            for name in sorted(used & PERSONAL_ONLY):
                reasons.append(
                    str(
                        _l(
                            "{%(f)s} exists only in invitations, which the members page sends.",
                            f=name,
                        )
                    )
                )
    return reasons


def in_language(language: str, reasons: list[str]) -> list[str]:
    """Say which language's version each reason is about."""
    name = LANGUAGE_NAMES.get(language, language)
    return [str(_l("%(language)s: %(reason)s", language=name, reason=reason)) for reason in reasons]


def render(text: str, values: dict[str, str]) -> str:
    """Fill the merge fields of a text that passed `problems`."""
    return text.format_map({name: values.get(name, "") for name in fields_in(text)})
