"""The ``funding`` table: published money figures of teacher pay, target grants and supply.

Every figure comes from ``shared/reference/latvia-funding.md`` with the address it was read at
and its grade (A official, B official via press, C third party, D derived here). The data end
with school year 2023/24: figures in force after August 2024 are stored only when they were
published earlier as a plan or draft (``plan = true``); they are never fitted. Derived rows give
their formula in the note.
"""

from __future__ import annotations

import pandas as pd

from ikm_sim.data.schema import FUNDING_ITEMS

URL_GRANT_2022 = (
    "https://jauns.lv/raksts/zinas/507958-valdiba-pienem-jauno-pedagogu-darba-samaksas-"
    "dotaciju-aprekinu-un-sadales-modeli"
)
URL_MK786 = (
    "https://tapportals.mk.gov.lv/structuralizer/data/nodes/"
    "1e1bc155-1868-49b5-a593-33cea3e56f14/preview"
)
URL_MK208 = (
    "https://tapportals.mk.gov.lv/structuralizer/data/nodes/"
    "60516c19-de52-4090-83a0-5ced1f1fee91/preview"
)
URL_MK814 = "https://m.likumi.lv/ta/id/348676"
URL_PAY_2016 = (
    "http://jauns.lv/raksts/zinas/260355-valdiba-nespej-vienoties-par-ieverojamu-algu-celsanu-"
    "skolotajiem"
)
URL_PAY_2018 = "http://www.baltic-course.com/eng/good_for_business/?doc=143220"
URL_FM_PROGRAMME = "https://www.fm.gov.lv/lv/1-izglitibas-funkciju-istenosana"
URL_PAY_2021 = (
    "https://www.ventspilnieks.lv/zinas/pirmsskolas-izglitibas-pedagogiem-no-septembra-pieaugs-"
    "lidz-872-eiro/"
)
URL_PAY_2022 = "https://tapportals.mk.gov.lv/annotation/e72eb61d-4c79-4df3-904f-4d768023e8f1"
URL_PAY_2023 = (
    "https://www.ogrenet.lv/kultura/pedagogiem-no-1-septembra-pieaugs-zemaka-stundas-likme-6071"
)
URL_PAY_2024 = (
    "https://izm.gov.lv/lv/jaunums/no-1-janvara-palielinasies-pedagogu-atalgojums-sagatavots-"
    "jaunais-atalgojuma-modelis"
)
URL_SCHEDULE_2023 = (
    "https://delfi.lv/193/politics/55439928/pedagogu-darba-samaksas-celsanai-sogad-papildus-"
    "novirzis-11-89-miljonus-eiro"
)
URL_DRAFT_2027 = (
    "https://jauns.lv/raksts/zinas/686681-izglitibas-un-zinatnes-ministrija-saskanosanai-virza-"
    "ieceri-pedagogu-algas-grafiku-turpinat-no-2027-gada-sakuma"
)
URL_AVERAGE_PAY = (
    "https://www.la.lv/daudz-vai-maz-videjais-skolotaju-atalgojums-par-slodzi-sasniedz-1478-eiro-"
    "menesi"
)
URL_VSAOI_2014 = "http://digra.lv/lv/vsaoi.html"
URL_VSAOI_2018 = (
    "https://www.baltikon.lv/lv/nodoklu-info-lv/valsts-socialas-apdrosinasanas-iemaksu-likmes-"
    "2017-2019-gada/"
)
URL_VSAOI_2021 = "https://www.vid.gov.lv/lv/valsts-socialas-apdrosinasanas-obligato-iemaksu-likmes"
URL_FM_2023 = "https://www.fm.gov.lv/lv/1-izglitibas-funkciju-istenosana-2023gads"
URL_FM_2020_SP05 = (
    "https://www.fm.gov.lv/lv/050000-merkdotacijas-pasvaldibam-pasvaldibu-izglitibas-iestazu-"
    "pedagogu-darba-samaksai-un-valsts-socialas-apdrosinasanas-obligatajam-iemaksam-4"
)
URL_FM_2019_SP10 = (
    "https://www.fm.gov.lv/lv/100000-merkdotacijas-pasvaldibam-pasvaldibu-izglitibas-iestades-"
    "bernu-no-piecu-gadu-vecuma-izglitosana-nodarbinato-pedagogu-darba-samaksai-un-valsts-"
    "socialas-apdrosinasanas-obligatajam-iemaksam-3"
)
URL_FM_2024 = "https://fm.gov.lv/lv/1-izglitibas-funkciju-istenosana-mp-2024gads"
URL_FM_2025_SP05 = (
    "https://fm.gov.lv/lv/050000-merkdotacijas-pasvaldibam-pasvaldibu-izglitibas-iestazu-"
    "pedagogu-darba-samaksai-un-valsts-socialas-apdrosinasanas-obligatajam-iemaksam-mp-2025gads"
)
URL_PLACES = "https://www.la.lv/budzeta-vietas-pedagogiem-daudz-vai-maz"
URL_PLACE_COST_2017 = (
    "http://jauns.lv/raksts/zinas/259403-varetu-sarukt-budzeta-vietu-skaits-latvijas-augstskolas"
)
URL_PLACE_COST_2018 = "https://www.ventspilnieks.lv/zinas/valsts-sogad-finanse-548-studiju-vietas-ventspils-augstskola/"
URL_MK994 = (
    "https://tapportals.mk.gov.lv/structuralizer/data/nodes/1ecf8453-31c8-4563-8309-df066e53aaad"
)
URL_STIPEND_2023 = (
    "https://www.lizda.lv/current_events/valdiba-sodien-lemusi-par-300-eiro-stipendijas-"
    "pieskirsanu-485-programmu-grupas-pedagogu-izglitiba-studejosajiem/"
)
URL_STIPEND_MA = (
    "https://izm.gov.lv/lv/jaunums/veiktas-izmainas-saistiba-ar-toposo-pedagogu-stipendiju-"
    "sanemsanu"
)
URL_MACITSPEKS_COST = (
    "https://www.delfi.lv/news/national/politics/izm-no-programmas-macitspeks-ietaupito-naudu-"
    "ieguldis-studentu-merkstipendijas.d?id=53399065"
)
URL_MACITSPEKS_BUDGET = (
    "https://www.tvnet.lv/7918805/ministrija-nesaredz-interesu-konfliktu-sledzot-memorandu-ar-"
    "caksas-padomnieces-vadito-nodibinajumu"
)

URL_PRICES_2022 = (
    "https://www.em.gov.lv/en/article/last-year-inflation-was-influenced-increase-world-energy-"
    "and-food-prices-year-increase-prices-will-stabilise"
)
URL_PRICES_2023 = (
    "https://ogreszinas.news/prices-of-food-and-non-alcoholic-beverages-group-up-by-2-7-in-latvia"
)

#: Weekly hours and weeks a month behind a monthly pay figure: monthly = hourly x hours x 4.
WEEKS_PER_MONTH = 4
GENERAL_LOAD_HOURS_2023 = 36

#: (item, effective, plan, value, status, grade, source, note).
FundingRow = tuple[str, str, bool, float, str, str, str, str]

_GRANT_BANDS = (
    "grant_rate_preschool_5plus",
    "grant_rate_grades_1_6",
    "grant_rate_grades_7_9",
    "grant_rate_grades_10_12",
)
#: Monthly grant per pupil by band (MK 376 and amendments; later rates are after 2023/24).
GRANT_RATES: tuple[tuple[str, tuple[float, float, float, float], str, str, str], ...] = (
    ("2022-09", (82.0, 94.0, 121.0, 130.0), "B", URL_GRANT_2022, "preschool 80, raised to 82"),
    ("2023-01", (92.5, 104.0, 134.0, 144.0), "A", URL_MK786, "MK 786 (13.12.2022)"),
    ("2023-09", (105.15, 108.64, 139.99, 150.43), "A", URL_MK208, "MK 208; preschool: press"),
    ("2024-01", (129.44, 121.93, 157.12, 168.84), "A", URL_MK814, "MK 814 (19.12.2023)"),
)


def _grant_rows() -> list[FundingRow]:
    return [
        (item, effective, False, value, "published", grade, source, note)
        for effective, values, grade, source, note in GRANT_RATES
        for item, value in zip(_GRANT_BANDS, values, strict=True)
    ]


def _pay_rows() -> list[FundingRow]:
    full, pre, hourly = (
        "lowest_pay_full_load",
        "lowest_pay_full_load_preschool",
        "lowest_pay_hourly",
    )
    h36 = GENERAL_LOAD_HOURS_2023 * WEEKS_PER_MONTH
    pub, der = "published", "derived"
    return [
        (full, "2016-09", False, 680.0, pub, "B", URL_PAY_2016, "30 h load"),
        (pre, "2016-09", False, 620.0, pub, "B", URL_PAY_2016, "40 h load"),
        (pre, "2017-09", False, 680.0, pub, "B", URL_PAY_2016, "40 h load"),
        (full, "2018-09", False, 710.0, pub, "B", URL_PAY_2018, "30 h load"),
        (full, "2019-09", False, 750.0, pub, "A", URL_FM_PROGRAMME, "30 h load"),
        (full, "2020-09", False, 790.0, pub, "B", URL_PAY_2021, "planned; date unconfirmed"),
        (full, "2021-09", False, 830.0, pub, "B", URL_PAY_2021, "30 h load"),
        (pre, "2021-09", False, 872.0, pub, "B", URL_PAY_2021, "40 h load"),
        (full, "2022-09", False, 900.0, pub, "A", URL_PAY_2022, "30 h load"),
        (pre, "2022-09", False, 970.0, pub, "A", URL_PAY_2022, "40 h load"),
        (hourly, "2023-09", False, 8.50, pub, "B", URL_PAY_2023, "general teachers"),
        (full, "2023-09", False, 1224.0, pub, "B", URL_PAY_2023, "36 h load = 8.50 x 36 x 4"),
        (pre, "2023-09", False, 1240.0, pub, "B", URL_PAY_2023, "40 h load = 7.75 x 40 x 4"),
        (hourly, "2024-01", False, 9.54, pub, "A", URL_PAY_2024, "all pedagogues"),
        (full, "2024-01", False, 9.54 * h36, der, "D", URL_PAY_2024, "36 h load = 9.54 x 36 x 4"),
        (pre, "2024-01", False, 1526.0, pub, "A", URL_PAY_2024, "40 h load"),
        ("lowest_pay_40h", "2024-01", False, 1526.0, pub, "A", URL_PAY_2024, "40 h load"),
        # the schedule of Apr 2023 (Sep 2023-Dec 2025) and the draft steps 2027-2030: plans
        (hourly, "2025-01", True, 10.35, pub, "B", URL_SCHEDULE_2023, "schedule of Apr 2023"),
        (full, "2025-01", True, 10.35 * h36, der, "D", URL_SCHEDULE_2023, "36 h = 10.35 x 36 x 4"),
        *(
            (
                "lowest_pay_40h",
                f"{year}-01",
                True,
                value,
                pub,
                "B",
                URL_DRAFT_2027,
                "draft (+5.75 %/yr)",
            )
            for year, value in ((2027, 1656.0), (2028, 1751.0), (2029, 1852.0), (2030, 1958.0))
        ),
        (
            "average_pay_full_load",
            "2023-09",
            False,
            1478.0,
            pub,
            "B",
            URL_AVERAGE_PAY,
            "municipal general schools, tarification at 15 Oct 2023",
        ),
        ("employer_contribution_rate", "2014-01", False, 23.59, pub, "B", URL_VSAOI_2014, ""),
        ("employer_contribution_rate", "2018-01", False, 24.09, pub, "B", URL_VSAOI_2018, ""),
        ("employer_contribution_rate", "2021-01", False, 23.59, pub, "A", URL_VSAOI_2021, ""),
    ]


#: Sub-programme series (FM budget explanations): (year, item, value, plan, source, note).
SUBPROGRAMMES: tuple[tuple[int, str, float, bool, str, str], ...] = (
    (2018, "sp05_eur", 256915842, False, URL_FM_PROGRAMME, "execution"),
    (2018, "sp05_fte", 20030, False, URL_FM_PROGRAMME, "execution"),
    (2018, "sp10_eur", 29337970, False, URL_FM_PROGRAMME, "execution"),
    (2018, "sp10_fte", 2693, False, URL_FM_PROGRAMME, "execution"),
    (2019, "sp05_eur", 267026123, True, URL_FM_PROGRAMME, "plan"),
    (2019, "sp05_fte", 19899, True, URL_FM_PROGRAMME, "plan"),
    (2019, "sp10_eur", 32215227, False, URL_FM_2019_SP10, "execution"),
    (2019, "sp10_fte", 2315, False, URL_FM_2019_SP10, "execution"),
    (2020, "sp05_eur", 286953929, False, URL_FM_2020_SP05, "execution"),
    (2020, "sp10_eur", 34406865, True, URL_FM_2020_SP05, "plan"),
    (2020, "sp10_fte", 2881, True, URL_FM_2020_SP05, "plan"),
    (2021, "sp05_eur", 308063820, False, URL_FM_2023, "execution"),
    (2021, "sp05_fte", 19899, False, URL_FM_2023, "execution"),
    (2021, "sp10_eur", 40931046, True, URL_FM_2023, "plan"),
    (2021, "sp10_fte", 3551, True, URL_FM_2023, "plan"),
    (2022, "sp05_eur", 327716473, False, URL_FM_2024, "as shown on the 2024 budget page"),
    (2022, "sp05_fte", 19906, False, URL_FM_2024, "as shown on the 2024 budget page"),
    (2022, "sp10_eur", 45853488, False, URL_FM_2024, "as shown on the 2024 budget page"),
    (2022, "sp10_fte", 3561, False, URL_FM_2024, "as shown on the 2024 budget page"),
    (2023, "sp05_eur", 396969832, True, URL_FM_2024, "plan"),
    (2023, "sp05_eur", 399759108, False, URL_FM_2025_SP05, "execution"),
    (2023, "sp05_fte", 20164, True, URL_FM_2024, "plan"),
    (2023, "sp10_eur", 55302936, True, URL_FM_2024, "plan"),
    (2023, "sp10_fte", 3567, True, URL_FM_2024, "plan"),
    # budget plans for the years after the data (published before; never fitted)
    (2024, "sp05_eur", 469140318, True, URL_FM_2024, "plan"),
    (2024, "sp05_fte", 18723, True, URL_FM_2024, "plan"),
    (2024, "sp10_eur", 75770089, True, URL_FM_2024, "plan"),
    (2024, "sp10_fte", 3531, True, URL_FM_2024, "plan"),
    (2025, "sp05_eur", 472197088, True, URL_FM_2025_SP05, "plan"),
    (2025, "sp10_eur", 74325697, True, URL_FM_2024, "forecast in the 2024 budget"),
    (2026, "sp05_eur", 472712620, True, URL_FM_2025_SP05, "plan/forecast"),
    (2026, "sp10_eur", 74325697, True, URL_FM_2024, "forecast in the 2024 budget"),
    (2027, "sp05_eur", 471854943, True, URL_FM_2025_SP05, "plan"),
)

#: Study-place base cost (EUR per place and year, 2018) x the teacher-education coefficient.
PLACE_BASE_COST_2018 = 1458.51
TEACHER_COST_COEFFICIENT = 1.7


def _study_place_rows() -> list[FundingRow]:
    """Funded places in teacher education and what a place costs."""
    return [
        (
            "funded_study_places_teacher",
            "2021-09",
            False,
            1995.0,
            "published",
            "B",
            URL_PLACES,
            "all study years",
        ),
        (
            "funded_study_places_teacher",
            "2022-09",
            False,
            1968.0,
            "published",
            "B",
            URL_PLACES,
            "all study years; 100 of them for Mācītspēks",
        ),
        (
            "funded_study_places_macitspeks",
            "2022-09",
            False,
            100.0,
            "published",
            "B",
            URL_PLACES,
            "the Mācītspēks places among the 1,968 (paid through its cost per participant)",
        ),
        (
            "study_place_base_cost",
            "2017-01",
            False,
            1393.33,
            "published",
            "B",
            URL_PLACE_COST_2017,
            "",
        ),
        (
            "study_place_base_cost",
            "2018-01",
            False,
            PLACE_BASE_COST_2018,
            "published",
            "B",
            URL_PLACE_COST_2018,
            "",
        ),
        (
            "study_cost_coefficient_teacher",
            "2018-01",
            False,
            TEACHER_COST_COEFFICIENT,
            "published",
            "A",
            URL_MK994,
            "MK 994 annex 1, 'Skolotāju izglītība'; the date is that of the base cost",
        ),
        (
            "cost_per_teacher_place",
            "2018-01",
            False,
            PLACE_BASE_COST_2018 * TEACHER_COST_COEFFICIENT,
            "derived",
            "D",
            URL_PLACE_COST_2018,
            "= 1458.51 x 1.7 (2018 prices)",
        ),
    ]


def _support_rows() -> list[FundingRow]:
    """Stipends for future teachers and the cost of Mācītspēks."""
    return [
        (
            "stipend_pedagogy_monthly",
            "2023-09",
            False,
            300.0,
            "published",
            "B",
            URL_STIPEND_2023,
            "10 months a year; 485 students in autumn 2023",
        ),
        (
            "stipend_work_based_monthly",
            "2024-01",
            False,
            300.0,
            "published",
            "A",
            URL_STIPEND_MA,
            "12 months a year, work-based MA 'Skolotājs'",
        ),
        (
            "macitspeks_cost_per_participant",
            "2021-01",
            False,
            10000.0,
            "published",
            "B",
            URL_MACITSPEKS_COST,
            "about 10,000 per teacher",
        ),
        (
            "macitspeks_budget_total",
            "2019-01",
            False,
            2.2e6,
            "published",
            "B",
            URL_MACITSPEKS_BUDGET,
            "EU structural funds, total 2019-2023",
        ),
    ]


def _supply_rows() -> list[FundingRow]:
    return [*_study_place_rows(), *_support_rows()]


def _price_rows() -> list[FundingRow]:
    """Yearly average change of consumer prices (CSP), % (later years are after the data)."""
    return [
        (
            "consumer_price_change",
            "2022-01",
            False,
            17.3,
            "published",
            "A",
            URL_PRICES_2022,
            "annual average consumer price change 2022 (CSP, via the Ministry of Economics)",
        ),
        (
            "consumer_price_change",
            "2023-01",
            False,
            8.9,
            "published",
            "B",
            URL_PRICES_2023,
            "annual average consumer price change 2023 (CSP)",
        ),
    ]


def build_funding() -> pd.DataFrame:
    """Return the ``funding`` table (see the module docstring and ``data/README.md``).

    Returns
    -------
    pandas.DataFrame
        Columns of ``TABLES["funding"]``; the unit of every row is that of its item.
    """
    rows = [*_grant_rows(), *_pay_rows(), *_supply_rows(), *_price_rows()]
    rows += [
        (item, f"{year}-01", plan, float(value), "published", "A", source, note)
        for year, item, value, plan, source, note in SUBPROGRAMMES
    ]
    frame = pd.DataFrame(
        rows,
        columns=["item", "effective", "plan", "value", "status", "source_grade", "source", "note"],
    )
    frame["value"] = frame["value"].astype(float).round(4)
    frame["note"] = frame["note"].replace("", None)
    frame["unit"] = frame["item"].map(FUNDING_ITEMS)
    return frame
