"""Organisers review possible duplicates side by side: keep both, or merge into one."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitate.access import assembly_view, child_or_404
from facilitate.models import Registrant
from facilitate.pool import duplicate_decisions, duplicates, queries
from facilitate.pool.duplicate_forms import KeepBothForm, MergeForm
from facilitate.pool.views import bp

#: How many pairs one page lists; the total is always given.
SHOWN_PAIRS = 200


def _pair_or_404(assembly, first_id: int, second_id: int) -> tuple[Registrant, Registrant]:
    first = child_or_404(Registrant, first_id, assembly)
    second = child_or_404(Registrant, second_id, assembly)
    if first.id == second.id or first.erased_at or second.erased_at:
        abort(404)
    return first, second


@bp.route("/duplicates")
@assembly_view("manage")
def duplicates_list(assembly):
    """List the pool's possible duplicates not yet decided, in pairs."""
    pairs = duplicates.pool_pairs(assembly.id)
    shown = pairs[:SHOWN_PAIRS]
    people = queries.registrants_by_id({i for a, b, _why in shown for i in (a, b)})
    return render_template(
        "pool/duplicates.html",
        assembly=assembly,
        pairs=[(people[a], people[b], why) for a, b, why in shown],
        total=len(pairs),
        labels=duplicates.REASON_LABELS,
    )


@bp.route("/duplicates/<int:first_id>/<int:second_id>")
@assembly_view("manage")
def duplicate_pair(assembly, first_id, second_id):
    """Show two registrations side by side, what matched highlighted, for a decision."""
    first, second = _pair_or_404(assembly, first_id, second_id)
    merge_form = MergeForm()
    merge_form.keep.choices = [
        ("first", _("Keep %(r)s", r=first.reference)),
        ("second", _("Keep %(r)s", r=second.reference)),
    ]
    return render_template(
        "pool/duplicate_pair.html",
        assembly=assembly,
        first=first,
        second=second,
        matched=duplicates.match_reasons(duplicates.person_of(first), duplicates.person_of(second)),
        labels=duplicates.REASON_LABELS,
        answers=queries.answers_for([first.id, second.id]),
        value_names={v.id: v.name for c in assembly.categories for v in c.values},
        keep_form=KeepBothForm(),
        merge_form=merge_form,
    )


@bp.route("/duplicates/<int:first_id>/<int:second_id>/not-duplicate", methods=["POST"])
@assembly_view("manage")
def not_duplicate(assembly, first_id, second_id):
    """Keep both registrations as two people; the pair is not offered again."""
    first, second = _pair_or_404(assembly, first_id, second_id)
    form = KeepBothForm()
    back = url_for(
        "pool.duplicate_pair", slug=assembly.slug, first_id=first.id, second_id=second.id
    )
    if not form.validate_on_submit():
        return redirect(back)
    duplicate_decisions.keep_both(
        first, second, reason=form.reason.data or "", actor=current_user._get_current_object()
    )
    flash(
        _("%(a)s and %(b)s are kept as two people.", a=first.reference, b=second.reference),
        "success",
    )
    return redirect(url_for("pool.duplicates_list", slug=assembly.slug))


@bp.route("/duplicates/<int:first_id>/<int:second_id>/merge", methods=["POST"])
@assembly_view("manage")
def merge_duplicate(assembly, first_id, second_id):
    """Keep one registration and mark the other its duplicate, out of draws and counts."""
    first, second = _pair_or_404(assembly, first_id, second_id)
    form = MergeForm()
    back = url_for(
        "pool.duplicate_pair", slug=assembly.slug, first_id=first.id, second_id=second.id
    )
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(map(str, errors)), "error")
        return redirect(back)
    kept, duplicate = (first, second) if form.keep.data == "first" else (second, first)
    try:
        duplicate_decisions.merge_pair(
            kept, duplicate, reason=form.reason.data, actor=current_user._get_current_object()
        )
    except duplicate_decisions.Refused as refused:
        refused.back_to = back
        raise
    flash(
        _("%(d)s is now a duplicate of %(k)s.", d=duplicate.reference, k=kept.reference), "success"
    )
    return redirect(url_for("pool.duplicates_list", slug=assembly.slug))
