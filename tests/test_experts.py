"""Experts: declarations before publishing, balance, and expert accounts limited to their sittings."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Role, Sitting
from facilitate.models.experts import Expert, ExpertAssignment
from facilitate.models.sittings_content import Material, Question
from tests import factories, mailbox

DECLARED = {
    "name": "Dr Ada Lovelace",
    "affiliation": "University",
    "perspective": "Neutral research",
    "interests_funding": "None",
    "interests_employment": "University professor",
    "interests_advocacy": "None",
}


@pytest.fixture
def organiser():
    return factories.user(can_organise=True)


@pytest.fixture
def assembly(organiser):
    return factories.assembly(organiser, slug="xp", status=AssemblyStatus.SITTING)


def _sitting(assembly, title="Hearing", topic="energy"):
    start = datetime.now(UTC) + timedelta(days=3)
    sitting = Sitting(
        assembly_id=assembly.id,
        title=title,
        topic=topic,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    db.session.add(sitting)
    db.session.commit()
    return sitting


def test_publishing_requires_declared_interests(client, login, organiser, assembly):
    login(organiser)
    client.post("/assemblies/xp/experts/new", data={**DECLARED, "interests_advocacy": ""})
    expert = db.session.scalar(select(Expert))
    client.post(f"/assemblies/xp/experts/{expert.id}/publish")
    db.session.expire_all()
    assert not expert.published and expert.interests_declared_at is None
    client.post(f"/assemblies/xp/experts/{expert.id}/edit", data=DECLARED)
    client.post(f"/assemblies/xp/experts/{expert.id}/publish")
    db.session.expire_all()
    assert expert.published and expert.interests_declared_at is not None
    # Withdrawing a declaration unpublishes.
    client.post(
        f"/assemblies/xp/experts/{expert.id}/edit", data={**DECLARED, "interests_funding": " "}
    )
    db.session.expire_all()
    assert not expert.published


def test_members_see_only_published_experts(client, login, organiser, assembly):
    sitting = _sitting(assembly)
    hidden = Expert(assembly_id=assembly.id, name="Hidden Person", perspective="x")
    shown = Expert(assembly_id=assembly.id, name="Shown Person", perspective="y", published=True)
    db.session.add_all([hidden, shown])
    db.session.flush()
    db.session.add_all(
        [ExpertAssignment(sitting_id=sitting.id, expert_id=e.id) for e in (hidden, shown)]
    )
    db.session.commit()
    member = factories.user()
    factories.add_role(member, assembly, Role.MEMBER)
    login(member)
    page = client.get(f"/assemblies/xp/sittings/{sitting.id}").get_data(as_text=True)
    assert "Shown Person" in page and "Hidden Person" not in page


def test_balance_flags_one_sided_sittings(client, login, organiser, assembly):
    one_sided, balanced = (
        _sitting(assembly, "One-sided", "energy"),
        _sitting(assembly, "Fair", "transport"),
    )
    login(organiser)
    ids = []
    for name, view in (("A", "Supports"), ("B", "supports"), ("C", "Opposes")):
        client.post(
            "/assemblies/xp/experts/new", data={**DECLARED, "name": name, "perspective": view}
        )
        ids.append(db.session.scalar(select(Expert).filter_by(name=name)).id)
    client.post(
        f"/assemblies/xp/experts/sittings/{one_sided.id}/assign", data={"expert_id": ids[0]}
    )
    client.post(
        f"/assemblies/xp/experts/sittings/{one_sided.id}/assign", data={"expert_id": ids[1]}
    )
    client.post(f"/assemblies/xp/experts/sittings/{balanced.id}/assign", data={"expert_id": ids[0]})
    client.post(f"/assemblies/xp/experts/sittings/{balanced.id}/assign", data={"expert_id": ids[2]})
    page = client.get("/assemblies/xp/experts/").get_data(as_text=True)
    assert page.count(">one-sided<") == 2  # the energy topic and its sitting
    assert "supports (2)" in page


def _expert_account(client, login, organiser, assembly, sitting, email):
    login(organiser)
    client.post("/assemblies/xp/experts/new", data={**DECLARED, "name": email, "email": email})
    expert = db.session.scalar(select(Expert).filter_by(email=email))
    client.post(
        f"/assemblies/xp/experts/sittings/{sitting.id}/assign", data={"expert_id": expert.id}
    )
    client.post(f"/assemblies/xp/experts/{expert.id}/invite")
    client.post("/auth/logout")
    body = mailbox.last_body(email)
    token = re.search(r"/auth/invitation/([\w-]+)", body).group(1)
    client.post(
        f"/auth/invitation/{token}",
        data={"name": "Expert", "password": "x" * 12, "confirm": "x" * 12},
    )
    client.post("/auth/logout")
    return expert


def test_expert_accounts_act_only_for_their_sittings(client, login, organiser, assembly):
    own, other = _sitting(assembly, "Own"), _sitting(assembly, "Other")
    _expert_account(client, login, organiser, assembly, own, "own@example.org")
    _expert_account(client, login, organiser, assembly, other, "other@example.org")
    db.session.add_all(
        [
            Question(sitting_id=own.id, body="Own question"),
            Question(sitting_id=other.id, body="Other question"),
        ]
    )
    db.session.commit()
    own_q, other_q = db.session.scalars(select(Question).order_by(Question.id)).all()

    login("own@example.org", "x" * 12)
    assert "Own" in client.get("/assemblies/xp/my").get_data(as_text=True)

    def upload(sitting):
        return client.post(
            f"/assemblies/xp/sittings/{sitting.id}/materials",
            data={
                "title": "Slides",
                "summary": "Summary.",
                "document": (io.BytesIO(b"%PDF-1 x"), "s.pdf"),
            },
            content_type="multipart/form-data",
        )

    assert upload(own).status_code == 302
    assert upload(other).status_code == 403
    assert (
        client.post(
            f"/assemblies/xp/sittings/questions/{own_q.id}/answer", data={"answer": "Yes."}
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/assemblies/xp/sittings/questions/{other_q.id}/answer", data={"answer": "No."}
        ).status_code
        == 403
    )
    assert client.post(f"/assemblies/xp/sittings/questions/{own_q.id}/move/up").status_code == 403
    assert client.get("/assemblies/xp/experts/").status_code == 403
    db.session.expire_all()
    assert db.session.query(Material).count() == 1
    assert own_q.answer == "Yes." and other_q.answer == ""
