"""The fixes found in the organiser's walk (issue 21): each test fails without its fix."""

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import icalendar
import pytest
from flask import render_template
from sqlalchemy import select
from sqlalchemy.exc import DataError

from facilitate.council import draws, services
from facilitate.experts import services as expert_services
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Membership, Sitting, User
from facilitate.models.audit import AuditEntry
from facilitate.models.council import (
    CandidateSource,
    CouncilAssembly,
    CouncilCandidate,
    CouncilRotation,
)
from facilitate.models.evidence import Approach, ApproachChannel
from facilitate.models.experts import Expert
from facilitate.months import add_months
from facilitate.rendering import markdown_to_text
from tests import factories
from tests.worlds.council import seated_council

# --- 1. Stored Markdown in a remit is rendered, sanitised, wherever it is shown. ---

REMIT = "How should the town use its **land**? <script>alert(1)</script>"


@pytest.fixture
def public_assembly(app):
    organiser = factories.user(can_organise=True)
    return factories.assembly(organiser, slug="land", status=AssemblyStatus.RECRUITING, remit=REMIT)


def test_a_markdown_remit_is_rendered_on_public_pages(client, public_assembly):
    page = client.get("/a/land").get_data(as_text=True)
    assert "<strong>land</strong>" in page and "**land**" not in page
    assert "<script>alert(1)</script>" not in page
    home = client.get("/").get_data(as_text=True)
    assert "use its land?" in home and "**land**" not in home and "<script>alert" not in home
    # Feeds carry the remit as plain text.
    assert markdown_to_text("Use **land**, [see](https://x.org)").strip() == "Use land, see"


def test_a_markdown_remit_is_rendered_on_the_organisers_page(client, login, public_assembly):
    membership = db.session.scalar(select(Membership).filter_by(assembly_id=public_assembly.id))
    login(db.session.get(User, membership.user_id))
    page = client.get("/assemblies/land").get_data(as_text=True)
    assert "<strong>land</strong>" in page and "**land**" not in page


# --- 2. The expert balance shows every assigned expert and the published ones, labelled. ---

DECLARED = {
    "affiliation": "University",
    "interests_funding": "None",
    "interests_employment": "Professor",
    "interests_advocacy": "None",
}


def test_the_balance_counts_published_experts_apart(client, login, app):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="xp", status=AssemblyStatus.SITTING)
    start = datetime.now(UTC) + timedelta(days=3)
    sitting = Sitting(
        assembly_id=assembly.id,
        title="Hearing",
        topic="energy",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    db.session.add(sitting)
    db.session.commit()
    login(organiser)
    for name, view, publish in (
        ("A", "supports", True),
        ("B", "supports", True),
        ("C", "opposes", False),
        ("D", "opposes", False),
    ):
        client.post(
            "/assemblies/xp/experts/new", data={**DECLARED, "name": name, "perspective": view}
        )
        expert = db.session.scalar(select(Expert).filter_by(name=name))
        if publish:
            client.post(f"/assemblies/xp/experts/{expert.id}/publish")
        client.post(
            f"/assemblies/xp/experts/sittings/{sitting.id}/assign",
            data={"expert_id": expert.id},
        )
    counts = expert_services.balance(assembly, [sitting])["sittings"][sitting.id]
    # Balanced as planned, one-sided as members and the public see it.
    assert counts["all"] == (Counter(supports=2, opposes=2), False)
    assert counts["published"] == (Counter(supports=2), True)
    page = client.get("/assemblies/xp/experts/").get_data(as_text=True)
    assert "All assigned" in page and "Published, by perspective" in page
    assert page.count(">one-sided<") == 2  # the topic and the sitting, published only


# --- 3. A council draw that changes nothing, or is dated far ahead, is refused. ---

ON = date(2026, 3, 1)
RULES = {"gender": [["female", 50.0], ["male", 50.0]]}


def small_council(pool: int = 12):
    secretary = factories.user(email="sec@example.org")
    council = services.create_council(
        {"slug": "rat", "name": "Rat", "quota_rules": RULES, "seats": 6}, secretary
    )
    for n in range(pool):
        services.add_candidate(
            council,
            {
                "name": f"Candidate {n}",
                "values": {"gender": ("female", "male")[n % 2]},
                "source": CandidateSource.LOTTERY,
                "opted_in_on": ON - timedelta(days=30),
            },
        )
    db.session.commit()
    return council, secretary


def test_a_draw_with_nothing_due_is_refused(app):
    council, secretary = small_council()
    services.run_rotation(council, ON, seed=1)
    db.session.commit()
    due = services.next_rotation_on(council, ON)
    assert due == add_months(ON, 6)
    with pytest.raises(services.CouncilRefused, match="Nothing is due on 2026-04-01") as refused:
        draws.start_draw(council, date(2026, 4, 1), 5, actor=secretary, today=date(2026, 4, 1))
    assert due.isoformat() in refused.value.reasons[0]
    # On the day terms end, the draw goes ahead.
    assert draws.start_draw(council, due, 5, actor=secretary, today=due).held_on == due


def test_a_draw_dated_months_ahead_is_refused(app):
    council, secretary = small_council()
    with pytest.raises(services.CouncilRefused, match="at most 31 days ahead"):
        draws.start_draw(council, ON + timedelta(days=120), 5, actor=secretary, today=ON)
    assert draws.start_draw(council, ON + timedelta(days=20), 5, actor=secretary, today=ON)


def test_empty_seats_with_an_empty_pool_are_refused(app):
    council, secretary = small_council(pool=4)
    services.run_rotation(council, ON, seed=1)
    db.session.commit()
    with pytest.raises(services.CouncilRefused, match="nobody in the pool"):
        draws.start_draw(council, ON + timedelta(days=1), 5, actor=secretary, today=ON)


def test_next_draw_due_moves_after_a_draw_dated_ahead(app):
    council, secretary = small_council()
    services.run_rotation(council, ON, seed=1)
    due = services.next_rotation_on(council, ON)
    # Held ten days before the terms end, dated on their end.
    services.run_rotation(council, due, seed=2)
    db.session.commit()
    assert services.next_rotation_on(council, due - timedelta(days=10)) == add_months(ON, 12)


def test_the_secretariat_sees_why_a_draw_was_refused(client, login, app):
    council = seated_council("rat")
    secretary = factories.user(email="staff@example.org")
    services.add_staff(council, secretary)
    db.session.commit()
    login(secretary)
    today = date.today().isoformat()
    response = client.post(
        "/council/rat/manage/rotate",
        data={"held_on": today},
        headers={"Referer": "/council/rat/manage/"},
        follow_redirects=True,
    )
    assert "Nothing is due on" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(CouncilRotation.id))) == 1


# --- 4. The secretariat corrects and withdraws people in the pool, audited. ---


@pytest.fixture
def council_with_staff(app):
    council, secretary = small_council(pool=4)
    services.add_staff(council, secretary)
    db.session.commit()
    return council, secretary


def _candidate(name="Candidate 0") -> CouncilCandidate:
    return db.session.scalar(select(CouncilCandidate).filter_by(name=name))


def test_a_pool_candidate_is_corrected(client, login, council_with_staff):
    council, secretary = council_with_staff
    login(secretary)
    person = _candidate()
    path = f"/council/rat/manage/pool/{person.id}/edit"
    assert "Candidate 0" in client.get(path).get_data(as_text=True)
    response = client.post(
        path,
        data={
            "name": "Candidate Zero",
            "email": "zero@example.org",
            "source": "pilot",
            "opted_in_on": "2026-01-15",
            "value-gender": "male",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    person = db.session.get(CouncilCandidate, person.id)
    assert person.name == "Candidate Zero" and person.values == {"gender": "male"}
    assert person.source is CandidateSource.PILOT and person.email == "zero@example.org"
    entry = db.session.scalar(select(AuditEntry).filter_by(action="council.candidate.edit"))
    assert entry is not None and "zero@example.org" not in (entry.after or "")
    # A value outside the council's categories is refused.
    client.post(path, data={"name": "X", "source": "pilot", "opted_in_on": "2026-01-15"})
    db.session.expire_all()
    assert db.session.get(CouncilCandidate, person.id).name == "Candidate Zero"


def test_a_pool_candidate_is_withdrawn(client, login, council_with_staff):
    council, secretary = council_with_staff
    login(secretary)
    person = _candidate()
    assert client.post(f"/council/rat/manage/pool/{person.id}/withdraw").status_code == 302
    db.session.expire_all()
    assert person not in services.eligible_pool(council, date.today())
    assert db.session.scalar(select(AuditEntry).filter_by(action="council.candidate.withdraw"))
    page = client.get("/council/rat/manage/pool").get_data(as_text=True)
    assert "left the pool" in page and "<td>Candidate 0</td>" not in page
    assert "<td>Candidate 1</td>" in page


def test_a_seated_member_is_not_withdrawn_from_the_pool(client, login, app):
    council = seated_council("rat")
    secretary = factories.user(email="staff@example.org")
    services.add_staff(council, secretary)
    db.session.commit()
    login(secretary)
    seated = services.sitting_terms(council, date.today())[0].candidate
    client.post(
        f"/council/rat/manage/pool/{seated.id}/withdraw",
        headers={"Referer": "/council/rat/manage/pool"},
    )
    db.session.expire_all()
    assert db.session.get(CouncilCandidate, seated.id).withdrawn_on is None


def test_only_the_secretariat_edits_the_pool(client, login, council_with_staff):
    person = _candidate()
    login(factories.user(email="someone@example.org"))
    assert client.post(f"/council/rat/manage/pool/{person.id}/withdraw").status_code == 403
    assert client.get(f"/council/rat/manage/pool/{person.id}/edit").status_code == 403
    db.session.expire_all()
    assert db.session.get(CouncilCandidate, person.id).withdrawn_on is None


# --- 5. A support form caught by the bot guard says so and keeps what was typed. ---


def test_a_support_sent_too_quickly_keeps_the_input(client, app):
    council = seated_council("rat")
    from facilitate.council import topics as topic_services
    from facilitate.models.council import TopicSource

    topic = topic_services.propose_topic(
        council, {"title": "Parks", "description": "", "source": TopicSource.RESIDENTS}
    )
    db.session.commit()
    app.config["REGISTRATION_MIN_SECONDS"] = 3600
    page = client.get(f"/council/rat/topics/{topic.id}").get_data(as_text=True)
    started = re.search(r'name="started" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/council/rat/topics/{topic.id}/support",
        data={"name": "Rita Quick", "email": "rita@example.org", "started": started},
    )
    text = response.get_data(as_text=True)
    assert "faster than a person fills it in" in text
    assert "give your name" not in text
    assert 'value="Rita Quick"' in text and 'value="rita@example.org"' in text
    # A fresh token comes with the form, ready to send again.
    assert started not in text and 'name="started"' in text


# --- 6. Turnout says of whom. ---


def test_turnout_says_who_voted(app):
    vote = {
        "passed": True,
        "share_in_favour": 75.0,
        "turnout": 61.5,
        "voters": 8,
        "eligible": 13,
        "rows": [],
        "statements": [],
    }
    with app.test_request_context():
        public = render_template("public/_vote.html", vote=vote)
        result = SimpleNamespace(
            winner=None, explanation="No quorum", rows=[], eligible=13, ballots=8, quorum=0
        )
        ballot = SimpleNamespace(is_question=False, secret=False)
        council = render_template("council/_result.html", result=result, ballot=ballot)
    assert "8 of 13 members voted" in public
    assert "8 of 13 council members voted" in council


# --- 7. A sitting may run over several days. ---

SITTING = {
    "title": "Weekend retreat",
    "kind": "plenary",
    "day": "2031-05-10",
    "starts": "10:00",
    "end_day": "2031-05-11",
    "ends": "13:00",
    "place": "Retreat centre",
    "table_size": "7",
}


@pytest.fixture
def sitting_assembly(app):
    organiser = factories.user(can_organise=True)
    made = factories.assembly(organiser, slug="meet", status=AssemblyStatus.SITTING)
    return made, organiser


def test_a_sitting_runs_over_two_days(client, login, sitting_assembly):
    assembly, organiser = sitting_assembly
    login(organiser)
    response = client.post("/assemblies/meet/sittings/new", data=SITTING)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    sitting = db.session.scalar(select(Sitting))
    assert sitting.ends_at - sitting.starts_at == timedelta(hours=27)
    page = client.get(f"/assemblies/meet/sittings/{sitting.id}").get_data(as_text=True)
    assert "10 May 2031" in page and "11 May 2031" in page
    edit = client.get(f"/assemblies/meet/sittings/{sitting.id}/edit").get_data(as_text=True)
    assert 'value="2031-05-11"' in edit
    feed = client.get("/assemblies/meet/sittings/calendar.ics")
    event = icalendar.Calendar.from_ical(feed.data).walk("VEVENT")[0]
    assert event.decoded("dtstart").date() == date(2031, 5, 10)
    assert event.decoded("dtend").date() == date(2031, 5, 11)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_day": "2031-05-09"}, "The last day cannot be before the first."),
        ({"end_day": "2031-05-10", "ends": "09:00"}, "The end must be after the start."),
        ({"end_day": "", "ends": "09:00"}, "The end must be after the start."),
        ({"end_day": "2031-05-20"}, "A sitting lasts 7 days at most."),
    ],
)
def test_a_sitting_ends_after_it_starts(client, login, sitting_assembly, changes, message):
    assembly, organiser = sitting_assembly
    login(organiser)
    response = client.post("/assemblies/meet/sittings/new", data={**SITTING, **changes})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(Sitting.id))) == 0


# --- 8. The API answers errors as problem details. ---


def _assert_problem(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status and body["type"] == "about:blank"
    assert body["title"] and body["detail"]
    assert "<html" not in response.get_data(as_text=True).lower()


def test_the_api_answers_a_missing_address_with_problem_details(client, public_assembly):
    _assert_problem(client.get("/api/v1/assemblies/no-such-assembly"), 404)
    _assert_problem(client.get("/api/v1/no-such-resource"), 404)
    _assert_problem(client.get("/api/nothing-here"), 404)
    # People still get a page.
    page = client.get("/a/no-such-assembly")
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_every_api_error_is_problem_details(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken():
        raise RuntimeError("a bug")

    def out_of_range():
        raise DataError("SELECT", {}, Exception("integer out of range"))

    app.add_url_rule("/api/v1/broken", "api_broken", broken)
    app.add_url_rule("/api/v1/out-of-range", "api_out_of_range", out_of_range)
    client = app.test_client()
    _assert_problem(client.get("/api/v1/broken"), 500)
    # A handler of another area answers people in HTML; under /api/ it becomes a problem.
    response = client.get("/api/v1/out-of-range")
    _assert_problem(response, 400)
    assert "Content-Security-Policy" in response.headers


# --- 9. Public assembly pages link to the evidence, the lobbying register and the council. ---


def test_the_public_page_links_what_there_is_to_see(client, public_assembly):
    page = client.get("/a/land").get_data(as_text=True)
    assert "/a/land/lobbying" not in page and "/council/" not in page
    assert 'href="/a/land/evidence"' not in page
    db.session.add(
        Approach(
            assembly_id=public_assembly.id,
            occurred_on=date(2026, 1, 5),
            channel=ApproachChannel.EMAIL,
            organisation="Builders' Federation",
            subject="Land",
            reporter_role="organiser",
        )
    )
    council = seated_council("rat")
    db.session.add(
        CouncilAssembly(
            council_id=council.id, assembly_id=public_assembly.id, convened_on=date(2026, 1, 1)
        )
    )
    from facilitate.evidence import services as evidence

    evidence.update_settings(public_assembly, True, None, "")
    db.session.commit()
    page = client.get("/a/land").get_data(as_text=True)
    assert 'href="/a/land/lobbying"' in page
    assert 'href="/council/rat"' in page
    assert 'href="/a/land/evidence"' in page


# --- 10. A favicon. ---


def test_the_site_has_an_icon(client, public_assembly):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert b"<svg" in icon.data
    page = client.get("/a/land").get_data(as_text=True)
    assert 'rel="icon"' in page and "favicon.svg" in page
