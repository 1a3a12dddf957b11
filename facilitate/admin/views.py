"""Administrators invite organisers and see every account."""

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitate.access import admin_only
from facilitate.admin.forms import InviteOrganiserForm
from facilitate.auth import services as auth_services
from facilitate.auth.forms import EmptyForm
from facilitate.extensions import db
from facilitate.models import Invitation, User

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/", methods=["GET", "POST"])
@admin_only
def index():
    """List accounts and pending invitations; invite an organiser."""
    form = InviteOrganiserForm()
    if form.validate_on_submit():
        auth_services.send_invitation(
            form.email.data,
            "organiser",
            current_user,
            current_app.config["INVITATION_DAYS"],
            # Into the invitee's email only: whoever holds it could take the invitee's place.
            lambda token: url_for("auth.accept_invitation", token=token, _external=True),
        )
        flash(_("An invitation was emailed to %(e)s.", e=form.email.data), "success")
        return redirect(url_for("admin.index"))
    users = db.session.scalars(db.select(User).order_by(User.email)).all()
    pending = db.session.scalars(
        db.select(Invitation)
        .filter_by(capability="organiser", accepted_at=None, revoked_at=None)
        .order_by(Invitation.created_at.desc())
    ).all()
    return render_template(
        "admin/index.html", form=form, users=users, pending=pending, revoke_form=EmptyForm()
    )


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@admin_only
def revoke_invitation(invitation_id):
    """Make an unused invitation link worthless."""
    invitation = db.get_or_404(Invitation, invitation_id)
    if EmptyForm().validate_on_submit():
        auth_services.revoke_invitation(invitation, actor=current_user._get_current_object())
        flash(_("Invitation revoked."), "success")
    return redirect(url_for("admin.index"))
