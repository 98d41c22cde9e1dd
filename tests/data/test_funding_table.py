"""``funding.csv``: the builder's figures, the plans kept apart, and the checks' messages."""

from __future__ import annotations

import csv
from pathlib import Path

from ikm_sim.data.check import check_data
from ikm_sim.data.load import load_data
from ikm_sim.data.schema import FUNDING_ITEMS
from ikm_sim.databuild.funding import build_funding
from ikm_sim.paths import DATA_DIR


def _rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def test_the_embedded_table_is_what_the_builder_writes() -> None:
    built = build_funding()
    stored = load_data(DATA_DIR).funding
    assert len(stored) == len(built)
    assert set(stored["item"]) == set(built["item"]) == set(FUNDING_ITEMS)


def test_published_figures_the_model_needs() -> None:
    f = load_data(DATA_DIR).funding.set_index(["item", "effective", "plan"])["value"]
    assert f["average_pay_full_load", "2023-09", False] == 1478.0
    assert f["employer_contribution_rate", "2021-01", False] == 23.59
    assert f["grant_rate_grades_7_9", "2024-01", False] == 157.12
    assert f["grant_rate_preschool_5plus", "2023-09", False] == 105.15
    assert f["lowest_pay_full_load", "2023-09", False] == 1224.0
    assert f["sp05_eur", "2023-01", False] == 399759108.0
    assert f["sp05_eur", "2023-01", True] == 396969832.0


def test_figures_after_the_data_are_only_plans() -> None:
    # the data end with school year 2023/24 (August 2024): later rows are plans or drafts
    f = load_data(DATA_DIR).funding
    later = f[f["effective"] > "2024-08"]
    assert len(later) > 0
    assert later["plan"].all(), later


def test_a_negative_rate_is_refused_naming_file_line_and_column(mini_copy: Path) -> None:
    path = mini_copy / "funding.csv"
    line = {}

    def negate(rows: list[list[str]]) -> None:
        i = next(n for n, r in enumerate(rows) if r[0] == "grant_rate_grades_1_6")
        rows[i][rows[0].index("value")] = "-94"
        line["n"] = i + 1

    _rewrite(path, negate)
    problems = check_data(mini_copy)
    assert len(problems) == 1, problems
    msg = problems[0]
    assert "\n" not in msg
    assert msg.startswith(f'funding.csv line {line["n"]}, column "value"'), msg
    assert "-94" in msg


def test_a_missing_column_is_refused_naming_file_and_column(mini_copy: Path) -> None:
    def drop_unit(rows: list[list[str]]) -> None:
        k = rows[0].index("unit")
        for r in rows:
            del r[k]

    _rewrite(mini_copy / "funding.csv", drop_unit)
    problems = check_data(mini_copy)
    assert len(problems) == 1, problems
    assert problems[0].startswith('funding.csv: missing column "unit"'), problems
    assert "\n" not in problems[0]


def test_a_unit_that_does_not_fit_the_item_is_refused(mini_copy: Path) -> None:
    def wrong_unit(rows: list[list[str]]) -> None:
        i = next(n for n, r in enumerate(rows) if r[0] == "average_pay_full_load")
        rows[i][rows[0].index("unit")] = "EUR/hour"

    _rewrite(mini_copy / "funding.csv", wrong_unit)
    (msg,) = check_data(mini_copy)
    assert 'funding.csv line 2, column "unit"' in msg and "EUR/month" in msg
