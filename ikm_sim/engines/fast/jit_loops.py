"""A numba kernel's element-wise statements and sums as loop nests (shapes traced once).

numba's array expressions do not beat numpy on the kernel's broadcast, strided operands; the
same statements as loop nests do (bit for bit equal element-wise). `loop_source` rewrites each
element-wise statement ``x = _fit(expr, shape)`` and each sum of an element-wise expression
of a kernel made by `ikm_sim.engines.fast.jit_source` as a loop nest over its shape
(broadcasting by ``None``, ``:`` and ``transpose`` becomes index arithmetic); the rest stays
array code. Every value's shape comes from `traced_shapes`: the kernel run once in Python on
real arguments. Sums as loop nests add sequentially where numpy adds pairwise (differences in
the last bits, visible only where a difference of two near values cancels).
"""

from __future__ import annotations

import ast
import copy
import sys
import types
from typing import Any

import numpy as np

from ikm_sim.engines.fast.fuse import dotted
from ikm_sim.engines.fast.jit_source import KERNEL_DECORATOR, TRACE_CALLS, NotJittable

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
        name = dotted(node.func)
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


def _target(
    stmt: ast.stmt, shapes: dict[str, tuple[int, ...]], floats: frozenset[str]
) -> tuple[str, ast.expr, tuple[int, ...]] | None:
    """The name, expression and shape of an element-wise statement, or None.

    ``x = _fit(expr, shape)``, or ``x = expr`` of arithmetic making a float array (a shared
    subexpression of the fused step).
    """
    if not (isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)):
        return None
    name, value = stmt.targets[0].id, stmt.value
    if isinstance(value, ast.Call) and dotted(value.func) == "_fit":
        return name, value.args[0], tuple(ast.literal_eval(value.args[1]))
    arithmetic = isinstance(value, ast.BinOp | ast.UnaryOp) and not any(
        isinstance(n, ast.Compare | ast.BitAnd | ast.BitOr | ast.BitXor | ast.Invert)
        for n in ast.walk(value)
    )
    if arithmetic and name in floats and shapes.get(name):
        return name, value, shapes[name]
    return None


def _loop_nest(
    stmt: ast.stmt, shapes: dict[str, tuple[int, ...]], floats: frozenset[str] = frozenset()
) -> list[str] | None:
    """An element-wise statement (`_target`) as a loop nest, or None."""
    found = _target(stmt, shapes, floats)
    if found is None or not found[2]:
        return None
    name, expression, out = found
    if isinstance(expression, ast.Name) and shapes.get(expression.id) == out:
        return [f"{name} = {expression.id}"]  # as rt.fit: the same array, not a copy
    reduced = _sum_nest(name, expression, out, shapes)
    if reduced is not None:
        return reduced
    try:
        scalar = _Scalar(shapes, out).visit(copy.deepcopy(expression))
    except (NotJittable, KeyError, IndexError):
        return None
    lines = [f"{name} = np.empty({out!r})"]
    for axis, size in enumerate(out):
        lines.append(f"{'    ' * axis}for i{axis} in range({size}):")
    index = ", ".join(f"i{a}" for a in range(len(out)))
    lines.append(f"{'    ' * len(out)}{name}[{index}] = {ast.unparse(scalar)}")
    return lines


#: Reductions lowered to loop nests: the array the result starts as, and how a cell adds to it
#: (``np.maximum``/``np.minimum`` keep numpy's NaN, and have no rounding).
REDUCED = {
    "np.sum": ("np.zeros({out!r})", "{cell} += {value}"),
    "np.max": ("np.full({out!r}, -np.inf)", "{cell} = _smax({cell}, {value})"),
    "np.min": ("np.full({out!r}, np.inf)", "{cell} = _smin({cell}, {value})"),
}


def _peel(node: ast.expr) -> tuple[str, list[int], ast.expr]:
    """``np.sum(np.sum(E, axis=a), axis=b)``: the reduction, its axes of ``E``, and ``E``."""
    name = dotted(node.func) if isinstance(node, ast.Call) else ""
    axes: list[int] = []
    while (
        name in REDUCED
        and isinstance(node, ast.Call)
        and dotted(node.func) == name
        and len(node.keywords) == 1
        and isinstance(node.keywords[0].value, ast.Constant)
        and type(node.keywords[0].value.value) is int
    ):
        axes.append(int(node.keywords[0].value.value))
        node = node.args[0]
    return name, axes, node


def _sum_nest(
    name: str, node: ast.expr, out: tuple[int, ...], shapes: dict[str, tuple[int, ...]]
) -> list[str] | None:
    """A sum (max, min) over axes of element-wise ``E`` (`_peel`) as one accumulating nest."""
    reduction, axes, node = _peel(node)
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
    start, add = REDUCED[reduction]
    lines = [f"{name} = {start.format(out=out)}"]
    for axis, size in enumerate(full):
        lines.append(f"{'    ' * axis}for i{axis} in range({size}):")
    cell = f"{name}[{kept}]"
    lines.append("    " * len(full) + add.format(cell=cell, value=ast.unparse(scalar)))
    return lines


class _Split(ast.NodeTransformer):
    """Each reduction inside an expression as a nest of its own, named ``_sumN`` in it."""

    def __init__(self, shapes: dict[str, tuple[int, ...]]):
        self.shapes = shapes
        self.lines: list[str] = []

    def visit_Call(self, node: ast.Call) -> ast.AST:
        _, axes, inner = _peel(node)
        if not axes:
            self.generic_visit(node)
            return node
        try:
            full = _Scalar(self.shapes, ()).broadcast(inner)
        except (NotJittable, KeyError, IndexError, ValueError):
            return node
        out = tuple(n for a, n in enumerate(full) if a not in axes)
        name = f"_sum{len(self.shapes)}"
        nest = _sum_nest(name, node, out, self.shapes) if out else None
        if nest is None:
            return node
        self.shapes[name] = out
        self.lines.extend(nest)
        return ast.Name(name, ast.Load())


def _split_sums(stmt: ast.stmt, shapes: dict[str, tuple[int, ...]]) -> list[str]:
    """Nests for the reductions inside `stmt`'s expression (replaced in it by their names)."""
    if not (
        isinstance(stmt, ast.Assign)
        and isinstance(stmt.value, ast.Call)
        and dotted(stmt.value.func) == "_fit"
        and not _peel(stmt.value.args[0])[1]  # a reduction itself: `_loop_nest` lowers it
    ):
        return []
    split = _Split(shapes)
    stmt.value.args[0] = split.visit(stmt.value.args[0])
    return split.lines


def loop_source(
    source: str, shapes: dict[str, tuple[int, ...]], floats: frozenset[str] = frozenset()
) -> tuple[str, int, int]:
    """The kernel module `source` with its element-wise statements as loop nests.

    Parameters
    ----------
    source : str
        A module written by `ikm_sim.engines.fast.jit_source.jit_source`.
    shapes : dict
        The shape of every local of its kernel (`traced_shapes`); the sums' names are added.
    floats : frozenset of str, optional
        The locals that are float arrays (`traced_shapes`): shared subexpressions among them
        are lowered too.

    Returns
    -------
    tuple of (str, int, int)
        The new source, the number of statements lowered and of statements left as arrays.
    """
    tree = ast.parse(source)
    kernel = next(s for s in tree.body if isinstance(s, ast.FunctionDef) and s.name == "kernel")
    body: list[str] = []
    lowered = 0
    for stmt in kernel.body:
        body += _split_sums(stmt, shapes)
        nest = _loop_nest(stmt, shapes, floats)
        lowered += nest is not None
        body += nest if nest is not None else ast.unparse(stmt).splitlines()
    lines = source.splitlines()
    start, end = kernel.body[0].lineno - 1, kernel.body[-1].end_lineno or 0
    text = "\n".join([*lines[:start], *(f"    {b}" for b in body), *lines[end:]])
    text = text.replace(KERNEL_DECORATOR, SCALAR_HELPERS + "\n\n" + KERNEL_DECORATOR, 1)
    return text, lowered, len(kernel.body) - lowered


def traced_shapes(
    source: str, args: tuple[Any, ...]
) -> tuple[dict[str, tuple[int, ...]], frozenset[str]]:
    """Shapes of every local of the kernel of module `source` called on `args`; float arrays.

    The kernel runs once, in Python, its numba calls replaced by their Python twins
    (`ikm_sim.engines.fast.jit_source.TRACE_CALLS`): numba compiles nothing for it.
    """
    tree = ast.parse(source)
    kernel = next(s for s in tree.body if isinstance(s, ast.FunctionDef) and s.name == "kernel")
    kernel.decorator_list = []
    namespace: dict[str, Any] = dict(TRACE_CALLS)
    exec(compile(ast.Module([kernel], []), "<jit kernel>", "exec"), namespace)
    fn: types.FunctionType = namespace["kernel"]
    shapes: dict[str, tuple[int, ...]] = {}
    floats: set[str] = set()

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        if frame.f_code is not fn.__code__:
            return None
        if event == "return":
            for key, value in frame.f_locals.items():
                if not isinstance(value, tuple):
                    shapes[key] = tuple(np.shape(value))
                if isinstance(value, np.ndarray) and value.dtype.kind == "f":
                    floats.add(key)
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        with np.errstate(divide="ignore", invalid="ignore"):
            fn(*args)
    finally:
        sys.settrace(previous)
    return shapes, frozenset(floats)
