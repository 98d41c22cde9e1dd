"""Read a Vensim model with PySD's own parser into the small form the fast engine compiles.

PySD's translator (`pysd.translators.vensim.vensim_file.VensimFile`) parses the ``.mdl`` into
an abstract model: subscript ranges, and elements made of components, each a left-hand side's
subscripts and an abstract syntax tree. This module keeps that tree as it is and adds what the
code generator needs: every subscript range resolved to its elements (``GET DIRECT SUBSCRIPT``
read from the data directory, as PySD's builder does), the main range of every subrange and
element, and every element's dimensions in a fixed order (its main ranges, as PySD orders them).
"""

from __future__ import annotations

import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ikm_sim.errors import ModelError

#: Control variables every Vensim model has; the engine reads them by these names.
CONTROL = ("initial_time", "final_time", "time_step", "saveper")


class UnsupportedConstruct(ModelError):
    """The model uses something the fast engine cannot compile (PySD may still run it)."""


def py_name(name: str) -> str:
    """A Vensim name as PySD's parser writes references to it (``Child Aging Out``)."""
    return name.strip().lower().replace(" ", "_")


@dataclass(frozen=True)
class Subscripts:
    """Subscript ranges resolved to elements.

    Attributes
    ----------
    ranges : dict
        Every range and subrange -> its elements, in model order.
    mains : dict
        Every range and subrange -> the main range it belongs to.
    element_main : dict
        Every subscript element -> its main range.
    mapping : dict
        Range -> ranges it maps to (``Age Younger: (A20-A74) -> Age Older``).
    """

    ranges: dict[str, list[str]]
    mains: dict[str, str]
    element_main: dict[str, str]
    mapping: dict[str, list[str]]

    def is_range(self, name: str) -> bool:
        """True for a range or subrange name, False for an element."""
        return name in self.ranges

    def main_of(self, name: str) -> str:
        """The main range of a range, subrange or element."""
        if name in self.mains:
            return self.mains[name]
        if name in self.element_main:
            return self.element_main[name]
        raise UnsupportedConstruct(f"unknown subscript '{name}'")

    def positions(self, name: str) -> list[int]:
        """Positions in its main range of a range's elements (or of a single element)."""
        main = self.ranges[self.main_of(name)]
        members = self.ranges.get(name, [name])
        index = {e: i for i, e in enumerate(main)}
        return [index[e] for e in members]

    def maps(self, source: str, target: str) -> bool:
        """True when range `source` is mapped onto range `target` (either direction)."""
        return target in self.mapping.get(source, []) or source in self.mapping.get(target, [])


@dataclass
class Component:
    """One equation of an element: the left-hand side's subscripts and the expression."""

    subscripts: list[str]
    ast: Any
    kind: str  # "normal", "lookup" or "data"


@dataclass
class Element:
    """A model variable: its dimensions (main ranges) and its equations."""

    name: str
    py: str
    dims: tuple[str, ...]
    components: list[Component]
    units: str = ""
    comment: str = ""
    control: bool = False


@dataclass
class ModelIR:
    """What the code generator needs from a model file."""

    subscripts: Subscripts
    elements: dict[str, Element] = field(default_factory=dict)

    def shape(self, dims: tuple[str, ...]) -> tuple[int, ...]:
        """Array shape of a variable with `dims`."""
        return tuple(len(self.subscripts.ranges[d]) for d in dims)


def _resolve_subscripts(abstract: list[Any], root: Path, data_dir: Path | None) -> Subscripts:
    from pysd.builders.python.subscripts import SubscriptManager

    # GET DIRECT SUBSCRIPT('../data/x.csv', ...) is read from the run's data directory, so one
    # model file serves every dataset (the translation cache does the same with a copy).
    fixed = []
    for sub in abstract:
        if isinstance(sub.subscripts, dict) and data_dir is not None:
            file = Path(sub.subscripts["file"])
            if (data_dir / file.name).exists():
                sub = type(sub)(
                    sub.name, {**sub.subscripts, "file": str(data_dir / file.name)}, sub.mapping
                )
        fixed.append(sub)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        manager = SubscriptManager(fixed, root)
    ranges = {name: [str(e) for e in elements] for name, elements in manager.subscripts.items()}
    mains: dict[str, str] = {}
    for main, subranges in manager.subranges.items():
        mains[main] = main
        for sub in subranges:
            mains.setdefault(sub, main)
    for name in ranges:
        if name not in mains:
            raise UnsupportedConstruct(f"subscript range '{name}' belongs to no main range")
    element_main: dict[str, str] = {}
    for main in manager.subranges:
        for e in ranges[main]:
            element_main.setdefault(e, main)
    mapping: dict[str, list[str]] = {}
    for name, maps in manager.mapping.items():
        targets = []
        for m in maps:
            if not isinstance(m, str):
                raise UnsupportedConstruct(
                    f"subscript range '{name}': mappings with element lists are not supported"
                )
            targets.append(m)
        mapping[name] = targets
    return Subscripts(ranges, mains, element_main, mapping)


def _element_dims(name: str, components: list[Component], subs: Subscripts) -> tuple[str, ...]:
    dims: tuple[str, ...] | None = None
    for comp in components:
        these = tuple(subs.main_of(s) for s in comp.subscripts)
        if dims is None:
            dims = these
        elif these != dims:
            raise UnsupportedConstruct(
                f"'{name}': its equations use different dimensions ({dims} and {these})"
            )
    return dims or ()


def read_model(model_text: str, data_dir: Path | None, model_name: str = "model.mdl") -> ModelIR:
    """Parse Vensim model text with PySD's parser and resolve its subscripts.

    Parameters
    ----------
    model_text : str
        The ``.mdl`` text.
    data_dir : pathlib.Path or None
        Directory whose tables ``GET DIRECT SUBSCRIPT`` reads (by file name).
    model_name : str, optional
        File name used in messages.

    Returns
    -------
    ModelIR

    Raises
    ------
    ModelError
        If PySD cannot parse the file; `UnsupportedConstruct` for what the engine cannot compile.
    """
    from pysd.translators.vensim.vensim_file import VensimFile

    with tempfile.TemporaryDirectory(prefix="ikm-engine-") as tmp:
        path = Path(tmp) / Path(model_name).with_suffix(".mdl").name
        path.write_text(model_text, encoding="utf-8")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                vensim = VensimFile(path)
                vensim.parse()
                abstract = vensim.get_abstract_model()
        except Exception as exc:
            raise ModelError(f"{model_name}: PySD could not parse the model: {exc}") from exc
        if len(abstract.sections) != 1:
            raise UnsupportedConstruct(f"{model_name}: macros are not supported by the fast engine")
        section = abstract.sections[0]
        subs = _resolve_subscripts(list(section.subscripts), Path(tmp), data_dir)
    ir = ModelIR(subs)
    for el in section.elements:
        components = []
        for comp in el.components:
            lhs, exceptions = comp.subscripts
            if exceptions:
                raise UnsupportedConstruct(f"'{el.name}': :EXCEPT: is not supported")
            kind = type(comp).__name__
            components.append(
                Component(
                    list(lhs),
                    comp.ast,
                    "lookup"
                    if kind == "AbstractLookup"
                    else "data"
                    if "Data" in kind
                    else "normal",
                )
            )
        py = py_name(el.name)
        ir.elements[py] = Element(
            name=el.name,
            py=py,
            dims=_element_dims(el.name, components, subs),
            components=components,
            units=str(el.units or ""),
            comment=str(el.documentation or "").strip(),
            control=type(el).__name__ == "AbstractControlElement",
        )
    missing = [c for c in CONTROL if c not in ir.elements]
    if missing:
        raise UnsupportedConstruct(f"{model_name}: missing control variables {missing}")
    return ir
