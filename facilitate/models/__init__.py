"""The database models, one module per aggregate."""

from facilitate.models.assemblies import Assembly, AssemblyStatus, StatusChange
from facilitate.models.mail import OutboxMessage
from facilitate.models.members import Member, MemberStatus
from facilitate.models.quotas import QuotaCategory, QuotaValue
from facilitate.models.recommendations import (
    AuthorityResponse,
    ImplementationUpdate,
    Recommendation,
    RecommendationStatus,
    RecommendationVersion,
    ResponseStatus,
)
from facilitate.models.registrants import (
    Letter,
    LetterDraw,
    PoolImport,
    Registrant,
    RegistrantAnswer,
    RegistrantStatus,
)
from facilitate.models.selection import PanelReserve, PanelSeat, RunStatus, SelectionRun
from facilitate.models.sittings import Sitting, SittingKind
from facilitate.models.users import Invitation, LoginSession, Membership, Role, User

__all__ = [
    "AuthorityResponse",
    "ImplementationUpdate",
    "Member",
    "MemberStatus",
    "Recommendation",
    "RecommendationStatus",
    "RecommendationVersion",
    "ResponseStatus",
    "Sitting",
    "SittingKind",
    "Assembly",
    "AssemblyStatus",
    "Invitation",
    "Letter",
    "LetterDraw",
    "LoginSession",
    "Membership",
    "OutboxMessage",
    "PanelReserve",
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

# Register every aggregate's tables whenever the models are imported (migrations, commands).
from facilitate.models import (  # noqa: E402
    audit,
    ballots,
    corrections,
    council,
    duplicate_decisions,
    erasures,
    evidence,
    evidence_requests,
    experts,
    notes,
    rate_limits,
    registration_form,
    shown_once,
    sittings_content,
    surveys,
    translations,
)

__all__ += [
    "audit",
    "ballots",
    "corrections",
    "council",
    "duplicate_decisions",
    "erasures",
    "evidence",
    "experts",
    "notes",
    "rate_limits",
    "registration_form",
    "shown_once",
    "sittings_content",
    "surveys",
    "evidence_requests",
    "translations",
]
