"""Small, deterministic result tables that follow ikm_sim.results_schema, for chart/app tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pytest

from ikm_sim.results_schema import (
    PRESCHOOL_COLUMNS,
    PUPILS_COLUMNS,
    SUPPLY_DEMAND_COLUMNS,
    TEACHERS_BY_AGE_COLUMNS,
)
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.ui import runner as app_runner_module
from ikm_sim.ui.runner import AppRunner

YEARS = list(range(2023, FINAL_YEAR + 1))
REGIONS = ["LV0001000", "LV0002000", "LV0020000", "LV0021000", "LV0022000"]
SUBJECTS = ["MAT", "LAT", "ENG", "BIO", "PII", "SPO", "MUZ", "DAT", "KIM"]
SUBJECT_NAMES_LV = {
    "MAT": "Matemātika",
    "LAT": "Latviešu valoda",
    "ENG": "Angļu valoda",
    "BIO": "Bioloģija",
    "PII": "Pirmsskolas izglītība",
    "SPO": "Sports un veselība",
    "MUZ": "Mūzika",
    "DAT": "Datorika",
    "KIM": "Ķīmija",
}
MUNICIPALITY_NAMES = {
    "LV0001000": "Rīga",
    "LV0002000": "Daugavpils",
    "LV0020000": "Aizkraukles novads",
    "LV0021000": "Alūksnes novads",
    "LV0022000": "Augšdaugavas novads",
}


@dataclass
class FakeResult:
    """Stand-in for ikm_sim.RunResult."""

    supply_demand: pd.DataFrame
    pupils: pd.DataFrame
    preschool: pd.DataFrame
    teachers_by_age: pd.DataFrame
    scenario_name: str = "baseline"
    meta: dict[str, object] = field(default_factory=dict)


def make_result(seed: int = 1) -> FakeResult:
    """Build a fake run result with plausible magnitudes."""
    rng = np.random.default_rng(seed)
    rows = []
    for r_i, region in enumerate(REGIONS):
        size = 5.0 if r_i == 0 else 1.0
        for s_i, subject in enumerate(SUBJECTS):
            base = size * (60 + 25 * s_i)
            for y_i, year in enumerate(YEARS):
                demand = base * (1 - 0.004 * y_i)
                supply = base * (1.02 - 0.012 * y_i) + rng.normal(0, 1)
                teachers = supply * 1.1
                rows.append(
                    (
                        year,
                        region,
                        subject,
                        demand,
                        supply,
                        demand - supply,
                        max(demand - supply, 0.0) + (3.0 if subject == "MUZ" else 0.0),
                        teachers * 0.06,
                        teachers * 0.03,
                        teachers * 0.04,
                        teachers,
                        0.2 + 0.005 * y_i,
                        teachers * 0.07 + (2.0 if r_i == 3 else 0.0),
                    )
                )
    sd = pd.DataFrame(rows, columns=list(SUPPLY_DEMAND_COLUMNS))
    pupils = pd.DataFrame(
        [
            (y, r, g, (900.0 if r == "LV0001000" else 250.0) * (1 - 0.01 * (y - 2023)) + g)
            for y in YEARS
            for r in REGIONS
            for g in range(1, 13)
        ],
        columns=list(PUPILS_COLUMNS),
    )
    preschool = pd.DataFrame(
        [(y, r, a, 100.0) for y in YEARS for r in REGIONS for a in range(1, 7)],
        columns=list(PRESCHOOL_COLUMNS),
    )
    ages = np.arange(20, 76)
    profile = np.exp(-(((ages - 50) / 12.0) ** 2))
    tba_rows = []
    for year in YEARS:
        for region in REGIONS:
            for subject in SUBJECTS:
                for age, weight in zip(ages, profile, strict=True):
                    tba_rows.append((year, region, subject, int(age), float(weight * 4)))
    tba = pd.DataFrame(tba_rows, columns=list(TEACHERS_BY_AGE_COLUMNS))
    return FakeResult(sd, pupils, preschool, tba, meta={"seed": seed})


def use_runner(
    monkeypatch: pytest.MonkeyPatch, run: Callable[..., Any], keep_on_disk: bool = False
) -> None:
    """Inject `run` as the app's model runner for one test (undone with `monkeypatch`).

    A stand-in's results never touch the disk cache unless `keep_on_disk` (a test of that
    cache playing the real runner).
    """
    monkeypatch.setattr(app_runner_module, "injected", AppRunner(run, keep_on_disk))
