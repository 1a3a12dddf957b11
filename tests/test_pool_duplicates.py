"""Possible duplicates: found in an import file and in the pool, decided side by side."""

import json
import re
from datetime import date

import pytest
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import AssemblyStatus, Registrant, RegistrantStatus, Role
from facilitate.models.audit import AuditEntry
from facilitate.models.duplicate_decisions import DuplicateDecision
from facilitate.pool import duplicates, queries
from facilitate.pool.duplicates import Person
from facilitate.selection.engine import pool_instance
from tests import factories
from tests.test_pool import HEADER, import_file


@pytest.fixture
def organiser(app):
    return factories.user(can_organise=True)


@pytest.fixture
def assembly(client, login, organiser):
    made = factories.quotas(
        factories.assembly(organiser, slug="pool", status=AssemblyStatus.RECRUITING)
    )
    login(organiser)
    return made


def person(key, first="", last="", born=None, **fields):
    return Person.of(
        key,
        fields.get("email", ""),
        fields.get("phone", ""),
        fields.get("household", ""),
        first,
        last,
        born,
    )


BORN = date(1990, 12, 10)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Ada", "Lovelace"), ("ADA", "  lovelace ")),  # case and whitespace
        (("José", "Müller"), ("Jose", "Muller")),  # accents
        (("Anne-Marie", "Dupont"), ("Anne Marie", "Dupont")),  # hyphen
        (("Ada", "Lovelace"), ("Lovelace", "Ada")),  # first and last swapped
        (("Ada", "Lovelace"), ("Ada", "Lovelase")),  # one slip
        (("Alexandra", "Lovelace"), ("Alexnadra", "Lovelace")),  # two slips in a long name
    ],
)
def test_similar_names_with_the_same_birth_date_match(a, b):
    assert duplicates.similar_names(person(1, *a, BORN), person(2, *b, BORN))
    assert duplicates.match_reasons(person(1, *a, BORN), person(2, *b, BORN)) == ("name",)


@pytest.mark.parametrize(
    ("a", "b", "born_b"),
    [
        (("Ada", "Lovelace"), ("Ada", "Lovelace"), date(1990, 12, 11)),  # another birthday
        (("Ada", "Lovelace"), ("Ada", "Byron"), BORN),  # another family
        (("Ada", "Lee"), ("Ada", "Low"), BORN),  # two slips in a short name
        (("Ada", "Lovelace"), ("Ada", "Lovelace"), None),  # no birth date to compare
    ],
)
def test_different_people_do_not_match_by_name(a, b, born_b):
    assert not duplicates.match_reasons(person(1, *a, BORN), person(2, *b, born_b))


def test_exact_keys_match_after_normalising():
    a = person(1, email="Ada@Example.org", phone="+41 79 123 45 67", household="h1")
    b = person(2, email="ada@example.org ", phone="079-123.45.67", household="h1")
    assert duplicates.match_reasons(a, b) == ("email", "phone", "household")
    assert not duplicates.match_reasons(person(1, phone="12"), person(2, phone="12"))


def test_find_pairs_compares_through_keys_not_all_pairs():
    people = [person(i, f"First{i}", f"Last{i}", BORN, email=f"p{i}@x.org") for i in range(2000)]
    people.append(person(5000, "Last7", "First7", BORN))
    people.append(person(5001, email="P3@x.org"))
    assert duplicates.find_pairs(people) == {(7, 5000): ("name",), (3, 5001): ("email",)}


def registrant(assembly, **fields):
    return factories.registrant(assembly, **fields)


def check(client, content):
    response = import_file(client, content.encode(), action="check")
    return response, response.get_data(as_text=True)


def test_two_rows_with_the_same_email_are_reported_by_line(client, assembly):
    content = HEADER + (
        "a1,Ada,Lovelace,ada@example.org,1 Analytical Way,4700,1990-12-10,female,young\n"
        "a2,Alan,Turing,alan@example.org,2 Bletchley Road,4700,1985-06-12,male,old\n"
        "a3,Augusta,King,ADA@example.org,9 Other Street,4701,1815-12-10,female,old\n"
    )
    response, page = check(client, content)
    assert response.status_code == 200
    assert re.search(r"<td>4</td><td>email</td><td>same email as line 2</td>", page), page
    assert "Import anyway, flagging 1 rows" in page
    # A plain "import" with duplicates listed imports nothing: the organiser must confirm.
    response = import_file(client, content.encode(), action="import")
    assert response.status_code == 200
    assert db.session.scalar(select(db.func.count(Registrant.id))) == 0


def test_import_anyway_keeps_every_row_and_flags_the_duplicates(client, assembly):
    content = HEADER + (
        "a1,Ada,Lovelace,ada@example.org,1 Analytical Way,4700,1990-12-10,female,young\n"
        "a2,Lovelace,Ada,,5 Elsewhere,4702,10.12.1990,female,young\n"
        "a3,Alan,Turing,alan@example.org,2 Bletchley Road,4700,1985-06-12,male,old\n"
    )
    response = import_file(client, content.encode(), action="import_flagged")
    assert response.status_code == 302
    notes = dict(db.session.execute(select(Registrant.first_name, Registrant.duplicate_note)).all())
    assert notes == {
        "Ada": "",
        "Lovelace": "same name and date of birth as line 2",
        "Alan": "",
    }
    assert queries.possible_duplicates(assembly) == 1


def test_rows_are_checked_against_the_pool_but_never_against_the_erased(client, assembly):
    kept = registrant(assembly, email="ada@example.org", phone="079 123 45 67")
    erased = registrant(assembly, household_key="shared-home", phone="0311112233")
    erased.erased_at = erased.created_at  # blanked data, but the household key stays behind
    db.session.commit()
    content = "id,first_name,email,phone,household,gender,age\n" + (
        "a1,Ada,ADA@example.org,,,female,young\n"
        "a2,Bea,,+41 79 123 45 67,,female,young\n"
        "a3,Cem,,031 111 22 33,shared-home,male,old\n"
    )
    response, page = check(client, content)
    assert f"same email as {kept.reference}" in page
    assert re.search(rf"<td>3</td><td>phone</td><td>same phone as {kept.reference}</td>", page)
    assert erased.reference not in page and "<td>4</td>" not in page


def pairs_page(client):
    return client.get("/assemblies/pool/pool/duplicates").get_data(as_text=True)


def test_the_pool_lists_pairs_and_shows_them_side_by_side(client, assembly):
    first = registrant(assembly, first_name="Ada", last_name="Lovelace", date_of_birth=BORN)
    second = registrant(assembly, first_name="Lovelace", last_name="ADA", date_of_birth=BORN)
    registrant(assembly, first_name="Ada", last_name="Lovelace", date_of_birth=date(1991, 1, 1))
    assert duplicates.pool_pairs(assembly.id) == [(first.id, second.id, ("name",))]
    page = pairs_page(client)
    assert "1 pairs to decide" in page
    assert f"/pool/duplicates/{first.id}/{second.id}" in page
    pair = client.get(f"/assemblies/pool/pool/duplicates/{first.id}/{second.id}")
    text = pair.get_data(as_text=True)
    assert pair.status_code == 200
    assert "<mark>Lovelace</mark>" in text and "<mark>ADA</mark>" in text
    assert f"<mark>{first.email}</mark>" not in text  # only what matched is highlighted
    assert text.count("female") >= 2  # quota answers side by side


def test_merge_makes_the_duplicate_undrawable_and_uncounted(client, assembly):
    kept = registrant(assembly, email="same@example.org")
    twice = registrant(assembly, email="same@example.org", duplicate_note="same email as …")
    kept.duplicate_note = "same email as …"
    db.session.commit()
    assert queries.possible_duplicates(assembly) == 2
    response = client.post(
        f"/assemblies/pool/pool/duplicates/{kept.id}/{twice.id}/merge",
        data={"keep": "first", "reason": "Registered twice"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    merged = db.session.get(Registrant, twice.id)
    assert merged.status is RegistrantStatus.DUPLICATE and merged.duplicate_of_id == kept.id
    assert db.session.get(Registrant, kept.id).duplicate_note == ""
    assert twice.id not in {p.id for p in pool_instance(assembly, households=True).people}
    assert queries.status_counts(assembly)["registered"] == 1
    assert sum(r["count"] for r in queries.composition(assembly)[0]["rows"]) == 1
    assert queries.possible_duplicates(assembly) == 0
    assert duplicates.pool_pairs(assembly.id) == []
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "pool.status")).one()
    assert json.loads(entry.after)["duplicate_of"] == kept.reference


def test_not_a_duplicate_is_remembered_and_audited(client, assembly):
    a = registrant(assembly, household_key="home", duplicate_note="same household as …")
    b = registrant(assembly, household_key="home", duplicate_note="same household as …")
    url = f"/assemblies/pool/pool/duplicates/{b.id}/{a.id}/not-duplicate"
    assert client.post(url, data={"reason": "Twins"}).status_code == 302
    db.session.expire_all()
    decision = db.session.scalars(select(DuplicateDecision)).one()
    assert (decision.first_id, decision.second_id, decision.reason) == (a.id, b.id, "Twins")
    assert duplicates.pool_pairs(assembly.id) == []
    assert "No possible duplicates left" in pairs_page(client)
    assert queries.possible_duplicates(assembly) == 0
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "pool.not_duplicate")
    ).one()
    assert entry.target == f"registrants:{a.reference},{b.reference}"
    # A third registration at the same home is still a question, with each of the two.
    c = registrant(assembly, household_key="home")
    assert [p[:2] for p in duplicates.pool_pairs(assembly.id)] == [(a.id, c.id), (b.id, c.id)]
    # Deciding the same pair twice is refused and leaves one decision.
    client.post(url, data={"reason": "again"})
    assert db.session.scalar(select(db.func.count(DuplicateDecision.id))) == 1


def test_another_assemblys_registrant_is_not_found(client, assembly, organiser):
    other = factories.quotas(factories.assembly(organiser, slug="other"))
    mine, theirs = registrant(assembly), registrant(other)
    base = f"/assemblies/pool/pool/duplicates/{mine.id}/{theirs.id}"
    assert client.get(base).status_code == 404
    for action, data in (("merge", {"keep": "first", "reason": "x"}), ("not-duplicate", {})):
        assert client.post(f"{base}/{action}", data=data).status_code == 404
    db.session.expire_all()
    assert db.session.get(Registrant, theirs.id).status is RegistrantStatus.REGISTERED
    assert db.session.scalar(select(db.func.count(DuplicateDecision.id))) == 0


@pytest.mark.parametrize("role", [Role.MEMBER, Role.EXPERT, None])
def test_people_who_do_not_manage_the_pool_are_refused(client, login, assembly, role):
    a, b = registrant(assembly), registrant(assembly)
    person = factories.user()
    if role is not None:
        factories.add_role(person, assembly, role)
    client.post("/auth/logout")
    login(person)
    base = f"/assemblies/pool/pool/duplicates/{a.id}/{b.id}"
    assert client.get("/assemblies/pool/pool/duplicates").status_code == 403
    assert client.get(base).status_code == 403
    assert client.post(f"{base}/not-duplicate", data={}).status_code == 403
    merge = client.post(f"{base}/merge", data={"keep": "first", "reason": "x"})
    assert merge.status_code == 403
    db.session.expire_all()
    assert db.session.get(Registrant, b.id).status is RegistrantStatus.REGISTERED


@pytest.mark.csrf
def test_decisions_without_a_csrf_token_are_refused(client, login, organiser):
    made = factories.quotas(factories.assembly(organiser, slug="pool"))
    a, b = registrant(made), registrant(made)
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(
        "/auth/login",
        data={"email": organiser.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    base = f"/assemblies/pool/pool/duplicates/{a.id}/{b.id}"
    assert client.post(f"{base}/not-duplicate", data={}).status_code == 400
    assert client.post(f"{base}/merge", data={"keep": "first", "reason": "x"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Registrant, b.id).status is RegistrantStatus.REGISTERED
    assert db.session.scalar(select(db.func.count(DuplicateDecision.id))) == 0
    assert 'name="csrf_token"' in client.get(base).get_data(as_text=True)
