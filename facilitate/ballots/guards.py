"""The assembly may publish its recommendations only once something has been voted on."""

from flask_babel import lazy_gettext as _l

from facilitate.assemblies.lifecycle import add_guard
from facilitate.extensions import db
from facilitate.models import Assembly
from facilitate.models import AssemblyStatus as S
from facilitate.models.ballots import Ballot, BallotItem, ItemStatus


@add_guard(S.VOTING, S.PUBLISHED)
def _a_ballot_item_closed(assembly: Assembly) -> list[str]:
    closed = db.session.scalar(
        db.select(db.func.count(BallotItem.id))
        .join(Ballot)
        .filter(Ballot.assembly_id == assembly.id, BallotItem.status == ItemStatus.CLOSED)
    )
    if not closed:
        return [str(_l("Close at least one ballot item before publishing the recommendations."))]
    return []
