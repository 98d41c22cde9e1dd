"""What the generated model code calls at run time, with PySD's semantics.

Lookups, Vensim's safe division, time functions, and the stateful functions' integration rules.
The semantics follow PySD 3.14 (``pysd.py_backend.functions``, ``lookups`` and ``statefuls``),
the reference engine: ``XIDZ`` and ``ZIDZ`` treat ``|denominator| < 1e-6`` as zero, lookups hold
their end values outside the table, ``SMOOTH`` and ``DELAY`` stages integrate
``(target - state) * order / time``, ``DELAY FIXED`` is a pipeline of ``delay / dt`` slots.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

import numpy as np

#: What Vensim (and PySD) consider zero in XIDZ, ZIDZ, QUANTUM and the time functions.
SMALL = 1e-6
#: The parts of each stateful function its update takes, in order (`State.inputs`).
STATE_PARTS = {
    "integ": ("flow",),
    "smooth": ("input", "time"),
    "delay": ("input",),
    "delay_fixed": ("input",),
}
STATEFUL_KINDS = frozenset(STATE_PARTS)


class Table:
    """A lookup: sorted abscissae ``xs`` (n,) and values ``ys`` (n, *dims).

    Parameters
    ----------
    xs : array_like
        Abscissae (sorted here).
    ys : array_like
        One row of values per abscissa.
    kind : {"interpolate", "hold_backward", "extrapolate"}
        Between points: linear interpolation, or the value of the point before; outside the
        points: held (or extrapolated linearly for ``extrapolate``).
    """

    __slots__ = ("kind", "points", "xs", "ys")

    def __init__(self, xs: Any, ys: Any, kind: str = "interpolate"):
        x = np.asarray(xs, dtype=float).reshape(-1)
        y = np.asarray(ys, dtype=float)
        if y.shape[:1] != x.shape:
            raise ValueError(f"lookup with {len(x)} x values and {y.shape[:1]} y rows")
        order = np.argsort(x, kind="stable")
        self.xs = x[order]
        self.ys = y[order]
        self.kind = kind
        self.points: list[float] = self.xs.tolist()  # for bisect: a scalar look-up per step

    @classmethod
    def constant(cls, value: Any) -> Table:
        """A lookup that returns `value` whatever its argument (a lookup set to a constant)."""
        return cls([0.0], np.asarray(value, dtype=float)[None, ...])


def lookup(table: Table, x: float) -> Any:
    """Value of `table` at a scalar `x` (a row: float or array of the lookup's dimensions)."""
    xs, ys = table.points, table.ys
    n = len(xs)
    if n == 1:
        return ys[0]
    if x <= xs[0]:
        if x < xs[0] and table.kind == "extrapolate":
            return ys[0] + (ys[1] - ys[0]) / (xs[1] - xs[0]) * (x - xs[0])
        return ys[0]
    if x >= xs[-1]:
        if x > xs[-1] and table.kind == "extrapolate":
            return ys[-1] + (ys[-1] - ys[-2]) / (xs[-1] - xs[-2]) * (x - xs[-1])
        return ys[-1]
    i = bisect_right(xs, x)
    x0 = xs[i - 1]
    if x == x0 or table.kind == "hold_backward":
        return ys[i - 1]
    y0 = ys[i - 1]
    return (ys[i] - y0) / (xs[i] - x0) * (x - x0) + y0


def lookup_array(table: Table, ys: np.ndarray, x: Any) -> np.ndarray:
    """Elementwise lookup: each element of `x` in its own column of `ys` (points first)."""
    xs = table.xs
    xv = np.asarray(x, dtype=float)
    shape = np.broadcast_shapes(ys.shape[1:], xv.shape)
    yb = np.broadcast_to(ys, (len(xs), *shape))
    xb = np.broadcast_to(xv, shape)
    if len(xs) == 1:
        return np.array(yb[0])
    i = np.clip(np.searchsorted(xs, xb, side="right"), 1, len(xs) - 1)
    y0 = np.take_along_axis(yb, (i - 1)[None], 0)[0]
    y1 = np.take_along_axis(yb, i[None], 0)[0]
    x0, x1 = xs[i - 1], xs[i]
    inner = y0 if table.kind == "hold_backward" else (y1 - y0) / (x1 - x0) * (xb - x0) + y0
    if table.kind == "extrapolate":
        low = yb[0] + (yb[1] - yb[0]) / (xs[1] - xs[0]) * (xb - xs[0])
        high = yb[-1] + (yb[-1] - yb[-2]) / (xs[-1] - xs[-2]) * (xb - xs[-1])
    else:
        low, high = yb[0], yb[-1]
    return np.where(xb <= xs[0], low, np.where(xb >= xs[-1], high, inner))


def fit(value: Any, shape: tuple[int, ...]) -> Any:
    """`value` as a float array of `shape` (a read-only broadcast view when it is smaller)."""
    a = np.asarray(value, dtype=float)
    return a if a.shape == shape else np.broadcast_to(a, shape)


def per_step(value: Any, dt: float) -> Any:
    """``value / dt``; `value` itself when dt is 1 (the same number, one pass fewer)."""
    return value if dt == 1 else value / dt


def times_step(value: Any, dt: float) -> Any:
    """``value * dt``; `value` itself when dt is 1."""
    return value if dt == 1 else value * dt


def xidz(numerator: Any, denominator: Any, value: Any) -> Any:
    """Vensim's XIDZ: ``numerator / denominator``, or `value` where the denominator is ~0."""
    if np.ndim(denominator) == 0:
        return value if abs(denominator) < SMALL else numerator / denominator
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.abs(denominator) < SMALL, value, numerator / denominator)


def zidz(numerator: Any, denominator: Any) -> Any:
    """Vensim's ZIDZ: ``numerator / denominator``, or 0 where the denominator is ~0."""
    return xidz(numerator, denominator, 0)


def modulo(x: Any, m: Any) -> Any:
    """Vensim's MODULO as PySD computes it: ``x - QUANTUM(x, m)``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        quantum = np.where(np.asarray(m) < SMALL, x, m * np.trunc(x / m))
    return x - quantum


def step(time: float, dt: float, value: Any, at: Any) -> Any:
    """Vensim's STEP(value, at) (PySD: on from half a time step before `at`)."""
    return value * (time + dt / 2 > at)


def ramp(time: float, slope: Any, start: Any, finish: Any = None) -> Any:
    """Vensim's RAMP(slope, start, finish)."""
    final = time if finish is None else np.minimum(finish, time)
    return (time + SMALL > start) * slope * (final - start)


def pulse(time: float, dt: float, start: Any, width: Any) -> Any:
    """Vensim's PULSE(start, width)."""
    width = 0.5 * dt if width is None else width
    return np.where((start - SMALL <= time) & (time < start + width), 1.0, 0.0)


# ------------------------------------------------------------------------- stateful functions
class State:
    """The state of one stateful node and its integration rule.

    Parameters
    ----------
    key : str
        The node.
    node : dict
        The node's description from the generated module (kind, shape, functions, order).
    """

    def __init__(self, key: str, node: dict[str, Any]):
        self.key = key
        self.kind: str = node["kind"]
        self.fn = node["fn"]
        self.order: int = int(node.get("order", 1))
        self.non_negative = bool(node.get("non_negative", False))
        self.state: Any = None
        self.pipe: list[Any] = []
        self.pointer = 0
        self.tau: Any = None

    def initialize(self, v: dict[str, Any], dt: float) -> Any:
        """Set the initial state from the node's initial value; return the node's value."""
        init = self.fn["initial"](v)
        if self.kind == "integ":
            self.state = init
        elif self.kind == "smooth":
            self.state = np.stack([np.asarray(init, dtype=float)] * self.order)
        elif self.kind == "delay":
            self.tau = self.fn["time"](v)
            order = self.order
            while order * dt > np.min(self.tau) and order > 1:
                order -= 1
            self.order = order
            self.state = np.stack([np.asarray(init * self.tau, dtype=float)] * order)
        elif self.kind == "delay_fixed":
            self.tau = self.fn["time"](v)
            slots = max(float(self.tau) / dt, 1.0)
            self.order = round(slots + SMALL)
            self.pointer = 0
            self.pipe = [init] * self.order
            self.state = init
        return self.value()

    def value(self) -> Any:
        """The node's current value (what the model reads)."""
        if self.kind in ("smooth",):
            return self.state[-1]
        if self.kind == "delay":
            return self.state[-1] / self.tau
        return self.state

    def inputs(self, v: dict[str, Any]) -> Any:
        """Everything the update needs, evaluated now (before any state moves).

        The parts `STATE_PARTS` names: one value, or a tuple of them (``SMOOTH``).
        """
        parts = [self.fn[part](v) for part in STATE_PARTS[self.kind]]
        return parts[0] if len(parts) == 1 else tuple(parts)

    def update(self, inputs: Any, dt: float) -> Any:
        """Move the state one time step; return the new value."""
        if self.kind == "integ":
            new = self.state + times_step(inputs, dt)
            self.state = np.maximum(new, 0) if self.non_negative else new
        elif self.kind == "smooth":
            target, tau = inputs
            targets = np.roll(self.state, 1, axis=0)
            targets[0] = target
            self.state = self.state + (targets - self.state) * self.order / tau * dt
        elif self.kind == "delay":
            outflows = self.state / self.tau
            inflows = np.roll(outflows, 1, axis=0)
            inflows[0] = inputs
            self.state = self.state + (inflows - outflows) * self.order * dt
        elif self.kind == "delay_fixed":
            self.pipe[self.pointer] = inputs
            self.pointer = (self.pointer + 1) % self.order
            self.state = self.pipe[self.pointer]
        return self.value()
