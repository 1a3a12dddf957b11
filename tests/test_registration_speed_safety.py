"""The registration page under a rush: rendered once, yet never one visitor's page for another."""

import re

import pytest
from sqlalchemy import event

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, QuotaValue, Registrant, Role, StatusChange
from facilitate.quotas import services as quota_services
from tests import factories
from tests.test_registration import form_data

TOKENS = re.compile(r'(name="(?:csrf_token|started)" type="hidden" value=")[^"]*(")')


@pytest.fixture
def assembly(app):
    made = factories.assembly(
        slug="rush",
        title="Heating Eupen",
        status=AssemblyStatus.RECRUITING,
        residence_area="Eupen",
        excluded_offices="mayor",
    )
    return factories.quotas(made)


def tokens(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="(csrf_token|started)" type="hidden" value="([^"]*)"', page))


def without_tokens(page: str) -> str:
    return TOKENS.sub(r"\1…\2", page)


def page(client, path="/a/rush/register", status=200) -> str:
    response = client.get(path)
    assert response.status_code == status
    return response.get_data(as_text=True)


@pytest.fixture
def queries(app):
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    event.remove(db.engine, "before_cursor_execute", count)


@pytest.mark.csrf
def test_two_visitors_get_their_own_tokens_and_the_same_form(app, assembly):
    first, second = page(app.test_client()), page(app.test_client())
    one, two = tokens(first), tokens(second)
    assert set(one) == set(two) == {"csrf_token", "started"}
    assert one["csrf_token"] != two["csrf_token"]
    assert without_tokens(first) == without_tokens(second)


@pytest.mark.csrf
def test_the_token_on_a_cached_page_is_the_visitors_own(app, assembly):
    page(app.test_client())  # fills the cache
    client = app.test_client()
    form = page(client)
    data = form_data(assembly, csrf_token=tokens(form)["csrf_token"])
    data["started"] = tokens(form)["started"]
    response = client.post("/a/rush/register", data=data)
    assert response.status_code == 302
    stranger = app.test_client()
    page(stranger)
    response = stranger.post("/a/rush/register", data={**data, "email": "other@example.org"})
    assert response.status_code == 400  # another visitor's CSRF token is refused
    assert db.session.scalar(db.select(db.func.count(Registrant.id))) == 1


@pytest.mark.csrf
def test_no_kept_fragment_holds_a_visitors_token_or_code(app, assembly):
    client = app.test_client()
    shown = tokens(page(client, "/a/rush/register?code=QX7R2M"))
    shown_too = tokens(page(client))
    kept = app.extensions["registration_fragments"]._entries.values()
    assert len(kept) == 4  # the form and the whole page, each with and without a code field
    for fragment in kept:
        for secret in (shown["csrf_token"], shown["started"], shown_too["started"], "QX7R2M"):
            assert secret not in fragment


def test_a_head_request_is_answered_like_a_get(client, assembly):
    assert client.head("/a/rush/register").status_code == 200


def test_a_blank_form_is_served_with_one_query_or_none(app, client, assembly, queries):
    page(client)
    queries.clear()
    page(client)
    assert queries == []  # the worker read the assembly a moment ago
    app.config["REGISTRATION_PAGE_FRESH_SECONDS"] = 0
    page(client)
    assert len(queries) == 1, queries
    # The assembly's own row only: its questions are in the kept page.
    assert "JOIN" not in queries[0].upper(), queries


def test_a_signed_in_visitor_never_gets_the_anonymous_page(client, assembly, login):
    page(client)  # an anonymous visit keeps the whole page
    login(factories.user("resident@example.org"))
    assert "Sign out" in page(client)
    kept = client.application.extensions["registration_fragments"]._entries.values()
    assert not any("Sign out" in fragment for fragment in kept)


def test_changing_a_quota_value_changes_the_page_at_once(client, assembly):
    assert "female" in page(client)
    value = db.session.scalar(db.select(QuotaValue).filter_by(name="female"))
    value.name = "woman"
    db.session.commit()
    after = page(client)
    assert "woman" in after and ">female<" not in after


def test_adding_a_question_changes_the_page_at_once(client, assembly):
    page(client)
    quota_services.add_category(
        assembly, "district", [("north", 50.0), ("south", 50.0)], actor=None
    )
    db.session.commit()
    assert "district" in page(client) and "south" in page(client)


def test_changing_the_assembly_changes_the_page_at_once(client, assembly):
    assert "I live in Eupen" in page(client)
    assembly.residence_area = "Raeren"
    assembly.remit = "How do we heat Raeren?"
    db.session.commit()
    after = page(client)
    assert "I live in Raeren" in after and "How do we heat Raeren?" in after
    assembly.invitation_only = True
    db.session.commit()
    assert 'name="code"' in page(client)


def test_each_assembly_has_its_own_form(client, assembly):
    other = factories.assembly(slug="other", title="Transport", status=AssemblyStatus.RECRUITING)
    factories.quotas(other, {"car": [("yes", 50.0, 0, 20), ("no", 50.0, 0, 20)]})
    mine, theirs = page(client), page(client, "/a/other/register")
    assert "female" in mine and "female" not in theirs
    assert "Transport" in theirs and "Transport" not in mine


def test_each_language_has_its_own_form(client, assembly):
    assert "Register your interest" in page(client, "/a/rush/register?lang=en")
    german = page(client, "/a/rush/register?lang=de")
    assert "Interesse bekunden" in german and "Register your interest" not in german
    assert "Register your interest" in page(client, "/a/rush/register?lang=en")


def test_an_error_shows_the_visitors_input_and_only_to_them(app, client, assembly):
    data = form_data(assembly, consent=None, first_name="Annegret", phone="087 55 44 33")
    data["started"] = tokens(page(client))["started"]
    response = client.post("/a/rush/register", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Annegret"' in body and 'value="087 55 44 33"' in body
    gender = assembly.categories[0]
    assert re.search(
        rf'checked id="category_{gender.id}-0"|id="category_{gender.id}-0"[^>]*checked', body
    )
    assert "Please agree to the privacy notice" in body
    blank = page(app.test_client())
    assert "Annegret" not in blank and "087 55 44 33" not in blank and "checked" not in blank


def test_a_letter_code_is_shown_to_its_visitor_only_and_escaped(app, client, assembly):
    mine = page(client, "/a/rush/register?code=AB12CD")
    assert 'value="AB12CD"' in mine
    assert "AB12CD" not in page(app.test_client(), "/a/rush/register?code=ZZ99ZZ")
    assert "AB12CD" not in page(app.test_client())
    hostile = page(app.test_client(), '/a/rush/register?code="><script>x</script>')
    assert "<script>x" not in hostile and "&#34;&gt;&lt;script&gt;" in hostile


def test_a_signed_in_visitor_keeps_their_own_header(app, client, login, assembly):
    page(app.test_client())  # an anonymous visitor fills the cache
    login(factories.user(email="someone@example.org"))
    assert "Sign out" in page(client)
    assert "Sign out" not in page(app.test_client())


def test_a_closed_registration_is_not_served_from_the_cache(client, assembly):
    page(client)
    assembly.status = AssemblyStatus.SELECTING
    db.session.commit()
    assert 'name="first_name"' not in page(client)


def test_the_member_page_loads_the_history_in_one_query(client, login, assembly, queries):
    organiser = factories.user(email="org@example.org")
    factories.add_role(organiser, assembly, Role.ORGANISER)
    for old, new in ((AssemblyStatus.DRAFT, AssemblyStatus.RECRUITING),) * 2:
        db.session.add(
            StatusChange(
                assembly_id=assembly.id, from_status=old, to_status=new, changed_by_id=organiser.id
            )
        )
    db.session.commit()
    member = factories.user(email="member@example.org", name="Mara Member")
    factories.add_role(member, assembly, Role.MEMBER)
    login(member)
    page(client, "/assemblies/rush")
    queries.clear()
    body = page(client, "/assemblies/rush")
    assert body.count("Test Person") == 2  # the organiser named on each change
    # session, user, assembly, roles, history with its people
    assert len(queries) <= 5, queries


def test_the_member_page_shows_a_new_description_at_once_and_sanitised(client, login, assembly):
    member = factories.user(email="member@example.org")
    factories.add_role(member, assembly, Role.MEMBER)
    login(member)
    assembly.description = "We meet **six** times."
    db.session.commit()
    assert "<strong>six</strong>" in page(client, "/assemblies/rush")
    assembly.description = "We meet *seven* times.<script>alert(1)</script>"
    db.session.commit()
    body = page(client, "/assemblies/rush")
    assert "<em>seven</em>" in body and "six" not in body and "<script>alert" not in body
