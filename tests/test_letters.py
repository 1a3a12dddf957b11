"""Invitation letters: the lottery, the upload, the record, the exports and who may see them."""

import csv
import hashlib
import io
import json
import random
import re
from collections import Counter

import pytest
from openpyxl import Workbook

from facilitate.extensions import db
from facilitate.households import address_key
from facilitate.letters.lottery import LotteryError, allocate, draw_rows
from facilitate.letters.services import (
    ALPHABET,
    draw_letters,
    format_code,
    new_code,
    normalise_code,
)
from facilitate.models import AssemblyStatus, Letter, LetterDraw
from tests import factories

CODE = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$")


# --- the pure draw ---------------------------------------------------------------------


def test_every_row_has_the_same_chance():
    counts = Counter()
    for n in range(3000):
        rows = draw_rows(10, 3, f"seed-{n}").rows
        assert len(set(rows)) == 3 and rows == sorted(rows)
        assert all(0 <= r < 10 for r in rows)
        counts.update(rows)
    # 900 expected per row, standard deviation 25: 6 deviations either side.
    assert set(counts) == set(range(10))
    assert all(750 < counts[r] < 1050 for r in range(10)), counts


def test_the_draw_is_reproducible_from_the_seed():
    first = draw_rows(1000, 25, "recorded seed")
    assert draw_rows(1000, 25, "recorded seed") == first
    # The documented procedure, by hand.
    assert first.rows == sorted(random.Random("recorded seed").sample(range(1000), 25))
    assert first.strata == {}


def test_different_seeds_give_different_letters():
    draws = {tuple(draw_rows(1000, 25, f"s{n}").rows) for n in range(20)}
    assert len(draws) == 20


def test_the_global_generator_is_left_alone():
    random.seed(7)
    expected = random.random()
    random.seed(7)
    draw_rows(100, 10, "x", ["a", "b"] * 50)
    assert random.random() == expected


@pytest.mark.parametrize(
    "sizes, count, expected",
    [
        ({"a": 50, "b": 30, "c": 20}, 10, {"a": 5, "b": 3, "c": 2}),
        # Each ideal share is 3.33: rounding gives 9, the largest remainder gives 10 (tie: a).
        ({"a": 10, "b": 10, "c": 10}, 10, {"a": 4, "b": 3, "c": 3}),
        # 2.25, 2.25, 0.5: the one letter left goes to c, the largest remainder.
        ({"a": 45, "b": 45, "c": 10}, 5, {"a": 2, "b": 2, "c": 1}),
        # 4.2, 1.75, 1.05 -> 4, 1, 1 and the seventh letter to b.
        ({"x": 60, "y": 25, "z": 15}, 7, {"x": 4, "y": 2, "z": 1}),
        ({"big": 99, "tiny": 1}, 100, {"big": 99, "tiny": 1}),
    ],
)
def test_strata_get_letters_by_largest_remainder(sizes, count, expected):
    assert allocate(sizes, count) == expected
    assert sum(expected.values()) == count


def test_a_stratified_draw_follows_the_documented_procedure():
    labels = ["north"] * 60 + ["south "] * 25 + ["east"] * 15
    rng = random.Random("strat")
    labels = [labels[i] for i in rng.sample(range(100), 100)]  # mixed through the file
    drawn = draw_rows(100, 7, "seed-7", labels)
    assert drawn.strata == {
        "east": {"size": 15, "drawn": 1},
        "north": {"size": 60, "drawn": 4},
        "south": {"size": 25, "drawn": 2},
    }
    assert Counter(labels[r].strip() for r in drawn.rows) == {"north": 4, "south": 2, "east": 1}
    by_hand = random.Random("seed-7")
    expected = []
    for label, share in (("east", 1), ("north", 4), ("south", 2)):
        rows = [i for i, value in enumerate(labels) if value.strip() == label]
        expected.extend(by_hand.sample(rows, share))
    assert drawn.rows == sorted(expected)


@pytest.mark.parametrize("size, count", [(5, 6), (0, 1), (5, 0), (5, -1)])
def test_impossible_draws_are_refused(size, count):
    with pytest.raises(LotteryError):
        draw_rows(size, count, "s")


# --- codes -----------------------------------------------------------------------------


def test_codes_are_unambiguous_and_grouped():
    assert not set("0O1IL") & set(ALPHABET)
    codes = {new_code() for _ in range(500)}
    assert len(codes) == 500 and all(CODE.match(c) for c in codes)
    assert format_code("abcdefghjkmn") == "ABCD-EFGH-JKMN"
    assert normalise_code(" abcd-efgh jkmn\n") == "ABCDEFGHJKMN"
    assert normalise_code("ABCD – EFGH – JKMN") == "ABCDEFGHJKMN"
    assert normalise_code(format_code("ABCDEFGHJKMN")) == "ABCDEFGHJKMN"


# --- upload and draw -------------------------------------------------------------------


@pytest.fixture
def assembly(client, login):
    organiser = factories.user(can_organise=True)
    made = factories.assembly(
        organiser, slug="town", status=AssemblyStatus.RECRUITING, registrations_per_code=2
    )
    login(organiser)
    return made


def _csv(rows, header="name,address,postcode,district", sep=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
    writer.writerow(header.split(sep))
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _people(n, districts=("North", "South")):
    return [
        (f"Person {i}", f"{i} High Street", f"{1000 + i}", districts[i % len(districts)])
        for i in range(1, n + 1)
    ]


def _post(client, data: bytes, filename="addresses.csv", **fields):
    form = {"file": (io.BytesIO(data), filename), "count": "5", **fields}
    return client.post(
        "/assemblies/town/letters/draws", data=form, content_type="multipart/form-data"
    )


def _letters():
    return db.session.scalars(db.select(Letter).order_by(Letter.id)).all()


def _draws():
    return db.session.scalars(db.select(LetterDraw)).all()


def test_upload_draws_letters_and_records_the_draw(client, assembly):
    data = _csv(_people(30))
    response = _post(client, data, count="10", seed="town-2027")
    assert response.status_code == 302
    [record] = _draws()
    assert record.assembly_id == assembly.id
    assert record.source_filename == "addresses.csv"
    assert record.source_sha256 == hashlib.sha256(data).hexdigest()
    assert (record.source_rows, record.requested, record.drawn) == (30, 10, 10)
    assert record.seed == "town-2027" and record.created_by_id is not None
    assert record.stratify_column == "" and json.loads(record.strata) == {}
    letters = _letters()
    assert len(letters) == 10
    assert len({letter.code for letter in letters}) == 10
    assert all(CODE.match(letter.code) for letter in letters)
    # The letters go to exactly the rows the documented draw picks.
    expected = [_people(30)[r] for r in draw_rows(30, 10, "town-2027").rows]
    assert [(x.recipient, x.address, x.postcode, x.area) for x in letters] == expected
    for letter in letters:
        assert letter.draw_id == record.id and letter.assembly_id == assembly.id
        assert letter.household_key == address_key(letter.address, letter.postcode)
        assert letter.registrations_allowed == 2 and letter.registrations_used == 0


def test_a_fresh_seed_is_recorded_when_none_is_given(client, assembly):
    _post(client, _csv(_people(10)))
    _post(client, _csv(_people(10)))
    first, second = _draws()
    assert re.fullmatch(r"[0-9a-f]{32}", first.seed) and first.seed != second.seed
    assert len(_letters()) == 10  # a second wave adds to the first


def test_a_stratified_draw_is_proportional_and_recorded(client, assembly):
    rows = _people(60, ("North",)) + _people(30, ("South",)) + _people(10, ("East",))
    response = _post(client, _csv(rows), count="7", stratify="District", seed="s")
    assert response.status_code == 302
    [record] = _draws()
    assert record.stratify_column == "district"
    assert json.loads(record.strata) == {
        "East": {"size": 10, "drawn": 1},
        "North": {"size": 60, "drawn": 4},
        "South": {"size": 30, "drawn": 2},
    }
    assert Counter(letter.area for letter in _letters()) == {"North": 4, "South": 2, "East": 1}


def test_german_headers_and_semicolons_are_recognised(client, assembly):
    data = _csv(
        [
            ("Anna Muster", "Hauptstraße 1", "4700", "Eupen"),
            ("Ben", "Kirchweg 2", "4701", "Kettenis"),
        ],
        header="Name;Adresse;PLZ;Gemeinde",
        sep=";",
    )
    assert _post(client, data, count="2").status_code == 302
    letters = _letters()
    assert {(x.recipient, x.address, x.postcode, x.area) for x in letters} == {
        ("Anna Muster", "Hauptstraße 1", "4700", "Eupen"),
        ("Ben", "Kirchweg 2", "4701", "Kettenis"),
    }


def test_the_organiser_can_name_the_columns(client, assembly):
    data = _csv(
        [("Rue de la Paix 3", "1000", "Ixelles", "Mme Dupont")],
        header="Voie publique,Code,Ville,Personne",
    )
    response = _post(
        client,
        data,
        count="1",
        address_column="voie publique",
        postcode_column="Code",
        area_column="Ville",
        recipient_column="Personne",
    )
    assert response.status_code == 302
    [letter] = _letters()
    assert (letter.recipient, letter.address, letter.postcode, letter.area) == (
        "Mme Dupont",
        "Rue de la Paix 3",
        "1000",
        "Ixelles",
    )


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_file_is_read(client, assembly):
    rows = [["Address", "Zip", "Commune"]] + [
        [f"{i} Rue Haute", 1000 + i, "Namur"] for i in range(5)
    ]
    assert _post(client, _xlsx(rows), "register.xlsx", count="3").status_code == 302
    letters = _letters()
    assert len(letters) == 3
    assert all(x.area == "Namur" and re.fullmatch(r"100[0-4]", x.postcode) for x in letters)


def test_an_xlsx_row_without_address_is_reported_by_line(client, assembly):
    rows = [["Name", "Address"], ["A", "1 Rue Haute"], ["B", None], ["C", "3 Rue Haute"]]
    response = _post(client, _xlsx(rows), "register.xlsx", count="1")
    assert response.status_code == 400
    assert "Line 3, column “Address”: the address is empty." in response.get_data(as_text=True)
    assert _draws() == [] and _letters() == []


@pytest.mark.parametrize(
    "data, filename, fields, message",
    [
        (b"", "a.csv", {}, "The file is empty."),
        (b"address\n1 High St\n", "a.pdf", {}, "Choose a .csv or .xlsx file."),
        (b"%PDF-1.4\x00\x01\x02", "a.csv", {}, "This does not look like a text (CSV) file."),
        (b"not a spreadsheet", "a.xlsx", {}, "This XLSX file cannot be opened"),
        (b"name,town\nA,B\n", "a.csv", {}, "No address column was found."),
        (b"address\n1 High St\n", "a.csv", {"address_column": "Street"}, "no column “Street”"),
        (b"address\n1 High St\n", "a.csv", {"stratify": "ward"}, "no column “ward”"),
        (b"address\n", "a.csv", {"count": "1"}, "The file has a header but no addresses."),
        (
            b"address\n1 High St\n2 High St\n",
            "a.csv",
            {"count": "3"},
            "You asked for 3 letters but the file has only 2 addresses.",
        ),
        (
            b"name,address\nA,1 High St\nB,  \nC,3 High St\n",
            "a.csv",
            {"count": "1"},
            "Line 3, column “address”: the address is empty.",
        ),
        (b"address\n1 High St\n", "a.csv", {"count": "0"}, "Ask for at least one letter."),
        (b"address\n1 High St\n", "a.csv", {"count": "-2"}, "Ask for at least one letter."),
        (b"address\n1 High St\n", "a.csv", {"count": ""}, "Say how many letters to send."),
        (b"address\n1 High St\n", "a.csv", {"seed": "two words"}, "Use letters, digits"),
    ],
)
def test_bad_input_is_explained_and_draws_nothing(
    client, assembly, data, filename, fields, message
):
    fields.setdefault("count", "1")
    response = _post(client, data, filename, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _draws() == [] and _letters() == []


def test_no_letters_once_selection_has_begun(client, assembly):
    assembly.status = AssemblyStatus.SELECTING
    db.session.commit()
    response = _post(client, _csv(_people(5)), count="1")
    assert response.status_code == 302
    assert _draws() == [] and _letters() == []


# --- the page and the exports ----------------------------------------------------------


def _drawn(assembly, rows, count, **kwargs):
    record = draw_letters(assembly, _csv(rows), "people.csv", count, **kwargs)
    db.session.commit()
    return record


def test_the_page_shows_each_draw_with_its_record_and_usage(client, assembly):
    record = _drawn(assembly, _people(12), 4, seed="abc", stratify="district")
    first = _letters()[0]
    first.registrations_used = 1
    db.session.commit()
    page = client.get("/assemblies/town/letters/").get_data(as_text=True)
    for text in ("people.csv", record.source_sha256, "abc", "district", "1 of 4", "How to verify"):
        assert text in page
    assert '<th scope="row">North</th><td>6</td><td>2</td>' in page


def test_the_csv_export_is_safe_and_links_to_registration(client, assembly):
    rows = [('=HYPERLINK("http://evil.example","win")', "+1 Main St", "-12", "@area")]
    _drawn(assembly, rows, 1)
    response = client.get(f"/assemblies/town/letters/draws/{_draws()[0].id}/letters.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0] == ["code", "recipient", "address", "postcode", "area", "registration_url"]
    code, recipient, address, postcode, area, url = table[1]
    assert recipient == '\'=HYPERLINK("http://evil.example","win")'
    assert (address, postcode, area) == ("'+1 Main St", "'-12", "'@area")
    assert code == format_code(_letters()[0].code)
    assert url == f"http://localhost/a/town/register?code={code}"


def test_the_printable_letters_have_codes_and_qr_codes(client, assembly):
    record = _drawn(assembly, _people(6), 3)
    response = client.get(f"/assemblies/town/letters/draws/{record.id}/print")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for letter in _letters():
        assert format_code(letter.code) in page
        assert f"/a/town/register?code={format_code(letter.code)}" in page
    assert page.count("<svg") == 3
    assert page.count('class="letter"') == 3
    assert assembly.remit in page
    assert "style=" not in page and "<script" not in page


def test_a_draw_of_another_assembly_is_not_found(client, assembly):
    other = factories.assembly(factories.user(can_organise=True), slug="elsewhere")
    record = _drawn(other, _people(3), 1)
    for suffix in ("letters.csv", "print"):
        response = client.get(f"/assemblies/town/letters/draws/{record.id}/{suffix}")
        assert response.status_code == 404
    assert client.get("/assemblies/town/letters/draws/99999/print").status_code == 404


def test_a_draw_records_its_procedure_and_rows_and_can_be_checked(client, assembly):
    data = _csv(_people(12))
    record = draw_letters(assembly, data, "people.csv", 4, seed="chk", stratify="district")
    db.session.commit()
    assert record.method == "stratified" and record.wave == 1
    letters = _letters()
    assert {letter.stratum for letter in letters} == {"North", "South"}
    expected = draw_rows(12, 4, "chk", [p[3] for p in _people(12)]).rows
    assert sorted(letter.source_row for letter in letters) == expected

    def check(content):
        response = client.post(
            f"/assemblies/town/letters/draws/{record.id}/verify",
            data={"file": (io.BytesIO(content), "people.csv")},
            content_type="multipart/form-data",
            follow_redirects=True,
        )
        return response.get_data(as_text=True)

    assert "The draw is confirmed" in check(data)
    assert "its SHA-256 differs" in check(data + b"Someone,1 Road,1,North\n")
