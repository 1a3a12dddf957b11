"""The selection benchmark runs on a fresh clone, where ../shared (instances, peer) is absent."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "selection.py"


def test_runs_without_the_shared_folder_and_says_what_it_skipped(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--shared",
            str(tmp_path / "absent"),
            "--synthetic",
            "120x12x2",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "No shared instances at" in done.stdout
    assert "the comparison is skipped" in done.stdout
    row = next(line for line in done.stdout.splitlines() if line.startswith("synth_120_12_2"))
    assert row.split()[-1] == "skipped" and "error" not in row


def _benchmark_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("selection_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sorted_vectors_are_compared_at_the_first_real_difference():
    compare = _benchmark_module().compare_sorted
    assert compare([0.1, 0.2, 0.3], [0.10001, 0.2, 0.3], 1e-4) == {
        "verdict": "equal",
        "index": None,
    }
    lower = compare([0.1, 0.146, 0.9], [0.1, 0.158, 0.5], 1e-4)
    assert lower["verdict"] == "ours LOWER" and lower["index"] == 1
    assert lower["ours"] == 0.146 and lower["peer"] == 0.158
    assert compare([0.1, 0.2], [0.1, 0.19], 1e-4)["verdict"] == "ours higher"
    assert compare(None, [0.1], 1e-4) == {"verdict": "-"}


def test_household_shape_gives_both_engines_the_household_column(tmp_path):
    case = _benchmark_module()._synthetic_case("300x20x3h0.08", tmp_path, 1)
    assert case["household"] == "household" and case["name"] == "synth_300_20_3_h0.08"
    header = (case["dir"] / "respondents.csv").read_text().splitlines()[0]
    assert "household" in header.split(",")
