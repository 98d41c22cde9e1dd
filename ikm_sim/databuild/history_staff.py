"""Teachers by municipality, subject and age in 2012/13: the starting stock of calibration.

Calibration and backtests start the model in school year 2012 (the first year of ``pupils``),
so the ``teachers`` table also holds a synthesized 2012 stock. It is anchored on the published
2012/13 figures: 28,221 pedagogues in general day schools and the partial IZM age bands (25-34:
3,750; 40-44: 4,449; 45-49: 4,620; 50-54: 4,747), with the Eurostat/OECD shares (<30 about
6-8 % in 2012, 50+ about 41 % in 2013) closing the profile. Subjects follow 2012 pupils x
curriculum; preschool teachers (PRE) are an estimate (see `preschool_teachers_2012`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ikm_sim.data.schema import TEACHER_AGES
from ikm_sim.databuild.common import FloatArray, largest_remainder
from ikm_sim.databuild.curriculum import LESSON_SUBJECTS
from ikm_sim.databuild.staff import (
    OTHER_PEDAGOGUE_SHARE,
    age_probabilities,
    draw_teacher_rows,
    lesson_demand,
)

#: School year of the historical stock.
HISTORY_STAFF_YEAR = 2012
#: Pedagogues in general day schools, 2012/13 (IZM via diena.lv, B).
PEDAGOGUES_2012 = 28_221
#: Published IZM age bands of the 28,221 (first age, last age, persons).
IZM_BANDS_2012: tuple[tuple[int, int, int], ...] = (
    (25, 34, 3_750),
    (40, 44, 4_449),
    (45, 49, 4_620),
    (50, 54, 4_747),
)
#: National age bands of school pedagogues 2012/13 (first age, last age, share). 25-34, 40-44,
#: 45-49 and 50-54 are the IZM bands; the rest (37.8 % together) is an assumption reproducing
#: <30 = 7.0 % (Eurostat 2012: 6-8 %) and 50+ = 42.5 % (Eurostat 2013: 41.2 % all levels,
#: 45.8 % secondary).
AGE_BANDS_2012: tuple[tuple[int, int, float], ...] = (
    (20, 24, 0.010),
    (25, 29, 0.060),
    (30, 34, 3_750 / PEDAGOGUES_2012 - 0.060),
    (35, 39, 0.110),
    (40, 44, 4_449 / PEDAGOGUES_2012),
    (45, 49, 4_620 / PEDAGOGUES_2012),
    (50, 54, 4_747 / PEDAGOGUES_2012),
    (55, 59, 0.135),
    (60, 64, 0.085),
    (65, 69, 0.028),
    (70, 74, 0.008),
    (75, 75, 0.001),
)
#: Preschool teachers 2023/24 (the D estimate used for the base year).
PRESCHOOL_TEACHERS_2023 = 11_800
#: Preschool enrolment in 2012 relative to 2023 at the same ages (assumption: enrolment of
#: 1-3-year-olds rose with the expansion of municipal places after 2012).
PRESCHOOL_ENROLMENT_2012_VS_2023 = 0.85
AGES = np.array(TEACHER_AGES)


def age_profile_2012() -> FloatArray:
    """Single-year age shares 20..75 from `AGE_BANDS_2012` (each band's share exact)."""
    mids = np.array([(a + b) / 2 for a, b, _ in AGE_BANDS_2012])
    dens = np.array([s / (b - a + 1) for a, b, s in AGE_BANDS_2012])
    p = np.interp(AGES, mids, dens)
    for a, b, s in AGE_BANDS_2012:
        band = (a <= AGES) & (b >= AGES)
        p[band] *= s / p[band].sum()
    return np.asarray(p / p.sum(), dtype=float)


def preschool_teachers_2012(births: dict[int, int]) -> int:
    """Estimated preschool teachers in 2012/13.

    11,800 (2023/24) x births of the cohorts aged 1-6 in 2012 (born 2006-2011) / those aged
    1-6 in 2023 (born 2017-2022) x `PRESCHOOL_ENROLMENT_2012_VS_2023`, at the same children
    per teacher.
    """
    then = sum(births[y] for y in range(2006, 2012))
    now = sum(births[y] for y in range(2017, 2023))
    return round(PRESCHOOL_TEACHERS_2023 * then / now * PRESCHOOL_ENROLMENT_2012_VS_2023)


def headcounts_2012(
    munis: pd.DataFrame, pupils_2012: pd.DataFrame, births_muni: pd.DataFrame, n_pre: int
) -> tuple[list[str], FloatArray]:
    """Integer headcount per municipality x subject in 2012 (subject order returned).

    Subject teachers (80 % of 28,221) by largest remainder over 2012 lesson demand, OTH over
    municipalities by demand, PRE over municipalities by births 2006-2011.
    """
    demand = lesson_demand(munis, pupils_2012)
    n_other = round(PEDAGOGUES_2012 * OTHER_PEDAGOGUE_SHARE)
    teach = largest_remainder(PEDAGOGUES_2012 - n_other, demand.ravel()).reshape(demand.shape)
    other = largest_remainder(n_other, demand.sum(axis=1))
    kids = (
        births_muni[births_muni["year"].between(2006, 2011)]
        .groupby("atvk")["births"]
        .sum()
        .reindex(munis["atvk"])
        .fillna(0.0)
        .to_numpy(dtype=float)
    )
    pre = largest_remainder(n_pre, kids)
    codes = [*LESSON_SUBJECTS, "OTH", "PRE"]
    return codes, np.column_stack([teach, other, pre]).astype(float)


def build_teachers_2012(
    munis: pd.DataFrame,
    pupils_2012: pd.DataFrame,
    births_muni: pd.DataFrame,
    births: dict[int, int],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return the 2012 rows of the ``teachers`` table (headcount > 0 only).

    Headcounts from `headcounts_2012`, ages by a seeded multinomial draw from
    `ikm_sim.databuild.staff.age_probabilities` with the 2012 profile (cell totals exact),
    FTE = headcount x mean load at that age (`ikm_sim.databuild.staff.mean_load_by_age`).
    Draws come after every other draw of the build, so the other tables do not change.
    """
    codes, heads = headcounts_2012(munis, pupils_2012, births_muni, preschool_teachers_2012(births))
    probs = age_probabilities(munis, codes, heads, age_profile_2012())
    return draw_teacher_rows(HISTORY_STAFF_YEAR, munis, codes, heads, probs, rng)
