"""Write to people: settings, templates per assembly and language, and merge fields' values."""

from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from facilitate import local_time, numbers
from facilitate.audit.services import record_action
from facilitate.extensions import db
from facilitate.messaging import segments
from facilitate.messaging.templates import KINDS, default_text, in_language, problems, render
from facilitate.models import Assembly, Sitting, User
from facilitate.models.messages import MessageTemplate, MessagingSettings
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


def save_templates(
    assembly: Assembly, kind: str, versions: dict[str, tuple[str, str]], actor: User
) -> None:
    """Keep an organiser's wording of a kind of message per language, or refuse all of it."""
    if kind not in KINDS or kind == "free":
        raise MessagingRefused(_l("There is no such kind of message."))
    reasons = []
    for language, (subject, body) in versions.items():
        found = problems(subject, body, personal=kind == "invitation")
        if not subject.strip() or not body.strip():
            found.append(str(_l("A message needs a subject and a text.")))
        if kind == "invitation" and "{link}" not in body:
            found.append(str(_l("An invitation must carry the person's own link: {link}.")))
        reasons += in_language(language, found) if len(versions) > 1 else found
    if reasons:
        raise MessagingRefused(reasons)
    for language, (subject, body) in versions.items():
        saved = db.session.scalar(
            select(MessageTemplate).filter_by(assembly_id=assembly.id, kind=kind, language=language)
        )
        if saved is None:
            saved = MessageTemplate(assembly_id=assembly.id, kind=kind, language=language)
            db.session.add(saved)
        saved.subject, saved.body, saved.updated_by_id = subject.strip(), body.strip(), actor.id
        record_action(actor, "messages.template", assembly, target=f"template:{kind}/{language}")
    db.session.flush()


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
