"""axe-core finds no serious or critical violation on any page built so far."""

from facilitate.auth.services import create_invitation
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Registrant, Role
from tests import factories
from tests.browser.conftest import PHONE, screenshot, serious_violations, sign_in
from tests.worlds.evidence import submission_and_link


def _audit(page, paths: dict[str, str]) -> dict[str, list[str]]:
    found = {}
    for name, path in paths.items():
        response = page.goto(path)
        assert response.status < 500, f"{path} gave {response.status}"
        screenshot(page, name)
        problems = serious_violations(page)
        if problems:
            found[path] = problems
    return found


def _world():
    admin = factories.user(email="admin@example.org", is_admin=True)
    organiser = factories.user(email="org@example.org", can_organise=True)
    member = factories.user(email="member@example.org")
    assembly = factories.assembly(
        organiser, slug="open", status=AssemblyStatus.RECRUITING, description="Some *text*."
    )
    factories.quotas(assembly)
    factories.add_role(member, assembly, Role.MEMBER)
    _invitation, token = create_invitation("new@example.org", "organiser", admin, 7)
    db.session.commit()
    return admin, organiser, member, token


def test_public_pages_are_accessible(page):
    assert _audit(page, {"home-empty": "/"}) == {}
    _admin, _organiser, _member, token = _world()
    paths = {
        "home": "/",
        "public-assembly-open": "/a/open",
        "login": "/auth/login",
        "invitation": f"/auth/invitation/{token}",
        "not-found": "/no/such/page",
    }
    assert _audit(page, paths) == {}
    page.set_viewport_size(PHONE)
    assert _audit(page, {"home-phone": "/", "login-phone": "/auth/login"}) == {}


def test_organiser_pages_are_accessible(page):
    _admin, organiser, _member, _token = _world()
    sign_in(page, organiser.email, factories.PASSWORD)
    paths = {
        "org-dashboard": "/dashboard",
        "org-new": "/assemblies/new",
        "org-overview": "/assemblies/open",
        "org-settings": "/assemblies/open/edit",
        "org-quotas": "/assemblies/open/quotas/",
        "org-team": "/assemblies/open/team",
    }
    assert _audit(page, paths) == {}
    page.set_viewport_size(PHONE)
    assert _audit(page, {"org-quotas-phone": "/assemblies/open/quotas/"}) == {}


def test_selection_pages_are_accessible(app, page):
    from facilitate.selection import services
    from facilitate.selection.jobs import run_selection

    organiser = factories.user(email="drawer@example.org", can_organise=True)
    assembly = factories.drawable_assembly(organiser)
    run = services.start_run(
        assembly, organiser, {"algorithm": "leximin", "seed": 9, "panels": 50, "households": True}
    )
    run_selection(run.id)
    assert _audit(page, {"public-selection": "/a/draw/selection"}) == {}
    sign_in(page, organiser.email, factories.PASSWORD)
    paths = {
        "selection": "/assemblies/draw/selection/",
        "selection-run": f"/assemblies/draw/selection/runs/{run.id}",
        "pool": "/assemblies/draw/pool/",
        "pool-person": f"/assemblies/draw/pool/{db.session.scalar(db.select(Registrant.id))}",
        "outbox": "/assemblies/draw/pool/outbox",
        "letters": "/assemblies/draw/letters/",
        "import": "/assemblies/draw/pool/import",
    }
    assert _audit(page, paths) == {}
    page.set_viewport_size(PHONE)
    assert _audit(page, {"selection-run-phone": f"/assemblies/draw/selection/runs/{run.id}"}) == {}


def test_registration_pages_are_accessible(page):
    assembly = factories.quotas(
        factories.assembly(slug="reg", status=AssemblyStatus.RECRUITING, residence_area="Eupen")
    )
    _submission, evidence_token = submission_and_link(assembly)
    paths = {
        "register": "/a/reg/register",
        "privacy": "/a/reg/privacy",
        "register-done": "/a/reg/register/done",
        "evidence-withdraw": f"/e/{evidence_token}",
    }
    assert _audit(page, paths) == {}
    page.goto("/a/reg/register")
    page.get_by_role("button", name="Register").click()
    screenshot(page, "register-errors")
    assert serious_violations(page) == []


def test_form_errors_are_accessible(page):
    _admin, organiser, _member, _token = _world()
    sign_in(page, organiser.email, factories.PASSWORD)
    page.goto("/assemblies/new")
    page.get_by_label("Short name for the address").fill("Not Valid")
    page.get_by_role("button", name="Create assembly").click()
    screenshot(page, "org-new-errors")
    assert serious_violations(page) == []


def test_admin_and_member_pages_are_accessible(page):
    admin, _organiser, member, _token = _world()
    sign_in(page, admin.email, factories.PASSWORD)
    assert _audit(page, {"admin": "/admin/"}) == {}
    page.context.clear_cookies()
    sign_in(page, member.email, factories.PASSWORD)
    assert (
        _audit(page, {"member-dashboard": "/dashboard", "member-overview": "/assemblies/open"})
        == {}
    )


def test_the_check_can_fail(page):
    """Guard against a silent axe: a page with an unlabelled input and image must fail."""
    page.set_content(
        '<html lang="en"><body><main><img src="x.png"><input type="text"></main></body></html>'
    )
    assert any(p.startswith(("image-alt", "label")) for p in serious_violations(page))
