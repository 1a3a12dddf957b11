"""Organisers attach recordings, livestreams and slides to a sitting and record experts' consent."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from facilitate.access import assembly_view, child_or_404
from facilitate.auth.forms import EmptyForm
from facilitate.experts import services as experts
from facilitate.extensions import db
from facilitate.models import Sitting
from facilitate.models.sittings import MediaKind, SittingMedia
from facilitate.sittings import media
from facilitate.sittings.forms import AgreementForm, MediaForm
from facilitate.sittings.views import bp


def media_form(sitting: Sitting) -> MediaForm:
    """Return the form with the sitting's experts to choose from (or none)."""
    form = MediaForm()
    form.expert_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(e.id, e.name) for e in experts.experts_at(sitting)
    ]
    return form


def _item(sitting: Sitting, media_id: int) -> SittingMedia:
    item = db.session.get(SittingMedia, media_id)
    if item is None or item.sitting_id != sitting.id:
        abort(404)
    return item


def _back(assembly, sitting):
    return redirect(url_for("sittings.show", slug=assembly.slug, sitting_id=sitting.id))


@bp.route("/<int:sitting_id>/media", methods=["POST"])
@assembly_view("manage")
def add_media(assembly, sitting_id):
    """Attach a recording, livestream or slides link to the sitting, unpublished."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    form = media_form(sitting)
    if form.validate_on_submit():
        media.add_media(
            sitting,
            MediaKind(form.kind.data),
            form.url.data.strip(),
            (form.title.data or "").strip(),
            form.expert_id.data or None,
            current_user,
        )
        flash(_("The link was added; it stays off the public page until the expert agrees."))
    else:
        for field in form:
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
    return _back(assembly, sitting)


@bp.route("/<int:sitting_id>/media/<int:media_id>/agreement", methods=["POST"])
@assembly_view("manage")
def set_media_agreement(assembly, sitting_id, media_id):
    """Record whether the expert agreed to publish this item."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    item = _item(sitting, media_id)
    form = AgreementForm()
    if not form.validate_on_submit():
        abort(400)
    media.set_media_agreement(item, form.agreed.data == "yes", current_user)
    flash(_("The expert's agreement was recorded."), "success")
    return _back(assembly, sitting)


@bp.route("/<int:sitting_id>/media/<int:media_id>/delete", methods=["POST"])
@assembly_view("manage")
def remove_media(assembly, sitting_id, media_id):
    """Remove a media link from the sitting and the public page."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    item = _item(sitting, media_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    media.remove_media(item, current_user)
    flash(_("The link was removed."), "success")
    return _back(assembly, sitting)


@bp.app_template_global()
def public_media(sitting: Sitting) -> list[SittingMedia]:
    """Give public templates only what the public may see of a sitting's media."""
    return media.published_media(sitting)


@bp.app_template_global()
def sitting_media(sitting: Sitting) -> list[SittingMedia]:
    """Give the team's sitting page every media item."""
    return media.media_of(sitting)


@bp.app_template_global()
def sitting_media_forms(sitting: Sitting) -> tuple[MediaForm, AgreementForm]:
    """Give the sitting page its media forms."""
    return media_form(sitting), AgreementForm()
