"""Compile the abstract syntax trees of PySD's parser into numpy expressions.

Every equation is compiled in a *context*: one axis per subscript range on its left-hand side
(in that order), plus one axis per ``!`` range of each enclosing ``SUM``/``PROD``/``VMIN``/
``VMAX``. Every array subexpression has exactly the context's axes, each either full or of size
one (numpy broadcasting does the rest), so a reference ``X[Subject, Grade!]`` inside
``Lesson Hours[Region, Subject] = SUM(...)`` becomes ``v['x'][None, :, :]`` and the sum reduces
the appended axis. Subranges become slices of their main range, mapped ranges (``Age Younger ->
Age Older``) align by position, and single elements become integer indices.

Stateful functions (``INTEG``, ``SMOOTH``, ``DELAY FIXED``, ``DELAY1/3``, ``INITIAL``) become
*hidden nodes* with their own expressions (initial value, flow or input, time); the runtime
integrates them. Anything else the engine cannot compile raises `UnsupportedConstruct` naming
the element and the construct.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ikm_sim.engines.fast.model_ir import ModelIR, UnsupportedConstruct

#: Python operators for the parser's arithmetic and logical operators.
BINARY = {
    "^": "**",
    "*": "*",
    "/": "/",
    "+": "+",
    "-": "-",
    "=": "==",
    "<>": "!=",
    ">=": ">=",
    ">": ">",
    "<=": "<=",
    "<": "<",
}
#: Vensim functions applied elementwise -> (numpy template, number of arguments).
ELEMENTWISE = {
    "abs": ("np.abs({0})", 1),
    "exp": ("np.exp({0})", 1),
    "ln": ("np.log({0})", 1),
    "log": ("(np.log({0})/np.log({1}))", 2),
    "sqrt": ("np.sqrt({0})", 1),
    "sin": ("np.sin({0})", 1),
    "cos": ("np.cos({0})", 1),
    "tan": ("np.tan({0})", 1),
    "power": ("np.power({0}, {1})", 2),
    "min": ("np.minimum({0}, {1})", 2),
    "max": ("np.maximum({0}, {1})", 2),
    "integer": ("np.trunc({0})", 1),
    "modulo": ("rt.modulo({0}, {1})", 2),
    "xidz": ("rt.xidz({0}, {1}, {2})", 3),
    "zidz": ("rt.zidz({0}, {1})", 2),
}
#: Vensim functions of time -> (runtime template, number of arguments).
TIME_FUNCTIONS = {
    "step": ("rt.step(v['time'], v['time_step'], {0}, {1})", 2),
    "ramp": ("rt.ramp(v['time'], {0}, {1}, {2})", 3),
    "pulse": ("rt.pulse(v['time'], v['time_step'], {0}, {1})", 2),
}
REDUCTIONS = {"sum": "np.sum", "prod": "np.prod", "vmin": "np.min", "vmax": "np.max"}
#: Vensim names of the parser's structures the engine does not compile (for messages).
VENSIM_NAMES = {
    "TrendStructure": "TREND",
    "ForecastStructure": "FORECAST",
    "SampleIfTrueStructure": "SAMPLE IF TRUE",
    "DelayNStructure": "DELAY N",
    "SmoothNStructure": "SMOOTH N",
    "GetDataStructure": "GET DATA",
    "GetLookupsStructure": "GET LOOKUPS",
    "GetConstantsStructure": "GET CONSTANTS",
    "DataStructure": "a data variable",
    "AllocateAvailableStructure": "ALLOCATE AVAILABLE",
    "AllocateByPriorityStructure": "ALLOCATE BY PRIORITY",
}
LOOKUP_TYPES = ("interpolate", "hold_backward", "extrapolate")


@dataclass(frozen=True)
class Axis:
    """One axis of a context: a left-hand-side range or a reduced (``!``) range."""

    key: str
    main: str
    positions: tuple[int, ...]
    bang: bool = False
    scope: int = 0


@dataclass(frozen=True)
class Context:
    """The axes an equation's subexpressions share."""

    axes: tuple[Axis, ...]

    @property
    def shape(self) -> tuple[int, ...]:
        """Full sizes of the axes."""
        return tuple(len(a.positions) for a in self.axes)

    def extend(self, axes: list[Axis]) -> Context:
        """The context with reduction axes appended."""
        return Context((*self.axes, *axes))


@dataclass
class Code:
    """A compiled subexpression: Python text, and whether it is a scalar."""

    text: str
    scalar: bool


@dataclass
class Hidden:
    """A stateful function inside an equation, integrated by the runtime.

    ``kind`` is ``integ``, ``smooth``, ``delay``, ``delay_fixed``, ``initial`` or ``table``;
    ``parts`` maps ``initial``/``flow``/``input``/``time`` to compiled code, ``deps`` each part
    to the nodes it reads.
    """

    key: str
    kind: str
    element: str
    shape: tuple[int, ...]
    parts: dict[str, Code] = field(default_factory=dict)
    deps: dict[str, set[str]] = field(default_factory=dict)
    order: int = 1
    non_negative: bool = False
    table: Any = None


def number(value: Any) -> str:
    """A literal as Python source (ints stay ints, as in PySD's translation)."""
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    if isinstance(value, int | np.integer):
        return str(int(value))
    return repr(float(value))


def _slice_text(positions: tuple[int, ...], size: int) -> str | None:
    """``:`` or ``a:b`` for contiguous positions, None when only a list will do."""
    if positions == tuple(range(size)):
        return ":"
    first = positions[0]
    if positions == tuple(range(first, first + len(positions))):
        return f"{first}:{first + len(positions)}"
    return None


class Compiler:
    """Compiles the equations of one element; collects the nodes they read and hidden nodes.

    Parameters
    ----------
    ir : ModelIR
        The model.
    element : str
        Python name of the element being compiled (for messages and hidden-node names).
    """

    def __init__(self, ir: ModelIR, element: str):
        self.ir = ir
        self.element = element
        self.name = ir.elements[element].name
        self.refs: set[str] = set()
        self.hidden: list[Hidden] = []
        self._scope = 0

    # ----------------------------------------------------------------- errors and helpers
    def fail(self, what: str) -> UnsupportedConstruct:
        """An error naming the element and the construct."""
        return UnsupportedConstruct(
            f"'{self.name}': {what} is not supported by the fast engine (run it with engine='pysd')"
        )

    def _collect(self, build: Any) -> tuple[Code, set[str]]:
        """Compile with a fresh set of references; return the code and what it read.

        What a stateful function's parts read are its own dependencies, not the equation's:
        the equation reads only the stateful node's value.
        """
        saved, self.refs = self.refs, set()
        try:
            code = build()
            return code, self.refs
        finally:
            self.refs = saved

    # ------------------------------------------------------------------- expressions
    def expr(self, node: Any, ctx: Context) -> Code:
        """Compile one syntax-tree node in context `ctx`."""
        kind = type(node).__name__
        if isinstance(node, bool | int | float | np.integer | np.floating):
            return Code(number(node), True)
        if isinstance(node, np.ndarray):
            return self._array_literal(node, ctx)
        method = getattr(self, f"_{kind}", None)
        if method is None:
            raise self.fail(VENSIM_NAMES.get(kind, kind.replace("Structure", "").upper()))
        result: Code = method(node, ctx)
        return result

    def _array_literal(self, values: np.ndarray, ctx: Context) -> Code:
        lhs = [a for a in ctx.axes if not a.bang]
        if values.size != int(np.prod([len(a.positions) for a in lhs])):
            raise self.fail("an array constant whose size does not match its subscripts")
        shape = tuple(len(a.positions) for a in lhs)
        return Code(f"np.array({values.astype(float).ravel().tolist()!r}).reshape({shape})", False)

    def _ArithmeticStructure(self, node: Any, ctx: Context) -> Code:
        args = [self.expr(a, ctx) for a in node.arguments]
        ops = list(node.operators)
        if len(args) == 1:
            if ops[0] == "negative":
                return Code(f"(-({args[0].text}))", args[0].scalar)
            raise self.fail(f"the unary operator {ops[0]}")
        text = f"({args[0].text})"
        products = set(ops) <= {"*", "/"}  # evaluated left to right, like this loop
        for op, arg in zip(ops, args[1:], strict=True):
            if op not in BINARY:
                raise self.fail(f"the operator {op}")
            if products and arg.text == "v['time_step']":
                # x / dt and x * dt are x itself when dt is 1 (exactly, in IEEE arithmetic):
                # skip a pass over the array then
                text = f"rt.{'per' if op == '/' else 'times'}_step({text}, v['time_step'])"
            else:
                text += f" {BINARY[op]} ({arg.text})"
        return Code(f"({text})", all(a.scalar for a in args))

    def _LogicStructure(self, node: Any, ctx: Context) -> Code:
        args = [self.expr(a, ctx) for a in node.arguments]
        ops = list(node.operators)
        scalar = all(a.scalar for a in args)
        if len(args) == 1 and ops[0] == ":NOT:":
            return Code(f"np.logical_not({args[0].text})", scalar)
        text = args[0].text
        for op, arg in zip(ops, args[1:], strict=True):
            if op == ":AND:":
                text = f"np.logical_and({text}, {arg.text})"
            elif op == ":OR:":
                text = f"np.logical_or({text}, {arg.text})"
            elif op in BINARY:
                text = f"(({text}) {BINARY[op]} ({arg.text}))"
            else:
                raise self.fail(f"the operator {op}")
        return Code(text, scalar)

    def _ReferenceStructure(self, node: Any, ctx: Context) -> Code:
        ref = node.reference
        if ref == "time":
            self.refs.add("time")
            return Code("v['time']", True)
        target = self.ir.elements.get(ref)
        if target is None:
            raise UnsupportedConstruct(f"'{self.name}': unknown variable '{ref}'")
        self.refs.add(ref)
        subs = list(node.subscripts.subscripts) if node.subscripts is not None else None
        return self.place(f"v[{ref!r}]", target.dims, subs, ctx, ref)

    def _CallStructure(self, node: Any, ctx: Context) -> Code:
        fn = node.function.reference
        args = node.arguments
        target = self.ir.elements.get(fn)
        if target is not None and all(c.kind == "lookup" for c in target.components):
            if len(args) != 1:
                raise self.fail(f"calling the lookup '{target.name}' with {len(args)} arguments")
            self.refs.add(fn)
            subs = node.function.subscripts
            return self._lookup_call(
                f"v[{fn!r}]", target.dims, list(subs.subscripts) if subs else None, args[0], ctx
            )
        if fn in REDUCTIONS:
            return self._reduce(fn, args, ctx)
        if fn == "if_then_else":
            cond, yes, no = (self.expr(a, ctx) for a in args)
            if cond.scalar:
                return Code(
                    f"(({yes.text}) if ({cond.text}) else ({no.text}))", yes.scalar and no.scalar
                )
            return Code(f"np.where({cond.text}, {yes.text}, {no.text})", False)
        for table in (ELEMENTWISE, TIME_FUNCTIONS):
            if fn in table:
                template, arity = table[fn]
                if fn == "ramp" and len(args) == 2:
                    args = (*args, None)
                if len(args) != arity:
                    raise self.fail(f"{fn.upper()} with {len(args)} arguments")
                codes = [Code("None", True) if a is None else self.expr(a, ctx) for a in args]
                if table is TIME_FUNCTIONS:
                    self.refs.update({"time", "time_step"})
                return Code(template.format(*(c.text for c in codes)), all(c.scalar for c in codes))
        raise self.fail(f"the function {fn.upper().replace('_', ' ')}")

    # ---------------------------------------------------------------- subscripts
    def _match(self, name: str, bang: bool, ctx: Context, ref: str) -> tuple[int, tuple[int, ...]]:
        """The context axis a reference's subscript runs along, and its positions there."""
        subs = self.ir.subscripts
        if bang:
            for i in range(len(ctx.axes) - 1, -1, -1):
                axis = ctx.axes[i]
                if axis.bang and axis.key == name:
                    return i, tuple(subs.positions(name))
            raise self.fail(f"the subscript '{name}!' of '{ref}' outside SUM/PROD/VMIN/VMAX")
        lhs = [(i, a) for i, a in enumerate(ctx.axes) if not a.bang]
        for i, axis in lhs:
            if axis.key == name:
                return i, axis.positions
        for i, axis in lhs:
            if subs.maps(name, axis.key):
                positions = tuple(subs.positions(name))
                if len(positions) != len(axis.positions):
                    raise self.fail(f"the mapping of '{name}' onto '{axis.key}' (sizes differ)")
                return i, positions
        for i, axis in lhs:
            if axis.main == subs.main_of(name) and set(subs.ranges[axis.key]) <= set(
                subs.ranges[name]
            ):
                return i, axis.positions
        raise UnsupportedConstruct(
            f"'{self.name}': the subscript '{name}' of '{ref}' matches none of the equation's "
            f"subscripts ({', '.join(a.key for a in ctx.axes) or 'none'})"
        )

    def place(
        self,
        base: str,
        dims: tuple[str, ...],
        subs: list[str] | None,
        ctx: Context,
        ref: str,
        lead: int = 0,
    ) -> Code:
        """Index, transpose and expand `base` (axes `dims`) into the context's layout.

        `lead` leading axes of `base` (a lookup table's points) are kept in front untouched.
        """
        if not dims:
            if subs:
                raise self.fail(f"subscripts on the scalar '{ref}'")
            return Code(base, lead == 0)
        if subs is None:
            subs = list(dims)
        if len(subs) != len(dims):
            raise UnsupportedConstruct(
                f"'{self.name}': '{ref}' has {len(dims)} subscripts, {len(subs)} are given"
            )
        sizes = self.ir.shape(dims)
        basic: list[str] = []
        fancy: list[tuple[int, tuple[int, ...]]] = []
        targets: list[int] = []
        for sub, dim, size in zip(subs, dims, sizes, strict=True):
            bang = sub.endswith("!")
            name = sub.rstrip("!").strip()
            main = self.ir.subscripts.main_of(name)
            if main != dim:
                raise UnsupportedConstruct(
                    f"'{self.name}': subscript '{name}' of '{ref}' is not of range '{dim}'"
                )
            if not self.ir.subscripts.is_range(name):
                basic.append(str(self.ir.subscripts.positions(name)[0]))
                continue
            axis, positions = self._match(name, bang, ctx, ref)
            text = _slice_text(positions, size)
            if text is None:
                fancy.append((len(targets), positions))
                text = ":"
            basic.append(text)
            targets.append(axis)
        if len(set(targets)) != len(targets):
            raise self.fail(f"two subscripts of '{ref}' on the same axis")
        code = base
        if any(b != ":" for b in basic):
            code = f"{code}[{', '.join([':'] * lead + basic)}]"
        for kept, positions in fancy:
            code = f"np.take({code}, {list(positions)!r}, axis={kept + lead})"
        if not targets:
            return Code(code, lead == 0)
        order = sorted(range(len(targets)), key=lambda k: targets[k])
        if order != list(range(len(targets))):
            perm = [*range(lead), *(k + lead for k in order)]
            code = f"{code}.transpose({tuple(perm)!r})"
        present = sorted(targets)
        if present != list(range(len(ctx.axes))):
            expand = [":"] * lead + [":" if i in present else "None" for i in range(len(ctx.axes))]
            code = f"{code}[{', '.join(expand)}]"
        return Code(code, False)

    # --------------------------------------------------------------- reductions
    def _bangs(self, node: Any, found: list[str]) -> None:
        if type(node).__name__ == "CallStructure" and node.function.reference in REDUCTIONS:
            return  # an inner reduction binds its own ranges
        if type(node).__name__ == "SubscriptsReferenceStructure":
            for s in node.subscripts:
                if s.endswith("!") and s.rstrip("!").strip() not in found:
                    found.append(s.rstrip("!").strip())
            return
        for name in getattr(node, "__dataclass_fields__", {}):
            value = getattr(node, name)
            for child in value if isinstance(value, list | tuple) else (value,):
                if hasattr(child, "__dataclass_fields__"):
                    self._bangs(child, found)

    def _reduce(self, fn: str, args: tuple[Any, ...], ctx: Context) -> Code:
        if len(args) != 1:
            raise self.fail(f"{fn.upper()} with {len(args)} arguments")
        found: list[str] = []
        if hasattr(args[0], "__dataclass_fields__"):
            self._bangs(args[0], found)
        if not found:
            raise self.fail(f"{fn.upper()} without a '!' subscript")
        self._scope += 1
        subs = self.ir.subscripts
        axes = [
            Axis(b, subs.main_of(b), tuple(subs.positions(b)), bang=True, scope=self._scope)
            for b in found
        ]
        inner = ctx.extend(axes)
        body = self.expr(args[0], inner)
        if body.scalar:
            raise self.fail(f"{fn.upper()} of a scalar")
        reduced = tuple(range(len(ctx.axes), len(inner.axes)))
        return Code(f"{REDUCTIONS[fn]}({body.text}, axis={reduced!r})", not ctx.axes)

    # ------------------------------------------------------------------ lookups
    def _lookup_call(
        self, base: str, dims: tuple[str, ...], subs: list[str] | None, arg: Any, ctx: Context
    ) -> Code:
        x = self.expr(arg, ctx)
        if x.scalar:
            return self.place(f"rt.lookup({base}, {x.text})", dims, subs, ctx, base)
        if dims:
            table = self.place(f"{base}.ys", dims, subs, ctx, base, lead=1).text
        else:  # one table for every element: points first, then the context's axes
            table = f"{base}.ys.reshape({(-1,) + (1,) * len(ctx.axes)!r})"
        return Code(f"rt.lookup_array({base}, {table}, {x.text})", False)

    def _LookupsStructure(self, node: Any, ctx: Context) -> Code:
        raise self.fail("a lookup table inside an expression (use WITH LOOKUP)")

    def _InlineLookupsStructure(self, node: Any, ctx: Context) -> Code:
        key = self._hidden_key("table")
        lookup = node.lookups
        if lookup.type not in LOOKUP_TYPES:
            raise self.fail(f"lookups of type '{lookup.type}'")
        self.hidden.append(
            Hidden(key, "table", self.element, (), table=(lookup.x, lookup.y, lookup.type))
        )
        self.refs.add(key)
        x = self.expr(node.argument, ctx)
        if x.scalar:
            return Code(f"rt.lookup(v[{key!r}], {x.text})", True)
        ys = f"v[{key!r}].ys.reshape({(-1,) + (1,) * len(ctx.axes)!r})"
        return Code(f"rt.lookup_array(v[{key!r}], {ys}, {x.text})", False)

    # ---------------------------------------------------------------- statefuls
    def _hidden_key(self, kind: str) -> str:
        base = f"_{kind}_{self.element}"
        taken = {h.key for h in self.hidden}
        key, n = base, 1
        while key in taken:
            n += 1
            key = f"{base}_{n}"
        return key

    def _stateful(self, kind: str, ctx: Context, parts: dict[str, Any], **extra: Any) -> Code:
        node = Hidden(self._hidden_key(kind), kind, self.element, ctx.shape, **extra)
        for part, ast in parts.items():
            code, deps = self._collect(lambda ast=ast: self.expr(ast, ctx))
            node.parts[part] = code
            node.deps[part] = deps
        self.hidden.append(node)
        self.refs.add(node.key)
        return Code(f"v[{node.key!r}]", not ctx.axes)

    def _order(self, value: Any) -> int:
        if not isinstance(value, int | float | np.integer | np.floating) or value != int(value):
            raise self.fail("a stateful function whose order is not a whole number")
        return int(value)

    def _IntegStructure(self, node: Any, ctx: Context) -> Code:
        return self._stateful(
            "integ",
            ctx,
            {"flow": node.flow, "initial": node.initial},
            non_negative=bool(node.non_negative),
        )

    def _SmoothStructure(self, node: Any, ctx: Context) -> Code:
        return self._stateful(
            "smooth",
            ctx,
            {"input": node.input, "time": node.smooth_time, "initial": node.initial},
            order=self._order(node.order),
        )

    def _DelayStructure(self, node: Any, ctx: Context) -> Code:
        return self._stateful(
            "delay",
            ctx,
            {"input": node.input, "time": node.delay_time, "initial": node.initial},
            order=self._order(node.order),
        )

    def _DelayFixedStructure(self, node: Any, ctx: Context) -> Code:
        return self._stateful(
            "delay_fixed",
            ctx,
            {"input": node.input, "time": node.delay_time, "initial": node.initial},
        )

    def _GameStructure(self, node: Any, ctx: Context) -> Code:
        return self.expr(node.expression, ctx)  # GAME(x) is x outside a game (as in PySD)

    def _InitialStructure(self, node: Any, ctx: Context) -> Code:
        return self._stateful("initial", ctx, {"initial": node.initial})
