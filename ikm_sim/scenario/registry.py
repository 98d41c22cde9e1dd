"""The registry of policy levers: name, meaning, unit, bounds, default, dimensions.

This is the one place a lever is defined: the pydantic schema (`ikm_sim.scenario.levers`), the
JSON Schema for editors, the model inputs (`ikm_sim.inputs.levers`: the model variable, its
dimensions and how a setting turns into values, by `LeverKind`) and the scenario builder's
controls (`Widget`) all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum

FIRST_YEAR, LAST_YEAR = 2000, 2100
GRADE_BANDS: dict[str, tuple[int, int]] = {
    "1-3": (1, 3),
    "4-6": (4, 6),
    "7-9": (7, 9),
    "10-12": (10, 12),
}
BIRTH_VARIANTS = ("low", "medium", "high")
#: "Programma skolā" (latvia-funding.md 2.4): the first school year of the new funding (full
#: from September 2026) and the minimum pupils in a secondary class group in administrative
#: centres (state cities 120, elsewhere 40), the defaults of their levers.
PROGRAMMA_START_YEAR = 2026
PROGRAMMA_SECONDARY_MINIMUM = 90
OVERRIDE_KEYS = ("national", "planning_regions", "municipalities", "subjects", "grade_bands")
PATH_KEYS = ("steps", "ramp")


class Dim(StrEnum):
    """A dimension along which a lever's setting can be overridden."""

    #: Planning regions and municipalities (the model's ``Region``).
    REGION = "region"
    #: Subjects (the model's ``Subject``).
    SUBJECT = "subject"
    #: Grade bands of `GRADE_BANDS` (the model's ``Grade``).
    GRADE_BAND = "grade_band"


class LeverKind(Enum):
    """How a lever's setting becomes its model variable's values."""

    #: The setting replaces today's value in the years after the base year.
    LEVEL = "level"
    #: The setting multiplies today's path (1 = unchanged), after the last year of data.
    FACTOR = "factor"
    #: Persons a year: a national or planning-region value is that area's total, shared among
    #: its municipalities by their pupils of the base year; today's value is 0.
    COUNT = "count"


@dataclass(frozen=True)
class Widget:
    """The scenario builder's control of a lever: a dated step on a slider.

    Attributes
    ----------
    order : int
        Position among the builder's step controls.
    today : float
        The slider's value when the base scenario does not set the lever.
    step : float
        Slider step.
    decimals : int
        Digits after the decimal mark on the slider.
    """

    order: int
    today: float
    step: float
    decimals: int


@dataclass(frozen=True)
class LeverSpec:
    """One lever: what it is, its unit, bounds and default, and its dimensions.

    Attributes
    ----------
    name : str
        Key in a scenario's ``levers:``.
    description : str
        What the lever means, in one sentence.
    unit : str
        Unit of its values.
    lo, hi : float
        Bounds of its values (inclusive).
    default : str
        Today's value, in words (the data's history or a neutral value).
    dims : tuple of Dim
        Dimensions along which the setting can be overridden (`Dim`).
    model_variable : str
        The Vensim variable the lever sets.
    units : tuple of str
        Other units a value written as a string may carry.
    kind : LeverKind
        How a setting becomes the model variable's values.
    widget : Widget, optional
        The builder's control of the lever (None: not among the builder's step controls).
    """

    name: str
    description: str
    unit: str
    lo: float
    hi: float
    default: str
    dims: tuple[Dim, ...] = ()
    model_variable: str = ""
    units: tuple[str, ...] = field(default=())
    kind: LeverKind = LeverKind.LEVEL
    widget: Widget | None = None

    @property
    def accepted_units(self) -> tuple[str, ...]:
        """Units a value written as a string may carry (``%`` for shares and ratios)."""
        extra = ("%",) if self.unit in ("share", "ratio", "1/year") else ()
        return (self.unit, *self.units, *extra)


def override_keys(spec: LeverSpec) -> list[str]:
    """Keys of a lever's override mapping: ``national`` and one or two per dimension.

    Parameters
    ----------
    spec : LeverSpec
        The lever.

    Returns
    -------
    list of str
        ``national``, then ``planning_regions`` and ``municipalities`` (region),
        ``subjects`` (subject), ``grade_bands`` (grade band).
    """
    keys = ["national"]
    if Dim.REGION in spec.dims:
        keys += ["planning_regions", "municipalities"]
    if Dim.SUBJECT in spec.dims:
        keys.append("subjects")
    if Dim.GRADE_BAND in spec.dims:
        keys.append("grade_bands")
    return keys


LEVERS: dict[str, LeverSpec] = {
    s.name: s
    for s in (
        LeverSpec(
            "relative_pay",
            "teacher pay relative to the national average wage (2023 = 1)",
            "ratio",
            0.3,
            3.0,
            "1 (pay keeps pace with the average wage)",
            model_variable="Relative Pay",
        ),
        LeverSpec(
            "training_places",
            "study places: funded teacher-education places relative to today (by subject)",
            "ratio",
            0.0,
            5.0,
            "1 (today's funded places)",
            (Dim.SUBJECT,),
            "Training Places Index",
            widget=Widget(3, 1.0, 0.05, 2),
        ),
        LeverSpec(
            "additional_training_places",
            "extra funded teacher-education places per year on top of today's",
            "persons/year",
            0.0,
            2000.0,
            "0",
            (Dim.SUBJECT,),
            "Additional Training Places",
            ("places/year",),
            widget=Widget(3, 0.0, 5.0, 0),
        ),
        LeverSpec(
            "macitspeks_intake",
            "yearly intake of the Mācītspēks alternative route (national)",
            "persons/year",
            0.0,
            1000.0,
            "history 2020-2023 (100, 93, 81, 89), then 89 a year",
            model_variable="Macitspeks Intake",
            units=("places/year",),
            widget=Widget(2, 89.0, 5.0, 0),
        ),
        LeverSpec(
            "retirement_age",
            "statutory old-age pension age",
            "years",
            55.0,
            75.0,
            "the data's schedule (65 from 2025)",
            model_variable="Retirement Age",
            units=("year",),
            widget=Widget(1, 65.0, 0.25, 2),
        ),
        LeverSpec(
            "pensioner_rule",
            "multiplier on the retirement of teachers at and past the pension age "
            "(above 1: fewer working pensioners, e.g. a cap)",
            "ratio",
            0.0,
            10.0,
            "1",
            model_variable="Pensioner Rule Multiplier",
        ),
        LeverSpec(
            "lesson_share",
            "share of a full-time rate spent on lessons (0.65 = the 65/35 rule, 0.6 = 60/40)",
            "share",
            0.3,
            1.0,
            "the data's workload rules (0.65 from 2023)",
            model_variable="Lesson Share",
            widget=Widget(0, 0.65, 0.01, 2),
        ),
        LeverSpec(
            "likme_hours",
            "hours in a full-time teacher rate (likme)",
            "hours/week",
            20.0,
            45.0,
            "the data's workload rules (36 from 2023)",
            model_variable="Likme Hours",
            units=("h/week", "hours"),
        ),
        LeverSpec(
            "consolidation",
            "class size: effective class size relative to today (e.g. by school-network "
            "consolidation)",
            "ratio",
            0.5,
            2.0,
            "1",
            (Dim.REGION,),
            "Consolidation Factor",
            widget=Widget(4, 1.0, 0.01, 2),
        ),
        LeverSpec(
            "children_per_preschool_fte",
            "children per preschool teacher FTE (staffing rule)",
            "persons/FTE",
            4.0,
            20.0,
            "the calibrated value",
            model_variable="Children per Preschool FTE",
            units=("children/FTE",),
        ),
        LeverSpec(
            "curriculum",
            "curriculum hours relative to today, by subject and grade band",
            "ratio",
            0.0,
            3.0,
            "1",
            (Dim.SUBJECT, Dim.GRADE_BAND),
            "Curriculum Multiplier",
        ),
        LeverSpec(
            "language_exit_rate",
            "yearly share of teachers leaving under the Latvian-only instruction requirement "
            "(before each municipality's exposure)",
            "1/year",
            0.0,
            0.1,
            "0.085 % a year in 2023-2025 (the transition), 0 from 2026",
            (Dim.REGION,),
            "Language Exit Rate",
        ),
        LeverSpec(
            "births",
            "births relative to the chosen births variant",
            "ratio",
            0.2,
            2.0,
            "1",
            model_variable="Birth Index",
            kind=LeverKind.FACTOR,
        ),
        LeverSpec(
            "net_migration",
            "extra net migration of children and pupils per year (+ arrivals, - departures)",
            "1/year",
            -0.1,
            0.1,
            "0 (the historical cohort ratios)",
            (Dim.REGION,),
            "Net Migration Rate",
        ),
        LeverSpec(
            "pupil_arrivals",
            "pupils arriving from abroad per year beyond the historical cohort ratios (Ukrainian "
            "pupils, returning families; negative: departures), spread over grades by the latest "
            "published arrivals by grade",
            "persons/year",
            -10000.0,
            10000.0,
            "0 (arrivals so far are in the cohort ratios)",
            (Dim.REGION,),
            "Arrivals from Abroad",
            units=("pupils/year",),
            kind=LeverKind.COUNT,
        ),
        LeverSpec(
            "retention",
            "reduction of leaving under age 30 by a retention programme (0.25 = a quarter less)",
            "share",
            0.0,
            1.0,
            "0",
            model_variable="Retention Effect",
            widget=Widget(5, 0.0, 0.01, 2),
        ),
        LeverSpec(
            "employer_contribution_rate",
            "employer's state social insurance contribution (VSAOI) as a share of gross pay",
            "share",
            0.0,
            0.6,
            "the data's published rate (23.59 % from 2021)",
            model_variable="Employer Contribution Rate",
        ),
        LeverSpec(
            "lowest_pay_rate",
            "lowest gross monthly pay of a general teacher's full load (36 h a week since "
            "2023/24), school-year mean: the pay-rate schedule",
            "EUR/month",
            0.0,
            10000.0,
            "the data's rates (1,373.76 from Jan 2024), held",
            model_variable="Lowest Pay Rate",
        ),
        LeverSpec(
            "lowest_pay_rate_preschool",
            "lowest gross monthly pay of a preschool teacher's 40 h load, school-year mean: "
            "the pay-rate schedule",
            "EUR/month",
            0.0,
            10000.0,
            "the data's rates (1,526 from Jan 2024), held",
            model_variable="Lowest Pay Rate Preschool",
        ),
        LeverSpec(
            "grant_rate_multiplier",
            "per-pupil state grant rates for teacher pay (school grade bands and preschool 5+) "
            "relative to the published rates",
            "ratio",
            0.0,
            5.0,
            "1 (the published rates, the last one held)",
            model_variable="Grant Rate Multiplier",
        ),
        LeverSpec(
            "programma_skola",
            'the "Programma skolā" switch: 1 = the state grant for teacher pay by curriculum '
            "hours and class groups (from the start year), 0 = today's per-pupil rates",
            "switch",
            0.0,
            1.0,
            "0 (the per-pupil rates)",
            model_variable="Programma Skola Switch",
            widget=Widget(6, 0.0, 1.0, 0),
        ),
        LeverSpec(
            "programma_skola_start_year",
            'first school year funded the "Programma skolā" way when its switch is on '
            "(2026 = 2026/27)",
            "year",
            2024.0,
            2100.0,
            f"{PROGRAMMA_START_YEAR} (full from September {PROGRAMMA_START_YEAR})",
            model_variable="Programma Skola Start Year",
            units=("years",),
        ),
        LeverSpec(
            "programma_secondary_minimum",
            '"Programma skolā" network criterion: minimum pupils in a secondary class group '
            "(grades 10-12) for state funding, less a 10 % tolerance",
            "persons",
            0.0,
            1000.0,
            f"{PROGRAMMA_SECONDARY_MINIMUM} (administrative centres; state cities 120, set by "
            "the scenario)",
            (Dim.REGION,),
            "Secondary Group Minimum",
            ("pupils",),
        ),
        LeverSpec(
            "programma_extra_funding",
            '"Programma skolā": state money a year beyond the curriculum formula (national, '
            "shared by the municipalities' formula grants)",
            "EUR/year",
            0.0,
            1e9,
            "0",
            model_variable="Programma Extra Funding",
        ),
    )
}
