"""The target grant against the published budget: the fit, its errors and where it is kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from ikm_sim.calibration.fit import FitResult, write_calibrated
from ikm_sim.calibration.funding_fit import (
    FIT_YEARS,
    TOLERANCE_PCT,
    FundingFit,
    calendar_years,
    fit_grant_scale,
    funding_fit,
    published_grant,
    write_funding_section,
)
from ikm_sim.calibration.report_funding import funding_lines, top_up_split
from ikm_sim.data.load import Dataset, load_data
from ikm_sim.errors import IkmSimError
from ikm_sim.model.parameters import CALIBRATED_FILE, load_grant_scale, load_parameters
from ikm_sim.paths import DATA_DIR


@pytest.fixture(scope="module")
def embedded() -> Dataset:
    return load_data(DATA_DIR)


@pytest.fixture(scope="module")
def fit(embedded: Dataset) -> FundingFit:
    return funding_fit(embedded, load_parameters())


def test_the_grant_reproduces_the_published_totals_within_five_percent(fit: FundingFit) -> None:
    t = fit.table
    assert list(t["year"]) == list(FIT_YEARS)
    assert (t["grant_error_pct"].abs() <= TOLERANCE_PCT).all(), t
    assert fit.max_abs_error_pct == pytest.approx(t["grant_error_pct"].abs().max())
    # published 05.00.00 + 10.00.00: 2018 execution 256.9 m + 29.3 m
    assert t.loc[t["year"] == 2018, "published_grant_eur"].iloc[0] == 256915842 + 29337970


def test_the_shipped_grant_scale_is_the_current_fit(fit: FundingFit) -> None:
    assert load_grant_scale() == pytest.approx(fit.grant_scale, rel=1e-4)
    assert load_grant_scale(CALIBRATED_FILE) != 1.0


def test_base_year_cost_per_full_load_is_the_published_derivation(fit: FundingFit) -> None:
    # the last published year (2023): (05.00.00 + 10.00.00 EUR) / FTE / 12, incl. VSAOI
    row = fit.table.set_index("year").loc[2023]
    published = (399759108 + 55302936) / (20164 + 3567) / 12
    assert row["published_eur_per_fte_month"] == pytest.approx(published)
    assert abs(row["model_eur_per_fte_month"] / published - 1) <= 0.05
    errors = fit.table["pay_error_pct"].dropna()
    assert (errors.abs() <= 5.0).all(), errors


def test_the_top_up_is_explained_by_fte_and_pay(fit: FundingFit) -> None:
    split = top_up_split(fit)
    table = fit.table.set_index("year").loc[split["year"]]
    np.testing.assert_allclose(
        split["fte_part_eur"] + split["pay_part_eur"], table["model_top_up_eur"], rtol=1e-12
    )
    identity = table["model_grant_eur"] + table["model_top_up_eur"]
    np.testing.assert_allclose(identity, table["model_wage_bill_eur"], rtol=1e-12)
    assert any("Top-up" in line for line in funding_lines(fit))


def test_plans_after_the_data_are_shown_not_fitted(fit: FundingFit, embedded: Dataset) -> None:
    assert (fit.plans["year"] > embedded.base_year).all()
    assert not set(fit.plans["year"]) & set(fit.table["year"])
    assert len(fit.plans) >= 1


def test_calendar_years_weigh_the_school_years() -> None:
    sy = pd.Series([12.0, 24.0, 36.0], index=[2017, 2018, 2019])
    assert calendar_years(sy).to_dict() == {2018: 16.0, 2019: 28.0}


def test_the_scale_is_least_squares_of_relative_errors() -> None:
    model = pd.Series([90.0, 110.0])
    published = pd.Series([100.0, 100.0])
    s = fit_grant_scale(model, published)
    grid = np.linspace(0.9, 1.1, 2001)
    costs = [((g * model / published - 1) ** 2).sum() for g in grid]
    assert s == pytest.approx(grid[int(np.argmin(costs))], abs=1e-4)


def test_published_totals_prefer_execution_to_plan(embedded: Dataset) -> None:
    pub = published_grant(embedded)
    assert pub.loc[2023, "grant_eur"] == 399759108 + 55302936  # 05.00.00 executed
    assert bool(pub.loc[2018, "plan"]) is False and bool(pub.loc[2023, "plan"]) is True


def test_the_funding_section_survives_a_refit(fit: FundingFit, tmp_path: Path) -> None:
    path = tmp_path / "calibrated.yaml"
    path.write_text("# header\nparameters:\n  returner_rate: 0.01\n", encoding="utf-8")
    write_funding_section(fit, path)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["parameters"] == {"returner_rate": 0.01}
    assert doc["funding"]["grant_scale"] == fit.grant_scale
    assert path.read_text(encoding="utf-8").startswith("# header")
    assert load_grant_scale(path) == pytest.approx(fit.grant_scale)
    result = FitResult.__new__(FitResult)  # only what write_calibrated reads
    estimates = pd.DataFrame(
        {"name": ["returner_rate"], "estimate": [0.02], "ci_low": [0.0], "ci_high": [0.1]}
    )
    params = load_parameters().model_copy(update={"returner_rate": 0.02})
    for name, value in {
        "estimates": estimates,
        "parameters": params,
        "cost": 1.0,
        "prior_cost": 2.0,
        "nfev": 3,
        "seconds": 4.0,
        "data_directory": "data",
    }.items():
        object.__setattr__(result, name, value)
    write_calibrated(result, path)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["parameters"]["returner_rate"] == 0.02
    assert doc["funding"]["grant_scale"] == fit.grant_scale


@pytest.mark.parametrize("value", ["'x'", "7.0", "true"])
def test_a_bad_grant_scale_is_one_line(tmp_path: Path, value: str) -> None:
    path = tmp_path / "calibrated.yaml"
    path.write_text(f"funding:\n  grant_scale: {value}\n", encoding="utf-8")
    with pytest.raises(IkmSimError) as err:
        load_grant_scale(path)
    assert "funding.grant_scale" in str(err.value) and "\n" not in str(err.value)


def test_calibrate_funding_command_writes_the_scale_and_the_report(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ikm_sim.cli import app

    out, report = tmp_path / "calibrated.yaml", tmp_path / "report"
    out.write_text(CALIBRATED_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["calibrate-funding", "--out", str(out), "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert "grant scale" in result.output
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["parameters"] == yaml.safe_load(CALIBRATED_FILE.read_text())["parameters"]
    assert doc["funding"]["grant_scale"] == pytest.approx(load_grant_scale(), rel=1e-4)
    text = (report / "funding.md").read_text(encoding="utf-8")
    assert "05.00.00 + 10.00.00" in text and "| 2023 |" in text
    assert (report / "charts" / "funding_fit.svg").is_file()
    assert len(pd.read_csv(report / "funding_fit.csv")) == len(FIT_YEARS)
