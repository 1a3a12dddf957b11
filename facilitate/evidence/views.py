"""Members browse and search submissions; organisers moderate, group and publish them."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from facilitate import navigation
from facilitate.access import assembly_view, child_or_404
from facilitate.evidence import queries, services
from facilitate.evidence.documents import document_response
from facilitate.evidence.forms import CampaignForm, CiteForm, ModerationForm, SettingsForm
from facilitate.evidence.permissions import can_cite
from facilitate.evidence.queries import criteria_from
from facilitate.extensions import db
from facilitate.models.evidence import Campaign, Submission
from facilitate.permissions import can_manage_assembly
from facilitate.request_guards import page_number

bp = Blueprint("evidence", __name__, url_prefix="/assemblies/<slug>/evidence")
navigation.add_assembly_page("evidence.index", _l("Evidence"), "take_part", 64)


def audience_of(assembly) -> queries.Audience:
    """Organisers see every submission; everyone else in the assembly sees accepted ones."""
    if can_manage_assembly(current_user, assembly):
        return queries.Audience.ORGANISERS
    return queries.Audience.MEMBERS


def _submission_or_404(assembly, submission_id) -> Submission:
    submission = child_or_404(Submission, submission_id, assembly)
    if queries.visible_submission(assembly, audience_of(assembly), id=submission.id) is None:
        abort(404)
    return submission


@bp.route("/")
@assembly_view("take_part")
def index(assembly):
    """Browse and search submissions by type, stance, theme and (organisers) status."""
    criteria = criteria_from(request.args)
    page = page_number()
    audience = audience_of(assembly)
    shown, sizes = queries.search_submissions(assembly, audience, criteria, page)
    return render_template(
        "evidence/index.html",
        assembly=assembly,
        rows=shown.items,
        total=shown.total,
        sizes=sizes,
        page=shown.page,
        pages=max(shown.pages, 1),
        criteria=criteria,
        organiser=audience is queries.Audience.ORGANISERS,
        summary=queries.summary(assembly),
        themes=services.current_settings(assembly).theme_list,
    )


@bp.route("/<int:submission_id>")
@assembly_view("take_part")
def show(assembly, submission_id):
    """Show a submission with its moderation, campaign and where it is cited."""
    submission = _submission_or_404(assembly, submission_id)
    from facilitate.evidence.citation_views import cite_choices

    cite_form = CiteForm()
    cite_form.target.choices = cite_choices(assembly, current_user)
    return render_template(
        "evidence/show.html",
        assembly=assembly,
        submission=submission,
        organiser=audience_of(assembly) is queries.Audience.ORGANISERS,
        form=ModerationForm(),
        cite_form=cite_form if can_cite(current_user, assembly) else None,
        citations=queries.citations_of_submission(submission, current_user.id),
    )


@bp.route("/<int:submission_id>/document")
@assembly_view("take_part")
def document(assembly, submission_id):
    """Download the document attached to a submission."""
    submission = _submission_or_404(assembly, submission_id)
    if not submission.has_document:
        abort(404)
    return document_response(submission)


@bp.route("/<int:submission_id>/moderate", methods=["POST"])
@assembly_view("manage")
def moderate(assembly, submission_id):
    """Accept, publish, reject with a reason, mark as duplicate, or reopen."""
    submission = child_or_404(Submission, submission_id, assembly)
    back = url_for("evidence.show", slug=assembly.slug, submission_id=submission.id)
    form = ModerationForm()
    if form.validate_on_submit():
        original = None
        if form.duplicate_of.data:
            original = db.session.scalar(
                select(Submission).filter_by(assembly_id=assembly.id, number=form.duplicate_of.data)
            )
        try:
            services.moderate_submission(
                submission,
                request.form.get("action", ""),
                current_user,
                form.reason.data or "",
                original,
                form.note.data or "",
            )
        except services.SubmissionRefused as refused:
            refused.back_to = back
            raise
        flash(_("Submission %(n)d: decision recorded.", n=submission.number), "success")
    else:
        flash(_("Please correct the decision form."), "error")
    return redirect(back)


@bp.route("/<int:submission_id>/leave-campaign", methods=["POST"])
@assembly_view("manage")
def leave_campaign(assembly, submission_id):
    """Take a submission out of a campaign it was grouped into by mistake."""
    submission = child_or_404(Submission, submission_id, assembly)
    if ModerationForm().validate_on_submit():
        services.leave_campaign(submission)
        flash(_("It no longer counts as part of the campaign."), "success")
    return redirect(url_for("evidence.show", slug=assembly.slug, submission_id=submission.id))


@bp.route("/campaigns")
@assembly_view("manage")
def campaigns(assembly):
    """List the campaigns of near-identical submissions with their counts."""
    sizes = queries.campaign_sizes(assembly)
    return render_template(
        "evidence/campaigns.html",
        assembly=assembly,
        campaigns=[(c, n, queries.campaign_representative(c)) for c, n in sizes],
        form=CampaignForm(),
    )


@bp.route("/campaigns/detect", methods=["POST"])
@assembly_view("manage")
def detect_campaigns(assembly):
    """Group near-identical submissions into campaigns."""
    if CampaignForm().validate_on_submit():
        created = services.group_campaigns(assembly)
        flash(_("%(n)d new campaigns found.", n=len(created)), "success")
    return redirect(url_for("evidence.campaigns", slug=assembly.slug))


@bp.route("/campaigns/<int:campaign_id>", methods=["POST"])
@assembly_view("manage")
def moderate_campaign(assembly, campaign_id):
    """Decide on every submission of a campaign at once, or rename it."""
    campaign = child_or_404(Campaign, campaign_id, assembly)
    back = url_for("evidence.campaigns", slug=assembly.slug)
    form = CampaignForm()
    if form.validate_on_submit():
        try:
            count = services.moderate_campaign(
                campaign,
                request.form.get("action", ""),
                current_user,
                form.reason.data or "",
                form.label.data or "",
            )
        except services.SubmissionRefused as refused:
            refused.back_to = back
            raise
        flash(_("Campaign updated (%(n)d submissions).", n=count), "success")
    return redirect(back)


@bp.route("/settings", methods=["GET", "POST"])
@assembly_view("manage")
def settings(assembly):
    """Open or close public submissions and set their themes."""
    form = SettingsForm(obj=services.current_settings(assembly))
    if form.validate_on_submit():
        services.update_settings(
            assembly, form.accepting.data, form.closes_on.data, form.themes.data or ""
        )
        flash(_("Submission settings saved."), "success")
        return redirect(url_for("evidence.settings", slug=assembly.slug))
    return render_template(
        "evidence/settings.html", assembly=assembly, form=form
    ), 422 if form.errors else 200


# Routes in sibling modules register on `bp` when imported.
from facilitate.evidence import citation_views, import_views  # noqa: E402, F401
