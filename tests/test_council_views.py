"""The council's pages: residents' proposals and support, ballots, convening, CLI, demo."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from facilitate.council import ballots as ballot_services
from facilitate.council import convening, services
from facilitate.council import topics as topic_services
from facilitate.extensions import db
from facilitate.mail import open_body
from facilitate.models import Assembly, OutboxMessage
from facilitate.models.council import (
    Council,
    CouncilAssembly,
    CouncilBallotPaper,
    CouncilBallotParticipation,
    CouncilRotation,
    CouncilTopic,
    CouncilTopicSupport,
    TopicSource,
    TopicStatus,
)
from tests import factories
from tests.worlds.council import seated_council


@pytest.fixture
def council(app):
    return seated_council("rat", support_threshold=2)


def _member(council, n):
    term = services.sitting_terms(council, date.today())[n]
    return term, term.candidate.user


def _started(client, topic):
    """The form's own token, fresh from the topic's page (each form is sent once)."""
    page = client.get(f"/council/rat/topics/{topic.id}").get_data(as_text=True)
    return re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)


def test_a_resident_proposes_and_supporters_confirm_by_email(client, council):
    started = client.get("/council/rat/propose").get_data(as_text=True)
    token = re.search(r'name="started" type="hidden" value="([^"]+)"', started).group(1)
    data = {
        "title": "Night buses",
        "description": "Buses after midnight.",
        "name": "Rita",
        "email": "rita@example.org",
        "started": token,
    }
    response = client.post("/council/rat/propose", data=data)
    assert response.status_code == 302
    topic = db.session.scalar(db.select(CouncilTopic))
    assert topic.status is TopicStatus.GATHERING and topic.confirmed_supports == 0
    mail = db.session.scalar(db.select(OutboxMessage).filter_by(recipient="rita@example.org"))
    link = re.search(r"http://\S+", open_body(mail)).group(0)
    path = link.split("localhost", 1)[1]
    assert "Confirm my support" in client.get(path).get_data(as_text=True)
    client.post(path)
    client.post(path)  # following the link twice counts once
    db.session.expire_all()
    assert topic.confirmed_supports == 1
    # A second support from the same address sends nothing new and counts nothing.
    support = {"name": "Rita", "email": "RITA@example.org", "started": _started(client, topic)}
    client.post(f"/council/rat/topics/{topic.id}/support", data=support)
    assert db.session.scalar(db.select(db.func.count(CouncilTopicSupport.id))) == 1
    support.update(email="o@x.org", started=_started(client, topic))
    client.post(f"/council/rat/topics/{topic.id}/support", data=support)
    other = db.session.scalar(db.select(CouncilTopicSupport).filter_by(email="o@x.org"))
    topic_services.confirm_support(other, council)
    db.session.commit()
    assert topic.status is TopicStatus.SUBMITTED  # the threshold of 2 was reached
    page = client.get("/council/rat").get_data(as_text=True)
    assert "Night buses" in page and "Before the council" in page


def test_the_honeypot_keeps_bots_out(client, council):
    data = {"title": "Spam", "description": "x", "name": "Bot", "email": "b@x.org"}
    client.post("/council/rat/propose", data={**data, "website": "http://spam", "started": ""})
    assert db.session.scalar(db.select(db.func.count(CouncilTopic.id))) == 0
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_member_proposals_need_two_signatures(client, login, council):
    first_user, second_user = _member(council, 0)[1], _member(council, 1)[1]
    login(first_user)
    client.post("/council/rat/members/propose", data={"title": "Parks", "description": ""})
    topic = db.session.scalar(db.select(CouncilTopic))
    assert topic.status is TopicStatus.GATHERING and topic.source is TopicSource.COUNCIL_MEMBERS
    client.post(f"/council/rat/members/topics/{topic.id}/sign")  # signing twice does nothing
    assert len(topic.cosigners) == 1
    client.post("/auth/logout")
    login(second_user)
    client.post(f"/council/rat/members/topics/{topic.id}/sign")
    db.session.expire_all()
    assert topic.status is TopicStatus.SUBMITTED


def test_a_secret_ballot_keeps_voters_apart_from_votes(client, login, council):
    topic = topic_services.propose_topic(
        council, {"title": "Water", "source": TopicSource.GOVERNMENT}
    )
    ballot = ballot_services.open_ballot(
        council, None, {"question": "Water?", "secret": True, "topics": [topic]}, None
    )
    db.session.commit()
    term, user = _member(council, 2)
    login(user)
    vote = {f"b{ballot.id}-option": "yes"}
    client.post(f"/council/rat/members/ballots/{ballot.id}/vote", data=vote)
    response = client.post(
        f"/council/rat/members/ballots/{ballot.id}/vote", data=vote, follow_redirects=True
    )
    assert "already voted" in response.get_data(as_text=True)
    assert [p.choice for p in db.session.scalars(db.select(CouncilBallotPaper))] == ["yes"]
    participation = db.session.scalar(db.select(CouncilBallotParticipation))
    assert participation.term_id == term.id and participation.option_id is None
    db.session.add(CouncilBallotParticipation(ballot_id=ballot.id, term_id=term.id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_outsiders_cannot_vote(client, login, council):
    ballot = ballot_services.open_ballot(council, None, {"question": "Yes?"}, None)
    db.session.commit()
    login(factories.user())
    response = client.post(
        f"/council/rat/members/ballots/{ballot.id}/vote", data={f"b{ballot.id}-option": "yes"}
    )
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(CouncilBallotPaper.id))) == 0


def test_convening_refuses_with_clear_messages_and_changes_nothing(client, login, council):
    admin = db.session.get(Council, council.id).staff[0].user
    topic = topic_services.propose_topic(
        council, {"title": "Energy", "source": TopicSource.GOVERNMENT}
    )
    topic.status, topic.mandate = TopicStatus.CHOSEN, "How should we save energy?"
    db.session.commit()
    login(admin)
    soon = date.today() + timedelta(days=10)
    response = client.post(
        f"/council/rat/manage/topics/{topic.id}/convene",
        data={"panel_size": "80", "meetings": soon.isoformat()},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "between 25 and 50" in page and "at least 3 meetings" in page
    assert db.session.scalar(db.select(db.func.count(Assembly.id))) == 0


def test_a_convening_refused_after_it_wrote_leaves_nothing_behind(
    client, login, council, monkeypatch
):
    """The form lists the reasons and keeps nothing: no assembly, topic still chosen."""
    admin = db.session.get(Council, council.id).staff[0].user
    topic = topic_services.propose_topic(
        council, {"title": "Energy", "source": TopicSource.GOVERNMENT}
    )
    topic.status, topic.mandate = TopicStatus.CHOSEN, "How should we save energy?"
    db.session.commit()

    def refuse_late(assembly, tolerance, actor):  # after the assembly and its quotas were written
        assert db.session.get(Assembly, assembly.id) is not None
        raise services.CouncilRefused(["The quotas cannot be met."])

    monkeypatch.setattr(convening.quota_services, "compute_bounds", refuse_late)
    login(admin)
    first = date.today() + timedelta(weeks=10)
    dates = "\n".join((first + timedelta(weeks=w)).isoformat() for w in range(3))
    response = client.post(
        f"/council/rat/manage/topics/{topic.id}/convene",
        data={"panel_size": "30", "meetings": dates},
    )
    assert response.status_code == 200
    assert "The quotas cannot be met." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Assembly.id))) == 0
    assert db.session.scalar(db.select(db.func.count(CouncilAssembly.id))) == 0
    db.session.expire_all()
    assert db.session.get(CouncilTopic, topic.id).status is TopicStatus.CHOSEN


def test_cli_rotates_once_per_date(app, runner, council):
    due = services.next_rotation_on(council, date.today())
    result = runner.invoke(args=["standing", "rotate", "--date", due.isoformat()])
    assert "nothing due" not in result.output, result.output
    again = runner.invoke(args=["standing", "rotate", "--date", due.isoformat()])
    assert "already held" in again.output or "nothing due" in again.output
    count = db.session.scalar(db.select(db.func.count(CouncilRotation.id)))
    assert count == 2


def test_minutes_are_markdown_and_escaped(client, council):
    meeting = topic_services.schedule_meeting(
        council,
        {
            "held_on": date.today(),
            "title": "June",
            "agenda": "1. **Budget**",
            "minutes": "<script>alert(1)</script> *done*",
            "minutes_published": True,
        },
    )
    db.session.commit()
    page = client.get(f"/council/rat/meetings/{meeting.id}").get_data(as_text=True)
    assert "<strong>Budget</strong>" in page and "<em>done</em>" in page
    assert "<script>alert" not in page


def test_demo_council_has_history(app, client):
    from facilitate.demo import seed

    seed("pbkdf2:sha256:1000")
    db.session.commit()
    council = db.session.scalar(db.select(Council).filter_by(slug="buergerrat"))
    assert len(services.sitting_terms(council, date.today())) == 24
    assert db.session.scalar(db.select(db.func.count(CouncilRotation.id))) >= 4
    page = client.get("/council/buergerrat").get_data(as_text=True)
    assert "Care for older people" in page and "Affordable housing" in page
    assert "Awaiting an answer" in page and "Rejected" in page
    assert "<svg" in page and "style=" not in page
