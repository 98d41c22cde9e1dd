"""The table contract of a data directory: every table, column, type, key and allowed value.

This module is the single definition of the data format. The dataset builder writes it, the
checker (`ikm-sim data check`) validates against it, the loader reads it, and `data/README.md`
documents it. Year convention everywhere: ``year`` is the calendar year in which the school year
starts (2023 = 2023/24).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DType = Literal["str", "int", "float", "bool"]

#: Base year of the model: the last school year with full data (2023 = 2023/24).
BASE_YEAR = 2023
#: Teacher ages by single year; the last age is the open group "75 and older".
TEACHER_AGES = tuple(range(20, 76))
#: School grades.
GRADES = tuple(range(1, 13))
#: Children's ages tracked before school (age reached in the calendar year the school year
#: starts, i.e. born in year - age).
CHILD_AGES = tuple(range(0, 7))
#: Ages of children in preschool education (enrolled), 1 to 6.
PRESCHOOL_AGES = tuple(range(1, 7))
PLANNING_REGIONS = ("Rīga", "Vidzeme", "Kurzeme", "Zemgale", "Latgale")
MUNICIPALITY_TYPES = ("state_city", "novads")
#: How a value came to be: read from a publication, derived by arithmetic from published
#: figures, or synthesized by a documented, seeded method.
STATUSES = ("published", "derived", "synthesized")
#: Levels a subject is taught at; drives how its demand is computed.
SUBJECT_LEVELS = ("preschool", "school", "other")
#: Source grades as in the reference notes: A official, B official via press, C third party,
#: D derived here.
SOURCE_GRADES = ("A", "B", "C", "D", "")

#: The 42 municipalities in force since the 2025 local elections (ATVK codes, 7 state cities +
#: 35 novadi; Varakļāni, LV0055000, merged into Madona, LV0038000). A data directory may hold a
#: subset (a regional extract), never another code.
OFFICIAL_ATVK = (
    "LV0001000",
    "LV0002000",
    "LV0003000",
    "LV0004000",
    "LV0005000",
    "LV0006000",
    "LV0007000",
    *(f"LV00{n}000" for n in range(20, 57) if n not in (50, 55)),
)
#: Retired municipalities: their ATVK code -> (name, the name and code of the one they were
#: merged into, year).
MERGED_ATVK = {"LV0055000": ("Varakļānu novads", "Madonas novads", "LV0038000", 2025)}

#: Series codes allowed in ``history.csv`` (national calibration series), with their unit.
HISTORY_SERIES: dict[str, str] = {
    "pedagogues_general": "persons",  # pedagogues in general day schools (headcount)
    "teachers_general": "persons",  # teachers (skolotāji) in general schools
    "teachers_isced1": "persons",  # UIS primary teachers (grades 1-6 from 2007)
    "teachers_isced2_3": "persons",  # UIS secondary teachers
    "pupils_1_12": "persons",
    "pupils_grade_1": "persons",
    "pupils_grade_9": "persons",
    "pupils_grade_12": "persons",
    "pupils_isced1": "persons",
    "preschool_children": "persons",
    "preschool_teachers": "persons",
    "new_teachers": "persons",  # new pedagogues starting in general schools
    "teacher_graduates": "persons",
    "macitspeks_intake": "persons",
    "schools_general": "schools",  # general day schools (institutions)
    "vacancies_general_fte": "FTE",
    "vacancies_preschool_fte": "FTE",
    "share_aged_under_30": "share",
    "share_aged_50plus": "share",
    "share_aged_65plus": "share",
    "share_near_retirement": "share",
    "share_novice": "share",
    "share_working_pensioners": "share",
    "share_over_one_rate": "share",
    "share_under_half_rate": "share",
}

#: Series of ``published_totals.csv``: the figures IZM publishes each September (provisional
#: totals for the new school year) and CSP publishes for births. Value: (unit, breakdowns
#: allowed besides the national total: ``atvk`` municipality, ``subject``, ``grade``).
PUBLISHED_SERIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "pupils_1_12": ("persons", ("atvk",)),  # pupils in grades 1-12, general day schools
    "pupils_grade_1": ("persons", ("atvk",)),  # first-graders
    "pupils_ukrainian": ("persons", ("atvk", "grade")),  # pupils from Ukraine (since 2022)
    "pupils_from_abroad": ("persons", ("atvk", "grade")),  # other arrivals and returners
    "pedagogues_general": ("persons", ("atvk",)),  # pedagogues in general day schools
    "preschool_children": ("persons", ("atvk",)),
    "preschool_teachers": ("persons", ()),
    "schools_general": ("schools", ("atvk",)),  # general day schools (institutions)
    "vacancies_general_fte": ("FTE", ("atvk", "subject")),  # school vacancies, start of year
    "vacancies_preschool_fte": ("FTE", ("atvk",)),
    "births": ("persons", ()),  # live births in the calendar year (CSP)
}

#: Items of ``funding.csv`` (published money figures of teacher pay and supply) and their unit.
FUNDING_ITEMS: dict[str, str] = {
    # monthly state target grant per pupil (MK 376 "Skolēns pašvaldībā", from Sep 2022)
    "grant_rate_preschool_5plus": "EUR/pupil/month",  # children aged 5-6 in preschool
    "grant_rate_grades_1_6": "EUR/pupil/month",
    "grant_rate_grades_7_9": "EUR/pupil/month",
    "grant_rate_grades_10_12": "EUR/pupil/month",
    # lowest pay rates (MK 445): per hour, per full load of the period (30 h to 2022/23, 36 h
    # from 2023/24 for general teachers; 40 h for preschool teachers) and per 40-hour load
    "lowest_pay_hourly": "EUR/hour",
    "lowest_pay_full_load": "EUR/month",
    "lowest_pay_full_load_preschool": "EUR/month",
    "lowest_pay_40h": "EUR/month",
    "average_pay_full_load": "EUR/month",  # general-school teachers, tarification data
    "employer_contribution_rate": "percent",  # VSAOI paid by the employer, % of gross pay
    # budget sub-programmes 05.00.00 (schools) and 10.00.00 (children 5+): EUR incl. VSAOI
    "sp05_eur": "EUR/year",
    "sp05_fte": "FTE",
    "sp10_eur": "EUR/year",
    "sp10_fte": "FTE",
    # teacher supply
    "funded_study_places_teacher": "places",  # state-funded places, all study years
    "funded_study_places_macitspeks": "places",  # of those, the places of Mācītspēks
    "study_place_base_cost": "EUR/place/year",
    "study_cost_coefficient_teacher": "coefficient",
    "cost_per_teacher_place": "EUR/place/year",
    "stipend_pedagogy_monthly": "EUR/month",
    "stipend_work_based_monthly": "EUR/month",
    "macitspeks_cost_per_participant": "EUR/person",
    "macitspeks_budget_total": "EUR",
    # prices: yearly average change of consumer prices (CSP), for constant-price results
    "consumer_price_change": "percent",
}


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Parameters
    ----------
    name : str
        Column name in the CSV header.
    dtype : {"str", "int", "float", "bool"}
        Type every value must parse as (bool is written ``true``/``false``).
    description : str
        What the column holds, for the data dictionary.
    unit : str
        Unit of the values ("" for codes and labels).
    nullable : bool
        Whether an empty cell is allowed.
    minimum, maximum : float or None
        Inclusive bounds for numeric columns.
    allowed : tuple of str or None
        Closed list of allowed values.
    pattern : str or None
        Regular expression a string value must match in full.
    """

    name: str
    dtype: DType
    description: str
    unit: str = ""
    nullable: bool = False
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Table:
    """One CSV table of a data directory.

    Parameters
    ----------
    name : str
        Table name; the file is ``<name>.csv``.
    description : str
        What one row is, for the data dictionary.
    columns : tuple of Column
        The columns, in file order.
    key : tuple of str
        Columns that identify a row; duplicates are errors.
    municipality_column : str or None
        Column holding ATVK codes that must be known municipalities.
    subject_column : str or None
        Column holding subject codes that must be known subjects.
    """

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    municipality_column: str | None = None
    subject_column: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        """File name of the table inside a data directory."""
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        """Column names in file order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """Return the column called `name`."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


_YEAR = Column(
    "year", "int", "school year, by the calendar year it starts in", "year", False, 1990, 2100
)
_ATVK = Column("atvk", "str", "municipality ATVK code (see municipalities)", pattern=r"LV\d{7}")
_STATUS = Column("status", "str", "published, derived or synthesized", allowed=STATUSES)
_SUBJECT = Column("subject", "str", "subject code (see subjects)", pattern=r"[A-Z]{2,4}")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "municipalities",
            "one row per municipality (local government) in force since 2025",
            (
                _ATVK,
                Column("name_lv", "str", "official Latvian name"),
                Column("name_en", "str", "English name"),
                Column(
                    "planning_region", "str", "planning region (MK 418)", allowed=PLANNING_REGIONS
                ),
                Column("type", "str", "state city or novads", allowed=MUNICIPALITY_TYPES),
                Column("population", "int", "residents (CSP estimate basis)", "persons", minimum=0),
                Column(
                    "population_year", "int", "year the population refers to", "year", minimum=1990
                ),
                _STATUS,
            ),
            key=("atvk",),
            municipality_column="atvk",
        ),
        Table(
            "subjects",
            "one row per teaching group (subject) the model tracks",
            (
                Column("code", "str", "short subject code", pattern=r"[A-Z]{2,4}"),
                Column("name_lv", "str", "Latvian name"),
                Column("name_en", "str", "English name"),
                Column("area", "str", "curriculum learning area"),
                Column("level", "str", "how demand is computed", allowed=SUBJECT_LEVELS),
                Column("split_groups", "bool", "taught in split groups (halves of a class)"),
            ),
            key=("code",),
            subject_column="code",
        ),
        Table(
            "curriculum",
            "weekly 40-minute lessons per class in a subject and grade",
            (
                _SUBJECT,
                Column("grade", "int", "grade 1-12", minimum=1, maximum=12),
                Column(
                    "weekly_lessons",
                    "float",
                    "lessons per week per class",
                    "lessons/week",
                    minimum=0,
                    maximum=20,
                ),
                _STATUS,
            ),
            key=("subject", "grade"),
            subject_column="subject",
        ),
        Table(
            "births",
            "live births in Latvia per calendar year",
            (
                _YEAR,
                Column("births", "int", "live births", "persons", minimum=0),
                _STATUS,
                Column(
                    "source_grade",
                    "str",
                    "A-D, see data/README.md",
                    nullable=True,
                    allowed=SOURCE_GRADES,
                ),
            ),
            key=("year",),
        ),
        Table(
            "births_by_municipality",
            "live births per calendar year and municipality (mother's residence)",
            (
                _YEAR,
                _ATVK,
                Column("births", "float", "live births", "persons", minimum=0),
                _STATUS,
            ),
            key=("year", "atvk"),
            municipality_column="atvk",
        ),
        Table(
            "pupils",
            "pupils in general day schools by school year, municipality and grade",
            (
                _YEAR,
                _ATVK,
                Column("grade", "int", "grade 1-12", minimum=1, maximum=12),
                Column(
                    "pupils",
                    "float",
                    "pupils enrolled at the start of the school year",
                    "persons",
                    minimum=0,
                ),
                _STATUS,
            ),
            key=("year", "atvk", "grade"),
            municipality_column="atvk",
        ),
        Table(
            "preschool",
            "children in preschool education by school year, municipality and age",
            (
                _YEAR,
                _ATVK,
                Column(
                    "age",
                    "int",
                    "age reached in the calendar year the school year starts (born in year - age)",
                    "years",
                    minimum=1,
                    maximum=6,
                ),
                Column("children", "float", "children enrolled", "persons", minimum=0),
                _STATUS,
            ),
            key=("year", "atvk", "age"),
            municipality_column="atvk",
        ),
        Table(
            "teachers",
            "pedagogues by school year, municipality, subject and single-year age",
            (
                _YEAR,
                _ATVK,
                _SUBJECT,
                Column(
                    "age",
                    "int",
                    "age in whole years (75 = 75 and older)",
                    "years",
                    minimum=20,
                    maximum=75,
                ),
                Column("headcount", "float", "persons", "persons", minimum=0),
                Column("fte", "float", "full-time equivalents (likmes)", "FTE", minimum=0),
                _STATUS,
            ),
            key=("year", "atvk", "subject", "age"),
            municipality_column="atvk",
            subject_column="subject",
        ),
        Table(
            "vacancies",
            "unfilled posts in the base year by municipality and subject",
            (
                _YEAR,
                _ATVK,
                _SUBJECT,
                Column("vacancies_fte", "float", "vacant rates (likmes)", "FTE", minimum=0),
                _STATUS,
            ),
            key=("year", "atvk", "subject"),
            municipality_column="atvk",
            subject_column="subject",
        ),
        Table(
            "history",
            "national historical series used for calibration and validation",
            (
                Column("series", "str", "series code", allowed=tuple(HISTORY_SERIES)),
                _YEAR,
                Column("value", "float", "central value", nullable=False, minimum=0),
                Column(
                    "low", "float", "lower end of the published range", nullable=True, minimum=0
                ),
                Column(
                    "high", "float", "upper end of the published range", nullable=True, minimum=0
                ),
                Column(
                    "unit",
                    "str",
                    "persons, FTE, share or schools",
                    allowed=tuple(sorted(set(HISTORY_SERIES.values()))),
                ),
                _STATUS,
                Column(
                    "source_grade",
                    "str",
                    "A-D, see data/README.md",
                    nullable=True,
                    allowed=SOURCE_GRADES,
                ),
                Column("source", "str", "address the figure was read at", nullable=True),
            ),
            key=("series", "year"),
        ),
        Table(
            "published_totals",
            "published totals of a school year (IZM each September, CSP births), nationally "
            "or by municipality, subject or grade; ``ikm-sim update`` adds a new year's rows",
            (
                Column(
                    "series",
                    "str",
                    "series code (see PUBLISHED_SERIES)",
                    allowed=tuple(PUBLISHED_SERIES),
                ),
                _YEAR,
                Column(
                    "atvk",
                    "str",
                    "municipality ATVK code; empty for the national total",
                    nullable=True,
                    pattern=r"LV\d{7}",
                ),
                Column(
                    "subject",
                    "str",
                    "subject code; empty for all subjects",
                    nullable=True,
                    pattern=r"[A-Z]{2,4}",
                ),
                Column(
                    "grade",
                    "int",
                    "school grade 1-12; empty for all grades",
                    nullable=True,
                    minimum=1,
                    maximum=12,
                ),
                Column("value", "float", "published value", minimum=0),
                Column(
                    "unit",
                    "str",
                    "persons, FTE or schools",
                    allowed=tuple(sorted({u for u, _ in PUBLISHED_SERIES.values()})),
                ),
                Column("status", "str", "published or derived", allowed=("published", "derived")),
                Column("source_grade", "str", "A-D, see data/README.md", allowed=SOURCE_GRADES[:4]),
                Column("source", "str", "address the figure was read at"),
            ),
            key=("series", "year", "atvk", "subject", "grade"),
            municipality_column="atvk",
            subject_column="subject",
        ),
        Table(
            "workload_rules",
            "full-time teaching load (likme) rules by period",
            (
                Column(
                    "year_from", "int", "first school year the rule applies", "year", minimum=1990
                ),
                Column("year_to", "int", "last school year the rule applies", "year", minimum=1990),
                Column(
                    "likme_hours",
                    "float",
                    "hours per week in a full-time rate",
                    "h/week",
                    minimum=1,
                ),
                Column(
                    "lesson_share_max",
                    "float",
                    "maximum share of the rate spent on lessons",
                    "share",
                    minimum=0,
                    maximum=1,
                ),
                Column(
                    "lessons_per_fte",
                    "float",
                    "weekly lessons that make one FTE of teaching",
                    "lessons/week",
                    minimum=1,
                ),
                Column(
                    "preschool_contact_hours",
                    "float",
                    "hours with children in a preschool rate",
                    "h/week",
                    minimum=1,
                ),
                _STATUS,
                Column("source", "str", "address of the rule", nullable=True),
            ),
            key=("year_from",),
        ),
        Table(
            "retirement_age",
            "statutory old-age pension age by calendar year",
            (
                _YEAR,
                Column("age", "float", "statutory retirement age", "years", minimum=50, maximum=75),
                _STATUS,
                Column("source", "str", "address of the rule", nullable=True),
            ),
            key=("year",),
        ),
        Table(
            "funding",
            "published money figures of teacher pay, the state target grant and teacher supply: "
            "one row per item and the month it applies from (budget figures: January of the "
            "budget year); plans are kept apart and never fitted",
            (
                Column(
                    "item", "str", "figure code (see FUNDING_ITEMS)", allowed=tuple(FUNDING_ITEMS)
                ),
                Column(
                    "effective",
                    "str",
                    "month the figure applies from (YYYY-MM)",
                    pattern=r"(19|20)\d\d-(0[1-9]|1[0-2])",
                ),
                Column(
                    "plan",
                    "bool",
                    "a budget plan or draft schedule published before the period (never fitted)",
                ),
                Column("value", "float", "the figure, in `unit`", minimum=0),
                Column(
                    "unit",
                    "str",
                    "unit of the value (fixed per item)",
                    allowed=tuple(sorted(set(FUNDING_ITEMS.values()))),
                ),
                Column("status", "str", "published or derived", allowed=("published", "derived")),
                Column("source_grade", "str", "A-D, see data/README.md", allowed=SOURCE_GRADES[:4]),
                Column("source", "str", "address the figure was read at"),
                Column("note", "str", "what the figure covers, if not obvious", nullable=True),
            ),
            key=("item", "effective", "plan"),
        ),
    )
}
