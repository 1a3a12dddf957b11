"""Organisers' pages for an assembly: dashboard, create, settings, lifecycle."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from facilitate import navigation, permissions
from facilitate.access import assembly_view, organiser_only, signed_in
from facilitate.assemblies import member_page, services
from facilitate.assemblies.forms import AssemblyForm, TransitionForm
from facilitate.assemblies.lifecycle import ACTION_LABELS, STATUS_LABELS, TRANSITIONS
from facilitate.auth.recent import recent_auth_required
from facilitate.cockpit.overview import overview_of
from facilitate.cockpit.stages import STAGES
from facilitate.extensions import db
from facilitate.models import Assembly, AssemblyStatus, Membership, StatusChange
from facilitate.quotas.checks import quota_problems
from facilitate.refusals import Refused
from facilitate.render_cache import FragmentCache
from facilitate.rendering import render_markdown

bp = Blueprint("assemblies", __name__)

navigation.add_assembly_page("assemblies.show", _l("Overview"), "take_part", 10)
navigation.add_assembly_page("assemblies.team", _l("Team"), "manage", 95)
navigation.add_assembly_page("assemblies.edit", _l("Settings"), "manage", 99)


def _form_data(form: AssemblyForm) -> dict:
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


@bp.route("/dashboard")
@signed_in
def dashboard():
    """List the assemblies the signed-in person has a role in."""
    query = db.select(Assembly).order_by(Assembly.created_at.desc())
    if not current_user.is_admin:
        query = query.join(Membership).where(Membership.user_id == current_user.id).distinct()
    assemblies = db.session.scalars(query).all()
    return render_template(
        "assemblies/dashboard.html",
        assemblies=assemblies,
        overviews={
            a.id: overview_of(a)
            for a in assemblies
            if permissions.can_manage_assembly(current_user, a)
        },
        stages=STAGES,
        # Evaluators read an assembly's records only: their link goes to the evaluation page.
        only_evaluating={
            a.id
            for a in assemblies
            if not permissions.can_take_part(current_user, a)
            and permissions.can_evaluate(current_user, a)
        },
        # Translators likewise see only the translations.
        only_translating={
            a.id
            for a in assemblies
            if not permissions.can_take_part(current_user, a)
            and not permissions.can_evaluate(current_user, a)
        },
        can_create=permissions.can_create_assembly(current_user),
        labels=STATUS_LABELS,
    )


@bp.route("/assemblies/new", methods=["GET", "POST"])
@organiser_only
def create():
    """Create a draft assembly."""
    form = AssemblyForm()
    if form.validate_on_submit():
        try:
            assembly = services.create_assembly(_form_data(form), current_user)
        except services.SlugTaken:
            db.session.rollback()  # the form shows the reason inline; keep nothing of the attempt
            form.slug.errors.append(_("Another assembly already uses this address."))
        else:
            flash(_("The assembly was created. Next, set its quota categories."), "success")
            return redirect(url_for("quotas.index", slug=assembly.slug))
    return render_template("assemblies/form.html", form=form, assembly=None)


@bp.route("/assemblies/<slug>")
@assembly_view("take_part")
def show(assembly):
    """Show an assembly's state, next steps and history."""
    user = current_user._get_current_object()
    manage = permissions.can_manage_assembly(user, assembly)
    if manage or session.get("_flashes"):
        return _show_page(assembly, manage)
    # Every member who does not manage it sees the same page: kept per version.
    return member_page.kept_page(
        assembly, user, lambda token: _show_page(assembly, False, csrf_token=lambda: token)
    )


def _show_page(assembly: Assembly, manage: bool, **context) -> str:
    actions = [(to, ACTION_LABELS[(assembly.status, to)]) for to in TRANSITIONS[assembly.status]]
    history = db.session.scalars(
        db.select(StatusChange)
        .where(StatusChange.assembly_id == assembly.id)
        .options(joinedload(StatusChange.changed_by))
        .order_by(StatusChange.id.desc())
    ).all()
    # Markdown and its sanitiser take milliseconds on a long text; every member sees the same.
    descriptions = current_app.extensions.setdefault("assembly_descriptions", FragmentCache())
    description = descriptions.get_or_render(
        (assembly.id, assembly.description), lambda: render_markdown(assembly.description)
    )
    return render_template(
        "assemblies/show.html",
        assembly=assembly,
        description=description,
        manage=manage,
        actions=actions if manage else [],
        # Only those who manage see the next steps: spare members the quota queries.
        problems=quota_problems(assembly) if manage else [],
        history=history,
        labels=STATUS_LABELS,
        form=TransitionForm() if manage else None,
        **context,
    )


@bp.route("/assemblies/<slug>/edit", methods=["GET", "POST"])
@assembly_view("manage")
def edit(assembly):
    """Change an assembly's settings."""
    form = AssemblyForm(obj=assembly)
    if form.validate_on_submit():
        data = _form_data(form)
        if data["slug"] != assembly.slug:
            # The address is public and printed on letters: it never changes after creation.
            form.slug.errors.append(_("The address cannot be changed after creation."))
        else:
            kept = services.update_assembly(
                assembly, data, actor=current_user._get_current_object()
            )
            if "panel_size" in kept:
                flash(_("The panel size cannot change once selection has begun."), "warning")
            flash(_("Settings saved."), "success")
            return redirect(url_for("assemblies.show", slug=assembly.slug))
    return render_template("assemblies/form.html", form=form, assembly=assembly)


@bp.route("/assemblies/<slug>/status", methods=["POST"])
@assembly_view("manage")
@recent_auth_required(when_form={"to_status": "published"})
def change_status(assembly):
    """Move the assembly to another stage of its lifecycle."""
    form = TransitionForm()
    if not form.validate_on_submit():
        abort(400)
    back = url_for("assemblies.show", slug=assembly.slug)
    try:
        target = AssemblyStatus(form.to_status.data)
    except ValueError:
        raise Refused(_("Unknown stage."), back_to=back) from None
    try:
        services.change_status(assembly, target, current_user)
    except services.TransitionRefused as refused:
        refused.back_to = back
        raise
    flash(_("The assembly is now “%(s)s”.", s=STATUS_LABELS[target]), "success")
    return redirect(back)


from facilitate.assemblies import team_views  # noqa: E402,F401  (routes on this blueprint)
