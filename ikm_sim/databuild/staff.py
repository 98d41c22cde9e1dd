"""Teachers by municipality, subject and age, and vacancies, in the base year 2023/24.

No stock of teachers by subject, municipality or single-year age is published (see
``teacher-age-subject.md`` §4-5), so both tables are synthesized by documented, seeded methods
that reproduce the published national totals, shares and municipal vacancy figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ikm_sim.data.schema import BASE_YEAR, GRADES, TEACHER_AGES
from ikm_sim.databuild import sources as src
from ikm_sim.databuild.common import FloatArray, ipf, largest_remainder
from ikm_sim.databuild.curriculum import CURRICULUM, LESSON_SUBJECTS, SUBJECTS
from ikm_sim.databuild.people import municipality_group

# --- demand-based split -----------------------------------------------------------------------
#: Share of the 25,986 school pedagogues who are not subject teachers (leaders, support staff,
#: special-needs and interest-education pedagogues): assumption within the 18-22 % band.
OTHER_PEDAGOGUE_SHARE = 0.20
#: Share of classes split into two groups in split subjects (ENG, FL, CS, DT), by municipality
#: group; demand factor = 1 + share. Large city classes are mostly split, small rural classes
#: rarely (assumption).
SPLIT_GROUP_SHARE = {"state_city": 0.7, "pieriga": 0.5, "other": 0.2}
#: Average class size by grade band (1-6, 7-9, 10-12). State cities: city average 24; other
#: novadi: a blend of rural classes (13 / 14 / 16) and small-town classes (~20-22); Pierīga
#: novadi: mostly town schools (teacher-age-subject.md §5; blend weights are assumptions).
CLASS_SIZE = {
    "state_city": (24.0, 24.0, 24.0),
    "pieriga": (21.0, 21.0, 22.0),
    "other": (17.0, 17.0, 19.0),
}

# --- age profile ---------------------------------------------------------------------------------
#: National age bands of school pedagogues 2023/24 (first age, last age, share); assumption
#: built to reproduce <30 = 0.07, 50+ = 0.54, 60+ = 0.305, 65+ = 0.07 (reference targets:
#: 50+ 51-57 %, near retirement 30-37 %, 65+ 5 % in 2018 rising, <30 6-8 %). The large 60-64
#: band is the 2012/13 bulge (IZM bands 40-54: 49 % of pedagogues) aged eleven years.
AGE_BANDS: tuple[tuple[int, int, float], ...] = (
    (20, 24, 0.012),
    (25, 29, 0.058),
    (30, 34, 0.070),
    (35, 39, 0.085),
    (40, 44, 0.105),
    (45, 49, 0.130),
    (50, 54, 0.115),
    (55, 59, 0.120),
    (60, 64, 0.235),
    (65, 69, 0.052),
    (70, 74, 0.015),
    (75, 75, 0.003),
)
#: Age tilt exp(k (age - 45) / 10) by municipality (assumption; IZM: <30 % aged 55+ in the
#: young Pierīga novadi, >50 % near retirement in Alūksne and Krāslava).
AGE_TILT_YOUNG_MUNI = -0.45
AGE_TILT_OLD_MUNI = 0.30
#: Age tilt by subject (assumption from qualitative statements: physics and chemistry older,
#: computing and English younger; leaders older; preschool slightly younger).
AGE_TILT_SUBJECT = {"PHY": 0.35, "CHE": 0.35, "CS": -0.35, "ENG": -0.30, "OTH": 0.10, "PRE": -0.10}

# --- workload (FTE per person) -------------------------------------------------------------------
#: Mean load within three load classes: under half a rate, half to one rate, over one rate.
LOAD_CLASS_MEAN = (0.35, 0.95, 1.45)
#: Share of persons in each load class by age group (assumption calibrated so that about 34 %
#: work more than one rate and 25 % less than half a rate; IZM, March 2024).
LOAD_CLASS_SHARE: tuple[tuple[int, int, tuple[float, float, float]], ...] = (
    (20, 29, (0.30, 0.45, 0.25)),
    (30, 59, (0.22, 0.42, 0.36)),
    (60, 64, (0.25, 0.40, 0.35)),
    (65, 69, (0.40, 0.42, 0.18)),
    (70, 75, (0.60, 0.35, 0.05)),
)

# --- vacancies -----------------------------------------------------------------------------------
#: Share of the non-maths, non-DT school vacancies given to subjects absent from the Feb 2023
#: forecast (PRI, FL, GEO, ART, MUS, OTH), spread by headcount (assumption).
UNLISTED_VACANCY_SHARE = 0.10
VACANCY_NOISE_SD = 0.20
AGES = np.array(TEACHER_AGES)


def national_age_profile() -> FloatArray:
    """Single-year age shares 20..75 from `AGE_BANDS`.

    Band densities are interpolated linearly between band mid-points, then each band is
    rescaled to its published-target share, so band shares are exact and the curve is smooth.
    """
    mids = np.array([(a + b) / 2 for a, b, _ in AGE_BANDS])
    dens = np.array([s / (b - a + 1) for a, b, s in AGE_BANDS])
    p = np.interp(AGES, mids, dens)
    for a, b, s in AGE_BANDS:
        band = (a <= AGES) & (b >= AGES)
        p[band] *= s / p[band].sum()
    return p / p.sum()


def _tilt(k: float) -> FloatArray:
    return np.exp(k * (AGES - 45) / 10)


def mean_load_by_age() -> FloatArray:
    """Mean FTE per person at each age (mix of the three load classes)."""
    out = np.zeros(len(AGES))
    for a, b, shares in LOAD_CLASS_SHARE:
        band = (a <= AGES) & (b >= AGES)
        out[band] = float(np.dot(shares, LOAD_CLASS_MEAN))
    return out


def _class_group(mtype: str, group: str) -> str:
    """Class-size group of a municipality: state_city, pieriga or other."""
    return "state_city" if mtype == "state_city" else "pieriga" if group == "pieriga" else "other"


def lesson_demand(munis: pd.DataFrame, pupils_2023: pd.DataFrame) -> FloatArray:
    """Weekly lessons demanded, municipality x school subject (``LESSON_SUBJECTS`` order).

    Classes = pupils / class size (by municipality type and grade band); demand = classes x
    weekly lessons x (1 + `SPLIT_GROUP_SHARE` of the municipality group for split subjects).
    """
    split = {s[0]: s[5] for s in SUBJECTS}
    groups = munis.apply(municipality_group, axis=1).to_numpy()
    types = munis["type"].to_numpy()
    piv = pupils_2023.pivot(index="atvk", columns="grade", values="pupils").loc[munis["atvk"]]
    band = np.array([0 if g <= 6 else 1 if g <= 9 else 2 for g in GRADES])
    cs = np.array(
        [np.array(CLASS_SIZE[_class_group(t, g)])[band] for t, g in zip(types, groups, strict=True)]
    )
    classes = piv.to_numpy(dtype=float) / cs
    lessons = np.array([CURRICULUM[s] for s in LESSON_SUBJECTS], dtype=float).T  # grade x subj
    share = np.array(
        [SPLIT_GROUP_SHARE[_class_group(t, g)] for t, g in zip(types, groups, strict=True)]
    )
    is_split = np.array([split[s] for s in LESSON_SUBJECTS])
    factor = 1.0 + share[:, None] * is_split[None, :]
    return np.asarray((classes @ lessons) * factor, dtype=float)


def headcounts(
    munis: pd.DataFrame, pupils_2023: pd.DataFrame, preschool_2023: pd.DataFrame
) -> tuple[list[str], FloatArray]:
    """Integer headcount per municipality x subject (subject order returned).

    School subject teachers (25,986 x 0.80) by largest remainder over demand; OTH (the other
    20 %) over municipalities by their subject-teacher demand; PRE (11,800) by preschool
    children.
    """
    demand = lesson_demand(munis, pupils_2023)
    n_other = round(src.PEDAGOGUES_2023 * OTHER_PEDAGOGUE_SHARE)
    n_teach = src.PEDAGOGUES_2023 - n_other
    teach = largest_remainder(n_teach, demand.ravel()).reshape(demand.shape)
    other = largest_remainder(n_other, demand.sum(axis=1))
    kids = preschool_2023.groupby("atvk")["children"].sum().loc[munis["atvk"]].to_numpy()
    pre = largest_remainder(src.PRESCHOOL_TEACHERS_2023, kids)
    codes = [*LESSON_SUBJECTS, "OTH", "PRE"]
    return codes, np.column_stack([teach, other, pre]).astype(float)


def age_probabilities(
    munis: pd.DataFrame, codes: list[str], heads: FloatArray, base: FloatArray | None = None
) -> FloatArray:
    """Age distribution per municipality x subject (last axis = age).

    National profile (`base`; default the 2023 one, `national_age_profile`) x municipal and
    subject tilts; school pedagogues are then raked (IPF) so their national age distribution
    equals the profile. PRE keeps its own tilt.
    """
    base = national_age_profile() if base is None else base
    k_muni = np.array(
        [
            AGE_TILT_YOUNG_MUNI
            if a in src.YOUNG_TEACHER_ATVK
            else AGE_TILT_OLD_MUNI
            if a in src.OLD_TEACHER_ATVK
            else 0.0
            for a in munis["atvk"]
        ]
    )
    k_subj = np.array([AGE_TILT_SUBJECT.get(c, 0.0) for c in codes])
    p = base[None, None, :] * np.exp(
        (k_muni[:, None, None] + k_subj[None, :, None]) * (AGES - 45) / 10
    )
    p /= p.sum(axis=2, keepdims=True)
    school = [i for i, c in enumerate(codes) if c != "PRE"]
    pre = codes.index("PRE")
    p[:, pre, :] = base * _tilt(AGE_TILT_SUBJECT["PRE"])
    p[:, pre, :] /= p[:, pre, :].sum(axis=1, keepdims=True)
    rows = heads[:, school].ravel()
    seed = (p[:, school, :] * heads[:, school, None]).reshape(len(rows), len(AGES))
    fitted = ipf(seed, rows, np.asarray(rows.sum() * base, dtype=float))
    rs = fitted.sum(axis=1, keepdims=True)
    fitted = np.divide(fitted, rs, out=np.zeros_like(fitted), where=rs > 0)
    p[:, school, :] = fitted.reshape(len(munis), len(school), len(AGES))
    return np.asarray(p, dtype=float)


def draw_teacher_rows(
    year: int,
    munis: pd.DataFrame,
    codes: list[str],
    heads: np.ndarray,
    probs: np.ndarray,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Spread each (municipality, subject) headcount over ages by a seeded multinomial draw.

    Cell totals stay exact; FTE = headcount x mean load at that age (`mean_load_by_age`).
    Returns the ``teachers`` rows of `year` with headcount > 0.
    """
    load = mean_load_by_age()
    rows = []
    for i, atvk in enumerate(munis["atvk"]):
        for j, code in enumerate(codes):
            n = int(heads[i, j])
            if n == 0:
                continue
            draw = rng.multinomial(n, probs[i, j])
            for k in np.nonzero(draw)[0]:
                h = int(draw[k])
                rows.append(
                    (
                        year,
                        atvk,
                        code,
                        int(AGES[k]),
                        float(h),
                        round(h * float(load[k]), 3),
                        "synthesized",
                    )
                )
    cols = ["year", "atvk", "subject", "age", "headcount", "fte", "status"]
    return pd.DataFrame(rows, columns=cols)


def build_teachers(
    munis: pd.DataFrame,
    pupils_2023: pd.DataFrame,
    preschool_2023: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return the ``teachers`` table for the base year (rows with headcount > 0 only).

    Headcount per (municipality, subject) from `headcounts`, spread over ages by a seeded
    multinomial draw from `age_probabilities` (so every cell total is exact); FTE = headcount x
    mean load at that age (`mean_load_by_age`).
    """
    codes, heads = headcounts(munis, pupils_2023, preschool_2023)
    probs = age_probabilities(munis, codes, heads)
    return draw_teacher_rows(BASE_YEAR, munis, codes, heads, probs, rng)


def _municipal_vacancy_totals(
    published: list[float], total: float, size: FloatArray, known: np.ndarray
) -> FloatArray:
    """Return published municipal vacancies where known, the rest of `total` by size.

    The rest is split in units of 0.001 FTE by largest remainder, so totals are exact.
    """
    out = np.where(known, published, 0.0)
    rest = round((total - out.sum()) * 1000)
    out[~known] = largest_remainder(rest, size[~known]) / 1000
    return out


def build_vacancies(
    munis: pd.DataFrame, teachers: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Return the ``vacancies`` table (end of August 2023, FTE).

    Municipal totals: the four published municipalities exactly, the rest of 661 (school) and
    722 (preschool) FTE by headcount. School subjects: maths 69 (published), DT 24 (>20
    published), 10 % of the remainder to subjects absent from the Feb 2023 forecast by
    headcount, 90 % by the forecast counts; the municipality x subject table is fitted to both
    margins by IPF from headcount x lognormal noise and rounded to 0.001 FTE per municipality.
    """
    atvk = munis["atvk"].to_list()
    hc = teachers.pivot_table(
        index="atvk", columns="subject", values="headcount", aggfunc="sum", fill_value=0.0
    )
    hc = hc.reindex(index=atvk, fill_value=0.0)
    known = np.array([a in src.VACANCIES_BY_MUNICIPALITY_2023 for a in atvk])
    pub = src.VACANCIES_BY_MUNICIPALITY_2023
    school_codes = [c for c in hc.columns if c != "PRE"]
    school_size = hc[school_codes].sum(axis=1).to_numpy(dtype=float)
    school_tot = _municipal_vacancy_totals(
        [pub.get(a, (0.0, 0.0))[1] for a in atvk], src.VACANCIES_SCHOOL_2023, school_size, known
    )
    pre_tot = _municipal_vacancy_totals(
        [pub.get(a, (0.0, 0.0))[0] for a in atvk],
        src.VACANCIES_PRESCHOOL_2023,
        hc["PRE"].to_numpy(dtype=float),
        known,
    )
    # subject totals
    subj_tot = pd.Series(0.0, index=school_codes)
    subj_tot["MAT"] = src.VACANCIES_MATHS_2023
    subj_tot["DT"] = src.VACANCIES_DT_2023
    rest = src.VACANCIES_SCHOOL_2023 - subj_tot.sum()
    fc = pd.Series(src.VACANCY_FORECAST_FEB_2023)
    subj_tot[fc.index] += rest * (1 - UNLISTED_VACANCY_SHARE) * fc / fc.sum()
    unlisted = [c for c in school_codes if c not in fc.index and c not in ("MAT", "DT")]
    u_hc = hc[unlisted].sum(axis=0)
    subj_tot[unlisted] += rest * UNLISTED_VACANCY_SHARE * u_hc / u_hc.sum()
    seed = hc[school_codes].to_numpy(dtype=float) * rng.lognormal(
        0.0, VACANCY_NOISE_SD, (len(atvk), len(school_codes))
    )
    fitted = ipf(seed + 1e-9, school_tot, np.asarray(subj_tot.to_numpy(), dtype=np.float64))
    rows = []
    for i, a in enumerate(atvk):
        milli = largest_remainder(round(school_tot[i] * 1000), fitted[i])
        for j, c in enumerate(school_codes):
            if milli[j] > 0:
                rows.append((BASE_YEAR, a, c, milli[j] / 1000, "synthesized"))
        if pre_tot[i] > 0:
            rows.append(
                (
                    BASE_YEAR,
                    a,
                    "PRE",
                    round(float(pre_tot[i]), 3),
                    "published" if known[i] else "synthesized",
                )
            )
    return pd.DataFrame(rows, columns=["year", "atvk", "subject", "vacancies_fte", "status"])
