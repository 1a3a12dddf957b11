"""The draw record stays: the main draw and every replacement draw are public and verify."""

import json
import re

import pytest
from sqlalchemy import select

from facilitate.extensions import db
from facilitate.models import PanelSeat, RegistrantStatus, SelectionRun
from facilitate.selection.engine import pool_instance
from facilitate.sortition import verify_record
from tests import factories

PUBLIC_NUMBER = "2026-12-06 lottery 31 07 19"
PRIVATE_REASON = "moved away for her treatment"


@pytest.fixture
def replaced(app, client, login):
    """A main draw with a public random number, then two replacement draws."""
    app.config["JOBS_MODE"] = "inline"
    organiser = factories.user(can_organise=True)
    assembly = factories.drawable_assembly(organiser)
    login(organiser)
    form = {"algorithm": "leximin", "households": "y", "panels": "100"}
    client.post(
        "/assemblies/draw/selection/runs",
        data={**form, "seed": "11", "public_random": PUBLIC_NUMBER},
    )
    for seed, reason in (("21", PRIVATE_REASON), ("31", "withdrew")):
        seat = db.session.scalars(
            select(PanelSeat).where(PanelSeat.dropped_at.is_(None)).order_by(PanelSeat.id)
        ).first()
        client.post(f"/assemblies/draw/selection/seats/{seat.id}/drop", data={"reason": reason})
        client.post("/assemblies/draw/selection/replacements", data={**form, "seed": seed})
    assert client.post("/auth/logout").status_code == 302  # the public pages are read signed out
    runs = db.session.scalars(select(SelectionRun).order_by(SelectionRun.id)).all()
    assert [r.kind for r in runs] == ["selection", "replacement", "replacement"]
    return assembly, runs


def _instance(assembly, record):
    # After the draws the whole pool is either still registered or seated: the same people
    # the main draw and each replacement drew from.
    return pool_instance(
        assembly,
        record["households"],
        statuses=(RegistrantStatus.REGISTERED, RegistrantStatus.SELECTED),
    )


def test_the_main_draw_and_each_replacement_verify_and_are_all_public(client, replaced):
    assembly, (main, *replacements) = replaced
    stored = {run.id: json.loads(run.record)["record"] for run in (main, *replacements)}

    # The assembly's record is the main draw, with its public random number, not the last one.
    record = client.get("/a/draw/selection/record.json").get_json()["record"]
    assert record == stored[main.id] and record["randomness"]["value"] == PUBLIC_NUMBER
    assert client.get("/api/v1/assemblies/draw/selection").get_json() == stored[main.id]

    draws = client.get("/api/v1/assemblies/draw/draws").get_json()["draws"]
    assert [d["id"] for d in draws] == [main.id] + [r.id for r in replacements]
    assert draws[0]["kind"] == "selection" and draws[0]["main_draw"] is None
    for draw, reason in zip(draws[1:], ("left", "withdrew"), strict=True):
        assert draw["kind"] == "replacement" and draw["main_draw"] == main.id
        assert draw["reasons"] == [reason]
    for draw in draws:
        assert draw["record"] == stored[draw["id"]]
        download = client.get(draw["record_url"])
        assert download.status_code == 200
        assert download.get_json()["record"] == stored[draw["id"]]
        one = client.get(f"/api/v1/assemblies/draw/draws/{draw['id']}").get_json()
        assert one == stored[draw["id"]]
        check = verify_record(draw["record"], _instance(assembly, draw["record"]))
        assert check.ok, (draw["kind"], check.problems)

    page = client.get("/a/draw/selection").get_data(as_text=True)
    assert PUBLIC_NUMBER in page
    for run in (main, *replacements):
        assert str(stored[run.id]["seed"]) in page
    assert "withdrew" in page and "left the panel" in page
    # Free text an organiser typed about a person never reaches the public.
    assert PRIVATE_REASON not in page and PRIVATE_REASON not in json.dumps(draws)
    # The main draw's chances: 5 seats among 30 people, 16.67 % each.
    assert "16.67%" in page


def test_the_public_page_states_each_persons_chance_in_each_draw(client, replaced):
    assembly, (main, first, second) = replaced
    main_record = json.loads(main.record)["record"]
    replacement = json.loads(first.record)["record"]
    page = client.get("/a/draw/selection").get_data(as_text=True)
    # Someone left in the pool had a chance in the main draw and one in the replacement.
    someone = next(r for r, p in replacement["probabilities"].items() if p > 0)
    row = page[page.index(f"<code>{someone}</code>") :].split("</tr>")[0]
    # As English writes a share: two decimals at most, trailing zeros dropped ("16.67%").
    assert f"{round(100 * main_record['probabilities'][someone], 2):g}%" in row
    assert f"{round(100 * replacement['probabilities'][someone], 2):g}%" in row
    # A replacement draw's lowest chance counts only the people who could take the seat.
    section = page.split('id="draws-h"')[1].split('id="chances-h"')[0]
    assert not re.search(r"(?<![\d.,])0%", section)


def test_other_runs_records_are_not_public(client, replaced):
    assembly, runs = replaced
    failed = factories.selection_run(assembly)
    other = factories.assembly(slug="elsewhere")
    foreign = factories.selection_run(other)
    for run_id in (failed.id, foreign.id):
        assert client.get(f"/a/draw/selection/draws/{run_id}/record.json").status_code == 404
        assert client.get(f"/api/v1/assemblies/draw/draws/{run_id}").status_code == 404
