"""Organisers turn the drawn panel into members: invitations, contact notes, replacements."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate import jobs, navigation
from facilitate.access import assembly_view, child_or_404
from facilitate.auth.forms import EmptyForm
from facilitate.auth.recent import recent_auth_required
from facilitate.mail import undeliverable
from facilitate.members import services
from facilitate.members.forms import ContactForm, ReplaceForm
from facilitate.models import Member, MemberStatus
from facilitate.models.members import CONTACT_CHANNELS, MEMBER_STATUS_LABELS
from facilitate.selection import services as selection
from facilitate.sortition.selection import new_seed

bp = Blueprint("members", __name__)

navigation.add_assembly_page("members.index", _l("Members"), "manage", 55)
navigation.add_assembly_page("members.mine", _l("My assembly"), "take_part", 12)


def _invite_link(token: str) -> str:
    return url_for("members.respond", invite_token=token, _external=True)


@bp.route("/assemblies/<slug>/members/")
@assembly_view("manage")
def index(assembly):
    """List the panel's members with their status, and who still needs an invitation."""
    members = services.members_of(assembly)
    counts = {status: 0 for status in MemberStatus}
    for member in members:
        counts[member.status] += 1
    return render_template(
        "members/index.html",
        assembly=assembly,
        members=members,
        counts=counts,
        new_seats=services.seats_without_member(assembly),
        uninvited=[m for m in members if m.invited_at is None and m.is_active],
        vacant=selection.vacant_seats(assembly),
        active_run=selection.active_run(assembly),
        form=EmptyForm(),
        labels=MEMBER_STATUS_LABELS,
        bounced=undeliverable(assembly.id),
    )


@bp.route("/assemblies/<slug>/members/invite", methods=["POST"])
@assembly_view("manage")
def invite(assembly):
    """Add every seated person as a member and email those not yet invited."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    invited, unreachable = services.invite_panel(assembly, _invite_link)
    flash(_("%(n)d invitations were queued.", n=invited), "success")
    if unreachable:
        flash(
            _(
                "%(n)d people have no email address: contact them by phone or letter.",
                n=unreachable,
            ),
            "warning",
        )
    return redirect(url_for("members.index", slug=assembly.slug))


@bp.route("/assemblies/<slug>/members/<int:member_id>")
@assembly_view("manage")
def show(assembly, member_id):
    """Show one member: contact details, history of contact, and what to do next."""
    member = child_or_404(Member, member_id, assembly)
    return render_template(
        "members/show.html",
        assembly=assembly,
        member=member,
        contact_form=ContactForm(),
        replace_form=ReplaceForm(),
        form=EmptyForm(),
        labels=MEMBER_STATUS_LABELS,
        bounced=undeliverable(assembly.id).get(member.registrant.email.lower()),
        channels=CONTACT_CHANNELS,
        replaceable=not member.is_active
        and (member.seat.dropped_at is None or member.seat in selection.vacant_seats(assembly)),
    )


@bp.route("/assemblies/<slug>/members/<int:member_id>/contact", methods=["POST"])
@assembly_view("manage")
def contact(assembly, member_id):
    """Record a dated contact (a phone call, a letter…) and any change of status."""
    member = child_or_404(Member, member_id, assembly)
    form = ContactForm()
    if not form.validate_on_submit():
        for field in form:
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
        return redirect(url_for("members.show", slug=assembly.slug, member_id=member.id))
    note = services.record_contact(member, current_user, form.data)
    flash(_("The contact was recorded."), "success")
    if note.new_status in (MemberStatus.DECLINED, MemberStatus.WITHDRAWN):
        flash(_("You can start the replacement draw for this seat below."), "info")
    return redirect(url_for("members.show", slug=assembly.slug, member_id=member.id))


@bp.route("/assemblies/<slug>/members/<int:member_id>/resend", methods=["POST"])
@assembly_view("manage")
def resend(assembly, member_id):
    """Email the member a fresh invitation link (the old one stops working)."""
    member = child_or_404(Member, member_id, assembly)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if services.send_invitation(member, _invite_link, assembly):
        flash(_("A new invitation was queued."), "success")
    else:
        flash(_("No invitation was sent: no email address, or no answer is awaited."), "error")
    return redirect(url_for("members.show", slug=assembly.slug, member_id=member.id))


@bp.route("/assemblies/<slug>/members/<int:member_id>/replace", methods=["POST"])
@assembly_view("manage")
@recent_auth_required
def replace(assembly, member_id):
    """Free the seat of someone who declined or withdrew and start the replacement draw."""
    member = child_or_404(Member, member_id, assembly)
    form = ReplaceForm()
    if not form.validate_on_submit():
        abort(400)
    seed = (form.seed.data or "").strip()
    if seed and not seed.isdigit():
        flash(_("Use digits only for the seed."), "error")
        return redirect(url_for("members.show", slug=assembly.slug, member_id=member.id))
    try:
        run = services.start_replacement(
            member, assembly, current_user, int(seed) if seed else new_seed()
        )
    except services.HandOffError as refused:
        refused.back_to = url_for("members.show", slug=assembly.slug, member_id=member.id)
        raise
    jobs.enqueue("selection.replace", run.id)
    flash(
        _(
            "The replacement draw has started. When it is done, invite the new member "
            "from the members page."
        ),
        "success",
    )
    return redirect(url_for("selection.run", slug=assembly.slug, run_id=run.id))


@bp.route("/assemblies/<slug>/members/<int:member_id>/withdraw", methods=["POST"])
@assembly_view("manage")
def withdraw(assembly, member_id):
    """Record that a member has left the assembly; their access ends."""
    member = child_or_404(Member, member_id, assembly)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if member.is_active:
        services.withdraw(member)
        flash(_("%(n)s has withdrawn.", n=member.name), "success")
    return redirect(url_for("members.show", slug=assembly.slug, member_id=member.id))


from facilitate.members import self_views  # noqa: E402,F401  (routes on this blueprint)
