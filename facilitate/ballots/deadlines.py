"""Close ballots at their deadline, lazily when a page shows them and from cron.

A ballot past its deadline already refuses votes; closing it is what counts it and lets the
organiser publish. Pages call this so no one sees an expired ballot as open even without a
scheduler; `flask --app facilitate ballots close-due` does the same for every assembly.
"""

from datetime import datetime

from facilitate.ballots import services
from facilitate.extensions import db
from facilitate.models.ballots import Ballot, BallotStatus


def close_due_ballots(now: datetime, assembly_id: int | None = None) -> list[Ballot]:
    """Close every open ballot whose deadline is before `now`, as a manual close would.

    Each ballot is locked and checked again before it closes, so two workers or two page views
    racing close it once: the later one waits for the first to commit, then finds it closed.
    The ballot closes at its deadline, not at `now`, since no vote was accepted after it.
    """
    query = (
        db.select(Ballot.id)
        .filter(
            Ballot.status == BallotStatus.OPEN,
            Ballot.closes_at.is_not(None),
            Ballot.closes_at < now,
        )
        .order_by(Ballot.id)  # one lock order for every worker, so none deadlock
    )
    if assembly_id is not None:
        query = query.filter(Ballot.assembly_id == assembly_id)
    due = [db.session.get(Ballot, ballot_id) for ballot_id in db.session.scalars(query).all()]
    # Lock them all before the first audit entry takes the log's lock: an organiser closing one
    # of them holds its lock, then wants the log's, and must not find us holding it.
    for ballot in due:
        services.lock_ballot(ballot)
    closed = []
    for ballot in due:
        try:
            services.close_ballot(ballot, ballot.closes_at, None, by="deadline")
        except services.BallotError:
            continue  # another worker closed it while we waited for its lock
        closed.append(ballot)
    return closed
