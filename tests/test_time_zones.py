"""Local time: entered and shown in the assembly's zone, stored in UTC, across daylight saving.

Europe/Brussels moves its clocks from 02:00 to 03:00 on Sunday 29 March 2026 and from 03:00
back to 02:00 on Sunday 25 October 2026.
"""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import select

from facilitate import local_time
from facilitate.ballots import deadlines
from facilitate.ballots import services as ballots
from facilitate.ballots.forms import BallotForm
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Sitting
from facilitate.models.ballots import Ballot, BallotStatus
from facilitate.models.council import Council
from facilitate.responses.services import follow_up
from tests import factories
from tests.worlds.deliberation import recommendation

SATURDAY, SUNDAY = "2026-03-28", "2026-03-29"  # the clocks go forward on the Sunday


@pytest.fixture
def organiser():
    return factories.user(can_organise=True)


@pytest.fixture
def assembly(organiser):
    # No zone given: the default (Europe/Brussels) applies, as for a new assembly.
    return factories.assembly(organiser, slug="eupen", status=AssemblyStatus.SITTING)


def _schedule(client, day, starts="10:00", ends="12:00", **extra):
    data = {
        "title": f"Sitting on {day}",
        "kind": "plenary",
        "day": day,
        "starts": starts,
        "ends": ends,
        "place": "Parliament, Eupen",
        "table_size": "7",
        **extra,
    }
    return client.post("/assemblies/eupen/sittings/new", data=data)


def _sittings():
    return list(db.session.scalars(select(Sitting).order_by(Sitting.starts_at)))


# --- the conversions themselves ---------------------------------------------------------------


def test_the_same_wall_clock_time_is_a_different_utc_instant_after_the_change():
    before = local_time.from_local(datetime(2026, 3, 28, 10), "Europe/Brussels")
    after = local_time.from_local(datetime(2026, 3, 29, 10), "Europe/Brussels")
    assert before == datetime(2026, 3, 28, 9, tzinfo=UTC)
    assert after == datetime(2026, 3, 29, 8, tzinfo=UTC)
    assert local_time.to_local(after, "Europe/Brussels").strftime("%H:%M %Z") == "10:00 CEST"
    assert local_time.to_local(before, "Europe/Brussels").strftime("%H:%M %Z") == "10:00 CET"


def test_a_skipped_time_is_refused_and_a_repeated_time_is_its_first_occurrence():
    with pytest.raises(local_time.NonexistentTime):
        local_time.from_local(datetime(2026, 3, 29, 2, 30), "Europe/Brussels")
    # 02:30 happens twice on 25 October: first in summer time (UTC+2), then in winter time.
    repeated = local_time.from_local(datetime(2026, 10, 25, 2, 30), "Europe/Brussels")
    assert repeated == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_naive_and_unknown_inputs_are_errors_not_guesses():
    with pytest.raises(ValueError):
        local_time.to_local(datetime(2026, 3, 29, 10), "Europe/Brussels")
    with pytest.raises(ValueError):
        local_time.from_local(datetime(2026, 3, 29, 10, tzinfo=UTC), "Europe/Brussels")
    assert not local_time.is_valid("Mars/Olympus_Mons")
    assert local_time.is_valid("Europe/Brussels") and "Europe/Brussels" in local_time.zone_names()


def test_today_turns_at_local_midnight():
    late_utc = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # 00:30 on Sunday in Brussels
    assert local_time.today("Europe/Brussels", late_utc) == date(2026, 3, 29)
    assert local_time.today("UTC", late_utc) == date(2026, 3, 28)


def test_default_zone_comes_from_configuration(app):
    assert factories.assembly().time_zone == "Europe/Brussels"
    app.config["DEFAULT_TIME_ZONE"] = "Europe/Berlin"
    assert factories.assembly().time_zone == "Europe/Berlin"
    council = Council(slug="council", name="Citizens' Council")
    db.session.add(council)
    db.session.flush()
    assert council.time_zone == "Europe/Berlin"


def test_assemblies_and_councils_refuse_an_unknown_zone(app):
    with pytest.raises(ValueError):
        factories.assembly(time_zone="Europe/Atlantis")
    with pytest.raises(ValueError):
        Council(slug="council", name="Council", time_zone="Mars/Olympus_Mons")


# --- sittings: entered, shown and exported -----------------------------------------------------


def test_sittings_either_side_of_the_change_stay_at_ten_local(client, login, organiser, assembly):
    login(organiser)
    assert _schedule(client, SATURDAY).status_code == 302
    assert _schedule(client, SUNDAY).status_code == 302
    saturday, sunday = _sittings()
    assert saturday.starts_at == datetime(2026, 3, 28, 9, tzinfo=UTC)
    assert sunday.starts_at == datetime(2026, 3, 29, 8, tzinfo=UTC)
    assert sunday.ends_at == datetime(2026, 3, 29, 10, tzinfo=UTC)

    page = client.get("/assemblies/eupen/sittings/").get_data(as_text=True)
    assert "Saturday 28 March 2026, 10:00 – 12:00" in page
    assert "Sunday 29 March 2026, 10:00 – 12:00" in page
    shown = client.get(f"/assemblies/eupen/sittings/{sunday.id}").get_data(as_text=True)
    assert "10:00 – 12:00 (Central European Summer Time)" in shown
    form = client.get(f"/assemblies/eupen/sittings/{sunday.id}/edit").get_data(as_text=True)
    assert 'value="10:00"' in form and 'value="2026-03-29"' in form


def test_calendar_feed_carries_the_zone_and_the_right_instants(client, login, organiser, assembly):
    login(organiser)
    _schedule(client, SATURDAY)
    _schedule(client, SUNDAY)
    client.post("/auth/logout")
    body = client.get("/assemblies/eupen/sittings/calendar.ics").data
    assert b"T100000Z" not in body
    feed = icalendar.Calendar.from_ical(body)
    (zone,) = feed.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Brussels"
    events = sorted(feed.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert [e["DTSTART"].params["TZID"] for e in events] == ["Europe/Brussels"] * 2
    starts = [e.decoded("DTSTART").astimezone(UTC) for e in events]
    assert starts == [datetime(2026, 3, 28, 9, tzinfo=UTC), datetime(2026, 3, 29, 8, tzinfo=UTC)]
    assert [e.decoded("DTSTART").strftime("%H:%M") for e in events] == ["10:00", "10:00"]
    # A calendar program resolving TZID from the VTIMEZONE alone gets the same instants.
    rules = icalendar.Timezone.from_ical(zone.to_ical()).to_tz()
    resolved = [
        datetime.combine(e.decoded("DTSTART").date(), e.decoded("DTSTART").time(), rules)
        for e in events
    ]
    assert [r.astimezone(UTC) for r in resolved] == starts


def test_a_time_the_clocks_skip_is_refused(client, login, organiser, assembly):
    login(organiser)
    response = _schedule(client, SUNDAY, starts="02:30", ends="04:00")
    assert response.status_code == 200
    assert "The clocks skip this time" in response.get_data(as_text=True)
    assert _sittings() == []


def test_the_form_says_which_zone_times_are_in(client, login, organiser, assembly):
    login(organiser)
    page = client.get("/assemblies/eupen/sittings/new").get_data(as_text=True)
    assert "Local time: Central European Time." in page


# --- the zone in the assembly's settings -------------------------------------------------------


def _settings(assembly, **changes):
    data = {
        "title": assembly.title,
        "slug": assembly.slug,
        "remit": assembly.remit,
        "language": "en",
        "time_zone": assembly.time_zone,
        "panel_size": str(assembly.panel_size),
        "registrations_per_code": "1",
        "minimum_age": "16",
        "privacy_notice_version": "1",
        **changes,
    }
    return data


def test_changing_the_zone_keeps_upcoming_sittings_at_their_local_time(
    client, login, organiser, assembly
):
    login(organiser)
    next_year = (datetime.now(UTC) + timedelta(days=365)).date().isoformat()
    _schedule(client, next_year)
    (sitting,) = _sittings()
    brussels_start = sitting.starts_at
    response = client.post(
        "/assemblies/eupen/edit", data=_settings(assembly, time_zone="America/New_York")
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert assembly.time_zone == "America/New_York"
    assert local_time.to_local(sitting.starts_at, "America/New_York").strftime("%H:%M") == "10:00"
    assert sitting.starts_at - brussels_start in (timedelta(hours=5), timedelta(hours=6))
    assert sitting.sequence == 1  # subscribed calendars move it


def test_an_unknown_zone_is_refused(client, login, organiser, assembly):
    login(organiser)
    page = client.get("/assemblies/eupen/edit").get_data(as_text=True)
    assert '<option selected value="Europe/Brussels">' in page
    response = client.post("/assemblies/eupen/edit", data=_settings(assembly, time_zone="Mars/X"))
    assert response.status_code == 200
    db.session.expire_all()
    assert assembly.time_zone == "Europe/Brussels"


# --- deadlines -------------------------------------------------------------------------------


@pytest.fixture
def voting(organiser):
    made = factories.assembly(organiser, slug="vote", status=AssemblyStatus.VOTING)
    recommendation(made, "Insulate schools")
    return made


def test_ballot_deadline_entered_in_local_time_closes_at_that_instant(
    client, login, organiser, voting
):
    login(organiser)
    response = client.post(
        "/assemblies/vote/ballots/new",
        data={"title": "Final vote", "mode": "together", "closes_at": f"{SUNDAY}T23:59"},
    )
    assert response.status_code == 302
    ballot = db.session.scalar(select(Ballot))
    # 23:59 summer time on the Sunday is 21:59 UTC, not 23:59 UTC.
    assert ballot.closes_at == datetime(2026, 3, 29, 21, 59, tzinfo=UTC)
    page = client.get(f"/assemblies/vote/ballots/{ballot.id}").get_data(as_text=True)
    assert "3/29/26, 11:59\u202fPM (Central European Summer Time)" in page

    (rec,) = ballots.votable_recommendations(voting)
    ballots.add_item(ballot, "yes_no", "simple", [rec.id])
    ballots.open_ballot(ballot, datetime(2026, 3, 20, tzinfo=UTC), None)
    db.session.commit()
    assert deadlines.close_due_ballots(datetime(2026, 3, 29, 21, 58, tzinfo=UTC)) == []
    assert deadlines.close_due_ballots(datetime(2026, 3, 29, 22, 0, tzinfo=UTC)) == [ballot]
    assert ballot.status == BallotStatus.CLOSED and ballot.closed_at == ballot.closes_at


def test_ballot_form_converts_from_the_zone_it_is_given(app):
    data = {"title": "Vote", "mode": "together", "closes_at": "2026-03-08T23:59"}
    with app.test_request_context(method="POST", data=data):
        form = BallotForm(time_zone="America/New_York", meta={"csrf": False})
        assert form.validate(), form.errors
        # New York moved its clocks on 8 March 2026: 23:59 EDT is 03:59 UTC the next day.
        assert form.closes_at.data == datetime(2026, 3, 9, 3, 59, tzinfo=UTC)
        assert 'value="2026-03-08T23:59"' in form.closes_at()
    data["closes_at"] = "2026-03-08T02:30"  # skipped: New York went from 02:00 to 03:00
    with app.test_request_context(method="POST", data=data):
        form = BallotForm(time_zone="America/New_York", meta={"csrf": False})
        assert not form.validate()
        assert "The clocks skip this time" in str(form.closes_at.errors[0])


def test_answer_deadline_passes_at_local_midnight(app, monkeypatch, organiser):
    made = factories.assembly(organiser, handover_on=date(2026, 1, 28), response_due_days=60)
    # The authority must answer by 29 March; 00:30 on the 30th in Brussels is still the 29th
    # in UTC.
    due = follow_up(made, [])["response"].due
    assert due == date(2026, 3, 29)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 3, 29, 22, 30, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(local_time, "datetime", Frozen)
    assert follow_up(made, [])["response_state"] == "overdue"
    made.time_zone = "UTC"
    assert follow_up(made, [])["response_state"] == "due"


def test_every_date_on_an_assemblys_pages_is_in_its_zone(client, login, organiser, assembly):
    """Pages that format instants with the plain `datetime` filter show them locally too."""
    from facilitate.members.services import add_members

    factories.seat_panel(assembly, size=1)
    member = add_members(assembly)[0]
    member.invited_at = datetime(2026, 7, 1, 8, 5, tzinfo=UTC)  # 10:05 in Brussels (summer)
    db.session.commit()
    login(organiser)
    page = client.get(f"/assemblies/eupen/members/{member.id}").get_data(as_text=True)
    assert "10:05" in page and "08:05" not in page
    assembly.time_zone = "America/New_York"
    db.session.commit()
    page = client.get(f"/assemblies/eupen/members/{member.id}").get_data(as_text=True)
    assert "4:05" in page and "10:05" not in page
