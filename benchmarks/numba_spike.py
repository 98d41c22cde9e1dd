"""Spike (issue 21): the fused ensemble step compiled by numba, against the numpy engine.

Promoted: the production backend is `ikm_sim.engines.fast.jit` (``IKM_SIM_FAST_JIT=numba``);
this spike is kept for its measurements (``--micro``, array code against loop nests).

Usage (numba is not a dependency of ikm-sim: install it apart, never into the project's venv)::

    /work/main/.venv/bin/pip install --target /tmp/nbsite numba==0.68.0 llvmlite
    rm -rf /tmp/nbsite/numpy* /tmp/nbsite/bin        # keep the venv's numpy
    PYTHONPATH=$PWD:/tmp/nbsite nice -n 19 /work/main/.venv/bin/python \
        benchmarks/numba_spike.py --blocks 1 5 20 --n 100 --repeat 2
    PYTHONPATH=$PWD:/tmp/nbsite nice -n 19 /work/main/.venv/bin/python \
        benchmarks/numba_spike.py --micro --blocks 1 5 20

Default table, per block size: the numpy engine's and the numba step's wall and CPU time per
sample (engine alone, inputs built once, best of ``--repeat``), the first numba run's time
(numba compiles the kernel, or loads it from its on-disk cache) and the agreement of every
output (`ikm_sim.engines.agreement.compare_outputs` at ``--rtol``; its messages say "PySD" for
the numpy engine and "fast" for numba). ``--micro``: one statement (``Stayers``) and one
reduction (a sum over Age) of the step, as numpy, as numba array expressions, and as a numba
loop nest. A benchmark measures; it asserts nothing.

How the kernel is made (`jit_source`, from the fused step's source, ``ast`` only, no equation
written by hand): the step's body becomes one ``@njit(cache=True, error_model="numpy")``
function whose parameters are the values it reads (time, states, the run's fixed values and
hoisted expressions); lookups of time and other runtime calls of values known before the step
stay in Python and are passed in; reductions over several axes become nested one-axis
reductions; ``rt.fit``/``xidz``/``zidz``/``per_step``/``times_step`` get numba versions
(`HELPERS`); stores to ``v`` and ``del`` leave the kernel, which returns the stored values.
It compiles unchanged for the ensemble model.

``--loops``: the kernel runs once in Python to record every value's shape
(`_traced_shapes`), then each element-wise statement ``x = fit(expr, shape)`` and each sum of
an element-wise expression is rewritten as a loop nest over its shape (`loop_source`;
broadcasting by ``None``, ``:`` and ``transpose`` becomes index arithmetic), the rest stays as
array code, and the kernel is compiled again.

What it shows (the numbers are in the session's report): numba's array expressions do not beat
numpy on these broadcast, strided operands (numba's fused loop is not vectorised; its
``np.sum(axis=)`` is slower than numpy's), so the kernel as array code gains little; the same
statements as loop nests are several times faster than numpy, bit for bit equal element-wise;
sums as loop nests add sequentially where numpy adds pairwise (differences in the last bits,
visible only where a difference of two near values cancels: Gap FTE, Vacancies FTE). Loop
nests statement by statement still write every value to memory: a production backend should
generate them from `ikm_sim.engines.fast.codegen`, which knows every variable's dimensions and
axis order (no tracing), fuse consecutive nests over the same iteration space (values used
only inside a nest kept as scalars), and integrate the states in the kernel.
"""

from __future__ import annotations

import argparse
import ast
import copy
import sys
import time
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ikm_sim.engines.fast.fuse import NotFusable
from ikm_sim.settings import FINAL_YEAR

warnings.simplefilter("ignore")

#: The numba versions of the runtime functions a kernel calls (written into each kernel's module:
#: the module numba caches is then self-contained). Same numbers as ikm_sim.engines.fast.runtime.
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


class NotJittable(NotFusable):
    """A fused step has a form the numba rewrite does not know (the numpy step runs)."""


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


class _Kernel(ast.NodeTransformer):
    """Rewrites the step's expressions for numba; collects what must be computed in Python."""

    def __init__(self, python: set[str]):
        self.python = python
        self.hoisted: dict[str, tuple[str, ast.expr]] = {}

    def visit_Call(self, node: ast.Call) -> ast.AST:
        name = _dotted(node.func)
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
        raise NotJittable(f"{_dotted(node.func)} with arguments other than one array and axis")
    if axis is None:
        return node
    if isinstance(axis, ast.Tuple):
        axes = [a.value for a in axis.elts if isinstance(a, ast.Constant)]
        if len(axes) != len(axis.elts):
            raise NotJittable("a reduction over axes that are not constants")
    elif isinstance(axis, ast.Constant):
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
        and _dotted(stmt.targets[0].value) == "v"
    )


def _is_read(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Assign)
        and isinstance(stmt.value, ast.Subscript)
        and _dotted(stmt.value.value) == "v"
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


def jit_source(source: str) -> str:
    """Python source of a module with a numba kernel and ``bind`` for a fused step's source.

    Parameters
    ----------
    source : str
        The module `ikm_sim.engines.fast.fuse.step_source` writes.

    Returns
    -------
    str
        A module whose ``bind(v, _timed, _lookup)`` returns a ``step(v)`` computing the same
        values, its work done by ``kernel``, compiled by numba on first call (and cached).

    Raises
    ------
    NotJittable
        If the step has a form the rewrite does not know.
    """
    bind, setup, step = _split(source)
    python = _assigned(setup) | {a.arg for a in bind.args.args}
    reads = [s for s in step.body if _is_read(s)]
    moving = sorted(_assigned(reads))
    stores: list[tuple[str, str]] = []
    kernel_body: list[ast.stmt] = []
    rewrite = _Kernel(python | {"time", "n_time"})
    for s in step.body:
        if _is_read(s) or isinstance(s, ast.Delete):
            continue
        if _is_store(s):
            assert isinstance(s, ast.Assign) and isinstance(s.targets[0], ast.Subscript)
            stores.append((ast.unparse(s.targets[0].slice), ast.unparse(s.value)))
            continue
        if isinstance(s, ast.Return):
            returned = s.value
            continue
        kernel_body.append(rewrite.visit(s))
    hoisted = list(rewrite.hoisted.values())
    local = _assigned(kernel_body)
    free = set().union(*(_names(s) for s in kernel_body), _names(returned)) - local - GLOBALS
    fixed = sorted(free - set(moving) - {h for h, _ in hoisted})
    if not set(fixed) <= python:
        raise NotJittable(f"the step reads {sorted(set(fixed) - python)} from nowhere")
    passed = [*moving, *(h for h, _ in hoisted)]
    params = [*passed, *fixed]
    stored = "".join(f"{name}, " for _, name in stores)
    lines = [
        '"""A numba step, generated by ikm_sim.engines.fast.jit (do not edit)."""',
        "# ruff: noqa",
        "import numpy as np",
        "from numba import njit",
        "from ikm_sim.engines.fast import runtime as rt",
        "from numba import types",
        "from numba.extending import overload",
        "from ikm_sim.engines.fast.runtime import SMALL",
        HELPERS,
        "",
        "",
        "@njit(cache=True, error_model='numpy')",
        f"def kernel({', '.join(params)}):",
        *(f"    {ast.unparse(s)}" for s in kernel_body),
        f"    return ({stored}), {ast.unparse(returned)}",
        "",
        "",
        f"def bind({ast.unparse(bind.args)}):",
        *(f"    {ast.unparse(s)}" for s in setup),
        f"    _fixed = ({''.join(f + ', ' for f in fixed)})",
        "    def step(v):",
        *(f"        {ast.unparse(s)}" for s in reads),
        *(f"        {h} = {ast.unparse(call)}" for h, call in hoisted),
        f"        _stored, _inputs = kernel({', '.join([*passed, '*_fixed'])})",
        *(f"        v[{key}] = _stored[{i}]" for i, (key, _) in enumerate(stores)),
        "        return _inputs",
        "    return step",
        "",
    ]
    return "\n".join(lines)


# ----------------------------------------------------------------- loop nests (--loops)
#: Element-wise calls of a kernel and the scalar functions a loop nest calls instead.
SCALAR_CALLS = {
    "np.minimum": "_smin",
    "np.maximum": "_smax",
    "np.where": "_swhere",
    "_xidz": "_sxidz",
    "_zidz": "_szidz",
    "_per_step": "_sdiv",
    "_times_step": "_smul",
}
SCALAR_HELPERS = """
@njit(inline="always")
def _smin(a, b):
    return np.minimum(a, b)


@njit(inline="always")
def _smax(a, b):
    return np.maximum(a, b)


@njit(inline="always")
def _swhere(c, a, b):
    return a if c else b


@njit(inline="always")
def _sxidz(n, d, value):
    return value if abs(d) < SMALL else n / d


@njit(inline="always")
def _szidz(n, d):
    return 0.0 if abs(d) < SMALL else n / d


@njit(inline="always")
def _sdiv(x, dt):
    return x / dt


@njit(inline="always")
def _smul(x, dt):
    return x * dt
"""


class _Scalar(ast.NodeTransformer):
    """An element-wise expression as the scalar expression of one element of a loop nest."""

    def __init__(self, shapes: dict[str, tuple[int, ...]], out: tuple[int, ...]):
        self.shapes, self.out = shapes, out

    def _base(self, node: ast.expr) -> tuple[str, tuple[int, ...], list[int]] | None:
        """A name (or a name's constant transpose): its name, shape and axis order."""
        if isinstance(node, ast.Name):
            shape = self.shapes[node.id]
            return node.id, shape, list(range(len(shape)))
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "transpose"
            and isinstance(node.func.value, ast.Name)
            and len(node.args) == 1
        ):
            shape = self.shapes[node.func.value.id]
            return node.func.value.id, shape, list(ast.literal_eval(node.args[0]))
        return None

    def effective(self, node: ast.expr) -> tuple[str, int, list[tuple[int, int | None]]] | None:
        """An operand's name, its number of axes and (size, original axis) of each of its axes."""
        elts: list[ast.expr] = []
        base = self._base(node)
        if base is None and isinstance(node, ast.Subscript):
            base = self._base(node.value)
            elts = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
        if base is None:
            return None
        name, shape, order = base
        effective: list[tuple[int, int | None]] = []
        axis = 0
        for e in elts:
            if isinstance(e, ast.Constant) and e.value is None:
                effective.append((1, None))
            elif isinstance(e, ast.Slice) and e.lower is e.upper is e.step is None:
                effective.append((shape[order[axis]], order[axis]))
                axis += 1
            else:
                raise NotJittable("an operand indexed other than by : and None")
        effective += [(shape[order[a]], order[a]) for a in range(axis, len(shape))]
        return name, len(shape), effective

    def operands(self, node: ast.expr) -> list[ast.expr]:
        """The operands of element-wise `node`, outermost first."""
        if self.effective(node) is not None:
            return [node]
        children = node.args if isinstance(node, ast.Call) else ast.iter_child_nodes(node)
        return [o for c in children if isinstance(c, ast.expr) for o in self.operands(c)]

    def broadcast(self, node: ast.expr) -> tuple[int, ...]:
        """The shape of element-wise `node` (its operands' shapes broadcast)."""
        shapes = []
        for o in self.operands(node):
            found = self.effective(o)
            assert found is not None
            shapes.append(tuple(size for size, _ in found[2]))
        return tuple(np.broadcast_shapes(*shapes))

    def operand(self, node: ast.expr) -> ast.expr:
        found = self.effective(node)
        assert found is not None
        name, ndim, effective = found
        if ndim == 0:
            return ast.Name(name, ast.Load())
        lead = len(self.out) - len(effective)
        if lead < 0:
            raise NotJittable("an operand with more axes than the result")
        index = ["0"] * ndim
        for e, (size, original) in enumerate(effective):
            if original is None:
                continue
            if size == self.out[lead + e] and size != 1:
                index[original] = f"i{lead + e}"
            elif size != 1:
                raise NotJittable("an operand that does not broadcast to the result")
        return ast.parse(f"{name}[{', '.join(index)}]", mode="eval").body

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id not in self.shapes:
            raise NotJittable(f"no shape for {node.id}")
        return self.operand(node)

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        if self.effective(node) is None:
            raise NotJittable("a subscript of an expression")
        return self.operand(node)

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if self._base(node) is not None:
            return self.operand(node)
        name = _dotted(node.func)
        if name not in SCALAR_CALLS or node.keywords:
            raise NotJittable(f"{name} in an element-wise statement")
        node.args = [self.visit(a) for a in node.args]
        node.func = ast.Name(SCALAR_CALLS[name], ast.Load())
        return node

    def generic_visit(self, node: ast.AST) -> ast.AST:
        if not isinstance(
            node,
            ast.BinOp
            | ast.UnaryOp
            | ast.Compare
            | ast.Constant
            | ast.operator
            | ast.unaryop
            | ast.cmpop
            | ast.expr_context,
        ):
            raise NotJittable(f"a {type(node).__name__} in an element-wise statement")
        return super().generic_visit(node)


def _loop_nest(stmt: ast.stmt, shapes: dict[str, tuple[int, ...]]) -> list[str] | None:
    """``x = _fit(expr, shape)`` of element-wise `expr` as a loop nest, or None."""
    if not (
        isinstance(stmt, ast.Assign)
        and isinstance(stmt.targets[0], ast.Name)
        and isinstance(stmt.value, ast.Call)
        and _dotted(stmt.value.func) == "_fit"
    ):
        return None
    out = tuple(ast.literal_eval(stmt.value.args[1]))
    if not out:
        return None
    reduced = _sum_nest(stmt.targets[0].id, stmt.value.args[0], out, shapes)
    if reduced is not None:
        return reduced
    try:
        scalar = _Scalar(shapes, out).visit(copy.deepcopy(stmt.value.args[0]))
    except (NotJittable, KeyError, IndexError):
        return None
    name = stmt.targets[0].id
    lines = [f"{name} = np.empty({out!r})"]
    for axis, size in enumerate(out):
        lines.append(f"{'    ' * axis}for i{axis} in range({size}):")
    index = ", ".join(f"i{a}" for a in range(len(out)))
    lines.append(f"{'    ' * len(out)}{name}[{index}] = {ast.unparse(scalar)}")
    return lines


def _sum_nest(
    name: str, node: ast.expr, out: tuple[int, ...], shapes: dict[str, tuple[int, ...]]
) -> list[str] | None:
    """``np.sum(np.sum(E, axis=a), axis=b)`` of element-wise ``E`` as one accumulating nest."""
    axes: list[int] = []
    while isinstance(node, ast.Call) and _dotted(node.func) == "np.sum":
        axes.append(node.keywords[0].value.value)  # type: ignore[attr-defined]
        node = node.args[0]
    if not axes:
        return None
    try:
        full = _Scalar(shapes, ()).broadcast(node)
        scalar = _Scalar(shapes, full).visit(copy.deepcopy(node))
    except (NotJittable, KeyError, IndexError, ValueError):
        return None
    if len(full) != len(out) + len(axes):
        return None
    kept = ", ".join(f"i{a}" for a in range(len(full)) if a not in axes) or "0"
    lines = [f"{name} = np.zeros({out!r})"]
    for axis, size in enumerate(full):
        lines.append(f"{'    ' * axis}for i{axis} in range({size}):")
    lines.append(f"{'    ' * len(full)}{name}[{kept}] += {ast.unparse(scalar)}")
    return lines


def _split_sums(stmt: ast.stmt, shapes: dict[str, tuple[int, ...]]) -> list[str]:
    """Nests for the sums inside `stmt`'s expression (replaced in it by their names)."""
    if not (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call)):
        return []
    if (
        _dotted(stmt.value.func) != "_fit"
        or _dotted(
            stmt.value.args[0].func
            if isinstance(stmt.value.args[0], ast.Call)
            else stmt.value.args[0]
        )
        == "np.sum"
    ):
        return []
    lines: list[str] = []

    class Split(ast.NodeTransformer):
        def visit_Call(self, node: ast.Call) -> ast.AST:
            if _dotted(node.func) != "np.sum":
                self.generic_visit(node)
                return node
            inner, axes = node, []
            while isinstance(inner, ast.Call) and _dotted(inner.func) == "np.sum":
                axes.append(inner.keywords[0].value.value)  # type: ignore[attr-defined]
                inner = inner.args[0]
            try:
                full = _Scalar(shapes, ()).broadcast(inner)
            except (NotJittable, KeyError, IndexError, ValueError):
                return node
            out = tuple(n for a, n in enumerate(full) if a not in axes)
            name = f"_sum{len(shapes)}"
            nest = _sum_nest(name, node, out, shapes) if out else None
            if nest is None:
                return node
            shapes[name] = out
            lines.extend(nest)
            return ast.Name(name, ast.Load())

    stmt.value.args[0] = Split().visit(stmt.value.args[0])
    return lines


def loop_source(source: str, shapes: dict[str, tuple[int, ...]]) -> tuple[str, int, int]:
    """The kernel module `source` with its element-wise statements as loop nests.

    Returns the new source, the number of statements lowered and of statements left.
    """
    tree = ast.parse(source)
    kernel = next(s for s in tree.body if isinstance(s, ast.FunctionDef) and s.name == "kernel")
    body: list[str] = []
    lowered = 0
    for stmt in kernel.body:
        body += _split_sums(stmt, shapes)
        nest = _loop_nest(stmt, shapes)
        lowered += nest is not None
        body += nest if nest is not None else ast.unparse(stmt).splitlines()
    lines = source.splitlines()
    start, end = kernel.body[0].lineno - 1, kernel.body[-1].end_lineno or 0
    text = "\n".join([*lines[:start], *(f"    {b}" for b in body), *lines[end:]])
    marker = "@njit(cache=True, error_model='numpy')"
    text = text.replace(marker, SCALAR_HELPERS + "\n\n" + marker, 1)
    return text, lowered, len(kernel.body) - lowered


def _traced_shapes(fn: Any, args: tuple[Any, ...]) -> dict[str, tuple[int, ...]]:
    """Shapes of every local of `fn` when called on `args` (run once, in Python)."""
    shapes: dict[str, tuple[int, ...]] = {}

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        if frame.f_code is not fn.__code__:
            return None
        if event == "return":
            for key, value in frame.f_locals.items():
                if not isinstance(value, tuple):
                    shapes[key] = tuple(np.shape(value))
        return tracer

    sys.settrace(tracer)
    try:
        fn(*args)
    finally:
        sys.settrace(None)
    return shapes


def _load(source: str, beside: Path, prefix: str) -> Any:
    """Write `source` beside the fused step (named by its hash) and import it."""
    import hashlib
    import importlib.util

    target = beside.with_name(f"{prefix}_{hashlib.sha256(source.encode()).hexdigest()[:16]}.py")
    target.write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location(f"ikm_jit_{target.stem}", target)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # numba's cache finds the kernel's module by name
    spec.loader.exec_module(module)
    return module


def _jit_stepper(original: Any, loops: bool) -> Any:
    def make(plan: Any, *_: Any) -> Any:  # the loop FastModel asks for: this spike's
        bind = original(plan)
        path = Path(bind.__code__.co_filename)
        source = jit_source(path.read_text("utf-8"))
        module = _load(source, path, "jit")
        if loops:
            compiled = module.kernel

            def first(*args: Any) -> Any:  # shapes are known once the kernel has run once
                shapes = _traced_shapes(compiled.py_func, args)
                text, lowered, left = loop_source(source, shapes)
                print(f"  loop nests: {lowered} statements, {left} left as arrays", flush=True)
                module.kernel = _load(text, path, "loops").kernel
                return module.kernel(*args)

            module.kernel = first
        return module.bind

    return lru_cache(maxsize=64)(make)


def _timed(fn: Any, n: int) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return (time.perf_counter() - wall) / n, (time.process_time() - cpu) / n, out


def _stayers(teachers: Any, retire: Any, leave: Any, language: Any, surplus: Any) -> Any:
    """``Stayers`` of the ensemble step, as the numpy engine writes it (broadcast views)."""
    return (
        teachers
        * (1 - retire)
        * (1 - leave)
        * ((1 - language[:, :, None, None]) * (1 - surplus[:, :, :, None]))
    )


def _stayers_loops(teachers: Any, retire: Any, leave: Any, language: Any, surplus: Any) -> Any:
    """The same as one loop nest (the form a loop-generating backend would write)."""
    out = np.empty(teachers.shape)
    s_, r_, j_, a_ = teachers.shape
    for s in range(s_):
        for r in range(r_):
            lang = 1 - language[s, r]
            for j in range(j_):
                both = lang * (1 - surplus[s, r, j])
                for a in range(a_):
                    out[s, r, j, a] = (
                        teachers[s, r, j, a]
                        * (1 - retire[s, r, j, a])
                        * (1 - leave[s, r, j, a])
                        * both
                    )
    return out


def _sum_last(x: Any) -> Any:
    return np.sum(x, axis=3)


def _sum_last_loops(x: Any) -> Any:
    out = np.empty(x.shape[:3])
    s_, r_, j_, a_ = x.shape
    for s in range(s_):
        for r in range(r_):
            for j in range(j_):
                acc = 0.0
                for a in range(a_):
                    acc += x[s, r, j, a]
                out[s, r, j] = acc
    return out


def micro(block: int, repeat: int = 300) -> None:
    """One statement and one reduction of the step: numpy, numba array expressions, loops."""
    from numba import njit

    rng = np.random.default_rng(0)
    shape = (block, 42, 17, 56)
    four = [rng.random(shape) for _ in range(3)]
    args = (*four, rng.random(shape[:2]), rng.random(shape[:3]))
    cases = [
        ("Stayers: numpy", _stayers, args),
        ("Stayers: numba array expression", njit(error_model="numpy")(_stayers), args),
        ("Stayers: numba loop nest", njit(error_model="numpy")(_stayers_loops), args),
        ("sum over Age: numpy", _sum_last, args[:1]),
        ("sum over Age: numba np.sum(axis=3)", njit(_sum_last), args[:1]),
        ("sum over Age: numba loop nest", njit(_sum_last_loops), args[:1]),
    ]
    print(f"one statement, arrays of {shape}, CPU per call")
    print("| case | us | same numbers |\n|---|---|---|")
    for name, fn, given in cases:
        result = fn(*given)
        reference = (_stayers if name.startswith("Stayers") else _sum_last)(*given)
        cpu = time.process_time()
        for _ in range(repeat):
            fn(*given)
        took = 1e6 * (time.process_time() - cpu) / repeat
        same = float(np.max(np.abs(result - reference) / np.abs(reference)))
        print(f"| {name} | {took:.0f} | max rel diff {same:.1e} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--blocks", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rtol", type=float, default=1e-12)
    parser.add_argument(
        "--loops", action="store_true", help="element-wise statements as loop nests"
    )
    parser.add_argument("--micro", action="store_true", help="the one-statement table instead")
    args = parser.parse_args()
    if args.micro:
        for block in args.blocks:
            micro(block)
        return

    from ikm_sim.data.load import load_data
    from ikm_sim.engines.agreement import compare_outputs
    from ikm_sim.engines.fast import FastEngine, _ensemble_text, load_fast_model
    from ikm_sim.inputs.samples import ensemble_inputs
    from ikm_sim.model.lookup_paths import thin_inputs
    from ikm_sim.paths import MODEL_FILE
    from ikm_sim.scenario import load_scenario
    from ikm_sim.uncertainty import UncertaintySpec, draw_samples
    from ikm_sim.uncertainty.ensemble import OUTPUTS
    from ikm_sim.uncertainty.sources import apply_sources

    sc, ds = load_scenario("baseline"), load_data(None)
    n = args.n
    rows = draw_samples(n, UncertaintySpec())
    base = ds.base_year
    inputs = apply_sources(ensemble_inputs(ds, sc, rows, base), ds, rows, base)
    inputs = thin_inputs(inputs, (base, FINAL_YEAR))
    columns = list(dict.fromkeys(o.variable for o in OUTPUTS.values()))
    print(
        f"{n} samples to {FINAL_YEAR}, engine alone, best of {args.repeat}\n"
        "| block | numpy ms/sample (CPU) | numba ms/sample (CPU) | speed-up | numba first call s "
        "| agreement (compare_outputs, --rtol) |\n|---|---|---|---|---|---|"
    )
    for block in args.blocks:
        engine = FastEngine(block)

        def run(engine: FastEngine = engine) -> Any:
            return engine.simulate_samples(ds.directory, inputs, columns, base, FINAL_YEAR, n)

        run()
        model = load_fast_model(ds.directory, MODEL_FILE, _ensemble_text(MODEL_FILE, block))
        numpy_times = [_timed(run, n) for _ in range(args.repeat)]
        original = model._stepper
        model._stepper = _jit_stepper(original, args.loops)
        try:
            first = _timed(run, 1)
            numba_times = [_timed(run, n) for _ in range(args.repeat)]
        finally:
            model._stepper = original
        problems = compare_outputs(numpy_times[0][2], numba_times[0][2], rtol=args.rtol)
        diff = "ok" if not problems else "; ".join(str(p) for p in problems)
        np_ms = 1000 * min(t[0] for t in numpy_times), 1000 * min(t[1] for t in numpy_times)
        nb_ms = 1000 * min(t[0] for t in numba_times), 1000 * min(t[1] for t in numba_times)
        print(
            f"| {block} | {np_ms[0]:.1f} ({np_ms[1]:.1f}) | {nb_ms[0]:.1f} ({nb_ms[1]:.1f}) "
            f"| {np_ms[1] / nb_ms[1]:.2f}x | {first[0]:.1f} | {diff} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
