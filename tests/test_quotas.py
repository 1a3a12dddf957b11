"""Quota categories: entry, computation from shares, warnings, CSV import and export."""

import io

import pytest
from openpyxl import Workbook

from facilitate import tabular
from facilitate.extensions import db
from facilitate.models import AssemblyStatus, QuotaCategory, QuotaValue
from facilitate.quotas.checks import quota_problems
from facilitate.quotas.services import proportional_bounds
from tests import factories


@pytest.fixture
def setup(client, login):
    organiser = factories.user(can_organise=True)
    assembly = factories.assembly(organiser, slug="q", panel_size=50)
    login(organiser)
    return assembly


def _values(assembly):
    return {
        (v.category.name, v.name): (v.population_share, v.min_seats, v.max_seats)
        for v in db.session.scalars(
            db.select(QuotaValue).join(QuotaCategory).filter_by(assembly_id=assembly.id)
        )
    }


def test_add_category_with_shares(client, setup):
    response = client.post(
        "/assemblies/q/quotas/categories",
        data={"name": "gender", "values": "female, 51\nmale, 48%\nnon-binary, 1"},
    )
    assert response.status_code == 302
    assert _values(setup) == {
        ("gender", "female"): (51.0, 0, 0),
        ("gender", "male"): (48.0, 0, 0),
        ("gender", "non-binary"): (1.0, 0, 0),
    }


@pytest.mark.parametrize(
    "values, message",
    [
        ("female, lots", "Line 1: “lots” is not a percentage."),
        ("a\nb, 150", "Line 2: a share must be between 0 and 100."),
        ("a\nA", "Line 2: “A” appears twice."),
        ("\n  \n", "Give at least one value."),
    ],
)
def test_bad_value_lines_are_explained(client, setup, values, message):
    response = client.post("/assemblies/q/quotas/categories", data={"name": "x", "values": values})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _values(setup) == {}


def test_compute_bounds_from_shares(client, setup):
    client.post(
        "/assemblies/q/quotas/categories",
        data={"name": "age", "values": "young, 30\nold, 70\nunknown"},
    )
    response = client.post(
        "/assemblies/q/quotas/compute", data={"tolerance": "1"}, follow_redirects=True
    )
    assert "age = unknown" in response.get_data(as_text=True)
    values = _values(setup)
    assert values[("age", "young")] == (30.0, 14, 16)
    assert values[("age", "old")] == (70.0, 34, 36)
    assert values[("age", "unknown")] == (None, 0, 0)


@pytest.mark.parametrize(
    "share, k, tol, expected",
    [(30, 50, 0, (15, 15)), (33.3, 50, 0, (16, 17)), (0.5, 20, 2, (0, 3)), (100, 20, 3, (17, 20))],
)
def test_proportional_bounds(share, k, tol, expected):
    assert proportional_bounds(share, k, tol) == expected


def test_edit_values(client, setup):
    factories.quotas(setup, {"g": [("f", 50.0, 0, 0), ("m", 50.0, 0, 0)]})
    category = setup.categories[0]
    f, m = category.values
    prefix = f"c{category.id}-"
    data = {
        f"{prefix}share_{f.id}": "52",
        f"{prefix}min_{f.id}": "24",
        f"{prefix}max_{f.id}": "27",
        f"{prefix}share_{m.id}": "48",
        f"{prefix}min_{m.id}": "23",
        f"{prefix}max_{m.id}": "26",
    }
    client.post(f"/assemblies/q/quotas/categories/{category.id}", data=data)
    assert _values(setup) == {("g", "f"): (52.0, 24, 27), ("g", "m"): (48.0, 23, 26)}


def test_problems_are_reported_at_once(app):
    assembly = factories.assembly(panel_size=50)
    factories.quotas(
        assembly,
        {
            "age": [("16-29", 20.0, 30, 40), ("30+", 60.0, 22, 20)],
            "area": [("north", 50.0, 0, 10), ("south", 50.0, 0, 10)],
        },
    )
    messages = [p.message for p in quota_problems(assembly)]
    assert "The minimums for age add up to 52 but there are 50 seats." in messages
    assert "For age = 30+ the minimum (22) is above the maximum (20)." in messages
    assert "The maximums for area add up to 20, fewer than the 50 seats." in messages
    assert "The population shares for age add up to 80.0 %, not 100 %." in messages


def test_quota_page_shows_warning(client, setup):
    factories.quotas(setup, {"age": [("a", None, 30, 40), ("b", None, 30, 40)]})
    page = client.get("/assemblies/q/quotas/").get_data(as_text=True)
    assert "The minimums for age add up to 60 but there are 50 seats." in page


def _upload(client, content: bytes, name="quotas.csv"):
    return client.post(
        "/assemblies/q/quotas/import",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_import_csv_replaces_quotas(client, setup):
    factories.quotas(setup, {"old": [("x", None, 0, 50)]})
    response = _upload(
        client,
        b"category,feature,min,max\ngender,female,24,26\ngender,male,24,26\nage,young,10,20\nage,old,30,40",
    )
    assert response.status_code == 302
    assert _values(setup) == {
        ("gender", "female"): (None, 24, 26),
        ("gender", "male"): (None, 24, 26),
        ("age", "young"): (None, 10, 20),
        ("age", "old"): (None, 30, 40),
    }


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file is empty."),
        (b"name,value\nx,y", "The first line must be the header category,feature,min,max."),
        (b"category,feature,min,max\n", "The file has a header but no quota rows."),
        (
            b"category,feature,min,max\ngender,female,ten,20",
            "Line 2, column “min”: “ten” is not a whole number of seats",
        ),
        (
            b"category,feature,min,max\ngender,female,1,2\ngender,male,5,99",
            "Line 3, column “max”: 99 is more than the 50 seats",
        ),
        (b"category,feature,min,max\ngender,,1,2", "Line 2, column “feature”: is empty"),
        (
            b"category,feature,min,max\ngender,f,9,2",
            "Line 2, column “min”: the minimum is above the maximum",
        ),
        (
            b"category,feature,min,max\ngender,f,1,2\ngender,f,1,2",
            "Line 3, column “feature”: “f” appears twice in gender",
        ),
        (b"category,feature,min,max\ngender,f,1", "Line 2: expected 4 columns, found 3"),
    ],
)
def test_bad_csv_is_reported_by_line_and_column_and_imports_nothing(
    client, setup, content, message
):
    factories.quotas(setup, {"kept": [("x", None, 0, 50)]})
    response = _upload(client, content)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was imported" in page
    assert message in page
    assert _values(setup) == {("kept", "x"): (None, 0, 50)}


def test_wrong_file_type_is_refused(client, setup):
    response = _upload(client, b"\x89PNG", name="picture.png")
    assert response.status_code == 400
    assert "Choose a .csv or .xlsx file." in response.get_data(as_text=True)


def test_import_reads_semicolons_as_spreadsheets_save_them(client, setup):
    # A German or French Excel saves "CSV" with semicolons; the pool import already reads it.
    content = "category;feature;min;max\ngender;female;24;26\ngender;male;24;26\n"
    assert _upload(client, content.encode("utf-8-sig")).status_code == 302
    assert _values(setup) == {
        ("gender", "female"): (None, 24, 26),
        ("gender", "male"): (None, 24, 26),
    }


def test_import_reads_xlsx(client, setup):
    workbook = Workbook()
    for row in (
        ["category", "feature", "min", "max"],
        ["age", "young", 10, 20],
        ["age", "old", 30, 40],
    ):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _upload(client, buffer.getvalue(), name="quotas.xlsx").status_code == 302
    assert _values(setup) == {("age", "young"): (None, 10, 20), ("age", "old"): (None, 30, 40)}


def test_import_has_the_shared_readers_limits(client, setup):
    factories.quotas(setup, {"kept": [("x", None, 0, 50)]})
    long_cell = "y" * (tabular.MAX_CELL_CHARS + 1)
    response = _upload(client, f"category,feature,min,max\ngender,{long_cell},1,2\n".encode())
    assert response.status_code == 400
    assert "Line 2, column 2 holds more than" in response.get_data(as_text=True)
    assert _values(setup) == {("kept", "x"): (None, 0, 50)}


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "latin-1"],
)
def test_import_accepts_common_encodings(client, setup, encoding):
    text = "feature,value,min,max,min_flex,max_flex\nRégion,Liège,10,30,0,50\nRégion,Namur,20,40,0,50\n"
    assert _upload(client, text.encode(encoding)).status_code == 302
    assert _values(setup)[("Région", "Liège")] == (None, 10, 30)


def test_export_neutralises_formulas(client, setup):
    factories.quotas(setup, {'=HYPERLINK("x")': [("+1", None, 0, 50), ("@sum", None, 0, 50)]})
    body = client.get("/assemblies/q/quotas/export.csv").get_data(as_text=True)
    assert body.splitlines()[0] == "category,feature,min,max,share"
    assert "'=HYPERLINK" in body and ",'+1," in body and ",'@sum," in body
    assert "\n=" not in body


def test_quotas_locked_once_selection_begins(client, setup):
    factories.quotas(setup, {"g": [("f", None, 0, 50)]})
    setup.status = AssemblyStatus.SELECTING
    db.session.commit()
    page = client.post(
        "/assemblies/q/quotas/categories",
        data={"name": "new", "values": "a"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "cannot change once selection has begun" in page
    assert ("new", "a") not in _values(setup)


def test_value_of_another_assembly_is_404(client, setup):
    other = factories.quotas(factories.assembly(slug="other"))
    value_id = other.categories[0].values[0].id
    assert client.post(f"/assemblies/q/quotas/values/{value_id}/delete").status_code == 404
    assert db.session.get(QuotaValue, value_id) is not None
