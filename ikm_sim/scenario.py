"""Scenarios: YAML files of lever settings, validated against one schema.

A scenario names itself, has Latvian and English titles, may ``extends:`` another scenario
(baseline by default) and sets levers. A lever value is a constant or a time path
``{year: value}`` (linear between the given years, held flat outside them).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ikm_sim.errors import ScenarioError
from ikm_sim.paths import SCENARIOS_DIR

TimePath = float | dict[int, float]


def _path(desc: str, unit: str, lo: float, hi: float) -> Any:
    return Field(None, description=desc, json_schema_extra={"unit": unit, "min": lo, "max": hi})


class Levers(BaseModel):
    """Policy levers; None means "as in the scenario this one extends" (baseline: today)."""

    model_config = ConfigDict(extra="forbid")

    births_variant: Literal["low", "medium", "high"] | None = Field(
        None, description="birth projection variant after 2024"
    )
    relative_pay: TimePath | None = _path(
        "teacher pay relative to the national average wage (2023 = 1)", "ratio", 0.3, 3.0
    )
    retirement_age: TimePath | None = _path("statutory pension age", "years", 55, 75)
    lesson_share: TimePath | None = _path(
        "share of a full-time rate spent on lessons (0.65 = 65/35 rule)", "share", 0.3, 1.0
    )
    likme_hours: TimePath | None = _path("hours in a full-time rate", "hours/week", 20, 45)
    consolidation: TimePath | None = _path(
        "effective class size relative to 2023 (school-network consolidation)", "ratio", 0.5, 2.0
    )
    retention_effect: TimePath | None = _path(
        "reduction of leaving under age 30 by a retention programme", "share", 0.0, 1.0
    )
    pensioner_rule: TimePath | None = _path(
        "multiplier on pensioners' retirement (above 1 = fewer working pensioners)", "ratio", 0, 10
    )
    macitspeks_intake: TimePath | None = _path(
        "yearly intake of the Mācītspēks route", "persons/year", 0, 1000
    )
    training_places_index: TimePath | None = _path(
        "funded teacher-education places relative to today", "ratio", 0, 5
    )
    language_exit_rate: TimePath | None = _path(
        "yearly share of teachers leaving under the language requirement", "1/year", 0, 0.1
    )
    children_per_preschool_fte: TimePath | None = _path(
        "children per preschool teacher FTE", "persons/FTE", 4, 20
    )
    additional_training_places: dict[str, float] | None = Field(
        None, description="extra funded study places per subject code (persons/year)"
    )
    additional_places_from: int | None = Field(
        None, ge=2023, le=2045, description="first year the extra study places are funded"
    )

    @field_validator(
        "relative_pay",
        "retirement_age",
        "lesson_share",
        "likme_hours",
        "consolidation",
        "retention_effect",
        "pensioner_rule",
        "macitspeks_intake",
        "training_places_index",
        "language_exit_rate",
        "children_per_preschool_fte",
    )
    @classmethod
    def _within_bounds(cls, value: TimePath | None, info: Any) -> TimePath | None:
        if value is None:
            return value
        extra = cls.model_fields[info.field_name].json_schema_extra
        assert isinstance(extra, dict)
        lo, hi = float(extra["min"]), float(extra["max"])  # type: ignore[arg-type]
        values = value.values() if isinstance(value, dict) else [value]
        for year in value if isinstance(value, dict) else []:
            if not 2000 <= year <= 2100:
                raise ValueError(f"year {year} is outside 2000-2100")
        for v in values:
            if not lo <= v <= hi:
                raise ValueError(f"{v} is outside the allowed range {lo:g}-{hi:g} {extra['unit']}")
        return value


class Scenario(BaseModel):
    """A named set of lever settings."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9_\-]+$")
    title_lv: str
    title_en: str
    description_lv: str = ""
    description_en: str = ""
    extends: str | None = None
    levers: Levers = Field(default_factory=Levers)


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise ScenarioError(f"{path}: scenario file not found")
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise ScenarioError(f"{path}: expected a mapping with name, title_lv, title_en, levers")
    return doc


def _explain(path: Path, exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            field = str(err["loc"][-1])
            known = list(Levers.model_fields) if "levers" in loc else list(Scenario.model_fields)
            close = difflib.get_close_matches(field, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(known)}"
            msg = f"unknown key{hint}"
        lines.append(f"{path}: {loc}: {msg}")
    return "\n".join(lines)


def load_scenario(path: str | Path, _seen: tuple[Path, ...] = ()) -> Scenario:
    """Load a scenario file, resolving ``extends:`` chains.

    Parameters
    ----------
    path : str or pathlib.Path
        A YAML scenario file, or the name of a shipped scenario (``"baseline"``).

    Returns
    -------
    Scenario
        The scenario with every lever inherited from its parents filled in.

    Raises
    ------
    ScenarioError
        For a missing file, invalid YAML, unknown keys, values out of bounds or a cycle.
    """
    path = Path(path)
    if not path.suffix:
        path = SCENARIOS_DIR / f"{path}.yaml"
    path = path.resolve()
    if path in _seen:
        chain = " -> ".join(p.name for p in (*_seen, path))
        raise ScenarioError(f"{path}: 'extends' makes a cycle: {chain}")
    doc = _read_yaml(path)
    try:
        scenario = Scenario(**doc)
    except (ValidationError, TypeError) as exc:
        if isinstance(exc, ValidationError):
            raise ScenarioError(_explain(path, exc)) from None
        raise ScenarioError(f"{path}: {exc}") from None
    parent_name = scenario.extends or (None if scenario.name == "baseline" else "baseline")
    if parent_name is None:
        return scenario
    parent_path = path.parent / f"{parent_name}.yaml"
    if not parent_path.exists():
        parent_path = SCENARIOS_DIR / f"{parent_name}.yaml"
    parent = load_scenario(parent_path, (*_seen, path))
    merged = parent.levers.model_dump(exclude_none=True) | scenario.levers.model_dump(
        exclude_none=True
    )
    return scenario.model_copy(update={"levers": Levers(**merged)})
