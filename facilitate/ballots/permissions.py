"""Who may vote and who sees results: predicates over a user, an assembly and a ballot."""

from facilitate.extensions import db
from facilitate.models import Member, MemberStatus
from facilitate.models.ballots import Ballot
from facilitate.permissions import can_manage_assembly, can_take_part


def member_for(user, assembly) -> Member | None:
    """Return the user's confirmed member seat in this assembly, if any."""
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(
        db.select(Member).filter_by(
            assembly_id=assembly.id, user_id=user.id, status=MemberStatus.CONFIRMED
        )
    )


def can_see_results(user, assembly, ballot: Ballot) -> bool:
    """Organisers see results once counted; everyone else once they are published."""
    if can_manage_assembly(user, assembly):
        return True
    return ballot.published_at is not None and can_take_part(user, assembly)


def can_vote(user, assembly) -> bool:
    """Only the panel's confirmed members vote and add minority statements."""
    return member_for(user, assembly) is not None
