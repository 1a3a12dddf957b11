"""Translators keep an assembly's or a council's texts in each working language: a queue and
an editor, the same for both."""

from collections import Counter

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate import navigation
from facilitate.access import assembly_view
from facilitate.council.access import council_view
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.languages import services
from facilitate.languages.forms import TranslationForm
from facilitate.models import Assembly

bp = Blueprint("languages", __name__)
# The navigation reads the shared rules only; translators reach the page from its address.
navigation.add_assembly_page("languages.index", _l("Translations"), "manage", 88)

PREFIX = "/assemblies/<slug>/translations"
COUNCIL_PREFIX = "/council/<council_slug>/translations"


@bp.context_processor
def _labels():
    return {"STATUS_LABELS": services.STATUS_LABELS, "LANGUAGE_NAMES": LANGUAGE_NAMES}


def _language_or_404(owner, language: str) -> str:
    if language not in services.translatable_languages(owner):
        abort(404)
    return language


@bp.route(PREFIX + "/")
@assembly_view("translate")
def index(assembly):
    """Show each working language's queue, missing and outdated texts first."""

    def edit_url(language, source):
        return url_for(
            "languages.edit",
            slug=assembly.slug,
            language=language,
            source_kind=source.kind,
            source_id=source.object_id,
            source_field=source.field,
        )

    return _queues(assembly, assembly.title, edit_url)


@bp.route(
    PREFIX + "/<language>/<source_kind>/<int:source_id>/<source_field>", methods=["GET", "POST"]
)
@assembly_view("translate")
def edit(assembly, language, source_kind, source_id, source_field):
    """Translate one text beside its source, showing what changed when it is outdated."""
    back = url_for("languages.index", slug=assembly.slug)
    return _editor(assembly, assembly.title, back, language, (source_kind, source_id, source_field))


@bp.route(COUNCIL_PREFIX + "/")
@council_view("translate")
def council_index(council):
    """Show each of the council's working languages' queues, missing and outdated texts first."""

    def edit_url(language, source):
        return url_for(
            "languages.council_edit",
            council_slug=council.slug,
            language=language,
            council_source_kind=source.kind,
            council_source_id=source.object_id,
            council_source_field=source.field,
        )

    return _queues(council, council.name, edit_url)


@bp.route(
    COUNCIL_PREFIX
    + "/<language>/<council_source_kind>/<int:council_source_id>/<council_source_field>",
    methods=["GET", "POST"],
)
@council_view("translate")
def council_edit(council, language, council_source_kind, council_source_id, council_source_field):
    """Translate one of the council's texts beside its source."""
    back = url_for("languages.council_index", council_slug=council.slug)
    key = (council_source_kind, council_source_id, council_source_field)
    return _editor(council, council.name, back, language, key)


def _queues(owner, name: str, edit_url):
    queues = {
        language: services.queue(owner, language)
        for language in services.translatable_languages(owner)
    }
    counts = {language: Counter(v.status for v in found) for language, found in queues.items()}
    return render_template(
        "languages/index.html",
        owner=owner,
        owner_name=name,
        assembly=owner if isinstance(owner, Assembly) else None,
        queues=queues,
        counts=counts,
        edit_url=edit_url,
    )


def _editor(owner, name: str, back: str, language: str, key: tuple[str, int, str]):
    """Show one text beside its source and save the translation (the assembly's or council's)."""
    _language_or_404(owner, language)
    source = services.find_source(owner, *key)
    if source is None:
        abort(404)
    version = services.versions(owner, language, [source])[0]
    form = TranslationForm(data={"text": version.translation.text if version.translation else ""})
    if form.validate_on_submit():
        services.save(
            owner,
            source,
            language,
            form.text.data or "",
            current=bool(form.mark_current.data),
            actor=current_user._get_current_object(),
        )
        flash(_("The translation was saved."), "success")
        return redirect(f"{back}#{language}")
    return render_template(
        "languages/edit.html", owner=owner, owner_name=name, back=back, version=version, form=form
    )
