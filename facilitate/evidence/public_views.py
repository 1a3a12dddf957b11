"""Public pages: the submission form, published submissions, the trail and the register."""

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from wtforms import SelectChoice

from facilitate import mail, shown_once
from facilitate.access import public, public_assembly_or_404
from facilitate.evidence import documents, queries, register_queries, services
from facilitate.evidence.documents import document_response
from facilitate.evidence.forms import SubmissionForm
from facilitate.evidence.queries import criteria_from
from facilitate.extensions import db, limiter
from facilitate.models.evidence import (
    APPROACH_CHANNEL_LABELS,
    PUBLICATION_LABELS,
    REJECTION_REASON_LABELS,
    STANCE_LABELS,
    SUBMISSION_STATUS_LABELS,
    SUBMITTER_TYPE_LABELS,
)
from facilitate.public.queries import public_recommendation
from facilitate.registration import guards
from facilitate.request_guards import page_number

bp = Blueprint("evidence_public", __name__)
#: The submitter's private link waits for the thank-you page (shown_once.py).
LINK_KEY = "evidence_link"
bp.add_app_template_global(queries.trail_for, "evidence_trail")
bp.add_app_template_global(queries.public_name, "submitter_public_name")


@bp.app_context_processor
def _labels():
    return {
        "SUBMITTER_TYPE_LABELS": SUBMITTER_TYPE_LABELS,
        "STANCE_LABELS": STANCE_LABELS,
        "SUBMISSION_STATUS_LABELS": SUBMISSION_STATUS_LABELS,
        "REJECTION_REASON_LABELS": REJECTION_REASON_LABELS,
        "PUBLICATION_LABELS": PUBLICATION_LABELS,
        "APPROACH_CHANNEL_LABELS": APPROACH_CHANNEL_LABELS,
    }


@bp.route("/a/<slug>/evidence")
@public
def index(slug):
    """List the published submissions and count every outcome, rejections by reason."""
    assembly = public_assembly_or_404(slug)
    criteria = criteria_from(request.args)
    page = page_number()
    shown, sizes = queries.search_submissions(assembly, queries.Audience.PUBLIC, criteria, page)
    return render_template(
        "evidence/public_index.html",
        assembly=assembly,
        rows=shown.items,
        total=shown.total,
        sizes=sizes,
        page=shown.page,
        pages=max(shown.pages, 1),
        criteria=criteria,
        summary=queries.summary(assembly),
        themes=services.current_settings(assembly).theme_list,
        accepting=services.is_accepting(assembly, date.today()),
    )


@bp.route("/a/<slug>/evidence/submit", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@public
def submit(slug):
    """Take a submission from anyone while the assembly accepts them."""
    assembly = public_assembly_or_404(slug)
    if not services.is_accepting(assembly, date.today()):
        return render_template("evidence/closed.html", assembly=assembly)
    form = SubmissionForm()
    themes = services.current_settings(assembly).theme_list
    form.theme.choices = [SelectChoice("", _("No particular theme"))] + [
        SelectChoice(t, t) for t in themes
    ]
    if request.method == "POST" and guards.looks_like_a_bot(request.form, assembly.id):
        abort(400)
    refusal = ""
    if form.validate_on_submit():
        try:
            submission, token = services.submit_evidence(assembly, _submission_data(form))
        except (services.SubmissionRefused, documents.DocumentRefused) as refused:
            db.session.rollback()  # the reason is shown inline; keep nothing it wrote
            refusal = str(refused)
        else:
            link = url_for("evidence_public.manage", submission_token=token, _external=True)
            _acknowledge(assembly, submission, link)
            # Shown once on the thank-you page; sealed server-side, never in the cookie.
            shown_once.keep(LINK_KEY, link)
            return redirect(url_for("evidence_public.thanks", slug=assembly.slug))
    form.started.data = guards.issue_started_token(assembly.id)
    status = 422 if refusal or form.errors else 200
    return render_template(
        "evidence/submit.html",
        assembly=assembly,
        form=form,
        refusal=refusal,
        max_mb=_max_bytes() // (1024 * 1024),
    ), status


def _max_bytes() -> int:
    return current_app.config.get("EVIDENCE_MAX_BYTES", documents.MAX_BYTES)


def _submission_data(form) -> dict:
    data = {name: field.data for name, field in form._fields.items()}
    data["lobbies"] = {"yes": True, "no": False}.get(form.lobbies.data)
    upload = form.document.data
    data["document"] = None
    if upload and getattr(upload, "filename", ""):
        content = upload.read()
        name = upload.filename.rsplit("/", 1)[-1][:255]
        data["document"] = (
            name,
            documents.check_document(name, content, _max_bytes()),
            content,
        )
    return data


def _acknowledge(assembly, submission, link: str) -> None:
    if not submission.email:
        return
    mail.queue_email(
        submission.email,
        _("Your submission to %(t)s", t=assembly.title),
        render_template(
            "evidence/email_received.txt", assembly=assembly, submission=submission, link=link
        ),
        assembly.id,
    )


@bp.route("/a/<slug>/evidence/thanks")
@public
def thanks(slug):
    """Thank the submitter, give them their private link once, and say what happens next."""
    assembly = public_assembly_or_404(slug)
    links = shown_once.take(LINK_KEY)
    return render_template(
        "evidence/thanks.html", assembly=assembly, link=links[-1] if links else None
    )


@bp.route("/a/<slug>/evidence/<int:submission_number>")
@public
def show(slug, submission_number):
    """Show one published submission, with its author only if they chose to be named."""
    assembly = public_assembly_or_404(slug)
    submission = queries.visible_submission(
        assembly, queries.Audience.PUBLIC, number=submission_number
    )
    if submission is None:
        abort(404)
    return render_template("evidence/public_show.html", assembly=assembly, submission=submission)


@bp.route("/a/<slug>/evidence/<int:submission_number>/document")
@public
def document(slug, submission_number):
    """Download the document of a published submission."""
    assembly = public_assembly_or_404(slug)
    submission = queries.visible_submission(
        assembly, queries.Audience.PUBLIC, number=submission_number
    )
    if submission is None or not submission.has_document:
        abort(404)
    return document_response(submission)


@bp.route("/a/<slug>/evidence/recommendations/<int:recommendation_number>")
@public
def trail(slug, recommendation_number):
    """Show the evidence a published recommendation drew on."""
    assembly = public_assembly_or_404(slug)
    recommendation = public_recommendation(assembly, recommendation_number)
    if recommendation is None:
        abort(404)
    return render_template(
        "evidence/public_trail.html", assembly=assembly, recommendation=recommendation
    )


@bp.route("/a/<slug>/lobbying")
@public
def register(slug):
    """Show the lobbying register: who approached the assembly, for whom, when and about what."""
    assembly = public_assembly_or_404(slug)
    return render_template(
        "evidence/public_register.html",
        assembly=assembly,
        entries=register_queries.register_entries(assembly),
        organisations=register_queries.organisations(assembly),
    )


@bp.route("/a/<slug>/lobbying/organisation")
@public
def organisation(slug):
    """Cross-link one organisation's approaches, declared funding and experts' interests."""
    assembly = public_assembly_or_404(slug)
    name = request.args.get("name", "").strip()[:200]
    record = register_queries.organisation_record(assembly, name) if name else None
    if record is None or record.empty:
        abort(404)
    return render_template("evidence/public_organisation.html", assembly=assembly, record=record)


# Routes in sibling modules register on `bp` when imported.
from facilitate.evidence import withdrawal_views  # noqa: E402, F401
