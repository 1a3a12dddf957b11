"""The read-only JSON API for everything public, described by an OpenAPI document."""

import json

from flask import Blueprint, abort, jsonify, url_for

from facilitate.access import public, public_assembly_or_404
from facilitate.i18n import requested_language
from facilitate.languages.reading import recommendation_in
from facilitate.public import queries, results, serialise
from facilitate.public.cache import cached_page
from facilitate.public.draws import draw_records, main_draw, public_draw

api = Blueprint("api", __name__, url_prefix="/api/v1")


@api.after_request
def _cors(response):
    # Public open data: any site may read it.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@api.route("/assemblies")
@public
@cached_page
def assemblies():
    """List the public assemblies."""
    return jsonify(assemblies=[serialise.assembly_summary(a) for a in queries.public_assemblies()])


@api.route("/assemblies/<slug>")
@public
@cached_page
def assembly(slug):
    """One assembly: remit, dates, counts, quotas, panel make-up and timeline."""
    return jsonify(serialise.assembly_detail(public_assembly_or_404(slug)))


@api.route("/assemblies/<slug>/recommendations")
@public
@cached_page
def recommendations(slug):
    """The published recommendations with votes, answers and implementation updates."""
    found = public_assembly_or_404(slug)
    votes = results.vote_results(found)
    language = requested_language(default=found.language)
    return jsonify(
        recommendations=[
            serialise.recommendation(r, votes, recommendation_in(found, r, language))
            for r in queries.public_recommendations(found)
        ],
    )


@api.route("/assemblies/<slug>/selection")
@public
@cached_page
def selection(slug):
    """The audit record of the main draw, which chose the panel (pseudonymous references only)."""
    run = main_draw(public_assembly_or_404(slug))
    if run is None:
        abort(404)
    return jsonify(json.loads(run.record)["record"])


@api.route("/assemblies/<slug>/draws")
@public
@cached_page
def draws(slug):
    """The main draw and each replacement draw, linked, with reasons, chances and records."""
    assembly = public_assembly_or_404(slug)
    return jsonify(
        draws=[
            serialise.draw(d, url_for("public.draw_record", slug=assembly.slug, run_id=d["id"]))
            for d in draw_records(assembly)
        ]
    )


@api.route("/assemblies/<slug>/draws/<int:run_id>")
@public
@cached_page
def draw(slug, run_id):
    """The audit record of one draw, as `verify` reads it."""
    run = public_draw(public_assembly_or_404(slug), run_id)
    if run is None:
        abort(404)
    return jsonify(json.loads(run.record)["record"])


@api.route("/openapi.json")
@public
@cached_page
def openapi():
    """The OpenAPI 3.1 description of this API."""
    from facilitate.public.openapi import document

    return jsonify(document())
