"""What organisers write to people: templates, the mailings sent, and reminders already sent."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, utcnow


class MessageTemplate(db.Model):
    """An organiser's wording of one kind of message, in one language."""

    __table_args__ = (UniqueConstraint("assembly_id", "kind", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assembly.id", ondelete="CASCADE"))
    #: One of facilitate.messaging.templates.KINDS.
    kind: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(200))
    #: Plain text with merge fields such as {first_name}; checked when saved and when sent.
    body: Mapped[str] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Mailing(db.Model):
    """One message an organiser sent to a segment; its e-mails are in the outbox."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    #: The form's one-time key: a second click on "Send" finds this row and sends nothing.
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    #: e.g. "members", "registrants:status:registered", "table:4:2" (facilitate.messaging.segments).
    segment: Mapped[str] = mapped_column(String(80))
    segment_label: Mapped[str] = mapped_column(String(200), default="")
    #: The subject in the assembly's authoritative language; each language's is in `versions`.
    subject: Mapped[str] = mapped_column(String(200))
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    #: People in the segment without an e-mail address, to be phoned or written to.
    unreachable: Mapped[int] = mapped_column(Integer, default=0)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list["MailingVersion"]] = relationship(
        back_populates="mailing", cascade="all, delete-orphan", order_by="MailingVersion.id"
    )


class MailingVersion(db.Model):
    """A mailing's text in one working language: its subject, and how many were sent it.

    The bodies are not kept here: each person's filled-in text is sealed in the outbox.
    """

    __table_args__ = (UniqueConstraint("mailing_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mailing_id: Mapped[int] = mapped_column(ForeignKey("mailing.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(String(200))
    #: Recipients who read this language, plus those whose language had no version (the
    #: authoritative version goes to them).
    recipients: Mapped[int] = mapped_column(Integer, default=0)

    mailing: Mapped[Mailing] = relationship(back_populates="versions")


class MessagingSettings(db.Model):
    """An assembly's reply-to address, reply window and reminder schedule."""

    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), primary_key=True
    )
    #: Where residents' replies go; empty means the MAIL_REPLY_TO setting.
    reply_to: Mapped[str] = mapped_column(String(254), default="")
    #: Days a drawn person has to answer their invitation.
    reply_within_days: Mapped[int] = mapped_column(Integer, default=14)
    #: Days before a sitting its reminder goes to the members; 0 sends none.
    sitting_reminder_days: Mapped[int] = mapped_column(Integer, default=3)
    #: Days before the reply deadline a reminder goes to those who have not answered; 0: none.
    reply_reminder_days: Mapped[int] = mapped_column(Integer, default=3)


class ReminderSent(db.Model):
    """A reminder already queued: the unique key makes each one go out once, whoever runs."""

    __table_args__ = (UniqueConstraint("kind", "subject_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "sitting" (subject_id is the sitting) or "reply" (subject_id is the member).
    kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
