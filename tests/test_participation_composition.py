"""Who took part: attendees of a sitting and voters of a ballot counted per quota value."""

import re
from datetime import UTC, date, datetime, timedelta

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Member, Role
from facilitate.models.ballots import Voter
from facilitate.models.sittings import Attendance, Sitting
from facilitate.participation import services
from tests import factories


def _world():
    """A public assembly with 20 seats; 14 attend a past sitting and 10 vote in a ballot.

    Attendees: 8 female, 6 male; 12 young, 2 old. Voters: 5 female, 4 male; 9 young, 0 old.
    """
    organiser = factories.user(name="Orla Organiser")
    assembly = factories.assembly(organiser, status=AssemblyStatus.SITTING)
    factories.quotas(assembly)
    gender, age = assembly.categories
    seats = factories.seat_panel(assembly)
    members = []
    for i, seat in enumerate(seats):
        answers = {a.category_id: a for a in seat.registrant.answers}
        answers[gender.id].value_id = gender.values[0 if i < 8 or i >= 14 else 1].id
        answers[age.id].value_id = age.values[1 if i in (12, 13, 19) else 0].id
        member = Member(assembly_id=assembly.id, seat_id=seat.id, registrant_id=seat.registrant_id)
        members.append(member)
    db.session.add_all(members)
    now = datetime.now(UTC)
    sitting = Sitting(
        assembly_id=assembly.id,
        title="First weekend",
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(hours=6),
    )
    db.session.add(sitting)
    db.session.flush()
    db.session.add_all(Attendance(sitting_id=sitting.id, member_id=m.id) for m in members[:14])
    item = factories.closed_ballot_item(assembly)
    ballot = item.ballot
    voters = members[3:12]
    today = date.today()
    db.session.add_all(Voter(item_id=item.id, member_id=m.id, voted_on=today) for m in voters)
    db.session.commit()
    return organiser, assembly, sitting, ballot


def _rows(composition):
    return {
        (g["category"], r["value"]): (r["count"], r["panel"])
        for g in composition["groups"]
        for r in g["rows"]
    }


def test_counts_attendees_and_voters_against_the_panel(app):
    _organiser, assembly, sitting, ballot = _world()
    attended = services.compose_participants(assembly, services.attendee_ids(sitting), public=False)
    assert attended["total"] == 14
    assert _rows(attended) == {
        ("gender", "female"): (8, 14),
        ("gender", "male"): (6, 6),
        ("age", "young"): (12, 17),
        ("age", "old"): (2, 3),
    }
    voted = services.compose_participants(assembly, services.voter_ids(ballot), public=False)
    assert voted["total"] == 9
    assert {k: v[0] for k, v in _rows(voted).items()} == {
        ("gender", "female"): 5,
        ("gender", "male"): 4,
        ("age", "young"): 9,
        ("age", "old"): 0,
    }


def test_a_member_voting_on_two_items_counts_once(app):
    _organiser, assembly, _sitting, ballot = _world()
    from facilitate.models.ballots import BallotItem, ItemMethod

    second = BallotItem(ballot_id=ballot.id, position=2, title="Two", method=ItemMethod.YES_NO)
    db.session.add(second)
    db.session.flush()
    voter = db.session.scalar(db.select(Voter).limit(1))
    db.session.add(Voter(item_id=second.id, member_id=voter.member_id, voted_on=date.today()))
    db.session.commit()
    voted = services.compose_participants(assembly, services.voter_ids(ballot), public=False)
    assert voted["total"] == 9


def test_organiser_page_shows_exact_counts(app, client, login):
    organiser, assembly, sitting, ballot = _world()
    login(organiser)
    page = client.get(f"/assemblies/{assembly.slug}/participation/sittings/{sitting.id}")
    assert page.status_code == 200
    counts = re.findall(r"<td data-count>([^<(]*)", page.get_data(as_text=True))
    assert [c.strip() for c in counts] == ["8", "6", "12", "2"]
    shown = client.get(f"/assemblies/{assembly.slug}/sittings/{sitting.id}")
    assert f"/participation/sittings/{sitting.id}" in shown.get_data(as_text=True)
    results = client.get(f"/assemblies/{assembly.slug}/ballots/{ballot.id}/results")
    assert f"/participation/ballots/{ballot.id}" in results.get_data(as_text=True)
    voted = client.get(f"/assemblies/{assembly.slug}/participation/ballots/{ballot.id}")
    assert voted.status_code == 200
    assert "9 members took part" in voted.get_data(as_text=True)


def test_public_page_hides_small_counts(app, client):
    _organiser, assembly, _sitting, _ballot = _world()
    page = client.get(f"/a/{assembly.slug}/participation")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    first = html.split("First weekend", 1)[1].split("</section>", 1)[0]
    counts = re.findall(r"<td data-count>(.*?)</td>", first)
    # Gender 8 / 6 are shown; age 12 / 2 hides the 2, and the 12 would give it away.
    assert [c.split(" (")[0] for c in counts[:2]] == ["8", "6"]
    assert all("hidden" in c for c in counts[2:])
    assert "Orla" not in html and "First1" not in html
    assert f"/a/{assembly.slug}/participation" in client.get(f"/a/{assembly.slug}").get_data(
        as_text=True
    )


def test_unpublished_ballot_and_future_sitting_are_not_public(app, client):
    _organiser, assembly, sitting, ballot = _world()
    html = client.get(f"/a/{assembly.slug}/participation").get_data(as_text=True)
    assert ballot.title not in html
    ballot.published_at = datetime.now(UTC)
    sitting.starts_at = datetime.now(UTC) + timedelta(days=1)
    sitting.ends_at = sitting.starts_at + timedelta(hours=2)
    db.session.commit()
    html = client.get(f"/a/{assembly.slug}/participation").get_data(as_text=True)
    assert ballot.title in html
    assert "First weekend" not in html


def test_draft_assembly_has_no_public_page(app, client):
    _organiser, assembly, _sitting, _ballot = _world()
    assembly.status = AssemblyStatus.DRAFT
    db.session.commit()
    assert client.get(f"/a/{assembly.slug}/participation").status_code == 404


def test_observer_sees_protected_counts_and_no_names(app, client, login):
    _organiser, assembly, sitting, _ballot = _world()
    evaluator = factories.user(name="Eva Luator")
    factories.add_role(evaluator, assembly, Role.EVALUATOR)
    login(evaluator)
    page = client.get(f"/assemblies/{assembly.slug}/participation/sittings/{sitting.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "First1" not in html and "Last1" not in html and "Orla" not in html
    counts = re.findall(r"<td data-count>(.*?)</td>", html)
    assert all("hidden" in c for c in counts[2:])


def test_member_may_not_see_the_team_page(app, client, login):
    _organiser, assembly, sitting, _ballot = _world()
    someone = factories.user()
    factories.add_role(someone, assembly, Role.MEMBER)
    login(someone)
    url = f"/assemblies/{assembly.slug}/participation/sittings/{sitting.id}"
    assert client.get(url).status_code == 403


def test_other_assembly_answers_404(app, client, login):
    organiser, _assembly, sitting, ballot = _world()
    other = factories.assembly(organiser)
    login(organiser)
    base = f"/assemblies/{other.slug}/participation"
    assert client.get(f"{base}/sittings/{sitting.id}").status_code == 404
    assert client.get(f"{base}/ballots/{ballot.id}").status_code == 404
