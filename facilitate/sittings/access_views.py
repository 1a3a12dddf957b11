"""Interpretation and material formats: organisers record what a sitting offers."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from facilitate.access import assembly_view, child_or_404
from facilitate.models.sittings_content import Material
from facilitate.sittings import access_gaps
from facilitate.sittings.forms import MaterialFormatsForm
from facilitate.sittings.views import bp


@bp.route("/materials/<int:material_id>/formats", methods=["POST"])
@assembly_view("manage")
def set_material_formats(assembly, material_id):
    """Record the formats a material exists in (easy read, audio, large print…)."""
    material = child_or_404(Material, material_id, assembly)
    form = MaterialFormatsForm()
    if form.validate_on_submit():
        access_gaps.set_material_formats(material, form.formats.data or [])
        flash(_("The material's formats were saved."), "success")
    else:
        flash(_("Choose among the formats offered."), "error")
    if material.sitting_id is None:
        return redirect(url_for("sittings.library", slug=assembly.slug))
    return redirect(
        url_for(
            "sittings.show", slug=assembly.slug, sitting_id=material.sitting_id, _anchor="access-h"
        )
    )
