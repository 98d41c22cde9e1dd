"""Run a generated model: set inputs as PySD takes them, plan the run, step through time.

`FastModel.run` takes the same ``params`` mapping as PySD's ``Model.run`` (Vensim names ->
float, `xarray.DataArray`, or a `pandas.Series` indexed by time for lookups and time-varying
constants), converts every input once to a numpy array in the variable's fixed axis order, and
plans the run for the outputs asked for: only the variables those outputs need are computed,
constants once, time-varying variables once per step, in dependency order. Stateful functions
move together after every variable of the step has been computed (Euler, as PySD).
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from ikm_sim.atomic import write_text_atomic
from ikm_sim.engines.base import EngineOutput
from ikm_sim.engines.fast.fuse import NotFusable, step_source, step_spec
from ikm_sim.engines.fast.jit import backend
from ikm_sim.engines.fast.model_ir import py_name
from ikm_sim.engines.fast.runtime import STATE_PARTS, STATEFUL_KINDS, State, Table, lookup
from ikm_sim.errors import ModelError

#: Node kinds evaluated from other nodes every time they are needed.
FORMULA_KINDS = frozenset({"aux", "control"})


@dataclass(frozen=True)
class Inputs:
    """Inputs converted for the engine: values by node, and how each was set.

    ``how`` is ``input`` (a constant), ``table`` (a lookup) or ``timed`` (a constant that
    follows a time series).
    """

    values: dict[str, Any]
    how: dict[str, str]


@dataclass(frozen=True)
class Plan:
    """The order of work of one kind of run (outputs and which inputs are set how)."""

    init: tuple[tuple[str, str], ...]
    step: tuple[str, ...]
    states: tuple[str, ...]
    outputs: tuple[str, ...]


def _load_bind(name: str, path: Path) -> Callable[..., Any]:
    """The ``bind`` function of a fused step's module (its bytecode cached as any module's)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bind: Callable[..., Any] = module.bind
    return bind


@lru_cache(maxsize=64)
def _index(members: tuple[str, ...]) -> pd.Index:
    """A dimension's members as an index (compared whole with an input's, not one by one)."""
    return pd.Index(members)


def _reachable(outputs: tuple[str, ...], deps: Mapping[str, Mapping[str, list[str]]]) -> set[str]:
    """The nodes `outputs` need, themselves included."""
    needed: set[str] = set()
    stack = [*outputs]
    while stack:
        key = stack.pop()
        if key in needed:
            continue
        needed.add(key)
        for part in deps[key].values():
            stack.extend(part)
    return needed


def _topological(nodes: Iterable[str], edges: Mapping[str, Iterable[str]], what: str) -> list[str]:
    order: list[str] = []
    mark: dict[str, int] = {}
    for start in nodes:
        if start in mark:
            continue
        stack: list[tuple[str, Any]] = [(start, iter(edges.get(start, ())))]
        mark[start] = 1
        path = [start]
        while stack:
            key, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                path.pop()
                mark[key] = 2
                order.append(key)
            elif nxt not in edges:
                continue
            elif mark.get(nxt) == 1:
                loop = [*path[path.index(nxt) :], nxt]
                raise ModelError(f"{what} depend on each other in a loop: {' -> '.join(loop)}")
            elif nxt not in mark:
                mark[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(edges.get(nxt, ()))))
    return order


class FastModel:
    """A model compiled by `ikm_sim.engines.fast.generate`, ready to run many times.

    Parameters
    ----------
    module : types.ModuleType
        The generated module.
    fuse : bool, optional
        Run each kind of run's step as one fused function (`ikm_sim.engines.fast.fuse`);
        False steps node by node (the same numbers, for tests and as the fallback).
    """

    def __init__(self, module: ModuleType, fuse: bool = True):
        self.module = module
        self.fuse = fuse
        self.nodes: dict[str, dict[str, Any]] = module.NODES
        self.elements: dict[str, dict[str, Any]] = module.ELEMENTS
        self.dimensions: dict[str, list[str]] = module.DIMENSIONS
        self._names = {py_name(info["name"]): py for py, info in self.elements.items()}
        self._tables = {
            key: node["fn"]["table"]()
            for key, node in self.nodes.items()
            if node["kind"] == "table"
        }
        self._plan = lru_cache(maxsize=64)(self._make_plan)
        self._fused = lru_cache(maxsize=64)(self._make_fused)
        self._stepper = lru_cache(maxsize=64)(self._make_stepper)

    # --------------------------------------------------------------------------- inputs
    def element(self, name: str) -> str:
        """The Python name of a variable given by its Vensim or Python name."""
        key = self._names.get(py_name(name))
        if key is None:
            raise ModelError(f"the model has no variable '{name}'")
        return key

    def _align(
        self, key: str, value: xr.DataArray, dimensions: Mapping[str, list[str]]
    ) -> np.ndarray:
        info = self.elements[key]
        dims = info["dims"]
        shape = tuple(len(dimensions[d]) for d in dims)
        extra = [d for d in value.dims if d not in dims]
        if extra:
            raise ModelError(f"'{info['name']}': the input has dimensions {extra} it does not have")
        for d in map(str, value.dims):
            want = dimensions[d]
            have = value.indexes[d]
            if not have.equals(_index(tuple(want))):
                if set(map(str, have)) != set(want):
                    raise ModelError(
                        f"'{info['name']}': the input's '{d}' elements differ from the model's"
                    )
                value = value.sel({d: want})
        order = list(map(str, value.dims))
        present = [d for d in dims if d in order]
        arr = np.asarray(value.values, dtype=float).transpose([order.index(d) for d in present])
        index = tuple(slice(None) if d in value.dims else None for d in dims)
        return np.broadcast_to(arr[index], shape)

    def _constant(self, key: str, value: Any, dimensions: Mapping[str, list[str]]) -> Any:
        info = self.elements[key]
        if isinstance(value, xr.DataArray):
            return self._align(key, value, dimensions)
        arr = np.asarray(value, dtype=float)
        if not info["dims"]:
            if arr.ndim:
                raise ModelError(f"'{info['name']}' is a scalar; the input is an array")
            return float(arr)
        shape = tuple(len(dimensions[d]) for d in info["dims"])
        if arr.shape not in ((), shape):
            raise ModelError(f"'{info['name']}': an input of shape {arr.shape}, expected {shape}")
        return np.broadcast_to(arr, shape)

    def _table(self, key: str, series: pd.Series, dimensions: Mapping[str, list[str]]) -> Table:
        xs = series.index.to_numpy(dtype=float)
        if series.dtype.kind == "f":  # one number a row: every element of the row takes it
            shape = tuple(len(dimensions[d]) for d in self.elements[key]["dims"])
            ys = series.to_numpy(dtype=float).reshape((-1,) + (1,) * len(shape))
            return Table(xs, np.broadcast_to(ys, (len(xs), *shape)))
        rows = [self._constant(key, v, dimensions) for v in series.to_numpy()]
        return Table(xs, np.stack(rows) if rows else [])

    def prepare(
        self, params: Mapping[str, Any], dimensions: Mapping[str, list[str]] | None = None
    ) -> Inputs:
        """Convert PySD-style inputs into the engine's arrays, once.

        Parameters
        ----------
        params : mapping
            Inputs by Vensim or Python name (see `run`).
        dimensions : mapping, optional
            Dimensions whose elements differ from the model's (e.g. a ``Sample`` dimension with
            more members than the compiled model, to be cut into blocks with `block`).

        Returns
        -------
        Inputs
        """
        dims = {**self.dimensions, **(dimensions or {})}
        values: dict[str, Any] = {}
        how: dict[str, str] = {}
        for name, value in params.items():
            key = self.element(name)
            kind = self.nodes[key]["kind"]
            if kind not in ("aux", "control", "table"):
                raise ModelError(f"'{name}' is computed by the model and cannot be set")
            if isinstance(value, pd.Series):
                values[key] = self._table(key, value, dims)
                how[key] = "table" if kind == "table" else "timed"
            elif kind == "table":
                values[key] = Table.constant(self._constant(key, value, dims))
                how[key] = "table"
            else:
                values[key] = self._constant(key, value, dims)
                how[key] = "input"
        return Inputs(values, how)

    def take(self, inputs: Inputs, dim: str, members: list[int]) -> Inputs:
        """The inputs of some `members` of `dim` (where it is a variable's first dimension).

        For the ensemble model's ``Sample``: inputs prepared for every sample at once, then run
        a block of samples at a time (a member may repeat, to pad the last block).
        """
        values = dict(inputs.values)
        index = np.asarray(members)
        for key, value in inputs.values.items():
            dims = self.elements[key]["dims"]
            if not dims or dims[0] != dim:
                continue
            if isinstance(value, Table):
                values[key] = Table(value.xs, value.ys[:, index], value.kind)
            else:
                values[key] = value[index]
        return Inputs(values, inputs.how)

    # ----------------------------------------------------------------------------- plan
    def _kind(self, key: str, how: Mapping[str, str]) -> str:
        return how.get(key) or self.nodes[key]["kind"]

    def _deps(self, how: Mapping[str, str]) -> dict[str, dict[str, list[str]]]:
        """Each node's dependencies as this run computes it (inputs and tables have none)."""
        deps: dict[str, dict[str, list[str]]] = {}
        for key, node in self.nodes.items():
            kind = self._kind(key, how)
            if kind in FORMULA_KINDS:
                deps[key] = {"value": node["deps"]["value"]}
            elif kind == "timed":
                deps[key] = {"value": ["time"]}
            elif kind in ("input", "table"):
                deps[key] = {}
            else:
                deps[key] = node["deps"]
        deps["time"] = {}
        return deps

    def _make_plan(self, outputs: tuple[str, ...], how_items: tuple[tuple[str, str], ...]) -> Plan:
        how = dict(how_items)
        deps = self._deps(how)
        needed = _reachable(outputs, deps)
        kinds = {k: ("time" if k == "time" else self._kind(k, how)) for k in needed}
        dynamic: set[str] = {k for k in needed if kinds[k] in STATEFUL_KINDS | {"time"}}
        formula = [k for k in needed if kinds[k] in FORMULA_KINDS | {"timed"}]
        changed = True
        while changed:
            changed = False
            for k in formula:
                if k not in dynamic and any(d in dynamic for d in deps[k]["value"]):
                    dynamic.add(k)
                    changed = True
        init_edges: dict[str, list[str]] = {}
        for k in needed:
            kind = kinds[k]
            if kind in FORMULA_KINDS | {"timed"}:
                init_edges[k] = deps[k]["value"]
            elif kind == "initial" or kind in STATEFUL_KINDS:
                init_edges[k] = [*deps[k].get("initial", ()), *deps[k].get("time", ())]
            else:
                init_edges[k] = []
        for k in needed:
            if kinds[k] == "delay" and any(d in dynamic for d in deps[k].get("time", ())):
                raise ModelError(
                    f"'{self.elements[self.nodes[k]['element']]['name']}': a DELAY whose time "
                    "changes during the run is not supported by the fast engine"
                )
        init = _topological(sorted(needed), init_edges, "the model's initial values")
        step_nodes = sorted(k for k in formula if k in dynamic)
        step_edges = {k: [d for d in deps[k]["value"] if d in dynamic] for k in step_nodes}
        step = _topological(step_nodes, step_edges, "the model's equations")
        states = tuple(sorted(k for k in needed if kinds[k] in STATEFUL_KINDS))
        return Plan(
            init=tuple((k, kinds[k]) for k in init),
            step=tuple(step),
            states=states,
            outputs=outputs,
        )

    def _make_stepper(self, plan: Plan, loop: str = "numpy") -> Callable[..., Any] | None:
        """The plan's fused step, compiled by numba if `loop` is ``numba``, or None.

        ``numba``: `ikm_sim.engines.fast.jit` (imported only then; a step it cannot compile
        runs as numpy).
        """
        bind = self._fused(plan)
        if bind is None or loop != "numba":
            return bind
        from ikm_sim.engines.fast.jit import jit_stepper

        return jit_stepper(bind)

    def _make_fused(self, plan: Plan) -> Callable[..., Any] | None:
        """The plan's fused step (``bind``, see `ikm_sim.engines.fast.fuse`), or None.

        Its source is cached next to the generated module, under a hash of what it fuses
        (the generator's cache key covers the fuser's own source).
        """
        if not self.fuse:
            return None
        kinds = dict(plan.init)
        spec = step_spec(
            plan.step,
            [k for k in plan.step if kinds.get(k) == "timed"],
            {
                k: self.nodes[k]["fn"]["value"].__name__
                for k in plan.step
                if "value" in self.nodes[k]["fn"]
            },
            [
                (k, tuple(self.nodes[k]["fn"][p].__name__ for p in STATE_PARTS[kinds[k]]))
                for k in plan.states
            ],
            plan.outputs,
        )
        where = Path(self.module.__file__ or ".").parent
        target = where / f"step_{hashlib.sha256(repr(spec).encode()).hexdigest()[:16]}.py"
        if target.exists():
            return _load_bind(f"{self.module.__name__}_{target.stem}", target)
        try:
            source = step_source(Path(self.module.__file__ or "").read_text("utf-8"), spec)
        except (NotFusable, OSError):
            return None
        try:
            write_text_atomic(target, source)
        except OSError:  # a read-only model cache: compile it here, every process
            namespace: dict[str, Any] = {}
            exec(compile(source, str(target), "exec"), namespace)
            in_memory: Callable[..., Any] = namespace["bind"]
            return in_memory
        return _load_bind(f"{self.module.__name__}_{target.stem}", target)

    # ------------------------------------------------------------------------------ run
    def run(
        self,
        params: Mapping[str, Any] | Inputs | None,
        outputs: list[str],
        initial_time: float | None = None,
        final_time: float | None = None,
        time_step: float | None = None,
    ) -> EngineOutput:
        """Run the model and return the saved values of `outputs`.

        Parameters
        ----------
        params : mapping or Inputs, optional
            Inputs by Vensim (or Python) name, as PySD's ``Model.run(params=...)`` takes them,
            or inputs converted once with `prepare`.
        outputs : list of str
            Variables to save (Vensim or Python names).
        initial_time, final_time, time_step : float, optional
            Override the model's control variables.

        Returns
        -------
        EngineOutput
        """
        prepared = params if isinstance(params, Inputs) else self.prepare(params or {})
        values, how = dict(prepared.values), dict(prepared.how)
        for name, given in (
            ("initial_time", initial_time),
            ("final_time", final_time),
            ("time_step", time_step),
        ):
            if given is not None:
                values[name] = float(given)
                how[name] = "input"
        keys = tuple(self.element(o) for o in outputs)
        plan = self._plan(tuple(dict.fromkeys(keys)), tuple(sorted(how.items())))
        v: dict[str, Any] = {}
        fns = {k: n["fn"] for k, n in self.nodes.items()}
        states: dict[str, State] = {}
        with np.errstate(divide="ignore", invalid="ignore"):
            v.update(self._controls(values))
            t0, dt = v["initial_time"], v["time_step"]
            v["time"] = t0
            for key, kind in plan.init:
                if key in ("time",) or key in ("initial_time", "final_time", "time_step"):
                    continue
                if kind in FORMULA_KINDS:
                    v[key] = fns[key]["value"](v)
                elif kind == "input":
                    v[key] = values[key]
                elif kind == "table":
                    v[key] = values.get(key) or self._tables[key]
                elif kind == "timed":
                    v[key] = lookup(values[key], t0)
                elif kind == "initial":
                    v[key] = fns[key]["initial"](v)
                else:
                    states[key] = State(key, self.nodes[key])
                    v[key] = states[key].initialize(v, dt)
            return self._loop(v, plan, fns, states, values, outputs, keys)

    def _controls(self, values: dict[str, Any]) -> dict[str, float]:
        v: dict[str, Any] = {}
        for name in ("initial_time", "final_time", "time_step", "saveper"):
            if name in values:
                v[name] = float(values[name])
        for name in ("initial_time", "final_time", "time_step", "saveper"):
            if name not in v:
                v[name] = float(self.nodes[name]["fn"]["value"](v))
        return v

    def _loop(
        self,
        v: dict[str, Any],
        plan: Plan,
        fns: dict[str, Any],
        states: dict[str, State],
        values: dict[str, Any],
        outputs: list[str],
        keys: tuple[str, ...],
    ) -> EngineOutput:
        t0, dt, final = v["initial_time"], v["time_step"], v["final_time"]
        steps = round((final - t0) / dt)
        every = max(1, round(v["saveper"] / dt))
        saves = steps // every + 1
        buffers = [np.empty((saves, *self.elements[k]["shape"])) for k in keys]
        timed = {k: values[k] for k in plan.step if k in values}
        step = [(k, fns[k]["value"]) for k in plan.step if k not in timed]
        order = [(k, timed.get(k)) for k in plan.step]
        live = [states[k] for k in plan.states]
        times = np.empty(saves)
        bind = self._stepper(plan, backend())
        fused = None if bind is None else bind(v, timed, lookup)
        t = t0
        saved = 0
        for k in range(steps + 1):
            v["time"] = t
            if fused is not None:
                inputs = fused(v)
            elif timed:
                for key, table in order:
                    v[key] = lookup(table, t) if table is not None else fns[key]["value"](v)
            else:
                for key, fn in step:
                    v[key] = fn(v)
            if k % every == 0:
                times[saved] = t
                for buf, key in zip(buffers, keys, strict=True):
                    buf[saved] = v[key]
                saved += 1
            if k == steps:
                break
            if fused is None:
                inputs = [s.inputs(v) for s in live]
            for s, x in zip(live, inputs, strict=True):
                v[s.key] = s.update(x, dt)
            t = t + dt
        dims = {
            name: tuple(self.elements[k]["dims"]) for name, k in zip(outputs, keys, strict=True)
        }
        used = {d for ds in dims.values() for d in ds}
        return EngineOutput(
            times=times,
            values=dict(zip(outputs, buffers, strict=True)),
            dims=dims,
            coords={d: list(self.dimensions[d]) for d in used},
        )
