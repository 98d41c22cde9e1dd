"""The source of a numba kernel for a fused step (`ikm_sim.engines.fast.fuse`), from its ``ast``.

`jit_source` turns the fused step's module into a module with one
``@njit(cache=True, error_model="numpy")`` function, ``kernel``, and a ``bind`` that calls it:
the kernel's parameters are the values the step reads (time, states, the run's fixed values
and the hoisted expressions); lookups of time and other runtime calls of values known before
the step stay in Python and are passed in; reductions over several axes become nested one-axis
reductions; ``rt.fit``/``xidz``/``zidz``/``per_step``/``times_step`` get numba versions
(`HELPERS`, written into each module: the module numba caches is then self-contained); stores
to ``v`` and ``del`` leave the kernel, which returns the stored values. No equation is written
by hand. `ikm_sim.engines.fast.jit_loops` then lowers the kernel's element-wise statements and
sums to loop nests, and `ikm_sim.engines.fast.jit` loads and binds it.
"""

from __future__ import annotations

import ast
import copy
from typing import Any

import numpy as np

from ikm_sim.engines.fast import runtime as rt
from ikm_sim.engines.fast.fuse import NotFusable, dotted

#: The numba versions of the runtime functions a kernel calls. Same numbers as
#: `ikm_sim.engines.fast.runtime` (`TRACE_CALLS` are their Python twins, same shapes).
HELPERS = """
def _fit_py(value, shape):
    raise NotImplementedError


@overload(_fit_py)
def _fit_impl(value, shape):
    if isinstance(value, types.Array) and value.ndim == len(shape):

        def same(value, shape):
            if value.shape != shape:
                raise ValueError("fit: an array of another shape")
            return value

        return same
    if isinstance(value, types.Array):
        return lambda value, shape: np.broadcast_to(value, shape)
    return lambda value, shape: np.full(shape, float(value))


def _xidz_py(numerator, denominator, value):
    raise NotImplementedError


@overload(_xidz_py)
def _xidz_impl(numerator, denominator, value):
    if isinstance(denominator, types.Array):
        return lambda numerator, denominator, value: np.where(
            np.abs(denominator) < SMALL, value, numerator / denominator
        )
    if isinstance(numerator, types.Array):

        def scalar_denominator(numerator, denominator, value):
            quotient = numerator / denominator
            if abs(denominator) < SMALL:
                return np.full_like(quotient, value)
            return quotient

        return scalar_denominator
    return lambda numerator, denominator, value: (
        float(value) if abs(denominator) < SMALL else numerator / denominator
    )


@njit
def _fit(value, shape):
    return _fit_py(value, shape)


@njit
def _xidz(numerator, denominator, value):
    return _xidz_py(numerator, denominator, value)


@njit
def _zidz(numerator, denominator):
    return _xidz_py(numerator, denominator, 0.0)


@njit
def _per_step(value, dt):
    # value / 1 is value, bit for bit: one branch keeps one type
    return value / dt


@njit
def _times_step(value, dt):
    return value * dt
"""

#: The runtime functions the kernel calls, and their numba versions' names.
KERNEL_CALLS = {
    "rt.fit": "_fit",
    "rt.xidz": "_xidz",
    "rt.zidz": "_zidz",
    "rt.per_step": "_per_step",
    "rt.times_step": "_times_step",
}
REDUCTIONS = frozenset({"np.sum", "np.min", "np.max"})
GLOBALS = frozenset({"np", "rt", *KERNEL_CALLS.values()})
#: The decorator of the kernel (`ikm_sim.engines.fast.jit_loops` puts its helpers above it).
KERNEL_DECORATOR = "@njit(cache=True, error_model='numpy')"


class NotJittable(NotFusable):
    """A fused step has a form the numba rewrite does not know (the numpy step runs)."""


def _xidz_trace(numerator: Any, denominator: Any, value: Any) -> Any:
    if np.ndim(denominator):
        return rt.xidz(numerator, denominator, value)
    quotient = numerator / denominator if abs(denominator) >= rt.SMALL else None
    if np.ndim(numerator):
        return np.full(np.shape(numerator), value) if quotient is None else quotient
    return float(value) if quotient is None else quotient


#: Python versions of the kernel's calls with the numba versions' shapes (to trace shapes).
TRACE_CALLS: dict[str, Any] = {
    "np": np,
    "rt": rt,
    "_fit": rt.fit,
    "_xidz": _xidz_trace,
    "_zidz": lambda numerator, denominator: _xidz_trace(numerator, denominator, 0.0),
    "_per_step": lambda value, dt: value / dt,
    "_times_step": lambda value, dt: value * dt,
}


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


class _Kernel(ast.NodeTransformer):
    """Rewrites the step's expressions for numba; collects what must be computed in Python."""

    def __init__(self, python: set[str]):
        self.python = python
        self.hoisted: dict[str, tuple[str, ast.expr]] = {}

    def visit_Call(self, node: ast.Call) -> ast.AST:
        name = dotted(node.func)
        if (name.startswith("rt.") or name == "_lookup") and _names(node) - {"rt"} <= self.python:
            key = ast.dump(node)
            if key not in self.hoisted:
                self.hoisted[key] = (f"_k{len(self.hoisted)}", node)
            return ast.Name(self.hoisted[key][0], ast.Load())
        self.generic_visit(node)
        if name in KERNEL_CALLS:
            node.func = ast.Name(KERNEL_CALLS[name], ast.Load())
        elif name in REDUCTIONS:
            return _nested_reduction(node)
        elif name.startswith("rt.") or name == "_lookup":
            raise NotJittable(f"{name} of values of the step")
        return node


def _nested_reduction(node: ast.Call) -> ast.expr:
    axis = next((k.value for k in node.keywords if k.arg == "axis"), None)
    if len(node.args) != 1 or len(node.keywords) > 1:
        raise NotJittable(f"{dotted(node.func)} with arguments other than one array and axis")
    if axis is None:
        return node
    if isinstance(axis, ast.Tuple):
        axes = [a.value for a in axis.elts if isinstance(a, ast.Constant) and type(a.value) is int]
        if len(axes) != len(axis.elts):
            raise NotJittable("a reduction over axes that are not constants")
    elif isinstance(axis, ast.Constant) and type(axis.value) is int:
        axes = [axis.value]
    else:
        raise NotJittable("a reduction over an axis that is not a constant")
    result: ast.expr = node.args[0]
    for a in sorted(axes, reverse=True):  # the highest first: the lower axes keep their number
        result = ast.Call(
            copy.deepcopy(node.func), [result], [ast.keyword("axis", ast.Constant(a))]
        )
    return result


def _split(source: str) -> tuple[ast.FunctionDef, list[ast.stmt], ast.FunctionDef]:
    tree = ast.parse(source)
    bind = next((s for s in tree.body if isinstance(s, ast.FunctionDef) and s.name == "bind"), None)
    if bind is None or not isinstance(bind.body[-1], ast.Return):
        raise NotJittable("no bind function in the fused step")
    step = bind.body[-2]
    if not isinstance(step, ast.FunctionDef) or step.name != "step":
        raise NotJittable("bind does not define step last")
    return bind, bind.body[:-2], step


def _is_store(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Assign)
        and isinstance(stmt.targets[0], ast.Subscript)
        and dotted(stmt.targets[0].value) == "v"
    )


def _is_read(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Assign)
        and isinstance(stmt.value, ast.Subscript)
        and dotted(stmt.value.value) == "v"
    )


def _assigned(body: list[ast.stmt]) -> set[str]:
    return {
        t.id
        for s in body
        for n in ast.walk(s)
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }


def _kernel_parts(
    source: str,
) -> tuple[ast.FunctionDef, list[ast.stmt], list[ast.stmt], list[ast.stmt], _Kernel, Any]:
    """The fused step's bind, setup, reads of ``v``, the kernel's body, hoisted calls, stores."""
    bind, setup, step = _split(source)
    python = _assigned(setup) | {a.arg for a in bind.args.args}
    reads = [s for s in step.body if _is_read(s)]
    stores: list[tuple[str, str]] = []
    body: list[ast.stmt] = []
    rewrite = _Kernel(python | {"time", "n_time"})
    returned: ast.expr | None = None
    for s in step.body:
        if _is_read(s) or isinstance(s, ast.Delete):
            continue
        if _is_store(s):
            assert isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Subscript)
            stores.append((ast.unparse(s.targets[0].slice), ast.unparse(s.value)))
        elif isinstance(s, ast.Return) and s.value is not None:
            returned = s.value
        else:
            body.append(rewrite.visit(s))
    if returned is None:
        raise NotJittable("the step returns nothing")
    body.append(
        ast.Return(
            ast.Tuple(
                [
                    ast.parse(f"({''.join(n + ', ' for _, n in stores)})", mode="eval").body,
                    returned,
                ],
                ast.Load(),
            )
        )
    )
    return bind, setup, reads, body, rewrite, stores


def jit_source(source: str) -> str:
    """Python source of a module with a numba kernel and ``bind`` for a fused step's source.

    Parameters
    ----------
    source : str
        The module `ikm_sim.engines.fast.fuse.step_source` writes.

    Returns
    -------
    str
        A module whose ``bind(v, _timed, _lookup, _resolve)`` returns a ``step(v)`` computing
        the same values as the fused step's, its work done by a kernel `_resolve` gives for
        the kernel's arguments (`ikm_sim.engines.fast.jit.JitStep`), or None when `_resolve`
        gives none. ``kernel`` is the kernel as numba array code (``_resolve`` lowers it).

    Raises
    ------
    NotJittable
        If the step has a form the rewrite does not know.
    """
    bind, setup, reads, body, rewrite, stores = _kernel_parts(source)
    hoisted = list(rewrite.hoisted.values())
    moving = sorted(_assigned(reads))
    python = _assigned(setup) | {a.arg for a in bind.args.args}
    free = set().union(*(_names(s) for s in body)) - _assigned(body) - GLOBALS
    fixed = sorted(free - set(moving) - {h for h, _ in hoisted})
    if not set(fixed) <= python:
        raise NotJittable(f"the step reads {sorted(set(fixed) - python)} from nowhere")
    passed = [*moving, *(h for h, _ in hoisted)]
    lines = [
        '"""A numba step, generated by ikm_sim.engines.fast.jit (do not edit)."""',
        "# ruff: noqa",
        "import numpy as np",
        "from numba import njit, types",
        "from numba.extending import overload",
        "from ikm_sim.engines.fast import runtime as rt",
        "from ikm_sim.engines.fast.runtime import SMALL",
        HELPERS,
        "",
        KERNEL_DECORATOR,
        f"def kernel({', '.join([*passed, *fixed])}):",
        *(f"    {ast.unparse(s)}" for s in body),
        "",
        "",
        f"def bind({ast.unparse(bind.args)}, _resolve):",
        *(f"    {ast.unparse(s)}" for s in setup),
        f"    _fixed = _resolve.fixed(({''.join(f + ', ' for f in fixed)}))",
        "    def _arguments(v):",
        *(f"        {ast.unparse(s)}" for s in reads),
        *(f"        {h} = {ast.unparse(call)}" for h, call in hoisted),
        f"        return _resolve.moving(({''.join(p + ', ' for p in passed)})) + _fixed",
        "    _kernel = _resolve.kernel(_arguments(v))",
        "    if _kernel is None:",
        "        return None",
        "    def step(v):",
        "        _stored, _inputs = _kernel(*_arguments(v))",
        *(f"        v[{key}] = _stored[{i}]" for i, (key, _) in enumerate(stores)),
        "        return _inputs",
        "    return step",
        "",
    ]
    return "\n".join(lines)
