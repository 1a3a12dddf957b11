"""iCalendar feeds (RFC 5545) of the schedule, built with the `icalendar` library.

Each sitting keeps its UID and carries its SEQUENCE, which the app bumps whenever the sitting
moves or changes, so calendar programs replace the event instead of adding a second one.
Start and end are given in the assembly's zone (`TZID`) with its `VTIMEZONE` rules, so a
10:00 sitting stays at 10:00 on both sides of a daylight-saving change in every calendar.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

import icalendar

from facilitate import local_time
from facilitate.models import Sitting

PRODID = "-//facilitate//citizens' assemblies//EN"


def _event(
    sitting: Sitting,
    host: str,
    now: datetime,
    link: Callable[[Sitting], str] | None,
    private: bool,
    time_zone: str,
) -> icalendar.Event:
    description = sitting.description
    if private and sitting.agenda:
        # Agenda times are the assembly's wall-clock times, like the event's.
        items = "\n".join(f"{item.at.strftime('%H:%M')} {item.title}" for item in sitting.agenda)
        description = f"{description}\n\n{items}".strip()
    if private and sitting.online_url:
        description = f"{description}\n\n{sitting.online_url}".strip()
    event = icalendar.Event()
    event.add("uid", f"sitting-{sitting.id}@{host}")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", local_time.to_local(sitting.starts_at, time_zone))
    event.add("dtend", local_time.to_local(sitting.ends_at, time_zone))
    event.add("sequence", sitting.sequence)
    event.add("last-modified", (sitting.updated_at or now).astimezone(UTC))
    event.add("summary", sitting.title)
    event.add("status", "CANCELLED" if sitting.cancelled_at else "CONFIRMED")
    location = sitting.place or (sitting.online_url if private else "")
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if link is not None:
        event.add("url", link(sitting))
    return event


def calendar(
    name: str,
    sittings: Iterable[Sitting],
    host: str,
    now: datetime,
    link: Callable[[Sitting], str] | None = None,
    private: bool = True,
    time_zone: str = "UTC",
) -> str:
    """Return a VCALENDAR with one VEVENT per sitting and the zone's VTIMEZONE.

    A public feed (`private=False`) leaves out online meeting links and agendas.
    """
    feed = icalendar.Calendar()
    feed.add("version", "2.0")
    feed.add("prodid", PRODID)
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    feed.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    sittings = list(sittings)
    for sitting in sittings:
        feed.add_component(_event(sitting, host, now, link, private, time_zone))
    if sittings:
        # The zone's rules over the span of the schedule (a year either side), not since 1970.
        first = min(s.starts_at for s in sittings).date() - timedelta(days=366)
        last = max(s.ends_at for s in sittings).date() + timedelta(days=366)
        feed.add_missing_timezones(first_date=first, last_date=last)
    return feed.to_ical().decode()
