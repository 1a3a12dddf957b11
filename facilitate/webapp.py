"""Blueprints, error pages, template helpers and commands, registered on the app.

How an area's views are laid out (one way, for every area):

- A blueprint is a module-level ``bp = Blueprint(...)`` defined in one module: ``views.py``
  for the area's main blueprint, ``<topic>_views.py`` for a second one with its own URL prefix
  (``deliberation/note_views.py``). `register` below imports each blueprint from the module
  that defines it and registers it on the app: no lists of blueprints, no blueprint nested in
  another.
- When one blueprint's routes outgrow its module, the rest go in ``<topic>_views.py`` modules
  of the same package that ``from <area>.<module> import bp``; the defining module imports them
  at its foot (``from facilitate.pool import import_views  # noqa: E402,F401``), so importing
  it brings every route.
- An area adds its own entries to the assembly's navigation next to its ``bp``
  (``navigation.add_assembly_page``), so an area's pages and links come and go together.
"""

from flask import Flask, render_template, request
from flask_babel import format_date, format_datetime, get_locale, lazy_gettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from facilitate import local_time, navigation, numbers
from facilitate.extensions import login_manager
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.models.recommendations import RESPONSE_STATUS_LABELS
from facilitate.models.registrants import REGISTRANT_STATUS_LABELS
from facilitate.models.selection import RUN_STATUS_LABELS
from facilitate.models.users import ROLE_LABELS
from facilitate.public import problems
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
    from facilitate.cockpit.views import bp as cockpit_bp
    from facilitate.council.manage_views import bp as council_manage_bp
    from facilitate.council.member_views import bp as council_members_bp
    from facilitate.council.views import bp as council_bp
    from facilitate.deliberation.note_views import bp as notes_bp
    from facilitate.deliberation.views import bp as recommendations_bp
    from facilitate.evaluation.views import bp as evaluation_bp
    from facilitate.evidence.lobbying_views import bp as lobbying_bp
    from facilitate.evidence.public_views import bp as evidence_public_bp
    from facilitate.evidence.views import bp as evidence_bp
    from facilitate.evidence_requests.views import bp as evidence_requests_bp
    from facilitate.experts.views import bp as experts_bp
    from facilitate.languages.views import bp as languages_bp
    from facilitate.letters.views import bp as letters_bp
    from facilitate.members.views import bp as members_bp
    from facilitate.messaging.views import bp as messaging_bp
    from facilitate.participation.views import bp as participation_bp
    from facilitate.pool.views import bp as pool_bp
    from facilitate.public.api import api as api_bp
    from facilitate.public.views import bp as public_bp
    from facilitate.quotas.views import bp as quotas_bp
    from facilitate.registration.views import bp as registration_bp
    from facilitate.responses.views import bp as responses_bp
    from facilitate.selection.views import bp as selection_bp
    from facilitate.sittings.views import bp as sittings_bp
    from facilitate.surveys.views import bp as surveys_bp

    for blueprint in (
        public_bp,
        notes_bp,
        recommendations_bp,
        ballots_bp,
        surveys_bp,
        evaluation_bp,
        auth_bp,
        audit_bp,
        admin_bp,
        assemblies_bp,
        cockpit_bp,
        quotas_bp,
        letters_bp,
        registration_bp,
        pool_bp,
        selection_bp,
        members_bp,
        sittings_bp,
        participation_bp,
        experts_bp,
        messaging_bp,
        responses_bp,
        api_bp,
        council_bp,
        council_manage_bp,
        council_members_bp,
        evidence_public_bp,
        evidence_bp,
        lobbying_bp,
        evidence_requests_bp,
        languages_bp,
    ):
        app.register_blueprint(blueprint)

    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    for code in ERROR_MESSAGES:
        app.register_error_handler(code, _error_page)
    app.register_error_handler(CSRFError, _csrf_error)
    app.after_request(_api_errors_as_problems)

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["datetime"] = lambda d, fmt="medium": format_datetime(d, fmt) if d else ""
    app.jinja_env.globals["get_locale"] = get_locale
    numbers.register(app)
    # The proxy resolved once: each entry's permission check would otherwise look it up again.
    app.jinja_env.globals["assembly_nav"] = lambda assembly: navigation.entries_for(
        current_user._get_current_object(), assembly
    )
    # `{{ moment|local_datetime(assembly, "short") }}`: an instant in the zone of the assembly
    # (or council) it belongs to; the plain filters use the zone of the page being shown.
    app.jinja_env.filters["local_datetime"] = local_time.format_local
    app.jinja_env.filters["local_date"] = local_time.format_local_date
    app.jinja_env.globals["zone_label"] = local_time.zone_label
    app.jinja_env.globals["LANGUAGE_NAMES"] = LANGUAGE_NAMES
    app.jinja_env.globals["ROLE_LABELS"] = ROLE_LABELS
    app.jinja_env.globals["REGISTRANT_STATUS_LABELS"] = REGISTRANT_STATUS_LABELS
    app.jinja_env.globals["RUN_STATUS_LABELS"] = RUN_STATUS_LABELS
    app.jinja_env.globals["RESPONSE_STATUS_LABELS"] = RESPONSE_STATUS_LABELS
    register_commands(app)


def _error_page(error):
    """Render a generic page for an HTTP error, never a traceback."""
    code = getattr(error, "code", 500) or 500
    if _for_the_api():
        return problems.problem_response(code, ERROR_MESSAGES.get(code, ""))
    if code not in ERROR_MESSAGES:
        code = 500
    return render_template("errors/error.html", code=code, message=ERROR_MESSAGES[code]), code


def _for_the_api() -> bool:
    return request.path.startswith(problems.API_PREFIX)


def _api_errors_as_problems(response):
    """Under /api/, make an error page from any handler (database busy, a refusal) JSON."""
    if response.status_code >= 400 and _for_the_api():
        return problems.as_problem(response)
    return response


def _csrf_error(error):
    """Explain a missing or stale form token without losing the user's place."""
    message = lazy_gettext(
        "The form had expired or was sent from another site. Please go back, reload and try again."
    )
    request.environ["facilitate.csrf_failed"] = True
    return render_template("errors/error.html", code=400, message=message), 400
