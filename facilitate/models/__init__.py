"""The database models, one module per aggregate."""

from facilitate.models.assemblies import Assembly, AssemblyStatus, StatusChange
from facilitate.models.quotas import QuotaCategory, QuotaValue
from facilitate.models.users import Invitation, LoginSession, Membership, Role, User

__all__ = [
    "Assembly",
    "AssemblyStatus",
    "Invitation",
    "LoginSession",
    "Membership",
    "QuotaCategory",
    "QuotaValue",
    "Role",
    "StatusChange",
    "User",
]
