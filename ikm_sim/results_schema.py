"""The column contract of results: defined once, used by the runner, exports, charts and app."""

from __future__ import annotations

from enum import StrEnum


class ResultFormat(StrEnum):
    """File format of written result tables: CSV for everyone, Parquet for analysts."""

    CSV = "csv"
    PARQUET = "parquet"


#: Per year, municipality and subject (the main forecast table, ``supply_demand.csv``).
SUPPLY_DEMAND_COLUMNS = (
    "year",
    "region",
    "subject",
    "demand_fte",
    "supply_fte",
    "gap_fte",
    "vacancies_fte",
    "hires",
    "leavers",
    "retirements",
    "teachers",
    "share_60plus",
    "entrants_needed",
)
#: Pupils by year, municipality and grade (``pupils.csv``).
PUPILS_COLUMNS = ("year", "region", "grade", "pupils")
#: Children in preschool by year, municipality and age (``preschool.csv``).
PRESCHOOL_COLUMNS = ("year", "region", "age", "children")
#: Teachers (headcount) by year, municipality, subject and age (``teachers_by_age.csv``).
TEACHERS_BY_AGE_COLUMNS = ("year", "region", "subject", "age", "teachers")
#: Money by year (``funding.csv``), nominal EUR a year. Three kinds of row: a municipality and a
#: subject (the wage bill of its FTE worked); a municipality with an empty subject (the wage bill
#: of the teachers the state target grant is for: school pedagogues and preschool teachers of
#: children aged 5-6; the grant; the top-up = wage bill - grant, negative where the grant
#: exceeds it); and the national row with both empty (their sums and the supply cost).
FUNDING_COLUMNS = (
    "year",
    "region",
    "subject",
    "wage_bill_eur",
    "grant_eur",
    "top_up_eur",
    "supply_cost_eur",
)

#: Units of the numeric result columns, for chart axes, tables and exports.
UNITS = {
    "demand_fte": "FTE",
    "supply_fte": "FTE",
    "gap_fte": "FTE",
    "vacancies_fte": "FTE",
    "hires": "persons/year",
    "leavers": "persons/year",
    "retirements": "persons/year",
    "teachers": "persons",
    "share_60plus": "share",
    "entrants_needed": "persons/year",
    "pupils": "persons",
    "children": "persons",
    "wage_bill_eur": "EUR/year",
    "grant_eur": "EUR/year",
    "top_up_eur": "EUR/year",
    "supply_cost_eur": "EUR/year",
}
