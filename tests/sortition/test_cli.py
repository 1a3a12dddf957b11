"""The command line contract: exit codes 0, 1 and 2, JSON output, and verify."""

import json
import subprocess
import sys
from pathlib import Path

from sortition_factories import write_files

from facilitate.sortition.cli import main

REPO = Path(__file__).resolve().parents[2]


def run(*args):
    return main([str(a) for a in args])


def test_select_writes_json_and_verify_confirms(csv_files, tmp_path, capsys):
    c, r = csv_files
    out = tmp_path / "out.json"
    code = run(
        "select",
        "--categories",
        c,
        "--respondents",
        r,
        "--panel-size",
        4,
        "--seed",
        5,
        "--household-column",
        "household",
        "--panels",
        50,
        "--json",
        out,
    )
    assert code == 0
    data = json.loads(out.read_text())
    assert len(data["panel"]) == 4 and data["algorithm"] == "leximin" and data["seed"] == 5
    assert abs(sum(data["marginals"].values()) - 4) < 1e-6
    assert data["min_marginal"] == min(data["marginals"].values())
    assert {"seconds", "record"} <= set(data)
    assert run("verify", out, "--respondents", r, "--categories", c) == 0
    assert "verified" in capsys.readouterr().out
    # The record alone verifies too; a changed respondents file does not.
    record = tmp_path / "record.json"
    record.write_text(json.dumps(data["record"]))
    assert run("verify", record, "--respondents", r, "--categories", c) == 0
    r.write_text(r.read_text().replace("x3,h1,f", "x3,h1,m"))
    assert run("verify", record, "--respondents", r, "--categories", c) != 0
    assert "respondents differ" in capsys.readouterr().err


def test_legacy_algorithm(csv_files, tmp_path):
    c, r = csv_files
    out = tmp_path / "out.json"
    assert (
        run(
            "select",
            "--categories",
            c,
            "--respondents",
            r,
            "--panel-size",
            4,
            "--seed",
            1,
            "--algorithm",
            "legacy",
            "--legacy-samples",
            50,
            "--json",
            out,
        )
        == 0
    )
    assert json.loads(out.read_text())["algorithm"] == "legacy"


def test_infeasible_exits_2_with_explanation(tmp_path, capsys):
    c, r = write_files(
        tmp_path,
        "category,feature,min,max\ng,f,3,4\ng,m,3,4\n",
        "id,g\na,f\nb,f\nc,m\nd,m\ne,m\nf,f\ng,f",
    )
    out = tmp_path / "out.json"
    assert (
        run("select", "--categories", c, "--respondents", r, "--panel-size", 5, "--json", out) == 2
    )
    err = capsys.readouterr().err
    assert "The minimums for g add up to 6 but there are 5 seats." in err
    data = json.loads(out.read_text())
    assert data["feasible"] is False and data["feasibility"]["relaxation"]


def test_bad_input_exits_1_naming_file_line_column(tmp_path, capsys):
    c, r = write_files(tmp_path, "category,feature,min,max\ng,f,1,two\n", "id,g\na,f\n")
    assert run("select", "--categories", c, "--respondents", r, "--panel-size", 1) == 1
    err = capsys.readouterr().err
    assert "categories.csv" in err and "line 2" in err and "column 'max'" in err


def test_module_entry_point(csv_files, tmp_path):
    c, r = csv_files
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "facilitate.sortition",
            "select",
            "--categories",
            c,
            "--respondents",
            r,
            "--panel-size",
            "4",
            "--seed",
            "2",
            "--json",
            "-",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["panel"]) == 4
