"""The lobbying register: who may report, what the public sees, and that reporters stay unnamed."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Role
from facilitate.models.evidence import Approach, SubmissionStatus
from facilitate.models.experts import Expert
from tests import factories
from tests.worlds.deliberation import member
from tests.worlds.evidence import submission


@pytest.fixture
def place():
    organiser = factories.user(can_organise=True, name="Olga Organiser")
    assembly = factories.assembly(organiser, slug="heat", status=AssemblyStatus.SITTING)
    return {"assembly": assembly, "organiser": organiser}


def _approach(**overrides):
    return {
        "occurred_on": "2026-01-10",
        "channel": "phone",
        "organisation": "Gas Forever Association",
        "representative": "Mark Lobbyist, policy director",
        "on_behalf_of": "",
        "subject": "Asked me to vote against heat pumps",
        **overrides,
    }


def _count():
    return db.session.scalar(select(func.count(Approach.id)))


def test_members_names_never_appear_in_the_register(client, login, place):
    assembly = place["assembly"]
    reporter = factories.user(name="Wilhelmina Whistleblower", email="wilhelmina@example.org")
    member(assembly, reporter)
    login(reporter)
    response = client.post("/assemblies/heat/lobbying/", data=_approach())
    assert response.status_code == 302
    entry = db.session.scalar(select(Approach))
    assert entry.reporter_role == "member" and entry.reported_by_id == reporter.id
    pages = [
        client.get("/a/heat/lobbying").get_data(as_text=True),
        client.get("/a/heat/lobbying/organisation?name=gas+forever+association").get_data(
            as_text=True
        ),
        client.get("/assemblies/heat/lobbying/").get_data(as_text=True),
    ]
    for page in pages:
        assert "Gas Forever Association" in page and "Mark Lobbyist" in page
        assert "a member" in page
        assert "Wilhelmina" not in page.split("</header>", 1)[-1]
        assert "wilhelmina@example.org" not in page.split("</header>", 1)[-1]


def test_the_public_register_names_no_one_who_reported(client, login, place):
    # An anonymous reader never sees any reporter's name, however they ask.
    assembly = place["assembly"]
    reporter = factories.user(name="Wilhelmina Whistleblower")
    member(assembly, reporter)
    login(reporter)
    client.post("/assemblies/heat/lobbying/", data=_approach())
    client.get("/auth/logout")
    anonymous = client.application.test_client()
    for url in ("/a/heat/lobbying", "/a/heat/lobbying/organisation?name=Gas+Forever+Association"):
        assert "Wilhelmina" not in anonymous.get(url).get_data(as_text=True)


def test_only_organisers_record_meetings(client, login, place):
    assembly = place["assembly"]
    user, _m = member(assembly)
    login(user)
    response = client.post("/assemblies/heat/lobbying/", data=_approach(is_meeting="y"))
    assert response.status_code == 422 and b"Only organisers record meetings" in response.data
    assert _count() == 0


def test_organisers_record_meetings_with_interest_groups(client, login, place):
    login(place["organiser"])
    client.post("/assemblies/heat/lobbying/", data=_approach(is_meeting="y", channel="meeting"))
    entry = db.session.scalar(select(Approach))
    assert entry.is_meeting and entry.reporter_role == "organiser"
    page = client.get("/a/heat/lobbying").get_data(as_text=True)
    assert (
        "meeting with the organisers" in page
        and "Olga Organiser" not in page.split("</header>")[-1]
    )


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"organisation": ""}, b"Name the organisation."),
        ({"subject": ""}, b"Say what it was about."),
        ({"occurred_on": (date.today() + timedelta(days=2)).isoformat()}, b"in the future"),
    ],
)
def test_incomplete_entries_are_refused(client, login, place, overrides, message):
    user, _m = member(place["assembly"])
    login(user)
    response = client.post("/assemblies/heat/lobbying/", data=_approach(**overrides))
    assert response.status_code == 422 and message in response.data
    assert _count() == 0


def test_experts_cannot_report_but_see_the_register(client, login, place):
    expert = factories.user()
    factories.add_role(expert, place["assembly"], Role.EXPERT)
    login(expert)
    assert client.get("/assemblies/heat/lobbying/").status_code == 200
    assert client.post("/assemblies/heat/lobbying/", data=_approach()).status_code == 403
    assert _count() == 0


def test_only_the_reporter_or_an_organiser_withdraws(app, client, login, place):
    assembly = place["assembly"]
    reporter, _r = member(assembly)
    other, _o = member(assembly, factories.user())
    login(reporter)
    client.post("/assemblies/heat/lobbying/", data=_approach())
    entry = db.session.scalar(select(Approach))
    second = app.test_client()
    second.post("/auth/login", data={"email": other.email, "password": factories.PASSWORD})
    assert second.post(f"/assemblies/heat/lobbying/{entry.id}/withdraw").status_code == 403
    assert _count() == 1
    client.post(f"/assemblies/heat/lobbying/{entry.id}/withdraw")
    assert _count() == 0


def test_organisation_page_cross_links_register_funding_and_experts(client, place):
    assembly = place["assembly"]
    db.session.add_all(
        [
            Approach(
                assembly_id=assembly.id, occurred_on=date(2026, 1, 3), channel="email",
                organisation="PR Partners", on_behalf_of="Gas Forever Association",
                subject="Invitation to a dinner", reporter_role="member",
            ),
            Expert(
                assembly_id=assembly.id, name="Dr Fossil", affiliation="Gas Forever Association",
                interests_funding="Paid by the association", interests_employment="Adviser",
                interests_advocacy="None", published=True,
            ),
            Expert(
                assembly_id=assembly.id, name="Dr Unpublished",
                affiliation="Gas Forever Association", published=False,
            ),
        ]
    )  # fmt: skip
    submission(
        assembly, submitter_type="organisation", organisation="Gas Forever Association",
        funding="Gas distributors", lobbies=True, status=SubmissionStatus.ACCEPTED, published=True,
    )  # fmt: skip
    submission(
        assembly, submitter_type="organisation", organisation="Gas Forever Association",
        funding="Secret funding line", publication="anonymous",
        status=SubmissionStatus.ACCEPTED, published=True,
    )  # fmt: skip
    db.session.commit()
    page = client.get("/a/heat/lobbying/organisation?name=Gas+Forever+Association").get_data(
        as_text=True
    )
    assert "PR Partners" in page and "Invitation to a dinner" in page
    assert "Gas distributors" in page and "Dr Fossil" in page and "Paid by the association" in page
    assert "Dr Unpublished" not in page and "Secret funding line" not in page
    register = client.get("/a/heat/lobbying").get_data(as_text=True)
    assert "organisation?name=Gas+Forever+Association" in register
