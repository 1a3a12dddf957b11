"""The printable public report: the whole assembly in one document, from remit to answers.

Everything here is gathered through the queries the other public pages use, so the report
shows what they show and nothing more: counts only, no registrant, no unpublished expert,
no submitter beyond what `evidence.queries` lets the public see.
"""

import json

from flask import render_template
from flask_babel import get_locale
from sqlalchemy import func, select

from facilitate import local_time
from facilitate.access import public, public_assembly_or_404
from facilitate.disclosure import SMALLEST_SHOWN
from facilitate.evidence import queries as evidence
from facilitate.evidence import register_queries
from facilitate.extensions import db
from facilitate.languages.reading import read_keyed, recommendation_in
from facilitate.languages.services import answer_sources, public_sitting_sources
from facilitate.letters import response_rates
from facilitate.models import Assembly, Member, MemberStatus, PanelSeat
from facilitate.participation.services import public_participation
from facilitate.public import queries, results
from facilitate.public.cache import cached_page
from facilitate.public.draws import main_draw
from facilitate.public.views import bp
from facilitate.responses.forms import UPDATE_LABELS
from facilitate.responses.services import follow_up


@bp.route("/a/<slug>/report")
@public
@cached_page
def report(slug):
    """Show the assembly as one printable document: remit, process, evidence, votes, answers."""
    assembly = public_assembly_or_404(slug)
    items = queries.public_recommendations(assembly)
    votes = results.vote_results(assembly)
    figures = recruitment_figures(assembly)
    panel = queries.panel_composition(assembly)
    submissions, campaign_sizes = published_submissions(assembly)
    sittings = queries.public_sittings(assembly)
    language = str(get_locale())
    return render_template(
        "public/report.html",
        assembly=assembly,
        figures=figures,
        panel=panel,
        panel_chart=panel_chart(panel, figures["seated"]),
        smallest=SMALLEST_SHOWN,
        sittings=sittings,
        texts=read_keyed(assembly, public_sitting_sources(sittings), language),
        readings={r.id: recommendation_in(assembly, r, language) for r in items},
        answers=read_keyed(assembly, [s for r in items for s in answer_sources(r)], language),
        summary=evidence.summary(assembly),
        submissions=submissions,
        campaign_sizes=campaign_sizes,
        lobbying=register_queries.register_entries(assembly),
        participation=public_participation(assembly),
        recommendations=items,
        votes=votes,
        vote_charts=vote_charts(votes),
        follow=follow_up(assembly, items),
        update_labels=UPDATE_LABELS,
        today=local_time.today(assembly),
    )


def recruitment_figures(assembly: Assembly) -> dict:
    """Count each step from the letters to the seated panel: totals only, nobody named."""
    counts = queries.recruitment_counts(assembly)
    letters = response_rates.overall(response_rates.rates_by(assembly, "draw"))
    draw = main_draw(assembly)
    record = json.loads(draw.record)["record"] if draw else None

    def seats(*where) -> int:
        return db.session.scalar(
            select(func.count(PanelSeat.id)).where(PanelSeat.assembly_id == assembly.id, *where)
        )

    return {
        "letters": letters.letters,
        "registered": counts["registered"],
        "response_rate": letters.percent if letters.letters else None,
        "pool": record["pool_size"] if record else None,
        "drawn": len(record["panel"]) if record else None,
        "confirmed": db.session.scalar(
            select(func.count(Member.id)).where(
                Member.assembly_id == assembly.id, Member.status == MemberStatus.CONFIRMED
            )
        ),
        "left": seats(PanelSeat.dropped_at.is_not(None)),
        "replacements": seats(PanelSeat.replaces_id.is_not(None)),
        "seated": counts["selected"],
    }


def panel_chart(panel: list[dict], seated: int) -> dict:
    """Shape the protected panel table for `participation_chart`: shares beside the targets."""
    return {
        "total": seated,
        "groups": [
            {
                "category": group["category"],
                "rows": [
                    {
                        "value": row["value"],
                        "count": row["seats"],
                        "pct": round(100 * row["seats"] / seated, 1)
                        if seated and row["seats"] is not None
                        else None,
                        "panel": None,
                        "min": row["min"],
                        "max": row["max"],
                        "population_share": row["population_share"],
                    }
                    for row in group["rows"]
                ],
            }
            for group in panel
        ],
    }


def vote_charts(votes: dict[int, dict]) -> dict[int, dict]:
    """Shape each published vote for `agreement_chart`: one bar per choice, by recommendation."""
    return {
        recommendation_id: {
            "text": vote["ballot"],
            "bars": [(row["key"], row["count"]) for row in vote["rows"]],
            "total": vote["ballots"],
            "labels": {row["key"]: row["label"] for row in vote["rows"]},
        }
        for recommendation_id, vote in votes.items()
        if vote["rows"]
    }


def published_submissions(assembly: Assembly) -> tuple[list, dict]:
    """Return every submission the public may read, a campaign once, and each campaign's size."""
    rows, sizes, page = [], {}, 1
    while True:
        shown, found = evidence.search_submissions(
            assembly, evidence.Audience.PUBLIC, evidence.SubmissionFilter(), page
        )
        rows += shown.items
        sizes.update(found)
        if page >= shown.pages:
            return rows, sizes
        page += 1
