"""Behavioural parameters of the model: defined once, with units, bounds and meaning.

These are the numbers calibration fits (leaving by age band, retirement behaviour, entry,
feedback strengths …). Their values live in ``calibration/calibrated.yaml``; the defaults below
are the documented priors used when that file does not set a value. Every scenario builds on
the calibrated file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ikm_sim.errors import IkmSimError, ScenarioError, one_line
from ikm_sim.paths import CALIBRATION_DIR
from ikm_sim.scenario.yamlfile import read_yaml

CALIBRATED_FILE = CALIBRATION_DIR / "calibrated.yaml"

#: Age bands of the leaving rate (inclusive lower, inclusive upper).
LEAVE_BANDS: dict[str, tuple[int, int]] = {
    "leave_20_24": (20, 24),
    "leave_25_29": (25, 29),
    "leave_30_39": (30, 39),
    "leave_40_49": (40, 49),
    "leave_50_59": (50, 59),
    "leave_60_plus": (60, 75),
}


def _p(default: float, lo: float, hi: float, unit: str, desc: str) -> Any:
    return Field(default, ge=lo, le=hi, description=desc, json_schema_extra={"unit": unit})


class BehaviouralParameters(BaseModel):
    """Calibratable parameters with their prior defaults, bounds and units."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    leave_20_24: float = _p(0.08, 0.0, 0.4, "1/year", "leaving rate, ages 20-24")
    leave_25_29: float = _p(0.06, 0.0, 0.4, "1/year", "leaving rate, ages 25-29")
    leave_30_39: float = _p(0.03, 0.0, 0.3, "1/year", "leaving rate, ages 30-39")
    leave_40_49: float = _p(0.02, 0.0, 0.3, "1/year", "leaving rate, ages 40-49")
    leave_50_59: float = _p(0.02, 0.0, 0.3, "1/year", "leaving rate, ages 50-59")
    leave_60_plus: float = _p(0.03, 0.0, 0.3, "1/year", "leaving rate (not retiring), 60+")
    early_retirement_rate: float = _p(
        0.04, 0.0, 0.5, "1/year", "retiring in each of the 2 years before the pension age"
    )
    retirement_rate_past_pension_age: float = _p(
        0.22, 0.0, 1.0, "1/year", "retiring each year at or past the pension age"
    )
    retirement_rate_75_plus: float = _p(0.35, 0.0, 1.0, "1/year", "retiring each year at 75+")
    returner_rate: float = _p(
        0.02, 0.0, 0.1, "1/year", "returners and career changers per teacher per year"
    )
    completion_rate: float = _p(0.75, 0.3, 1.0, "share", "students completing teacher education")
    base_take_up: float = _p(
        0.45, 0.05, 1.0, "share", "graduates taking a school job at today's attractiveness"
    )
    graduate_share_of_entrants_age: float = _p(
        0.6, 0.0, 1.0, "share", "weight of young graduates (mean age 25) in the entrant ages"
    )
    entrant_mean_age_changers: float = _p(
        38.0, 28.0, 55.0, "years", "mean age of returners and career changers"
    )
    overload_coverage: float = _p(
        0.5, 0.0, 1.0, "share", "share of a shortage covered by higher loads (R1)"
    )
    max_overload: float = _p(0.3, 0.0, 0.6, "share", "largest average load increase")
    max_underload: float = _p(0.15, 0.0, 0.5, "share", "largest load reduction before cuts")
    overload_leave_sensitivity: float = _p(
        1.0, 0.0, 5.0, "1", "rise in leaving per unit of sustained overload (R1)"
    )
    working_pensioner_sensitivity: float = _p(
        1.0, 0.0, 1.0, "1", "fall in retirement per unit of relative shortage (B2)"
    )
    pay_elasticity: float = _p(1.0, 0.0, 3.0, "1", "elasticity of applications to pay (B3)")
    workload_sensitivity: float = _p(1.0, 0.0, 5.0, "1", "attractiveness lost per overload (B3)")
    pay_leave_elasticity: float = _p(0.5, 0.0, 3.0, "1", "elasticity of leaving to pay (B3)")
    class_elasticity_state_city: float = _p(
        0.9, 0.2, 1.0, "1", "elasticity of classes to pupils in state cities"
    )
    class_elasticity_novads: float = _p(
        0.6, 0.2, 1.0, "1", "elasticity of classes to pupils in novadi (small schools)"
    )
    pupils_per_other_fte: float = _p(
        40.0, 10.0, 200.0, "persons/FTE", "pupils per FTE of leaders and support pedagogues"
    )
    children_per_preschool_fte: float = _p(
        9.0, 4.0, 20.0, "persons/FTE", "children per preschool teacher FTE (2023)"
    )
    split_group_factor: float = _p(
        1.6, 1.0, 2.0, "groups/class", "teaching groups per class in split subjects"
    )
    entrant_load: float = _p(0.9, 0.3, 1.5, "FTE/person", "average load of a new teacher")
    overload_perception_time: float = _p(2.0, 1.0, 5.0, "years", "time for overload to be felt")
    surplus_adjustment_time: float = _p(2.0, 1.0, 5.0, "years", "time to cut surplus posts")
    hiring_adjustment_time: float = _p(
        1.5, 1.0, 5.0, "years", "time over which schools close a gap by hiring (B1)"
    )
    school_class_elasticity: float = _p(
        0.35,
        0.0,
        1.0,
        "1",
        "elasticity of classes to the number of schools in the network consolidation",
    )
    vacancy_fill_share: float = _p(
        0.3,
        0.0,
        1.0,
        "share",
        "share of the unmet hiring need filled each year by other routes (B1)",
    )
    regional_preference_riga: float = _p(
        1.3, 0.5, 3.0, "1", "entrants' preference for the Rīga planning region (others 1)"
    )
    students_per_1000_teachers: float = _p(
        33.0,
        0.0,
        150.0,
        "persons/year",
        "new teacher-education students per 1,000 teachers (~1,250 a year nationally)",
    )
    applicants_per_place: float = _p(
        1.5, 0.5, 4.0, "1", "qualified applicants per funded study place"
    )
    fee_paying_share: float = _p(
        0.2, 0.0, 1.0, "share", "applicants without a funded place who study at their own cost"
    )
    language_exposure_high: float = _p(
        2.0, 0.0, 5.0, "1", "relative language-exit exposure in Latgale and Rīga region"
    )


def load_parameters(path: Path | None = None) -> BehaviouralParameters:
    """Read the calibrated parameters (defaults for keys the file does not set).

    Parameters
    ----------
    path : pathlib.Path, optional
        YAML file with a ``parameters:`` mapping. Default is ``calibration/calibrated.yaml``;
        if that file does not exist, the documented priors are returned.

    Returns
    -------
    BehaviouralParameters

    Raises
    ------
    IkmSimError
        If the file is not valid YAML or a value is unknown or out of bounds.
    """
    path = CALIBRATED_FILE if path is None else path
    if not path.exists():
        return BehaviouralParameters()
    try:
        doc = read_yaml(path).data or {}  # safe loader, within the limits of ikm_sim.limits
    except ScenarioError as exc:
        raise IkmSimError(str(exc)) from None
    values = doc.get("parameters", {}) if isinstance(doc, dict) else None
    if not isinstance(values, dict):
        raise IkmSimError(f"{path}: expected a 'parameters:' mapping of name: value")
    try:
        return BehaviouralParameters(**values)
    except ValidationError as exc:
        lines = [f"{path}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise IkmSimError("\n".join(one_line(line) for line in lines)) from None


#: Bounds of the fitted target-grant scale (``funding: grant_scale:`` in calibrated.yaml).
GRANT_SCALE_BOUNDS = (0.5, 2.0)


def load_grant_scale(path: Path | None = None) -> float:
    """Read the fitted scale of the state target grant (1 when the file does not set it).

    The scale is fitted by `ikm_sim.calibration.funding_fit` to the published sub-programme
    totals and kept under ``funding: grant_scale:`` in ``calibration/calibrated.yaml``.

    Parameters
    ----------
    path : pathlib.Path, optional
        The calibrated file. Default ``calibration/calibrated.yaml``.

    Returns
    -------
    float
        The scale (dimensionless).

    Raises
    ------
    IkmSimError
        If the value is not a number within `GRANT_SCALE_BOUNDS`.
    """
    path = CALIBRATED_FILE if path is None else path
    if not path.exists():
        return 1.0
    try:
        doc = read_yaml(path).data or {}
    except ScenarioError as exc:
        raise IkmSimError(str(exc)) from None
    section = doc.get("funding") if isinstance(doc, dict) else None
    value = section.get("grant_scale", 1.0) if isinstance(section, dict) else 1.0
    lo, hi = GRANT_SCALE_BOUNDS
    if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
        raise IkmSimError(
            f"{path}: funding.grant_scale: expected a number from {lo} to {hi}, got {value!r}"
        )
    return float(value)
