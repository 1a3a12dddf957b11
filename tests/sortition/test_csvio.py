"""Reading quotas and registrants from CSV, and the errors people see."""

import pytest
from sortition_factories import write_files

from facilitate.sortition.csvio import read_instance, read_quotas
from facilitate.sortition.model import InputError


def test_bom_missing_newline_and_feature_value_header(tmp_path):
    c, r = write_files(
        tmp_path,
        "\ufefffeature,value,min,max,min_flex,max_flex\nG,F,1,2,0,2\nG,M,1,2,0,2",
        "\ufeffnationbuilder_id,G,extra\na,F,1\nb,m,2\nc,M,3",
    )
    inst = read_instance(c, r, 2, id_column="nationbuilder_id")
    assert [p.id for p in inst.people] == ["a", "b", "c"]
    # Values match the quota's spelling regardless of case.
    assert inst.people[1].value("G") == "M"


def test_row_numbers_are_ids_without_id_column(tmp_path):
    c, r = write_files(tmp_path, "category,feature,min,max\ng,f,0,1\ng,m,0,1\n", "g\nf\nm\nm")
    inst = read_instance(c, r, 1)
    assert [p.id for p in inst.people] == ["0", "1", "2"]


def test_unknown_value_is_excluded_and_reported(tmp_path):
    c, r = write_files(tmp_path, "category,feature,min,max\ng,f,0,1\ng,m,0,1\n", "id,g\na,f\nb,x\n")
    inst = read_instance(c, r, 1)
    assert [p.id for p in inst.people] == ["a"]
    assert inst.excluded[0].id == "b" and "'x'" in inst.excluded[0].reason


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("category,feature,min,max\ng,f,1,x\n", 2, "max"),
        ("category,feature,min,max\ng,f,1,2\ng,m,-1,2\n", 3, "min"),
        ("category,feature,min,max\ng,f,3,2\n", 2, "max"),
        ("category,feature,low,max\ng,f,1,2\n", 1, "min"),
    ],
)
def test_quota_errors_name_file_line_and_column(tmp_path, text, line, column):
    path = tmp_path / "cats.csv"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        read_quotas(path)
    assert err.value.file == str(path)
    assert err.value.line == line and err.value.column == column
    assert "cats.csv" in str(err.value) and f"line {line}" in str(err.value)


def test_respondent_errors(tmp_path):
    c, r = write_files(tmp_path, "category,feature,min,max\ng,f,0,1\n", "id,h\na,f\n")
    with pytest.raises(InputError) as err:
        read_instance(c, r, 1)
    assert err.value.line == 1 and err.value.column == "g"
    c, r = write_files(tmp_path, "category,feature,min,max\ng,f,0,1\n", "id,g\na,f\nb,f\na,f\n")
    with pytest.raises(InputError) as err:
        read_instance(c, r, 1)
    assert err.value.line == 4 and err.value.column == "id" and "line 2" in err.value.message


def test_canonical_digest_ignores_row_order(tmp_path):
    c, r = write_files(tmp_path, "category,feature,min,max\ng,f,0,1\ng,m,0,1\n", "id,g\na,f\nb,m\n")
    one = read_instance(c, r, 1)
    r.write_text("id,g\nb,m\na,f\n")
    two = read_instance(c, r, 1)
    assert one.pool_digest() == two.pool_digest()
    r.write_text("id,g\nb,f\na,f\n")
    assert read_instance(c, r, 1).pool_digest() != one.pool_digest()
