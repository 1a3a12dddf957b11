"""Blueprints, error pages, template helpers and commands, registered on the app."""

from flask import Flask, render_template, request
from flask_babel import format_date, format_datetime, get_locale, lazy_gettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from facilitate import navigation
from facilitate.extensions import login_manager
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.models.recommendations import RESPONSE_STATUS_LABELS
from facilitate.models.registrants import REGISTRANT_STATUS_LABELS
from facilitate.models.selection import RUN_STATUS_LABELS
from facilitate.models.users import ROLE_LABELS
from facilitate.rendering import render_markdown

ERROR_MESSAGES = {
    400: lazy_gettext("The request could not be understood."),
    403: lazy_gettext("You do not have permission to see this page."),
    404: lazy_gettext("There is no page at this address."),
    405: lazy_gettext("This action is not allowed here."),
    413: lazy_gettext("The file is too large."),
    429: lazy_gettext("Too many attempts. Please wait a minute and try again."),
    500: lazy_gettext("Something went wrong on our side. The error has been logged."),
}


def register(app: Flask) -> None:
    """Wire blueprints, errors, template helpers and CLI commands into `app`."""
    from facilitate.admin.views import bp as admin_bp
    from facilitate.assemblies.views import bp as assemblies_bp
    from facilitate.audit.views import bp as audit_bp
    from facilitate.auth.views import bp as auth_bp
    from facilitate.ballots.views import bp as ballots_bp
    from facilitate.cli import register_commands
    from facilitate.council.views import bp as council_bp
    from facilitate.deliberation.note_views import bp as notes_bp
    from facilitate.deliberation.views import bp as recommendations_bp
    from facilitate.evidence.blueprints import BLUEPRINTS as evidence_bps
    from facilitate.experts.views import bp as experts_bp
    from facilitate.letters.views import bp as letters_bp
    from facilitate.members.views import bp as members_bp
    from facilitate.pool.views import bp as pool_bp
    from facilitate.public.api import api as api_bp
    from facilitate.public.views import bp as public_bp
    from facilitate.quotas.views import bp as quotas_bp
    from facilitate.registration.views import bp as registration_bp
    from facilitate.responses.views import bp as responses_bp
    from facilitate.selection.views import bp as selection_bp
    from facilitate.sittings.views import bp as sittings_bp

    for blueprint in (
        public_bp,
        notes_bp,
        recommendations_bp,
        ballots_bp,
        auth_bp,
        audit_bp,
        admin_bp,
        assemblies_bp,
        quotas_bp,
        letters_bp,
        registration_bp,
        pool_bp,
        selection_bp,
        members_bp,
        sittings_bp,
        experts_bp,
        responses_bp,
        api_bp,
        council_bp,
        *evidence_bps,
    ):
        app.register_blueprint(blueprint)

    for endpoint, label, rule, order in (
        ("assemblies.show", lazy_gettext("Overview"), "take_part", 10),
        ("quotas.index", lazy_gettext("Quotas"), "manage", 20),
        ("letters.index", lazy_gettext("Letters"), "manage", 30),
        ("pool.index", lazy_gettext("Pool"), "manage", 40),
        ("selection.index", lazy_gettext("Selection"), "manage", 50),
        ("pool.outbox", lazy_gettext("Outbox"), "manage", 90),
        ("assemblies.team", lazy_gettext("Team"), "manage", 95),
        ("assemblies.edit", lazy_gettext("Settings"), "manage", 99),
    ):
        navigation.add_assembly_page(endpoint, label, rule, order)

    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    for code in ERROR_MESSAGES:
        app.register_error_handler(code, _error_page)
    app.register_error_handler(CSRFError, _csrf_error)

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["datetime"] = lambda d, fmt="medium": format_datetime(d, fmt) if d else ""
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["assembly_nav"] = lambda assembly: navigation.entries_for(
        current_user, assembly
    )
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS
    app.jinja_env.globals["REGISTRANT_STATUS_LABELS"] = REGISTRANT_STATUS_LABELS
    app.jinja_env.globals["RUN_STATUS_LABELS"] = RUN_STATUS_LABELS
    app.jinja_env.globals["RESPONSE_STATUS_LABELS"] = RESPONSE_STATUS_LABELS
    register_commands(app)


def _error_page(error):
    """Render a generic page for an HTTP error, never a traceback."""
    code = getattr(error, "code", 500) or 500
    if code not in ERROR_MESSAGES:
        code = 500
    return render_template("errors/error.html", code=code, message=ERROR_MESSAGES[code]), code


def _csrf_error(error):
    """Explain a missing or stale form token without losing the user's place."""
    message = lazy_gettext(
        "The form had expired or was sent from another site. Please go back, reload and try again."
    )
    request.environ["facilitate.csrf_failed"] = True
    return render_template("errors/error.html", code=400, message=message), 400
