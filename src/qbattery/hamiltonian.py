"""Time-dependent Hamiltonians as a static part plus protocol-weighted terms.

``H(t) = H_0 + sum_k f_k(t) H_k``, built from the list form ``[H0, (H1, f1), ...]`` used by QuTiP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.operators import Operator, as_operator
from qbattery.protocols import Protocol, as_protocol, switching_times
from qbattery.validation import DEFAULT_ATOL

__all__ = ["Hamiltonian"]


@dataclass(frozen=True)
class Hamiltonian:
    """``H(t) = static + sum_k protocol_k(t) * operator_k``.

    Build it with :meth:`from_terms`; operators are complex dense arrays or CSR matrices.

    Examples
    --------
    ``H(t) = diag(0, 1) + lambda(t) sigma_x`` with the coupling switched on at ``t = 1``:

    >>> import numpy as np
    >>> from qbattery.hamiltonian import Hamiltonian
    >>> from qbattery.protocols import Step
    >>> sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> h = Hamiltonian.from_terms([np.diag([0.0, 1.0]), (sx, Step(t_on=1.0))])
    >>> np.asarray(h.at(0.5)).real, np.asarray(h.at(1.5)).real
    (array([[0., 0.],
           [0., 1.]]), array([[0., 1.],
           [1., 1.]]))
    """

    static: Operator
    drives: tuple[tuple[Operator, Protocol], ...] = ()

    @classmethod
    def from_terms(cls, terms: Any, *, atol: float = DEFAULT_ATOL) -> Hamiltonian:
        """Accept an operator, or a list ``[H0, (H1, f1), ...]`` (``f`` a number or callable).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.hamiltonian import Hamiltonian
        >>> h = Hamiltonian.from_terms([np.diag([0.0, 1.0]), (np.eye(2), 0.5)])
        >>> np.asarray(h.at(0.0)).real.diagonal()
        array([0.5, 1.5])
        """
        if isinstance(terms, Hamiltonian):
            return terms
        if not isinstance(terms, list | tuple):
            return cls(as_operator(terms, "hamiltonian", atol=atol))
        if not terms:
            raise QBatteryValueError("hamiltonian: the list of terms is empty; give at least H0")
        static: Operator | None = None
        drives = []
        dimension = None
        for index, term in enumerate(terms):
            name = f"hamiltonian[{index}]"
            if isinstance(term, list | tuple):
                if len(term) != 2:
                    raise QBatteryTypeError(
                        f"{name}: a driven term is a pair (operator, f); got {len(term)} items"
                    )
                operator = as_operator(term[0], name, dimension=dimension, atol=atol)
                drives.append((operator, as_protocol(term[1], f"{name} protocol")))
            else:
                operator = as_operator(term, name, dimension=dimension, atol=atol)
                static = operator if static is None else static + operator
            dimension = operator.shape[0]
        if static is None:
            static = sp.csr_matrix((dimension, dimension), dtype=np.complex128)
        return cls(static, tuple(drives))

    @property
    def dimension(self) -> int:
        return int(self.static.shape[0])

    def check_protocols(self, times: np.ndarray) -> None:
        """Sample every protocol at ``times`` (and t = 0) before a solver runs.

        A protocol must return one finite real number per time; NaN, infinity, a complex or
        non-scalar value is refused here, naming the term and the first bad time, instead of
        deep inside an integrator.

        Examples
        --------
        A protocol returning NaN is caught before any solver runs:

        >>> import numpy as np
        >>> from qbattery.hamiltonian import Hamiltonian
        >>> h = Hamiltonian.from_terms([np.diag([0.0, 1.0]), (np.eye(2), lambda t: float("nan"))])
        >>> h.check_protocols(np.array([0.0, 1.0]))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        qbattery.errors.QBatteryValueError: hamiltonian: the protocol of driven term 0: ...
        """
        grid = np.concatenate([[0.0], np.asarray(times, dtype=float)])
        for index, (_, protocol) in enumerate(self.drives):
            name = f"hamiltonian: the protocol of driven term {index}"
            for t in grid:
                try:
                    value = protocol(float(t))
                except Exception as error:
                    raise QBatteryValueError(
                        f"{name}: raised {type(error).__name__} at t = {t:g} ({error}); it must "
                        "return a finite real number at every time"
                    ) from error
                array = np.asarray(value)
                if array.ndim != 0 or (not np.isrealobj(array) and np.imag(array) != 0):
                    raise QBatteryValueError(
                        f"{name}: returned {value!r} at t = {t:g}; it must return one real "
                        "number per time (a scalar f(t), not an array)"
                    )
                if not np.isfinite(np.real(array)):
                    raise QBatteryValueError(
                        f"{name}: returned {value!r} at t = {t:g}; it must be finite at every "
                        "time of the grid"
                    )

    def switching_times(self) -> tuple[float, ...] | None:
        """Times where a piecewise-constant H(t) jumps; ``None`` if some drive is continuous.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.hamiltonian import Hamiltonian
        >>> from qbattery.protocols import Step
        >>> h = Hamiltonian.from_terms([np.diag([0.0, 1.0]), (np.eye(2), Step(t_off=2.0))])
        >>> h.switching_times()
        (2.0,)
        """
        return switching_times([f for _, f in self.drives])

    def at(self, t: float) -> Operator:
        """The operator ``H(t)``.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.hamiltonian import Hamiltonian
        >>> h = Hamiltonian.from_terms([np.diag([0.0, 1.0]), (np.eye(2), lambda t: t)])
        >>> np.asarray(h.at(2.0)).real.diagonal()
        array([2., 3.])
        """
        total = self.static
        for operator, protocol in self.drives:
            amplitude = float(protocol(t))
            if amplitude != 0.0:
                total = total + amplitude * operator
        return total

    def segments(self, t_end: float) -> list[tuple[float, float, Operator]]:
        """Constant pieces ``(start, end, H)`` covering ``[0, t_end]`` (piecewise-constant only).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.hamiltonian import Hamiltonian
        >>> from qbattery.protocols import Step
        >>> h = Hamiltonian.from_terms([np.diag([0.0, 1.0]), (np.eye(2), Step(t_off=1.0))])
        >>> [(a, b, np.asarray(op).real.diagonal().tolist()) for a, b, op in h.segments(3.0)]
        [(0.0, 1.0, [1.0, 2.0]), (1.0, 3.0, [0.0, 1.0])]
        """
        switches = self.switching_times()
        if switches is None:
            raise QBatteryValueError("hamiltonian: a drive is not piecewise constant")
        edges = [0.0, *(s for s in switches if s < t_end), float(t_end)]
        return [(a, b, self.at(0.5 * (a + b))) for a, b in pairwise(edges)]

    def to_qobj_list(self, dims: Sequence[int]) -> list[Any]:
        """QuTiP list form ``[H0, [H1, f1], ...]`` with ``Qobj`` operators on ``dims``.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.hamiltonian import Hamiltonian
        >>> h = Hamiltonian.from_terms([np.diag([0.0, 1.0]), (np.eye(2), lambda t: t)])
        >>> terms = h.to_qobj_list([2])
        >>> len(terms), terms[0].dims
        (2, [[2], [2]])
        """
        import qutip

        qdims = [list(dims), list(dims)]

        def qobj(operator: Operator) -> Any:
            return qutip.Qobj(operator, dims=qdims)

        result: list[Any] = [qobj(self.static)]
        result += [[qobj(op), _scalar(f)] for op, f in self.drives]
        return result


def _scalar(protocol: Protocol) -> Any:
    """Wrap a vectorised protocol so QuTiP receives a plain float."""
    return lambda t: float(protocol(t))
