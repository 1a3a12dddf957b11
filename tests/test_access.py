"""Walk every route in the URL map and check who may use it.

Each view declares its rule (``access_rule``, and ``access_rules`` when reading and posting
differ, set by the decorators in facilitate.access and facilitate.council.access); a route
without one fails here, so no new page can ship without an access decision. The walk itself
lives in tests/access_walk.py; tests/test_access_mutation.py proves it catches a removed rule.
"""

from datetime import UTC, datetime, timedelta

import pytest

from facilitate import access
from facilitate.auth.recent import HIGH_IMPACT
from facilitate.council import permissions as council_permissions
from facilitate.extensions import db
from facilitate.models import LoginSession
from tests import access_walk as walk


@pytest.fixture
def world(app):
    return walk.build_world()


def test_every_route_declares_a_known_access_rule(app):
    labels = [(rule.endpoint, label) for rule, _m, label in walk.routes(app)]
    missing = sorted({endpoint for endpoint, label in labels if label is None})
    assert not missing, f"routes without an access rule: {missing}"
    unknown = sorted({label for _e, label in labels if not walk.known_label(label)})
    assert not unknown, f"access rules the walk does not know: {unknown}"


def test_every_rule_says_whom_it_refuses():
    """A new rule cannot ship until the walk knows whom it must keep out."""
    rules = {f"assembly:{name}" for name in access.ASSEMBLY_RULES}
    rules |= {f"council:{name}" for name in council_permissions.COUNCIL_RULES}
    assert rules <= set(walk.REFUSED)
    assert set(access.OBJECT_RULES) <= set(walk.OBJECT_REFUSED)


def test_anonymous_is_sent_to_sign_in(app, world):
    client = walk.signed_in(app, None)
    for rule, method, label in walk.routes(app):
        if label == "public":
            continue
        address = walk.url(rule, world["values"])
        response = walk.check(client, rule, method, address, {302})
        assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("person", walk.PEOPLE)
def test_wrong_people_are_refused_and_change_nothing(app, world, person):
    assert walk.walk_refusals(app, world, person) > 0


def test_objects_of_another_assembly_are_not_found(app, world):
    """The organiser of alpha asks for beta's objects through alpha's address: 404.

    Where the route's own rule keeps organisers out (only panel members vote), 403 comes first.
    """
    client = walk.signed_in(app, world["org_a"])
    for rule, method, label in walk.routes(app):
        own_ids = {name for name in rule.arguments if name.endswith("_id")}
        if not label.startswith("assembly:") or not own_ids:
            continue
        address = walk.url(rule, world["values"], slug=world["a"].slug)
        kept_out = "org_b" in walk.REFUSED[label.partition("+")[0]]
        walk.check(client, rule, method, address, {403, 404} if kept_out else {404})


def test_objects_of_another_council_are_not_found(app, world):
    """The secretariat of the other council asks for the world council's objects: 404."""
    client = walk.signed_in(app, world["org_a"])
    other = world["values"]["other_council_slug"]
    asked = 0
    for rule, method, label in walk.routes(app):
        own_ids = {name for name in rule.arguments if name.endswith("_id")}
        if not label.startswith("council:") or not own_ids:
            continue
        address = walk.url(rule, world["values"], council_slug=other)
        walk.check(client, rule, method, address, {404})
        asked += 1
    assert asked


def test_unknown_assembly_or_council_is_404_before_403(app, world):
    client = walk.signed_in(app, world["outsider"])
    for rule, method, label in walk.routes(app):
        if label.startswith("assembly:"):
            address = walk.url(rule, world["values"], slug="no-such")
        elif label.startswith("council:"):
            address = walk.url(rule, world["values"], council_slug="no-such")
        else:
            continue
        walk.check(client, rule, method, address, {404})


@pytest.mark.parametrize(
    ("person", "label"),
    [("member_b", "assembly:take_part"), ("council_member", "council:take_part")],
)
def test_members_reach_their_pages(app, world, person, label):
    client = walk.signed_in(app, world[person])
    asked = 0
    for rule, method, route_label in walk.routes(app):
        if route_label == label and method == "GET":
            walk.check(client, rule, method, walk.url(rule, world["values"]), {200})
            asked += 1
    assert asked


def test_admin_and_organiser_reach_every_page(app, world):
    for who in ("admin", "org_b"):
        client = walk.signed_in(app, world[who])
        for rule, method, label in walk.routes(app):
            # Public pages of a draft are 404 by design (tested in test_assemblies).
            if method != "GET" or label == "public" or who in walk.refused_by(label):
                continue
            response = client.get(walk.url(rule, world["values"]))
            # The world's selection run failed, so it has no record to download.
            allowed = {200, 302, 404} if rule.endpoint == "selection.record" else {200, 302}
            assert response.status_code in allowed, f"{who} GET {rule.rule}: {response.status_code}"


def test_the_high_impact_registry_names_exactly_the_endpoints_that_ask(app):
    unknown = sorted(set(HIGH_IMPACT) - set(app.view_functions))
    assert not unknown, f"HIGH_IMPACT names no such endpoint: {unknown}"
    asking = {
        endpoint: view.asks_recent_sign_in
        for endpoint, view in app.view_functions.items()
        if hasattr(view, "asks_recent_sign_in")
    }
    registered = {endpoint: form or {} for endpoint, form in HIGH_IMPACT.items()}
    assert asking == registered


def test_high_impact_endpoints_ask_for_a_recent_sign_in(app, world):
    """A session whose password check is 30 minutes old is sent to confirm, changing nothing."""
    client = walk.signed_in(app, world["admin"])
    with client.session_transaction() as session:
        sid = session["sid"]
    db.session.get(LoginSession, sid).authenticated_at = datetime.now(UTC) - timedelta(minutes=30)
    db.session.commit()
    asked = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint not in HIGH_IMPACT:
            continue
        form = HIGH_IMPACT[rule.endpoint]
        method = "POST" if "POST" in rule.methods else "GET"
        address = walk.url(rule, world["values"])
        response = walk.check(client, rule, method, address, {302}, data=form)
        location = response.headers["Location"]
        assert location.startswith("/auth/confirm"), f"{rule.endpoint} went to {location}"
        asked.add(rule.endpoint)
    assert asked == set(HIGH_IMPACT)


@pytest.mark.csrf
def test_every_post_needs_a_csrf_token(app, world):
    client = walk.signed_in(app, None)
    # Sign in through the form with its token, then post everywhere without one.
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(
        "/auth/login",
        data={
            "email": world["admin"].email,
            "password": walk.factories.PASSWORD,
            "csrf_token": token,
        },
    )
    for rule, method, _label in walk.routes(app):
        if method == "POST":
            walk.check(client, rule, method, walk.url(rule, world["values"]), {400})
