"""Walk every route in the URL map and check who may use it.

Each view declares its rule (``access_rule``, set by the decorators in facilitate.access); a
route without one fails here, so no new page can ship without an access decision.
"""

import pytest
from sqlalchemy import select

from facilitate.auth.services import create_invitation
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Membership, Role
from tests import factories
from tests.worlds import extend_all

KNOWN_RULES = {"public", "signed_in", "admin", "organiser", "assembly:manage", "assembly:take_part"}


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, getattr(view, "access_rule", None)


def _snapshot():
    """Every row of every table, to prove a refused request changed nothing."""
    return {
        table.name: sorted(map(repr, db.session.execute(select(table)).all()))
        for table in db.metadata.sorted_tables
    }


@pytest.fixture
def world(app):
    """Two assemblies with organisers, a member, an outsider, an admin and one of everything."""
    org_a = factories.user(can_organise=True)
    org_b = factories.user(can_organise=True)
    member_b = factories.user()
    outsider = factories.user()
    admin = factories.user(is_admin=True)
    a = factories.quotas(factories.assembly(org_a, slug="alpha", status=AssemblyStatus.RECRUITING))
    b = factories.quotas(factories.assembly(org_b, slug="beta", status=AssemblyStatus.DRAFT))
    factories.add_role(member_b, b, Role.MEMBER)
    invitation, token = create_invitation("x@example.org", "organiser", admin, 7)
    db.session.commit()
    membership_b = db.session.scalar(
        select(Membership).filter_by(assembly_id=b.id, role=Role.MEMBER)
    )
    from facilitate.letters.services import draw_letters

    letter_draw_b = draw_letters(b, b"address\n1 High Street\n", "beta.csv", 1)
    db.session.commit()
    values = {
        "slug": b.slug,
        "category_id": b.categories[0].id,
        "value_id": b.categories[0].values[0].id,
        "membership_id": membership_b.id,
        "invitation_id": invitation.id,
        "token": token,
        "draw_id": letter_draw_b.id,
        "registrant_id": factories.registrant(b).id,
        "import_id": factories.pool_import(b).id,
        "fmt": "csv",
        "run_id": factories.selection_run(b).id,
        "seat_id": factories.seat_panel(b, size=1)[0].id,
    }
    extend_all(b, values)
    return {
        "org_a": org_a,
        "org_b": org_b,
        "member_b": member_b,
        "outsider": outsider,
        "admin": admin,
        "a": a,
        "b": b,
        "values": values,
    }


def _url(rule, values, **override):
    args = {name: override.get(name, values[name]) for name in rule.arguments}
    return rule.build(args, append_unknown=False)[1]


def _as(app, user):
    client = app.test_client()
    if user is not None:
        response = client.post(
            "/auth/login", data={"email": user.email, "password": factories.PASSWORD}
        )
        assert response.status_code == 302
    return client


def test_every_route_declares_an_access_rule(app):
    missing = sorted({rule.endpoint for rule, _m, access in _routes(app) if access is None})
    assert not missing, f"routes without an access rule: {missing}"
    unknown = sorted({access for _r, _m, access in _routes(app)} - KNOWN_RULES - {None})
    assert not unknown, f"unknown access rules: {unknown}"


def _check(app, client, rule, method, url, expected):
    before = _snapshot() if method == "POST" else None
    response = client.open(url, method=method)
    assert response.status_code in expected, (
        f"{method} {url} ({rule.endpoint}) gave {response.status_code}"
    )
    if before is not None:
        db.session.expire_all()
        assert _snapshot() == before, f"refused {method} {url} changed the database"
    return response


def test_anonymous_is_sent_to_sign_in(app, world):
    client = _as(app, None)
    for rule, method, access in _routes(app):
        if access == "public":
            continue
        response = _check(app, client, rule, method, _url(rule, world["values"]), {302})
        assert "/auth/login" in response.headers["Location"]


def test_signed_in_without_a_role_is_refused(app, world):
    client = _as(app, world["outsider"])
    for rule, method, access in _routes(app):
        if access in ("public", "signed_in"):
            continue
        _check(app, client, rule, method, _url(rule, world["values"]), {403})


def test_organiser_of_another_assembly_is_refused(app, world):
    client = _as(app, world["org_a"])
    for rule, method, access in _routes(app):
        if not access.startswith("assembly:"):
            continue
        _check(app, client, rule, method, _url(rule, world["values"]), {403})


def test_objects_of_another_assembly_are_not_found(app, world):
    """The organiser of alpha asks for beta's objects through alpha's address: 404."""
    client = _as(app, world["org_a"])
    for rule, method, access in _routes(app):
        own_ids = {name for name in rule.arguments if name.endswith("_id")}
        if not access.startswith("assembly:") or not own_ids:
            continue
        url = _url(rule, world["values"], slug=world["a"].slug)
        _check(app, client, rule, method, url, {404})


def test_unknown_assembly_is_404_before_403(app, world):
    client = _as(app, world["outsider"])
    for rule, method, access in _routes(app):
        if access.startswith("assembly:"):
            _check(app, client, rule, method, _url(rule, world["values"], slug="no-such"), {404})


def test_members_cannot_manage(app, world):
    client = _as(app, world["member_b"])
    for rule, method, access in _routes(app):
        if access == "assembly:manage":
            _check(app, client, rule, method, _url(rule, world["values"]), {403})
        elif access == "assembly:take_part" and method == "GET":
            _check(app, client, rule, method, _url(rule, world["values"]), {200})


def test_admin_and_organiser_reach_every_page(app, world):
    for who in ("admin", "org_b"):
        client = _as(app, world[who])
        for rule, method, access in _routes(app):
            # Public pages of a draft are 404 by design (tested in test_assemblies).
            if method != "GET" or access == "public" or access == "admin" and who != "admin":
                continue
            response = client.get(_url(rule, world["values"]))
            # The world's selection run failed, so it has no record to download.
            allowed = {200, 302, 404} if rule.endpoint == "selection.record" else {200, 302}
            assert response.status_code in allowed, f"{who} GET {rule.rule}: {response.status_code}"


@pytest.mark.csrf
def test_every_post_needs_a_csrf_token(app, world):
    client = _as(app, None)
    # Sign in through the form with its token, then post everywhere without one.
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(
        "/auth/login",
        data={"email": world["admin"].email, "password": factories.PASSWORD, "csrf_token": token},
    )
    for rule, method, _access in _routes(app):
        if method == "POST":
            _check(app, client, rule, method, _url(rule, world["values"]), {400})
