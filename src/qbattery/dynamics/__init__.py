"""Solvers behind :func:`qbattery.charge`: exact closed propagators and QuTiP integrators."""
