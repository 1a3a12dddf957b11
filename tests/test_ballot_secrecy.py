"""Ballot secrecy against a database reader: nothing pairs a member with a paper beyond chance.

32 members vote on three items, each vote its own transaction, in a random order across items.
Then every attack a reader of the tables, the results, the logs or a backup has is scored
against the receipts the members were given, while the ballot is open and after it closed.
"""

import logging
import random

import pytest

from facilitate.backups.dump import create_backup
from facilitate.ballots import papers, queries, services
from facilitate.extensions import db
from facilitate.models import AssemblyStatus
from facilitate.models.ballots import BallotPaper, Voter
from facilitate.models.base import utcnow
from tests import ballot_attacks, factories
from tests.worlds.deliberation import member

MEMBERS = 32


@pytest.fixture
def voted(app, caplog):
    """Open a three-item ballot and let 32 members vote on every item, in a shuffled order."""
    caplog.set_level(logging.DEBUG)
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, status=AssemblyStatus.VOTING, panel_size=MEMBERS)
    ballot = ballot_attacks.three_item_ballot(assembly, organiser)
    seats = [member(assembly)[1] for _ in range(MEMBERS)]
    items = list(ballot.items)
    truth, _seconds = ballot_attacks.vote_in_shuffled_order(items, seats, random.Random(7))
    return {
        "assembly": assembly,
        "ballot": ballot,
        "items": items,
        "truth": truth,
        "organiser": organiser,
    }


def _table_attacks() -> dict:
    attacks = ballot_attacks.table_attacks(db.session.connection())
    db.session.commit()
    return attacks


def _assert_no_better_than_chance(attacks: dict, truth: dict, items: int) -> None:
    limit = ballot_attacks.chance_limit(items)
    scores = {name: ballot_attacks.score(guess, truth) for name, guess in attacks.items()}
    assert all(score <= limit for score in scores.values()), (scores, limit)


def _voters_in_id_order() -> list[tuple[int, int]]:
    return [(v.item_id, v.member_id) for v in db.session.query(Voter).order_by(Voter.id)]


def test_an_open_ballot_links_no_member_to_a_paper(voted):
    assert db.session.query(BallotPaper).count() == MEMBERS * 3
    _assert_no_better_than_chance(_table_attacks(), voted["truth"], 3)


def test_a_closed_and_published_ballot_links_no_member_to_a_paper(
    voted, database_url, tmp_path, caplog
):
    services.close_ballot(voted["ballot"], utcnow(), actor=voted["organiser"])
    db.session.commit()
    services.publish_results(voted["ballot"], utcnow(), None)
    db.session.commit()
    attacks = _table_attacks()
    voters = _voters_in_id_order()
    published = queries.published_results(voted["assembly"])[0]["items"]
    attacks["result_order"] = ballot_attacks.list_order(
        voters,
        [
            (i.id, r)
            for i, p in zip(voted["items"], published, strict=True)
            for r in p["receipt_hashes"]
        ],
    )
    logged = [(item, r) for (item, _m), r in voted["truth"].items() if r in caplog.text]
    attacks["logs"] = ballot_attacks.list_order(voters, logged)
    backup = create_backup(database_url, tmp_path / "backup.dump")
    attacks["backup_order"] = ballot_attacks.backup_order(backup, db.engine.dialect.name)
    _assert_no_better_than_chance(attacks, voted["truth"], 3)
    # The count is whole and consistent: one paper per voter.
    assert all(i["ballots"] == i["voters"] == MEMBERS for i in published)


def test_the_attacks_find_the_link_in_papers_written_the_naive_way(voted):
    """Proof the attacks can fail: voter and paper written together, nothing rewritten."""
    assembly = voted["assembly"]
    ballot = services.create_ballot(assembly, "Naive", "together", None, voted["organiser"])
    item = services.add_item(ballot, "yes_no", "simple", [voted["items"][0].recommendation_id])
    services.open_ballot(ballot, utcnow(), None)
    db.session.commit()
    truth = {}
    for seat in [member(assembly)[1] for _ in range(12)]:
        code = papers.new_receipt()
        db.session.add(Voter(item_id=item.id, member_id=seat.id, voted_on=utcnow().date()))
        db.session.flush()
        paper_id = papers.receipt_hash(code)[:32]
        db.session.add(
            BallotPaper(
                id=paper_id,
                item_id=item.id,
                choice="yes",
                cast_on=utcnow().date(),
                receipt_hash=papers.receipt_hash(code),
            )
        )
        db.session.commit()
        truth[(item.id, seat.id)] = papers.receipt_hash(code)
    attacks = _table_attacks()
    if "xmin" in attacks:
        # On PostgreSQL the shared transaction gives them away (free space scatters ctids).
        assert ballot_attacks.score(attacks["xmin"], truth) == 12
        assert ballot_attacks.score(attacks["old_versions"], truth) == 12
    else:
        assert ballot_attacks.score(attacks["row_order"], truth) == 12
