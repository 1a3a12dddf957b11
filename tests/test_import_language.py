"""Imported registrants keep the language they are written to in, and a bulk import stays
all or nothing however it is sent."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from facilitate.extensions import db
from facilitate.i18n import LANGUAGE_NAMES
from facilitate.models import AssemblyStatus, Registrant, RegistrantAnswer
from facilitate.pool import import_languages, importer
from facilitate.recipient_language import language_for
from tests import factories
from tests.test_pool import count, import_file

HEADER = "id,first_name,last_name,email,address,postcode,date_of_birth,gender,age,Sprache\n"


def rows(*languages: str) -> str:
    return HEADER + "".join(
        f"r{i},P{i},L{i},p{i}@example.org,{i} Road,4700,1990-01-0{i + 1},female,young,{language}\n"
        for i, language in enumerate(languages)
    )


@pytest.fixture
def assembly(client, login):
    organiser = factories.user(can_organise=True)
    # The pages below are read in English, whatever the assembly's own language.
    organiser.locale = "en"
    made = factories.assembly(
        organiser, slug="pool", status=AssemblyStatus.RECRUITING, language="de"
    )
    made.working_languages = ["de", "fr"]
    factories.quotas(made)
    login(organiser)
    return made


def languages_imported():
    return {
        r.first_name: r.language
        for r in db.session.scalars(select(Registrant).order_by(Registrant.id))
    }


def test_codes_and_names_become_codes_and_blank_is_the_assemblys(client, assembly):
    response = import_file(
        client, rows("fr", "Français", "FR-ch", "", "Deutsch", "french").encode()
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    assert languages_imported() == {
        "P0": "fr",
        "P1": "fr",
        "P2": "fr",
        "P3": "",
        "P4": "de",
        "P5": "fr",
    }
    people = db.session.scalars(select(Registrant).order_by(Registrant.id)).all()
    assert [language_for(assembly, p) for p in people] == ["fr", "fr", "fr", "de", "de", "fr"]


@pytest.mark.parametrize("value", ["it", "Italiano", "klingon", "x"])
def test_a_language_the_assembly_does_not_work_in_is_refused_by_line_and_column(
    client, assembly, value
):
    response = import_file(client, rows("fr", value).encode())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<td>3</td><td>Sprache</td>" in page
    assert f"“{value}” is not a language of this assembly (de, fr)" in page
    assert count() == 0


def test_the_column_is_recognised_by_the_names_organisers_give_it(assembly):
    for header in ("language", "Sprache", "Langue", "taal", "Lingua", "Preferred language"):
        assert importer.auto_mapping([header], assembly) == {header: "language"}


def test_spellings_cover_codes_and_names_in_the_interface_languages():
    found = import_languages.spellings(["de", "fr"])
    for spelling in ("de", "DE-ch", "deutsch", "german", "allemand", "duits", "tedesco"):
        assert found[import_languages.fold(spelling)] == "de"
    assert found[import_languages.fold("Französisch")] == "fr"
    assert import_languages.fold("it") not in found


def test_every_interface_language_has_its_names():
    assert set(import_languages.NAMES) == set(LANGUAGE_NAMES)


def test_a_file_without_the_column_leaves_the_language_blank(client, assembly):
    content = rows("fr", "de").replace(",Sprache\n", "\n").replace(",fr\n", "\n")
    content = content.replace(",de\n", "\n")
    assert import_file(client, content.encode()).status_code == 302
    assert set(languages_imported().values()) == {""}


def _checked(assembly, n: int):
    content = rows(*["fr"] * n).encode()
    mapping = importer.auto_mapping(content.split(b"\n", 1)[0].decode().split(","), assembly)
    checked = importer.check_rows(content, "people.csv", mapping, assembly)
    assert not checked.errors
    return checked


def test_a_batch_failing_late_leaves_nothing_written(app, assembly, monkeypatch):
    checked = _checked(assembly, 6)
    # The third batch reuses a reference of the first: the unique key refuses it mid-import.
    drawn = iter([["RA", "RB"], ["RC", "RD"], ["RA", "RE"]])
    monkeypatch.setattr(importer, "new_references", lambda n: next(drawn))
    with pytest.raises(Exception, match="reference"):
        importer.import_rows(assembly, checked.rows, batch=2, actor=None)
    db.session.rollback()
    assert count() == 0
    assert db.session.scalar(select(db.func.count()).select_from(RegistrantAnswer)) == 0


def test_a_failure_while_preparing_rows_stops_the_writer(app, assembly, monkeypatch):
    checked = _checked(assembly, 6)
    calls = iter([["RA", "RB"], ["RC", "RD"]])

    def references(n):
        try:
            return next(calls)
        except StopIteration:
            raise RuntimeError("no more references") from None

    monkeypatch.setattr(importer, "new_references", references)
    with pytest.raises(RuntimeError, match="no more references"):
        importer.import_rows(assembly, checked.rows, batch=2, actor=None)
    db.session.rollback()
    assert count() == 0


def test_batches_import_every_row_with_its_answers(app, assembly):
    checked = _checked(assembly, 7)
    assert importer.import_rows(assembly, checked.rows, batch=3, actor=None) == 7
    db.session.commit()
    answers = db.session.execute(
        select(Registrant.first_name, db.func.count(RegistrantAnswer.value_id))
        .join(RegistrantAnswer)
        .group_by(Registrant.first_name)
    ).all()
    assert sorted(answers) == [(f"P{i}", 2) for i in range(7)]
    assert set(languages_imported().values()) == {"fr"}


def test_foreign_keys_are_checked_again_after_an_import(app, assembly):
    checked = _checked(assembly, 3)
    importer.import_rows(assembly, checked.rows, batch=2, actor=None)
    if db.engine.dialect.name == "postgresql":
        # PostgreSQL checked the import's keys once (bulk.rows_referred_to), then set back
        # the per-row checks for whatever the transaction does next.
        role = db.session.execute(text("SHOW session_replication_role")).scalar_one()
        assert role == "origin"
    value = assembly.categories[0].values[0]
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(
            text("INSERT INTO registrant_answer VALUES (:r, :c, :v)"),
            {"r": 10**9, "c": value.category_id, "v": value.id},
        )
    db.session.rollback()


def test_answers_to_a_quota_value_deleted_meanwhile_are_refused(app, assembly):
    checked = _checked(assembly, 2)
    value = assembly.categories[0].values[0]
    # Gone from the database while the assembly's categories still list it.
    db.session.execute(text("DELETE FROM quota_value WHERE id = :id"), {"id": value.id})
    with pytest.raises((LookupError, IntegrityError)):
        importer.import_rows(assembly, checked.rows, actor=None)
    db.session.rollback()
    assert count() == 0


def test_the_upload_page_explains_the_column_in_a_multilingual_assembly(client, assembly):
    page = client.get("/assemblies/pool/pool/import").get_data(as_text=True)
    assert "A language column (a code such as “fr” or a name)" in page
    assert "a blank cell means Deutsch" in page
