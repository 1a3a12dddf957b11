"""iCalendar feeds (RFC 5545) of the schedule, written by hand to avoid a dependency.

Each sitting keeps its UID and carries its SEQUENCE, which the app bumps whenever the sitting
moves or changes, so calendar programs replace the event instead of adding a second one.
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from facilitate.models import Sitting

PRODID = "-//facilitate//citizens' assemblies//EN"


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not out else 74  # continuation lines start with a space
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _event(
    sitting: Sitting,
    host: str,
    now: datetime,
    link: Callable[[Sitting], str] | None,
    private: bool,
) -> list[str]:
    description = sitting.description
    if private and sitting.agenda:
        items = "\n".join(f"{item.at.strftime('%H:%M')} {item.title}" for item in sitting.agenda)
        description = f"{description}\n\n{items}".strip()
    if private and sitting.online_url:
        description = f"{description}\n\n{sitting.online_url}".strip()
    lines = [
        "BEGIN:VEVENT",
        f"UID:sitting-{sitting.id}@{host}",
        f"DTSTAMP:{stamp(now)}",
        f"DTSTART:{stamp(sitting.starts_at)}",
        f"DTEND:{stamp(sitting.ends_at)}",
        f"SEQUENCE:{sitting.sequence}",
        f"LAST-MODIFIED:{stamp(sitting.updated_at or now)}",
        f"SUMMARY:{escape_text(sitting.title)}",
        "STATUS:" + ("CANCELLED" if sitting.cancelled_at else "CONFIRMED"),
    ]
    location = sitting.place or (sitting.online_url if private else "")
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if link is not None:
        lines.append(f"URL:{link(sitting)}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    name: str,
    sittings: Iterable[Sitting],
    host: str,
    now: datetime,
    link: Callable[[Sitting], str] | None = None,
    private: bool = True,
) -> str:
    """Return a VCALENDAR with one VEVENT per sitting, CRLF-terminated and folded.

    A public feed (`private=False`) leaves out online meeting links and agendas.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
    ]
    for sitting in sittings:
        lines.extend(_event(sitting, host, now, link, private))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
