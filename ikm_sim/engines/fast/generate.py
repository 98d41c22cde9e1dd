"""Generate the fast engine's Python module from a model file, and cache it.

The generated module is plain, readable numpy code: one function per variable (its value from
the values it reads, ``v``), one function per part of each stateful function (initial value,
flow or input, time), the default lookup tables, and a table of nodes with their dimensions and
dependencies that `ikm_sim.engines.fast.model.FastModel` plans runs with. It is written to
``.cache/models/fast-<key>/<model>_fast.py``, keyed by the model text, the dimension tables and
the code generator's own source, so an edit of the ``.mdl`` or of the generator regenerates it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
import threading
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from ikm_sim.engines.fast.codegen import LOOKUP_TYPES, Code, Compiler, Context, Hidden
from ikm_sim.engines.fast.model_ir import Element, ModelIR, UnsupportedConstruct, read_model

#: The modules whose code decides what is generated (their source is part of the cache key).
GENERATOR_FILES = ("codegen.py", "generate.py", "model_ir.py", "fuse.py")

_modules: dict[str, ModuleType] = {}
_lock = threading.Lock()


def _lhs(ir: ModelIR, subscripts: list[str]) -> tuple[Context, list[str], bool]:
    """The context of an equation, its index into the element's array, and if it is whole."""
    from ikm_sim.engines.fast.codegen import Axis

    subs = ir.subscripts
    axes = []
    index = []
    whole = True
    for sub in subscripts:
        positions = tuple(subs.positions(sub))
        size = len(subs.ranges[subs.main_of(sub)])
        if subs.is_range(sub):
            axes.append(Axis(sub, subs.main_of(sub), positions))
            if positions == tuple(range(size)):
                index.append(":")
            else:
                whole = False
                first = positions[0]
                contiguous = positions == tuple(range(first, first + len(positions)))
                index.append(f"{first}:{first + len(positions)}" if contiguous else str(positions))
        else:
            whole = False
            index.append(str(positions[0]))
    return Context(tuple(axes)), index, whole


def _cells(ir: ModelIR, subscripts: list[str]) -> tuple[Any, ...]:
    """Numpy index of the cells an equation with these left-hand subscripts defines."""
    positions = [ir.subscripts.positions(s) for s in subscripts]
    return np.ix_(*positions)


def _assign(index: list[str], value: Code, ctx: Context) -> str:
    if any(i.startswith("(") for i in index):
        # a non-contiguous subrange: index every position explicitly
        lists = [
            f"list(range({ctx.shape[k]}))" if i == ":" else f"list({i})" if i.startswith("(") else i
            for k, i in enumerate(index)
        ]
        return f"    out[np.ix_({', '.join(lists)})] = {value.text}"
    return f"    out[{', '.join(index)}] = {value.text}"


def _lookup_table(ir: ModelIR, element: Any) -> list[str]:
    """Source of a function building the element's default lookup table."""
    shape = ir.shape(element.dims)
    xs: tuple[float, ...] | None = None
    kind = None
    lines = []
    for comp in element.components:
        ast = comp.ast
        if type(ast).__name__ != "LookupsStructure":
            raise UnsupportedConstruct(
                f"'{element.name}': a lookup defined by {type(ast).__name__} (e.g. GET LOOKUPS) "
                "is not supported by the fast engine (run it with engine='pysd')"
            )
        if ast.type not in LOOKUP_TYPES:
            raise UnsupportedConstruct(f"'{element.name}': lookups of type '{ast.type}'")
        these = tuple(float(x) for x in ast.x)
        if xs is not None and these != xs:
            raise UnsupportedConstruct(
                f"'{element.name}': subscripted lookups with different x values"
            )
        xs, kind = these, ast.type
        _, index, _ = _lhs(ir, comp.subscripts)
        ys = [float(y) for y in ast.y]
        ranges = sum(1 for s in comp.subscripts if ir.subscripts.is_range(s))
        column = ", ".join([":", *index])
        lines.append(f"    ys[{column}] = np.array({ys!r}).reshape({(len(ys),) + (1,) * ranges!r})")
    assert xs is not None
    return [
        f"def table_{element.py}():",
        f"    ys = np.full({(len(xs), *shape)!r}, np.nan)",
        *lines,
        f"    return rt.Table({list(xs)!r}, ys, {kind!r})",
    ]


def _hidden_functions(h: Hidden) -> list[str]:
    lines = []
    for part, code in h.parts.items():
        text = code.text if part == "time" else f"rt.fit({code.text}, {h.shape!r})"
        lines += [f"def {h.key}__{part}(v):", f"    return {text}", ""]
    return lines


def _value_body(ir: ModelIR, el: Element, compiler: Compiler, shape: tuple[int, ...]) -> list[str]:
    """Body of the element's value function: one expression, or one assignment per equation."""
    if len(el.components) == 1 and _lhs(ir, el.components[0].subscripts)[2]:
        ctx, _, _ = _lhs(ir, el.components[0].subscripts)
        code = compiler.expr(el.components[0].ast, ctx)
        return [
            f"    return rt.fit({code.text}, {shape!r})" if shape else f"    return {code.text}"
        ]
    if not shape:
        raise UnsupportedConstruct(f"'{el.name}': several equations for a scalar")
    covered = np.zeros(shape, dtype=bool)
    assignments = []
    for comp in el.components:
        ctx, index, _ = _lhs(ir, comp.subscripts)
        assignments.append(_assign(index, compiler.expr(comp.ast, ctx), ctx))
        covered[_cells(ir, comp.subscripts)] = True
    # cells no equation defines stay NaN (as in PySD); a full cover needs no fill
    fill = "np.empty({!r})" if covered.all() else "np.full({!r}, np.nan)"
    return [f"    out = {fill.format(shape)}", *assignments, "    return out"]


def _hidden_source(h: Hidden, element: str) -> tuple[list[str], str]:
    """Functions and node entry of a stateful function (or inline lookup) inside `element`."""
    functions = _hidden_functions(h)
    if h.kind == "table":
        x, y, kind = h.table
        functions += [
            f"def {h.key}__table():",
            f"    return rt.Table({[float(a) for a in x]!r}, {[float(b) for b in y]!r}, {kind!r})",
            "",
        ]
        fns = {"table": f"{h.key}__table"}
        node_kind = "table"
    else:
        fns = {part: f"{h.key}__{part}" for part in h.parts}
        node_kind = h.kind
    deps = {part: sorted(d) for part, d in h.deps.items()}
    node = (
        f"    {h.key!r}: {{'kind': {node_kind!r}, 'element': {element!r}, "
        f"'shape': {h.shape!r}, 'order': {h.order}, 'non_negative': {h.non_negative}, "
        f"'deps': {deps!r}, 'fn': {{{', '.join(f'{p!r}: {f}' for p, f in fns.items())}}}}},"
    )
    return functions, node


def _element_source(ir: ModelIR, el: Element) -> tuple[str, list[str], list[str]]:
    """An element's ``ELEMENTS`` entry, its functions and its ``NODES`` entries."""
    shape = ir.shape(el.dims)
    lookup = bool(el.components) and all(c.kind == "lookup" for c in el.components)
    if any(c.kind == "data" for c in el.components):
        raise UnsupportedConstruct(
            f"'{el.name}': data variables are not supported by the fast engine"
        )
    kind = "lookup" if lookup else "control" if el.control else "aux"
    entry = (
        f"    {el.py!r}: {{'name': {el.name!r}, 'dims': {el.dims!r}, 'shape': {shape!r}, "
        f"'kind': {kind!r}, 'units': {el.units!r}}},"
    )
    if lookup:
        node = (
            f"    {el.py!r}: {{'kind': 'table', 'element': {el.py!r}, 'shape': {shape!r}, "
            f"'deps': {{}}, 'fn': {{'table': table_{el.py}}}}},"
        )
        return entry, [*_lookup_table(ir, el), ""], [node]
    compiler = Compiler(ir, el.py)
    body = _value_body(ir, el, compiler, shape)
    functions: list[str] = []
    nodes: list[str] = []
    for h in compiler.hidden:
        hidden_functions, node = _hidden_source(h, el.py)
        functions += hidden_functions
        nodes.append(node)
    comment = f"    # {el.name}" + (f" [{', '.join(el.dims)}]" if el.dims else "")
    functions += [f"def f_{el.py}(v):", comment, *body, ""]
    nodes.append(
        f"    {el.py!r}: {{'kind': {kind!r}, 'element': {el.py!r}, 'shape': {shape!r}, "
        f"'deps': {{'value': {sorted(compiler.refs)!r}}}, 'fn': {{'value': f_{el.py}}}}},"
    )
    return entry, functions, nodes


def _header(ir: ModelIR, model_name: str, elements: list[str]) -> list[str]:
    """The generated module's docstring, imports, dimensions and ``ELEMENTS`` table."""
    return [
        f'"""Fast engine for {model_name}, generated by ikm_sim.engines.fast.',
        "",
        "Do not edit: edit the model file; this module is regenerated from it.",
        '"""',
        "# ruff: noqa",
        "import numpy as np",
        "",
        "from ikm_sim.engines.fast import runtime as rt",
        "",
        f"MODEL = {model_name!r}",
        f"DIMENSIONS = {dict(ir.subscripts.ranges)!r}",
        f"MAINS = {ir.subscripts.mains!r}",
        "ELEMENTS = {",
        *elements,
        "}",
        "",
    ]


def generate_source(ir: ModelIR, model_name: str) -> str:
    """The Python source of the fast engine for `ir`.

    Raises
    ------
    UnsupportedConstruct
        Naming the element and the construct the engine cannot compile.
    """
    functions: list[str] = []
    nodes: list[str] = []
    elements: list[str] = []
    for el in ir.elements.values():
        entry, element_functions, element_nodes = _element_source(ir, el)
        elements.append(entry)
        functions += element_functions
        nodes += element_nodes
    return "\n".join([*_header(ir, model_name, elements), *functions, "NODES = {", *nodes, "}", ""])


def engine_key(model_text: str, data_dir: Path, tables: tuple[str, ...]) -> str:
    """Hash of the model text, the dimension tables and the code generator's source."""
    h = hashlib.sha256(b"fast")
    here = Path(__file__).parent
    for name in GENERATOR_FILES:
        h.update((here / name).read_bytes())
    h.update(model_text.encode("utf-8"))
    for table in tables:
        path = data_dir / table
        h.update(path.read_bytes() if path.exists() else b"")
    return h.hexdigest()[:16]


def load_generated(
    model_text: str, data_dir: Path, cache_dir: Path, model_name: str, tables: tuple[str, ...]
) -> ModuleType:
    """The generated module for `model_text` on `data_dir`'s dimensions, generating if needed.

    Parameters
    ----------
    model_text : str
        The ``.mdl`` text.
    data_dir : pathlib.Path
        Data directory with the tables ``GET DIRECT SUBSCRIPT`` reads.
    cache_dir : pathlib.Path
        Where generated modules are kept (``fast-<key>/``).
    model_name : str
        The model's file name (for the module's name and messages).
    tables : tuple of str
        The dimension tables (part of the cache key).

    Returns
    -------
    types.ModuleType
    """
    key = engine_key(model_text, data_dir, tables)
    with _lock:
        module = _modules.get(key)
        if module is not None:
            return module
        target = cache_dir / f"fast-{key}" / f"{Path(model_name).stem}_fast.py"
        if not target.exists():
            source = generate_source(read_model(model_text, data_dir, model_name), model_name)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".gen-", suffix=".py", dir=target.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(source)
            os.replace(tmp, target)
        name = f"ikm_sim_fast_{key}"
        spec = importlib.util.spec_from_file_location(name, target)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except Exception:
            sys.modules.pop(name, None)
            target.unlink(missing_ok=True)  # a damaged cache entry is regenerated next time
            raise
        _modules[key] = module
        return module


def describe(module: ModuleType) -> dict[str, Any]:
    """Counts of the generated module's elements and nodes by kind (for tests and docs)."""
    kinds: dict[str, int] = {}
    for node in module.NODES.values():
        kinds[node["kind"]] = kinds.get(node["kind"], 0) + 1
    return {"elements": len(module.ELEMENTS), "nodes": kinds}
