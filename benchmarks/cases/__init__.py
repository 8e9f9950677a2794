"""Registry of benchmark cases.

Each entry maps a case name (used by ``--only``) to a builder ``build(quick: bool) -> Case``;
``quick`` asks for smaller sizes and fewer repeats, for a smoke run well under a minute. To add a
case, write a module here with a ``build`` function and list it below.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from benchmarks.cases import (
    dicke_default,
    dicke_scan,
    ensemble_lindblad,
    ergotropy_batch,
    free_fermion_chain,
    local_ergotropy,
    open_lindblad,
    qthermo_dicke,
    sector_default,
    sweep_dicke,
    sweep_executors,
    sweep_store,
    tc_sector,
    xxz_charging,
    xxz_large,
)
from benchmarks.harness import Case

__all__ = ["CASES", "CaseBuilder"]

CaseBuilder = Callable[[bool], Case]

CASES: dict[str, CaseBuilder] = {
    "ergotropy_batch": ergotropy_batch.build,
    "xxz_charging": xxz_charging.build,
    "xxz_large": xxz_large.build,
    "xxz_ring": partial(xxz_charging.build, boundary="periodic"),
    "dicke_scan": dicke_scan.build,
    "dicke_default_32": dicke_default.build(32),
    "dicke_default_64": dicke_default.build(64),
    "qthermo_dicke": qthermo_dicke.build,
    "tc_sector": tc_sector.build,
    "tc_default_1000": sector_default.build_fock(1_000, 200),
    "tc_default_10000": sector_default.build_fock(10_000, 1_000),
    "tc_coherent": sector_default.build_coherent,
    "local_ergotropy": local_ergotropy.build,
    "ensemble_lindblad": ensemble_lindblad.build,
    "free_fermion_chain": free_fermion_chain.build,
    "open_lindblad": open_lindblad.build,
    "sweep_store": sweep_store.build,
    "sweep_executors": sweep_executors.build,
    "sweep_dicke": sweep_dicke.build,
}
