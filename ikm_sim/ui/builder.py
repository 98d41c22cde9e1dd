"""Scenario builder logic (no Streamlit): controls, scenario editing, YAML save and safe upload.

The builder shows one control per main national lever. Each control starts at the value the
base scenario implies (or today's value), and only the levers whose control the user moved are
written into the edited scenario, so an untouched lever keeps the base scenario's exact setting
(ramps, overrides by region or subject included).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml

from ikm_sim.errors import ScenarioError
from ikm_sim.limits import MAX_SCENARIO_BYTES, LimitError, check_size
from ikm_sim.scenario import LEVERS, LeverSpec, Scenario, load_scenario_text
from ikm_sim.scenario.levers import Overrides, RampPath, StepsPath
from ikm_sim.scenario.registry import BIRTH_VARIANTS as BIRTH_VARIANTS  # the builder's choices
from ikm_sim.scenario.registry import Widget
from ikm_sim.scenario.yamlfile import decode_yaml
from ikm_sim.settings import FINAL_YEAR

#: Years a dated step or the pay path may start in (the model projects from 2024 on).
FIRST_STEP_YEAR, LAST_STEP_YEAR = 2024, FINAL_YEAR
#: Session key of the builder's last what-if (its results, base and titles), read by the
#: builder and the Funding page.
BUILDER_RESULT_KEY = "_builder_result"
PAY_CONTROL = "relative_pay"


@dataclass(frozen=True)
class Control:
    """One builder control: a lever set as a dated step ``{steps: {year: value}}``.

    Everything about it comes from the lever registry (`ikm_sim.scenario.LEVERS`): bounds and
    unit from the lever, the slider's starting value, step and decimals from its `Widget`.

    Attributes
    ----------
    lever : str
        Lever name in `ikm_sim.scenario.LEVERS`.
    """

    lever: str

    @property
    def spec(self) -> LeverSpec:
        """The lever's registry entry."""
        return LEVERS[self.lever]

    @property
    def widget(self) -> Widget:
        """The lever's builder control in the registry."""
        widget = self.spec.widget
        if widget is None:
            raise ValueError(f"lever {self.lever} has no builder control in the registry")
        return widget

    @property
    def today(self) -> float:
        """Value when the base scenario does not set the lever (today's value)."""
        return self.widget.today

    @property
    def step(self) -> float:
        """Slider step."""
        return self.widget.step

    @property
    def decimals(self) -> int:
        """Digits after the decimal mark on the slider."""
        return self.widget.decimals

    @property
    def lo(self) -> float:
        """Lower bound (from the lever registry)."""
        return float(self.spec.lo)

    @property
    def hi(self) -> float:
        """Upper bound (from the lever registry)."""
        return float(self.spec.hi)

    @property
    def unit(self) -> str:
        """Unit of the lever (from the lever registry)."""
        return self.spec.unit


def _step_controls() -> tuple[Control, ...]:
    """The registry's levers with a builder control, in their `Widget.order`."""
    order = {s.name: s.widget.order for s in LEVERS.values() if s.widget is not None}
    return tuple(Control(name) for name in sorted(order, key=order.__getitem__))


#: Step levers of the builder, in the order shown (the pay path and births variant are extra).
CONTROLS: tuple[Control, ...] = _step_controls()
CONTROLS_BY_LEVER = {c.lever: c for c in CONTROLS}
#: The study-places lever: its national path is the builder's "other subjects" control.
PLACES_LEVER = "training_places"
#: The extra study places a year (per subject), set by the same subject groups.
EXTRA_PLACES_LEVER = "additional_training_places"
#: The builder's subject groups of study places (subject codes of data/subjects.csv).
STEM, LANGUAGES = ("MAT", "PHY", "CHE", "BIO", "CS"), ("LAT", "ENG", "FL")
#: The builder's study-place groups: control name -> subject codes; each group's control sets
#: the lever's per-subject paths of its subjects.
PLACE_GROUPS: dict[str, tuple[str, ...]] = {"places_stem": STEM, "places_languages": LANGUAGES}
EXTRA_PLACE_GROUPS: dict[str, tuple[str, ...]] = {
    "extra_places_stem": STEM,
    "extra_places_languages": LANGUAGES,
}
#: Levers set by subject group: lever -> its group controls (its national control is "other
#: subjects").
GROUPED_LEVERS: dict[str, dict[str, tuple[str, ...]]] = {
    PLACES_LEVER: PLACE_GROUPS,
    EXTRA_PLACES_LEVER: EXTRA_PLACE_GROUPS,
}


def _sliders() -> tuple[tuple[str, Control], ...]:
    """(control name, control) of every step slider: a lever's subject groups follow it."""
    items: list[tuple[str, Control]] = []
    for control in CONTROLS:
        items.append((control.lever, control))
        items += [(group, control) for group in GROUPED_LEVERS.get(control.lever, {})]
    return tuple(items)


#: Every step slider of the builder, in the order shown: (control name, its lever's control).
SLIDERS: tuple[tuple[str, Control], ...] = _sliders()


@dataclass(frozen=True)
class PayPath:
    """Teacher pay relative to the average wage, growing a fixed share a year between two years.

    Attributes
    ----------
    growth : float
        Yearly real growth of pay relative to the average wage (0.03 = 3 % a year).
    start, end : int
        The growth runs from `start` (relative pay 1) to `end`, and the level holds after.
    """

    growth: float
    start: int
    end: int

    def table(self) -> dict[int, float]:
        """Return the lever's per-year table (compound growth, clipped to the lever's bounds).

        Raises
        ------
        ScenarioError
            If the growth does not start before it ends.
        """
        spec = LEVERS[PAY_CONTROL]
        if self.start >= self.end:
            raise ScenarioError(
                f"lever {PAY_CONTROL}: the 'from' year ({self.start}) is not before "
                f"the 'until' year ({self.end})"
            )
        return {
            year: round(min(max((1 + self.growth) ** (year - self.start), spec.lo), spec.hi), 4)
            for year in range(self.start, self.end + 1)
        }


def year_order_problem(values: Mapping[str, Any]) -> tuple[str, int, int] | None:
    """The builder's from/until years that are out of order, if any.

    Parameters
    ----------
    values : mapping
        Control values (keys as in `initial_values`).

    Returns
    -------
    tuple of (str, int, int) or None
        (control name, from year, until year) when a "from" year is not before its "until"
        year (the pay path), else None.
    """
    start, end = int(values["pay_start"]), int(values["pay_end"])
    return ("pay_growth", start, end) if start >= end else None


def _national(setting: Any) -> Any:
    """The national time path of a setting (the ``national`` part of an override mapping)."""
    if isinstance(setting, Overrides):
        return setting.national
    return setting


def _last_point(path: Any) -> tuple[float, int | None] | None:
    """Value and year a time path ends at (None if it cannot be read)."""
    if path is None:
        return None
    if isinstance(path, int | float):
        return float(path), None
    if isinstance(path, dict) and path:
        year = max(path)
        return float(path[year]), int(year)
    if isinstance(path, StepsPath) and path.steps:
        year = max(path.steps)
        return float(path.steps[year]), int(year)
    if isinstance(path, RampPath):
        return float(path.ramp.end), int(path.ramp.to)
    return None


def initial_values(scenario: Scenario) -> dict[str, Any]:
    """Return the builder's starting values for a (resolved) base scenario.

    Parameters
    ----------
    scenario : Scenario
        The base scenario, ``extends`` resolved.

    Returns
    -------
    dict
        ``<name>`` (value) and ``<name>_year`` for every slider of `SLIDERS`, ``pay_growth``,
        ``pay_start``, ``pay_end`` and ``births_variant``.
    """
    values: dict[str, Any] = {}
    for control in CONTROLS:
        point = _last_point(_national(scenario.levers.setting(control.lever)))
        value, year = point if point is not None else (control.today, None)
        values[control.lever] = min(max(value, control.lo), control.hi)
        values[f"{control.lever}_year"] = int(year or 2026)
    for lever, groups in GROUPED_LEVERS.items():
        subjects = _subject_paths(scenario, lever)
        for group, codes in groups.items():
            own = [p for p in (_last_point(subjects.get(c)) for c in codes) if p is not None]
            value, year = own[0] if own else (values[lever], values[f"{lever}_year"])
            values[group], values[f"{group}_year"] = value, int(year or 2026)
    pay = scenario.levers.setting(PAY_CONTROL)
    growth, start, end = 0.0, 2026, 2031
    if isinstance(pay, RampPath):
        ramp = pay.ramp
        begin = float(ramp.start) if ramp.start is not None else 1.0
        if begin > 0 and ramp.to > ramp.from_:
            growth = (float(ramp.end) / begin) ** (1 / (ramp.to - ramp.from_)) - 1
        start, end = int(ramp.from_), int(ramp.to)
    elif isinstance(pay, dict) and len(pay) >= 2:
        first, last = min(pay), max(pay)
        if float(pay[first]) > 0:
            growth = (float(pay[last]) / float(pay[first])) ** (1 / (last - first)) - 1
        start, end = int(first), int(last)
    values["pay_growth"] = round(growth * 100, 1)
    values["pay_start"] = min(max(start, FIRST_STEP_YEAR), LAST_STEP_YEAR - 1)
    values["pay_end"] = min(max(end, values["pay_start"] + 1), LAST_STEP_YEAR)
    values["births_variant"] = scenario.levers.births_variant or "medium"
    return values


def _subject_paths(scenario: Scenario, lever: str = PLACES_LEVER) -> dict[str, Any]:
    """A lever's per-subject paths in `scenario` (code -> path)."""
    setting = scenario.levers.setting(lever)
    return dict(getattr(setting, "subjects", None) or {})


def _grouped_change(
    scenario: Scenario, lever: str, values: Mapping[str, Any], initial: Mapping[str, Any]
) -> Any | None:
    """A grouped lever's setting after the builder's group controls (None: none moved).

    Subjects of an unmoved group keep their base paths; when only the "other subjects"
    (national) control moved, an unmoved group without paths of its own is pinned to the base
    national path, so the change reaches only the other subjects, as the control says.
    """
    groups = GROUPED_LEVERS[lever]
    names = (lever, *groups)
    moved = {n for n in names if any(values[k] != initial[k] for k in (n, f"{n}_year"))}
    if not moved:
        return None
    base = scenario.levers.setting(lever)
    if isinstance(base, Overrides):
        dumped = base.model_dump(mode="python", by_alias=True, exclude_none=True)
    else:
        dumped = {} if base is None else {"national": base}
    base_national = dumped.get("national", CONTROLS_BY_LEVER[lever].today)
    subjects = dict(dumped.get("subjects") or {})
    if lever in moved:
        year = int(values[f"{lever}_year"])
        dumped["national"] = {"steps": {year: float(values[lever])}}
    for group, codes in groups.items():
        if group in moved:
            step = (int(values[f"{group}_year"]), float(values[group]))
            for code in codes:
                subjects[code] = {"steps": {step[0]: step[1]}}
        elif lever in moved:
            for code in codes:
                subjects.setdefault(code, base_national)
    if subjects:
        dumped["subjects"] = subjects
    return dumped


def _with_national(base_setting: Any, path: Any) -> Any:
    """Replace the national path of a lever, keeping the base's regional/subject overrides."""
    if isinstance(base_setting, Overrides):
        dumped = base_setting.model_dump(mode="python", by_alias=True, exclude_none=True)
        dumped["national"] = path
        return dumped
    return path


def lever_changes(
    scenario: Scenario, values: Mapping[str, Any], initial: Mapping[str, Any]
) -> dict[str, Any]:
    """Return the lever settings the user changed, as raw (YAML-ready) settings.

    Parameters
    ----------
    scenario : Scenario
        The base scenario.
    values : mapping
        Current control values (keys as in `initial_values`).
    initial : mapping
        The values the controls started at.

    Returns
    -------
    dict
        Lever name -> setting, only for levers whose controls moved.
    """
    changes: dict[str, Any] = {}
    for lever in GROUPED_LEVERS:
        grouped = _grouped_change(scenario, lever, values, initial)
        if grouped is not None:
            changes[lever] = grouped
    for control in CONTROLS:
        keys = (control.lever, f"{control.lever}_year")
        if control.lever in GROUPED_LEVERS or all(values[k] == initial[k] for k in keys):
            continue
        path = {"steps": {int(values[keys[1]]): float(values[keys[0]])}}
        changes[control.lever] = _with_national(scenario.levers.setting(control.lever), path)
    pay_keys = ("pay_growth", "pay_start", "pay_end")
    if any(values[k] != initial[k] for k in pay_keys):
        pay = PayPath(
            float(values["pay_growth"]) / 100, int(values["pay_start"]), int(values["pay_end"])
        )
        changes[PAY_CONTROL] = pay.table()
    if values["births_variant"] != initial["births_variant"]:
        changes["births_variant"] = values["births_variant"]
    return changes


def moved_controls(values: Mapping[str, Any], initial: Mapping[str, Any]) -> list[str]:
    """The builder's controls the user moved, in the order shown (their names are ``lever_*``).

    A control, not the lever it sets, is what the user remembers: the pay path sets
    ``relative_pay`` and the "STEM" study places set ``training_places`` of five subjects.

    Parameters
    ----------
    values, initial : mapping
        Current and starting control values (as `lever_changes` takes them).

    Returns
    -------
    list of str
        Control names: `SLIDERS`' names, ``pay_growth``, ``births_variant``.
    """
    moved = [
        name for name, _ in SLIDERS if any(values[k] != initial[k] for k in (name, f"{name}_year"))
    ]
    if any(values[k] != initial[k] for k in ("pay_growth", "pay_start", "pay_end")):
        moved.append("pay_growth")
    if values["births_variant"] != initial["births_variant"]:
        moved.append("births_variant")
    return moved


def edited_scenario(scenario: Scenario, changes: Mapping[str, Any], name: str) -> Scenario:
    """Return `scenario` with `changes` applied and validated (a new, named scenario).

    Parameters
    ----------
    scenario : Scenario
        The base scenario (resolved).
    changes : mapping
        From `lever_changes`.
    name : str
        Name of the edited scenario.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        If a changed setting does not validate (e.g. out of bounds).
    """
    data = scenario.model_dump(mode="python", by_alias=True, exclude_none=True)
    data["levers"] = {**data.get("levers", {}), **changes}
    data["name"] = name
    try:
        return Scenario.model_validate(data)
    except ValueError as exc:
        raise ScenarioError(f"the edited scenario is not valid: {exc}") from None


def _plain(value: Any) -> Any:
    """Make a dumped value YAML-friendly: year keys as integers, floats tidied."""
    if isinstance(value, dict):
        return {
            (int(k) if isinstance(k, str) and k.isdigit() else k): _plain(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value


def scenario_yaml(
    scenario: Scenario, changes: Mapping[str, Any], extends: str | None, name: str
) -> str:
    """Write an edited scenario as a YAML scenario file.

    Parameters
    ----------
    scenario : Scenario
        The edited scenario (titles and descriptions are taken from it).
    changes : mapping
        The changed levers (written when `extends` is a shipped scenario).
    extends : str, optional
        The shipped scenario the edit starts from; None writes every lever of `scenario`
        (self-contained, e.g. after an upload).
    name : str
        The ``name:`` of the file.

    Returns
    -------
    str
        YAML text that `ikm_sim.load_scenario` accepts.
    """
    if extends is not None:
        levers = dict(changes)
    else:
        levers = scenario.levers.model_dump(mode="python", by_alias=True, exclude_none=True)
    doc: dict[str, Any] = {
        "name": name,
        "title_lv": scenario.title_lv,
        "title_en": scenario.title_en,
        "description_lv": scenario.description_lv,
        "description_en": scenario.description_en,
    }
    if extends is not None and extends != "baseline":
        doc["extends"] = extends
    doc["levers"] = _plain(levers)
    header = "# yaml-language-server: $schema=./scenario.schema.json\n"
    return header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


def safe_name(text: str, fallback: str = "my_scenario") -> str:
    """Return a valid scenario name (lower case, digits, ``_``, ``-``) made from `text`.

    Letters with diacritics lose them ("Noturēšana Kuldīgā" -> ``noturesana_kuldiga``).
    """
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    cleaned = re.sub(r"[^a-z0-9_\-]+", "_", plain.strip().lower()).strip("_")
    return cleaned[:60] or fallback


def parse_upload(filename: str, content: bytes) -> tuple[Scenario, str]:
    """Validate an uploaded scenario file with the same loader, limits and schema as the CLI.

    The bytes are checked against `ikm_sim.limits` (size, then depth, aliases and string
    length on the YAML event stream) and parsed with the safe YAML loader; nothing in the
    file is executed and nothing is written to disk. ``extends:`` may only name a shipped
    scenario. The uploaded name is used only in messages, sanitised by `safe_name`, so a name
    like ``../../x.yaml`` or one with a NUL byte cannot point anywhere.

    Parameters
    ----------
    filename : str
        The uploaded file's name (only its sanitised base name is used, in messages).
    content : bytes
        The file's contents.

    Returns
    -------
    tuple of (Scenario, str)
        The resolved scenario and the file's text.

    Raises
    ------
    ScenarioError
        Too large, not UTF-8, not valid YAML, over a limit, or not a valid scenario; the
        message has ``file:line: key.path: problem`` lines as ``ikm-sim validate`` prints them.
    """
    base = safe_name(PurePosixPath(filename.replace("\\", "/")).stem, "upload") + ".yaml"
    try:
        check_size(base, len(content), MAX_SCENARIO_BYTES)
    except LimitError as exc:
        raise ScenarioError(str(exc)) from None
    text = decode_yaml(content, base)
    return load_scenario_text(text, base), text
