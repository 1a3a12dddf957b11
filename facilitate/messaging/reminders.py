"""Reminders before sittings and reply deadlines, each sent once whoever runs the command."""

from datetime import datetime, timedelta

from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from facilitate.extensions import db
from facilitate.mail import queue_email
from facilitate.messaging import segments
from facilitate.messaging.services import reply_to, settings_for, template_text, values_for
from facilitate.messaging.templates import render
from facilitate.models import Assembly, Member, MemberStatus, Sitting
from facilitate.models.messages import ReminderSent
from facilitate.recipient_language import language_for


def send_due_reminders(now: datetime) -> int:
    """Queue every reminder that is due and not yet sent; return how many were queued."""
    queued = 0
    for assembly in db.session.scalars(select(Assembly).order_by(Assembly.id)):
        queued += _sitting_reminders(assembly, now) + _reply_reminders(assembly, now)
    return queued


def _sitting_reminders(assembly: Assembly, now: datetime) -> int:
    days = settings_for(assembly).sitting_reminder_days
    if days <= 0:
        return 0
    sittings = db.session.scalars(
        select(Sitting).where(
            Sitting.assembly_id == assembly.id,
            Sitting.cancelled_at.is_(None),
            Sitting.starts_at > now,
            Sitting.starts_at <= now + timedelta(days=days),
        )
    )
    queued = 0
    for sitting in sittings:
        reachable, _none = segments.people(assembly, "members")
        for person in reachable:
            if _claim("sitting", sitting.id, person.member):
                _send(assembly, "sitting_reminder", person, now, sitting)
                queued += 1
    return queued


def _reply_reminders(assembly: Assembly, now: datetime) -> int:
    settings = settings_for(assembly)
    if settings.reply_reminder_days <= 0:
        return 0
    waiting = db.session.scalars(
        select(Member).where(
            Member.assembly_id == assembly.id,
            Member.status.in_([MemberStatus.SELECTED, MemberStatus.CONTACTED]),
            Member.invited_at.is_not(None),
        )
    )
    queued = 0
    for member in waiting:
        deadline = member.invited_at + timedelta(days=settings.reply_within_days)
        due = deadline - timedelta(days=settings.reply_reminder_days) <= now < deadline
        person = segments.member_recipient(member)
        if due and person.email and _claim("reply", member.id, member):
            _send(assembly, "reply_reminder", person, now)
            queued += 1
    return queued


def _claim(kind: str, subject_id: int, member: Member) -> bool:
    """Record the reminder before queueing it; False when someone already did."""
    try:
        with db.session.begin_nested():
            db.session.add(ReminderSent(kind=kind, subject_id=subject_id, member_id=member.id))
    except IntegrityError:
        return False
    return True


def _send(assembly, kind, person, now, sitting=None) -> None:
    member = person.member
    language = language_for(assembly, member.registrant, member.user) if member else None
    language = language or assembly.language
    subject, body, _custom = template_text(assembly, kind, language)
    with force_locale(language):
        values = values_for(assembly, person, now, sitting)
    queue_email(
        person.email,
        render(subject, values),
        render(body, values),
        assembly.id,
        reply_to=reply_to(assembly),
    )
