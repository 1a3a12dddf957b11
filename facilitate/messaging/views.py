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
from facilitate.messaging import mailings, segments, services
from facilitate.messaging.forms import (
    ComposeForm,
    SettingsForm,
    TemplateForm,
    fill_versions,
    version_fields,
    versions_of,
    with_versions,
)
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
        mailings=mailings.mailings(assembly),
        languages=LANGUAGE_NAMES,
        kinds=[(kind, kind_label(kind)) for kind in KINDS if kind != "free"],
        settings_form=SettingsForm(obj=settings),
    )


@bp.route("/new", methods=["GET", "POST"])
@assembly_view("manage")
def compose(assembly):
    """Write to a group in each working language, preview it for real people, send it once."""
    languages = assembly.working_languages
    form = with_versions(ComposeForm, languages, required=False)()
    form.segment.choices = [SelectChoice(key, text) for key, text in segments.choices(assembly)]
    if request.method == "GET":
        _start(form, assembly, request.args.get("kind", "free"))
        form.segment.data = request.args.get("segment", "members")
    ready, refusal = None, []
    if form.validate_on_submit():
        written = versions_of(form, languages)
        try:
            if "send" in request.form:
                mailing = mailings.send_mailing(
                    assembly, form.segment.data, written, form.nonce.data, current_user
                )
                flash(_sent_message(mailing), "success")
                return redirect(url_for("messaging.index", slug=assembly.slug))
            ready = mailings.prepare(assembly, form.segment.data, written, datetime.now(UTC))
        except services.MessagingRefused as refused:
            db.session.rollback()  # shown above the form, with everything written kept in it
            refusal = refused.reasons
    return render_template(
        "messaging/compose.html",
        assembly=assembly,
        form=form,
        versions=version_fields(form, languages),
        languages=LANGUAGE_NAMES,
        ready=ready,
        refusal=refusal,
        fields=FIELDS,
    )


def _start(form, assembly, kind: str) -> None:
    """Fill a new message from a kind's template in each working language."""
    if kind in KINDS:
        texts = {}
        for code in assembly.working_languages:
            subject, body, _custom = services.template_text(assembly, kind, code)
            texts[code] = (subject, body)
        fill_versions(form, texts)
    form.nonce.data = secrets.token_urlsafe(24)


def _sent_message(mailing) -> str:
    return ngettext(
        "Your message is on its way to %(num)d person.",
        "Your message is on its way to %(num)d people.",
        mailing.recipients,
    )


@bp.route("/templates/<kind>", methods=["GET", "POST"])
@assembly_view("manage")
def edit_template(assembly, kind):
    """Change the wording of one kind of message in each working language, or in one."""
    if kind not in KINDS or kind == "free":
        abort(404)
    language = request.args.get("language")
    if language is not None and language not in LANGUAGE_NAMES:
        abort(404)
    languages = [language] if language else assembly.working_languages
    form = with_versions(TemplateForm, languages, required=True)()
    texts = {code: services.template_text(assembly, kind, code) for code in languages}
    if request.method == "GET":
        fill_versions(form, {code: text[:2] for code, text in texts.items()})
    refusal = []
    if form.validate_on_submit():
        try:
            services.save_templates(assembly, kind, versions_of(form, languages), current_user)
        except services.MessagingRefused as refused:
            db.session.rollback()
            refusal = refused.reasons
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
        versions=version_fields(form, languages),
        customised={code: text[2] for code, text in texts.items()},
        refusal=refusal,
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
