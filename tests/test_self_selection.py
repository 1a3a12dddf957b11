"""Self-selection measured and answered: response rates, a weighted second wave, two stages."""

import csv
import io
import json
import re
from collections import Counter
from fractions import Fraction

import pytest
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.households import address_key
from facilitate.letters.lottery import (
    LotteryError,
    apportion,
    draw_places,
    draw_two_stage,
    draw_wave,
)
from facilitate.letters.response_rates import overall, rates_by
from facilitate.letters.services import draw_letters
from facilitate.letters.verification import verify_draw
from facilitate.letters.waves import draw_second_wave, wave_weights, weights_digest
from facilitate.models import AssemblyStatus, Letter, LetterDraw, RegistrantStatus, Role
from facilitate.models.audit import AuditEntry
from tests import access_walk as walk
from tests import factories

# --- a constructed case ----------------------------------------------------------------


def _csv(rows, header=("name", "address", "postcode", "zone", "ward")):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _file(per_stratum=20):
    """Rows 0-19 in zone A, 20-39 in B; the wards (the letters' area) cut across the zones."""
    rows = []
    for n, district in enumerate(["A"] * per_stratum + ["B"] * per_stratum):
        rows.append((f"Quillon {n}", f"{n} Mill Lane", f"{5000 + n}", district, f"W{n % 2}"))
    return _csv(rows)


@pytest.fixture
def town(client, login):
    organiser = factories.user(can_organise=True)
    made = factories.assembly(organiser, slug="town", status=AssemblyStatus.RECRUITING)
    factories.quotas(made)
    login(organiser)
    return made


def _letters(draw):
    return db.session.scalars(select(Letter).filter_by(draw_id=draw.id).order_by(Letter.id)).all()


def _answer(town, letter, status=RegistrantStatus.REGISTERED):
    return factories.registrant(town, letter_id=letter.id, status=status)


@pytest.fixture
def first_wave(town):
    """10 letters to A and 10 to B; A answers 5 (one twice), B answers 1 (and one ineligible)."""
    data = _file()
    draw = draw_letters(town, data, "town.csv", 20, seed="wave-1", stratify="zone")
    db.session.commit()
    by_stratum = {"A": [], "B": []}
    for letter in _letters(draw):
        by_stratum[letter.stratum].append(letter)
    for letter in by_stratum["A"][:5]:
        _answer(town, letter)
    _answer(town, by_stratum["A"][0])
    _answer(town, by_stratum["B"][0])
    _answer(town, by_stratum["B"][1], RegistrantStatus.INELIGIBLE)
    return draw, data


def test_rates_per_stratum_are_counted_right(town, first_wave):
    draw, _data = first_wave
    a, b = rates_by(town, "stratum")
    assert (a.label, a.letters, a.registrations, a.eligible, a.answered) == ("A", 10, 6, 6, 5)
    assert (b.label, b.letters, b.registrations, b.eligible, b.answered) == ("B", 10, 2, 1, 1)
    assert (a.rate, b.rate) == (0.5, 0.1)
    total = overall(rates_by(town, "draw"))
    assert (total.letters, total.answered, total.percent) == (20, 6, 30.0)
    wards = rates_by(town, "area")
    assert sum(r.letters for r in wards) == 20 and {r.label for r in wards} == {"W0", "W1"}


def test_the_rates_are_kept_apart_per_assembly(town, first_wave):
    other = factories.assembly(factories.user(can_organise=True), slug="elsewhere")
    assert rates_by(other, "stratum") == []


# --- the second wave -------------------------------------------------------------------


def test_weights_follow_the_rates_and_are_capped(first_wave):
    draw, _data = first_wave
    weights = wave_weights(draw)
    # Overall 6 of 20 answered (0.3): A 0.3/0.5 = 0.6, B 0.3/0.1 = 3, exactly the cap.
    assert weights["A"] == {"letters": 10, "answered": 5, "rate": "50.00", "weight": "0.60"}
    assert weights["B"]["weight"] == "3.00" and weights["B"]["rate"] == "10.00"
    from decimal import Decimal

    assert wave_weights(draw, Decimal("2"))["B"]["weight"] == "2.00"


def test_a_stratum_with_no_answer_gets_the_cap(town):
    draw = draw_letters(town, _file(), "town.csv", 20, seed="s", stratify="zone")
    db.session.commit()
    _answer(town, next(x for x in _letters(draw) if x.stratum == "A"))
    weights = wave_weights(draw)
    assert weights["B"]["weight"] == "3.00" and weights["B"]["answered"] == 0


def test_the_second_wave_writes_more_where_response_was_low(town, first_wave):
    draw, data = first_wave
    first_keys = {x.household_key for x in _letters(draw)}
    wave = draw_second_wave(town, data, "town.csv", 10, based_on=draw, seed="wave-2")
    db.session.commit()
    letters = _letters(wave)
    per = Counter(x.stratum for x in letters)
    # 10 rows left in each; weights 0.6 and 3 → 1.67 and 8.33 → A 2 (largest remainder), B 8.
    assert per == {"A": 2, "B": 8}
    assert wave.wave == 2 and wave.method == "wave"
    assert not first_keys & {x.household_key for x in letters}
    design = json.loads(wave.design)
    assert design["weights"] == {"A": "0.60", "B": "3.00"}
    assert design["rates"]["B"]["rate"] == "10.00" and design["based_on"] == draw.id
    assert len(design["excluded"]) == 20
    assert json.loads(wave.strata)["B"] == {
        "available": 10,
        "drawn": 8,
        "size": 20,
        "weight": "3.00",
    }
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert entry.action == "letters.wave_draw" and entry.target == f"draw:{wave.id}"


def test_the_second_wave_is_reproducible_and_a_changed_weight_is_caught(town, first_wave):
    draw, data = first_wave
    wave = draw_second_wave(town, data, "town.csv", 10, based_on=draw, seed="wave-2")
    db.session.commit()
    assert verify_draw(wave, data) == []
    assert verify_draw(draw, data) == []
    # The record alone repeats it: the same seed, file and weights give the same rows.
    design = json.loads(wave.design)
    labels = ["A"] * 20 + ["B"] * 20
    again = draw_wave(labels, 10, "wave-2", design["weights"], design["excluded"])
    assert again.rows == sorted(x.source_row for x in _letters(wave))
    # A weight changed in the record no longer gives the letters sent.
    design["weights"]["A"] = "3.00"
    wave.design = json.dumps(design)
    db.session.commit()
    assert verify_draw(wave, data) != []
    # Nor does another file.
    assert verify_draw(draw, data + b"x,1 Other Road,1,A,W0\n") != []


def test_weights_shown_are_the_weights_drawn(client, town, first_wave):
    draw, data = first_wave
    page = client.get(f"/assemblies/town/letters/waves/new?based_on={draw.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert re.search(r"<th scope=\"row\">B</th><td>10</td><td>1</td><td>10%</td><td>3</td>", text)
    # The rates moved after the organiser looked: the draw is refused, nothing drawn.
    shown = weights_digest(wave_weights(draw))
    _answer(town, [x for x in _letters(draw) if x.stratum == "B"][2])
    response = _post_wave(client, draw, data, shown=shown)
    assert response.status_code == 400
    assert "changed since the weights were shown" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(LetterDraw.id))) == 1
    response = _post_wave(client, draw, data, shown=weights_digest(wave_weights(draw)))
    assert response.status_code == 302
    assert db.session.scalar(select(db.func.count(LetterDraw.id))) == 2


def _post_wave(client, draw, data, **fields):
    form = {
        "file": (io.BytesIO(data), "town.csv"),
        "count": "6",
        "based_on": str(draw.id),
        "cap": "3",
        **fields,
    }
    return client.post(
        "/assemblies/town/letters/waves", data=form, content_type="multipart/form-data"
    )


def test_weighted_shares_respect_caps_and_sum_exactly():
    assert apportion({"a": 1, "b": 1}, 4, {"a": 1, "b": 10}) == {"a": 1, "b": 3}
    assert apportion({"a": Fraction(3, 2), "b": 1, "c": 0}, 5, {"a": 9, "b": 9, "c": 9}) == {
        "a": 3,
        "b": 2,
        "c": 0,
    }
    with pytest.raises(LotteryError):
        apportion({"a": 1}, 5, {"a": 4})


# --- two stages ------------------------------------------------------------------------


def _places(big=50, small=5, smalls=20):
    return ["big"] * big + [f"p{i:02d}" for i in range(smalls) for _ in range(small)]


def test_places_are_drawn_with_probability_proportional_to_size():
    labels = _places()
    sizes = Counter(labels)
    counts = Counter()
    seeds = [f"pps-{n}" for n in range(600)]
    for seed in seeds:
        outcome = draw_two_stage(labels, 2, 10, seed).design["places"]
        drawn = [label for label, place in outcome.items() if place["drawn"]]
        assert len(drawn) == 2
        counts.update(drawn)
    # Chances 2·50/150 = 2/3 for the big place, 2·5/150 = 1/15 for each small one (10×).
    assert draw_two_stage(labels, 2, 10, "x").design["places"]["big"]["chance"] == "2/3"
    assert 340 < counts["big"] < 460, counts["big"]
    small = [counts[label] for label in sizes if label != "big"]
    assert 15 < sum(small) / len(small) < 65
    assert counts["big"] > 5 * max(small)


def test_a_place_large_enough_is_taken_for_certain_and_letters_are_self_weighting():
    labels = _places(big=120, small=10, smalls=8)  # 2 × 120 ≥ 200: certain
    drawn = draw_two_stage(labels, 2, 20, "certain")
    places = drawn.design["places"]
    assert places["big"]["certain"] and places["big"]["drawn"]
    assert sum(place["drawn"] for place in places.values()) == 2
    # Every address has the chance 20/200: 12 letters in the certain place, 8 in the other.
    assert sorted(x["drawn"] for x in drawn.strata.values()) == [8, 12]


def test_the_two_stage_draw_is_reproducible():
    labels = _places()
    assert draw_two_stage(labels, 3, 12, "same") == draw_two_stage(labels, 3, 12, "same")
    assert draw_two_stage(labels, 3, 12, "same") != draw_two_stage(labels, 3, 12, "other")
    with pytest.raises(LotteryError):
        draw_places({"a": 1, "b": 2}, 3, __import__("random").Random(1))


def test_a_two_stage_draw_is_recorded_audited_and_verifiable(client, town):
    data = _csv(
        [(f"R{n}", f"{n} Road", f"{n}", place, "") for n, place in enumerate(_places())],
    )
    response = client.post(
        "/assemblies/town/letters/two-stage",
        data={
            "file": (io.BytesIO(data), "country.csv"),
            "count": "10",
            "places": "2",
            "stratify": "zone",
            "seed": "national",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    [draw] = db.session.scalars(select(LetterDraw)).all()
    design = json.loads(draw.design)
    drawn_places = {label for label, p in design["places"].items() if p["drawn"]}
    assert draw.method == "two_stage" and len(drawn_places) == 2
    assert {x.stratum for x in _letters(draw)} <= drawn_places
    assert len(_letters(draw)) == 10
    assert verify_draw(draw, data) == []
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert entry.action == "letters.two_stage_draw"
    page = client.get("/assemblies/town/letters/").get_data(as_text=True)
    assert "Stage 1" in page and "2/3" in page


def test_two_stage_refuses_more_places_than_the_file_has(client, town):
    data = _csv([("R", "1 Road", "1", "only", "")])
    response = client.post(
        "/assemblies/town/letters/two-stage",
        data={
            "file": (io.BytesIO(data), "x.csv"),
            "count": "1",
            "places": "2",
            "stratify": "zone",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert db.session.scalar(select(db.func.count(LetterDraw.id))) == 0


# --- the page, its charts, and who may see it ----------------------------------------


def test_the_response_page_shows_rates_and_charts(client, town, first_wave):
    page = client.get("/assemblies/town/letters/response")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.count('class="chart-svg"') >= 4  # by draw, stratum, area, and the quotas
    for title in ("rate-draw-title", "rate-stratum-title", "rate-area-title", "pool-1-title"):
        assert f'id="{title}"' in text
    assert "50%" in text and "10%" in text and "30%" in text
    assert "cdn" not in text.lower()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.FACILITATOR, Role.EXPERT, None])
def test_only_organisers_see_or_draw(app, town, first_wave, role):
    draw, data = first_wave
    person = factories.user()
    if role is not None:
        factories.add_role(person, town, role)
    client = walk.signed_in(app, person)
    for path in ("response", "waves/new", "two-stage"):
        assert client.get(f"/assemblies/town/letters/{path}").status_code == 403, path
    assert _post_wave(client, draw, data).status_code == 403
    assert db.session.scalar(select(db.func.count(LetterDraw.id))) == 1


def test_another_assemblys_draw_is_not_found(client, town, first_wave):
    _draw, data = first_wave
    other = factories.assembly(factories.user(can_organise=True), slug="elsewhere")
    foreign = draw_letters(other, _file(), "other.csv", 4, seed="o", stratify="zone")
    db.session.commit()
    assert _post_wave(client, foreign, data).status_code == 404
    response = client.post(
        f"/assemblies/town/letters/draws/{foreign.id}/verify",
        data={"file": (io.BytesIO(data), "x.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 404
    assert client.get("/assemblies/nowhere/letters/response").status_code == 404


def test_no_personal_data_on_public_pages(app, town, first_wave):
    draw, data = first_wave
    draw_second_wave(town, data, "town.csv", 6, based_on=draw, seed="w2")
    db.session.commit()
    letters = db.session.scalars(select(Letter)).all()
    public = app.test_client()
    for path in ("/", "/a/town"):
        response = public.get(path)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True)
        for letter in letters:
            assert letter.recipient not in text and letter.address not in text
            assert letter.code not in text
        assert "Mill Lane" not in text and "Quillon" not in text


def test_exclusion_uses_the_address_key(town, first_wave):
    draw, data = first_wave
    keys = {address_key(f"{n} Mill Lane", f"{5000 + n}") for n in range(40)}
    assert {x.household_key for x in _letters(draw)} <= keys
