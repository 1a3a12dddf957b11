"""Members of a finished assembly offer to serve on the council that convened it."""

from datetime import date

import pytest
from sqlalchemy import select

from facilitate.council import optin
from facilitate.council.services import CouncilRefused, add_candidate
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Member, Membership, MemberStatus, Role
from facilitate.models.council import CandidateSource, Council, CouncilAssembly, CouncilCandidate
from tests import factories


@pytest.fixture
def finished(app):
    """A published assembly convened by a council, with one confirmed member who has an account."""
    council = Council(
        slug="rat",
        name="Citizens' Council",
        quota_rules={
            "gender": [["female", 50.0], ["male", 50.0]],
            "area": [["north", 50.0], ["south", 50.0]],
        },
    )
    db.session.add(council)
    assembly = factories.assembly(slug="done", status=AssemblyStatus.PUBLISHED)
    factories.quotas(assembly)  # gender (female/male) and age: only gender matches the council
    db.session.flush()
    db.session.add(
        CouncilAssembly(
            council_id=council.id, assembly_id=assembly.id, convened_on=date(2026, 1, 1)
        )
    )
    seat = factories.seat_panel(assembly, size=1)[0]
    user = factories.user(email=seat.registrant.email)
    db.session.add(Membership(user_id=user.id, assembly_id=assembly.id, role=Role.MEMBER))
    db.session.add(
        Member(
            assembly_id=assembly.id,
            seat_id=seat.id,
            registrant_id=seat.registrant_id,
            user_id=user.id,
            status=MemberStatus.CONFIRMED,
        )
    )
    db.session.commit()
    return council, assembly, user


def test_member_opts_in_with_prefilled_values(client, login, finished):
    council, assembly, user = finished
    login(user)
    mine = client.get("/assemblies/done/my").get_data(as_text=True)
    assert "/council/opt-in/done" in mine
    page = client.get("/council/opt-in/done").get_data(as_text=True)
    assert '<option value="female" selected>' in page  # taken from the registration
    response = client.post(
        "/council/opt-in/done", data={"value-gender": "female", "value-area": "south"}
    )
    assert response.status_code == 302
    candidate = db.session.scalar(select(CouncilCandidate))
    assert (
        candidate.source is CandidateSource.ASSEMBLY and candidate.source_assembly_id == assembly.id
    )
    assert (
        candidate.values == {"gender": "female", "area": "south"} and candidate.user_id == user.id
    )
    assert "/council/opt-in/done" not in client.get("/assemblies/done/my").get_data(as_text=True)


def test_missing_value_is_explained_and_nothing_saved(client, login, finished):
    _council, _assembly, user = finished
    login(user)
    response = client.post(
        "/council/opt-in/done", data={"value-gender": "female", "value-area": ""}
    )
    assert response.status_code == 422
    assert "Choose a value for area." in response.get_data(as_text=True)
    assert db.session.scalar(select(CouncilCandidate)) is None


def test_an_opt_in_refused_after_it_wrote_is_explained_and_nothing_saved(
    client, login, finished, monkeypatch
):
    _council, _assembly, user = finished
    written = []

    def add_then_refuse(council, data):  # the candidate row is written, then refused
        written.append(add_candidate(council, data))
        raise CouncilRefused(["The pool is closed."])

    monkeypatch.setattr(optin, "add_candidate", add_then_refuse)
    login(user)
    response = client.post(
        "/council/opt-in/done", data={"value-gender": "female", "value-area": "south"}
    )
    assert response.status_code == 422
    assert "The pool is closed." in response.get_data(as_text=True)
    assert written and written[0].id is not None
    assert db.session.scalar(select(CouncilCandidate)) is None


def test_twice_is_refused(client, login, finished):
    _council, _assembly, user = finished
    login(user)
    data = {"value-gender": "male", "value-area": "north"}
    client.post("/council/opt-in/done", data=data)
    again = client.post("/council/opt-in/done", data=data)
    assert "You offered to serve on" in again.get_data(as_text=True)
    assert len(db.session.scalars(select(CouncilCandidate)).all()) == 1


def test_not_asked_before_the_end(client, login, finished):
    _council, assembly, user = finished
    assembly.status = AssemblyStatus.VOTING
    db.session.commit()
    login(user)
    page = client.get("/council/opt-in/done").get_data(as_text=True)
    assert "once the assembly has handed over" in page
    assert client.post("/council/opt-in/done", data={"value-gender": "male"}).status_code == 404
    assert db.session.scalar(select(CouncilCandidate)) is None
