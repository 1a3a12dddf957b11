"""The expert register, the balance of perspectives, and experts' place at sittings."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from facilitate import navigation
from facilitate.access import assembly_view, child_or_404
from facilitate.auth.forms import EmptyForm
from facilitate.experts import services
from facilitate.experts.forms import AssignForm, ExpertForm
from facilitate.extensions import db
from facilitate.models import Sitting
from facilitate.models.experts import Expert
from facilitate.sittings import services as sittings

bp = Blueprint("experts", __name__, url_prefix="/assemblies/<slug>/experts")

navigation.add_assembly_page("experts.index", _l("Experts"), "manage", 62)


@bp.route("/")
@assembly_view("manage")
def index(assembly):
    """List the experts and show the balance of perspectives per sitting and topic."""
    schedule = sittings.schedule(assembly)
    return render_template(
        "experts/index.html",
        assembly=assembly,
        experts=services.experts_of(assembly),
        schedule=schedule,
        balance=services.balance(assembly, schedule),
        form=EmptyForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@assembly_view("manage")
def create(assembly):
    """Add an expert to the register."""
    form = ExpertForm()
    if form.validate_on_submit():
        expert = services.save_expert(assembly, form.data)
        flash(_("%(n)s was added to the register.", n=expert.name), "success")
        return redirect(url_for("experts.show", slug=assembly.slug, expert_id=expert.id))
    return render_template("experts/form.html", assembly=assembly, form=form, expert=None)


@bp.route("/<int:expert_id>")
@assembly_view("manage")
def show(assembly, expert_id):
    """Show an expert's profile, declarations and sittings."""
    expert = child_or_404(Expert, expert_id, assembly)
    return render_template("experts/show.html", assembly=assembly, expert=expert, form=EmptyForm())


@bp.route("/<int:expert_id>/edit", methods=["GET", "POST"])
@assembly_view("manage")
def edit(assembly, expert_id):
    """Change an expert's profile or declared interests."""
    expert = child_or_404(Expert, expert_id, assembly)
    form = ExpertForm(obj=expert)
    if form.validate_on_submit():
        was_published = expert.published
        try:
            services.save_expert(assembly, form.data, expert)
        except services.AddressLocked as refused:
            db.session.rollback()  # the reason is shown inline; keep nothing it wrote
            form.email.errors.append(str(refused))
            return render_template("experts/form.html", assembly=assembly, form=form, expert=expert)
        flash(_("The expert was saved."), "success")
        if was_published and not expert.published:
            flash(_("The expert was unpublished: a declaration is missing."), "warning")
        return redirect(url_for("experts.show", slug=assembly.slug, expert_id=expert.id))
    return render_template("experts/form.html", assembly=assembly, form=form, expert=expert)


@bp.route("/<int:expert_id>/publish", methods=["POST"])
@assembly_view("manage")
def publish(assembly, expert_id):
    """Publish an expert (only once their interests are declared), or unpublish."""
    expert = child_or_404(Expert, expert_id, assembly)
    if not EmptyForm().validate_on_submit():
        abort(400)
    back = url_for("experts.show", slug=assembly.slug, expert_id=expert.id)
    if expert.published:
        services.unpublish(expert, current_user)
        flash(_("%(n)s is no longer shown to members.", n=expert.name), "success")
    else:
        try:
            services.publish(expert, current_user)
        except services.PublishError as refused:
            refused.back_to = back
            raise
        flash(_("%(n)s is published.", n=expert.name), "success")
    return redirect(back)


@bp.route("/<int:expert_id>/invite", methods=["POST"])
@assembly_view("manage")
def invite(assembly, expert_id):
    """Email the expert a link to an account for their sittings."""
    expert = child_or_404(Expert, expert_id, assembly)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not expert.email:
        flash(_("Add the expert's email address first."), "error")
    else:
        services.invite_account(
            expert,
            assembly,
            current_user,
            lambda token: url_for("auth.accept_invitation", token=token, _external=True),
        )
        flash(_("An account invitation was sent to %(e)s.", e=expert.email), "success")
    return redirect(url_for("experts.show", slug=assembly.slug, expert_id=expert.id))


@bp.route("/sittings/<int:sitting_id>/assign", methods=["POST"])
@assembly_view("manage")
def assign(assembly, sitting_id):
    """Add an expert to a sitting."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    form = AssignForm()
    form.expert_id.choices = [SelectChoice(e.id, e.name) for e in services.experts_of(assembly)]
    if not form.validate_on_submit():
        flash(_("Choose an expert from the register."), "error")
    else:
        expert = child_or_404(Expert, form.expert_id.data, assembly)
        services.assign(sitting, expert)
        flash(_("%(n)s will speak at this sitting.", n=expert.name), "success")
        if not expert.published:
            flash(_("Members will see them once they are published."), "info")
    return redirect(url_for("sittings.show", slug=assembly.slug, sitting_id=sitting.id))


@bp.route("/sittings/<int:sitting_id>/unassign/<int:expert_id>", methods=["POST"])
@assembly_view("manage")
def unassign(assembly, sitting_id, expert_id):
    """Remove an expert from a sitting."""
    sitting = child_or_404(Sitting, sitting_id, assembly)
    expert = child_or_404(Expert, expert_id, assembly)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.unassign(sitting, expert)
    return redirect(url_for("sittings.show", slug=assembly.slug, sitting_id=sitting.id))
