"""Accounts, per-assembly roles, sign-in sessions and invitations."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from facilitate.extensions import db
from facilitate.models.base import UTCDateTime, string_enum, utcnow


class Role(enum.StrEnum):
    """What a person may do within one assembly."""

    ORGANISER = "organiser"
    FACILITATOR = "facilitator"
    EXPERT = "expert"
    MEMBER = "member"
    #: Reads the process records for an independent evaluation, never personal data.
    EVALUATOR = "evaluator"
    #: Keeps the assembly's texts in a working language; sees no members' data.
    TRANSLATOR = "translator"


#: Roles a team invitation may give; members come from the draw, never from an invitation.
TEAM_ROLES = (Role.ORGANISER, Role.FACILITATOR, Role.EXPERT, Role.EVALUATOR, Role.TRANSLATOR)

ROLE_LABELS = {
    Role.ORGANISER: _l("Organiser"),
    Role.FACILITATOR: _l("Facilitator"),
    Role.EXPERT: _l("Expert"),
    Role.MEMBER: _l("Member"),
    Role.EVALUATOR: _l("Evaluator"),
    Role.TRANSLATOR: _l("Translator"),
}


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    #: Global administrators invite organisers and see every assembly.
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Organisers (the secretariat) may create assemblies.
    can_organise: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Preferred interface language; None means "follow the assembly or the browser".
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The TOTP secret, encrypted (auth/secret_sealing.py); read it through
    #: `two_factor.user_secret`. In force once `totp_enabled_at` is set.
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last accepted 30-second time step; a code of that step or earlier is refused.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    #: Set by an administrator: this person must use two-factor sign-in.
    require_two_factor: Mapped[bool] = mapped_column(Boolean, default=False)

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    backup_codes: Mapped[list["BackupCode"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None and bool(self.totp_secret)

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class Membership(db.Model):
    """A person's role in one assembly."""

    __table_args__ = (UniqueConstraint("user_id", "assembly_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    assembly_id: Mapped[int] = mapped_column(
        ForeignKey("assembly.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(string_enum(Role))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    assembly: Mapped["Assembly"] = relationship(back_populates="memberships")  # noqa: F821


class LoginSession(db.Model):
    """A server-side record of one sign-in, so a cookie replayed after logout is refused."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_agent: Mapped[str | None] = mapped_column(String(255))
    #: When the person last proved who they are with their password (and code). None after a
    #: sign-in by emailed link or invitation, which proves a mailbox and not the person.
    authenticated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BackupCode(db.Model):
    """A single-use code for signing in without the authenticator app."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the code; the code itself is shown once.
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="backup_codes")


class Invitation(db.Model):
    """A link that lets someone create an account with a given capability."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    #: SHA-256 of the token; the token itself is only ever in the link.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: Without assembly_id: "organiser", the platform-wide right to create assemblies.
    #: With assembly_id: a TEAM_ROLES value, that role in that assembly and nothing more.
    capability: Mapped[str] = mapped_column(String(20))
    assembly_id: Mapped[int | None] = mapped_column(ForeignKey("assembly.id", ondelete="CASCADE"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    invited_by: Mapped[User | None] = relationship(foreign_keys=[invited_by_id])

    def is_usable(self, now: datetime) -> bool:
        """Say whether the link can still be used at `now`."""
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at
