"""Constant 2025 EUR: the price-level path and the constant-price cost tables of `compare`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ikm_sim.compare import TABLES, Comparison, compare
from ikm_sim.costs import (
    ASSUMED_INFLATION,
    CONSTANT_PRICE_YEAR,
    COST_MEASURES,
    constant_price_factor,
    in_prices,
    price_levels,
)
from ikm_sim.data.load import Dataset
from ikm_sim.errors import IkmSimError


def test_price_levels_follow_the_published_changes_then_the_assumption(
    mini_data: Dataset,
) -> None:
    p = price_levels(mini_data.funding, range(2021, 2029))
    assert p[CONSTANT_PRICE_YEAR] == 1.0
    assert p[2022] / p[2021] == pytest.approx(1.173)  # CSP 2022: +17.3 %
    assert p[2023] / p[2022] == pytest.approx(1.089)  # CSP 2023: +8.9 %
    for year in (2024, 2025, 2026, 2028):  # after the data: the assumption
        assert p[year] / p[year - 1] == pytest.approx(1 + ASSUMED_INFLATION)


def test_a_school_year_is_four_months_of_one_calendar_year_and_eight_of_the_next(
    mini_data: Dataset,
) -> None:
    f = constant_price_factor(mini_data.funding, [2024, 2025])
    cal = price_levels(mini_data.funding, [2024, 2025, 2026])
    assert f[2025] == pytest.approx(1 / (4 / 12 * cal[2025] + 8 / 12 * cal[2026]))
    assert f[2024] > 1 > f[2025]  # earlier money is worth more in 2025 prices


def test_in_prices_converts_by_year_and_refuses_an_unknown_basis(mini_data: Dataset) -> None:
    frame = pd.DataFrame({"year": [2024, 2030], "x_eur": [100.0, 100.0], "fte": [1.0, 1.0]})
    same = in_prices(frame, mini_data.funding, "nominal", ["x_eur"])
    pd.testing.assert_frame_equal(same, frame)
    real = in_prices(frame, mini_data.funding, "constant", ["x_eur"])
    factor = constant_price_factor(mini_data.funding, [2024, 2030])
    assert real["x_eur"].tolist() == pytest.approx([100 * factor[2024], 100 * factor[2030]])
    assert real["fte"].tolist() == [1.0, 1.0]
    with pytest.raises(IkmSimError, match="price basis 'real'"):
        in_prices(frame, mini_data.funding, "real", ["x_eur"])
    no_prices = mini_data.funding[mini_data.funding["item"] != "consumer_price_change"]
    with pytest.raises(IkmSimError, match="consumer_price_change"):
        price_levels(no_prices, [2025])


@pytest.fixture(scope="module")
def pay(mini_data: Dataset) -> Comparison:
    return compare("baseline", "pay_growth", data=mini_data, final_year=2032)


def test_compare_reports_the_costs_in_constant_2025_eur_too(
    pay: Comparison, mini_data: Dataset
) -> None:
    assert {"costs_constant", "cost_effectiveness_constant", "cost_summary_constant"} <= set(TABLES)
    nominal = pay.costs.set_index("year")
    constant = pay.costs_constant.set_index("year")
    factor = constant_price_factor(mini_data.funding, list(nominal.index))
    for m in COST_MEASURES:
        for side in ("a", "b", "diff"):
            col = f"{m}_{side}"
            np.testing.assert_allclose(constant[col], nominal[col] * factor, rtol=1e-12)
    late = pay.cost_summary_constant.set_index(["lever", "to_year"])
    early = pay.cost_summary.set_index(["lever", "to_year"])
    # after 2025 prices rise, so the same nominal money is less in 2025 EUR
    total = ("total", 2030)
    assert late.loc[total, "cum_extra_cost_eur"] < early.loc[total, "cum_extra_cost_eur"]
