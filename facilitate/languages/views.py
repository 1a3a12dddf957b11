"""Translators keep the assembly's texts in each working language: a queue and an editor."""

from collections import Counter

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate import navigation
from facilitate.access import assembly_view
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.languages import services
from facilitate.languages.forms import TranslationForm

bp = Blueprint("languages", __name__)
# The navigation reads the shared rules only; translators reach the page from its address.
navigation.add_assembly_page("languages.index", _l("Translations"), "manage", 88)

PREFIX = "/assemblies/<slug>/translations"


@bp.context_processor
def _labels():
    return {"STATUS_LABELS": services.STATUS_LABELS, "LANGUAGE_NAMES": LANGUAGE_NAMES}


def _language_or_404(assembly, language: str) -> str:
    if language not in services.translatable_languages(assembly):
        abort(404)
    return language


@bp.route(PREFIX + "/")
@assembly_view("translate")
def index(assembly):
    """Show each working language's queue, missing and outdated texts first."""
    queues = {
        language: services.queue(assembly, language)
        for language in services.translatable_languages(assembly)
    }
    counts = {language: Counter(v.status for v in found) for language, found in queues.items()}
    return render_template("languages/index.html", assembly=assembly, queues=queues, counts=counts)


@bp.route(
    PREFIX + "/<language>/<source_kind>/<int:source_id>/<source_field>", methods=["GET", "POST"]
)
@assembly_view("translate")
def edit(assembly, language, source_kind, source_id, source_field):
    """Translate one text beside its source, showing what changed when it is outdated."""
    _language_or_404(assembly, language)
    source = services.find_source(assembly, source_kind, source_id, source_field)
    if source is None:
        abort(404)
    version = services.versions(assembly, language, [source])[0]
    form = TranslationForm(data={"text": version.translation.text if version.translation else ""})
    if form.validate_on_submit():
        services.save(
            assembly,
            source,
            language,
            form.text.data or "",
            current=bool(form.mark_current.data),
            actor=current_user._get_current_object(),
        )
        flash(_("The translation was saved."), "success")
        return redirect(url_for("languages.index", slug=assembly.slug) + f"#{language}")
    return render_template("languages/edit.html", assembly=assembly, version=version, form=form)
