"""The database models, one module per aggregate."""

from facilitate.models.assemblies import Assembly, AssemblyStatus, StatusChange
from facilitate.models.mail import OutboxMessage
from facilitate.models.quotas import QuotaCategory, QuotaValue
from facilitate.models.registrants import (
    Letter,
    LetterDraw,
    PoolImport,
    Registrant,
    RegistrantAnswer,
    RegistrantStatus,
)
from facilitate.models.selection import PanelSeat, RunStatus, SelectionRun
from facilitate.models.users import Invitation, LoginSession, Membership, Role, User

__all__ = [
    "Assembly",
    "AssemblyStatus",
    "Invitation",
    "Letter",
    "LetterDraw",
    "LoginSession",
    "Membership",
    "OutboxMessage",
    "PanelSeat",
    "PoolImport",
    "QuotaCategory",
    "QuotaValue",
    "Registrant",
    "RegistrantAnswer",
    "RegistrantStatus",
    "Role",
    "RunStatus",
    "SelectionRun",
    "StatusChange",
    "User",
]
