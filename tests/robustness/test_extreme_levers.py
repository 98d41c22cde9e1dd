"""Every lever at its bounds, and combinations of extremes, give sane stocks and mass balance.

Each run goes through `ikm_sim.runner.run` on the small fixture data. The designs:

- a covering array of strength 2: 8 runs (for 16 levers) in which every pair of levers takes
  every one of the four combinations of (lower bound, upper bound), so each lever is at both
  of its bounds and every two extremes meet at least once (row 0: every lever at its lower
  bound);
- every lever at its upper bound;
- the supply levers at one bound and the demand levers at the other, both ways;
- abrupt jumps between the bounds (dated steps) and full-range ramps, all levers at once;
- municipality and subject overrides at the opposite bound to the national value.

Every output must be finite; stocks (teachers, pupils, children) and flows non-negative, the
share aged 60+ within [0, 1]; and every stock must equal its previous value plus inflows
minus outflows (mass balance, as in ``tests/model/test_behaviour.py``).
"""

from __future__ import annotations

from itertools import combinations
from math import comb
from typing import Any

import numpy as np
import pytest

from ikm_sim.runner import RunResult, run
from ikm_sim.scenario import LEVERS, Scenario
from ikm_sim.settings import FINAL_YEAR
from tests.conftest import MINI_DATA
from tests.model.test_behaviour import TEACHER_FLOWS_IN, TEACHER_FLOWS_OUT

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::RuntimeWarning")]

LEVER_NAMES = sorted(LEVERS)
SUPPLY = {
    "relative_pay", "training_places", "additional_training_places", "macitspeks_intake",
    "retirement_age", "pensioner_rule", "language_exit_rate", "retention",
}  # fmt: skip
DEMAND = set(LEVER_NAMES) - SUPPLY
BALANCES = {
    "Teachers": (TEACHER_FLOWS_IN, TEACHER_FLOWS_OUT),
    "Pupils": (("Pupil Inflow",), ("Pupil Outflow",)),
    "Children": (("Child Aging In",), ("Child Aging Out",)),
}
EXTRA = tuple(sorted({*BALANCES, *(f for ins, outs in BALANCES.values() for f in (*ins, *outs))}))
NON_NEGATIVE = (
    "demand_fte", "supply_fte", "vacancies_fte", "hires", "leavers", "retirements", "teachers",
    "entrants_needed",
)  # fmt: skip


def covering_array(k: int = len(LEVER_NAMES)) -> list[list[int]]:
    """Rows of 0/1 for `k` columns covering every pair of columns with all four combinations.

    Row 0 is all zeros; column j continues with the indicator of the j-th subset of size
    n // 2 + 1 of {1..n}, for the smallest n with enough subsets. Two distinct subsets of that
    size intersect (so some row has 1, 1) and each has an element the other lacks (1, 0 and
    0, 1). For 15 levers that is 7 runs, for 16 it is 8.
    """
    n = 2
    while comb(n, n // 2 + 1) < k:
        n += 1
    subsets = list(combinations(range(1, n + 1), n // 2 + 1))[:k]
    return [[int(r in s) for s in subsets] for r in range(n + 1)]


def _bound(lever: str, high: bool) -> float:
    return float(LEVERS[lever].hi if high else LEVERS[lever].lo)


def _scenario(name: str, levers: dict[str, Any], births: str = "medium") -> Scenario:
    return Scenario.model_validate(
        {
            "name": name,
            "title_lv": name,
            "title_en": name,
            "levers": {**levers, "births_variant": births},
        }
    )


def designs() -> dict[str, Scenario]:
    out: dict[str, Scenario] = {}
    for i, row in enumerate(covering_array()):
        levers = {lv: _bound(lv, bool(bit)) for lv, bit in zip(LEVER_NAMES, row, strict=True)}
        out[f"pairs_{i}"] = _scenario(f"pairs_{i}", levers, ("low", "high", "medium")[i % 3])
    out["all_high"] = _scenario("all_high", {lv: _bound(lv, True) for lv in LEVER_NAMES}, "high")
    for name, high in (("supply_high_demand_low", SUPPLY), ("supply_low_demand_high", DEMAND)):
        out[name] = _scenario(name, {lv: _bound(lv, lv in high) for lv in LEVER_NAMES}, "low")
    out["jumps"] = _scenario(
        "jumps",
        {
            lv: {"steps": {2024: _bound(lv, True), 2027: _bound(lv, False), 2035: _bound(lv, True)}}
            for lv in LEVER_NAMES
        },
    )
    out["ramps"] = _scenario(
        "ramps",
        {
            lv: {
                "ramp": {
                    "from": 2024,
                    "to": 2025,
                    "start": _bound(lv, False),
                    "end": _bound(lv, True),
                }
            }
            for lv in LEVER_NAMES
        },
        "high",
    )
    overrides: dict[str, Any] = {}
    for lv, spec in LEVERS.items():
        if "region" in spec.dims:
            overrides[lv] = {"national": spec.lo, "municipalities": {"LV0001000": spec.hi}}
        elif "subject" in spec.dims:
            overrides[lv] = {"national": spec.hi, "subjects": {"MAT": spec.lo, "PRI": spec.lo}}
        else:
            overrides[lv] = spec.hi
    out["overrides"] = _scenario("overrides", overrides, "low")
    return out


DESIGNS = designs()


def test_the_covering_array_covers_every_pair_of_extremes() -> None:
    rows = covering_array()
    for i, j in combinations(range(len(LEVER_NAMES)), 2):
        assert {(r[i], r[j]) for r in rows} == {(0, 0), (0, 1), (1, 0), (1, 1)}


def _stack(result: RunResult, name: str) -> np.ndarray:
    return np.stack([np.asarray(a.values, dtype=float) for a in result.arrays[name]])


_RESULTS: dict[tuple[str, str], RunResult] = {}
ENGINES = ("pysd", "fast")


def result_of(design: str, engine: str = "pysd") -> RunResult:
    if (design, engine) not in _RESULTS:
        _RESULTS[design, engine] = run(
            DESIGNS[design], data=MINI_DATA, extra_variables=EXTRA, engine=engine
        )
    return _RESULTS[design, engine]


# Both engines: the fast one generated from the .mdl and PySD's translation of it.
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("design", sorted(DESIGNS))
def test_extreme_levers_keep_stocks_sane_and_balanced(design: str, engine: str) -> None:
    result = result_of(design, engine)
    for frame in (result.supply_demand, result.pupils, result.preschool, result.teachers_by_age):
        numbers = frame.select_dtypes("number").to_numpy(dtype=float)
        assert np.isfinite(numbers).all(), design
    sd = result.supply_demand
    for column in NON_NEGATIVE:
        assert (sd[column] >= -1e-9).all(), (design, column, sd[column].min())
    assert sd["share_60plus"].between(-1e-9, 1 + 1e-9).all(), design
    for frame, column in ((result.pupils, "pupils"), (result.preschool, "children")):
        assert (frame[column] >= -1e-9).all(), (design, column)
    assert (result.teachers_by_age["teachers"] >= -1e-9).all(), design
    for stock, (ins, outs) in BALANCES.items():
        level = _stack(result, stock)
        assert np.isfinite(level).all() and (level >= -1e-9).all(), (design, stock)
        net = sum(_stack(result, f) for f in ins) - sum(_stack(result, f) for f in outs)
        scale = np.maximum(np.abs(level[:-1]), 1.0)
        assert np.max(np.abs(np.diff(level, axis=0) - net[:-1]) / scale) < 1e-9, (design, stock)


def test_the_extremes_take_effect() -> None:
    low, high = result_of("pairs_0").national(), result_of("all_high").national()
    last = low["year"] == FINAL_YEAR
    assert float(high.loc[last, "pupils"].iloc[0]) > 10 * float(low.loc[last, "pupils"].iloc[0])
    assert float(high.loc[last, "demand_fte"].iloc[0]) > 10 * float(
        low.loc[last, "demand_fte"].iloc[0]
    )
