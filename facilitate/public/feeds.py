"""An Atom feed of publications, the authority's answers and implementation updates."""

from datetime import UTC, datetime, time
from xml.etree import ElementTree as ET

from flask import Response

from facilitate.access import public, public_assembly_or_404
from facilitate.models import AssemblyStatus
from facilitate.public import queries
from facilitate.public.cache import cached_page
from facilitate.public.views import bp
from facilitate.public_url import absolute_url_for
from facilitate.rendering import markdown_to_text

ATOM = "http://www.w3.org/2005/Atom"
PUBLISHED = (AssemblyStatus.PUBLISHED, AssemblyStatus.ANSWERED, AssemblyStatus.CLOSED)


def _stamp(day_or_time) -> str:
    if not isinstance(day_or_time, datetime):
        day_or_time = datetime.combine(day_or_time, time(12, 0), tzinfo=UTC)
    return day_or_time.astimezone(UTC).isoformat(timespec="seconds")


def feed_entries(assemblies) -> list[dict]:
    """Collect the feed's entries, newest first."""
    entries = []
    for assembly in assemblies:
        published = next(
            (
                c.changed_at
                for c in assembly.status_changes
                if c.to_status is AssemblyStatus.PUBLISHED
            ),
            None,
        )
        recommendations = queries.public_recommendations(assembly)
        if published and recommendations:
            entries.append(
                {
                    "id": f"assembly:{assembly.slug}:published",
                    "title": f"{assembly.title}: {len(recommendations)} recommendations published",
                    "updated": published,
                    "link": absolute_url_for("public.recommendations", slug=assembly.slug),
                    "summary": markdown_to_text(assembly.remit),
                }
            )
        for r in recommendations:
            link = absolute_url_for("public.recommendation", slug=assembly.slug, number=r.number)
            if r.response:
                entries.append(
                    {
                        "id": f"assembly:{assembly.slug}:recommendation:{r.number}:response",
                        "title": f"{assembly.title}, recommendation {r.number}: {r.response.status.value.replace('_', ' ')}",
                        "updated": r.response.recorded_at,
                        "link": link,
                        "summary": r.response.justification or r.current.title,
                    }
                )
                for u in r.response.updates:
                    entries.append(
                        {
                            "id": f"assembly:{assembly.slug}:recommendation:{r.number}:update:{u.id}",
                            "title": f"{assembly.title}, recommendation {r.number}: update ({u.progress} %)",
                            "updated": u.recorded_at,
                            "link": link,
                            "summary": u.text,
                        }
                    )
    entries.sort(key=lambda e: e["updated"], reverse=True)
    return entries


def atom(title: str, self_url: str, entries: list[dict]) -> Response:
    """Render entries as an Atom 1.0 document."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}id").text = self_url
    ET.SubElement(root, f"{{{ATOM}}}title").text = title
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=self_url)
    updated = entries[0]["updated"] if entries else datetime(2026, 1, 1, tzinfo=UTC)
    ET.SubElement(root, f"{{{ATOM}}}updated").text = _stamp(updated)
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "facilitate"
    for entry in entries:
        node = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(node, f"{{{ATOM}}}id").text = "tag:facilitate," + entry["id"]
        ET.SubElement(node, f"{{{ATOM}}}title").text = entry["title"]
        ET.SubElement(node, f"{{{ATOM}}}updated").text = _stamp(entry["updated"])
        ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", href=entry["link"])
        ET.SubElement(node, f"{{{ATOM}}}summary").text = entry["summary"]
    body = ET.tostring(root, encoding="unicode", xml_declaration=True)
    return Response(body, mimetype="application/atom+xml")


@bp.route("/feed.atom")
@public
@cached_page
def feed():
    """Publications, answers and implementation updates of every public assembly."""
    return atom(
        "facilitate",
        absolute_url_for("public.feed"),
        feed_entries(queries.public_assemblies()),
    )


@bp.route("/a/<slug>/feed.atom")
@public
@cached_page
def assembly_feed(slug):
    """The same feed for one assembly."""
    assembly = public_assembly_or_404(slug)
    return atom(
        assembly.title,
        absolute_url_for("public.assembly_feed", slug=slug),
        feed_entries([assembly]),
    )
