"""A vectorised ensemble of the model: every variable gets an extra ``Sample`` dimension.

PySD spends a run's time on per-equation overhead (xarray bookkeeping), not on array size, so
running K samples as one model with a ``Sample`` dimension shares that overhead between them.
The ensemble model is derived from ``models/teacher_workforce.mdl`` by a text transform (the
model file itself is never edited); both engines run the transformed text (PySD translates and
caches it in `ikm_sim.engines.pysd.ensemble`, the fast engine generates code from it).

The transform, on the equation part of each block only (units and comments untouched):

* ``Sample: (S1-SK)`` is added to the dimensions;
* every model variable on a left-hand side gets ``Sample`` as its first subscript
  (``X[Region]`` -> ``X[Sample,Region]``, scalar ``X`` -> ``X[Sample]``, lookups alike);
* every reference on a right-hand side gets it too (``X[Region!]`` -> ``X[Sample,Region!]``,
  ``X`` -> ``X[Sample]``, ``L(Time)`` -> ``L[Sample](Time)``);
* the control variables and the integer delay constants (`UNSAMPLED`) keep their shape.
"""

from __future__ import annotations

import re

#: Variables that keep their shape: time control and delay lengths (PySD needs scalars there).
UNSAMPLED = frozenset(
    {
        "INITIAL TIME",
        "FINAL TIME",
        "TIME STEP",
        "SAVEPER",
        "Study Duration",
        "Early Retirement Years",
    }
)
SAMPLE_DIM = "Sample"
#: Bump when the transform changes, so cached ensemble models are re-derived.
TRANSFORM_VERSION = "2"

_LHS = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 _]*?)\s*(\[[^\]]*\])?\s*(=|\(|$)")


def _blocks(text: str) -> list[str]:
    """Split a Vensim file into blocks ending with ``|`` (the separator kept)."""
    return re.split(r"(?<=\|)", text)


def _variable_names(blocks: list[str]) -> set[str]:
    names: set[str] = set()
    for block in blocks:
        body = block.split("~", 1)[0]
        for part in body.split("~~|")[:1]:
            m = _LHS.match(part.strip("\n"))
            if m is None or ":" in part.split("=", 1)[0] or part.lstrip().startswith("*"):
                continue
            name = m.group(1).strip()
            if name and name not in UNSAMPLED and not name.startswith("{"):
                names.add(name)
    return names


def _add_sample(ref: str, subs: str | None) -> str:
    if subs is None:
        return f"{ref}[{SAMPLE_DIM}]"
    return f"{ref}[{SAMPLE_DIM},{subs[1:-1].strip()}]"


def transform(text: str, samples: int) -> str:
    """Return the ensemble variant of a Vensim model text with `samples` samples.

    Parameters
    ----------
    text : str
        The Vensim model (``.mdl``) text.
    samples : int
        Size of the ``Sample`` dimension (``S1`` … ``S<samples>``).

    Returns
    -------
    str
        The transformed model text.
    """
    if samples < 1:
        raise ValueError("samples must be at least 1")
    blocks = _blocks(text)
    names = _variable_names(blocks)
    # Longest names first, so "Total Pupils" wins over "Pupils"; a name is a whole token.
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    ref = re.compile(rf"(?<![A-Za-z0-9_ ])\s*\b({alternation})\b(?![A-Za-z0-9_])(\s*\[[^\]]*\])?")

    def rewrite(equation: str) -> str:
        def sub(m: re.Match[str]) -> str:
            lead = m.group(0)[: len(m.group(0)) - len(m.group(0).lstrip())]
            subs = m.group(2)
            return lead + _add_sample(m.group(1), subs.strip() if subs else None)

        return ref.sub(sub, equation)

    result = []
    dims_added = False
    for block in blocks:
        head, sep, tail = block.partition("~")
        stripped = head.strip()
        if not dims_added and re.match(r"^(\*|\{)", stripped) is None and ":" in stripped:
            members = "S1" if samples == 1 else f"(S1-S{samples})"  # Vensim has no (S1-S1)
            result.append(f"\n{SAMPLE_DIM}: {members}\n\t~\n\t~\tEnsemble member.\n\t|")
            dims_added = True
        if ":" in stripped.split("=", 1)[0] and "=" not in stripped.split(":", 1)[0]:
            result.append(block)  # a dimension definition
            continue
        if "(" in stripped and "=" not in stripped and re.search(r"\[\(", stripped):
            # a graphical lookup definition: Name[subs]([(x,y)-(x,y)],...) -> sample the name
            m = re.match(r"(\s*)([^\[(]+?)\s*(\[[^\]]*\])?\s*\(", head)
            if m and m.group(2).strip() in names:
                name = m.group(2).strip()
                new = _add_sample(name, m.group(3))
                head = head[: m.start(2)] + new + head[m.end(0) - 1 :]
            result.append(head + sep + tail)
            continue
        if "=" not in head:
            result.append(block)
            continue
        result.append(rewrite(head) + sep + tail)
    return "".join(result)
