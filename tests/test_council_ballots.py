"""Council ballots: every vote counted, one vote a member, quorum, no and abstain, secrecy."""

import re
from collections import Counter
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.orm import defer

from facilitate import create_app
from facilitate.ballots import papers
from facilitate.council import ballots as ballot_services
from facilitate.council import services
from facilitate.council import topics as topic_services
from facilitate.council.forms import rules_text
from facilitate.council.services import CouncilRefused
from facilitate.extensions import db
from facilitate.models.council import (
    CouncilBallot,
    CouncilBallotPaper,
    CouncilBallotParticipation,
    CouncilTerm,
    TopicSource,
    TopicStatus,
)
from tests import factories
from tests.concurrency import at_once
from tests.conftest import _config
from tests.worlds.council import seated_council

MEMBERS = "/council/rat/members/"


@pytest.fixture
def council(app):
    return seated_council("rat")


def _terms(council) -> list[CouncilTerm]:
    return services.sitting_terms(council, date.today())


def _question(council, question="Meet in public?", **data) -> CouncilBallot:
    ballot = ballot_services.open_ballot(council, None, {"question": question, **data}, None)
    db.session.commit()
    return ballot


def _topic(council, title):
    return topic_services.propose_topic(council, {"title": title, "source": TopicSource.GOVERNMENT})


def _cast(ballot, choices, terms) -> None:
    """Cast one vote a member, each in its own transaction, as members do."""
    for term, choice in zip(terms, choices, strict=False):
        ballot_services.cast_vote(ballot, term, choice, date.today())
        db.session.commit()


def _close(ballot) -> ballot_services.BallotResult:
    result = ballot_services.close_ballot(ballot, datetime.now(UTC), None)
    db.session.commit()
    return result


def _counts(result) -> dict:
    return {row.key: row.count for row in result.rows}


def _signed_in(app, user, phone: int):
    """Sign in from a phone of one's own: each has its own address (and login rate limit)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"10.0.0.{phone}"
    response = client.post(
        "/auth/login", data={"email": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    return client


def _vote(client, ballot_id: int, choice: str):
    url = f"{MEMBERS}ballots/{ballot_id}/vote"
    return client.post(url, data={f"b{ballot_id}-option": choice}, follow_redirects=True)


def test_twelve_members_voting_at_once_are_all_counted(app, council):
    ballot_id = _question(council).id  # threads must not touch this session's objects
    clients = [_signed_in(app, t.candidate.user, n) for n, t in enumerate(_terms(council)[:12])]
    choices = ["yes"] * 7 + ["no"] * 3 + ["abstain"] * 2
    pages = []

    def vote(client, choice):
        response = _vote(client, ballot_id, choice)
        pages.append((response.status_code, response.get_data(as_text=True)))

    assert at_once(app, vote, list(zip(clients, choices, strict=True))) == []
    assert [status for status, _page in pages] == [200] * 12
    assert all("Your vote was recorded." in page for _status, page in pages)
    db.session.expire_all()
    assert db.session.query(CouncilBallotParticipation).filter_by(ballot_id=ballot_id).count() == 12
    result = _close(db.session.get(CouncilBallot, ballot_id))
    assert result.ballots == 12 and result.voters == 12
    assert _counts(result) == {"yes": 7, "no": 3, "abstain": 2}


def test_one_member_voting_five_times_at_once_counts_once_and_sees_the_receipt_once(app, council):
    ballot_id = _question(council, secret=True).id
    user = _terms(council)[0].candidate.user
    clients = [_signed_in(app, user, n) for n in range(5)]
    pages = {}

    def vote(client):
        response = _vote(client, ballot_id, "no")
        pages[client] = (response.status_code, response.get_data(as_text=True))

    assert at_once(app, vote, [(c,) for c in clients]) == []  # an error here would be a 500
    assert [status for status, _page in pages.values()] == [200] * 5
    recorded = [c for c, (_s, page) in pages.items() if "Your vote was recorded." in page]
    assert len(recorded) == 1
    assert sum("already voted" in page for _s, page in pages.values()) == 4
    code = re.search(r"data-receipt>([A-Z0-9-]+)<", pages[recorded[0]][1]).group(1)
    assert code not in recorded[0].get(MEMBERS).get_data(as_text=True)  # shown once
    stored = db.session.scalars(db.select(CouncilBallotPaper)).all()
    assert [(p.choice, p.receipt_hash) for p in stored] == [("no", papers.receipt_hash(code))]
    assert db.session.query(CouncilBallotParticipation).count() == 1
    _close(db.session.get(CouncilBallot, ballot_id))
    checked = recorded[0].post(f"{MEMBERS}receipt", data={"code": code}, follow_redirects=True)
    assert "Your vote was counted in: “Meet in public?”" in checked.get_data(as_text=True)


def test_without_a_quorum_nothing_is_decided_and_the_result_says_why(client, login, council):
    ballot = _question(council)
    assert ballot.quorum_percent == 50  # a majority of the sitting members, by default
    login(_terms(council)[0].candidate.user)
    page = client.get(MEMBERS).get_data(as_text=True)
    assert "Quorum: 13 of the 24 sitting members must vote" in page
    _cast(ballot, ["yes"] * 12, _terms(council))
    result = _close(ballot)
    assert (result.winner, result.why, result.quorum) == (None, "quorum", 13)
    assert ballot.outcome is None
    page = client.get(MEMBERS).get_data(as_text=True)
    assert "No decision: 12 votes were cast and the quorum is 13." in page

    client.post("/auth/logout")
    login(council.staff[0].user)
    skip = ("quota_rules", "allow_overstay", "working_languages")
    settings = {f: str(getattr(council, f)) for f in services.SETTINGS if f not in skip}
    settings |= {"rules": rules_text(council.quota_rules), "quorum_percent": "40"}
    assert client.post("/council/rat/manage/settings", data=settings).status_code == 302
    db.session.expire_all()
    assert council.quorum_percent == 40
    lower = _question(council, "Publish the minutes?")
    _cast(lower, ["yes"] * 12, _terms(council))
    assert _close(lower).winner.key == "yes"  # 12 of 24 is more than 40 %
    assert ballot_services.ballot_result(ballot).why == "quorum"  # the first one stands


def test_no_and_abstain_are_offered_and_abstentions_count_for_the_quorum_only(
    client, login, council
):
    ballot = _question(council)
    login(_terms(council)[0].candidate.user)
    page = client.get(MEMBERS).get_data(as_text=True)
    for key, label in (("yes", "Yes"), ("no", "No"), ("abstain", "Abstain")):
        assert f'value="{key}"' in page and f">{label}</label>" in page
    _cast(ballot, ["yes"] * 5 + ["no"] * 4 + ["abstain"] * 4, _terms(council))
    result = _close(ballot)
    assert _counts(result) == {"yes": 5, "no": 4, "abstain": 4}
    assert result.winner.key == "yes" and result.share_in_favour == 55.6  # 13 of 24: quorate

    rejected = _question(council, "Meet at night?")
    _cast(rejected, ["yes"] * 4 + ["no"] * 6 + ["abstain"] * 3, _terms(council))
    assert _close(rejected).winner.key == "no"
    tied = _question(council, "Meet on Sundays?")
    _cast(tied, ["yes"] * 5 + ["no"] * 5 + ["abstain"] * 3, _terms(council))
    assert _close(tied).why == "tie"


def test_a_yes_needs_the_ballots_threshold(council):
    ballot = _question(council, threshold="two_thirds")
    _cast(ballot, ["yes"] * 8 + ["no"] * 5, _terms(council))
    assert _close(ballot).winner.key == "no"  # 8 of 13 is less than two thirds


def test_a_single_topic_is_a_question_and_one_vote_of_24_does_not_decide(client, login, council):
    topic = _topic(council, "Water")
    ballot = _question(council, "Take up “Water”?", topics=[topic])
    assert [(o.key, o.topic_id) for o in ballot.options] == [
        ("yes", topic.id),
        ("no", None),
        ("abstain", None),
    ]
    login(_terms(council)[0].candidate.user)
    page = client.get(MEMBERS).get_data(as_text=True)
    assert 'value="no"' in page and 'value="abstain"' in page
    assert _vote(client, ballot.id, "yes").status_code == 200
    result = _close(ballot)
    assert result.winner is None and result.why == "quorum"
    assert topic.status is TopicStatus.SUBMITTED

    again = _question(council, "Take up “Water”?", topics=[topic])
    _cast(again, ["yes"] * 4 + ["no"] * 9, _terms(council))
    assert _close(again).winner.key == "no"
    assert topic.status is TopicStatus.DECLINED


def test_a_choice_between_topics_offers_abstain_and_a_tie_decides_nothing(council):
    first, second = _topic(council, "Water"), _topic(council, "Housing")
    ballot = _question(council, "Which topic?", topics=[first, second])
    assert [o.key for o in ballot.options] == [f"t{first.id}", f"t{second.id}", "abstain"]
    _cast(ballot, [f"t{first.id}"] * 6 + [f"t{second.id}"] * 6 + ["abstain"] * 2, _terms(council))
    result = _close(ballot)
    assert (result.winner, result.why) == (None, "tie")
    assert first.status is second.status is TopicStatus.SUBMITTED
    again = _question(council, "Which topic?", topics=[first, second])
    _cast(again, [f"t{first.id}"] * 6 + [f"t{second.id}"] * 5 + ["abstain"] * 3, _terms(council))
    assert _close(again).winner.topic_id == first.id
    assert (first.status, second.status) == (TopicStatus.CHOSEN, TopicStatus.SUBMITTED)


def test_secret_papers_name_no_voter_and_do_not_follow_the_voting_order(app, council):
    columns = {c["name"] for c in inspect(db.engine).get_columns("council_ballot_paper")}
    assert columns == {"id", "ballot_id", "choice", "cast_on", "receipt_hash"}
    foreign = inspect(db.engine).get_foreign_keys("council_ballot_paper")
    assert [fk["referred_table"] for fk in foreign] == ["council_ballot"]

    ballot = _question(council, secret=True)
    terms = _terms(council)
    choices = [("yes", "no", "abstain")[n % 3] for n in range(len(terms))]
    _cast(ballot, choices, terms)
    # The DBA's attack: voters in the order they voted, papers in the order they are stored.
    voters = db.session.scalars(
        db.select(CouncilBallotParticipation.term_id)
        .filter_by(ballot_id=ballot.id)
        .order_by(CouncilBallotParticipation.id)
    ).all()
    assert voters == [t.id for t in terms]
    physical = "ctid" if db.engine.dialect.name == "postgresql" else "rowid"
    orders = {
        order: db.session.execute(
            text(f"SELECT choice FROM council_ballot_paper WHERE ballot_id = :b ORDER BY {order}"),
            {"b": ballot.id},
        )
        .scalars()
        .all()
        for order in (physical, "id", "receipt_hash")
    }
    for order, found in orders.items():
        assert sorted(found) == sorted(choices)
        assert found not in (choices, choices[::-1]), f"papers by {order} follow the voters"
    if db.engine.dialect.name == "postgresql":
        # Every paper was written again by the last vote, so no transaction id tells them apart.
        xmins = db.session.execute(
            text(
                "SELECT count(DISTINCT xmin::text) FROM council_ballot_paper WHERE ballot_id = :b"
            ),
            {"b": ballot.id},
        ).scalar()
        assert xmins == 1


def test_votes_racing_the_close_are_counted_or_refused(app, council):
    ballot = _question(council)
    ballot_id, term_ids = ballot.id, [t.id for t in _terms(council)[:10]]
    refused = []

    def act(term_id):
        mine = db.session.get(CouncilBallot, ballot_id)
        try:
            if term_id is None:
                ballot_services.close_ballot(mine, datetime.now(UTC), None)
            else:
                term = db.session.get(CouncilTerm, term_id)
                ballot_services.cast_vote(mine, term, "yes", date.today())
            db.session.commit()
        except CouncilRefused:
            db.session.rollback()
            refused.append(term_id)

    assert at_once(app, act, [(None,)] + [(t,) for t in term_ids]) == []
    db.session.expire_all()
    assert ballot.closed_at is not None and None not in refused
    result = ballot_services.ballot_result(ballot)
    assert result.ballots == result.voters == 10 - len(refused)
    assert ballot.eligible_count == 24


# The migration -----------------------------------------------------------------------------

REVISION = "e1a0c0de0016"


def _old_row(conn, table, **given):
    """Insert a row filling the columns the test does not care about; return its id."""
    filler = {sa.Integer: 1, sa.Boolean: False, sa.JSON: {}, sa.Date: date.today()}
    values = {}
    for column in table.columns:
        if column.name in given or column.nullable or column.primary_key:
            continue
        kind = next((v for t, v in filler.items() if isinstance(column.type, t)), None)
        if isinstance(column.type, sa.DateTime):
            kind = datetime.now(UTC)
        values[column.name] = "x" if kind is None else kind
    return conn.execute(table.insert().values(**values, **given)).inserted_primary_key[0]


def test_the_migration_turns_old_tallies_into_papers_and_back(empty_database):
    app = create_app(_config(empty_database))
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        parent = ScriptDirectory.from_config(config).get_revision(REVISION).down_revision
        upgrade(revision=parent)
        with db.engine.begin() as conn:
            meta = sa.MetaData()
            meta.reflect(conn)
            council = _old_row(conn, meta.tables["council"], slug="old")
            topic = _old_row(conn, meta.tables["council_topic"], council_id=council)
            ids = {}
            for name, closed, options in (
                (
                    "question",
                    True,
                    [("Yes", None, 5, True), ("No", None, 2, False), ("Abstain", None, 1, False)],
                ),
                ("one_topic", True, [("Water", topic, 15, True)]),
                ("topics", False, [("Water", topic, 3, False), ("Other", None, 4, False)]),
            ):
                ballot = _old_row(
                    conn,
                    meta.tables["council_ballot"],
                    council_id=council,
                    question=name,
                    closed_at=datetime.now(UTC) if closed else None,
                )
                ids[name] = ballot
                for label, topic_id, tally, won in options:
                    _old_row(
                        conn,
                        meta.tables["council_ballot_option"],
                        ballot_id=ballot,
                        label=label,
                        topic_id=topic_id,
                        tally=tally,
                        won=won,
                    )
        upgrade(revision=REVISION)

        def shape(name):
            # The model is ahead of this revision: leave out what later migrations added.
            later = [defer(CouncilBallot.opened_at)]
            ballot = db.session.get(CouncilBallot, ids[name], options=later)
            result = ballot_services.ballot_result(ballot)
            keys = [o.key for o in ballot.options]
            won = ballot.outcome.key if ballot.outcome else None
            return keys, won, _counts(result)

        assert shape("question") == (
            ["yes", "no", "abstain"],
            "yes",
            {"yes": 5, "no": 2, "abstain": 1},
        )
        assert shape("one_topic") == (
            ["yes", "no", "abstain"],
            "yes",
            {"yes": 15, "no": 0, "abstain": 0},
        )
        keys, won, counts = shape("topics")
        assert keys[0] == f"t{topic}" and keys[1].startswith("o") and keys[2] == "abstain"
        assert counts == {keys[0]: 3, keys[1]: 4, "abstain": 0} and won is None
        stored = db.session.scalars(db.select(CouncilBallotPaper)).all()
        assert len(stored) == 30 and len({p.receipt_hash for p in stored}) == 30
        assert all(re.fullmatch(r"[0-9a-f]{32}", p.id) for p in stored)
        db.session.remove()

        downgrade(revision=parent)
        with db.engine.connect() as conn:
            tallies = conn.execute(
                text("SELECT ballot_id, label, tally FROM council_ballot_option ORDER BY id")
            ).all()
        assert Counter({(b, label): n for b, label, n in tallies if n}) == Counter(
            {
                (ids["question"], "Yes"): 5,
                (ids["question"], "No"): 2,
                (ids["question"], "Abstain"): 1,
                (ids["one_topic"], "Water"): 15,
                (ids["topics"], "Water"): 3,
                (ids["topics"], "Other"): 4,
            }
        )
        assert "council_ballot_paper" not in inspect(db.engine).get_table_names()
        db.engine.dispose()
