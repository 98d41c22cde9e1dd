"""Build the embedded default dataset (``data/``) from published figures and seeded synthesis.

``build_dataset(out_dir, seed)`` writes every table of `ikm_sim.data.schema.TABLES` as
``<name>.csv``. Published figures live in `ikm_sim.databuild.sources` with their address and
grade; the synthesis is split into small functions per table:

- `build_municipalities`, `build_births`, `build_history`, `build_workload_rules`,
  `build_retirement_age` (this module);
- `ikm_sim.databuild.curriculum`: ``subjects`` and ``curriculum``;
- `ikm_sim.databuild.people`: ``births_by_municipality``, ``pupils`` and ``preschool``;
- `ikm_sim.databuild.staff`: ``teachers`` and ``vacancies``;
- `ikm_sim.databuild.funding`: ``funding`` (published money figures, with their sources).

The build is deterministic: one ``numpy.random.default_rng(seed)`` is drawn from in a fixed
order, and the CSV writer formats every value the same way on every platform. See
``data/README.md`` for the data dictionary and the method of every synthesized value.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ikm_sim.atomic import staged_directory
from ikm_sim.data.schema import BASE_YEAR, HISTORY_SERIES, TABLES, Table
from ikm_sim.data.write import write_table
from ikm_sim.databuild import sources as src
from ikm_sim.databuild.common import largest_remainder
from ikm_sim.databuild.curriculum import build_curriculum, build_subjects
from ikm_sim.databuild.funding import build_funding
from ikm_sim.databuild.history_staff import HISTORY_STAFF_YEAR, build_teachers_2012
from ikm_sim.databuild.people import build_births_by_municipality, build_preschool, build_pupils
from ikm_sim.databuild.staff import build_teachers, build_vacancies
from ikm_sim.settings import FINAL_YEAR

#: Default seed of the synthesis (the committed ``data/`` is built with it).
DEFAULT_SEED = 20231

#: Retirement-age schedule: 62 until 2013, +3 months a year from 2014, 65 from 2025 (law of
#: 14.6.2012, grade B).
RETIREMENT_BASE_AGE = 62.0
RETIREMENT_STEP_FROM = 2014
RETIREMENT_FINAL_AGE = 65.0
RETIREMENT_YEARS = tuple(range(2000, FINAL_YEAR + 1))


def build_municipalities() -> pd.DataFrame:
    """Return the ``municipalities`` table (42 rows).

    Published populations (grade C, various years) are kept; the others share
    1,853,000 (1 Jan 2025) minus the published ones minus Varakļāni in proportion to
    `build_sources.Municipality.size_proxy`, by largest remainder; Madona then gets
    Varakļāni's 3,138 residents on top (status synthesized, year 2025).
    """
    ms = src.MUNICIPALITIES
    known = sum(m.population or 0 for m in ms)
    rest = src.NATIONAL_POPULATION_2025 - known - src.VARAKLANI_POPULATION
    unknown = [m for m in ms if m.population is None]
    alloc = dict(
        zip(
            [m.atvk for m in unknown],
            largest_remainder(rest, [m.size_proxy for m in unknown]),
            strict=True,
        )
    )
    rows = []
    for m in ms:
        if m.population is not None:
            pop, status = m.population, "published"
        else:
            pop, status = int(alloc[m.atvk]), "synthesized"
            if m.atvk == src.MADONA_ATVK:
                pop += src.VARAKLANI_POPULATION
        rows.append(
            (m.atvk, m.name_lv, m.name_en, m.region, m.type, pop, m.population_year, status)
        )
    cols = [
        "atvk",
        "name_lv",
        "name_en",
        "planning_region",
        "type",
        "population",
        "population_year",
        "status",
    ]
    return pd.DataFrame(rows, columns=cols)


def build_births() -> pd.DataFrame:
    """Return the ``births`` table, 2000-2024.

    Grades A-C are ``published``, D ``derived``; 2015 (no figure found) is the mean of 2014
    and 2016, ``synthesized`` with an empty grade.
    """
    rows = []
    for year in src.BIRTH_YEARS:
        if year in src.BIRTHS:
            v, grade, _ = src.BIRTHS[year]
            rows.append((year, v, "derived" if grade == "D" else "published", grade))
        else:
            v = round((src.BIRTHS[year - 1][0] + src.BIRTHS[year + 1][0]) / 2)
            rows.append((year, v, "synthesized", ""))
    return pd.DataFrame(rows, columns=["year", "births", "status", "source_grade"])


def build_history() -> pd.DataFrame:
    """Return the ``history`` table from `build_sources.HISTORY` (grade D -> ``derived``)."""
    rows = []
    for h in src.HISTORY:
        if h.series not in HISTORY_SERIES:
            raise ValueError(f"unknown history series {h.series}")
        rows.append(
            (
                h.series,
                h.year,
                float(h.value),
                h.low,
                h.high,
                HISTORY_SERIES[h.series],
                "derived" if h.grade == "D" else "published",
                h.grade,
                h.source,
            )
        )
    cols = ["series", "year", "value", "low", "high", "unit", "status", "source_grade", "source"]
    return pd.DataFrame(rows, columns=cols)


def build_published_totals() -> pd.DataFrame:
    """Return the ``published_totals`` table: empty, the place for later years' figures.

    The published figures up to the base year are in ``history`` (national series) and in the
    tables themselves; ``ikm-sim update`` appends the totals IZM and CSP publish after it.
    """
    return pd.DataFrame(columns=list(TABLES["published_totals"].column_names))


def build_workload_rules() -> pd.DataFrame:
    """Return the ``workload_rules`` table (two periods).

    To 2022: 30 h likme with lessons counted with breaks; 21 lessons per FTE (OECD: statutory
    basis of 21 teaching hours a week, 2013/14), so the lesson share is 21 / 30 = 0.7 (derived);
    preschool 36 h with children (40 h likme from 2016; 30 h before). From 2023: 36 h likme,
    at most 65 % lessons = 23.4 lessons; preschool 34 h with children.
    """
    old = f"{src.URL_LIKME_30H} ; {src.URL_OECD_21_LESSONS} ; {src.URL_PRESCHOOL_36H}"
    new = f"{src.URL_LIKME_36H} ; {src.URL_PRESCHOOL_34H}"
    rows = [
        (2000, 2022, 30.0, 0.7, 21.0, 36.0, "derived", old),
        (2023, 2100, 36.0, 0.65, 23.4, 34.0, "published", new),
    ]
    cols = [
        "year_from",
        "year_to",
        "likme_hours",
        "lesson_share_max",
        "lessons_per_fte",
        "preschool_contact_hours",
        "status",
        "source",
    ]
    return pd.DataFrame(rows, columns=cols)


def retirement_age(year: int) -> float:
    """Statutory retirement age in `year` (62 to 2013, +0.25 a year, 65 from 2025)."""
    steps = max(0, year - RETIREMENT_STEP_FROM + 1)
    return min(RETIREMENT_FINAL_AGE, RETIREMENT_BASE_AGE + 0.25 * steps)


def build_retirement_age() -> pd.DataFrame:
    """Return the ``retirement_age`` table, 2000 to the forecast horizon (`FINAL_YEAR`).

    2013 on follows the law of 14.6.2012 (published); 2000-2012 hold 62 (synthesized: the
    lower women's ages before 2008 are not in the reference).
    """
    rows = [
        (y, retirement_age(y), "published" if y >= 2013 else "synthesized", src.URL_RETIREMENT)
        for y in RETIREMENT_YEARS
    ]
    return pd.DataFrame(rows, columns=["year", "age", "status", "source"])


def build_tables(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Build every table in memory.

    Parameters
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``; draws happen in a fixed order (births by
        municipality, pupils, preschool, teachers, vacancies).

    Returns
    -------
    dict of str to pandas.DataFrame
        One frame per table of `TABLES`, columns in schema order, rows sorted by key.
    """
    rng = np.random.default_rng(seed)
    munis = build_municipalities()
    births = build_births()
    births_series = dict(
        zip(births["year"].astype(int).tolist(), births["births"].astype(int).tolist(), strict=True)
    )
    births_muni = build_births_by_municipality(munis, births_series, rng)
    pupils = build_pupils(munis, births_series, births_muni, rng)
    preschool = build_preschool(munis, births_series, births_muni, rng)
    teachers = build_teachers(
        munis,
        pupils[pupils["year"] == BASE_YEAR],
        preschool[preschool["year"] == BASE_YEAR],
        rng,
    )
    vacancies = build_vacancies(munis, teachers, rng)
    # the 2012 starting stock of calibration draws last, so the tables above do not change
    teachers_2012 = build_teachers_2012(
        munis, pupils[pupils["year"] == HISTORY_STAFF_YEAR], births_muni, births_series, rng
    )
    teachers = pd.concat([teachers_2012, teachers], ignore_index=True)
    tables = {
        "municipalities": munis,
        "subjects": build_subjects(),
        "curriculum": build_curriculum(),
        "births": births,
        "births_by_municipality": births_muni,
        "pupils": pupils,
        "preschool": preschool,
        "teachers": teachers,
        "vacancies": vacancies,
        "history": build_history(),
        "published_totals": build_published_totals(),
        "workload_rules": build_workload_rules(),
        "retirement_age": build_retirement_age(),
        "funding": build_funding(),
    }
    missing = set(TABLES) - set(tables)
    if missing:
        raise ValueError(f"tables not built: {sorted(missing)}")
    return {name: _order(TABLES[name], tables[name]) for name in TABLES}


def _order(table: Table, df: pd.DataFrame) -> pd.DataFrame:
    """Columns in schema order, rows sorted by the key."""
    return df.loc[:, list(table.column_names)].sort_values(list(table.key)).reset_index(drop=True)


def build_dataset(out_dir: Path, seed: int = DEFAULT_SEED) -> None:
    """Write every table of the data contract as ``<name>.csv`` into `out_dir`.

    Parameters
    ----------
    out_dir : pathlib.Path
        Directory to write to (created if missing). ``README.md`` there is not touched. The
        tables replace the earlier ones only once all are written, so a failure leaves the
        earlier dataset intact.
    seed : int
        Seed of the synthesis; the committed ``data/`` uses `DEFAULT_SEED`.
    """
    tables = build_tables(seed)
    with staged_directory(Path(out_dir)) as stage:
        for name, df in tables.items():
            write_table(TABLES[name], df, stage / TABLES[name].filename)
