"""Partial traces of kets on a subspace against embedding them and tracing with numpy."""

from __future__ import annotations

import numpy as np
import pytest

from qbattery.bases.parity import excitation_parity
from qbattery.bases.subspace_trace import SubspaceTrace
from qbattery.metrics.passivity import energetics


def _embedded_trace(kets: np.ndarray, subspace: np.ndarray, dims: list[int], keep: list[int]):
    full = np.zeros((kets.shape[0], int(np.prod(dims))), dtype=complex)
    full[:, subspace] = kets
    tensor = full.reshape(kets.shape[0], *dims)
    traced = [k for k in range(len(dims)) if k not in keep]
    letters = "abcdefgh"
    left = "z" + letters[: len(dims)]
    right = "z" + "".join(
        letters[k] if k in traced else letters[k].upper() for k in range(len(dims))
    )
    out = "z" + "".join(letters[k] for k in keep) + "".join(letters[k].upper() for k in keep)
    reduced = np.einsum(f"{left},{right}->{out}", tensor, np.conj(tensor))
    d_keep = int(np.prod([dims[k] for k in keep]))
    return reduced.reshape(kets.shape[0], d_keep, d_keep)


@pytest.mark.parametrize(
    ("dims", "keep", "parity"),
    [([7, 5], [1], 0), ([7, 5], [1], 1), ([4, 3, 2], [0, 2], 1), ([2, 2, 2, 2], [1, 2], 0)],
)
def test_parity_sector_traces_match_the_embedded_ones(dims, keep, parity) -> None:
    rng = np.random.default_rng(7)
    subspace = np.nonzero(excitation_parity(dims) == parity)[0]
    trace = SubspaceTrace.build(subspace, dims, keep)
    assert trace is not None
    kets = rng.normal(size=(6, subspace.size)) + 1j * rng.normal(size=(6, subspace.size))
    expected = _embedded_trace(kets, subspace, dims, keep)
    np.testing.assert_allclose(trace.reduced_states(kets), expected, atol=1e-12)
    # every entry outside the blocks is zero: the blocks partition the kept indices
    mask = np.zeros(expected.shape[1:], dtype=bool)
    for block in trace.blocks:
        mask[np.ix_(block, block)] = True
    assert np.sort(np.concatenate(trace.blocks)).tolist() == list(range(expected.shape[1]))
    assert np.max(np.abs(expected[:, ~mask]), initial=0.0) < 1e-12


def test_a_subspace_that_is_not_a_union_of_rectangles_is_declined() -> None:
    # (0, 0), (0, 1), (1, 1): connected, three of the four pairs
    assert SubspaceTrace.build(np.array([0, 1, 3]), [2, 2], [1]) is None


def test_block_spectra_give_the_same_ergotropy_as_the_whole_matrix() -> None:
    rng = np.random.default_rng(3)
    dims, keep = [9, 6], [1]
    subspace = np.nonzero(excitation_parity(dims) == 0)[0]
    trace = SubspaceTrace.build(subspace, dims, keep)
    assert trace is not None and len(trace.blocks) == 2
    kets = rng.normal(size=(20, subspace.size)) + 1j * rng.normal(size=(20, subspace.size))
    kets /= np.linalg.norm(kets, axis=1, keepdims=True)
    states = trace.reduced_states(kets)
    h = np.diag(np.arange(6.0))
    by_blocks = energetics(states, h, validate=False, blocks=trace.blocks)
    whole = energetics(states, h)
    np.testing.assert_allclose(by_blocks.ergotropy, whole.ergotropy, atol=1e-12)
    np.testing.assert_allclose(by_blocks.capacity, whole.capacity, atol=1e-12)
