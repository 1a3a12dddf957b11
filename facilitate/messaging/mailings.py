"""Mailings: one message to a segment, written in each working language and sent once.

Each recipient gets the version in their own language (recipient_language.language_for);
someone whose language is not a working language of the assembly gets the authoritative one.
A working language that someone in the segment reads must have its version: the mailing is
refused until it is written, rather than sending those readers a language they did not choose.
"""

from collections import Counter
from datetime import UTC, datetime

from flask_babel import force_locale, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import selectinload

from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.mail import queue_email
from facilitate.messaging import segments
from facilitate.messaging.services import MessagingRefused, reply_to, values_for
from facilitate.messaging.templates import fields_in, in_language, problems, render
from facilitate.models import Assembly, OutboxMessage, User
from facilitate.models.messages import Mailing, MailingVersion

#: language -> (subject, text), as the organiser wrote them.
Versions = dict[str, tuple[str, str]]


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _written(assembly: Assembly, versions: Versions) -> Versions:
    """Return the versions written, in working-language order; refuse a half-written one."""
    written, reasons = {}, []
    for code in assembly.working_languages:
        subject, body = (part.strip() for part in versions.get(code, ("", "")))
        if subject and body:
            written[code] = (subject, body)
        elif not assembly.is_multilingual:
            reasons.append(str(_l("A message needs a subject and a text.")))
        elif subject or body or code == assembly.language:
            name = language_name(code)
            reasons.append(
                str(_l("The %(language)s version needs a subject and a text.", language=name))
            )
    if reasons:
        raise MessagingRefused(reasons)
    return written


def _labelled(assembly: Assembly, code: str, reasons: list[str]) -> list[str]:
    return in_language(code, reasons) if assembly.is_multilingual else reasons


def _empty_fields(subject: str, body: str, values: list[dict]) -> list[str]:
    """Name the fields the text uses that some recipient has no value for."""
    used = fields_in(subject) | fields_in(body)
    reasons = []
    for name in sorted(used):
        missing = sum(1 for v in values if not v.get(name))
        if missing:
            reasons.append(
                str(
                    _l(
                        "{%(f)s} has no value for %(n)d of %(total)d recipients "
                        "(e.g. no sitting is scheduled, or they were never invited).",
                        f=name,
                        n=missing,
                        total=len(values),
                    )
                )
            )
    return reasons


def _unwritten_for_readers(assembly: Assembly, written: Versions, reachable) -> list[str]:
    """Name each working language without a version that someone in the segment reads."""
    readers = Counter(person.language for person in reachable)
    return [
        str(
            ngettext(
                "%(num)d person in this group reads %(language)s: write the message in "
                "%(language)s too, or copy the %(authoritative)s text into it to send them that.",
                "%(num)d people in this group read %(language)s: write the message in "
                "%(language)s too, or copy the %(authoritative)s text into it to send them that.",
                readers[code],
                language=language_name(code),
                authoritative=language_name(assembly.language),
            )
        )
        for code in assembly.working_languages
        if code not in written and readers[code]
    ]


def prepare(assembly: Assembly, segment: str, versions: Versions, now: datetime) -> dict:
    """Check a message's versions against a segment; return who gets which, and previews."""
    try:
        reachable, unreachable = segments.people(assembly, segment)
    except (segments.UnknownSegment, ValueError) as error:
        raise MessagingRefused(_l("Choose who the message is for.")) from error
    written = _written(assembly, versions)
    reasons = []
    for code, (subject, body) in written.items():
        reasons += _labelled(assembly, code, problems(subject, body))
    reasons += _unwritten_for_readers(assembly, written, reachable)
    if reasons:
        raise MessagingRefused(reasons)
    deliveries = []
    for person in reachable:
        code = person.language if person.language in written else assembly.language
        with force_locale(code):  # dates and money as the recipient's language writes them
            deliveries.append((person, code, values_for(assembly, person, now)))
    counts = Counter(code for _person, code, _values in deliveries)
    for code, (subject, body) in written.items():
        values = [v for _person, c, v in deliveries if c == code]
        reasons += _labelled(assembly, code, _empty_fields(subject, body, values))
    if reasons:
        raise MessagingRefused(reasons)
    return {
        "reachable": reachable,
        "unreachable": unreachable,
        "deliveries": deliveries,
        "written": written,
        "counts": {code: counts[code] for code in written},
        "previews": _previews(assembly, written, deliveries, now),
        "label": segments.label(assembly, segment),
    }


def _previews(assembly: Assembly, written: Versions, deliveries, now: datetime) -> list[dict]:
    """Render each version for a real recipient: one who reads it, else the first of all."""
    if not deliveries:
        return []
    found = []
    for code, (subject, body) in written.items():
        readers = [(p, v) for p, c, v in deliveries if c == code]
        if readers:
            person, values = readers[0]
        else:
            person = deliveries[0][0]
            with force_locale(code):
                values = values_for(assembly, person, now)
        found.append(
            {
                "language": code,
                "name": language_name(code),
                "count": len(readers),
                "to": person.email,
                "subject": render(subject, values),
                "body": render(body, values),
            }
        )
    return found


def send_mailing(
    assembly: Assembly, segment: str, versions: Versions, nonce: str, actor: User
) -> Mailing:
    """Queue each reachable person their language's version; a repeated nonce sends nothing."""
    if not nonce or len(nonce) > 64:
        raise MessagingRefused(_l("The form has expired. Please write the message again."))
    existing = db.session.scalar(select(Mailing).filter_by(nonce=nonce))
    if existing is not None:
        return existing  # a second click, or a retry after a lost response
    ready = prepare(assembly, segment, versions, datetime.now(UTC))
    if not ready["reachable"]:
        raise MessagingRefused(_l("Nobody in this group has an e-mail address."))
    written = ready["written"]
    mailing = Mailing(
        assembly_id=assembly.id,
        nonce=nonce,
        segment=segment,
        segment_label=ready["label"][:200],
        subject=written[assembly.language][0][:200],
        recipients=len(ready["reachable"]),
        unreachable=len(ready["unreachable"]),
        sent_by_id=actor.id,
    )
    db.session.add(mailing)
    db.session.flush()  # the nonce is unique: a racing double click fails here, sending nothing
    mailing.versions = [
        MailingVersion(language=code, subject=subject[:200], recipients=ready["counts"][code])
        for code, (subject, _body) in written.items()
    ]
    answer_to = reply_to(assembly)
    for person, code, values in ready["deliveries"]:
        subject, body = written[code]
        queue_email(
            person.email,
            render(subject, values),
            render(body, values),
            assembly.id,
            mailing_id=mailing.id,
            reply_to=answer_to,
        )
    record_action(
        actor,
        "messages.send",
        assembly,
        target=str(mailing.id),
        after={
            "segment": segment,
            "recipients": mailing.recipients,
            "languages": ready["counts"],
        },
    )
    return mailing


def mailings(assembly: Assembly) -> list[tuple[Mailing, dict]]:
    """Return the assembly's mailings, newest first, with how their e-mails stand."""
    found = list(
        db.session.scalars(
            select(Mailing)
            .filter_by(assembly_id=assembly.id)
            .options(selectinload(Mailing.versions))
            .order_by(Mailing.id.desc())
        )
    )
    counts: dict[int, dict] = {m.id: {"sent": 0, "waiting": 0, "failed": 0} for m in found}
    sent = OutboxMessage.sent_at.is_not(None)
    failed = and_(OutboxMessage.sent_at.is_(None), OutboxMessage.error != "")
    rows = db.session.execute(
        select(
            OutboxMessage.mailing_id,
            func.count(),
            func.sum(case((sent, 1), else_=0)),
            func.sum(case((failed, 1), else_=0)),
        )
        .where(OutboxMessage.mailing_id.in_(counts))
        .group_by(OutboxMessage.mailing_id)
    )
    for mailing_id, total, delivered, given_up in rows:
        counts[mailing_id].update(
            sent=delivered, failed=given_up, waiting=total - delivered - given_up
        )
    return [(m, counts[m.id]) for m in found]
