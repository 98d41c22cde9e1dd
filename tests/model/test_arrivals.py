"""The pupils-arriving-from-abroad flow: a scenario lever adds pupils by grade and municipality."""

from __future__ import annotations

from pathlib import Path

import pytest

from ikm_sim.runner import run
from ikm_sim.scenario import load_scenario
from tests.conftest import MINI_DATA


def test_arrivals_add_pupils_from_the_year_after(tmp_path: Path) -> None:
    yaml_text = (
        "name: arrivals\ntitle_lv: a\ntitle_en: a\nextends: baseline\nlevers:\n"
        "  pupil_arrivals:\n    national: {steps: {2026: 600}}\n"
        "    municipalities: {LV0021000: 0}\n"
    )
    (tmp_path / "arrivals.yaml").write_text(yaml_text, encoding="utf-8")
    base = run(data=MINI_DATA, final_year=2030)
    more = run(load_scenario(tmp_path / "arrivals.yaml"), data=MINI_DATA, final_year=2030)
    a = base.pupils.groupby(["year", "region"])["pupils"].sum()
    b = more.pupils.groupby(["year", "region"])["pupils"].sum()
    diff = (b - a).unstack()
    assert diff.loc[2026].abs().max() == pytest.approx(0.0, abs=1e-9)
    # arrivals of 2026/27 are in the grades of 2027/28; the national 600 is shared by pupils
    # and Alūksne's share is overridden by its own value 0
    p23 = a.loc[2023]
    expected = 600.0 * (1 - p23["LV0021000"] / p23.sum())
    assert diff.loc[2027].sum() == pytest.approx(expected, rel=1e-6)
    assert diff.loc[2027, "LV0021000"] == pytest.approx(0.0, abs=1e-9)
    assert diff.loc[2028].sum() > diff.loc[2027].sum()  # stay and keep arriving
    assert (more.national()["demand_fte"] >= base.national()["demand_fte"] - 1e-9).all()
