"""Organisers write to people: compose and preview, templates, settings, what was sent."""

import secrets
from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from wtforms import SelectChoice

from facilitate import navigation
from facilitate.access import assembly_view
from facilitate.extensions import db
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.messaging import segments, services
from facilitate.messaging.forms import ComposeForm, SettingsForm, TemplateForm
from facilitate.messaging.templates import FIELDS, KINDS, kind_label

bp = Blueprint("messaging", __name__, url_prefix="/assemblies/<slug>/messages")

navigation.add_assembly_page("messaging.index", _l("Messages"), "manage", 75)


@bp.route("/")
@assembly_view("manage")
def index(assembly):
    """List the messages sent, the templates and the reminder settings."""
    settings = services.settings_for(assembly)
    return render_template(
        "messaging/index.html",
        assembly=assembly,
        mailings=services.mailings(assembly),
        kinds=[(kind, kind_label(kind)) for kind in KINDS if kind != "free"],
        settings_form=SettingsForm(obj=settings),
    )


@bp.route("/new", methods=["GET", "POST"])
@assembly_view("manage")
def compose(assembly):
    """Write to a group, preview it for a real recipient, then send it once."""
    form = ComposeForm()
    form.segment.choices = [SelectChoice(key, text) for key, text in segments.choices(assembly)]
    if request.method == "GET":
        kind = request.args.get("kind", "free")
        if kind in KINDS:
            form.subject.data, form.body.data, _custom = services.template_text(
                assembly, kind, assembly.language
            )
        form.segment.data = request.args.get("segment", "members")
        form.nonce.data = secrets.token_urlsafe(24)
    ready = None
    if form.validate_on_submit():
        if "send" in request.form:
            mailing = services.send_mailing(
                assembly,
                form.segment.data,
                form.subject.data,
                form.body.data,
                form.nonce.data,
                current_user,
            )
            flash(
                ngettext(
                    "Your message is on its way to %(num)d person.",
                    "Your message is on its way to %(num)d people.",
                    mailing.recipients,
                ),
                "success",
            )
            return redirect(url_for("messaging.index", slug=assembly.slug))
        try:
            ready = services.prepare(
                assembly,
                form.segment.data,
                form.subject.data,
                form.body.data,
                datetime.now(UTC),
            )
        except services.MessagingRefused as refused:
            db.session.rollback()  # shown on the form; keep nothing
            form.body.errors = [*form.body.errors, *refused.reasons]
    return render_template(
        "messaging/compose.html", assembly=assembly, form=form, ready=ready, fields=FIELDS
    )


@bp.route("/templates/<kind>", methods=["GET", "POST"])
@assembly_view("manage")
def edit_template(assembly, kind):
    """Change the wording of one kind of message in one language."""
    if kind not in KINDS or kind == "free":
        abort(404)
    language = request.args.get("language", assembly.language)
    if language not in LANGUAGE_NAMES:
        abort(404)
    subject, body, customised = services.template_text(assembly, kind, language)
    form = TemplateForm(data={"subject": subject, "body": body})
    if form.validate_on_submit():
        try:
            services.save_template(
                assembly, kind, language, form.subject.data, form.body.data, current_user
            )
        except services.MessagingRefused as refused:
            db.session.rollback()
            form.body.errors = [*form.body.errors, *refused.reasons]
        else:
            flash(_("The template was saved."), "success")
            return redirect(url_for("messaging.index", slug=assembly.slug))
    return render_template(
        "messaging/template.html",
        assembly=assembly,
        form=form,
        kind=kind,
        label=kind_label(kind),
        language=language,
        languages=LANGUAGE_NAMES,
        customised=customised,
        fields=FIELDS,
    )


@bp.route("/settings", methods=["POST"])
@assembly_view("manage")
def save_settings(assembly):
    """Change the reply-to address, the reply window and the reminder schedule."""
    form = SettingsForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("messaging.index", slug=assembly.slug))
    data = {
        "reply_to": (form.reply_to.data or "").strip(),
        "reply_within_days": form.reply_within_days.data,
        "sitting_reminder_days": form.sitting_reminder_days.data,
        "reply_reminder_days": form.reply_reminder_days.data,
    }
    services.save_settings(assembly, data, current_user)
    flash(_("The settings were saved."), "success")
    return redirect(url_for("messaging.index", slug=assembly.slug))
