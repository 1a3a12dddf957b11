"""Secret ballots: secrecy in the schema, one ballot per member, thresholds, order, results."""

import logging

import pytest
from sqlalchemy import inspect

from facilitate.assemblies.lifecycle import refusal_reasons
from facilitate.ballots import papers, queries, services, tally
from facilitate.extensions import db
from facilitate.models import AssemblyStatus
from facilitate.models.ballots import BallotPaper, ItemStatus, Voter
from facilitate.models.base import utcnow
from tests import factories
from tests.concurrency import at_once
from tests.worlds.deliberation import member, recommendation


@pytest.fixture
def setup(app):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, status=AssemblyStatus.VOTING)
    first = recommendation(assembly, "Insulate schools")
    second = recommendation(assembly, "Plant trees")
    ballot = services.create_ballot(assembly, "Final vote", "sequential", None, organiser)
    services.add_item(ballot, "yes_no", "four_fifths", [first.id])
    services.add_item(ballot, "scale", "simple", [second.id])
    services.add_item(ballot, "ranking", "simple", [first.id, second.id])
    db.session.commit()
    return {"organiser": organiser, "assembly": assembly, "ballot": ballot}


def _url(setup, tail=""):
    return f"/assemblies/{setup['assembly'].slug}/ballots/{setup['ballot'].id}{tail}"


def _open(setup):
    services.open_ballot(setup["ballot"], utcnow(), None)
    db.session.commit()
    return setup["ballot"].items


def test_ballot_papers_have_no_link_to_members(app):
    columns = {c["name"] for c in inspect(db.engine).get_columns("ballot_paper")}
    assert columns == {"id", "item_id", "choice", "cast_on", "receipt_hash"}
    targets = {fk["referred_table"] for fk in inspect(db.engine).get_foreign_keys("ballot_paper")}
    assert targets == {"ballot_item"}
    assert str(BallotPaper.__table__.c.cast_on.type) == "DATE"
    voter_columns = {c["name"] for c in inspect(db.engine).get_columns("voter")}
    assert "choice" not in voter_columns and "paper_id" not in voter_columns
    uniques = inspect(db.engine).get_unique_constraints("voter")
    assert any(set(u["column_names"]) == {"item_id", "member_id"} for u in uniques)


@pytest.mark.parametrize(
    ("yes", "no", "threshold", "expected"),
    [
        (4, 1, "four_fifths", True),  # exactly 80 %
        (79, 21, "four_fifths", False),
        (80, 20, "four_fifths", True),
        (2, 1, "two_thirds", True),  # exactly two thirds
        (66, 34, "two_thirds", False),
        (1, 1, "simple", False),  # a tie fails
        (2, 1, "simple", True),
        (0, 0, "simple", False),
        (0, 0, "four_fifths", False),
    ],
)
def test_thresholds(yes, no, threshold, expected):
    assert tally.passes(yes, no, threshold) is expected


def test_abstentions_count_for_turnout_not_for_the_decision():
    counted = tally.count_decision(
        ["yes"] * 4 + ["no"] + ["abstain"] * 5,
        "yes_no",
        "four_fifths",
        {"yes": "Y", "no": "N", "abstain": "A"},
    )
    assert counted["passed"] is True
    assert counted["share_in_favour"] == 80.0
    assert [r.percent for r in counted["rows"]] == [40.0, 10.0, 50.0]


def test_sequential_items_open_one_after_another(setup):
    first, second, third = _open(setup)
    assert [i.status for i in (first, second, third)] == [
        ItemStatus.OPEN,
        ItemStatus.WAITING,
        ItemStatus.WAITING,
    ]
    with pytest.raises(services.BallotError):
        services.close_item(second, utcnow(), None)
    assert services.close_item(first, utcnow(), None) is second
    assert (second.status, third.status) == (ItemStatus.OPEN, ItemStatus.WAITING)
    services.close_item(second, utcnow(), None)
    services.close_item(third, utcnow(), None)
    assert setup["ballot"].status.value == "closed"


def test_waiting_item_refuses_votes(setup, client, login):
    user, _m = member(setup["assembly"])
    items = _open(setup)
    login(user)
    response = client.post(
        _url(setup, f"/items/{items[1].id}/vote"), data={"choice": "4"}, follow_redirects=True
    )
    assert "not open for voting" in response.get_data(as_text=True)
    assert db.session.query(Voter).count() == 0


def test_vote_receipt_shown_once_and_double_click_counts_once(setup, app, client, login, caplog):
    user, _m = member(setup["assembly"])
    item = _open(setup)[0]
    login(user)
    caplog.set_level(logging.DEBUG)
    page = client.get(_url(setup, f"/items/{item.id}/vote")).get_data(as_text=True)
    assert "cannot be changed once cast" in page
    first = client.post(_url(setup, f"/items/{item.id}/vote"), data={"choice": "no"})
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    cookie_after_vote = app.session_interface.get_signing_serializer(app).loads(cookie)
    second = client.post(
        _url(setup, f"/items/{item.id}/vote"), data={"choice": "yes"}, follow_redirects=True
    )
    assert first.status_code == 302
    assert "already voted" in second.get_data(as_text=True)
    shown = client.get(_url(setup)).get_data(as_text=True)
    code = shown.split("data-receipt>")[1].split("<")[0]
    assert code not in client.get(_url(setup)).get_data(as_text=True)  # shown once
    stored = db.session.query(BallotPaper).all()
    assert [p.choice for p in stored] == ["no"]
    assert stored[0].receipt_hash == papers.receipt_hash(code)
    assert db.session.query(Voter).count() == 1
    logged = caplog.text
    assert (
        code not in logged and stored[0].id not in logged and stored[0].receipt_hash not in logged
    )
    # The receipt waited sealed in the database, never in the (readable) session cookie.
    assert code not in str(cookie_after_vote) and code.replace("-", "") not in str(
        cookie_after_vote
    )


def test_failure_after_recording_the_voter_leaves_neither_row(setup, monkeypatch):
    item = _open(setup)[0]
    _u, seat = member(setup["assembly"])

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(papers, "cast", broken)
    with pytest.raises(RuntimeError):
        services.cast_ballot(item, seat, ["yes"], utcnow().date())
    assert db.session.query(Voter).count() == 1  # flushed, not committed
    db.session.rollback()
    assert db.session.query(Voter).count() == 0
    assert db.session.query(BallotPaper).count() == 0


def test_failure_in_the_request_leaves_neither_row(setup, client, login, monkeypatch):
    user, _m = member(setup["assembly"])
    item = _open(setup)[0]
    login(user)
    monkeypatch.setattr(papers, "cast", lambda *a: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        client.post(_url(setup, f"/items/{item.id}/vote"), data={"choice": "yes"})
    db.session.rollback()
    assert db.session.query(Voter).count() == 0
    assert db.session.query(BallotPaper).count() == 0


def test_ten_concurrent_submissions_give_one_ballot(setup, app):
    """Real threads, each with its own app context, session and connection."""
    user, seat = member(setup["assembly"])
    item = _open(setup)[0]
    clients = []
    for _ in range(10):
        c = app.test_client()
        c.post("/auth/login", data={"email": user.email, "password": factories.PASSWORD})
        clients.append(c)
    url = _url(setup, f"/items/{item.id}/vote")
    outcomes = []

    def vote(c):
        response = c.post(url, data={"choice": "yes"}, follow_redirects=True)
        outcomes.append(response.get_data(as_text=True))

    assert at_once(app, vote, [(c,) for c in clients]) == []
    db.session.expire_all()
    assert sum("Your ballot was cast" in page for page in outcomes) == 1
    assert sum("already voted" in page for page in outcomes) == 9
    assert db.session.query(BallotPaper).filter_by(item_id=item.id).count() == 1
    assert db.session.query(Voter).filter_by(item_id=item.id, member_id=seat.id).count() == 1


def test_results_tally_publish_and_receipt(setup, client, login):
    assembly = setup["assembly"]
    seats = [member(assembly) for _ in range(5)]
    first, second, third = _open(setup)
    codes = []
    for (_u, seat), choice in zip(seats, ["yes", "yes", "yes", "yes", "no"], strict=True):
        codes.append(services.cast_ballot(first, seat, [choice], utcnow().date()))
    db.session.commit()
    services.close_item(first, utcnow(), None)
    db.session.commit()
    result = queries.item_result(first)
    assert (result.ballots, result.voters, result.eligible, result.turnout) == (5, 5, 5, 100.0)
    assert result.passed is True and result.consistent
    assert sorted(result.receipt_hashes) == sorted(papers.receipt_hash(c) for c in codes)

    # Members see nothing until the organiser publishes.
    user = seats[4][0]
    login(user)
    page = client.get(_url(setup, "/results")).get_data(as_text=True)
    assert "not been published" in page
    assert queries.published_results(assembly) == []
    response = client.post(
        _url(setup, f"/items/{first.id}/statement"), data={"text": "We <b>disagree</b>."}
    )
    assert response.status_code == 302
    services.close_ballot(setup["ballot"], utcnow(), None)
    services.publish_results(setup["ballot"], utcnow(), None)
    db.session.commit()
    page = client.get(_url(setup, "/results")).get_data(as_text=True)
    assert "Passed" in page and "80.0%" in page and "&lt;b&gt;disagree" in page
    checked = client.post(
        _url(setup, "/receipt"), data={"code": codes[4].lower()}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Your ballot was counted in" in checked
    wrong = client.post(
        _url(setup, "/receipt"), data={"code": "AAAA-AAAA-AAAA"}, follow_redirects=True
    )
    assert "No counted ballot" in wrong.get_data(as_text=True)
    published = queries.published_results(assembly)
    assert published[0]["items"][0]["passed"] is True
    assert published[0]["items"][0]["statements"] == ["We <b>disagree</b>."]
    assert published[0]["items"][1]["ballots"] == 0


def test_ranking_and_approval_choices_are_checked(setup):
    items = setup["ballot"].items
    ranking = items[2]
    a, b = (str(o.id) for o in ranking.options)
    assert services.normalise_choice(ranking, [b, a]) == f"{b},{a}"
    with pytest.raises(services.BallotError):
        services.normalise_choice(ranking, [a, a])
    with pytest.raises(services.BallotError):
        services.ranking_from_positions(ranking, {int(a): "1", int(b): "1"})
    with pytest.raises(services.BallotError):
        services.normalise_choice(items[0], ["maybe"])
    counted = tally.count_ranking([f"{a},{b}", f"{a},{b}", f"{b},{a}"], [(a, "A"), (b, "B")])
    assert [(r.key, r.points) for r in counted["rows"]] == [(a, 2), (b, 1)]


def test_publishing_the_assembly_needs_a_closed_item(setup):
    assembly = setup["assembly"]
    assert any("ballot item" in r for r in refusal_reasons(assembly, AssemblyStatus.PUBLISHED))
    item = _open(setup)[0]
    services.close_item(item, utcnow(), None)
    db.session.commit()
    assert not any("ballot item" in r for r in refusal_reasons(assembly, AssemblyStatus.PUBLISHED))


def test_organiser_prepares_and_runs_a_ballot_through_the_pages(setup, client, login):
    login(setup["organiser"])
    slug = setup["assembly"].slug
    response = client.post(
        f"/assemblies/{slug}/ballots/new", data={"title": "", "mode": "together"}
    )
    assert response.status_code == 200 and "This field is required" in response.get_data(
        as_text=True
    )
    response = client.post(
        f"/assemblies/{slug}/ballots/new", data={"title": "Priorities", "mode": "together"}
    )
    assert response.status_code == 302
    url = response.headers["Location"]
    bad = client.post(
        url + "/items",
        data={"method": "yes_no", "threshold": "simple", "recommendations": []},
        follow_redirects=True,
    )
    assert "Choose at least one recommendation" in bad.get_data(as_text=True)
    recs = [i.recommendation_id for i in setup["ballot"].items[:2]]
    client.post(
        url + "/items", data={"method": "approval", "threshold": "simple", "recommendations": recs}
    )
    client.post(url + "/open")
    page = client.get(url).get_data(as_text=True)
    assert "Close this item" in page


def test_a_vote_whose_write_failed_is_not_reported_as_cast(setup, client, login, monkeypatch):
    """A lost connection or a lock held too long recorded nothing: say so, and let them vote."""
    from sqlalchemy.exc import OperationalError

    user, seat = member(setup["assembly"])
    item = _open(setup)[0]
    login(user)

    def lost(*args):
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    with monkeypatch.context() as patched:
        patched.setattr(papers, "cast", lost)
        page = client.post(
            _url(setup, f"/items/{item.id}/vote"), data={"choice": "yes"}, follow_redirects=True
        ).get_data(as_text=True)
    assert "not recorded" in page and "already voted" not in page
    assert db.session.query(Voter).count() == 0
    again = client.post(
        _url(setup, f"/items/{item.id}/vote"), data={"choice": "yes"}, follow_redirects=True
    )
    assert "Your ballot was cast" in again.get_data(as_text=True)
    assert db.session.query(BallotPaper).filter_by(item_id=item.id).count() == 1
    assert db.session.query(Voter).filter_by(member_id=seat.id).count() == 1
