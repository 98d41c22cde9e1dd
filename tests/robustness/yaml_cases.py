"""Hypothesis strategies of bad (and some valid) scenario files, one strategy per kind.

Every strategy yields a `Case`: the bytes of the file and, for ``extends`` cases, the other
files next to it. The starting points are the shipped scenarios, mutated: wrong types and
unknown keys at every level, NaN/inf/negative/huge numbers, bad time paths, broken
``extends``, tags, binary, other encodings and byte-order marks, character edits, huge, deep
and alias-bomb documents, and random YAML structures.
"""

from __future__ import annotations

import copy
import functools
import math
from dataclasses import dataclass, field
from typing import Any

import yaml
from hypothesis import strategies as st

from ikm_sim.limits import (
    MAX_MAPPING_KEYS,
    MAX_SCENARIO_BYTES,
    MAX_STRING_CHARS,
    MAX_YAML_ALIASES,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
)
from ikm_sim.paths import SCENARIOS_DIR
from ikm_sim.scenario import LEVERS
from ikm_sim.scenario.codes import Codes
from ikm_sim.scenario.registry import FIRST_YEAR, GRADE_BANDS, LAST_YEAR

#: Marker file a tag that executed code would create (the test replaces the placeholder).
MARKER = "@MARKER@"


@dataclass(frozen=True)
class Case:
    """One generated scenario file.

    Attributes
    ----------
    kind : str
        What was generated (for the tally).
    content : bytes
        The file.
    others : dict of str to bytes
        Further files written next to it (``extends`` targets).
    must_fail : bool
        True when the file is bad for sure (the oracle then requires a refusal).
    """

    kind: str
    content: bytes
    others: dict[str, bytes] = field(default_factory=dict)
    must_fail: bool = False

    def __repr__(self) -> str:
        shown = self.content[:300] + (b"..." if len(self.content) > 300 else b"")
        return f"{type(self).__name__}({self.kind!r}, {len(self.content)} bytes: {shown!r})"


SHIPPED = {p.stem: yaml.safe_load(p.read_text("utf-8")) for p in SCENARIOS_DIR.glob("*.yaml")}
CODES = Codes.from_directory()
LEVER_NAMES = sorted(LEVERS)
ROOT_KEYS = {"name", "title_lv", "title_en", "description_lv", "description_en", "extends"}
ROOT_KEYS |= {"levers"}
KNOWN_KEYS = sorted(
    {"name", "title_lv", "title_en", "description_lv", "description_en", "extends", "levers"}
    | set(LEVERS)
    | {"births_variant", "national", "municipalities", "planning_regions", "subjects"}
    | {"grade_bands", "steps", "ramp", "from", "to", "start", "end", "all"}
)

SPECIAL_NUMBERS: list[Any] = [
    math.nan, math.inf, -math.inf, -1.0, -0.0, 0.0, 1e308, -1e308, 5e-324, 10**30, -(10**30),
    2**63, 2**64 + 1, 10**400, -(10**400), 0.1 + 0.2, 1 - 1e-16,
]  # fmt: skip
SPECIAL_STRINGS = [
    "60 %", "1,5", "1.5 ratio", "1e309", "NaN", "-inf", "", " ", "0x10", "1_000", "١٢", "½",
    "\u202e1", "[/x]", "{{}}", "%s%s", "\x00", "1 persons/year", "65 years", "9" * 400,
    "1.5 hours/week", "--1", "+-1", "1e", ".", "e5", "∞", "１", "0b101", "true",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.sampled_from(SPECIAL_NUMBERS),
    st.text(max_size=20),
    st.sampled_from(SPECIAL_STRINGS),
    st.dates(),
)
bad_values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.text(max_size=6), scalars, max_size=3),
    st.dictionaries(st.integers(1990, 2110), scalars, min_size=1, max_size=3),
)


@st.composite
def typos(draw: Any) -> str:
    """A known key with one typo: a letter dropped or swapped, upper case, a prefix."""
    word = draw(st.sampled_from(KNOWN_KEYS))
    i = draw(st.integers(0, len(word) - 1))
    how = draw(st.sampled_from(["drop", "swap", "case", "add", "space"]))
    if how == "drop":
        return word[:i] + word[i + 1 :] or "x"
    if how == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == "case":
        return word.upper()
    if how == "space":
        return f" {word}"
    return word[:i] + "_" + word[i:]


keys = st.one_of(
    typos(),
    st.text(min_size=1, max_size=12),
    st.integers(-5, 3000),
    st.sampled_from([None, True, 1.5, math.nan, "", "[key]", "__class__", "model_config"]),
)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(doc: Any) -> bytes:
    text = yaml.dump(doc, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
    return text.encode("utf-8")


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in `node` (mappings and lists), the root included."""
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    _get(doc, path[:-1])[path[-1]] = value
    return doc


base_docs = st.sampled_from(sorted(SHIPPED)).map(lambda name: copy.deepcopy(SHIPPED[name]))


@st.composite
def wrong_type(draw: Any) -> Case:
    """A value anywhere in a shipped scenario replaced by a value of another type."""
    doc = draw(base_docs)
    path = draw(st.sampled_from(_paths(doc)))
    return Case("scenario: wrong type", _dump(_set(doc, path, draw(bad_values))))


@st.composite
def unknown_key(draw: Any) -> Case:
    """A key added to any mapping (a typo of a known key, random text, a number, null)."""
    doc = draw(base_docs)
    maps = [p for p in _paths(doc) if isinstance(_get(doc, p), dict)]
    where = _get(doc, draw(st.sampled_from(maps)))
    key = draw(keys)
    if where is doc:
        must_fail = key not in ROOT_KEYS
    else:
        must_fail = where is doc.get("levers") and key not in {*LEVERS, "births_variant"}
    where[key] = draw(bad_values | st.floats(0, 2))
    if draw(st.booleans()) and len(where) > 1:  # or a known key removed
        del where[draw(st.sampled_from(sorted(where, key=str)))]
        must_fail = False
    return Case("scenario: unknown or missing key", _dump(doc), must_fail=must_fail)


@functools.cache
def _number(lever: str) -> st.SearchStrategy[Any]:
    spec = LEVERS[lever]
    return st.one_of(
        st.floats(spec.lo, spec.hi),
        st.sampled_from([spec.lo, spec.hi, spec.lo - 1e-9, spec.hi + 1e-9, -spec.hi]),
        st.sampled_from(SPECIAL_NUMBERS),
        st.floats(),
    )


@st.composite
def bad_number(draw: Any) -> Case:
    """A lever set to NaN, ±inf, a negative, huge or tiny number, or one just off its bounds."""
    doc = draw(base_docs)
    lever = draw(st.sampled_from(LEVER_NAMES))
    value = draw(_number(lever))
    doc.setdefault("levers", {})[lever] = value
    spec = LEVERS[lever]
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    ok = math.isfinite(number) and spec.lo <= number <= spec.hi
    return Case("scenario: NaN/inf/negative/huge", _dump(doc), must_fail=not ok)


years = st.one_of(
    st.integers(FIRST_YEAR - 3, LAST_YEAR + 3),
    st.integers(),
    st.sampled_from([2026.5, "2026", "20x6", True, None, -2026, 10**20, "", math.nan]),
)


@functools.cache
def _path_strategy(lever: str) -> st.SearchStrategy[Any]:
    value = _number(lever) | scalars
    table = st.dictionaries(years, value, max_size=4)
    ramp_body = st.fixed_dictionaries(
        {},
        optional={"from": years, "to": years, "start": value, "end": value, "by": value},
    )
    path = st.one_of(
        value,
        table,
        st.builds(lambda t: {"steps": t}, table | bad_values),
        st.builds(lambda r: {"ramp": r}, ramp_body | bad_values),
        st.builds(lambda t, r: {"steps": t, "ramp": r}, table, ramp_body),
    )
    spec = LEVERS[lever]
    if not spec.dims:
        return path
    codes = {
        "municipalities": [*CODES.municipalities, "LV0099000", "LV0055000", "riga", ""],
        "planning_regions": [*CODES.planning_regions, "Riga", "Latgale ", "?"],
        "subjects": [*CODES.subjects, "PHYS", "mat", ""],
        "grade_bands": [*GRADE_BANDS, "1-12", "13-14", "0"],
    }
    allowed = ["national", *codes] if lever == "curriculum" else ["national", *codes][:4]
    return st.one_of(
        path,
        st.dictionaries(
            st.sampled_from(allowed) | keys,
            path
            | st.dictionaries(
                st.sampled_from([c for group in codes.values() for c in group]), path, max_size=3
            ),
            max_size=3,
        ),
    )


@st.composite
def bad_time_path(draw: Any) -> Case:
    """A lever set to a malformed time path: bad years, empty tables, ramps backwards, mixes."""
    doc = draw(base_docs)
    lever = draw(st.sampled_from(LEVER_NAMES))
    doc.setdefault("levers", {})[lever] = draw(_path_strategy(lever))
    return Case("scenario: bad time path", _dump(doc))


EXTENDS_TARGETS = [
    "baseline", "pay_growth", "nothere", "../x", "/etc/hostname", "/dev/zero", "/dev/stdin",
    "a\x00b", "x" * 300, "", " ", ".", "..", "scenarios", "baseline.yml", "BASELINE",
    "../../../../etc/passwd", "~/x", "$HOME/x", "*", "con", "nul.yaml",
]  # fmt: skip


@st.composite
def bad_extends(draw: Any) -> Case:
    """Up to four files extending each other: cycles, self-reference, missing and odd targets."""
    n = draw(st.integers(1, 4))
    names = [f"s{i}" for i in range(n)]
    files: dict[str, bytes] = {}
    for name in names:
        doc = copy.deepcopy(SHIPPED["pay_growth"])
        doc["name"] = name
        target = draw(st.sampled_from(names) | st.sampled_from(EXTENDS_TARGETS) | scalars)
        if draw(st.booleans()):
            doc["extends"] = target
        if draw(st.integers(0, 3)) == 0:
            doc["levers"]["retention"] = draw(_number("retention"))
        files[f"{name}.yaml"] = _dump(doc)
    main = files.pop("s0.yaml")
    return Case("scenario: extends (cycles, missing, paths)", main, files)


TAGS = [
    f"!!python/object/apply:os.system ['touch {MARKER}']",
    f"!!python/object/apply:subprocess.call [['touch', '{MARKER}']]",
    "!!python/name:os.system",
    "!!python/object/new:tuple [[1]]",
    "!!python/module:os",
    "!!binary aGVsbG8=",
    "!!binary notbase64!",
    "!!timestamp 2023-02-30",
    "!!timestamp nope",
    "2023-02-30",
    "2023-13-01 25:61:61",
    "!!int zz",
    "!!int 0x",
    "!!float x",
    "!!float 1e999",
    "!!set {a, b}",
    "!!omap [a: 1, b: 2]",
    "!!pairs [[a, 1]]",
    "!custom 1",
    "!<tag:yaml.org,2002:str> x",
    "!<tag:evil.example,2000:x> 1",
    "!!null x",
    "!!bool maybe",
    "!!map [1]",
    "!!seq {a: 1}",
    "!!str",
    "&a 1",
    "*nope",
    "!!merge x",
]


@st.composite
def tags(draw: Any) -> Case:
    """A value replaced by a tag: Python objects (must never run), binary, dates, custom."""
    text = _dump(draw(base_docs)).decode()
    lines = text.splitlines()
    candidates = [i for i, line in enumerate(lines) if ": " in line]
    i = draw(st.sampled_from(candidates))
    key = lines[i].split(": ", 1)[0]
    lines[i] = f"{key}: {draw(st.sampled_from(TAGS))}"
    return Case("scenario: tags", ("\n".join(lines) + "\n").encode())


@st.composite
def binary(draw: Any) -> Case:
    """Random bytes, alone or spliced into a valid scenario."""
    junk = draw(st.binary(min_size=0, max_size=400))
    if draw(st.booleans()):
        return Case("scenario: binary", junk)
    text = _dump(draw(base_docs))
    at = draw(st.integers(0, len(text)))
    return Case("scenario: binary", text[:at] + junk + text[at:])


ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1257", "latin-1", "utf-8-sig"]


@st.composite
def encoding(draw: Any) -> Case:
    """A scenario saved in another encoding, with a byte-order mark, or with broken UTF-8."""
    doc = draw(base_docs)
    doc["title_en"] = "Ķekava ģimenes ūdens — “quoted”"
    text = _dump(doc).decode()
    how = draw(st.sampled_from([*ENCODINGS, "broken-utf8", "bom-twice", "nul-bytes"]))
    if how == "broken-utf8":
        raw = text.encode()
        at = draw(st.integers(0, len(raw)))
        data = raw[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80"]))
        data += raw[at:]
    elif how == "bom-twice":
        data = b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode()
    elif how == "nul-bytes":
        data = text.encode().replace(b"\n", b"\x00\n", draw(st.integers(1, 3)))
    else:
        data = text.encode(how, errors="replace")
    try:  # bad for sure when it is not UTF-8 (libyaml skips a second UTF-8 BOM) or has NULs
        must_fail = "\x00" in data.decode("utf-8-sig") or data.startswith(b"\xff\xfe")
    except UnicodeDecodeError:
        must_fail = True
    return Case("scenario: encodings and BOMs", data, must_fail=must_fail)


EDIT_CHARS = [*":-[]{}'\"\t\n#&*!%@`|>,?", "\x00", "\x1b", "\ufeff", "\u2028", "\r", "  "]


@st.composite
def char_edits(draw: Any) -> Case:
    """A valid scenario with one to five character or line edits (syntax errors of all sorts)."""
    text = _dump(draw(base_docs)).decode()
    for _ in range(draw(st.integers(1, 5))):
        lines = text.split("\n")
        how = draw(st.sampled_from(["delete", "insert", "dup_line", "swap_lines", "indent", "tab"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        if how == "delete":
            text = text[:at] + text[at + 1 :]
        elif how == "insert":
            text = text[:at] + draw(st.sampled_from(EDIT_CHARS)) + text[at:]
        else:
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if how == "dup_line":
                lines.insert(i, lines[i])
            elif how == "swap_lines":
                lines[i], lines[j] = lines[j], lines[i]
            elif how == "indent":
                lines[i] = "  " + lines[i]
            else:
                lines[i] = "\t" + lines[i].lstrip()
            text = "\n".join(lines)
    return Case("scenario: character edits", text.encode("utf-8", "surrogatepass"))


@st.composite
def huge(draw: Any) -> Case:
    """Near and over the limits: file size, string length, keys in a mapping, list length."""
    doc = draw(base_docs)
    how = draw(st.sampled_from(["bytes", "string", "keys", "list", "levers"]))
    if how == "bytes":
        body = _dump(doc)
        target = draw(st.sampled_from([MAX_SCENARIO_BYTES, MAX_SCENARIO_BYTES + 1, 4_000_000]))
        target += draw(st.integers(-2, 2))
        pad = max(target - len(body) - 3, 0)
        data = body + b"# " + b"x" * pad + b"\n"
        return Case("scenario: huge", data, must_fail=len(data) > MAX_SCENARIO_BYTES)
    must_fail = True
    if how == "string":
        n = draw(st.sampled_from([MAX_STRING_CHARS, MAX_STRING_CHARS + 1, 200_000]))
        key = draw(st.sampled_from(["description_en", "title_lv", "name", "extends"]))
        doc[key] = "ā" * n
        must_fail = n > MAX_STRING_CHARS or key in ("name", "extends")
    elif how == "keys":
        n = draw(st.sampled_from([100, MAX_MAPPING_KEYS, MAX_MAPPING_KEYS + 1, 9_000]))
        doc["levers"]["relative_pay"] = {2024 + i % 70: 1.0 for i in range(n)} | {
            f"k{i}": 1.0 for i in range(n)
        }
    elif how == "list":
        n = draw(st.sampled_from([MAX_YAML_NODES - 10, MAX_YAML_NODES + 1, 60_000]))
        doc["levers"]["retention"] = [0.1] * n
    else:
        n = draw(st.integers(1, 3000))
        doc["levers"] = {f"lever_{i}": i for i in range(n)}
    return Case("scenario: huge", _dump(doc), must_fail=must_fail)


@st.composite
def nesting(draw: Any) -> Case:
    """Mappings and sequences nested from a few to thousands of levels, flow or block style."""
    depth = draw(
        st.one_of(st.integers(MAX_YAML_DEPTH - 6, MAX_YAML_DEPTH + 3), st.integers(1, 5000))
    )
    style = draw(st.sampled_from(["flow_seq", "flow_map", "block_map", "block_seq", "mixed"]))
    head = "name: deep\ntitle_lv: a\ntitle_en: b\nlevers:\n  retention: "
    if style == "flow_seq":
        body = "[" * depth + "0.1" + "]" * depth
    elif style == "flow_map":
        body = "{a: " * depth + "0.1" + "}" * depth
    elif style == "mixed":
        body = "[{a: " * (depth // 2) + "0.1" + "}]" * (depth // 2)
    elif style == "block_map":
        body = "\n" + "".join("  " * (i + 2) + "a:\n" for i in range(min(depth, 400)))
    else:
        body = "\n" + "".join("  " * (i + 2) + "-\n" for i in range(min(depth, 400)))
    data = (head + body + "\n").encode()
    return Case("scenario: deeply nested", data, must_fail=style != "mixed" or depth >= 2)


@st.composite
def aliases(draw: Any) -> Case:
    """Alias bombs ("billion laughs"), recursive and undefined aliases, merge keys, many aliases."""
    how = draw(st.sampled_from(["bomb", "recursive", "undefined", "many", "merge", "key"]))
    lever = draw(st.sampled_from(LEVER_NAMES))
    head = "name: alias\ntitle_lv: a\ntitle_en: b\n"
    if how == "bomb":
        fan, levels = draw(st.integers(2, 30)), draw(st.integers(1, 30))
        lines = ["x0: &a0 [0.1, 0.1]"]
        lines += [f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * fan)}]" for i in range(1, levels)]
        text = head + "description_en: {" + ", ".join(lines) + f"}}\nlevers: {{{lever}: *a"
        text += f"{levels - 1}}}\n"
    elif how == "recursive":
        text = draw(
            st.sampled_from(
                [
                    head + f"levers: &r {{{lever}: *r}}\n",
                    head + "x: &r [*r]\n",
                    head + "levers: &r [*r, 1]\n",
                    head + f"levers:\n  {lever}: &r {{national: *r}}\n",
                ]
            )
        )
    elif how == "undefined":
        text = head + f"levers: {{{lever}: *{draw(st.sampled_from(['nothere', 'a', 'x0']))}}}\n"
    elif how == "many":
        n = draw(st.integers(MAX_YAML_ALIASES - 5, MAX_YAML_ALIASES + 5) | st.integers(1, 5000))
        text = head + f"description_en: &d x\nlevers: {{{lever}: [" + ", ".join(["*d"] * n)
        text += "]}\n"
    elif how == "merge":
        text = head + f"base: &b {{{lever}: 0.1, births: 1.1}}\nlevers:\n  <<: *b\n  births: 1.2\n"
    else:
        text = head + f"k: &k {lever}\nlevers: {{*k : 0.2}}\n"
    return Case("scenario: aliases and bombs", text.encode(), must_fail=how != "key")


yaml_trees = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(keys | st.sampled_from(KNOWN_KEYS), children, max_size=4)
    ),
    max_leaves=25,
)


@st.composite
def random_structure(draw: Any) -> Case:
    """A random YAML document, or a random tree put in place of the levers."""
    tree = draw(yaml_trees)
    if draw(st.booleans()):
        doc = draw(base_docs)
        doc["levers"] = tree
        tree = doc
    return Case("scenario: random structure", _dump(tree))


ODDITIES = [
    b"", b"\n\n", b"# only a comment\n", b"~\n", b"- a\n- b\n", b"42\n", b"'text'\n",
    b"--- a\n--- b\n", b"%YAML 1.1\n---\nname: x\n", b"%TAG ! tag:x,2000:\n--- !y 1\n",
    b"name: x\r\ntitle_lv: a\r\ntitle_en: b\r\n", b"name: x\rtitle_lv: a\rtitle_en: b\r",
    b"name: baseline\ntitle_lv: a\ntitle_en: b\n", b"...\n", b"---\n...\n---\n",
    b"? [a, b]\n: 1\n", b"name: [a\n", b"\xef\xbb\xbf", b"\x00", b"name: x\nname: y\n",
]  # fmt: skip


oddities = st.sampled_from(ODDITIES).map(lambda b: Case("scenario: odd documents", b))

#: Strategy and number of generated cases per kind.
SCENARIO_KINDS: dict[str, tuple[st.SearchStrategy[Case], int]] = {
    "wrong_type": (wrong_type(), 800),
    "unknown_key": (unknown_key(), 600),
    "bad_number": (bad_number(), 600),
    "bad_time_path": (bad_time_path(), 800),
    "bad_extends": (bad_extends(), 300),
    "tags": (tags(), 400),
    "binary": (binary(), 300),
    "encoding": (encoding(), 300),
    "char_edits": (char_edits(), 1000),
    "huge": (huge(), 120),
    "nesting": (nesting(), 200),
    "aliases": (aliases(), 250),
    "random_structure": (random_structure(), 500),
    "oddities": (oddities, len(ODDITIES)),
}

any_scenario = st.one_of(*(strategy for strategy, _ in SCENARIO_KINDS.values()))
