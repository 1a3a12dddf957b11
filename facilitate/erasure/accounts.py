"""Erase a drawn person from the panel and, unless it serves anything else, their account."""

from sqlalchemy import delete, func, select, update

from facilitate.extensions import db
from facilitate.models import Invitation, LoginSession, Member, Membership, MemberStatus, Role, User
from facilitate.models.members import MemberNote, TravelClaim
from facilitate.models.users import BackupCode

#: Tables written here, for the purge after the commit.
TABLES = (
    "member", "member_note", "travel_claim", "user", "membership", "login_session",
    "backup_code", "invitation",
)  # fmt: skip


def erase_members(registrant_ids: list[int]) -> set[str]:
    """Take the registrants off the panel and erase their accounts; return the accounts' e-mails.

    The seat stays (a replacement draw fills it); contact notes and travel claims keep their
    dates and amounts but lose their text, which often names the person.
    """
    found = db.session.scalars(select(Member).where(Member.registrant_id.in_(registrant_ids)))
    emails = set()
    for member in found.all():
        if member.is_active:
            member.status = MemberStatus.WITHDRAWN
        member.invite_token_hash = member.calendar_token = member.signin_token_hash = None
        member.signin_token_expires_at = None
        db.session.execute(update(MemberNote).filter_by(member_id=member.id).values(body=""))
        db.session.execute(
            update(TravelClaim).filter_by(member_id=member.id).values(description="")
        )
        if member.user_id is not None:
            email = _erase_account(member.user_id, member.assembly_id)
            if email:
                emails.add(email)
    return emails


def _erase_account(user_id: int, assembly_id: int) -> str:
    """Take the member role away; erase the account unless it holds any other role.

    Return the e-mail the account had if it was erased, else "".
    """
    db.session.execute(
        delete(Membership).filter_by(user_id=user_id, assembly_id=assembly_id, role=Role.MEMBER)
    )
    user = db.session.get(User, user_id)
    others = db.session.scalar(select(func.count(Membership.id)).filter_by(user_id=user_id))
    if user.is_admin or user.can_organise or others:
        # Still someone's way in to another assembly or to staff work: theirs to close.
        return ""
    email = user.email.strip().lower()
    user.email = f"erased-{user.id}@erased.invalid"
    user.name = ""
    user.password_hash = "!"  # noqa: S105 - matches no password
    user.is_active_account = False
    user.locale = None
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    user.require_two_factor = False
    db.session.execute(delete(BackupCode).filter_by(user_id=user.id))
    db.session.execute(delete(LoginSession).filter_by(user_id=user.id))
    db.session.execute(delete(Invitation).where(func.lower(Invitation.email) == email))
    return email
