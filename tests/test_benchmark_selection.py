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
