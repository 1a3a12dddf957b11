"""Benchmark our LEXIMIN against the reference library ("the peer"), side by side in one run.

Run by hand from the repository root:

    python benchmarks/selection.py                      # shared instances + synthetic grid
    python benchmarks/selection.py --instances sf_fixture_150_22 --no-synthetic
    python benchmarks/selection.py --no-peer --synthetic 20000x200x5

The shared instances and the peer live in ../shared (or --shared DIR); both are optional:
without them the benchmark runs our engine on the synthetic grid and says what it skipped.

Per instance it prints our seconds (time to compute the distribution, as reported by our CLI),
the peer's seconds, their ratio, both minimum selection probabilities, our peak memory
(ru_maxrss of the CLI subprocess), the LEXIMIN levels we proved, and how our whole sorted
per-person probability vector compares with the peer's (`--dump-probs` of the peer): the first
position where they differ by more than --compare-tol, with both values there.
See benchmarks/README-selection.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
#: n x k x categories, optionally "h" and the share of people who join another's household
#: (0.08 puts about one person in six in a shared household): pools skewed by self-selection.
GRID = (
    "200x20x3",
    "1000x50x4",
    "1200x60x8",
    "2000x100x5",
    "5000x100x6",
    "5000x100x5h0.08",
    "10000x150x6",
    "20000x200x5",
    "20000x200x8",
)
ID_COLUMNS = ("id", "nationbuilder_id")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--instances", nargs="*", help="names in ../shared/instances (default all)")
    parser.add_argument("--synthetic", nargs="*", default=list(GRID), help="NxKxC specs")
    parser.add_argument("--no-synthetic", action="store_true")
    parser.add_argument("--no-shared", action="store_true")
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--peer-time-limit", type=float, default=300.0)
    parser.add_argument("--time-limit", type=float, default=600.0, help="for our engine")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="also write all rows to this file")
    parser.add_argument(
        "--compare-tol",
        type=float,
        default=1e-4,
        help="per-person probabilities closer than this count as equal (the peer works to 1e-4)",
    )
    parser.add_argument(
        "--shared", type=Path, default=SHARED, help="folder with instances/ and peer/run-peer"
    )
    args = parser.parse_args()
    instances, peer_cli = args.shared / "instances", args.shared / "peer" / "run-peer"

    cases = []
    if not args.no_shared and not instances.is_dir():
        if args.instances:
            parser.error(f"{instances} does not exist, so --instances cannot be read")
        print(f"No shared instances at {instances}: running the synthetic grid only.")
    elif not args.no_shared:
        names = args.instances or sorted(
            d.name for d in instances.iterdir() if (d / "categories.csv").exists()
        )
        cases += [_shared_case(instances / name) for name in names]
    if not args.no_peer and not peer_cli.exists():
        print(f"No peer at {peer_cli}: the comparison is skipped.")
        args.no_peer = True
    if not args.no_synthetic:
        work = Path(tempfile.mkdtemp(prefix="facilitate-bench-"))
        cases += [_synthetic_case(spec, work, args.seed) for spec in args.synthetic]

    header = (
        f"{'instance':<22}{'n':>7}{'k':>5}{'cats':>5}{'ours s':>9}{'peer s':>9}{'ratio':>8}"
        f"{'our min':>11}{'peer min':>11}{'our MB':>8}{'types':>7}{'levels':>8}{'bound gap':>11}"
        "  vs peer (sorted per person) / peer status"
    )
    print(header)
    print("-" * len(header))
    rows = []
    for case in cases:
        ours = run_ours(case, args.time_limit, args.seed)
        peer = (
            {"status": "skipped"}
            if args.no_peer
            else run_peer(peer_cli, case, args.peer_time_limit)
        )
        row = {**{k: v for k, v in case.items() if k != "dir"}, "ours": ours, "peer": peer}
        row["compare"] = compare_sorted(
            ours.pop("probabilities", None), peer.pop("probabilities", None), args.compare_tol
        )
        rows.append(row)
        print(_line(row), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


def _shared_case(folder: Path) -> dict:
    k = int(re.search(r"_(\d+)$", folder.name).group(1))
    with open(folder / "respondents.csv", encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    id_column = next((c for c in ID_COLUMNS if c in header), None)
    household = "household" if "household" in header else None
    with open(folder / "categories.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[1:]
    cats = len({r[0] for r in rows if r})
    text = (folder / "respondents.csv").read_text(encoding="utf-8-sig")
    n = len([ln for ln in text.splitlines() if ln.strip()]) - 1
    return {
        "name": folder.name,
        "dir": folder,
        "n": n,
        "k": k,
        "categories": cats,
        "id_column": id_column,
        "household": household,
        "shared": True,
    }


def _synthetic_case(spec: str, work: Path, seed: int) -> dict:
    sys.path.insert(0, str(REPO))
    from facilitate.sortition.synthetic import synthetic_instance, write_instance

    shape, _, share = spec.partition("h")
    n, k, cats = (int(x) for x in shape.split("x"))
    share = float(share or 0)
    folder = work / (f"synth_{n}_{k}_{cats}" + (f"_h{share:g}" if share else ""))
    write_instance(synthetic_instance(n, k, cats, seed=seed, household_share=share), folder)
    return {
        "name": folder.name,
        "dir": folder,
        "n": n,
        "k": k,
        "categories": cats,
        "id_column": "id",
        # Both engines get the one-per-household rule, so they solve the same problem.
        "household": "household" if share else None,
        "shared": False,
    }


def run_ours(case: dict, time_limit: float, seed: int) -> dict:
    """Run our CLI in a subprocess; return seconds, minimum and peak memory."""
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    cmd = [
        sys.executable,
        "-m",
        "facilitate.sortition",
        "select",
        "--categories",
        str(case["dir"] / "categories.csv"),
        "--respondents",
        str(case["dir"] / "respondents.csv"),
        "--panel-size",
        str(case["k"]),
        "--seed",
        str(seed),
        "--json",
        str(out),
    ]
    if case["id_column"]:
        cmd += ["--id-column", case["id_column"]]
    if case["household"]:
        cmd += ["--household-column", case["household"]]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = start + time_limit
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return {"status": "timeout", "wall": time_limit}
        time.sleep(0.05)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        return {"status": f"exit {code}", "error": proc.stderr.read().decode()[-500:]}
    data = json.loads(out.read_text())
    out.unlink()
    return {
        "status": "ok",
        "seconds": data["seconds"],
        "wall": wall,
        "min": data["min_marginal"],
        "max_rss_mb": usage.ru_maxrss / 1024,
        "stats": data.get("stats", {}),
        "lottery": data.get("lottery"),
        # The exact LEXIMIN distribution's, not the rounded lottery's.
        "probabilities": sorted(data["marginals"].values()),
    }


def run_peer(peer_cli: Path, case: dict, time_limit: float) -> dict:
    """Run the reference library; return its seconds and minimum, or why it did not finish.

    Its LEXIMIN needs gurobipy, whose free licence refuses large models; there, as the
    instances README says, its MAXIMIN (open solvers) gives the same minimum and is run instead.
    """
    result = _peer(peer_cli, case, time_limit, [])
    error = result.get("error", "")
    if result["status"] == "error" and ("too large" in error or "size-limited" in error):
        result = _peer(peer_cli, case, time_limit, ["--algorithm", "maximin"])
        result["algorithm"] = "maximin"
    return result


def _peer(peer_cli: Path, case: dict, time_limit: float, extra: list[str]) -> dict:
    dump = Path(tempfile.mkstemp(suffix=".csv")[1])
    try:
        return _run_peer(peer_cli, case, time_limit, [*extra, "--dump-probs", str(dump)], dump)
    finally:
        dump.unlink(missing_ok=True)


def _run_peer(peer_cli: Path, case: dict, time_limit: float, extra: list[str], dump: Path):
    cmd = [str(peer_cli)]
    if case["shared"]:
        cmd += [str(case["dir"])]
    else:
        cmd += [
            "--features",
            str(case["dir"] / "categories.csv"),
            "--people",
            str(case["dir"] / "respondents.csv"),
            "--k",
            str(case["k"]),
        ]
    if case["id_column"]:
        cmd += ["--id-column", case["id_column"]]
    if case["household"]:
        cmd += ["--address-columns", case["household"]]
    cmd += ["--time-limit", str(time_limit), *extra]
    done = subprocess.run(
        cmd, capture_output=True, text=True, check=False, timeout=time_limit + 600
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT_JSON ")]
    if not lines:
        return {"status": "error", "error": (done.stderr or done.stdout)[-500:]}
    result = json.loads(lines[-1][len("RESULT_JSON ") :])
    if result.get("status") != "ok":
        return {
            "status": result.get("status", "error"),
            "error": str(result.get("error", ""))[-300:],
        }
    with open(dump, encoding="utf-8", newline="") as f:
        probabilities = sorted(float(r["selection_probability"]) for r in csv.DictReader(f))
    return {
        "status": "ok",
        "seconds": result["seconds_distribution"],
        "min": result["min_prob"],
        "probabilities": probabilities or None,
    }


def compare_sorted(ours: list[float] | None, theirs: list[float] | None, tol: float) -> dict:
    """Compare two sorted per-person probability vectors lexicographically, within `tol`.

    Return the verdict ("equal", "ours higher", "ours LOWER", or why there is none), the first
    position where they differ by more than `tol`, and both values there.
    """
    if not ours or not theirs:
        return {"verdict": "-"}
    if len(ours) != len(theirs):
        return {"verdict": f"sizes differ ({len(ours)} vs {len(theirs)})"}
    for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        if abs(a - b) > tol:
            verdict = "ours higher" if a > b else "ours LOWER"
            return {"verdict": verdict, "index": i, "ours": a, "peer": b}
    return {"verdict": "equal", "index": None}


def _line(row: dict) -> str:
    ours, peer = row["ours"], row["peer"]

    def num(d, key, fmt):
        return format(d[key], fmt) if d.get("status") == "ok" else d.get("status", "-")[:8]

    ratio = "-"
    if ours.get("status") == "ok" and peer.get("status") == "ok" and peer["seconds"] > 0:
        ratio = f"{ours['seconds'] / peer['seconds']:.3f}"
    status = _comparison(row.get("compare", {}))
    status += "; " + peer.get("status", "-")
    if peer.get("algorithm"):
        status += f" ({peer['algorithm']})"
    if peer.get("error"):
        status += ": " + peer["error"].strip().splitlines()[-1][:60]
    stats = ours.get("stats", {})
    # LEXIMIN levels proven optimal out of those computed, and how far our minimum is from
    # the relaxation's (an upper bound no lottery can beat).
    types = str(stats.get("types", "-"))
    levels = f"{stats['levels_exact']}/{stats['levels']}" if "levels" in stats else "-"
    if stats.get("budget_spent"):
        levels += "!"
    gap = "-"
    if "maximin_bound" in stats and ours.get("status") == "ok":
        gap = f"{stats['maximin_bound'] - stats['maximin']:.1e}"
    return (
        f"{row['name']:<22}{row['n']:>7}{row['k']:>5}{row['categories']:>5}"
        f"{num(ours, 'seconds', '.2f'):>9}{num(peer, 'seconds', '.2f'):>9}{ratio:>8}"
        f"{num(ours, 'min', '.6f'):>11}{num(peer, 'min', '.6f'):>11}"
        f"{num(ours, 'max_rss_mb', '.0f'):>8}{types:>7}{levels:>8}{gap:>11}  {status}"
    )


def _comparison(compare: dict) -> str:
    verdict = compare.get("verdict", "-")
    if compare.get("index") is None:
        return verdict
    return f"{verdict} at #{compare['index']}: {compare['ours']:.6f} vs {compare['peer']:.6f}"


if __name__ == "__main__":
    main()
