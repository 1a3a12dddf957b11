"""Members themselves: answer the invitation, sign in by link, "My assembly", calendar feed."""

from datetime import UTC, datetime

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from facilitate.access import assembly_view, public
from facilitate.auth.forms import EmptyForm
from facilitate.auth.services import authenticate
from facilitate.auth.sign_in import continue_sign_in
from facilitate.experts import services as experts
from facilitate.extensions import db, limiter
from facilitate.members import services
from facilitate.members.forms import AcceptForm, DeclineForm, SigninLinkForm
from facilitate.members.views import bp
from facilitate.models import Assembly
from facilitate.sittings import materials, questions
from facilitate.sittings import services as sittings
from facilitate.sittings.ics import ics_response


@bp.route("/join/<invite_token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
@public
def respond(invite_token):
    """Accept the invitation (and choose a password) or go on to decline it."""
    member = services.find_by_invitation(invite_token)
    if member is None:
        return render_template("members/invitation_invalid.html"), 404
    assembly = db.session.get(Assembly, member.assembly_id)
    existing = services.existing_account(member)
    form = AcceptForm()
    if existing is not None:
        del form.confirm
    if form.validate_on_submit():
        if existing is not None and authenticate(existing.email, form.password.data) is None:
            flash(_("The password is wrong for your existing account."), "error")
        else:
            method = current_app.config["PASSWORD_HASH_METHOD"]
            user = services.accept(member, form.password.data, method)
            # The link proves a mailbox: not a recent sign-in, and never instead of the code.
            response = continue_sign_in(
                user, url_for("members.mine", slug=assembly.slug), proven=False
            )
            flash(_("Welcome to the assembly, %(name)s.", name=user.name), "success")
            return response
    return render_template(
        "members/respond.html",
        assembly=assembly,
        member=member,
        form=form,
        existing=existing,
        decline_form=DeclineForm(),
        token=invite_token,
    )


@bp.route("/join/<invite_token>/decline", methods=["POST"])
@limiter.limit("30 per hour")
@public
def decline(invite_token):
    """Decline the invitation; the organisers then draw a replacement."""
    member = services.find_by_invitation(invite_token)
    if member is None:
        return render_template("members/invitation_invalid.html"), 404
    form = DeclineForm()
    if not form.validate_on_submit():
        abort(400)
    services.decline(member, form.reason.data or "")
    return render_template("members/declined.html")


@bp.route("/members/sign-in-link", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@public
def request_link():
    """Email a sign-in link to a member who has no password at hand."""
    form = SigninLinkForm()
    if form.validate_on_submit():
        services.send_signin_link(
            form.email.data,
            lambda token: url_for("members.link_signin", signin_token=token, _external=True),
        )
        # The same answer whether or not the address is known, so it reveals nothing.
        flash(_("If this address belongs to a member, a sign-in link is on its way."), "info")
        return redirect(url_for("members.request_link"))
    return render_template("members/request_link.html", form=form)


@bp.route("/members/sign-in-link/<signin_token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
@public
def link_signin(signin_token):
    """Sign in with an emailed link (a button, so mail scanners do not use it up)."""
    form = EmptyForm()
    if form.validate_on_submit():
        user = services.use_signin_link(signin_token)
        if user is None:
            flash(_("This sign-in link has expired or was already used."), "error")
            return redirect(url_for("members.request_link"))
        response = continue_sign_in(user, None, proven=False)
        return response
    return render_template("members/link_signin.html", form=form)


@bp.route("/assemblies/<slug>/my")
@assembly_view("take_part")
def mine(assembly):
    """Show a member the next sitting, the schedule, materials and their open questions."""
    member = sittings.member_for(current_user, assembly)
    schedule = sittings.schedule(assembly)
    own_sittings = experts.sittings_of_expert(current_user, assembly)
    return render_template(
        "members/mine.html",
        assembly=assembly,
        member=member,
        upcoming=sittings.next_sitting(assembly),
        schedule=schedule,
        materials=materials.materials_for(assembly)[:10],
        open_questions=questions.open_questions_by(current_user, schedule),
        attended=sittings.attended_by(member) if member else set(),
        expert_sittings=own_sittings,
        now=datetime.now(UTC),
        form=EmptyForm(),
        council_invitation=_council_invitation(assembly, member),
    )


def _council_invitation(assembly, member):
    """The council that convened this finished assembly, if the member may still opt in."""
    from facilitate.council import optin

    if member is None or assembly.status not in optin.ASKED_FROM:
        return None
    council = optin.council_for(assembly)
    if council is None or optin.existing_opt_in(council, member) is not None:
        return None
    return council


@bp.route("/assemblies/<slug>/my/calendar-link", methods=["POST"])
@assembly_view("take_part")
def renew_feed(assembly):
    """Replace the member's private calendar link."""
    member = sittings.member_for(current_user, assembly)
    if member is None or not EmptyForm().validate_on_submit():
        abort(400)
    services.renew_calendar_link(member)
    flash(_("Your calendar link was replaced; subscribe again with the new one."), "success")
    return redirect(url_for("members.mine", slug=assembly.slug))


@bp.route("/calendar/<feed_token>.ics")
@public
def feed(feed_token):
    """Serve a member's private calendar: the whole schedule of their assembly."""
    member = services.find_by_calendar(feed_token)
    if member is None:
        abort(404)
    assembly = db.session.get(Assembly, member.assembly_id)
    return ics_response(assembly, sittings.schedule(assembly), "member")
