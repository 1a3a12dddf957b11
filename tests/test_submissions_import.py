"""Import submissions collected elsewhere: every row checked, all or nothing."""

import io

from sqlalchemy import func, select

from facilitate.extensions import db
from facilitate.models import AssemblyStatus
from facilitate.models.audit import AuditEntry
from facilitate.models.evidence import Publication, Submission, SubmissionStatus
from tests import factories
from tests.worlds.evidence import open_submissions, submission


def _setup(login):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="heat", status=AssemblyStatus.SITTING)
    open_submissions(assembly)
    login(organiser)
    return assembly


def _upload(client, text: str, name="submissions.csv"):
    return client.post(
        "/assemblies/heat/evidence/import",
        data={"file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data",
    )


def _count():
    return db.session.scalar(select(func.count(Submission.id)))


def test_a_correct_file_imports_every_row_pending(client, login):
    assembly = _setup(login)
    submission(assembly)
    response = _upload(
        client,
        "text,type,organisation,publication,theme,stance,date,lobbies\n"
        "Buses first,individual,,named,Transport,for,2026-01-05,\n"
        "Gas is cheap,company,Gas Ltd,anonymous,Heating,against,,yes\n"
        "Letter received by post,,,,,,2026-01-07,\n",
    )
    assert response.status_code == 302
    rows = db.session.scalars(select(Submission).order_by(Submission.number)).all()
    assert [r.number for r in rows] == [1, 2, 3, 4]
    assert all(r.status is SubmissionStatus.PENDING for r in rows)
    assert rows[2].organisation == "Gas Ltd" and rows[2].lobbies is True
    assert rows[3].publication is Publication.PRIVATE, "no recorded consent: never published"
    assert rows[1].source == "import" and rows[1].created_at.date().isoformat() == "2026-01-05"


def test_any_wrong_row_imports_nothing_and_says_where(client, login):
    _setup(login)
    response = _upload(
        client,
        "text,type,organisation,publication,theme,stance,date\n"
        "Fine row,individual,,named,Heating,for,2026-01-05\n"
        ",individual,,named,,,\n"
        "Org without name,company,,named,,,\n"
        "Odd values,alien,,everyone,Space,maybe,5 January\n",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "nothing was imported" in page
    assert "Line 3 (text)" in page
    assert "Line 4 (organisation)" in page
    for column in ("submitter_type", "publication", "theme", "stance", "received_on"):
        assert f"Line 5 ({column})" in page
    assert _count() == 0


def test_a_file_without_a_text_column_is_refused(client, login):
    _setup(login)
    response = _upload(client, "name,email\nAnna,a@example.org\n")
    assert response.status_code == 422 and "No column named" in response.get_data(as_text=True)
    response = _upload(client, "", "empty.csv")
    assert response.status_code == 422
    assert _count() == 0


def test_export_neutralises_formulas(client, login):
    assembly = _setup(login)
    submission(assembly, text='=HYPERLINK("http://evil")')
    response = client.get("/assemblies/heat/evidence/export.csv")
    assert response.status_code == 200
    assert "'=HYPERLINK" in response.get_data(as_text=True)


def test_import_and_export_are_audited_under_the_organiser(client, login):
    assembly = _setup(login)
    organiser = assembly.memberships[0].user
    assert _upload(client, "text\nOne\nTwo\n").status_code == 302
    assert client.get("/assemblies/heat/evidence/export.csv").status_code == 200
    entries = {e.action: e for e in db.session.scalars(select(AuditEntry))}
    assert entries["evidence.import"].actor_email == organiser.email
    assert entries["evidence.import"].after == '{"rows":2}'
    assert entries["evidence.export"].actor_email == organiser.email
    assert entries["evidence.export"].target == "file:heat-submissions.csv"
