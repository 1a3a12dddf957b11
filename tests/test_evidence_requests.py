"""Members' evidence requests: propose and support (once, even racing), organisers answer
(audited) and publish, the public sees only what is published and never the author."""

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from facilitate.evidence_requests import services
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Membership, Role
from facilitate.models.audit import AuditEntry
from facilitate.models.evidence_requests import (
    EvidenceRequest,
    EvidenceRequestSupport,
    RequestStatus,
)
from tests import concurrency, factories
from tests.pages import csrf_token
from tests.worlds.deliberation import member


def _world(members: int = 3):
    organiser = factories.user(can_organise=True, name="Olga Organiser")
    assembly = factories.assembly(organiser, status=AssemblyStatus.SITTING)
    seats = [member(assembly, factories.user(name=f"Author Number{n}"))[1] for n in range(members)]
    return organiser, assembly, seats


def _url(assembly, tail: str = "/") -> str:
    return f"/assemblies/{assembly.slug}/evidence-requests{tail}"


def _supports(made) -> int:
    query = select(func.count(EvidenceRequestSupport.id)).filter_by(request_id=made.id)
    return db.session.scalar(query)


def _propose(client, assembly, text="A hydrologist on flood plains"):
    return client.post(_url(assembly, "/new"), data={"kind": "expert", "text": text})


def _only_request():
    return db.session.scalars(select(EvidenceRequest)).one()


def test_a_member_proposes_and_others_support_once(client, login):
    _organiser, assembly, seats = _world()
    login(seats[0].user)
    assert _propose(client, assembly).status_code == 302
    made = _only_request()
    assert made.created_by_id == seats[0].id and _supports(made) == 1
    client.post(_url(assembly, f"/{made.id}/support"))  # the author already supports it
    client.post("/auth/logout")
    login(seats[1].user)
    for _ in range(2):
        assert client.post(_url(assembly, f"/{made.id}/support")).status_code == 302
    assert _supports(made) == 2
    assert "2 members support this" in client.get(_url(assembly)).get_data(as_text=True)
    client.post(_url(assembly, f"/{made.id}/withdraw"))
    assert _supports(made) == 1


def test_two_racing_supports_count_once(app):
    _organiser, assembly, seats = _world(2)
    made = services.propose_request(assembly, seats[0], "evidence", "Costs of each option")
    db.session.commit()
    made_id, seat_id = made.id, seats[1].id

    def support():
        from facilitate.models import Member

        services.support_request(
            db.session.get(EvidenceRequest, made_id), db.session.get(Member, seat_id)
        )
        db.session.commit()

    errors = concurrency.at_once(app, support, [(), (), ()])
    # A loser either finds the unique row and adds nothing, or loses SQLite's write lock; a
    # duplicate row must never reach the member as an error.
    assert all(isinstance(e, OperationalError) for e in errors), errors
    assert len(errors) < 3
    db.session.expire_all()
    assert _supports(made) == 2


def test_the_organiser_answers_audited_and_the_member_reads_it(client, login):
    organiser, assembly, seats = _world(1)
    made = services.propose_request(assembly, seats[0], "perspective", "Farmers downstream")
    db.session.commit()
    login(organiser)
    page = client.get(_url(assembly)).get_data(as_text=True)
    author = seats[0].name
    assert f"Proposed by: {author}" in page  # organisers see who proposed, for moderation
    refused = client.post(
        _url(assembly, f"/{made.id}/answer"), data={"status": "accepted", "answer": "Yes"}
    )
    assert refused.status_code == 422
    db.session.expire_all()
    assert made.status == RequestStatus.OPEN  # accepting needs a date
    client.post(
        _url(assembly, f"/{made.id}/answer"),
        data={"status": "accepted", "answer": "At the second weekend", "planned_on": "2027-03-06"},
    )
    db.session.expire_all()
    assert made.status == RequestStatus.ACCEPTED and made.planned_on == date(2027, 3, 6)
    actions = db.session.scalars(
        select(AuditEntry.action).filter_by(target=f"evidence_request:{made.id}")
    )
    assert list(actions) == ["evidence_request.answer"]
    client.post("/auth/logout")
    login(seats[0].user)
    page = client.get(_url(assembly)).get_data(as_text=True)
    assert "At the second weekend" in page and "2027-03-06" in page
    assert "Proposed by" not in page and author not in page  # members see no authors


def test_the_public_sees_only_published_requests_and_no_author(client, login):
    organiser, assembly, seats = _world(2)
    shown = services.propose_request(assembly, seats[0], "expert", "<script>alert(1)</script>")
    hidden = services.propose_request(assembly, seats[1], "expert", "Secret wish")
    services.support_request(shown, seats[1])
    for made in (shown, hidden):
        services.answer_request(made, "declined", "No time left, sorry", None, organiser)
    db.session.commit()
    login(organiser)
    assert client.post(_url(assembly, f"/{shown.id}/publish")).status_code == 302
    client.post("/auth/logout")
    page = client.get(f"/a/{assembly.slug}/evidence-requests").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "No time left, sorry" in page and "2 members support this" in page
    assert "Secret wish" not in page
    assert "Proposed by" not in page
    assert seats[0].name not in page and seats[1].name not in page
    assert "evidence_request.publish" in db.session.scalars(select(AuditEntry.action)).all()


def test_an_open_request_cannot_be_published(client, login):
    organiser, assembly, seats = _world(1)
    made = services.propose_request(assembly, seats[0], "expert", "Not answered yet")
    db.session.commit()
    login(organiser)
    client.post(_url(assembly, f"/{made.id}/publish"))
    db.session.expire_all()
    assert not made.published


def test_observers_and_organisers_cannot_propose_nor_support(client, login):
    organiser, assembly, seats = _world(1)
    made = services.propose_request(assembly, seats[0], "expert", "Something")
    observer = factories.user(name="Fay Facilitator")
    db.session.add(Membership(user_id=observer.id, assembly_id=assembly.id, role=Role.FACILITATOR))
    db.session.commit()
    for person in (observer, organiser):
        login(person)
        assert client.get(_url(assembly)).status_code == 200
        assert _propose(client, assembly, "Mine").status_code == 403
        assert client.post(_url(assembly, f"/{made.id}/support")).status_code == 403
        client.post("/auth/logout")
    login(seats[0].user)
    answered = client.post(
        _url(assembly, f"/{made.id}/answer"), data={"status": "declined", "answer": "No"}
    )
    assert answered.status_code == 403
    assert client.post(_url(assembly, f"/{made.id}/publish")).status_code == 403
    assert db.session.scalar(select(func.count(EvidenceRequest.id))) == 1
    assert _supports(made) == 1


def test_bad_text_is_refused(client, login):
    _organiser, assembly, seats = _world(1)
    login(seats[0].user)
    _propose(client, assembly, "x" * 1001)
    _propose(client, assembly, "\u202e\u200b")  # nothing visible once control marks go
    client.post(_url(assembly, "/new"), data={"kind": "gossip", "text": "Hello"})
    assert db.session.scalar(select(func.count(EvidenceRequest.id))) == 0


def test_another_assembly_s_request_is_not_found(client, login):
    organiser, assembly, seats = _world(1)
    made = services.propose_request(assembly, seats[0], "expert", "Something")
    other = factories.assembly(organiser, status=AssemblyStatus.SITTING)
    _user, seat = member(other)
    db.session.commit()
    login(seat.user)
    assert client.post(_url(other, f"/{made.id}/support")).status_code == 404
    client.post("/auth/logout")
    login(organiser)
    answered = client.post(
        _url(other, f"/{made.id}/answer"), data={"status": "declined", "answer": "No"}
    )
    assert answered.status_code == 404
    assert client.post(_url(other, f"/{made.id}/publish")).status_code == 404
    assert _supports(made) == 1
    db.session.expire_all()
    assert made.status == RequestStatus.OPEN and not made.published


@pytest.mark.csrf
def test_support_needs_the_form_token(client):
    _organiser, assembly, seats = _world(2)
    made = services.propose_request(assembly, seats[0], "expert", "Something")
    db.session.commit()
    token = csrf_token(client.get("/auth/login"))
    login = {"email": seats[1].user.email, "password": factories.PASSWORD, "csrf_token": token}
    assert client.post("/auth/login", data=login).status_code == 302
    assert client.post(_url(assembly, f"/{made.id}/support")).status_code == 400
    assert _propose(client, assembly).status_code == 400
    assert _supports(made) == 1
    form = {"csrf_token": csrf_token(client.get(_url(assembly)))}
    assert client.post(_url(assembly, f"/{made.id}/support"), data=form).status_code == 302
    assert _supports(made) == 2
