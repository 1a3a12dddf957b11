"""Local time: assemblies and councils live in an IANA time zone; the database keeps UTC.

People enter and read wall-clock times in the zone of their assembly or council; everything
stored, compared and exported is an aware UTC instant. Two edges of daylight saving need a
rule: a wall-clock time that never happens (the hour skipped in spring) is refused, and one
that happens twice (the hour repeated in autumn) means its first occurrence, as most people
would read "02:30" on that night.
"""

from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel.dates import format_date, format_datetime, get_timezone_name
from flask import current_app, has_app_context
from flask_babel import get_locale

#: Used when the configuration names no DEFAULT_TIME_ZONE.
FALLBACK_ZONE = "Europe/Brussels"


class NonexistentTime(ValueError):
    """A wall-clock time skipped by a daylight-saving change (clocks go forward)."""


def default_zone_name() -> str:
    """Return the configured DEFAULT_TIME_ZONE (a callable column and field default)."""
    if has_app_context():
        return current_app.config.get("DEFAULT_TIME_ZONE") or FALLBACK_ZONE
    return FALLBACK_ZONE


def zone(where) -> ZoneInfo:
    """Return the ZoneInfo of a zone name, or of anything with a `time_zone` (an assembly)."""
    name = where if isinstance(where, str) else getattr(where, "time_zone", None)
    return _zone(name or default_zone_name())


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_valid(name: str) -> bool:
    """Say whether `name` is an IANA time zone this system knows."""
    try:
        _zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@cache
def zone_names() -> tuple[str, ...]:
    """Return the IANA zones worth offering: places ("Europe/Brussels") and UTC."""
    places = (
        n for n in available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/"))
    )
    return ("UTC", *sorted(places))


def to_local(moment: datetime, where) -> datetime:
    """Return an aware UTC instant as the wall-clock time of a zone (aware, in that zone)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; stored instants are aware UTC")
    return moment.astimezone(zone(where))


def from_local(wall_clock: datetime, where) -> datetime:
    """Return the aware UTC instant of a naive wall-clock time in a zone.

    Raises NonexistentTime for a time the clocks skip; a repeated time is its first occurrence.
    """
    if wall_clock.tzinfo is not None:
        raise ValueError("from_local takes a naive wall-clock time")
    tz = zone(where)
    local = wall_clock.replace(tzinfo=tz, fold=0)
    instant = local.astimezone(UTC)
    # A skipped time does not survive the round trip: 02:30 comes back as 03:30.
    if instant.astimezone(tz).replace(tzinfo=None) != wall_clock:
        raise NonexistentTime(f"{wall_clock:%Y-%m-%d %H:%M} does not exist in {tz.key}")
    return instant


def combine(day: date, time_of_day: time, where) -> datetime:
    """Return the UTC instant of a local date and time of day."""
    return from_local(datetime.combine(day, time_of_day), where)


def today(where, now: datetime | None = None) -> date:
    """Return the date it is now in a zone: deadlines fall at its midnight, not UTC's."""
    return (now or datetime.now(UTC)).astimezone(zone(where)).date()


def format_local(moment: datetime | None, where, fmt: str = "medium", with_zone=False) -> str:
    """Format an instant as the zone's wall-clock time in the current language (a filter).

    `with_zone` appends the zone's name for that date ("Central European Summer Time"),
    where a reader elsewhere could take the time for their own.
    """
    if moment is None:
        return ""
    locale = get_locale() if has_app_context() else None
    tz = zone(where)
    text = format_datetime(moment, fmt, tzinfo=tz, locale=locale or "en")
    return f"{text} ({zone_label(where, moment)})" if with_zone else text


def format_local_date(moment: datetime | None, where, fmt: str = "medium") -> str:
    """Format the date an instant falls on in a zone (a filter): 00:30 local is that day."""
    if moment is None:
        return ""
    locale = (get_locale() if has_app_context() else None) or "en"
    return format_date(to_local(moment, where).date(), fmt, locale=locale)


def zone_label(where, moment: datetime | None = None) -> str:
    """Name a zone for people: "Central European Summer Time" on a summer date, else generic."""
    tz = zone(where)
    if tz.key == "UTC":
        return "UTC"
    locale = (get_locale() if has_app_context() else None) or "en"
    subject = moment.astimezone(tz) if moment is not None else tz
    return get_timezone_name(subject, locale=locale)
