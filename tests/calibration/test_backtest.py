"""Rolling-origin backtests: naive forecasts, error arithmetic, a run on the small fixture."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from ikm_sim.calibration.backtest import BY_LEAD_COLUMNS, LEADS, backtest, by_lead, mase, shortfalls
from ikm_sim.calibration.naive import cohort_ratio, entry_ratio, no_change, pupils_per_birth
from ikm_sim.calibration.targets import TargetSet
from ikm_sim.data.load import Dataset


def known(rows: dict[str, dict[int, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"quantity": q, "year": y, "value": v} for q, s in rows.items() for y, v in s.items()],
        columns=["quantity", "year", "value"],
    )


@pytest.fixture(scope="module")
def tiny(mini_data: Dataset) -> Dataset:
    """One municipality, births 1000 a year from 2000 (2010: 1200), 100 pupils in every grade."""
    births = pd.DataFrame(
        {
            "year": list(range(2000, 2021)),
            "births": [1200 if y == 2010 else 1000 for y in range(2000, 2021)],
            "status": "published",
            "source_grade": "A",
        }
    )
    pupils = pd.DataFrame(
        {
            "year": 2015,
            "atvk": "LV0001000",
            "grade": list(range(1, 13)),
            "pupils": [100.0 * g for g in range(1, 13)],
            "status": "published",
        }
    )
    return dataclasses.replace(mini_data, births=births, pupils=pupils)


def test_no_change_holds_the_last_value_at_or_before_the_origin() -> None:
    k = known(
        {
            "pupils_total": {2014: 10.0, 2015: 12.0, 2017: 99.0},
            "pupils_grade_1": {2014: 5.0},
            "school_pedagogues": {2005: 7.0, 2017: 8.0},
        }
    )
    f = no_change(k, 2015, (1, 3))
    assert f.index.tolist() == [2016, 2018]
    assert f["pupils_total"].tolist() == [12.0, 12.0]
    assert f["pupils_grade_1"].tolist() == [5.0, 5.0]  # a year old at the origin: held
    # ten years old at the origin: no forecast anyone would make, so none (and no MASE)
    assert "school_pedagogues" not in f.columns


def test_cohort_ratio_from_the_origins_table(tiny: Dataset) -> None:
    # no published grade 1: the ratio is the table's grade 1 of 2015 over births of 2008
    assert entry_ratio(known({}), tiny, 2015) == pytest.approx(100 / 1000)
    f = cohort_ratio(known({}), tiny, 2015, (1, 2, 3))
    # first-graders: births of 2009, 2010, 2011 x 0.1
    assert f["pupils_grade_1"].tolist() == pytest.approx([100.0, 120.0, 100.0])
    # pupils: grades 1..11 carried up (6,600) + the new cohort; then grades 1..10 + two cohorts
    assert f.at[2016, "pupils_total"] == pytest.approx(6600 + 100)
    assert f.at[2017, "pupils_total"] == pytest.approx(5500 + 100 + 120)


def test_cohort_ratio_uses_the_published_counts(tiny: Dataset) -> None:
    k = known({"pupils_grade_1": {2014: 90.0, 2016: 1.0}, "pupils_total": {2015: 14400.0}})
    assert entry_ratio(k, tiny, 2015) == pytest.approx(90 / 1000)  # 2016 is after the origin
    births = tiny.births.set_index("year")["births"].astype(float)
    # pupils 1-12 of 2015 were born 1997-2008: births before 2000 are not in the data
    assert np.isnan(pupils_per_birth(k, births, 2015))
    k2 = known({"pupils_total": {2018: 12_200.0}})  # cohorts 2000-2011 hold 12,200 births
    assert pupils_per_birth(k2, births, 2019) == pytest.approx(1.0)
    f = cohort_ratio(k2, tiny, 2019, (1,))
    assert f.at[2020, "pupils_total"] == pytest.approx(12_200.0)  # cohorts 2001-2012


def test_by_lead_mase_and_bias() -> None:
    table = pd.DataFrame(
        {
            "origin": [2016, 2017, 2018] * 2 + [2016],
            "series": ["pupils 1-12"] * 7,
            "unit": ["%"] * 7,
            "forecast": ["model"] * 3 + ["no change"] * 3 + ["cohort ratio"],
            "lead_1": [1.0, -3.0, 0.2, 2.0, 2.0, np.nan, -4.0],
        }
    )
    summary = by_lead(table).set_index("lead")
    row = summary.loc[1]
    assert row["n"] == 3 and row["mape"] == pytest.approx(1.4)
    assert row["bias"] == pytest.approx(-0.6)
    assert row["mase"] == pytest.approx(((1 + 3) / 2) / 2.0)  # the origins both have
    assert row["n_nochange"] == 2 and row["nochange_bias"] == pytest.approx(2.0)
    assert row["cohort_mape"] == pytest.approx(4.0) and row["cohort_bias"] == pytest.approx(-4.0)
    assert (
        summary.at[1, "meets_target"] is False
    )  # MAPE 1.4 > 1.0 and |bias| 0.6 > 0.5 (MASE 1.0 not < 1)
    why = shortfalls(by_lead(table))
    assert set(why["check"]) == {"mape", "bias", "mase"}
    assert mase(pd.Series([1.0]), pd.Series([0.0])) != mase(pd.Series([1.0]), pd.Series([2.0]))


def test_backtest_on_the_fixture(mini_data: Dataset) -> None:
    early = dataclasses.replace(
        mini_data,
        teachers=mini_data.teachers.assign(year=2021),
        vacancies=mini_data.vacancies.assign(year=2021),
    )
    targets = TargetSet(
        start_year=2021,
        end_year=2023,
        max_nfev=1,
        parameters=["returner_rate"],
        targets=[
            {"series": "pedagogues_general", "quantity": "school_pedagogues", "weight": 100},
            {"series": "pupils_1_12", "quantity": "pupils_total", "weight": 100},
        ],
    )
    table = backtest(early, targets, workers=1, max_nfev=1)
    assert sorted(set(table["origin"])) == [2021, 2022]
    assert [c for c in table.columns if c.startswith("lead_")] == [f"lead_{k}" for k in LEADS]
    summary = by_lead(table)
    assert list(summary.columns) == list(BY_LEAD_COLUMNS)
    pupils = summary[summary["series"] == "pupils 1-12"].set_index("lead")
    assert pupils.index.tolist() == list(LEADS)
    assert pupils.at[1, "n"] == 2 and pupils.at[1, "n_nochange"] == 2
    assert np.isfinite(pupils.at[1, "mase"]) and pupils.at[3, "n"] == 0


def _summary() -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "origin": [2016, 2017, 2016, 2017],
            "series": ["pupils 1-12"] * 4,
            "unit": ["%"] * 4,
            "forecast": ["model", "model", "no change", "no change"],
            "lead_1": [0.5, 0.7, 1.0, 1.0],
            "lead_5": [3.0, np.nan, 1.0, np.nan],
        }
    )
    return by_lead(table)


def test_report_section_in_both_languages() -> None:
    from ikm_sim.calibration.report import backtest_lines

    summary = _summary()
    table = pd.DataFrame(
        {"origin": [2016], "series": ["pupils 1-12"], "unit": ["%"], "forecast": ["model"]}
        | {"lead_1": [0.5], "lead_5": [3.0]}
    )
    text = "\n".join(backtest_lines(table, ["backtest_by_lead", "backtest_by_lead_lv"]))
    assert "### Nesasniegtie mērķi" in text and "### Targets not met" in text
    assert "Skolēni 1.–12. klasē, +5 g.: MAPE 3,00 % > 2,5 %" in text
    assert "Pupils, grades 1–12, lead 5: MAPE 3.00 % > 2.5 %" in text
    assert "![backtest_by_lead_lv](charts/backtest_by_lead_lv.svg)" in text
    assert summary.set_index("lead").at[5, "mase"] == pytest.approx(3.0)


def test_backtest_chart_in_latvian() -> None:
    from ikm_sim.charts.backtest import backtest_chart, backtest_chart_data

    data = backtest_chart_data(_summary(), "lv")
    assert set(data["forecast"]) == {"modelis", "bez izmaiņām"}  # no cohort-ratio errors
    assert set(data["series"]) == {"Skolēni 1.–12. klasē"}
    chart = backtest_chart(_summary(), "lv")
    assert chart is not None
    spec = chart.to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert "Atpakaļtests" in str(spec["title"])
    assert backtest_chart(_summary().assign(mape=np.nan, nochange_mape=np.nan), "en") is None
