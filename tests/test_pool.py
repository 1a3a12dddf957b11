"""The pool: import with per-row errors, browsing, exports, erasure and purge."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select, text

from facilitate.extensions import db
from facilitate.models import (
    AssemblyStatus,
    PoolImport,
    Registrant,
    RegistrantAnswer,
    RegistrantStatus,
    StatusChange,
)
from facilitate.pool.privacy import purge_closed
from tests import factories

HEADER = "id,first_name,last_name,email,address,postcode,date_of_birth,gender,age\n"
GOOD = HEADER + (
    "a1,Ada,Lovelace,ada@example.org,1 Analytical Way,4700,1990-12-10,female,young\n"
    "a2,Alan,Turing,alan@example.org,2 Bletchley Road,4700,12.06.1985,male,old\n"
    "a3,Grace,Hopper,,3 Cobol Street,4701,,female,old\n"
)


@pytest.fixture
def assembly(client, login):
    organiser = factories.user(can_organise=True)
    made = factories.quotas(
        factories.assembly(organiser, slug="pool", status=AssemblyStatus.RECRUITING)
    )
    login(organiser)
    return made


def upload(client, content, name="people.csv"):
    response = client.post(
        "/assemblies/pool/pool/import",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
    # The test client spools a large request body to a temporary file that only closing the
    # response closes; read the body first so the response stays usable.
    response.get_data()
    response.close()
    return response


def staged_id(response):
    return int(re.search(r"/pool/import/(\d+)$", response.headers["Location"]).group(1))


def count():
    return db.session.scalar(select(db.func.count(Registrant.id)))


def import_file(client, content, name="people.csv", action="import", mapping=None):
    response = upload(client, content, name)
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    import_id = staged_id(response)
    page = client.get(f"/assemblies/pool/pool/import/{import_id}").get_data(as_text=True)
    selects = dict(
        re.findall(
            r'<select id="(col_\d+)" name="col_\d+">.*?<option selected value="([^"]*)"', page, re.S
        )
    )
    selects.update(mapping or {})
    return client.post(
        f"/assemblies/pool/pool/import/{import_id}", data={**selects, "action": action}
    )


def test_import_maps_columns_and_imports_everything(client, assembly):
    response = import_file(client, GOOD.encode())
    assert response.status_code == 302
    people = db.session.scalars(select(Registrant).order_by(Registrant.id)).all()
    assert [p.first_name for p in people] == ["Ada", "Alan", "Grace"]
    assert people[1].date_of_birth.isoformat() == "1985-06-12"
    assert all(p.source == "import" for p in people)
    assert db.session.scalar(select(db.func.count()).select_from(RegistrantAnswer)) == 6
    assert db.session.scalar(select(db.func.count(PoolImport.id))) == 0  # the upload is gone


@pytest.mark.parametrize(
    "row, line_column_message",
    [
        (
            "b1,Bo,B,bo@example.org,x,1,2000-01-01,robot,young",
            ("3", "gender", "“robot” is not a value of gender"),
        ),
        (
            "b1,Bo,B,not-an-email,x,1,2000-01-01,male,young",
            ("3", "email", "“not-an-email” is not an email address"),
        ),
        (
            "b1,Bo,B,bo@example.org,x,1,31/31/2000,male,young",
            ("3", "date_of_birth", "is not a date"),
        ),
        (
            "a1,Bo,B,bo@example.org,x,1,2000-01-01,male,young",
            ("3", "id", "id “a1” already on line 2"),
        ),
        ("b1,Bo,B,bo@example.org,x,1,2000-01-01,,young", ("3", "gender", "is empty")),
    ],
)
def test_bad_rows_are_listed_by_line_and_column_and_nothing_is_imported(
    client, assembly, row, line_column_message
):
    content = HEADER + "a1,Ada,L,ada@example.org,x,1,1990-01-01,female,young\n" + row + "\n"
    response = import_file(client, content.encode())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    line, column, message = line_column_message
    assert re.search(rf"<td>{line}</td><td>{column}</td><td>[^<]*{re.escape(message)}", page), page[
        -3000:
    ]
    assert "nothing was imported" in page
    assert count() == 0


def test_unmapped_category_is_refused(client, assembly):
    response = import_file(client, GOOD.encode(), mapping={"col_7": ""})
    assert "No column is mapped to “gender”." in response.get_data(as_text=True)
    assert count() == 0


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"", "people.csv", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "people.png", "Upload a CSV or XLSX file"),
        (b"PK\x03\x04garbage", "people.xlsx", "This XLSX file cannot be opened"),
    ],
)
def test_unreadable_files_get_a_clear_message(client, assembly, content, name, message):
    response = upload(client, content, name)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(PoolImport.id))) == 0


def test_header_only_file(client, assembly):
    response = import_file(client, HEADER.encode())
    assert "The file has a header but no rows." in response.get_data(as_text=True)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "latin-1"])
def test_encodings(client, assembly, encoding):
    content = HEADER + "z1,Zoë,Müller,zoe@example.org,Rue du Marché 1,4700,1990-01-01,female,old\n"
    assert import_file(client, content.encode(encoding)).status_code == 302
    assert db.session.scalar(select(Registrant.last_name)) == "Müller"


def test_semicolon_csv(client, assembly):
    content = GOOD.replace(",", ";")
    assert import_file(client, content.encode()).status_code == 302
    assert count() == 3


def test_xlsx_import(client, assembly):
    workbook = Workbook()
    sheet = workbook.active
    for line in GOOD.strip().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert import_file(client, buffer.getvalue(), "people.xlsx").status_code == 302
    assert count() == 3


def test_check_only_does_not_import(client, assembly):
    response = import_file(client, GOOD.encode(), action="check")
    assert "All 3 rows are valid" in response.get_data(as_text=True)
    assert count() == 0


def test_pool_page_filters_and_warns(client, assembly):
    gender, age = assembly.categories
    factories.registrant(assembly, first_name="Fiona")
    second = factories.registrant(assembly, first_name="Mark")
    second.answers[0].value_id = gender.values[1].id
    db.session.commit()
    page = client.get("/assemblies/pool/pool/").get_data(as_text=True)
    assert "Fiona" in page and "Mark" in page
    assert "Only 1 registered with gender = female, but the minimum is 9." in page
    filtered = client.get(f"/assemblies/pool/pool/?c{gender.id}={gender.values[1].id}").get_data(
        as_text=True
    )
    assert "Mark" in filtered and "Fiona" not in filtered
    searched = client.get("/assemblies/pool/pool/?q=fio").get_data(as_text=True)
    assert "Fiona" in searched and "Mark" not in searched


def test_pool_page_paginates(client, assembly):
    for _ in range(55):
        factories.registrant(assembly)
    page = client.get("/assemblies/pool/pool/").get_data(as_text=True)
    assert "Page 1 of 2" in page and "55 matching" in page
    assert "Page 2 of 2" in client.get("/assemblies/pool/pool/?page=2").get_data(as_text=True)
    assert client.get("/assemblies/pool/pool/?page=3").status_code == 404


def test_exports_neutralise_formulas(client, assembly):
    factories.registrant(
        assembly, first_name="=cmd|' /C calc'!A0", last_name="@SUM(1)", email="x@example.org"
    )
    csv_body = client.get("/assemblies/pool/pool/export.csv").get_data(as_text=True)
    assert "'=cmd" in csv_body and "'@SUM(1)" in csv_body
    xlsx = client.get("/assemblies/pool/pool/export.xlsx").get_data()
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert rows[1][2] == "'=cmd|' /C calc'!A0" and rows[1][3] == "'@SUM(1)"


def _everything_as_text() -> str:
    """Dump every table, to search it for personal data."""
    dump = []
    for table in db.metadata.sorted_tables:
        dump.extend(map(repr, db.session.execute(select(table)).all()))
    return "\n".join(dump)


def test_erase_blanks_personal_data_everywhere(client, assembly):
    person = factories.registrant(
        assembly, first_name="Zebedee", last_name="Quixote", email="zq@example.org"
    )
    from facilitate.mail import queue_email

    queue_email("zq@example.org", "Hello Zebedee", "Dear Zebedee Quixote", assembly.id)
    db.session.commit()
    response = client.post(f"/assemblies/pool/pool/{person.id}/erase", follow_redirects=True)
    assert "was erased" in response.get_data(as_text=True)
    dump = _everything_as_text()
    for secret in ("Zebedee", "Quixote", "zq@example.org"):
        assert secret not in dump
        assert secret not in client.get("/assemblies/pool/pool/export.csv").get_data(as_text=True)
    erased = db.session.get(Registrant, person.id)
    assert erased.erased_at is not None and len(erased.answers) == 2  # still counted


def test_purge_after_closing(app, runner):
    organiser = factories.user(can_organise=True)
    closed = factories.quotas(
        factories.assembly(organiser, slug="old", status=AssemblyStatus.CLOSED)
    )
    db.session.add(
        StatusChange(
            assembly_id=closed.id,
            to_status=AssemblyStatus.CLOSED,
            changed_at=datetime.now(UTC) - timedelta(days=100),
        )
    )
    kept = factories.registrant(closed, first_name="Selina", status=RegistrantStatus.SELECTED)
    gone = factories.registrant(closed, first_name="Norbert", email="norbert@example.org")
    recent = factories.quotas(
        factories.assembly(organiser, slug="new", status=AssemblyStatus.CLOSED)
    )
    db.session.add(StatusChange(assembly_id=recent.id, to_status=AssemblyStatus.CLOSED))
    fresh = factories.registrant(recent, first_name="Rosalind")
    db.session.commit()
    result = runner.invoke(args=["pool", "purge", "--days", "90"])
    assert result.exit_code == 0, result.output
    assert "old: 1" in result.output
    dump = _everything_as_text()
    assert "Norbert" not in dump and "norbert@example.org" not in dump
    assert "Selina" in dump and "Rosalind" in dump
    assert db.session.get(Registrant, gone.id).erased_at is not None
    assert db.session.get(Registrant, kept.id).erased_at is None
    assert db.session.get(Registrant, fresh.id).erased_at is None
    assert purge_closed(90) == {"old": 0}  # nothing left to purge; counts kept
    assert db.session.scalar(text("select count(*) from registrant")) == 3


def test_outbox_lists_messages(client, assembly):
    from facilitate.mail import queue_email

    queue_email("someone@example.org", "Your registration", "Body text", assembly.id)
    db.session.commit()
    page = client.get("/assemblies/pool/pool/outbox").get_data(as_text=True)
    assert "Your registration" in page and "someone@example.org" in page
    assert "Body text" not in page, "the text carries links for the recipient alone"


def test_uploads_never_touch_the_disk(app, client, assembly, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise AssertionError("an upload was written to a temporary file")

    monkeypatch.setattr(tempfile, "SpooledTemporaryFile", refuse)
    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    big = (
        GOOD + "".join(f"x{i},N,M,n{i}@example.org,a,1,1990-01-01,male,old\n" for i in range(20000))
    ).encode()
    assert len(big) > 600_000  # werkzeug spools anything above 500 KB to disk by default
    # Every added row shares a name, birth date and address: imported anyway, flagged.
    response = import_file(client, big, action="import_flagged")
    assert response.status_code == 302
