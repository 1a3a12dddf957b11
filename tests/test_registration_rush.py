"""The registration rush: pages served without the database, yet as safe as before.

The anonymous registration page is served from what a worker read of the assembly a moment
ago (registration/page.py); a member's page of an assembly is rendered once per version
(assemblies/member_page.py). These tests hold what that must not cost: no row written for an
anonymous visitor, CSRF on every POST, nothing of one person's in another's page, access and
sign-out checked on every request, and a change made elsewhere shown within the stated bound.
"""

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import event, update

from facilitate.assemblies import member_page
from facilitate.extensions import db
from facilitate.models import (
    Assembly,
    AssemblyStatus,
    Membership,
    Registrant,
    Role,
    StatusChange,
    User,
)
from tests import factories
from tests.test_registration import form_data
from tests.test_registration_speed_safety import page, tokens

ORGANISER = "org@example.org"


@pytest.fixture
def assembly(app):
    made = factories.assembly(slug="rush", title="Heating Eupen", status=AssemblyStatus.RECRUITING)
    return factories.quotas(made)


@pytest.fixture
def statements(app):
    seen = []

    def note(_conn, _cursor, statement, *_args):
        seen.append(statement.lstrip().split(None, 1)[0].upper())

    event.listen(db.engine, "before_cursor_execute", note)
    yield seen
    event.remove(db.engine, "before_cursor_execute", note)


def sent_elsewhere(assembly, **values):
    """Change the assembly as another worker would: nothing this worker's session sees."""
    with db.engine.begin() as connection:
        connection.execute(
            update(Assembly.__table__).where(Assembly.id == assembly.id).values(**values)
        )


def test_an_anonymous_visitor_writes_nothing(app, assembly, statements):
    for _ in range(3):
        page(app.test_client())
        page(app.test_client(), "/a/rush/register?code=AB12CD&lang=de")
    assert set(statements) <= {"SELECT"}, statements


@pytest.mark.csrf
@pytest.mark.parametrize("token", [None, "", "forged", "IjAwMDAi.aaaa.bbbb"])
def test_a_registration_without_its_visitors_token_is_refused(app, assembly, token):
    client = app.test_client()
    data = form_data(assembly, started=tokens(page(client))["started"])
    if token is not None:
        data["csrf_token"] = token
    assert client.post("/a/rush/register", data=data).status_code == 400
    assert db.session.scalar(db.select(db.func.count(Registrant.id))) == 0


def test_a_change_made_elsewhere_shows_within_the_bound(app, client, assembly):
    page(client)
    sent_elsewhere(assembly, status=AssemblyStatus.SELECTING, residence_area="Raeren")
    app.config["REGISTRATION_PAGE_FRESH_SECONDS"] = 3600
    assert 'name="first_name"' in page(client)  # read a moment ago: still the kept form
    # Sent meanwhile, the form is checked against the assembly as it now is.
    data = form_data(assembly, started=tokens(page(client))["started"])
    refused = client.post("/a/rush/register", data=data).get_data(as_text=True)
    assert "Registration is not open" in refused
    assert db.session.scalar(db.select(db.func.count(Registrant.id))) == 0
    app.config["REGISTRATION_PAGE_FRESH_SECONDS"] = 0
    assert 'name="first_name"' not in page(client)


def test_a_signed_in_visitor_is_never_served_the_recent_page(app, client, login, assembly):
    page(app.test_client())  # an anonymous visit keeps the page and reads the assembly
    login(factories.user(email="someone@example.org", name="Sigrid Signed"))
    assert "Sign out" in page(client)


@pytest.fixture
def members(app, assembly):
    organiser = factories.user(email=ORGANISER, name="Olga Organiser")
    factories.add_role(organiser, assembly, Role.ORGANISER)
    db.session.add(
        StatusChange(
            assembly_id=assembly.id,
            from_status=AssemblyStatus.DRAFT,
            to_status=AssemblyStatus.RECRUITING,
            changed_by_id=organiser.id,
        )
    )
    made = []
    for n in range(3):
        person = factories.user(email=f"m{n}@example.org", name=f"Member {n}")
        factories.add_role(person, assembly, Role.MEMBER)
        made.append(person)
    factories.add_role(made[2], assembly, Role.EVALUATOR)  # their links differ: Evaluation
    db.session.commit()
    return made


def signed_in(app, person):
    client = app.test_client()
    form = page(client, "/auth/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
    data = {"email": person.email, "password": factories.PASSWORD}
    if token:
        data["csrf_token"] = token.group(1)
    assert client.post("/auth/login", data=data).status_code == 302
    return client


def sign_out_token(body: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)


@pytest.mark.csrf
def test_members_share_a_page_but_not_their_tokens(app, members, statements):
    first, second, evaluating = (signed_in(app, m) for m in members)
    assert "Evaluation" in page(evaluating, "/assemblies/rush")
    one, two = page(first, "/assemblies/rush"), page(second, "/assemblies/rush")
    assert "Evaluation" not in one
    assert sign_out_token(one) != sign_out_token(two)
    assert one.replace(sign_out_token(one), "") == two.replace(sign_out_token(two), "")
    for kept in app.extensions["member_pages"]._entries.values():
        assert sign_out_token(one) not in kept and sign_out_token(two) not in kept
    statements.clear()
    page(first, "/assemblies/rush")
    assert len(statements) == 2, statements  # the sign-in with its person and roles; the assembly
    # Another member's token does not sign this one out; their own does.
    assert first.post("/auth/logout", data={"csrf_token": sign_out_token(two)}).status_code == 400
    first.post("/auth/logout", data={"csrf_token": sign_out_token(one)})
    assert first.get("/assemblies/rush").status_code == 302


def test_a_kept_member_page_still_checks_who_asks(app, assembly, members):
    client = signed_in(app, members[0])
    page(client, "/assemblies/rush")
    copy = app.test_client()
    copy.set_cookie("facilitate_session", client.get_cookie("facilitate_session").value)
    db.session.execute(db.delete(Membership).where(Membership.user_id == members[0].id))
    db.session.commit()
    assert copy.get("/assemblies/rush").status_code == 403
    db.session.get(User, members[0].id).is_active_account = False
    db.session.commit()
    assert copy.get("/assemblies/rush").status_code == 302


def test_the_organiser_gets_a_fresh_page_with_the_next_steps(app, members):
    organiser = db.session.scalar(db.select(User).filter_by(email=ORGANISER))
    page(signed_in(app, members[0]), "/assemblies/rush")
    body = page(signed_in(app, organiser), "/assemblies/rush")
    assert "Next steps" in body and 'name="to_status"' in body


def test_a_member_page_follows_the_assembly_and_names_within_a_minute(
    app, assembly, members, monkeypatch
):
    now = [1_000_020.0]
    monkeypatch.setattr(member_page, "time", SimpleNamespace(time=lambda: now[0]))
    client = signed_in(app, members[0])
    assert "Olga Organiser" in page(client, "/assemblies/rush")
    assembly.remit = "How do we heat Raeren?"
    db.session.commit()
    assert "How do we heat Raeren?" in page(client, "/assemblies/rush")
    db.session.scalar(db.select(User).filter_by(email=ORGANISER)).name = "Olga Renamed"
    db.session.commit()
    assert "Olga Organiser" in page(client, "/assemblies/rush")
    now[0] += member_page.NAMES_SECONDS
    assert "Olga Renamed" in page(client, "/assemblies/rush")
