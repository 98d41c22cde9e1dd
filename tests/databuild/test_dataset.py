"""Tests of the embedded dataset builder: reproducibility and the published anchors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ikm_sim.data.schema import OFFICIAL_ATVK, TABLES
from ikm_sim.databuild.dataset import DEFAULT_SEED, build_dataset

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    build_dataset(out, seed=DEFAULT_SEED)
    return out


@pytest.fixture(scope="module")
def tables(built: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_csv(built / t.filename) for name, t in TABLES.items()}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_rebuild_reproduces_committed_data(built: Path, name: str) -> None:
    fname = TABLES[name].filename
    assert (built / fname).read_bytes() == (DATA / fname).read_bytes(), fname


def test_other_seed_changes_synthesis_only(tmp_path: Path, built: Path) -> None:
    build_dataset(tmp_path, seed=DEFAULT_SEED + 1)
    assert (tmp_path / "teachers.csv").read_bytes() != (built / "teachers.csv").read_bytes()
    assert (tmp_path / "births.csv").read_bytes() == (built / "births.csv").read_bytes()


@pytest.mark.parametrize("name", sorted(TABLES))
def test_header_and_key(tables: dict[str, pd.DataFrame], name: str) -> None:
    t = TABLES[name]
    df = tables[name]
    assert tuple(df.columns) == t.column_names
    assert not df.duplicated(list(t.key)).any()
    # published_totals starts empty: later years' figures go there (ikm-sim update)
    assert len(df) > 0 or name == "published_totals"


def test_municipalities(tables: dict[str, pd.DataFrame]) -> None:
    m = tables["municipalities"]
    assert len(m) == 42
    assert set(m["atvk"]) == set(OFFICIAL_ATVK)
    assert (m["type"] == "state_city").sum() == 7
    assert (m["type"] == "novads").sum() == 35
    assert "LV0055000" not in set(m["atvk"])
    assert m.loc[m["atvk"] == "LV0047000", "planning_region"].item() == "Vidzeme"  # Saulkrasti
    assert m.loc[m["atvk"] == "LV0001000", "population"].item() == 591882
    assert m["population"].sum() == 1_853_000


def test_school_pedagogues_2023(tables: dict[str, pd.DataFrame]) -> None:
    t = tables["teachers"]
    school = t[(t["year"] == 2023) & (t["subject"] != "PRE")]
    assert school["headcount"].sum() == 25986
    other = school.loc[school["subject"] == "OTH", "headcount"].sum() / 25986
    assert 0.18 <= other <= 0.22
    pre = t.loc[(t["year"] == 2023) & (t["subject"] == "PRE"), "headcount"].sum()
    assert 11000 <= pre <= 12500
    assert (t["headcount"] > 0).all()
    load = school["fte"].sum() / school["headcount"].sum()
    assert 0.95 <= load <= 1.0


def test_teacher_age_shares_2023(tables: dict[str, pd.DataFrame]) -> None:
    t = tables["teachers"]
    school = t[(t["year"] == 2023) & (t["subject"] != "PRE")]
    by_age = school.groupby("age")["headcount"].sum()
    share = by_age / by_age.sum()
    assert 0.51 <= share[share.index >= 50].sum() <= 0.57
    assert 0.05 <= share[share.index >= 65].sum() <= 0.09
    assert 0.05 <= share[share.index < 30].sum() <= 0.09
    assert 0.30 <= share[share.index >= 60].sum() <= 0.37


def _share_55plus(t: pd.DataFrame, atvk: str) -> float:
    x = t[(t["atvk"] == atvk) & (t["subject"] != "PRE")]
    return float(x.loc[x["age"] >= 55, "headcount"].sum() / x["headcount"].sum())


def test_regional_age_skew(tables: dict[str, pd.DataFrame]) -> None:
    t = tables["teachers"]
    t = t[t["year"] == 2023]
    for atvk in (
        "LV0023000",
        "LV0034000",
        "LV0039000",
        "LV0045000",
    ):  # Ādaži Ķekava Mārupe Salaspils
        assert _share_55plus(t, atvk) < 0.30, atvk
    for atvk in ("LV0021000", "LV0032000"):  # Alūksne, Krāslava
        assert _share_55plus(t, atvk) > 0.50, atvk


def test_births(tables: dict[str, pd.DataFrame]) -> None:
    b = tables["births"].set_index("year")["births"]
    assert list(b.index) == list(range(2000, 2025))
    assert b[2012] == 19897 and b[2016] == 21968 and b[2024] == 12571
    bm = tables["births_by_municipality"].groupby("year")["births"].sum()
    assert list(bm.index) == list(b.index)
    assert (bm - b).abs().max() < 1e-6


PUPIL_TOTALS = {2016: 215152, 2017: 215109, 2018: 214904, 2019: 214521, 2021: 217500, 2023: 220051}
GRADE_POINTS = {
    (2019, 1): 20024,
    (2019, 9): 18783,
    (2019, 12): 12059,
    (2021, 1): 21520,
    (2021, 12): 12234,
    (2023, 1): 21584,
}


def test_pupil_anchors(tables: dict[str, pd.DataFrame]) -> None:
    p = tables["pupils"]
    assert set(p["year"]) == set(range(2012, 2024))
    assert len(p) == 12 * 42 * 12
    totals = p.groupby("year")["pupils"].sum()
    for year, value in PUPIL_TOTALS.items():
        assert abs(totals[year] / value - 1) < 0.005, year
    cells = p.groupby(["year", "grade"])["pupils"].sum()
    for key, value in GRADE_POINTS.items():
        assert abs(cells[key] / value - 1) < 0.01, key


def test_preschool_anchors(tables: dict[str, pd.DataFrame]) -> None:
    ps = tables["preschool"]
    totals = ps.groupby("year")["children"].sum()
    for year, value in {2019: 100079, 2021: 99410, 2023: 94800}.items():
        assert abs(totals[year] / value - 1) < 0.005, year
    y23 = ps[ps["year"] == 2023].groupby("age")["children"].sum()
    assert abs(y23[y23.index >= 5].sum() / 41499 - 1) < 0.005
    assert abs(y23[4] / 18235 - 1) < 0.005


def test_vacancies(tables: dict[str, pd.DataFrame]) -> None:
    v = tables["vacancies"]
    pre = v[v["subject"] == "PRE"]
    school = v[v["subject"] != "PRE"]
    assert abs(pre["vacancies_fte"].sum() - 722) < 0.01
    assert abs(school["vacancies_fte"].sum() - 661) < 0.01
    by_muni = school.groupby("atvk")["vacancies_fte"].sum()
    assert abs(by_muni["LV0001000"] - 309) < 0.01
    assert abs(by_muni["LV0021000"] - 39) < 0.01
    assert abs(pre.set_index("atvk").loc["LV0001000", "vacancies_fte"] - 447) < 0.01
    by_subj = school.groupby("subject")["vacancies_fte"].sum()
    assert abs(by_subj["MAT"] - 69) < 0.05
    for code in ("ENG", "LAT", "CS", "SPO", "DT"):
        assert by_subj[code] > 20, code


def test_curriculum_and_rules(tables: dict[str, pd.DataFrame]) -> None:
    c = tables["curriculum"]
    weekly = c.groupby("grade")["weekly_lessons"].sum()
    assert list(weekly.loc[1:9]) == [22, 23, 24, 26, 28, 30, 32, 34, 34]
    assert len(tables["subjects"]) == 17
    r = tables["retirement_age"].set_index("year")["age"]
    assert r[2013] == 62 and r[2014] == 62.25 and r[2025] == 65 and r[2045] == 65
    w = tables["workload_rules"].set_index("year_from")
    assert w.loc[2023, "lessons_per_fte"] == 23.4
    h = tables["history"]
    assert (h.loc[h["unit"] == "share", "value"] <= 1).all()


def test_school_pedagogues_2012(tables: dict[str, pd.DataFrame]) -> None:
    """The 2012/13 starting stock of calibration holds the published anchors."""
    t = tables["teachers"]
    y = t[t["year"] == 2012]
    school = y[y["subject"] != "PRE"]
    assert school["headcount"].sum() == 28221
    by_age = school.groupby("age")["headcount"].sum()
    for lo, hi, n in ((25, 34, 3750), (40, 44, 4449), (45, 49, 4620), (50, 54, 4747)):
        band = by_age[(by_age.index >= lo) & (by_age.index <= hi)].sum()
        assert abs(band - n) <= 0.03 * n, (lo, hi, band, n)
    share = by_age / by_age.sum()
    assert 0.06 <= share[share.index < 30].sum() <= 0.08
    assert 0.41 <= share[share.index >= 50].sum() <= 0.46
    pre = y.loc[y["subject"] == "PRE", "headcount"].sum()
    assert 11000 <= pre <= 13500
    assert (y["status"] == "synthesized").all()
