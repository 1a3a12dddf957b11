"""Public data as plain dicts, shared by the JSON API, the CSV downloads and the feed."""

from facilitate.languages.reading import Reading
from facilitate.models import Assembly, Recommendation
from facilitate.public import queries


def _iso(value):
    return value.isoformat() if value else None


def assembly_summary(assembly: Assembly) -> dict:
    return {
        "slug": assembly.slug,
        "title": assembly.title,
        "remit": assembly.remit,
        "language": assembly.language,
        "status": assembly.status.value,
        "panel_size": assembly.panel_size,
        "dates": {
            "recruitment_opens": _iso(assembly.recruitment_opens_on),
            "recruitment_closes": _iso(assembly.recruitment_closes_on),
            "selection": _iso(assembly.selection_on),
            "first_sitting": _iso(assembly.first_sitting_on),
            "last_sitting": _iso(assembly.last_sitting_on),
            "handover": _iso(assembly.handover_on),
        },
    }


def assembly_detail(assembly: Assembly) -> dict:
    return {
        **assembly_summary(assembly),
        "description": assembly.description,
        "counts": queries.recruitment_counts(assembly),
        "quotas": [
            {
                "category": c.name,
                "values": [
                    {
                        "value": v.name,
                        "population_share": v.population_share,
                        "min": v.min_seats,
                        "max": v.max_seats,
                    }
                    for v in c.values
                ],
            }
            for c in assembly.categories
        ],
        "panel": queries.panel_composition(assembly),
        "timeline": [
            {"status": change.to_status.value, "on": _iso(change.changed_at.date())}
            for change in assembly.status_changes
        ],
    }


def recommendation(
    item: Recommendation, results: dict | None = None, reading: Reading | None = None
) -> dict:
    """One recommendation with its answer and updates (never who wrote it); with a `reading`,
    its title and text in the language read and whether that fell back."""
    current = item.current
    response = item.response
    language = {}
    if reading is not None:
        language = {
            "language": reading.language,
            "requested_language": reading.requested,
            "authoritative_language": reading.authoritative,
            "fell_back": reading.fell_back,
        }
    return {
        "number": item.number,
        "title": reading["title"] if reading else current.title,
        "text": reading["text"] if reading else current.text,
        **language,
        "rationale": current.rationale,
        "versions": len(item.versions),
        "vote": (results or {}).get(item.id),  # from ballots.queries.published_results
        "response": None
        if response is None
        else {
            "status": response.status.value,
            "justification": response.justification,
            "on": _iso(response.responded_on),
            "updates": [
                {
                    "on": _iso(u.on),
                    "status": u.status,
                    "progress": u.progress,
                    "text": u.text,
                    "link": u.link,
                }
                for u in response.updates
            ],
        },
    }


def draw(item: dict, record_url: str) -> dict:
    """One draw as `public.draws.draw_records` describes it, with its sealed record."""
    result = item["result"]
    return {
        "id": item["id"],
        "number": item["number"],
        "kind": item["kind"],
        "main_draw": item["main_draw"],
        "finished_at": _iso(item["finished_at"]),
        "reasons": item["reasons"],
        "seed": result["record"]["seed"],
        "randomness": result["record"]["randomness"],
        "pool": item["pool"],
        "could_be_drawn": item["could_be_drawn"],
        "chances": {"lowest": result["min"], "median": result["median"], "highest": result["max"]},
        "record_url": record_url,
        "record": result["record"],
    }
