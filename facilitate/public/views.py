"""Public pages: the list of assemblies and a page for each."""

from datetime import date

from flask import Blueprint, abort, g, render_template
from flask_babel import get_locale

from facilitate.access import public
from facilitate.assemblies.lifecycle import STATUS_LABELS
from facilitate.disclosure import SMALLEST_SHOWN
from facilitate.languages.reading import page_in, read_keyed
from facilitate.languages.services import public_sitting_sources
from facilitate.participation import services as participation_services
from facilitate.public import queries
from facilitate.public.cache import cached_page
from facilitate.quotas import charts
from facilitate.registration import services as registration

bp = Blueprint("public", __name__)


@bp.route("/")
@public
@cached_page
def home():
    """List the assemblies the public may follow."""
    return render_template(
        "public/home.html", assemblies=queries.public_assemblies(), labels=STATUS_LABELS
    )


@bp.route("/a/<slug>")
@public
@cached_page
def assembly(slug):
    """Show an assembly's remit, timeline and targets to the public."""
    found = queries.public_assembly(slug)
    if found is None:
        abort(404)
    g.assembly = found
    sittings = queries.public_sittings(found)
    return render_template(
        "public/assembly.html",
        assembly=found,
        remit=page_in(found, str(get_locale())),
        texts=read_keyed(found, public_sitting_sources(sittings), str(get_locale())),
        labels=STATUS_LABELS,
        chart=charts.quota_chart(found),
        registration_open=registration.is_open(found, date.today()),
        counts=queries.recruitment_counts(found),
        panel=queries.panel_composition(found),
        smallest=SMALLEST_SHOWN,
        recommendations=queries.public_recommendations(found),
        sittings=sittings,
        related=queries.related_pages(found),
    )


@bp.route("/a/<slug>/participation")
@public
@cached_page
def participation(slug):
    """Show who attended past sittings and voted in published ballots, small counts hidden."""
    found = queries.public_assembly(slug)
    if found is None:
        abort(404)
    g.assembly = found
    return render_template(
        "public/participation.html",
        assembly=found,
        participation=participation_services.public_participation(found),
        smallest=SMALLEST_SHOWN,
    )


# Routes in sibling modules register on `bp` when imported.
from facilitate.public import (  # noqa: E402, F401
    favicon,
    feeds,
    health,
    recommendations,
    report,
    selection,
)
