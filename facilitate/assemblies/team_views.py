"""The people who run an assembly: list, invite, remove."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitate.access import assembly_view, child_or_404
from facilitate.assemblies import services
from facilitate.assemblies.forms import InviteMemberForm
from facilitate.assemblies.views import bp
from facilitate.auth import services as auth_services
from facilitate.auth.forms import EmptyForm
from facilitate.extensions import db
from facilitate.models import Invitation, Membership


def _invitation_link(token: str) -> str:
    # Goes into the invitee's email only: whoever holds it could take the invitee's place.
    return url_for("auth.accept_invitation", token=token, _external=True)


@bp.route("/assemblies/<slug>/team", methods=["GET", "POST"])
@assembly_view("manage")
def team(assembly):
    """List the assembly's team and invite someone with a role."""
    form = InviteMemberForm()
    if form.validate_on_submit():
        auth_services.send_invitation(
            form.email.data,
            form.role.data,
            current_user,
            current_app.config["INVITATION_DAYS"],
            _invitation_link,
            assembly,
        )
        flash(_("An invitation was emailed to %(e)s.", e=form.email.data), "success")
        return redirect(url_for("assemblies.team", slug=assembly.slug))
    memberships = db.session.scalars(
        db.select(Membership).filter_by(assembly_id=assembly.id).order_by(Membership.role)
    ).all()
    pending = db.session.scalars(
        db.select(Invitation).filter_by(assembly_id=assembly.id, accepted_at=None, revoked_at=None)
    ).all()
    return render_template(
        "assemblies/team.html",
        assembly=assembly,
        form=form,
        memberships=memberships,
        pending=pending,
        remove_form=EmptyForm(),
    )


@bp.route("/assemblies/<slug>/team/<int:membership_id>/remove", methods=["POST"])
@assembly_view("manage")
def remove_member(assembly, membership_id):
    """Take a role away from someone."""
    membership = child_or_404(Membership, membership_id, assembly)
    if EmptyForm().validate_on_submit():
        if services.remove_membership(membership, actor=current_user._get_current_object()):
            flash(_("Role removed."), "success")
        else:
            flash(_("An assembly needs at least one organiser."), "error")
    return redirect(url_for("assemblies.team", slug=assembly.slug))
