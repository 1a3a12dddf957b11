"""The council's public forms: limited per address and per e-mail, and each token used once."""

import re

import pytest

from facilitate.council import services
from facilitate.council import topics as topic_services
from facilitate.extensions import db
from facilitate.models import OutboxMessage
from facilitate.models.council import CouncilTopic, CouncilTopicSupport, TopicSource
from tests import factories

TOKEN = re.compile(r'name="started" type="hidden" value="([^"]+)"')


@pytest.fixture
def council(app):
    admin = factories.user(is_admin=True)
    made = services.create_council(
        {"slug": "rat", "name": "Rat", "quota_rules": {"gender": [["female", 50.0]]}}, admin
    )
    db.session.commit()
    return made


def _token(client, path, environ=None):
    page = client.get(path, environ_base=environ or {}).get_data(as_text=True)
    return TOKEN.search(page).group(1)


def _proposal(n, email="rita@example.org"):
    return {"title": f"Topic {n}", "description": "Why.", "name": "Rita", "email": email}


def _topics():
    return db.session.scalar(db.select(db.func.count(CouncilTopic.id)))


def _gathering_topic(council):
    made = topic_services.propose_topic(
        council, {"title": "Parks", "description": "", "source": TopicSource.RESIDENTS}
    )
    db.session.commit()
    return made


def test_a_proposal_token_replayed_is_refused(client, council):
    data = {**_proposal(1), "started": _token(client, "/council/rat/propose")}
    assert client.post("/council/rat/propose", data=data).status_code == 302
    replay = client.post("/council/rat/propose", data={**data, "title": "Again"})
    assert replay.status_code == 200 and "check the form" in replay.get_data(as_text=True)
    assert _topics() == 1
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 1


def test_a_support_token_replayed_sends_no_more_mail(client, council):
    topic = _gathering_topic(council)
    path = f"/council/rat/topics/{topic.id}"
    started = _token(client, path)
    for n in range(3):
        client.post(
            f"{path}/support", data={"name": "A", "email": f"a{n}@x.org", "started": started}
        )
    assert db.session.scalar(db.select(db.func.count(CouncilTopicSupport.id))) == 1
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 1


def test_proposals_are_limited_per_address(client, council):
    here = {"REMOTE_ADDR": "203.0.113.5"}
    codes = []
    for n in range(12):
        started = _token(client, "/council/rat/propose", here)
        data = {**_proposal(n, f"p{n}@example.org"), "started": started}
        codes.append(client.post("/council/rat/propose", data=data, environ_base=here).status_code)
    assert 429 in codes and _topics() <= 10


def test_proposals_are_limited_per_email_across_addresses(client, council):
    codes = []
    for n in range(6):
        there = {"REMOTE_ADDR": f"198.51.100.{n + 1}"}
        started = _token(client, "/council/rat/propose", there)
        data = {**_proposal(n, "same@example.org"), "started": started}
        codes.append(client.post("/council/rat/propose", data=data, environ_base=there).status_code)
    assert codes[:3] == [302] * 3 and codes[-1] == 429
    assert _topics() == 3


def test_support_requests_are_limited_per_email_and_per_address(client, council):
    topics = [_gathering_topic(council) for _ in range(12)]
    codes = []
    for n, topic in enumerate(topics):
        there = {"REMOTE_ADDR": f"198.51.100.{n + 1}"}
        path = f"/council/rat/topics/{topic.id}"
        data = {"name": "V", "email": "victim@example.org", "started": _token(client, path, there)}
        codes.append(client.post(f"{path}/support", data=data, environ_base=there).status_code)
    assert codes[-1] == 429  # one address gets no more than a handful of confirmation e-mails
    to_victim = db.session.scalar(
        db.select(db.func.count(OutboxMessage.id)).filter_by(recipient="victim@example.org")
    )
    assert to_victim <= 10
    here = {"REMOTE_ADDR": "203.0.113.6"}
    codes = []
    for n in range(40):
        path = f"/council/rat/topics/{topics[n % 12].id}"
        data = {"name": "B", "email": f"b{n}@example.org", "started": _token(client, path, here)}
        codes.append(client.post(f"{path}/support", data=data, environ_base=here).status_code)
    assert codes[-1] == 429
