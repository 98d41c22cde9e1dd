"""Births by municipality, pupils and preschool children (seeded synthesis on published totals).

Every function takes a ``numpy.random.Generator`` made from the build seed and draws from it in
a fixed order, so the tables are reproducible byte for byte.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ikm_sim.data.schema import GRADES, PRESCHOOL_AGES
from ikm_sim.databuild import sources as src
from ikm_sim.databuild.common import FloatArray, interpolate_anchors, largest_remainder

#: Years covered by ``pupils.csv`` and ``preschool.csv``.
PUPIL_YEARS = tuple(range(2012, 2024))
PRESCHOOL_YEARS = tuple(range(2019, 2024))

# --- births by municipality: assumptions -----------------------------------------------------
#: Births per resident relative to the national rate, by municipality group (assumption).
FERTILITY_FACTOR = {"pieriga": 1.25, "riga": 0.95, "latgale": 0.80, "other": 0.95}
#: Yearly drift of a group's share of births, relative to 2012 (assumption: Pierīga rising,
#: Latgale falling, Rīga city slowly falling).
SHARE_TREND = {"pieriga": 0.015, "riga": -0.003, "latgale": -0.015, "other": 0.0}
#: Lognormal noise on municipal birth shares: persistent per municipality and yearly.
BIRTH_NOISE_SD = (0.05, 0.03)

# --- pupils: cohort model (latvia-public-figures.md §7.6) ------------------------------------
#: Grade-1 entry ratio (grade 1 / births 7 years earlier) before the first published point:
#: 1.01 (§7.6: 20,024 / 19,897 in 2019).
ENTRY_RATIO_BASE = 1.01
#: Year-on-year survival within grades 1-9 (emigration, special schools, repetition): 0.9876
#: reproduces 2019 grade 9 = 18,783 from births 2004 (20,551 x 1.01 x s^8).
SURVIVAL_BASIC = 0.9876
#: Grade 9 -> 10 (general secondary), 10 -> 11 and 11 -> 12: product 0.643 ~ 12,059 / 18,783.
PROGRESSION_SECONDARY = (0.67, 0.98, 0.98)
#: Ukrainian pupils arriving from 2022 (stock in the school year; assumption, no published
#: figure in the reference), spread over grades by grade size (grades 10-12 at half weight).
UKRAINIAN_PUPILS = {2022: 3000.0, 2023: 3500.0}
#: Municipal tilt of grades 10-12: state cities hold the large secondary schools, Pierīga
#: pupils commute to them (assumption).
SECONDARY_TILT = {"state_city": 1.20, "pieriga": 0.85}
#: Lognormal noise on municipal pupil shares: per (municipality, birth cohort) and per cell.
PUPIL_NOISE_SD = (0.03, 0.01)

# --- preschool ----------------------------------------------------------------------------
#: Enrolment rate by age (age reached by the end of the calendar year, CSP convention):
#: relative weights before calibration (assumption).
PRESCHOOL_RATE = {1: 0.25, 2: 0.80, 3: 0.93, 4: 0.97, 5: 0.98, 6: 1.00}
#: Higher enrolment of the youngest (1-3) in state cities (urban 74,000 of 94,800 in 2023).
PRESCHOOL_URBAN_TILT = 1.10
PRESCHOOL_NOISE_SD = 0.03


def municipality_group(row: pd.Series) -> str:
    """Return the synthesis group of a municipality: riga, pieriga, latgale or other."""
    if row["atvk"] == "LV0001000":
        return "riga"
    if row["planning_region"] == "Rīga" and row["type"] == "novads":
        return "pieriga"
    if row["planning_region"] == "Latgale":
        return "latgale"
    return "other"


def build_births_by_municipality(
    munis: pd.DataFrame, births: dict[int, int], rng: np.random.Generator
) -> pd.DataFrame:
    """Split national births per year over municipalities.

    Weight = population x group fertility factor x exp(trend x (year - 2012)) x lognormal noise
    (persistent per municipality and yearly); integers by largest remainder, so every year sums
    exactly to ``births.csv``.

    Parameters
    ----------
    munis : pandas.DataFrame
        The ``municipalities`` table.
    births : dict of int to int
        National births by year.
    rng : numpy.random.Generator
        Seeded generator.

    Returns
    -------
    pandas.DataFrame
        The ``births_by_municipality`` table.
    """
    groups = munis.apply(municipality_group, axis=1).to_numpy()
    pop = munis["population"].to_numpy(dtype=float)
    fert = np.array([FERTILITY_FACTOR[g] for g in groups])
    trend = np.array([SHARE_TREND[g] for g in groups])
    persistent = rng.lognormal(0.0, BIRTH_NOISE_SD[0], len(munis))
    rows = []
    for year, total in births.items():
        yearly = rng.lognormal(0.0, BIRTH_NOISE_SD[1], len(munis))
        w = pop * fert * np.exp(trend * (year - 2012)) * persistent * yearly
        alloc = largest_remainder(total, w)
        rows += [
            (year, a, float(b), "synthesized") for a, b in zip(munis["atvk"], alloc, strict=True)
        ]
    return pd.DataFrame(rows, columns=["year", "atvk", "births", "status"])


def _entry_ratio(entry_year: int, births: dict[int, float], ukr_grade1_2023: float) -> float:
    """Grade-1 entry ratio: 1.01 up to 2017, then through the published grade-1 points."""
    anchors = {2017: ENTRY_RATIO_BASE}
    for (y, g), (v, _, _) in src.PUPIL_GRADE_POINTS.items():
        if g == 1:
            v_eff = v - (ukr_grade1_2023 if y == 2023 else 0.0)
            anchors[y] = v_eff / births[y - 7]
    return float(interpolate_anchors([entry_year], anchors)[0])


def _grade_factor(grade: int) -> float:
    """Share of an entering cohort still enrolled in `grade` (survival and progression)."""
    f = SURVIVAL_BASIC ** (min(grade, 9) - 1)
    for k, p in enumerate(PROGRESSION_SECONDARY):
        if grade >= 10 + k:
            f *= p
    return f


def extended_births(births: dict[int, int]) -> dict[int, float]:
    """National births with the cohorts born 1994-1999 (before the published series) added.

    Those cohorts are set to one constant such that the cohort model reproduces the UIS ISCED 1
    enrolment of 2006/07 (121,345 pupils in grades 1-6, which are exactly the cohorts born
    1994-1999).
    """
    out = {y: float(v) for y, v in births.items()}
    grade_sum = sum(_grade_factor(g) for g in range(1, 7))
    c = src.UIS_ISCED1_PUPILS[2007] / (ENTRY_RATIO_BASE * grade_sum)
    for y in range(1994, 2000):
        out[y] = c
    return out


def _ukrainian(year: int, raw: FloatArray) -> FloatArray:
    """Ukrainian pupils by grade in `year` (zero before 2022)."""
    total = UKRAINIAN_PUPILS.get(year, 0.0)
    w = raw * np.where(np.arange(1, 13) >= 10, 0.5, 1.0)
    return total * w / w.sum()


def national_pupils_raw(births: dict[int, int], years: tuple[int, ...]) -> dict[int, FloatArray]:
    """Cohort model of pupils by grade (before calibration), per school year.

    Grade g in year t = births(t - 6 - g) x entry ratio(t - g + 1) x survival/progression(g),
    plus Ukrainian arrivals in 2022-2023.
    """
    b = extended_births(births)
    # the 2023 grade-1 anchor includes Ukrainian first-graders: compute them from a first pass
    base_2023 = np.array(
        [b[2023 - 6 - g] * ENTRY_RATIO_BASE * _grade_factor(g) for g in GRADES], dtype=float
    )
    ukr_g1_2023 = float(_ukrainian(2023, base_2023)[0])
    out: dict[int, FloatArray] = {}
    for t in years:
        raw = np.array(
            [
                b[t - 6 - g] * _entry_ratio(t - g + 1, b, ukr_g1_2023) * _grade_factor(g)
                for g in GRADES
            ],
            dtype=float,
        )
        out[t] = raw + _ukrainian(t, raw)
    return out


def _group_points(year: int) -> tuple[tuple[int, int, float], ...]:
    """Return the published grade groups of `year`: IZM groups, else UIS ISCED 1 (grades 1-6, A)."""
    if year in src.PUPIL_GROUP_POINTS:
        return tuple((a, b, float(v)) for a, b, v in src.PUPIL_GROUP_POINTS[year])
    if year + 1 in src.UIS_ISCED1_PUPILS:
        return ((1, 6, float(src.UIS_ISCED1_PUPILS[year + 1])),)
    return ()


def _calibrate_year(year: int, raw: FloatArray) -> FloatArray:
    """Calibrate one year: pin grade points, then scale grade groups, then the total.

    Grade 1 is never scaled with a group or the total: it is births × the entry ratio, which
    passes through every published grade-1 point (so no year's first-graders clash with them).
    """
    cal = raw.copy()
    pinned = np.zeros(12, dtype=bool)
    pinned[0] = True
    for (y, g), (v, _, _) in src.PUPIL_GRADE_POINTS.items():
        if y == year:
            cal[g - 1] = v
            pinned[g - 1] = True
    grouped = np.zeros(12, dtype=bool)
    for first, last, value in _group_points(year):
        idx = np.arange(first - 1, last)
        free = idx[~pinned[idx]]
        cal[free] *= (value - cal[idx[pinned[idx]]].sum()) / cal[free].sum()
        grouped[idx] = True
    if year in src.PUPIL_TOTALS:
        total = src.PUPIL_TOTALS[year][0]
        free_mask = ~pinned & ~grouped
        if free_mask.any():
            cal[free_mask] *= (total - cal[~free_mask].sum()) / cal[free_mask].sum()
    return cal


def national_pupils(births: dict[int, int]) -> dict[int, FloatArray]:
    """Calibrated national pupils by grade, 2012-2023.

    Stage 1: in years with a published total, cell factors calibrated/raw are computed
    (grade points pinned, grade groups and the total scaled); every year takes each grade's
    factor interpolated linearly between those years (flat outside: 2012-2015 take 2016's).
    Stage 2: years with a published grade group but no total (UIS ISCED 1, grades 1-6, in
    2012-2015 and 2020) rescale the unpinned cells of that group to it.
    """
    raw = national_pupils_raw(births, PUPIL_YEARS)
    total_years = sorted(src.PUPIL_TOTALS)
    factors = {y: _calibrate_year(y, raw[y]) / raw[y] for y in total_years}
    out = {}
    for t in PUPIL_YEARS:
        f = np.array(
            [
                interpolate_anchors([t], {y: float(factors[y][g]) for y in total_years})[0]
                for g in range(12)
            ]
        )
        out[t] = raw[t] * f
        if t not in src.PUPIL_TOTALS:
            out[t] = _calibrate_year(t, out[t])
    return out


def _birth_shares(births_muni: pd.DataFrame) -> dict[int, FloatArray]:
    """Municipal share of national births by birth year (municipalities in table order)."""
    out = {}
    for year in sorted(set(births_muni["year"].astype(int).tolist())):
        v = births_muni.loc[births_muni["year"] == year, "births"].to_numpy(dtype=float)
        out[year] = v / v.sum()
    return out


def build_pupils(
    munis: pd.DataFrame, births: dict[int, int], births_muni: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Return the ``pupils`` table: national calibrated grades split over municipalities.

    A municipality's share of grade g in year t is its share of the births of the cohort
    (year t - 6 - g; the 2000 shares for cohorts born before 2000) x the secondary tilt in
    grades 10-12 x lognormal noise (per municipality and cohort, and per cell), normalised.
    """
    national = national_pupils(births)
    shares = _birth_shares(births_muni)
    groups = munis.apply(municipality_group, axis=1).to_numpy()
    types = munis["type"].to_numpy()
    n = len(munis)
    tilt = np.where(
        types == "state_city",
        SECONDARY_TILT["state_city"],
        np.where(groups == "pieriga", SECONDARY_TILT["pieriga"], 1.0),
    )
    cohorts = range(PUPIL_YEARS[0] - 18, PUPIL_YEARS[-1] - 6)
    cohort_noise = {c: rng.lognormal(0.0, PUPIL_NOISE_SD[0], n) for c in cohorts}
    rows = []
    for t in PUPIL_YEARS:
        for g in GRADES:
            c = t - 6 - g
            w = shares[max(c, 2000)] * cohort_noise[c] * rng.lognormal(0.0, PUPIL_NOISE_SD[1], n)
            if g >= 10:
                w = w * tilt
            vals = national[t][g - 1] * w / w.sum()
            rows += [
                (t, a, g, round(float(v), 3), "synthesized")
                for a, v in zip(munis["atvk"], vals, strict=True)
            ]
    return pd.DataFrame(rows, columns=["year", "atvk", "grade", "pupils", "status"])


def national_preschool(births: dict[int, int]) -> dict[int, FloatArray]:
    """Calibrated national preschool children by age 1-6 for 2019-2023.

    Raw = births of the cohort (year - age) x enrolment weight; anchor years pin age 4 (2023),
    the aged-5+ group (ages 5-6) and the total (ages 1-3, and 4 where not pinned, take the
    rest). 2020 and 2022 interpolate the per-age factors, then scale to the interpolated total.
    """
    b = {y: float(v) for y, v in births.items()}
    ages = np.array(PRESCHOOL_AGES)
    raw = {t: np.array([b[t - a] * PRESCHOOL_RATE[a] for a in ages]) for t in PRESCHOOL_YEARS}
    factors = {}
    for t in src.PRESCHOOL_TOTALS:
        cal = raw[t].copy()
        pinned = np.zeros(len(ages), dtype=bool)
        if t in src.PRESCHOOL_AGED_4:
            cal[ages == 4] = src.PRESCHOOL_AGED_4[t]
            pinned |= ages == 4
        older = ages >= 5
        cal[older] *= src.PRESCHOOL_AGED_5PLUS[t] / cal[older].sum()
        pinned |= older
        rest = src.PRESCHOOL_TOTALS[t][0] - cal[pinned].sum()
        cal[~pinned] *= rest / cal[~pinned].sum()
        factors[t] = cal / raw[t]
    totals = interpolate_anchors(
        PRESCHOOL_YEARS, {t: v[0] for t, v in src.PRESCHOOL_TOTALS.items()}
    )
    out = {}
    for i, t in enumerate(PRESCHOOL_YEARS):
        f = np.array(
            [
                interpolate_anchors([t], {y: float(factors[y][k]) for y in factors})[0]
                for k in range(len(ages))
            ]
        )
        v = raw[t] * f
        out[t] = v * totals[i] / v.sum()
    return out


def build_preschool(
    munis: pd.DataFrame, births: dict[int, int], births_muni: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Return the ``preschool`` table: national calibrated ages split over municipalities.

    A municipality's share of age a in year t is its share of the births of year t - a, x 1.10
    for ages 1-3 in state cities (higher urban enrolment of the youngest) x lognormal noise per
    municipality and cohort, normalised per (year, age).
    """
    national = national_preschool(births)
    shares = _birth_shares(births_muni)
    n = len(munis)
    urban = np.where(munis["type"].to_numpy() == "state_city", PRESCHOOL_URBAN_TILT, 1.0)
    cohorts = range(PRESCHOOL_YEARS[0] - 6, PRESCHOOL_YEARS[-1])
    noise = {c: rng.lognormal(0.0, PRESCHOOL_NOISE_SD, n) for c in cohorts}
    rows = []
    for t in PRESCHOOL_YEARS:
        for k, a in enumerate(PRESCHOOL_AGES):
            w = shares[t - a] * noise[t - a] * (urban if a <= 3 else 1.0)
            vals = national[t][k] * w / w.sum()
            rows += [
                (t, m, a, round(float(v), 3), "synthesized")
                for m, v in zip(munis["atvk"], vals, strict=True)
            ]
    return pd.DataFrame(rows, columns=["year", "atvk", "age", "children", "status"])
