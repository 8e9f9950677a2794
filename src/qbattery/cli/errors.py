"""Exit codes and one-line errors of the ``qbattery`` command.

Exit codes
----------
0
    Success.
1
    Bad input: an experiment file, option or argument that is wrong, or an output directory
    that cannot be written or belongs to another experiment. One line on standard error names
    what to change.
2
    An unexpected internal error (one line; rerun with ``--debug`` for the traceback, and
    please report it).
130
    Interrupted (Ctrl-C). A sweep keeps every point finished so far; the same command resumes.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from qbattery.errors import QBatteryError

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "one_line_errors",
    "options",
]

#: Exit status of bad input (a QBatteryError) or an unwritable file.
EXIT_BAD_INPUT = 1
#: Exit status of an unexpected error, a bug to report.
EXIT_INTERNAL = 2
#: Exit status after Ctrl-C.
EXIT_INTERRUPTED = 130

#: Global options, set by the command's callback.
options = {"debug": False}


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Turn any error of a command into one line on stderr and a meaningful exit status, and
    each warning into one line ``warning: ...`` (no source lines).

    Examples
    --------
    A qbattery error becomes one line on stderr and exit status 1 (bad input):

    >>> import typer
    >>> from qbattery.cli.errors import one_line_errors
    >>> from qbattery.errors import QBatteryValueError
    >>> try:
    ...     with one_line_errors():
    ...         raise QBatteryValueError("coupling: must be finite")
    ... except typer.Exit as stop:
    ...     stop.exit_code
    1
    """
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            yield
        for warning in caught:
            typer.echo(f"warning: {warning.message}", err=True)
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        typer.echo("interrupted; finished work is kept (a sweep resumes with the same command)")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as error:
        if options["debug"]:
            raise
        if isinstance(error, QBatteryError):
            message, status = str(error), EXIT_BAD_INPUT
        elif isinstance(error, OSError):
            where = f" {error.filename}" if error.filename else ""
            reason = error.strerror or str(error)
            message = f"out: cannot write{where}: {reason}; choose a writable directory"
            status = EXIT_BAD_INPUT
        else:
            message = (
                f"internal error {type(error).__name__}: {error}; rerun with --debug for the "
                "traceback and report it"
            )
            status = EXIT_INTERNAL
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(status) from None
