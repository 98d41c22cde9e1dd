# ruff: noqa: E501  (addresses and data rows are kept on one line each)
"""Published figures the embedded dataset is built from, each with its address and grade.

Every number here was read at the address next to it (see
the project's reference notes ``latvia-public-figures.md``, ``curriculum-hours.md`` and
``teacher-age-subject.md`` for the excerpts, as data/README.md cites them). Grades: **A** official statistic or legal text,
**B** official figure reported by the press, **C** third-party compilation, **D** derived here by
arithmetic from cited figures. Nothing in this module is synthesized except where a constant's
comment says *assumption*; the synthesis itself lives in ``build_people`` and ``build_staff``.

Year convention: ``year`` is the calendar year in which the school year starts (2023 = 2023/24).
UNESCO UIS and Eurostat/OECD label a school year by the year it *ends*; those are shifted by one.
"""

from __future__ import annotations

from typing import NamedTuple

# --------------------------------------------------------------------------------------------
# Addresses
# --------------------------------------------------------------------------------------------
URL_WIKI_2025 = "https://wiki.munthe.me/content/wikipedia_en_all_maxi_2025-08/List_of_populated_places_in_Latvia"
URL_WIKI_2021 = "https://wikiclassic.com/wiki/Republican_cities_of_Latvia"
URL_SAULKRASTI = "https://jmediawiki.org/wiki/Saulkrasti_Municipality"
URL_VARAKLANI = (
    "https://eng.lsm.lv/article/politics/politics/"
    "14.06.2024-varaklani-madona-municipalities-merge.a557998"
)
URL_POP_2025 = (
    "https://www.thestar.com.my/news/world/2025/02/15/latvia039s-births-drop-132-pct-in-2024"
)
URL_IZM_2023 = "https://rekurzeme.lv/jaunaja-macibu-gada-635-izglitibas-iestades-skolas-solos-sedisies-ap-220-000-skolenu"
URL_DIENA_2019 = "https://dev.diena.lv/raksts/latvija/zinas/saja-macibu-gada-latvija-skolas-gaitas-uzsaka-214-521-skoleni-14226413"
URL_DIENA_2021 = "https://video.diena.lv/raksts/latvija/zinas/saja-macibu-gada-skolenu-skaits-pieaudzis-par-07-14267662"
URL_DIENA_2012 = (
    "https://dev.diena.lv/raksts/latvija/zinas/"
    "pedagogu-skaits-visparizglitojosajas-skolas-samazinajies-par-4000-14023035"
)
URL_EKLASE_2015 = "https://www.e-klase.lv/aktualitates/zinas/kops-gadsimta-sakuma-skolotaju-skaits-sarucis-par-piektdalu?id=10798"
URL_CSB_2009 = (
    "https://www.csb.gov.lv/en/statistics/statistics-by-theme/social-conditions/education/"
    "search-in-theme/287-current-events-education-statistics"
)
URL_LVPORTALS_2022 = "https://lvportals.lv/norises/343173-kur-paliek-skolotaja-profesiju-ieguvusie-augstskolu-absolventi-2022"
URL_DELFI_2003 = "https://rus.delfi.lv/57860/latvia/44440962/gazeta-naselenie-umenshaetsya-no-chinovnikov-stanovitsya-bolshe"
URL_UIS_PRM_TCHR = "http://www.indexmundi.com/facts/latvia/indicator/SE.PRM.TCHR"
URL_UIS_SEC_TCHR = "https://www.indexmundi.com/facts/latvia/indicator/SE.SEC.TCHR"
URL_UIS_PRM_ENRL = "https://querytab.com/dataset/latvia-primary-education-pupils/9453113"
URL_PRESS_2023 = "https://lat.press.lv/post/csp-pedejos-piecos-gados-sarucis-bernudarznieku-skaits"
URL_BIRTHS_UN = (
    "github rvvergara/advanced-web-developer-bootcamp-notes-examples-and-exercises "
    "(Section22-Intermediate-D3/histogram-starter-code/birthData.js)"
)
URL_BIRTHS_2012 = "https://delfi.lv/193/politics/44055887/latvija-nedaudz-vairak-par-diviem-miljoniem-cilveku-dzimstiba-pieaug"
URL_BIRTHS_2016 = "https://santa.lv/raksts/aktuali/jaundzimuso-skaits-latvija-samazinajies-cetrus-gadus-pec-kartas-31028"
URL_BIRTHS_2019 = "https://bbj.hu/region/births-drop-in-latvia-for-four-consecutive-years_177047"
URL_BIRTHS_2020 = (
    "https://www.err.ee/1608080419/lati-detsembri-sundide-arv-oli-viimase-saja-aasta-vaikseim"
)
URL_BIRTHS_2022 = "https://www.ekonomika.lv/2022-gada-viszemaka-dzimstiba-pedejos-100-gados/"
URL_BIRTHS_2024 = "https://latvia.news-pravda.com/en/latvia/2025/02/14/7626.html"
URL_TVNET_2018 = "https://www.tvnet.lv/6699615/apsauba-izm-datus-par-pedagogu-vakancu-skaitu"
URL_DELFI_MACITSPEKS_2020 = (
    "https://www.delfi.lv/calis/jaunumi/"
    "par-vienu-vietu-cinas-sesi-dazadu-jomu-specialisti-projekta-macitspeks-pieteikusies-612-kandidati.d?id=52167059"
)
URL_DELFI_MACITSPEKS_2021 = (
    "https://www.delfi.lv/news/national/politics/"
    "izm-no-programmas-macitspeks-ietaupito-naudu-ieguldis-studentu-merkstipendijas.d?id=53399065"
)
URL_EKLASE_MACITSPEKS_2022 = (
    "https://www.e-klase.lv/aktualitates/zinas/"
    "skolotaju-izglitibas-projekta-macitspeks-uzsak-macibas-vel-81-dalibnieks"
)
URL_ETM_2023 = "https://op.europa.eu/webpub/eac/education-and-training-monitor-2023/en/country-reports/latvia.html"
URL_LA_2022 = "https://www.la.lv/ka-aizlapit-robus-pedagogu-rindas"
URL_NEWSGHANA_2020 = (
    "https://newsghana.com.gh/latvia-short-of-teachers-ahead-of-new-school-year-education-ministry/"
)
URL_LVPORTALS_2023 = (
    "https://lvportals.lv/norises/352009-pedagogu-vakancu-aizpildisana-neiespejama-misija-2023"
)
URL_EBRARY_2012 = "https://ebrary.net/60491/education/teachers_school_leaders"
URL_RAINBOW_2013 = "https://rainbow-news.ru/?p=47193"
URL_EUROSTAT_2015 = (
    "https://ec.europa.eu/eurostat/de/c/portal/update_language?languageId=en_GB&p_l_id=5951739"
    "&redirect=%2Feurostat%2Fweb%2Fproducts-eurostat-news%2F-%2FEDN-20171004-1"
)
URL_OECD_EPO_2019 = "https://oecd.org/en/publications/education-policy-outlook-2019_2b8ad56e-en/full-report/component-32.html"
URL_EUROSTAT_2017 = "https://ec.europa.eu/eurostat/web/products-eurostat-news/-/EDN-20191004-1"
URL_TALIS_2018 = "http://www.baltic-course.com/eng/education/?doc=149918"
URL_EUROSTAT_2018 = (
    "https://ec.europa.eu/eurostat/web/products-eurostat-news/-/edn-20201005-1?language=hu"
)
URL_OECD_EAG_2023 = (
    "https://gpseducation.oecd.org/CountryProfile?plotter=h5&primaryCountry=LVA&treshold=5&topic=EO"
)
URL_TALIS_2024 = "https://ogreszinas.news/half-of-new-teachers-in-latvia-could-leave-the-profession-within-five-years"
URL_LSM_2015 = (
    "https://eng.lsm.lv/article/society/society/latvias-education-system-in-numbers.a144239/"
)
URL_LSM_LOADS_2024 = "https://eng.lsm.lv/article/society/education/07.03.2024-maximum-hours-limit-planned-for-teachers-in-latvia.a545762/"
URL_LIKME_30H = "https://www.baltictimes.com/215_000_children_went_to_school_today/"
URL_OECD_21_LESSONS = "https://ebrary.net/60494/education/remuneration_status_profession"
URL_LIKME_36H = (
    "https://www.tvnet.lv/7887583/"
    "lizda-rezeknes-pasvaldibas-nekorekto-aprekinu-del-pasliktinati-nodarbinatibas-apstakli-pasvaldibas-pedagogiem"
)
URL_PRESCHOOL_36H = (
    "https://lvportals.lv/e-konsultacijas/27397-pirmsskolas-pedagoga-darba-slodze-2022"
)
URL_PRESCHOOL_34H = "https://www.apollo.lv/7669574/bernudarzu-pedagogiem-zemaka-menesa-darba-algas-likme-bus-1070-eiro"
URL_RETIREMENT = "https://www.baltic-course.com/eng/legislation/?doc=58720"
URL_FORECAST_2023 = "https://imag.one/news/v-sleduyushchem-uchebnom-godu-v-latvii-budet/13641480"
URL_R40 = "https://www.r40vsk.lv/lv/macdarbs/izglprog/"


class Municipality(NamedTuple):
    """One municipality with its published population, if any.

    Attributes
    ----------
    atvk, name_lv, name_en, region, type : str
        Code, names, planning region (MK 418) and type (state city or novads).
    population : int or None
        Published residents, or None where none was found (synthesized).
    population_year : int
        Year the published population refers to (2025 for synthesized ones).
    grade : str
        Source grade of the published population ("" if none).
    source : str
        Address of the published population ("" if none).
    size_proxy : float
        Relative size used to split the unpublished remainder (thousands of residents;
        an *assumption* of approximate relative size, not a published figure).
    """

    atvk: str
    name_lv: str
    name_en: str
    region: str
    type: str
    population: int | None
    population_year: int
    grade: str
    source: str
    size_proxy: float


_S = "state_city"
_N = "novads"
#: The 42 municipalities (latvia-public-figures.md §1.1; Varakļāni merged into Madona).
MUNICIPALITIES: tuple[Municipality, ...] = (
    Municipality("LV0001000", "Rīga", "Riga", "Rīga", _S, 591882, 2025, "C", URL_WIKI_2025, 0),
    Municipality("LV0002000", "Daugavpils", "Daugavpils", "Latgale", _S, 78112, 2025, "C", URL_WIKI_2025, 0),
    Municipality("LV0003000", "Jelgava", "Jelgava", "Zemgale", _S, 54821, 2025, "C", URL_WIKI_2025, 0),
    Municipality("LV0004000", "Jūrmala", "Jūrmala", "Rīga", _S, 51933, 2025, "C", URL_WIKI_2025, 0),
    Municipality("LV0005000", "Liepāja", "Liepāja", "Kurzeme", _S, 67398, 2025, "C", URL_WIKI_2025, 0),
    Municipality("LV0006000", "Rēzekne", "Rēzekne", "Latgale", _S, 26425, 2025, "C", URL_WIKI_2025, 0),
    Municipality("LV0007000", "Ventspils", "Ventspils", "Kurzeme", _S, 32719, 2025, "C", URL_WIKI_2025, 0),
    Municipality("LV0020000", "Aizkraukles novads", "Aizkraukle Municipality", "Zemgale", _N, 29367, 2021, "C", URL_WIKI_2021, 0),
    Municipality("LV0021000", "Alūksnes novads", "Alūksne Municipality", "Vidzeme", _N, 13861, 2021, "C", URL_WIKI_2021, 0),
    Municipality("LV0022000", "Augšdaugavas novads", "Augšdaugava Municipality", "Latgale", _N, 25927, 2021, "C", URL_WIKI_2021, 0),
    Municipality("LV0023000", "Ādažu novads", "Ādaži Municipality", "Rīga", _N, 21134, 2021, "C", URL_WIKI_2021, 0),
    Municipality("LV0024000", "Balvu novads", "Balvi Municipality", "Latgale", _N, 19015, 2021, "C", URL_WIKI_2021, 0),
    Municipality("LV0025000", "Bauskas novads", "Bauska Municipality", "Zemgale", _N, 41755, 2021, "C", URL_WIKI_2021, 0),
    Municipality("LV0026000", "Cēsu novads", "Cēsis Municipality", "Vidzeme", _N, None, 2025, "", "", 41),
    Municipality("LV0027000", "Dienvidkurzemes novads", "South Kurzeme Municipality", "Kurzeme", _N, None, 2025, "", "", 33),
    Municipality("LV0028000", "Dobeles novads", "Dobele Municipality", "Zemgale", _N, None, 2025, "", "", 28),
    Municipality("LV0029000", "Gulbenes novads", "Gulbene Municipality", "Vidzeme", _N, None, 2025, "", "", 20),
    Municipality("LV0030000", "Jelgavas novads", "Jelgava Municipality", "Zemgale", _N, None, 2025, "", "", 31),
    Municipality("LV0031000", "Jēkabpils novads", "Jēkabpils Municipality", "Zemgale", _N, None, 2025, "", "", 42),
    Municipality("LV0032000", "Krāslavas novads", "Krāslava Municipality", "Latgale", _N, None, 2025, "", "", 21),
    Municipality("LV0033000", "Kuldīgas novads", "Kuldīga Municipality", "Kurzeme", _N, None, 2025, "", "", 30),
    Municipality("LV0034000", "Ķekavas novads", "Ķekava Municipality", "Rīga", _N, None, 2025, "", "", 32),
    Municipality("LV0035000", "Limbažu novads", "Limbaži Municipality", "Vidzeme", _N, None, 2025, "", "", 31),
    Municipality("LV0036000", "Līvānu novads", "Līvāni Municipality", "Latgale", _N, None, 2025, "", "", 11),
    Municipality("LV0037000", "Ludzas novads", "Ludza Municipality", "Latgale", _N, None, 2025, "", "", 22),
    Municipality("LV0038000", "Madonas novads", "Madona Municipality", "Vidzeme", _N, None, 2025, "", "", 30),
    Municipality("LV0039000", "Mārupes novads", "Mārupe Municipality", "Rīga", _N, None, 2025, "", "", 38),
    Municipality("LV0040000", "Ogres novads", "Ogre Municipality", "Vidzeme", _N, None, 2025, "", "", 57),
    Municipality("LV0041000", "Olaines novads", "Olaine Municipality", "Rīga", _N, None, 2025, "", "", 20),
    Municipality("LV0042000", "Preiļu novads", "Preiļi Municipality", "Latgale", _N, None, 2025, "", "", 17),
    Municipality("LV0043000", "Rēzeknes novads", "Rēzekne Municipality", "Latgale", _N, None, 2025, "", "", 27),
    Municipality("LV0044000", "Ropažu novads", "Ropaži Municipality", "Rīga", _N, None, 2025, "", "", 32),
    Municipality("LV0045000", "Salaspils novads", "Salaspils Municipality", "Rīga", _N, None, 2025, "", "", 23),
    Municipality("LV0046000", "Saldus novads", "Saldus Municipality", "Kurzeme", _N, None, 2025, "", "", 28),
    Municipality("LV0047000", "Saulkrastu novads", "Saulkrasti Municipality", "Vidzeme", _N, 9983, 2025, "C", URL_SAULKRASTI, 0),
    Municipality("LV0048000", "Siguldas novads", "Sigulda Municipality", "Rīga", _N, None, 2025, "", "", 31),
    Municipality("LV0049000", "Smiltenes novads", "Smiltene Municipality", "Vidzeme", _N, None, 2025, "", "", 19),
    Municipality("LV0051000", "Talsu novads", "Talsi Municipality", "Kurzeme", _N, None, 2025, "", "", 39),
    Municipality("LV0052000", "Tukuma novads", "Tukums Municipality", "Kurzeme", _N, None, 2025, "", "", 42),
    Municipality("LV0053000", "Valkas novads", "Valka Municipality", "Vidzeme", _N, None, 2025, "", "", 8),
    Municipality("LV0054000", "Valmieras novads", "Valmiera Municipality", "Vidzeme", _N, None, 2025, "", "", 52),
    Municipality("LV0056000", "Ventspils novads", "Ventspils Municipality", "Kurzeme", _N, None, 2025, "", "", 11),
)  # fmt: skip

#: National population on 1 Jan 2025 (CSP provisional), grade B.
NATIONAL_POPULATION_2025 = 1_853_000
#: Varakļāni residents on 1 Jan 2023 (PMLP register), grade B, added to Madona (LV0038000).
VARAKLANI_POPULATION = 3138
MADONA_ATVK = "LV0038000"
#: Fast-growing Pierīga novadi (IZM: <30 % of teachers aged 55+; teacher-age-subject.md §2).
YOUNG_TEACHER_ATVK = (
    "LV0023000",  # Ādaži
    "LV0034000",  # Ķekava
    "LV0039000",  # Mārupe
    "LV0045000",  # Salaspils
    "LV0044000",  # Ropaži
    "LV0041000",  # Olaine
    "LV0048000",  # Sigulda
)
#: IZM: >50 % of teachers approaching retirement (Alūksne, Krāslava).
OLD_TEACHER_ATVK = ("LV0021000", "LV0032000")

# --------------------------------------------------------------------------------------------
# Births (latvia-public-figures.md §3.4): year -> (births, grade, source). 2015 is missing.
# --------------------------------------------------------------------------------------------
BIRTHS: dict[int, tuple[int, str, str]] = {
    2000: (20302, "C", URL_BIRTHS_UN),
    2001: (19726, "C", URL_BIRTHS_UN),
    2002: (20127, "C", URL_BIRTHS_UN),
    2003: (21151, "C", URL_BIRTHS_UN),
    2004: (20551, "C", URL_BIRTHS_UN),
    2005: (21879, "C", URL_BIRTHS_UN),
    2006: (22871, "C", URL_BIRTHS_UN),
    2007: (23958, "C", URL_BIRTHS_UN),
    2008: (24397, "C", URL_BIRTHS_UN),
    2009: (22044, "C", URL_BIRTHS_UN),
    2010: (19781, "C", URL_BIRTHS_UN),
    2011: (18825, "C", URL_BIRTHS_UN),
    2012: (19897, "B", URL_BIRTHS_2012),
    2013: (20340, "B", URL_BIRTHS_2012),
    2014: (21746, "C", URL_BIRTHS_UN),
    2016: (21968, "B", URL_BIRTHS_2016),
    2017: (20828, "B", URL_BIRTHS_2016),
    2018: (19314, "B", URL_BIRTHS_2016),
    2019: (18589, "B", URL_BIRTHS_2019),
    2020: (17500, "B", URL_BIRTHS_2020),  # "~17500", provisional
    2021: (17420, "D", "D = 15535 + 1885 (" + URL_BIRTHS_2022 + ")"),
    2022: (15535, "B", URL_BIRTHS_2022),
    2023: (14490, "D", "D = 12571 + 1919 (" + URL_BIRTHS_2024 + ")"),
    2024: (12571, "B", URL_BIRTHS_2024),
}
BIRTH_YEARS = tuple(range(2000, 2025))

# --------------------------------------------------------------------------------------------
# Pupils (§3.1-3.2) and preschool (§3.3)
# --------------------------------------------------------------------------------------------
#: Pupils in grades 1-12, national totals by school year.
PUPIL_TOTALS: dict[int, tuple[int, str, str]] = {
    2016: (215152, "B", URL_DIENA_2019),
    2017: (215109, "B", URL_DIENA_2019),
    2018: (214904, "B", URL_DIENA_2019),
    2019: (214521, "B", URL_DIENA_2019),
    2021: (217500, "B", URL_DIENA_2021),
    2023: (220051, "B", URL_IZM_2023),
}
#: Pupils in one grade: (year, grade) -> (pupils, grade, source).
PUPIL_GRADE_POINTS: dict[tuple[int, int], tuple[int, str, str]] = {
    (2018, 1): (19179, "D", "D = 20024 - 845 (" + URL_DIENA_2019 + ")"),
    (2018, 9): (19129, "D", "D = 18783 + 346 (" + URL_DIENA_2019 + ")"),
    (2018, 12): (12437, "D", "D = 12059 + 378 (" + URL_DIENA_2019 + ")"),
    (2019, 1): (20024, "B", URL_DIENA_2019),
    (2019, 9): (18783, "B", URL_DIENA_2019),
    (2019, 12): (12059, "B", URL_DIENA_2019),
    (2021, 1): (21520, "B", URL_DIENA_2021),
    (2021, 7): (21611, "B", URL_DIENA_2021),
    (2021, 12): (12234, "B", URL_DIENA_2021),
    (2023, 1): (21584, "B", URL_IZM_2023),
}
#: Pupils in a group of grades: year -> ((first grade, last grade, pupils), ...), grade B.
PUPIL_GROUP_POINTS: dict[int, tuple[tuple[int, int, int], ...]] = {
    2021: ((1, 6, 118855), (7, 9, 62911), (10, 12, 35734)),
}
#: UIS ISCED 1 (grades 1-6) pupils, keyed by UIS year (= school year end), grade A.
UIS_ISCED1_PUPILS: dict[int, int] = {
    2007: 121345, 2008: 117129, 2009: 114236, 2010: 113691, 2011: 113668, 2012: 113410,
    2013: 114089, 2014: 114660, 2015: 117303, 2016: 120308, 2017: 121506, 2018: 121674,
    2019: 120787, 2020: 120051, 2021: 119274,
}  # fmt: skip
#: Grade 1 in 1998/99 and 1999/2000 (LDDK chart), grade C.
PUPIL_GRADE1_OLD: dict[int, int] = {1998: 34600, 1999: 31600}
URL_LDDK = "https://bb.lv/statja/nasha-latvija/2025/08/28/demograficeskaia-iama-dobralas-i-do-latviiskix-skol"

#: Children in preschool education, national totals: year -> (children, grade, source).
PRESCHOOL_TOTALS: dict[int, tuple[int, str, str]] = {
    2019: (100079, "B", URL_DIENA_2019),
    2021: (99410, "B", URL_DIENA_2021),
    2023: (94800, "B", URL_PRESS_2023),
}
#: Preschool children aged 5 and over (2019: "aged 5-6"), grade B.
PRESCHOOL_AGED_5PLUS: dict[int, int] = {2019: 42041, 2021: 44107, 2023: 41499}
#: Preschool children aged 4 in 2023, grade B.
PRESCHOOL_AGED_4: dict[int, int] = {2023: 18235}

# --------------------------------------------------------------------------------------------
# Teachers (§2) and vacancies (§2.5-2.6, §5.3)
# --------------------------------------------------------------------------------------------
#: Pedagogues in general education, 2023/24 (IZM provisional Aug 2023), grade B.
PEDAGOGUES_2023 = 25986
#: Preschool pedagogues 2023/24: ~11,800 (estimate, D; latvia-public-figures.md §7.10).
PRESCHOOL_TEACHERS_2023 = 11800
#: Vacant rates end Aug 2023 (IZM), grade B.
VACANCIES_SCHOOL_2023 = 661.0
VACANCIES_PRESCHOOL_2023 = 722.0
#: Published municipal vacancies end Aug 2023: atvk -> (preschool FTE, school FTE), grade B.
VACANCIES_BY_MUNICIPALITY_2023: dict[str, tuple[float, float]] = {
    "LV0001000": (447.0, 309.0),  # Rīga
    "LV0002000": (34.0, 32.0),  # Daugavpils
    "LV0003000": (23.0, 24.0),  # Jelgava
    "LV0021000": (11.0, 39.0),  # Alūksnes novads
}
#: Published subject vacancies end Aug 2023: maths 69 (B).
VACANCIES_MATHS_2023 = 69.0
#: ">20 each" for ENG, LAT, CS, SPO, DT (B); DT is not in the Feb 2023 forecast, so its
#: value is an *assumption* just above the published floor.
VACANCIES_DT_2023 = 24.0
#: Feb 2023 forecast of shortages for 1 Sep 2023 (335 of 617 schools), grade C, mapped to codes
#: (Latvian 190 + literature 118 -> LAT; physics+chemistry+biology 75 split 30/25/20, an
#: *assumption*).
VACANCY_FORECAST_FEB_2023: dict[str, float] = {
    "LAT": 190 + 118,
    "ENG": 135,
    "HIS": 75,
    "CS": 100,
    "PHY": 30,
    "CHE": 25,
    "BIO": 20,
    "SPO": 94,
}


class HistoryPoint(NamedTuple):
    """One published national figure for ``history.csv``."""

    series: str
    year: int
    value: float
    low: float | None
    high: float | None
    grade: str
    source: str


def _uis(series: str, url: str, values: dict[int, int]) -> list[HistoryPoint]:
    """UIS values keyed by the year the school year ends -> points keyed by its start."""
    return [HistoryPoint(series, y - 1, v, None, None, "A", url) for y, v in values.items()]


_UIS_ISCED1_TEACHERS = {
    2000: 8935, 2001: 8379, 2002: 7942, 2003: 7544, 2004: 7124, 2005: 6915, 2006: 6699,
    2007: 10989, 2008: 10541, 2009: 10934, 2010: 9566, 2011: 9959, 2012: 10296, 2013: 10221,
    2014: 10338, 2015: 10537, 2016: 10619, 2017: 10532, 2018: 10622, 2019: 10563,
}  # fmt: skip
_UIS_ISCED23_TEACHERS = {
    2000: 24819, 2001: 24386, 2002: 24492, 2003: 24767, 2004: 24989, 2005: 25124, 2006: 25202,
    2008: 18575, 2009: 18396, 2010: 16375, 2011: 16380, 2012: 15798, 2013: 15242, 2014: 14800,
    2015: 14661, 2016: 14369, 2017: 14189, 2018: 13986, 2019: 13436,
}  # fmt: skip

H = HistoryPoint
#: National calibration series (series, school-year start, value, low, high, grade, source).
HISTORY: tuple[HistoryPoint, ...] = (
    H("pedagogues_general", 2003, 31557, None, None, "B", URL_DELFI_2003),
    H("pedagogues_general", 2008, 32236, None, None, "B", URL_DIENA_2012),
    H("pedagogues_general", 2009, 28200, None, None, "A", URL_CSB_2009),
    H("pedagogues_general", 2012, 28221, None, None, "B", URL_DIENA_2012),
    H("pedagogues_general", 2013, 27411, None, None, "B", URL_DELFI_2003),
    H("pedagogues_general", 2023, PEDAGOGUES_2023, None, None, "B", URL_IZM_2023),
    H("teachers_general", 2000, 29262, None, None, "B", URL_EKLASE_2015),
    H("teachers_general", 2010, 23938, None, None, "B", URL_EKLASE_2015),
    H("teachers_general", 2014, 23038, None, None, "B", URL_EKLASE_2015),
    H("teachers_general", 2021, 20988, None, None, "B", URL_LVPORTALS_2022),
    *_uis("teachers_isced1", URL_UIS_PRM_TCHR, _UIS_ISCED1_TEACHERS),
    *_uis("teachers_isced2_3", URL_UIS_SEC_TCHR, _UIS_ISCED23_TEACHERS),
    *(H("pupils_1_12", y, v, None, None, g, u) for y, (v, g, u) in PUPIL_TOTALS.items()),
    H("pupils_grade_1", 1998, 34600, None, None, "C", URL_LDDK),
    H("pupils_grade_1", 1999, 31600, None, None, "C", URL_LDDK),
    *(
        H(f"pupils_grade_{gr}", y, v, None, None, g, u)
        for (y, gr), (v, g, u) in PUPIL_GRADE_POINTS.items()
        if gr in (1, 9, 12)
    ),
    *_uis("pupils_isced1", URL_UIS_PRM_ENRL, UIS_ISCED1_PUPILS),
    *(H("preschool_children", y, v, None, None, g, u) for y, (v, g, u) in PRESCHOOL_TOTALS.items()),
    H("preschool_teachers", 2023, PRESCHOOL_TEACHERS_2023, 11500, 12100, "D", "D: latvia-public-figures.md §7.10 (-11 %, -1,294 change)"),
    H("new_teachers", 2009, 134, None, None, "B", URL_DIENA_2012),
    H("new_teachers", 2012, 350, None, None, "B", URL_DIENA_2012),
    H("new_teachers", 2017, 400, 400, None, "B", URL_TVNET_2018),
    H("teacher_graduates", 2017, 1100, 1100, None, "B", URL_TVNET_2018),
    H("macitspeks_intake", 2020, 100, None, None, "B", URL_DELFI_MACITSPEKS_2020),
    H("macitspeks_intake", 2021, 93, None, None, "B", URL_DELFI_MACITSPEKS_2021),
    H("macitspeks_intake", 2022, 81, None, None, "B", URL_EKLASE_MACITSPEKS_2022),
    H("macitspeks_intake", 2023, 89, None, None, "B", URL_IZM_2023),
    H("schools_general", 2015, 815, None, None, "B", URL_LSM_2015),
    H("schools_general", 2018, 745, None, None, "B", URL_DIENA_2019),
    H("schools_general", 2019, 711, None, None, "B", URL_DIENA_2019),
    H("schools_general", 2021, 675, None, None, "B", URL_DIENA_2021),
    H("schools_general", 2023, 635, None, None, "B", URL_IZM_2023),
    H("vacancies_general_fte", 2018, 380, 151, 380, "B", URL_TVNET_2018),
    H("vacancies_general_fte", 2020, 320, 100, 320, "D", "D = 470 - 150 (" + URL_NEWSGHANA_2020 + ")"),
    H("vacancies_general_fte", 2022, 394, 367, 1030, "A", URL_ETM_2023),
    H("vacancies_general_fte", 2023, VACANCIES_SCHOOL_2023, None, 998, "B", URL_IZM_2023),
    H("vacancies_preschool_fte", 2020, 150, None, None, "B", URL_NEWSGHANA_2020),
    H("vacancies_preschool_fte", 2023, VACANCIES_PRESCHOOL_2023, None, None, "B", URL_IZM_2023),
    H("share_aged_under_30", 2011, 0.07, 0.06, 0.08, "D", "D = mean of ISCED1 8 % and ISCED2 6 % (" + URL_EBRARY_2012 + ")"),
    H("share_aged_50plus", 2011, 0.385, 0.35, 0.42, "D", "D = mean of ISCED1 35 % and ISCED2 42 % (" + URL_EBRARY_2012 + ")"),
    H("share_aged_50plus", 2012, 0.458, 0.412, 0.458, "C", URL_RAINBOW_2013),
    H("share_aged_50plus", 2014, 0.45, None, None, "A", URL_EUROSTAT_2015),
    H("share_aged_50plus", 2015, 0.507, None, None, "A", URL_OECD_EPO_2019),
    H("share_aged_50plus", 2016, 0.46, None, None, "A", URL_EUROSTAT_2017),
    H("share_aged_50plus", 2017, 0.51, None, None, "B", URL_TALIS_2018),
    H("share_aged_50plus", 2020, 0.57, None, None, "A", URL_OECD_EAG_2023),
    H("share_aged_65plus", 2017, 0.05, None, None, "A", URL_EUROSTAT_2018),
    H("share_near_retirement", 2020, 0.369, None, None, "A", URL_ETM_2023),
    H("share_novice", 2023, 0.13, 0.12, 0.17, "B", URL_TALIS_2024),
    H("share_working_pensioners", 2015, 0.0744, None, None, "B", URL_LSM_2015),
    H("share_over_one_rate", 2023, 0.34, None, None, "B", URL_LSM_LOADS_2024),
    H("share_under_half_rate", 2023, 0.25, None, None, "B", URL_LSM_LOADS_2024),
)  # fmt: skip
