"""Member, organiser and facilitator journeys between the draw and the vote."""

import re
from datetime import UTC, datetime, timedelta

import icalendar
from playwright.sync_api import expect

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Member, MemberStatus, Role, Sitting
from facilitate.models.sittings import Attendance
from facilitate.models.sittings_content import TableSeat
from tests import factories, mailbox
from tests.browser.conftest import PHONE, screenshot, serious_violations, sign_in


def _sitting(assembly, **fields):
    start = datetime.now(UTC) + timedelta(days=2)
    sitting = Sitting(
        assembly_id=assembly.id,
        title=fields.pop("title", "Opening plenary"),
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        place="Town hall",
        checkin_code="ROOM42",
        **fields,
    )
    db.session.add(sitting)
    db.session.commit()
    return sitting


def test_selected_person_accepts_and_subscribes_to_the_calendar(page):
    organiser = factories.user(can_organise=True)
    assembly = factories.quotas(
        factories.assembly(
            organiser, slug="citizens", status=AssemblyStatus.SITTING, title="Citizens on Climate"
        )
    )
    factories.seat_panel(assembly, size=2)
    _sitting(assembly)

    sign_in(page, organiser.email, factories.PASSWORD)
    page.goto("/assemblies/citizens/members/")
    page.get_by_role("button", name="Invite the panel").first.click()
    expect(page.get_by_text("2 invitations were queued.")).to_be_visible()
    screenshot(page, "members-index")
    page.get_by_role("button", name="Sign out").click()

    db.session.commit()
    member = db.session.scalar(db.select(Member).order_by(Member.id))
    body = mailbox.last_body(member.registrant.email)
    link = re.search(r"http://[^/\s]+(/join/\S+)", body).group(1)

    page.set_viewport_size(PHONE)
    page.goto(link)
    expect(page.get_by_role("heading", name="You have been drawn")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("Choose a password").fill("my own long password")
    page.get_by_label("Repeat the password").fill("my own long password")
    screenshot(page, "member-accept-phone")
    page.get_by_role("button", name="Accept and sign in").click()

    expect(page.get_by_role("heading", name="My assembly")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Next sitting"))).to_be_visible()
    expect(page.get_by_role("link", name="Opening plenary").first).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "member-my-assembly-phone")

    # Sign out and back in with the chosen password.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, member.registrant.email, "my own long password")
    page.goto("/assemblies/citizens/my")
    feed_url = page.get_by_label("Private calendar address").input_value()
    response = page.request.get(feed_url)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Opening plenary"
    page.goto("/assemblies/citizens/sittings/")
    screenshot(page, "member-schedule-phone")


def test_organiser_schedules_a_sitting_with_a_declared_expert(page):
    organiser = factories.user(can_organise=True)
    factories.assembly(organiser, slug="hearings", status=AssemblyStatus.SITTING)
    sign_in(page, organiser.email, factories.PASSWORD)

    page.goto("/assemblies/hearings/experts/new")
    page.get_by_label("Name").fill("Prof. Grace Hopper")
    page.get_by_label("Affiliation").fill("Navy Research Lab")
    page.get_by_label("Perspective or stance").fill("neutral research")
    page.get_by_label("Funding received").fill("None")
    page.get_by_label("Employment and paid roles").fill("Professor, state university")
    page.get_by_label("Advocacy and memberships").fill("None")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Prof. Grace Hopper is published.")).to_be_visible()

    page.goto("/assemblies/hearings/sittings/new")
    page.get_by_label("Title").fill("Hearing on energy")
    page.get_by_label("Type").select_option("hearing")
    page.get_by_label("Date").fill("2031-06-01")
    page.get_by_label("Starts").fill("10:00")
    page.get_by_label("Ends").fill("13:00")
    page.get_by_label("Place").fill("Parliament, hall B")
    page.get_by_label("Topic").fill("energy")
    screenshot(page, "sitting-form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The sitting was added to the schedule.")).to_be_visible()
    page.get_by_label("Expert", exact=True).select_option(label="Prof. Grace Hopper")
    page.get_by_role("button", name="Add expert").click()
    expect(page.get_by_role("heading", name=re.compile("Prof. Grace Hopper"))).to_be_visible()
    page.get_by_label("Time").fill("10:00")
    page.get_by_label("Item").fill("Evidence from Prof. Hopper")
    page.get_by_role("button", name="Add to agenda").click()
    expect(page.get_by_role("cell", name="Evidence from Prof. Hopper")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "sitting-with-expert")
    page.goto("/assemblies/hearings/experts/")
    expect(page.get_by_text("neutral research (1)").first).to_be_visible()
    screenshot(page, "experts-balance")


def test_facilitator_checks_members_in_and_allocates_tables(page):
    organiser = factories.user(can_organise=True)
    facilitator = factories.user(name="Fran Facilitator")
    assembly = factories.quotas(
        factories.assembly(organiser, slug="tables", status=AssemblyStatus.SITTING)
    )
    factories.add_role(facilitator, assembly, Role.FACILITATOR)
    seats = factories.seat_panel(assembly, size=14)
    gender = assembly.categories[0]
    for i, seat in enumerate(seats):
        seat.registrant.first_name = f"Member{i:02d}"
        seat.registrant.answers[0].value_id = gender.values[i % 2].id
        db.session.add(
            Member(
                assembly_id=assembly.id,
                seat_id=seat.id,
                registrant_id=seat.registrant_id,
                status=MemberStatus.CONFIRMED,
            )
        )
    sitting = _sitting(assembly, title="Deliberation 1", kind="deliberation")

    sign_in(page, facilitator.email, factories.PASSWORD)
    page.goto(f"/assemblies/tables/sittings/{sitting.id}/checkin")
    for i in range(12):
        page.get_by_role("button", name=re.compile(f"Check in Member{i:02d}")).click()
    expect(page.get_by_text("12 of 14 members present.")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "checkin")

    page.goto(f"/assemblies/tables/sittings/{sitting.id}/tables")
    page.get_by_label("Seats per table").fill("6")
    page.get_by_label("Seed (optional)").fill("42")
    page.get_by_role("button", name="Allocate tables").click()
    expect(page.get_by_text(re.compile("Tables allocated"))).to_be_visible()
    expect(page.get_by_role("heading", name="Table 2")).to_be_visible()
    page.get_by_label(re.compile("Move Member00 .* to table")).fill("3")
    page.get_by_role("listitem").filter(has_text="Member00").get_by_role(
        "button", name="Move"
    ).click()
    expect(page.get_by_role("heading", name="Table 3")).to_be_visible()
    page.get_by_label("Facilitator").first.select_option(label="Fran Facilitator")
    page.get_by_role("button", name="Set").first.click()
    expect(page.get_by_text("Facilitator: Fran Facilitator")).to_be_visible()
    assert serious_violations(page) == []
    screenshot(page, "tables")
    page.set_viewport_size(PHONE)
    screenshot(page, "tables-phone")

    db.session.commit()
    assert db.session.query(Attendance).count() == 12
    seats_at = db.session.scalars(db.select(TableSeat)).all()
    assert len(seats_at) == 12
    # Each of the two first tables mixes both gender values.
    by_table = {}
    for seat in seats_at:
        by_table.setdefault(seat.table_no, set()).add(seat.member.registrant.answers[0].value_id)
    assert all(len(values) == 2 for number, values in by_table.items() if number in (1, 2))
