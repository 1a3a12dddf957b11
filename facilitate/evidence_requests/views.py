"""Members propose and support evidence requests; organisers answer and publish them."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from facilitate import navigation
from facilitate.access import assembly_view, child_or_404, public, public_assembly_or_404
from facilitate.auth.forms import EmptyForm
from facilitate.ballots.permissions import member_for
from facilitate.evidence_requests import services
from facilitate.evidence_requests.forms import AnswerForm, ProposeForm
from facilitate.models.evidence_requests import (
    REQUEST_KIND_LABELS,
    REQUEST_STATUS_LABELS,
    EvidenceRequest,
)
from facilitate.permissions import can_manage_assembly

bp = Blueprint("evidence_requests", __name__)
navigation.add_assembly_page("evidence_requests.index", _l("Requests to hear"), "take_part", 65)

PREFIX = "/assemblies/<slug>/evidence-requests"


@bp.context_processor
def _labels():
    return {
        "REQUEST_KIND_LABELS": REQUEST_KIND_LABELS,
        "REQUEST_STATUS_LABELS": REQUEST_STATUS_LABELS,
    }


def _back(assembly) -> str:
    return url_for("evidence_requests.index", slug=assembly.slug)


def _checked(form, assembly) -> None:
    """Refuse an invalid form, with its errors, back on the list."""
    if not form.validate_on_submit():
        errors = [e for field in form.errors.values() for e in field] or [_("Please try again.")]
        raise services.RequestRefused(*errors, back_to=_back(assembly))


def _done(assembly, message: str):
    flash(message, "success")
    return redirect(_back(assembly))


@bp.route(PREFIX + "/")
@assembly_view("take_part")
def index(assembly):
    """List the requests with their support and answers; organisers also see who proposed."""
    member = member_for(current_user, assembly)
    return render_template(
        "evidence_requests/index.html",
        assembly=assembly,
        requests=services.requests_of(assembly),
        counts=services.support_counts(assembly),
        supported=services.supported_by(assembly, member),
        member=member,
        manage=can_manage_assembly(current_user, assembly),
        form=ProposeForm(),
        answer_form=AnswerForm(),
    )


@bp.route(PREFIX + "/new", methods=["POST"])
@assembly_view("vote")
def propose(assembly):
    """Record a member's request."""
    form = ProposeForm()
    _checked(form, assembly)
    member = member_for(current_user, assembly)
    services.propose_request(assembly, member, form.kind.data, form.text.data)
    return _done(assembly, _("Your request was added. Others can now support it."))


@bp.route(PREFIX + "/<int:request_id>/support", methods=["POST"])
@assembly_view("vote")
def support(assembly, request_id):
    """Add the member's support to a request."""
    found = child_or_404(EvidenceRequest, request_id, assembly)
    _checked(EmptyForm(), assembly)
    services.support_request(found, member_for(current_user, assembly))
    return _done(assembly, _("You support this request."))


@bp.route(PREFIX + "/<int:request_id>/withdraw", methods=["POST"])
@assembly_view("vote")
def withdraw(assembly, request_id):
    """Take the member's support back."""
    found = child_or_404(EvidenceRequest, request_id, assembly)
    _checked(EmptyForm(), assembly)
    services.withdraw_support(found, member_for(current_user, assembly))
    return _done(assembly, _("Your support was withdrawn."))


@bp.route(PREFIX + "/<int:request_id>/answer", methods=["POST"])
@assembly_view("manage")
def answer(assembly, request_id):
    """Accept a request with a date, or decline it saying why."""
    found = child_or_404(EvidenceRequest, request_id, assembly)
    form = AnswerForm()
    _checked(form, assembly)
    actor = current_user._get_current_object()
    services.answer_request(found, form.status.data, form.answer.data, form.planned_on.data, actor)
    return _done(assembly, _("Answer saved. Members can read it."))


@bp.route(PREFIX + "/<int:request_id>/publish", methods=["POST"])
@assembly_view("manage")
def publish(assembly, request_id):
    """Show an answered request on the public page, or take it off."""
    found = child_or_404(EvidenceRequest, request_id, assembly)
    _checked(EmptyForm(), assembly)
    shown = request.form.get("published", "1") == "1"
    services.publish_request(found, shown, current_user._get_current_object())
    return _done(assembly, _("Published.") if shown else _("Taken off the public page."))


@bp.route("/a/<slug>/evidence-requests")
@public
def public_index(slug):
    """List the published requests with their answers and support, never their authors."""
    assembly = public_assembly_or_404(slug)
    return render_template(
        "evidence_requests/public_index.html",
        assembly=assembly,
        requests=services.requests_of(assembly, public=True),
        counts=services.support_counts(assembly),
    )
