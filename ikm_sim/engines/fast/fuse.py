"""Fuse one kind of run's per-step work into a single generated function.

The generated module has one function per variable, each reading and writing the values
dictionary ``v``. A run needs only some of them, in a fixed order (its
`ikm_sim.engines.fast.model.Plan`), and their expressions repeat each other: ``Stayers``,
``Leaving``, ``Language Exits`` and ``Surplus Exits`` all start from ``Teachers * (1 -
Retirement Fraction)``. `step_source` takes the functions of a plan from the generated
module's source (Python's `ast`, never by hand) and writes one function for the plan:

* every value is a local variable instead of a dictionary entry;
* an expression written more than once in a step (the same syntax tree over the same values)
  is computed once, before its first use: the same operations on the same operands in the same
  order, so every number is bit for bit what the separate functions compute;
* an expression of values that do not change during the run (inputs, constants, values fixed
  at the start) is computed once per run, when the step is bound to the run's values;
* the inputs of the stateful functions (flows of ``INTEG``, inputs of ``SMOOTH`` and ``DELAY``)
  are computed in the same pass.

Branches of a conditional (``a if c else b``) are left as they are: they are evaluated only when
taken. The source is cached next to the generated module (`ikm_sim.engines.fast.model`).
"""

from __future__ import annotations

import ast
import copy
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: Calls that allocate an array the function then writes into: never shared, never hoisted.
ALLOCATING = frozenset({"np.empty", "np.full", "np.zeros", "np.ones"})
#: Module names the generated code calls (not values of the model).
MODULES = frozenset({"np", "rt"})


class NotFusable(ValueError):
    """A generated function has a form the fuser does not know (the run steps node by node)."""


@dataclass(frozen=True)
class StepSpec:
    """What one step of a plan computes.

    ``step`` are the plan's time-varying nodes in order (with the name of each node's value
    function, or None for a time series input looked up at the step's time); ``states`` the
    stateful nodes with the names of the functions of the parts their update needs (in the
    order `ikm_sim.engines.fast.runtime.STATE_PARTS` gives);
    ``moving`` the values that change between steps without being computed in the step
    (``time`` and the states); ``stored`` the nodes of the step the run reads from ``v``
    afterwards (its outputs).
    """

    step: tuple[tuple[str, str | None], ...]
    states: tuple[tuple[str, tuple[str, ...]], ...]
    moving: tuple[str, ...]
    stored: tuple[str, ...]


def _local(key: str) -> str:
    return f"n_{key}"


def dotted(node: ast.expr) -> str:
    """``a.b.c`` of a name or attribute node ("" for anything else)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return ""


class _Rename(ast.NodeTransformer):
    """``v['key']`` -> ``n_key``; the function's own locals -> unique names."""

    def __init__(self, own: Mapping[str, str]):
        self.own = own
        self.read: set[str] = set()

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        if (
            isinstance(node.value, ast.Name)
            and node.value.id == "v"
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str)
        ):
            self.read.add(node.slice.value)
            return ast.Name(_local(node.slice.value), ast.Load())
        self.generic_visit(node)
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id == "v":
            raise NotFusable("the values dictionary used other than as v['name']")
        if node.id in self.own:
            return ast.Name(self.own[node.id], node.ctx)
        return node


def _inline(fn: ast.FunctionDef, target: str, suffix: str) -> tuple[list[ast.stmt], set[str]]:
    """The statements of `fn` assigning its result to `target`; the values it reads."""
    body = [
        s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    if not body or not isinstance(body[-1], ast.Return) or body[-1].value is None:
        raise NotFusable(f"{fn.name} does not end with a return")
    own = {
        t.id: f"{t.id}_{suffix}"
        for s in body[:-1]
        if isinstance(s, ast.Assign)
        for t in s.targets
        if isinstance(t, ast.Name)
    }
    for s in body[:-1]:
        if not isinstance(s, ast.Assign):
            raise NotFusable(f"{fn.name}: a {type(s).__name__} statement")
    rename = _Rename(own)
    out: list[ast.stmt] = [rename.visit(copy.deepcopy(s)) for s in body[:-1]]
    value = rename.visit(copy.deepcopy(body[-1].value))
    out.append(ast.Assign([ast.Name(target, ast.Store())], value))
    return out, rename.read


@dataclass
class _Fuser:
    """Shares repeated expressions of a step and hoists those fixed for the run."""

    fixed: set[str]
    counts: Counter[str] = field(default_factory=Counter)
    shared: dict[str, str] = field(default_factory=dict)
    hoisted: dict[str, str] = field(default_factory=dict)
    setup: list[ast.stmt] = field(default_factory=list)

    def candidate(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Call):
            return dotted(node.func) not in ALLOCATING and all(
                dotted(n.func) not in ALLOCATING for n in ast.walk(node) if isinstance(n, ast.Call)
            )
        return isinstance(node, ast.BinOp | ast.UnaryOp | ast.Compare | ast.Subscript)

    def is_fixed(self, node: ast.AST) -> bool:
        names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        return names <= self.fixed | MODULES and not any(
            isinstance(n, ast.IfExp) for n in ast.walk(node)
        )

    def count(self, node: ast.AST) -> None:
        if isinstance(node, ast.IfExp):
            self.count(node.test)
            return
        if isinstance(node, ast.expr) and self.candidate(node):
            self.counts[ast.dump(node)] += 1
        for child in ast.iter_child_nodes(node):
            self.count(child)

    def rewrite(self, node: ast.AST, before: list[ast.stmt]) -> ast.AST:
        """`node` with shared and fixed subexpressions replaced by names (post-order)."""
        if isinstance(node, ast.IfExp):
            node.test = self.rewrite(node.test, before)  # type: ignore[assignment]
            return node
        key = ast.dump(node) if isinstance(node, ast.expr) and self.candidate(node) else None
        fixed = key is not None and self.is_fixed(node)
        for name, value in ast.iter_fields(node):
            if isinstance(value, ast.AST):
                setattr(node, name, self.rewrite(value, before))
            elif isinstance(value, list):
                setattr(
                    node,
                    name,
                    [self.rewrite(x, before) if isinstance(x, ast.AST) else x for x in value],
                )
        if key is None or not isinstance(node, ast.expr):
            return node
        if fixed:
            if key not in self.hoisted:
                self.hoisted[key] = f"_h{len(self.hoisted)}"
                self.setup.append(ast.Assign([ast.Name(self.hoisted[key], ast.Store())], node))
            return ast.Name(self.hoisted[key], ast.Load())
        if self.counts[key] < 2:
            return node
        if key not in self.shared:
            self.shared[key] = f"_c{len(self.shared)}"
            before.append(ast.Assign([ast.Name(self.shared[key], ast.Store())], node))
        return ast.Name(self.shared[key], ast.Load())

    def statement(self, stmt: ast.stmt) -> list[ast.stmt]:
        before: list[ast.stmt] = []
        if isinstance(stmt, ast.Assign):
            stmt.value = self.rewrite(stmt.value, before)  # type: ignore[assignment]
        return [*before, stmt]


def _functions(source: str) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(source)
    return {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}


def _body(
    spec: StepSpec, functions: Mapping[str, ast.FunctionDef]
) -> tuple[list[ast.stmt], set[str], list[str]]:
    """The inlined statements of a step, the values they read, and the state inputs' names."""
    stmts: list[ast.stmt] = []
    read: set[str] = set()
    for key, fn in spec.step:
        if fn is None:
            stmts.append(_parse(f"{_local(key)} = _lookup(_timed[{key!r}], {_local('time')})"))
            read.add("time")
            continue
        inlined, names = _inline(_find(functions, fn), _local(key), key)
        stmts += inlined
        read |= names
    results = []
    for _, parts in spec.states:
        names_of = []
        for part in parts:
            name = f"_in_{part}"
            inlined, names = _inline(_find(functions, part), name, part)
            stmts += inlined
            read |= names
            names_of.append(name)
        results.append(names_of[0] if len(names_of) == 1 else f"({', '.join(names_of)})")
    return stmts, read, results


def _find(functions: Mapping[str, ast.FunctionDef], name: str) -> ast.FunctionDef:
    fn = functions.get(name)
    if fn is None:
        raise NotFusable(f"no function {name} in the generated module")
    return fn


def _assigned(stmt: ast.stmt) -> list[str]:
    if not isinstance(stmt, ast.Assign):
        return []
    return [t.id for t in stmt.targets if isinstance(t, ast.Name)]


def _release(body: list[ast.stmt], keep: set[str]) -> list[ast.stmt]:
    """`body` with each local deleted after its last use (but those in `keep`).

    An array no longer needed goes back to the allocator at once, and the next array of its
    size reuses its memory while that is still in the CPU's cache, as when each value replaces
    the previous step's in ``v``.
    """
    names = {name for stmt in body for name in _assigned(stmt)}
    last: dict[str, int] = {}
    for i, stmt in enumerate(body):
        for name in _assigned(stmt):
            last.setdefault(name, i)
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in names:
                last[node.id] = i
    out: list[ast.stmt] = []
    for i, stmt in enumerate(body):
        out.append(stmt)
        gone = sorted(n for n, j in last.items() if j == i and n not in keep)
        if gone:
            out.append(ast.Delete([ast.Name(n, ast.Del()) for n in gone]))
    return out


def _names(text: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Name)}


def _text(stmt: ast.stmt) -> str:
    return ast.unparse(ast.fix_missing_locations(stmt))


def _parse(text: str) -> ast.stmt:
    return ast.parse(text).body[0]


def step_source(module_source: str, spec: StepSpec) -> str:
    """Python source of ``bind(v, _timed, _lookup)``, returning the plan's fused ``step(v)``.

    ``step(v)`` reads ``time`` and the states from `v`, stores the nodes ``spec.stored`` in `v`,
    and returns the inputs of the states' updates in the order of ``spec.states`` (a pair of
    input and time for ``SMOOTH``).

    Raises
    ------
    NotFusable
        If a function of the step has a form this module does not know.
    """
    functions = _functions(module_source)
    stmts, read, results = _body(spec, functions)
    computed = {key for key, _ in spec.step}
    fixed_keys = sorted(read - computed - set(spec.moving) - {"time"})
    fuser = _Fuser({_local(k) for k in fixed_keys})
    for s in stmts:
        fuser.count(s)
    fused = [out for s in stmts for out in fuser.statement(s)]
    moving = sorted((read - computed) & {*spec.moving, "time"})
    body = [_parse(f"{_local(k)} = v[{k!r}]") for k in moving]
    stored = {_local(k): k for k in spec.stored}
    for stmt in fused:
        body.append(stmt)
        for target in _assigned(stmt):
            if target in stored:
                body.append(_parse(f"v[{stored[target]!r}] = {target}"))
    returned = f"return ({''.join(r + ', ' for r in results)})"
    lines = [
        '"""A fused step, generated by ikm_sim.engines.fast.fuse (do not edit)."""',
        "# ruff: noqa",
        "import numpy as np",
        "",
        "from ikm_sim.engines.fast import runtime as rt",
        "",
        "",
        "def bind(v, _timed, _lookup):",
        *(f"    {_local(k)} = v[{k!r}]" for k in fixed_keys),
        *(f"    {_text(s)}" for s in fuser.setup),
        "    def step(v):",
        *(f"        {_text(s)}" for s in _release(body, _names(returned))),
        f"        {returned}",
        "    return step",
        "",
    ]
    return "\n".join(lines)


def step_spec(
    step: Sequence[str],
    timed: Iterable[str],
    functions: Mapping[str, str],
    states: Sequence[tuple[str, tuple[str, ...]]],
    stored: Iterable[str],
) -> StepSpec:
    """A `StepSpec` from a plan's step order, its time series inputs and function names.

    `functions` maps each node to its value function's name; `states` gives each stateful
    node with the names of its update's part functions; `stored` are the run's outputs.
    """
    series = set(timed)
    computed = set(step)
    return StepSpec(
        step=tuple((k, None if k in series else functions[k]) for k in step),
        states=tuple(states),
        moving=tuple(sorted(k for k, _ in states)),
        stored=tuple(sorted(computed.intersection(stored))),
    )
