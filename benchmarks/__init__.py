"""Side-by-side benchmarks: qbattery against the plain QuTiP/NumPy code a researcher would write.

Run them with ``python -m benchmarks [--out DIR] [--only NAME ...] [--repeat N] [--quick]``
(``make bench``). Every implementation of a case runs in one process, interleaved, and the report
gives each one's median time, the ratios between them (speed-up over the QuTiP loop, overhead
over the bare-NumPy floor) and the agreement of its result with the reference implementation.

Quote ratios, not absolute times: the machines are shared and noisy, so an absolute time says
more about the neighbours than about the code. Ratios measured in one interleaved run are far
more stable, and the report records the machine (CPU count, BLAS, library versions) beside them.

Modules
-------
harness
    :class:`~benchmarks.harness.Case`, :class:`~benchmarks.harness.Implementation`,
    :class:`~benchmarks.harness.Ratio` and :func:`~benchmarks.harness.run_case`.
report
    Machine information, the JSON record and the markdown table.
cases
    The registry of benchmark cases (one module per case).
"""
