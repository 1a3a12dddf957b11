"""Public pages of the recommendations, their answers, and downloads."""

from flask import abort, render_template
from flask_babel import get_locale

from facilitate import local_time
from facilitate.access import public, public_assembly_or_404
from facilitate.exports import csv_response
from facilitate.languages.reading import language_versions, read_keyed, recommendation_in
from facilitate.languages.services import answer_sources
from facilitate.public import queries, results
from facilitate.public.cache import cached_page
from facilitate.public.views import bp
from facilitate.responses.forms import UPDATE_LABELS
from facilitate.responses.services import follow_up


@bp.route("/a/<slug>/recommendations")
@public
@cached_page
def recommendations(slug):
    """List the recommendations with their vote and the authority's answer."""
    assembly = public_assembly_or_404(slug)
    items = queries.public_recommendations(assembly)
    return render_template(
        "public/recommendations.html",
        assembly=assembly,
        recommendations=items,
        votes=results.vote_results(assembly),
        follow=follow_up(assembly, items),
        today=local_time.today(assembly),
    )


@bp.route("/a/<slug>/recommendations/<int:number>")
@public
@cached_page
def recommendation(slug, number):
    """Show one recommendation, how it was voted, and what the authority did."""
    assembly = public_assembly_or_404(slug)
    item = queries.public_recommendation(assembly, number)
    if item is None:
        abort(404)
    return render_template(
        "public/recommendation.html",
        assembly=assembly,
        recommendation=item,
        reading=recommendation_in(assembly, item, str(get_locale())),
        answers=read_keyed(assembly, answer_sources(item), str(get_locale())),
        language_versions=language_versions(assembly, item),
        vote=results.vote_results(assembly).get(item.id),
        update_labels=UPDATE_LABELS,
    )


@bp.route("/a/<slug>/recommendations.csv")
@public
def recommendations_csv(slug):
    """Download the recommendations and answers as CSV."""
    assembly = public_assembly_or_404(slug)
    rows = (
        [
            r.number,
            r.current.title,
            r.current.text,
            r.response.status.value if r.response else "",
            r.response.responded_on.isoformat() if r.response else "",
            r.response.justification if r.response else "",
        ]
        for r in queries.public_recommendations(assembly)
    )
    header = ["number", "title", "text", "response", "response_date", "justification"]
    return csv_response(header, rows, f"{assembly.slug}-recommendations.csv")
