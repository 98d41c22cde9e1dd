"""The "Programma skolā" switch: the grant by curriculum hours and class groups from its start year.

With the switch off nothing changes (the shipped scenarios' outputs are byte-identical, checked
when the switch was added); switched on, only the state grant and the municipal top-up move,
from the start year on, and the money still adds up.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from ikm_sim.data.load import Dataset, load_data
from ikm_sim.engines.pysd.translate import fresh_model
from ikm_sim.paths import DATA_DIR
from ikm_sim.runner import RunResult, run
from ikm_sim.scenario import Scenario
from ikm_sim.scenario.registry import PROGRAMMA_START_YEAR
from tests.model.test_funding import dims, times

FINAL = 2030
START = PROGRAMMA_START_YEAR
RIGA = "LV0001000"
EXTRA = (
    "Per Pupil Grant",
    "Programma Skola Grant",
    "Programma School Grant",
    "Programma Funded FTE",
    "Programma Pay per FTE",
    "Curriculum Lessons per Class",
    "Classes",
    "Lessons per FTE",
    "Secondary Network Met",
    "Secondary Pupils",
    "Programma Skola On",
)


def _scenario(levers: dict[str, Any]) -> Scenario:
    return Scenario.model_validate(
        {"name": "programma", "title_lv": "x", "title_en": "x", "levers": levers}
    )


def _run(data: Dataset, levers: dict[str, Any]) -> RunResult:
    return run(_scenario(levers), data=data, final_year=FINAL, extra_variables=EXTRA)


def _municipal(f: pd.DataFrame) -> pd.DataFrame:
    return f[(f["region"] != "") & (f["subject"] == "")].set_index(["year", "region"])


def _series(r: RunResult, name: str, year: int) -> pd.Series:
    return r.arrays[name][float(year)].to_series()


@pytest.fixture(scope="module")
def embedded() -> Dataset:
    return load_data(DATA_DIR)


@pytest.fixture(scope="module")
def off(embedded: Dataset) -> RunResult:
    return _run(embedded, {})


@pytest.fixture(scope="module")
def on(embedded: Dataset) -> RunResult:
    return _run(embedded, {"programma_skola": 1})


def test_the_switch_changes_the_grant_from_the_start_year_only(
    off: RunResult, on: RunResult
) -> None:
    a, b = _municipal(off.funding), _municipal(on.funding)
    before = a.index.get_level_values("year") < START
    pd.testing.assert_frame_equal(a[before], b[before])  # exactly, not approximately
    changed = (b.loc[~before, "grant_eur"] - a.loc[~before, "grant_eur"]).abs()
    assert (changed > 1.0).all()  # every municipality, every year from 2026/27
    # the grant moves between state and municipality; teachers, FTE and wage bill stay put
    pd.testing.assert_series_equal(a["wage_bill_eur"], b["wage_bill_eur"])
    np.testing.assert_allclose(b["wage_bill_eur"], b["grant_eur"] + b["top_up_eur"], rtol=1e-12)
    pd.testing.assert_frame_equal(off.supply_demand, on.supply_demand)
    assert [float(on.arrays["Programma Skola On"][float(y)]) for y in (2025, 2026)] == [0, 1]


def test_the_start_year_lever_moves_the_start(embedded: Dataset, off: RunResult) -> None:
    later = _run(embedded, {"programma_skola": 1, "programma_skola_start_year": 2028})
    a, b = _municipal(off.funding), _municipal(later.funding)
    grant = b["grant_eur"] - a["grant_eur"]
    years = grant.index.get_level_values("year")
    assert (grant[years < 2028] == 0.0).all()
    assert (grant[years >= 2028].abs() > 1.0).all()


def test_the_grant_is_curriculum_hours_times_class_groups_times_pay(on: RunResult) -> None:
    year = 2027
    lessons = _series(on, "Curriculum Lessons per Class", year)
    classes = on.arrays["Classes"][float(year)]
    expected = (classes * lessons.to_xarray()).sum("Grade") / float(
        on.arrays["Lessons per FTE"][float(year)]
    )
    fte = _series(on, "Programma Funded FTE", year)
    np.testing.assert_allclose(fte.to_numpy(), expected.to_series().loc[fte.index], rtol=1e-12)
    assert lessons.loc["G1"] < lessons.loc["G9"]  # more lessons in higher grades
    assert 10_000 < fte.sum() < 25_000  # teacher rates for ~215,000 pupils
    # the state grant of a year on is the Programma skolā grant, per municipality
    grant = _municipal(on.funding).loc[year, "grant_eur"]
    ps = _series(on, "Programma Skola Grant", year)
    np.testing.assert_allclose(grant.loc[ps.index], ps, rtol=1e-12)
    assert (_series(on, "Programma School Grant", year) > 0).all()


def test_the_network_criterion_stops_secondary_funding_below_the_minimum(
    embedded: Dataset, on: RunResult
) -> None:
    year = 2027
    secondary = float(_series(on, "Secondary Pupils", year).loc[RIGA])
    strict = _run(
        embedded,
        {
            "programma_skola": 1,
            "programma_secondary_minimum": {"municipalities": {RIGA: 1000.0}},
        },
    )
    # Riga has thousands of pupils in grades 10-12: a minimum of 1,000 (900 with the
    # tolerance) is still met
    assert secondary > 1000.0
    assert float(_series(strict, "Secondary Network Met", year).loc[RIGA]) == 1.0
    small = _series(on, "Secondary Pupils", year).idxmin()
    tiny = float(_series(on, "Secondary Pupils", year).loc[small])
    cut = _run(
        embedded,
        {
            "programma_skola": 1,
            "programma_secondary_minimum": {"municipalities": {small: tiny / 0.9 * 1.01}},
        },
    )
    met = _series(cut, "Secondary Network Met", year)
    assert met.loc[small] == 0.0 and (met.drop(small) == 1.0).all()
    a, b = _series(on, "Programma Funded FTE", year), _series(cut, "Programma Funded FTE", year)
    assert b.loc[small] < a.loc[small] * 0.9  # its grades 10-12 are no longer funded
    pd.testing.assert_series_equal(a.drop(small), b.drop(small))


def test_extra_funding_is_added_in_full_and_shared_by_the_formula_grant(
    embedded: Dataset, on: RunResult
) -> None:
    extra = 50e6
    more = _run(embedded, {"programma_skola": 1, "programma_extra_funding": extra})
    a, b = _municipal(on.funding), _municipal(more.funding)
    added = (b["grant_eur"] - a["grant_eur"]).groupby("year").sum()
    assert added.loc[START:].to_numpy() == pytest.approx(extra, rel=1e-12)
    assert (added.loc[:2025] == 0.0).all()
    share = (b["grant_eur"] - a["grant_eur"]).loc[2027] / extra
    school = _series(on, "Programma School Grant", 2027)
    np.testing.assert_allclose(share.loc[school.index], school / school.sum(), rtol=1e-9)


#: The unit each new variable carries in the model file.
PROGRAMMA_UNITS = {
    "Programma Skola On": "Dmnl",
    "Curriculum Lessons per Class": "lesson/(Week*class)",
    "Secondary Pupils": "person",
    "Secondary Group Tolerance": "Dmnl",
    "Secondary Network Met": "Dmnl",
    "Programma Criteria Met": "Dmnl",
    "Programma Funded FTE": "FTE",
    "Programma Pay per FTE": "EUR/(FTE*Month)",
    "Programma School Grant": "EUR/Year",
    "Preschool 5 Plus Grant": "EUR/Year",
    "Programma Extra Share": "Dmnl",
    "Programma Skola Grant": "EUR/Year",
    "Per Pupil Grant": "EUR/Year",
    "State Grant": "EUR/Year",
}


def test_the_programma_equations_carry_units_that_multiply_out(mini_data: Dataset) -> None:
    doc = fresh_model(mini_data.directory).doc
    u = dict(zip(doc["Real Name"], doc["Units"], strict=True))
    wrong = {n: u.get(n) for n, unit in PROGRAMMA_UNITS.items() if u.get(n) != unit}
    assert not wrong, wrong
    lessons = times(u["Classes"], u["Curriculum Lessons per Class"])
    assert lessons == dims(u["Lesson Hours"])  # class x lesson/(Week*class) = lesson/Week
    fte = dict(dims(u["Lesson Hours"]))
    for k, v in dims(u["Lessons per FTE"]).items():
        fte[k] = fte.get(k, 0) - v
    assert {k: v for k, v in fte.items() if v} == dims(u["Programma Funded FTE"])
    grant = times(
        u["Programma Funded FTE"],
        u["Programma Pay per FTE"],
        u["Months per Year"],
        u["Employer Contribution Now"],
        u["Grant Scale"],
    )
    assert grant == dims(u["Programma School Grant"]) == dims(u["State Grant"])
