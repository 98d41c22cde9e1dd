"""The grade-1 entry ratio's trend: estimated from the data, continued, held, sampled."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from ikm_sim.data.load import load_data
from ikm_sim.model import entry_trend
from ikm_sim.paths import DATA_DIR
from ikm_sim.runner import run
from ikm_sim.scenario import load_scenario
from ikm_sim.uncertainty import UncertaintySpec, draw_samples, run_ensemble


def _data(ratios: dict[int, float], births: float = 20_000.0) -> SimpleNamespace:
    """Grade-1 pupils with the given ratios to births seven years earlier (one region)."""
    pupils = pd.DataFrame(
        {
            "year": list(ratios),
            "grade": 1,
            "atvk": "R",
            "pupils": [r * births for r in ratios.values()],
        }
    )
    years = [y - 7 for y in ratios]
    return SimpleNamespace(pupils=pupils, births=pd.DataFrame({"year": years, "births": births}))


def test_the_embedded_data_gives_a_falling_ratio() -> None:
    trend = entry_trend.estimate(load_data(DATA_DIR), 2023)
    assert trend.years == (2019, 2020, 2021, 2022, 2023)
    assert -entry_trend.TREND_CAP < trend.slope < -0.002  # ~ -0.55 % a year
    assert 0 < trend.se < abs(trend.slope)


def test_a_rising_ratio_gives_a_rising_path_that_is_held() -> None:
    data = _data({2019: 0.95, 2020: 0.96, 2021: 0.97, 2022: 0.98, 2023: 0.99})
    trend = entry_trend.estimate(data, 2023)  # type: ignore[arg-type]
    assert trend.slope == pytest.approx(0.01 / 0.965, rel=1e-6)  # per year, relative to average
    path = entry_trend.trend_path(trend, 2023)
    assert path[2022.0] == 1.0  # before the base year nothing changes
    assert path[2023.0] == pytest.approx(1 + trend.slope * 2.5)  # the trend line at the base
    held = 1 + trend.slope * (2.5 + entry_trend.TREND_YEARS)
    assert path[2028.0] == pytest.approx(held) and path[2045.0] == pytest.approx(held)
    assert np.all(np.diff(path.loc[2023.0:2028.0].to_numpy()) > 0)


def test_a_steep_or_missing_trend() -> None:
    steep = entry_trend.estimate(_data({2021: 0.8, 2022: 0.9, 2023: 1.0}), 2023)  # type: ignore[arg-type]
    assert steep.slope == entry_trend.TREND_CAP
    none = entry_trend.estimate(_data({2022: 0.9, 2023: 1.0}), 2023)  # type: ignore[arg-type]
    assert none.slope == 0.0 and none.se == 0.0
    assert (entry_trend.trend_path(none, 2023) == 1.0).all()
    sampled = entry_trend.trend_path(steep, 2023, slope=0.5)  # a sample beyond the cap
    assert sampled[2045.0] == pytest.approx(1 + entry_trend.TREND_CAP * 7.5)


def test_school_entry_follows_the_trend() -> None:
    data = load_data(DATA_DIR)
    flat = pd.Series(1.0, index=[2000.0, 2100.0])
    with_trend = run(data=data, final_year=2030, extra_variables=("School Entry",))
    without = run(
        data=data,
        final_year=2030,
        extra_variables=("School Entry",),
        model_overrides={"Entry Trend": flat},
    )
    a = np.stack([x.values for x in with_trend.arrays["School Entry"]])
    b = np.stack([x.values for x in without.arrays["School Entry"]])
    path = entry_trend.trend_path(entry_trend.estimate(data, 2023), 2023)
    factors = path.loc[2023.0:2030.0].to_numpy()
    np.testing.assert_allclose(a, b * factors[:, None], rtol=1e-12)


def test_the_ensemble_samples_the_trend() -> None:
    data = load_data(DATA_DIR)
    sc = load_scenario("baseline")
    off = {"band": 0.0, "births": False, "migration_sd": 0.0, "sources": ()}
    only_entry = UncertaintySpec(**off, entry_trend=True)  # type: ignore[arg-type]
    nothing = UncertaintySpec(**off, entry_trend=False)  # type: ignore[arg-type]
    for spec, spread in ((only_entry, True), (nothing, False)):
        draws = draw_samples(6, spec)
        ens = run_ensemble(draws, sc, data.directory, 2035, workers=1)
        demand = ens.values["demand_fte"][:, -1].sum(axis=(1, 2))
        assert bool(np.ptp(demand) > 1.0) == spread, (spec, demand)
