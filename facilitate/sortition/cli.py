"""Command line: draw a panel from CSV files, or verify a recorded draw."""

from __future__ import annotations

import argparse
import json
import sys

from .csvio import read_instance
from .legacy import DeadEnd
from .model import InfeasibleError, InputError
from .selection import select_panel
from .verify import verify_record

EXIT_OK, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_MISMATCH = 0, 1, 2, 3


def main(argv=None) -> int:
    """Run the command line and return its exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m facilitate.sortition",
        description="Fair selection of citizens' assembly panels.",
    )
    commands = parser.add_subparsers(required=True)
    select = commands.add_parser("select", help="draw a panel")
    select.add_argument("--categories", required=True, help="categories.csv with the quotas")
    select.add_argument("--respondents", required=True, help="respondents.csv with the pool")
    select.add_argument("--panel-size", type=int, required=True)
    select.add_argument("--algorithm", choices=("leximin", "legacy"), default="leximin")
    select.add_argument("--seed", type=int, help="seed (default: fresh from the OS)")
    select.add_argument("--public-random", help="public random number that picks the panel")
    select.add_argument("--household-column", help="at most one person per household")
    select.add_argument("--id-column", help="id column (default: 'id' or the row number)")
    select.add_argument(
        "--panels",
        type=int,
        default=1000,
        help="size of the published lottery (0: draw from the distribution)",
    )
    select.add_argument("--legacy-samples", type=int, default=1000)
    select.add_argument("--json", help="write the result as JSON to this file ('-': stdout)")
    select.set_defaults(run=_select)
    verify = commands.add_parser("verify", help="re-derive a recorded draw")
    verify.add_argument("record", help="the JSON output of select, or its record alone")
    verify.add_argument("--respondents", required=True)
    verify.add_argument("--categories", required=True)
    verify.add_argument("--household-column")
    verify.add_argument("--id-column")
    verify.set_defaults(run=_verify)
    return parser


def _select(args) -> int:
    instance = read_instance(
        args.categories, args.respondents, args.panel_size, args.id_column, args.household_column
    )
    context = {"id_column": args.id_column, "household_column": args.household_column}
    try:
        result = select_panel(
            instance,
            algorithm=args.algorithm,
            seed=args.seed,
            panels=args.panels,
            public_random=args.public_random,
            legacy_samples=args.legacy_samples,
            context=context,
        )
    except DeadEnd as exc:
        print(
            f"infeasible for the legacy draw: {exc}; LEXIMIN may still find panels", file=sys.stderr
        )
        _write(args.json, {"feasible": False, "error": str(exc)})
        return EXIT_INFEASIBLE
    except InfeasibleError as exc:
        print(f"infeasible: {exc.report.explanation}", file=sys.stderr)
        for r in exc.report.relaxation:
            print(
                f"  relax {r.category} = {r.value}: min {r.old_min} -> {r.new_min}, "
                f"max {r.old_max} -> {r.new_max}",
                file=sys.stderr,
            )
        _write(args.json, {"feasible": False, "feasibility": exc.report.to_dict()})
        return EXIT_INFEASIBLE
    for e in instance.excluded:
        print(f"note: {e.id} cannot be selected: {e.reason}", file=sys.stderr)
    out = dict(result.to_dict(), feasible=True)
    _write(args.json, out)
    if args.json != "-":
        print(f"panel ({len(result.panel)}): {' '.join(result.panel)}")
        print(
            f"minimum selection probability: {result.min_marginal:.6%} "
            f"({result.algorithm}, {result.seconds:.2f} s)"
        )
    return EXIT_OK


def _verify(args) -> int:
    try:
        with open(args.record, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise InputError("file not found", file=args.record) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", file=args.record, line=exc.lineno) from None
    record = data.get("record", data) if isinstance(data, dict) else {}
    context = record.get("context", {}) if isinstance(record, dict) else {}
    if not isinstance(record, dict) or "panel_size" not in record:
        raise InputError("no audit record in this file", file=args.record)
    instance = read_instance(
        args.categories,
        args.respondents,
        record["panel_size"],
        args.id_column or context.get("id_column"),
        args.household_column or context.get("household_column"),
    )
    result = verify_record(record, instance)
    if result.ok:
        for note in result.notes:
            print(f"note: {note}")
        if result.notes:
            print("verified: the recorded panel is the one drawn from the published lottery")
        else:
            print("verified: re-running the draw gives the recorded panel")
        return EXIT_OK
    for problem in result.problems:
        print(f"mismatch: {problem}", file=sys.stderr)
    return EXIT_MISMATCH


def _write(path, data) -> None:
    if not path:
        return
    text = json.dumps(data, indent=1, ensure_ascii=False)
    if path == "-":
        print(text)
    else:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
