"""Every form field and query parameter of every route, filled with hostile values, never 500s.

The fields come from the forms the app itself renders (each page's <form> elements, matched to
the route they post to), so a new form is fuzzed without anyone listing it here. Values are the
classic breakers (NUL, numbers past any column, negative numbers, 100,000 characters, odd
unicode) plus a few drawn by hypothesis; the draw is derandomised so a failure reproduces.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from facilitate.auth.services import create_invitation
from facilitate.extensions import db, limiter
from facilitate.letters.services import draw_letters
from facilitate.models import AssemblyStatus, Membership, Role
from tests import factories
from tests.worlds import extend_all

HOSTILE = [
    "\x00",
    "a\x00b",
    "99999999999999999999999",
    "-99999999999999999999999",
    "-1",
    "0",
    "1e309",
    "NaN",
    "x" * 100_000,
    "\u202e\u0301\ufeff",
    "𝕏🏳️‍🌈ǅ",
    "\uffff",
    "<script>alert(1)</script>",
    "2026-02-30T25:61",
    "",
]
#: Query parameters some list pages read; fuzzed on every GET route besides its form fields.
COMMON_QUERY = ["q", "page", "status", "sort", "lang", "category", "next", "per_page"]
#: Routes whose whole job is to end the signed-in session; fuzzing them would sign us out.
SKIP_ENDPOINTS = {"auth.logout"}


class _Forms(HTMLParser):
    """Collect (action, method, field names) of every form on a page."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, str, set[str]]] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = (
                attrs.get("action") or "",
                (attrs.get("method") or "get").upper(),
                set(),
            )
            self.forms.append(self._current)
        # Files are the importers' business: test_bad_input and test_table_limits cover them.
        elif (
            tag in {"input", "select", "textarea", "button"}
            and self._current
            and attrs.get("name")
            and attrs.get("type") != "file"
        ):
            self._current[2].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


@pytest.fixture
def fuzz_world(app):
    """Assembly "beta" with one of everything, and a user who is its organiser and an admin."""
    boss = factories.user(can_organise=True, is_admin=True)
    other = factories.user(can_organise=True)
    factories.quotas(factories.assembly(other, slug="alpha", status=AssemblyStatus.RECRUITING))
    b = factories.quotas(factories.assembly(boss, slug="beta", status=AssemblyStatus.RECRUITING))
    member = factories.user()
    factories.add_role(member, b, Role.MEMBER)
    invitation, token = create_invitation("x@example.org", "organiser", boss, 7)
    db.session.commit()
    membership = db.session.scalar(select(Membership).filter_by(assembly_id=b.id, role=Role.MEMBER))
    values = {
        "slug": b.slug,
        "membership_id": membership.id,
        "invitation_id": invitation.id,
        "draw_id": draw_letters(b, b"address\n1 High Street\n", "beta.csv", 1).id,
        "category_id": b.categories[0].id,
        "value_id": b.categories[0].values[0].id,
        "registrant_id": factories.registrant(b).id,
        "import_id": factories.pool_import(b).id,
        "fmt": "csv",
        "run_id": factories.selection_run(b).id,
        "seat_id": factories.seat_panel(b, size=1)[0].id,
        "token": token,
    }
    extend_all(b, values)
    return boss, values


def _signed_in(app, user):
    client = app.test_client()
    response = client.post(
        "/auth/login", data={"email": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    return client


def _routes(app, values):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or rule.endpoint in SKIP_ENDPOINTS:
            continue
        if not set(rule.arguments) <= set(values):
            continue
        url = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]
        yield rule, url


def _field_map(client, routes) -> dict[str, set[str]]:
    """Map each URL path to the field names of the forms that post to it."""
    fields: dict[str, set[str]] = {}
    for rule, url in routes:
        if "GET" not in rule.methods:
            continue
        response = client.get(url)
        if response.status_code != 200 or "html" not in (response.content_type or ""):
            continue
        parser = _Forms()
        parser.feed(response.get_data(as_text=True))
        for action, method, names in parser.forms:
            target = urlsplit(action).path or url
            key = f"{method} {target}"
            fields.setdefault(key, set()).update(names - {"csrf_token"})
    return fields


def _fire(client, method, url, data):
    try:
        if method == "GET":
            response = client.get(url, query_string=data)
        else:
            response = client.post(url, data=data)
    except Exception as error:  # noqa: BLE001 - the failure is what we report
        return f"raised {type(error).__name__}: {str(error)[:200]}"
    if response.status_code >= 500:
        body = re.sub(r"\s+", " ", response.get_data(as_text=True))[:200]
        return f"{response.status_code}: {body}"
    return None


def _mixed(client, method, url, names) -> str | None:
    """Let hypothesis mix hostile and random values across the fields; return the first failure."""

    @settings(
        max_examples=3,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        st.fixed_dictionaries({n: st.sampled_from(HOSTILE) | st.text(max_size=30) for n in names})
    )
    def mixed(data):
        failure = _fire(client, method, url, data)
        assert failure is None, f"{method} {url} {data!r:.200}: {failure}"

    try:
        mixed()
    except AssertionError as error:
        return str(error).splitlines()[0]
    return None


def test_no_route_answers_500_to_hostile_input(app, fuzz_world, monkeypatch):
    # Signing in again after each destructive POST would trip the sign-in limit.
    monkeypatch.setattr(limiter, "enabled", False)
    boss, values = fuzz_world
    client = _signed_in(app, boss)
    routes = list(_routes(app, values))
    assert len(routes) > 150, "the world must reach most routes"
    fields = _field_map(client, routes)
    posted = {key for key, names in fields.items() if key.startswith("POST") and names}
    assert len(posted) > 50, f"only {len(posted)} forms found: the walk has stopped seeing pages"
    failures: list[str] = []

    for rule, url in routes:
        for method in sorted(rule.methods & {"GET", "POST"}):
            names = set(fields.get(f"{method} {url}", set()))
            if method == "GET":
                names |= set(COMMON_QUERY)
            if not names:
                continue
            names = sorted(names)
            for value in HOSTILE:
                failure = _fire(client, method, url, {name: value for name in names})
                if failure:
                    failures.append(f"{method} {url} all fields={value[:20]!r}: {failure}")
                    break

            failure = _mixed(client, method, url, names)
            if failure:
                failures.append(failure)
        # A destructive POST may have signed us out or changed our roles: sign in again.
        client = _signed_in(app, boss)

    assert not failures, "\n".join(failures)
