"""Reports of benchmark results: machine information, a JSON record and a markdown table.

Quote ratios, not absolute times: the machines are shared and noisy. The machine information
(CPU count, BLAS and its thread settings, library versions) is recorded so that a ratio can be
read in context.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import resource
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.harness import CaseResult

__all__ = ["machine_info", "to_json", "to_markdown", "write_reports"]

_THREAD_VARIABLES = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_CORETYPE",
)


def _package_version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _blas_info() -> Any:
    """BLAS libraries and their thread counts (threadpoolctl if installed, else NumPy's build)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        pass
    else:
        return {"source": "threadpoolctl", "libraries": threadpool_info()}
    try:
        build = np.show_config(mode="dicts")["Build Dependencies"]
    except Exception as exc:  # show_config's layout is not a stable API
        return {"source": "unavailable", "error": repr(exc)}
    return {
        "source": "numpy.show_config",
        "libraries": {
            key: {k: build[key].get(k) for k in ("name", "version", "openblas configuration")}
            for key in ("blas", "lapack")
            if key in build
        },
    }


def machine_info() -> dict[str, Any]:
    """Where and with what the benchmarks ran."""
    try:
        usable_cpus: int | None = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable_cpus = None
    return {
        "timestamp": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable_cpus,
        "versions": {
            name: _package_version(name) for name in ("qbattery", "numpy", "scipy", "qutip")
        },
        "blas": _blas_info(),
        "thread_environment": {name: os.environ.get(name) for name in _THREAD_VARIABLES},
    }


def _case_record(result: CaseResult) -> dict[str, Any]:
    case = result.case
    implementations = {}
    for name, impl in case.implementations.items():
        timing = result.timings[name]
        agreement = result.agreement[name]
        implementations[name] = {
            "description": impl.description,
            "median_s": timing.median,
            "min_s": timing.minimum,
            "times_s": list(timing.times),
            "compared": agreement is not None,
            "max_abs_diff": None if agreement is None else agreement.max_abs_diff,
            "agrees": None if agreement is None else agreement.ok,
            "peak_memory_bytes": None if result.peak_memory is None else result.peak_memory[name],
        }
    return {
        "description": case.description,
        "parameters": dict(case.parameters),
        "repeat": result.repeat,
        "reference": case.reference,
        "atol": case.atol,
        "agrees": result.agrees,
        "implementations": implementations,
        "ratios": [
            {
                "label": r.ratio.label,
                "numerator": r.ratio.numerator,
                "denominator": r.ratio.denominator,
                "value": r.value,
                "target": r.ratio.target() or None,
                "met": r.met,
            }
            for r in result.ratios
        ],
    }


def to_json(results: list[CaseResult], machine: dict[str, Any]) -> dict[str, Any]:
    """The JSON record of a run: machine information and one entry per case."""
    return {
        "note": "Quote ratios, not absolute times: the machines are shared and noisy.",
        "machine": machine,
        "process_max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "cases": {result.case.name: _case_record(result) for result in results},
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3g}"


def _mib(nbytes: int) -> str:
    return f"{nbytes / 2**20:.1f}"


def _verdict(flag: bool | None) -> str:
    return {True: "yes", False: "**NO**", None: "—"}[flag]


def _case_markdown(result: CaseResult) -> list[str]:
    case = result.case
    memory = result.peak_memory is not None
    lines = [f"## {case.name}", "", case.description, ""]
    header = ["implementation", "median (ms)", "min (ms)", f"max abs diff vs {case.reference}"]
    header += ["peak traced memory (MiB)"] if memory else []
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name in case.implementations:
        timing, agreement = result.timings[name], result.agreement[name]
        if agreement is None:
            diff = "not compared"
        else:
            diff = f"{agreement.max_abs_diff:.2g} ({'ok' if agreement.ok else '**FAIL**'})"
        row = [f"`{name}`", _ms(timing.median), _ms(timing.minimum), diff]
        row += [_mib(result.peak_memory[name])] if result.peak_memory is not None else []
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", f"Tolerance {case.atol:g}; median of {result.repeat} interleaved rounds.", ""]
    if result.ratios:
        lines += ["| ratio | value | target | met |", "|---|---|---|---|"]
        for r in result.ratios:
            formula = f"`{r.ratio.numerator}` / `{r.ratio.denominator}`"
            lines.append(
                f"| {r.ratio.label} ({formula}) | {r.value:.2f} | {r.ratio.target() or '—'} "
                f"| {_verdict(r.met)} |"
            )
        lines.append("")
    return lines


def to_markdown(results: list[CaseResult], machine: dict[str, Any]) -> str:
    """A markdown report: a table of times and agreement and a table of ratios per case."""
    versions = ", ".join(f"{k} {v}" for k, v in machine["versions"].items())
    threads = ", ".join(f"{k}={v}" for k, v in machine["thread_environment"].items() if v)
    lines = [
        "# qbattery benchmarks",
        "",
        "Quote ratios, not absolute times: the machines are shared and noisy.",
        "",
        f"Machine: {machine['cpu_count']} CPUs ({machine['usable_cpus']} usable), "
        f"{machine['platform']}; Python {machine['python']}; {versions}"
        + (f"; {threads}" if threads else "")
        + f"; {machine['timestamp']}.",
        "",
    ]
    for result in results:
        lines += _case_markdown(result)
    return "\n".join(lines)


def _write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file, so that a failed run never leaves a truncated report."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def write_reports(
    results: list[CaseResult], machine: dict[str, Any], out: Path
) -> tuple[Path, Path]:
    """Write ``benchmarks.json`` and ``benchmarks.md`` to ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / "benchmarks.json", out / "benchmarks.md"
    _write_atomically(json_path, json.dumps(to_json(results, machine), indent=2) + "\n")
    _write_atomically(md_path, to_markdown(results, machine) + "\n")
    return json_path, md_path
