"""Sittings as an iCalendar feed response, for the public and for each member."""

from datetime import UTC, datetime

from flask import Response, request, url_for

from facilitate.sittings import calendar


def ics_response(assembly, items, name: str, private: bool = True) -> Response:
    """Return sittings as an iCalendar feed."""

    def link(sitting):
        return url_for("sittings.show", slug=assembly.slug, sitting_id=sitting.id, _external=True)

    body = calendar.calendar(
        assembly.title,
        items,
        request.host.split(":")[0] or "facilitate",
        datetime.now(UTC),
        link if private else None,
        private=private,
        time_zone=assembly.time_zone,
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'inline; filename="{assembly.slug}-{name}.ics"',
            "Cache-Control": "private, max-age=300",
        },
    )
