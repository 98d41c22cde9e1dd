"""The `Scenario` model, loading with ``extends:`` chains, and one-screen error messages."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ikm_sim.atomic import write_text_atomic
from ikm_sim.errors import ScenarioError, one_line
from ikm_sim.limits import MAX_EXTENDS_CHAIN
from ikm_sim.paths import SCENARIOS_DIR
from ikm_sim.scenario.codes import Codes, did_you_mean
from ikm_sim.scenario.levers import (
    FIRST_YEAR,
    LAST_YEAR,
    LEVERS,
    OVERRIDE_KEYS,
    PATH_KEYS,
    LeversBase,
    build_levers_model,
)
from ikm_sim.scenario.registry import override_keys
from ikm_sim.scenario.yamlfile import YamlDocument, parse_yaml_text, read_yaml

if TYPE_CHECKING:
    Levers = LeversBase
else:
    Levers = build_levers_model()

#: Most error lines shown for one file (the rest are counted), so a message fits a screen.
MAX_ERRORS = 12
SCHEMA_FILE = SCENARIOS_DIR / "scenario.schema.json"


class Scenario(BaseModel):
    """A named set of lever settings, optionally extending another scenario.

    Attributes
    ----------
    name : str
        Short identifier (lower case, digits, ``_`` and ``-``).
    title_lv, title_en : str
        Titles in Latvian and English.
    description_lv, description_en : str
        What the scenario asks and why its settings (Latvian, English).
    extends : str, optional
        Scenario this one builds on (a file stem next to it or in ``scenarios/``). Default:
        ``baseline`` (the baseline itself extends nothing).
    levers : Levers
        Lever settings; a lever left out keeps the value of the scenario extended.
    """

    model_config = ConfigDict(extra="forbid", title="ikm-sim scenario")

    name: str = Field(pattern=r"^[a-z0-9_\-]+$", description="short identifier, e.g. pay_growth")
    title_lv: str = Field(min_length=1, description="title in Latvian")
    title_en: str = Field(min_length=1, description="title in English")
    description_lv: str = Field("", description="what the scenario asks and why (Latvian)")
    description_en: str = Field("", description="what the scenario asks and why (English)")
    extends: str | None = Field(None, description="scenario this one builds on (default: baseline)")
    levers: Levers = Field(default_factory=Levers, description="lever settings")

    @field_validator("extends")
    @classmethod
    def _names_a_file(cls, value: str | None) -> str | None:
        if value is None:
            return value
        name = PurePath(value).name
        if not value.strip() or name in ("", ".", "..") or "\0" in value or len(value) > 255:
            raise ValueError(
                f"{value[:60]!r} does not name a scenario: give a scenario's name "
                "(e.g. baseline) or a file path of at most 255 characters"
            )
        return value


def _describe_forms(lever: str) -> str:
    spec = LEVERS[lever]
    forms = (
        f"a number in {spec.unit}, a per-year table {{2026: …, 2030: …}}, "
        "{steps: {2026: …}} or {ramp: {from: 2026, to: 2030, end: …}}"
    )
    if spec.dims:
        forms += f", or a mapping of {', '.join(override_keys(spec))}"
    return forms


def _allowed_keys(shown: list[str]) -> list[str]:
    """Keys allowed in the mapping at YAML path `shown` (for "did you mean")."""
    if not shown:
        return list(Scenario.model_fields)
    if shown == ["levers"]:
        return list(Levers.model_fields)
    if shown[-1] == "ramp":
        return ["from", "to", "start", "end"]
    if shown[0] == "levers" and len(shown) >= 2 and shown[1] in LEVERS:
        keys = override_keys(LEVERS[shown[1]])
        if len(shown) >= 4 and shown[2] == "subjects":
            return ["all", "grade_bands", *PATH_KEYS]
        return [*PATH_KEYS, *keys] if len(shown) == 2 else list(PATH_KEYS)
    return []


def _lever_of(shown: list[str]) -> str | None:
    if len(shown) >= 2 and shown[0] == "levers" and shown[1] in LEVERS:
        return shown[1]
    return None


def _time_path_message(lever: str, value: Any) -> str:
    spec = LEVERS.get(lever)
    hint = ""
    if isinstance(value, dict):
        words = [str(k) for k in value if isinstance(k, str) and not k.strip().isdigit()]
        allowed = [*PATH_KEYS, *(OVERRIDE_KEYS if spec and spec.dims else ())]
        if words:
            hint = f" (unknown key '{words[0]}'{did_you_mean(words[0], allowed)})"
    got = type(value).__name__ if not isinstance(value, dict) else "this mapping"
    return f"expected {_describe_forms(lever)}; got {got}{hint}"


def _bound_message(value: Any, is_year: bool, spec: Any) -> str | None:
    if is_year:
        return f"year {value} is outside {FIRST_YEAR}-{LAST_YEAR}"
    if spec is not None:
        return (
            f"{value} is outside the allowed range of {spec.name}: "
            f"{spec.lo:g} to {spec.hi:g} {spec.unit}"
        )
    return None


def _literal_message(err: Any, value: Any) -> str:
    allowed = [
        str(x) for x in err.get("ctx", {}).get("expected", "").replace("'", "").split(" or ")
    ]
    allowed = [a for part in allowed for a in part.split(", ")]
    return f"'{value}' is not allowed{did_you_mean(str(value), allowed)}"


def _message(err: Any, shown: list[str]) -> str:
    kind, msg, value = err["type"], err["msg"], err.get("input")
    lever = _lever_of(shown)
    spec = LEVERS.get(lever or "")
    is_year = "[key]" in err["loc"] or (shown and shown[-1] in ("from", "to"))
    if kind == "extra_forbidden":
        key = str(err["loc"][-1])
        return f"unknown key '{key}'{did_you_mean(key, _allowed_keys(shown[:-1]))}"
    if kind == "time_path" and lever is not None:
        return _time_path_message(lever, value)
    if kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        bound = _bound_message(value, bool(is_year), spec)
        if bound is not None:
            return bound
    if kind in ("int_parsing", "int_from_float", "int_type") and is_year:
        return f"'{value}' is not a year (write a whole year, {FIRST_YEAR}-{LAST_YEAR})"
    if kind == "literal_error":
        return _literal_message(err, value)
    if kind == "missing":
        return f"missing required key '{err['loc'][-1]}'"
    if kind in ("float_parsing", "float_type") and spec is not None:
        return f"expected a number in {spec.unit}, got {value!r}"
    if kind == "string_pattern_mismatch" and shown == ["name"]:
        return f"'{value}' is not a valid name: use lower-case letters, digits, '_' and '-'"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping, got {type(value).__name__}"
    if kind == "too_short":
        return "must not be empty"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    return str(msg)


def explain(doc: YamlDocument, exc: ValidationError) -> str:
    """Turn a pydantic error into ``file:line: key.path: message`` lines (one screen)."""
    found: dict[str, int] = {}
    for err in exc.errors():
        line, shown = doc.locate(tuple(err["loc"]))
        text = f"{doc.path}:{line}: {'.'.join(shown) or '(top level)'}: {_message(err, shown)}"
        text = one_line(text)  # keys and values from the file may hold newlines
        found.setdefault(text, line or 0)
    lines = sorted(found, key=lambda t: found[t])
    if len(lines) > MAX_ERRORS:
        lines = [*lines[:MAX_ERRORS], f"… and {len(lines) - MAX_ERRORS} more problems"]
    return "\n".join(lines)


@lru_cache(maxsize=8)
def _codes_of(directory: str) -> Codes:
    return Codes.from_directory(Path(directory))


def _codes(data: Any) -> Codes:
    if data is None:
        from ikm_sim.paths import DATA_DIR

        return _codes_of(str(DATA_DIR))
    if isinstance(data, Codes):
        return data
    if isinstance(data, str | Path):
        return _codes_of(str(Path(data).resolve()))
    return Codes.from_dataset(data)


def parse_scenario(doc: YamlDocument, codes: Codes | None = None) -> Scenario:
    """Validate one parsed YAML document as a scenario (without resolving ``extends``).

    Parameters
    ----------
    doc : YamlDocument
        The parsed file.
    codes : Codes, optional
        Municipality and subject codes to check overrides against (None: not checked).

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        With one line per problem: file, line, key path and what is allowed.
    """
    if doc.data is None:
        raise ScenarioError(one_line(f"{doc.path}: the file is empty; expected a scenario mapping"))
    if not isinstance(doc.data, dict):
        raise ScenarioError(
            one_line(
                f"{doc.path}:1: expected a mapping with keys name, title_lv, title_en, levers; "
                f"got a {type(doc.data).__name__}"
            )
        )
    try:
        return Scenario.model_validate(doc.data, context={"codes": codes})
    except ValidationError as exc:
        raise ScenarioError(explain(doc, exc)) from None


def _exists(path: Path) -> bool:
    """`Path.exists` that says False for names the OS refuses (too long, NUL bytes)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _find_file(ref: str | Path, near: Path | None) -> Path:
    path = Path(ref)
    if path.suffix.lower() not in (".yaml", ".yml"):
        path = path.with_name(f"{path.name}.yaml")
    candidates = [path] if path.is_absolute() else []
    if not path.is_absolute():
        if near is not None:
            candidates.append(near / path)
        candidates += [Path.cwd() / path, SCENARIOS_DIR / path]
    for candidate in candidates:
        if _exists(candidate):
            return candidate.resolve()
    return candidates[0]


def _known_names(*dirs: Path) -> list[str]:
    return sorted({p.stem for d in dirs if d.is_dir() for p in d.glob("*.yaml")})


def load_scenario(path: str | Path, data: Any = None, _seen: tuple[Path, ...] = ()) -> Scenario:
    """Load a scenario file, resolving ``extends:`` chains.

    Parameters
    ----------
    path : str or pathlib.Path
        A YAML scenario file, or the name of a shipped scenario (``"baseline"``).
    data : Dataset, Codes or pathlib.Path, optional
        Where the allowed municipality and subject codes come from. Default: the embedded
        dataset.

    Returns
    -------
    Scenario
        The scenario, with every lever inherited from its parents filled in (a lever set in
        the file replaces the parent's setting of that lever as a whole).

    Raises
    ------
    ScenarioError
        For a missing file, invalid YAML, a duplicate or unknown key, a wrong unit, a value
        or year out of bounds, an unknown municipality or subject, a missing parent, an
        ``extends`` cycle or chain longer than `ikm_sim.limits.MAX_EXTENDS_CHAIN`, or a file
        over a limit of `ikm_sim.limits`; the message names the file and the line.
    """
    codes = _codes(data)
    file = _find_file(path, None) if not _seen else Path(path)
    if not _exists(file) and not _seen:
        stem = Path(path).stem
        hint = did_you_mean(stem, _known_names(SCENARIOS_DIR)) if stem else ""
        raise ScenarioError(one_line(f"{path}: scenario file not found{hint}"))
    file = file.resolve()
    if file in _seen:
        chain = " -> ".join(p.name for p in (*_seen, file))
        raise ScenarioError(one_line(f"{_seen[-1]}: 'extends' makes a cycle: {chain}"))
    doc = read_yaml(file)
    scenario = parse_scenario(doc, codes)
    parent_ref = _parent_ref(scenario)
    if parent_ref is None:
        return scenario
    parent_file = _find_file(parent_ref, file.parent)
    if not _exists(parent_file):
        line, _ = doc.locate(("extends",))
        hint = did_you_mean(Path(parent_ref).stem, _known_names(file.parent, SCENARIOS_DIR))
        raise ScenarioError(
            one_line(
                f"{file}:{line}: extends: no scenario '{parent_ref}' next to this file or in "
                f"{SCENARIOS_DIR}{hint}"
            )
        )
    return _with_parent(doc, scenario, parent_file, codes, (*_seen, file))


def load_scenario_text(
    text: str, label: str, data: Any = None, parents: Path = SCENARIOS_DIR
) -> Scenario:
    """Validate a scenario given as text (an upload), resolving ``extends`` in `parents` only.

    Nothing is written to disk and nothing in the text is executed. ``extends:`` may only
    name a scenario file in `parents` by its name (no paths), so an upload cannot make the
    loader read any other file.

    Parameters
    ----------
    text : str
        The scenario's YAML.
    label : str
        The file name shown in messages (e.g. the uploaded file's sanitised name).
    data : Dataset, Codes or pathlib.Path, optional
        Where the allowed municipality and subject codes come from (default: embedded data).
    parents : pathlib.Path, optional
        The only directory ``extends`` may refer to (default: the shipped ``scenarios/``).

    Returns
    -------
    Scenario
        Resolved as by `load_scenario`.

    Raises
    ------
    ScenarioError
        As `load_scenario`, and when ``extends`` names anything but a scenario in `parents`.
    """
    codes = _codes(data)
    doc = parse_yaml_text(text, Path(label))
    scenario = parse_scenario(doc, codes)
    parent_ref = _parent_ref(scenario)
    if parent_ref is None:
        return scenario
    allowed = _known_names(parents)
    if parent_ref not in allowed:
        line, _ = doc.locate(("extends",))
        raise ScenarioError(
            one_line(
                f"{label}:{line}: extends: '{parent_ref}' is not a shipped scenario "
                f"({', '.join(allowed)})"
            )
        )
    return _with_parent(doc, scenario, parents / f"{parent_ref}.yaml", codes, (Path(label),))


def _parent_ref(scenario: Scenario) -> str | None:
    """The scenario `scenario` extends: its ``extends``, else baseline (none for baseline)."""
    if scenario.extends is None and scenario.name != "baseline":
        return "baseline"
    return scenario.extends


def _with_parent(
    doc: YamlDocument,
    scenario: Scenario,
    parent_file: Path,
    codes: Codes | None,
    seen: tuple[Path, ...],
) -> Scenario:
    """`scenario` with the levers it does not set taken from the scenario in `parent_file`."""
    line, _ = doc.locate(("extends",))
    where = f"{doc.path}:{line}: extends" if scenario.extends else f"{doc.path}: (extends baseline)"
    where = one_line(where)
    if len(seen) >= MAX_EXTENDS_CHAIN:
        raise ScenarioError(
            f"{where}: the chain of 'extends' is longer than {MAX_EXTENDS_CHAIN} scenarios"
        )
    try:
        parent = load_scenario(parent_file, codes, seen)
    except ScenarioError as exc:
        if "makes a cycle" in str(exc) or "chain of 'extends'" in str(exc):
            raise
        raise ScenarioError(
            f"{exc}\n{where}: the parent '{one_line(str(_parent_ref(scenario)))}' has the "
            "problems above"
        ) from None
    merged = parent.levers.model_copy(update=scenario.levers.set_levers())
    return scenario.model_copy(update={"levers": merged})


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file, for editors (exported from the pydantic model).

    Returns
    -------
    dict
        ``scenarios/scenario.schema.json`` is this, written by `write_json_schema`.
    """
    schema = Scenario.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def write_json_schema(path: Path = SCHEMA_FILE) -> Path:
    """Write `scenario_json_schema` to `path` (default ``scenarios/scenario.schema.json``)."""
    text = json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"
    write_text_atomic(path, text)
    return path
