"""Rankings: largest first, a long tail as "other" (last), municipalities by their shortage."""

from __future__ import annotations

import pandas as pd

from ikm_sim.indicators.ranks import (
    largest_gap_cells,
    order_by_total,
    ranked_with_other_last,
    top_categories,
)

LONG = pd.DataFrame({"c": ["a", "b", "c", "d", "a"], "v": [2.0, 3.0, 1.0, 0.5, 2.0]})


def test_order_by_total_largest_first() -> None:
    assert list(order_by_total(LONG, "c", "v")) == ["a", "b", "c", "d"]


def test_top_categories_keep_n_and_call_the_rest_other() -> None:
    assert top_categories(LONG, "c", "v", 2, "other").tolist() == ["a", "b", "other", "other", "a"]


def test_a_single_extra_category_is_not_hidden_as_other() -> None:
    assert top_categories(LONG, "c", "v", 3, "other").tolist() == ["a", "b", "c", "d", "a"]


def test_other_comes_last_however_large() -> None:
    df = pd.DataFrame({"g": ["other", "a", "b"], "v": [100.0, 5.0, 7.0]})
    assert ranked_with_other_last(df, "g", "v", "other") == ["b", "a", "other"]
    assert ranked_with_other_last(df[df["g"] != "other"], "g", "v", "other") == ["b", "a"]


def test_municipalities_rank_by_their_shortages_not_the_net_gap(
    supply_demand: pd.DataFrame,
) -> None:
    sd = supply_demand.copy()
    in_a = (sd["year"] == 2024) & (sd["region"] == "A")
    sd.loc[in_a & (sd["subject"] == "math"), "gap_fte"] = 100.0
    sd.loc[in_a & (sd["subject"] == "arts"), "gap_fte"] = -200.0
    cells = largest_gap_cells(sd, 2024, top_n=1)
    assert set(cells["region"]) == {"A"}
    assert list(cells.columns) == ["region", "subject", "gap_fte", "demand_fte", "supply_fte"]
    assert len(largest_gap_cells(sd, 2024, top_n=5)) == 4
