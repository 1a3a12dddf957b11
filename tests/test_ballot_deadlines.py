"""Ballots close themselves at their deadline: on view, from cron, once, as a manual close."""

import json
from datetime import timedelta

import pytest

from facilitate.ballots import deadlines, queries, services
from facilitate.extensions import db
from facilitate.models import AssemblyStatus
from facilitate.models.audit import AuditEntry
from facilitate.models.ballots import Ballot, BallotStatus, ItemStatus
from facilitate.models.base import utcnow
from tests import factories
from tests.concurrency import at_once
from tests.worlds.deliberation import member, recommendation


@pytest.fixture
def world(app):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, status=AssemblyStatus.VOTING)
    recs = [recommendation(assembly, "Insulate schools"), recommendation(assembly, "Plant trees")]
    return {"organiser": organiser, "assembly": assembly, "recs": recs}


def _ballot(world, closes_at, mode="together", title="Final vote") -> Ballot:
    """An open ballot with a yes/no item and a ranking item."""
    first, second = world["recs"]
    ballot = services.create_ballot(world["assembly"], title, mode, closes_at, world["organiser"])
    services.add_item(ballot, "yes_no", "simple", [first.id])
    services.add_item(ballot, "ranking", "simple", [first.id, second.id])
    services.open_ballot(ballot, utcnow() - timedelta(days=2), None)
    db.session.commit()
    return ballot


def _closes(ballot) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            db.select(AuditEntry).filter_by(action="ballot.close", target=f"ballot:{ballot.id}")
        )
    )


def _url(world, ballot, tail=""):
    return f"/assemblies/{world['assembly'].slug}/ballots/{ballot.id}{tail}"


@pytest.mark.parametrize("page", ["list", "ballot", "results"])
def test_expired_ballot_is_closed_when_viewed(world, client, login, page):
    ballot = _ballot(world, utcnow() - timedelta(minutes=1))
    user, _seat = member(world["assembly"])
    login(user)
    path = {
        "list": f"/assemblies/{world['assembly'].slug}/ballots/",
        "ballot": _url(world, ballot),
        "results": _url(world, ballot, "/results"),
    }[page]
    assert client.get(path).status_code == 200
    db.session.expire_all()
    assert ballot.status == BallotStatus.CLOSED
    assert ballot.closed_at == ballot.closes_at
    assert all(i.status == ItemStatus.CLOSED and i.eligible_count == 1 for i in ballot.items)
    (entry,) = _closes(ballot)
    # The viewer only triggered it: the log names no person.
    assert (entry.actor_id, entry.actor_email) == (None, "")
    assert json.loads(entry.after)["by"] == "deadline"


def test_cli_closes_due_ballots_once(world, runner):
    due = _ballot(world, utcnow() - timedelta(minutes=1))
    result = runner.invoke(args=["ballots", "close-due"])
    assert result.exit_code == 0, result.output
    assert f"Ballot {due.id} (Final vote) closed at its deadline" in result.output
    again = runner.invoke(args=["ballots", "close-due"])
    assert again.exit_code == 0 and "No ballot is past its deadline." in again.output
    db.session.expire_all()
    assert due.status == BallotStatus.CLOSED
    assert len(_closes(due)) == 1


def test_closing_twice_closes_once(world):
    ballot = _ballot(world, utcnow() - timedelta(minutes=1))
    assert deadlines.close_due_ballots(utcnow()) == [ballot]
    assert deadlines.close_due_ballots(utcnow()) == []
    db.session.commit()
    assert deadlines.close_due_ballots(utcnow()) == []
    assert len(_closes(ballot)) == 1


def test_ballots_without_a_passed_deadline_stay_open(world, client, login, runner):
    endless = _ballot(world, None, title="No deadline")
    later = _ballot(world, utcnow() + timedelta(hours=1), title="Later")
    draft = services.create_ballot(
        world["assembly"], "Draft", "together", utcnow() - timedelta(days=1), world["organiser"]
    )
    db.session.commit()
    login(world["organiser"])
    client.get(f"/assemblies/{world['assembly'].slug}/ballots/")
    client.get(_url(world, later))
    assert "No ballot is past its deadline." in runner.invoke(args=["ballots", "close-due"]).output
    db.session.expire_all()
    assert (endless.status, later.status) == (BallotStatus.OPEN, BallotStatus.OPEN)
    assert draft.status == BallotStatus.DRAFT
    assert db.session.query(AuditEntry).filter_by(action="ballot.close").count() == 0


def test_vote_after_the_deadline_is_refused_before_and_after_the_close(world, client, login):
    ballot = _ballot(world, utcnow() - timedelta(seconds=1))
    user, _seat = member(world["assembly"])
    login(user)
    item = ballot.items[0]
    vote = _url(world, ballot, f"/items/{item.id}/vote")
    still_open = client.post(vote, data={"choice": "yes"}, follow_redirects=True)
    assert "The deadline for this ballot has passed." in still_open.get_data(as_text=True)
    db.session.expire_all()
    assert ballot.status == BallotStatus.CLOSED  # the page it came back to closed it
    closed = client.post(vote, data={"choice": "yes"}, follow_redirects=True)
    assert "The deadline for this ballot has passed." in closed.get_data(as_text=True)
    assert queries.voter_count(item) == 0


def test_vote_just_before_the_deadline_is_counted(world, client, login):
    ballot = _ballot(world, utcnow() + timedelta(minutes=1))
    user, _seat = member(world["assembly"])
    login(user)
    item = ballot.items[0]
    cast = client.post(
        _url(world, ballot, f"/items/{item.id}/vote"), data={"choice": "yes"}, follow_redirects=True
    )
    assert "Your ballot was cast" in cast.get_data(as_text=True)
    # A moment after the deadline, the close counts it.
    assert deadlines.close_due_ballots(ballot.closes_at + timedelta(seconds=1)) == [ballot]
    db.session.commit()
    result = queries.item_result(item)
    assert (result.ballots, result.voters, result.passed) == (1, 1, True)


def _results(ballot):
    return [
        (item.position, r.rows, r.ballots, r.voters, r.eligible, r.passed, r.share_in_favour)
        for item, r in queries.ballot_results(ballot)
    ]


def test_deadline_close_counts_like_a_manual_close(world):
    deadline = utcnow() + timedelta(minutes=5)
    by_hand = _ballot(world, deadline, title="By hand")
    by_deadline = _ballot(world, deadline, title="By deadline")
    seats = [member(world["assembly"])[1] for _ in range(3)]
    for ballot in (by_hand, by_deadline):
        yes_no, ranking = ballot.items
        a, b = (str(o.id) for o in ranking.options)
        for seat, choice, order in zip(
            seats, ["yes", "yes", "no"], [[a, b], [b, a], [a, b]], strict=True
        ):
            services.cast_ballot(yes_no, seat, [choice], utcnow().date())
            services.cast_ballot(ranking, seat, order, utcnow().date())
    db.session.commit()
    services.close_ballot(by_hand, deadline, world["organiser"])
    db.session.commit()
    closed = deadlines.close_due_ballots(deadline + timedelta(seconds=1))
    db.session.commit()
    assert closed == [by_deadline]
    assert by_deadline.closed_at == by_hand.closed_at == deadline
    hand, auto = _results(by_hand), _results(by_deadline)
    # Option keys are ids, so compare the rankings by label and points.
    assert (
        [r[2:] for r in hand]
        == [r[2:] for r in auto]
        == [
            (3, 3, 3, True, 66.7),
            (3, 3, 3, None, None),
        ]
    )
    assert [[(x.label, x.count, x.points) for x in r[1]] for r in hand] == [
        [(x.label, x.count, x.points) for x in r[1]] for r in auto
    ]
    (manual,) = _closes(by_hand)
    (automatic,) = _closes(by_deadline)
    assert json.loads(manual.after)["by"] == "organiser"
    assert json.loads(automatic.after)["by"] == "deadline"


def test_organiser_closing_by_hand_is_logged_as_them(world, client, login):
    ballot = _ballot(world, None)
    login(world["organiser"])
    client.post(_url(world, ballot, "/close"))
    (entry,) = _closes(ballot)
    assert entry.actor_id == world["organiser"].id


def test_two_workers_at_once_close_once(app, world, database_url):
    """Two sessions on separate connections; on PostgreSQL this is a real race."""
    ballot = _ballot(world, utcnow() - timedelta(minutes=1))
    closed = []

    def work():
        closed.extend(b.id for b in deadlines.close_due_ballots(utcnow()))
        db.session.commit()

    assert at_once(app, work, [(), ()]) == []
    assert closed == [ballot.id]
    db.session.expire_all()
    assert ballot.status == BallotStatus.CLOSED
    assert len(_closes(ballot)) == 1
