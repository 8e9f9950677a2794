"""Command line: ``python -m benchmarks [--out DIR] [--only NAME ...] [--repeat N] [--quick]``.

Runs the registered cases (:mod:`benchmarks.cases`), prints the markdown table and writes
``benchmarks.json`` and ``benchmarks.md`` to ``--out`` (default ``results/benchmarks``). Exits 1
if an implementation disagrees with its case's reference; a missed speed target is reported but
does not fail the run (quote ratios, not absolute times: the machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks.cases import CASES
from benchmarks.harness import CaseResult, run_case
from benchmarks.report import machine_info, to_markdown, write_reports


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Side-by-side benchmarks of qbattery against the plain QuTiP approach. "
        "Quote ratios, not absolute times: the machines are shared and noisy.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("results/benchmarks"),
        help="directory for benchmarks.json and benchmarks.md (default: results/benchmarks)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        default=None,
        help=f"run only these cases (available: {', '.join(CASES)})",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        metavar="N",
        help="timed rounds per case (default: each case's own, fewer with --quick)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller sizes and fewer rounds: a smoke run, not numbers to quote",
    )
    return parser


def _selected(parser: argparse.ArgumentParser, only: Sequence[str] | None) -> list[str]:
    if only is None:
        return list(CASES)
    for name in only:
        if name not in CASES:
            close = difflib.get_close_matches(name, CASES, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"choose from {', '.join(CASES)}"
            parser.error(f"--only: unknown case {name!r}; {hint}")
    return list(dict.fromkeys(only))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error(f"--repeat: must be at least 1, got {args.repeat}")
    names = _selected(parser, args.only)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    results: list[CaseResult] = []
    for name in names:
        try:
            case = CASES[name](args.quick)
        except ModuleNotFoundError as missing:  # a peer package of the bench extra
            log(f"{name}: skipped, {missing.name} is not installed (pip install '.[bench]')")
            continue
        results.append(run_case(case, repeat=args.repeat, log=log))

    machine = machine_info()
    print(to_markdown(results, machine))
    json_path, md_path = write_reports(results, machine, args.out)
    log(f"wrote {json_path} and {md_path}")

    failed = [result.case.name for result in results if not result.agrees]
    if failed:
        log(f"results disagree with the reference in: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
