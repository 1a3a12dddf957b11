"""Write to people: templates per assembly and language, previews, and mailings sent once."""

from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select

from facilitate import local_time, numbers
from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.mail import queue_email
from facilitate.messaging import segments
from facilitate.messaging.templates import KINDS, default_text, problems, render
from facilitate.models import Assembly, OutboxMessage, Sitting, User
from facilitate.models.messages import Mailing, MessageTemplate, MessagingSettings
from facilitate.refusals import Refused


class MessagingRefused(Refused):
    """A message that cannot be saved or sent as written."""


def settings_for(assembly: Assembly) -> MessagingSettings:
    """Return the assembly's messaging settings, creating the defaults on first use."""
    found = db.session.get(MessagingSettings, assembly.id)
    if found is None:
        found = MessagingSettings(
            assembly_id=assembly.id,
            reply_to="",
            reply_within_days=14,
            sitting_reminder_days=3,
            reply_reminder_days=3,
        )
        db.session.add(found)
        db.session.flush()
    return found


def save_settings(assembly: Assembly, data: dict, actor: User) -> MessagingSettings:
    """Change the reply-to address, reply window and reminder schedule."""
    found = settings_for(assembly)
    before = {k: getattr(found, k) for k in data}
    for key, value in data.items():
        setattr(found, key, value)
    record_action(actor, "messages.settings", assembly, before=before, after=data)
    db.session.flush()
    return found


def reply_to(assembly: Assembly) -> str:
    return settings_for(assembly).reply_to or current_app.config.get("MAIL_REPLY_TO", "")


def template_text(assembly: Assembly, kind: str, language: str) -> tuple[str, str, bool]:
    """Return (subject, body, customised) for a kind in a language: the organiser's or ours."""
    saved = db.session.scalar(
        select(MessageTemplate).filter_by(assembly_id=assembly.id, kind=kind, language=language)
    )
    if saved is not None:
        return saved.subject, saved.body, True
    with force_locale(language):
        subject, body = default_text(kind)
    return subject, body, False


def save_template(
    assembly: Assembly, kind: str, language: str, subject: str, body: str, actor: User
) -> MessageTemplate:
    """Keep an organiser's wording of a kind of message, refusing bad merge fields."""
    if kind not in KINDS or kind == "free":
        raise MessagingRefused(_l("There is no such kind of message."))
    if reasons := problems(subject, body, personal=kind == "invitation"):
        raise MessagingRefused(reasons)
    if kind == "invitation" and "{link}" not in body:
        raise MessagingRefused(_l("An invitation must carry the person's own link: {link}."))
    saved = db.session.scalar(
        select(MessageTemplate).filter_by(assembly_id=assembly.id, kind=kind, language=language)
    )
    if saved is None:
        saved = MessageTemplate(assembly_id=assembly.id, kind=kind, language=language)
        db.session.add(saved)
    saved.subject, saved.body, saved.updated_by_id = subject.strip(), body.strip(), actor.id
    record_action(actor, "messages.template", assembly, target=f"template:{kind}/{language}")
    db.session.flush()
    return saved


def values_for(
    assembly: Assembly, recipient: segments.Recipient, now: datetime, sitting: Sitting | None = None
) -> dict:
    """Return the merge fields' values for one recipient (about `sitting`, else the next one)."""
    public_url = (current_app.config.get("PUBLIC_URL") or "").rstrip("/")
    values = {
        "first_name": recipient.first_name or recipient.name,
        "last_name": recipient.last_name,
        "name": recipient.name,
        "assembly": assembly.title,
        "remit": assembly.remit,
        "public_page": f"{public_url}/a/{assembly.slug}",
        "contact": reply_to(assembly) or current_app.config.get("MAIL_FROM", ""),
    }
    council = segments.convening_council(assembly)
    if council is not None:
        values["council_page"] = f"{public_url}/council/{council.slug}"
    sitting = sitting or next_sitting(assembly, now)
    if sitting is not None:
        when = local_time.format_local(sitting.starts_at, assembly, "full", with_zone=True)
        values["next_sitting"] = f"{when}, {sitting.place}" if sitting.place else when
        if sitting.allowance_cents:
            # In the language the message is being written in (the caller forces it).
            values["allowance"] = numbers.money(sitting.allowance_cents, assembly)
    member = recipient.member
    if member is not None and member.invited_at is not None:
        deadline = member.invited_at + timedelta(days=settings_for(assembly).reply_within_days)
        values["reply_by"] = local_time.format_local_date(deadline, assembly, "long")
    return values


def invitation_text(
    assembly: Assembly, member, link: str, language: str | None = None
) -> tuple[str, str]:
    """Return the (subject, body) inviting a drawn member, in the assembly's wording."""
    language = language or assembly.language
    subject, body, _custom = template_text(assembly, "invitation", language)
    values = values_for(assembly, segments.member_recipient(member), datetime.now(UTC))
    values["link"] = link
    return render(subject, values), render(body, values)


def next_sitting(assembly: Assembly, now: datetime) -> Sitting | None:
    return db.session.scalar(
        select(Sitting)
        .where(
            Sitting.assembly_id == assembly.id,
            Sitting.starts_at > now,
            Sitting.cancelled_at.is_(None),
        )
        .order_by(Sitting.starts_at)
        .limit(1)
    )


def _empty_fields(subject: str, body: str, values: list[dict]) -> list[str]:
    """Name the fields the text uses that some recipient has no value for."""
    from facilitate.messaging.templates import fields_in

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


def prepare(assembly: Assembly, segment: str, subject: str, body: str, now: datetime) -> dict:
    """Check a message against a segment; return its recipients and a preview, or refuse."""
    try:
        reachable, unreachable = segments.people(assembly, segment)
    except (segments.UnknownSegment, ValueError) as error:
        raise MessagingRefused(_l("Choose who the message is for.")) from error
    if not subject.strip() or not body.strip():
        raise MessagingRefused(_l("A message needs a subject and a text."))
    if reasons := problems(subject, body):
        raise MessagingRefused(reasons)
    values = [values_for(assembly, r, now) for r in reachable]
    if reasons := _empty_fields(subject, body, values):
        raise MessagingRefused(reasons)
    preview = None
    if reachable:
        preview = {
            "to": reachable[0].email,
            "subject": render(subject, values[0]),
            "body": render(body, values[0]),
        }
    return {
        "reachable": reachable,
        "unreachable": unreachable,
        "values": values,
        "preview": preview,
        "label": segments.label(assembly, segment),
    }


def send_mailing(
    assembly: Assembly, segment: str, subject: str, body: str, nonce: str, actor: User
) -> Mailing:
    """Queue one e-mail per reachable person of a segment; a repeated nonce sends nothing."""
    if not nonce or len(nonce) > 64:
        raise MessagingRefused(_l("The form has expired. Please write the message again."))
    existing = db.session.scalar(select(Mailing).filter_by(nonce=nonce))
    if existing is not None:
        return existing  # a second click, or a retry after a lost response
    now = datetime.now(UTC)
    ready = prepare(assembly, segment, subject, body, now)
    if not ready["reachable"]:
        raise MessagingRefused(_l("Nobody in this group has an e-mail address."))
    mailing = Mailing(
        assembly_id=assembly.id,
        nonce=nonce,
        segment=segment,
        segment_label=ready["label"][:200],
        subject=subject.strip()[:200],
        recipients=len(ready["reachable"]),
        unreachable=len(ready["unreachable"]),
        sent_by_id=actor.id,
    )
    db.session.add(mailing)
    db.session.flush()  # the nonce is unique: a racing double click fails here, sending nothing
    answer_to = reply_to(assembly)
    for person, values in zip(ready["reachable"], ready["values"], strict=True):
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
        after={"segment": segment, "recipients": mailing.recipients},
    )
    return mailing


def mailings(assembly: Assembly) -> list[tuple[Mailing, dict]]:
    """Return the assembly's mailings, newest first, with how their e-mails stand."""
    found = list(
        db.session.scalars(
            select(Mailing).filter_by(assembly_id=assembly.id).order_by(Mailing.id.desc())
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
