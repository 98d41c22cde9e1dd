"""Report-ready tables: the one path from a result table to the files users download.

Every table the app, the packs and the CLI offer goes through `table_files` (or one of the
three encoders it calls), which writes:

``<stem>.xlsx``
    The report table (see `report_table`) on a sheet ``dati``/``data`` and a metadata sheet
    (`metadata_table`: scenario, model and data hashes, units, rounding, what is synthesized).
``<stem>_lv.csv`` / ``<stem>_en.csv``
    The same report table as CSV that opens correctly in the interface language's Excel:
    UTF-8 with BOM, and in Latvian ``;`` between fields and a decimal comma.
``<stem>.csv``
    The machine-readable tidy table for analysts: English column codes, ATVK and subject codes,
    calendar ``year``, decimal point, comma separated (`tidy_table`).

The report table has headers in the interface language with their units, municipality and
subject names beside their codes, school years as the interface writes them ("2025./2026.",
"2025/26") and values rounded to what the model can claim (`ROUNDING`, the one place that
decides it, in `ikm_sim.export_columns`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ikm_sim import export
from ikm_sim.atomic import staged_directory
from ikm_sim.data.schema import STATUSES, TABLES
from ikm_sim.export_columns import (
    COLUMN_KINDS,
    PERCENTILE_COLUMNS,
    PERSONS_PER_YEAR,
    PRICE_COLUMNS,
    UNIT_KEYS,
    YEAR_COLUMNS,
    column_label,
    is_float,
    person_columns,
    rounded,
    rounded_by_row,
    suppressed,
)
from ikm_sim.indicators.aggregate import teachers_by_age_group
from ikm_sim.indicators.shares import AGE_BAND_TEXTS
from ikm_sim.locale.formatting import check_lang, school_year_label
from ikm_sim.locale.i18n import TEXTS, lever_label, t

#: Columns that hold localized labels in chart data and repeat ``year`` (dropped in exports).
_DERIVED = ("school_year",)
#: Code column -> (name column, which names).
_NAMED = {"region": ("municipality", "municipalities"), "subject": ("subject_name", "subjects")}
#: Name columns other tables already carry beside a code (then none is added).
_NAME_ALIASES = {"region": ("region_name",), "subject": ()}
#: MIME type of the workbook.
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class TableContext:
    """What a table needs to be written for a report.

    Attributes
    ----------
    lang : {"lv", "en"}
        Interface language (headers, names, school years, the report CSV's separators).
    subjects, municipalities : mapping of str to str
        Display names by subject code and ATVK code in `lang` (a code without one stays).
    run_meta : mapping
        The run's provenance (`RunResult.meta`): scenario, model and data hashes, version.
    scenario_title : str
        The scenario's title in `lang`.
    data_status : pandas.DataFrame, optional
        ``table, status, rows``: data rows by provenance (`status_rows`).
    small_area : bool
        The tables are of one municipality (or finer): counts of persons from 1 to 4 are
        blanked in every download (`ikm_sim.export.suppress_small_cells`), with a flag
        column and, in the workbook, the rule in the metadata.
    """

    lang: str = "lv"
    subjects: Mapping[str, str] = field(default_factory=dict)
    municipalities: Mapping[str, str] = field(default_factory=dict)
    run_meta: Mapping[str, Any] = field(default_factory=dict)
    scenario_title: str = ""
    data_status: pd.DataFrame | None = None
    small_area: bool = False


def status_rows(dataset: Any) -> pd.DataFrame:
    """Count the rows of each table by provenance status.

    Parameters
    ----------
    dataset : ikm_sim.data.load.Dataset
        The loaded dataset.

    Returns
    -------
    pandas.DataFrame
        ``table, status, rows`` for every table that has a ``status`` column.
    """
    rows: list[tuple[str, str, int]] = []
    for name, table in TABLES.items():
        if "status" not in table.column_names:
            continue
        counts = dataset.table(name)["status"].value_counts()
        rows.extend((name, status, int(counts.get(status, 0))) for status in STATUSES)
    return pd.DataFrame(rows, columns=["table", "status", "rows"])


def table_context(
    dataset: Any | None,
    lang: str,
    run_meta: Mapping[str, Any] | None = None,
    scenario_title: str = "",
) -> TableContext:
    """Build the context of a report table from the dataset and the run.

    Parameters
    ----------
    dataset : ikm_sim.data.load.Dataset or None
        Source of the municipality and subject names and the provenance counts (None: codes
        only).
    lang : {"lv", "en"}
        Interface language.
    run_meta : mapping, optional
        The run's provenance.
    scenario_title : str
        The scenario's title in `lang`.

    Returns
    -------
    TableContext
    """
    lang = check_lang(lang)
    if dataset is None:
        return TableContext(lang, run_meta=dict(run_meta or {}), scenario_title=scenario_title)
    col = f"name_{lang}"
    subjects = dict(
        zip(dataset.subjects["code"].astype(str), dataset.subjects[col].astype(str), strict=True)
    )
    atvk = dataset.municipalities["atvk"].astype(str)
    munis = dict(zip(atvk, dataset.municipalities[col].astype(str), strict=True))
    return TableContext(
        lang, subjects, munis, dict(run_meta or {}), scenario_title, status_rows(dataset)
    )


def report_table(df: pd.DataFrame, ctx: TableContext) -> pd.DataFrame:
    """Return a table as it goes into a report.

    Headers in ``ctx.lang`` with units (`column_label`), municipality and subject names beside
    their codes, ``year`` as the school year ("2025./2026." / "2025/26"), provenance and flags
    in words, numbers rounded by `ROUNDING` (shares in %). Unknown columns keep their code;
    their floats are rounded to three decimals.

    Parameters
    ----------
    df : pandas.DataFrame
        A tidy result or chart table (English column codes).
    ctx : TableContext
        Language and names.

    Returns
    -------
    pandas.DataFrame
        A new table; numbers stay numbers (the encoders write the decimal mark).
    """
    lang = check_lang(ctx.lang)
    names = {"municipalities": ctx.municipalities, "subjects": ctx.subjects}
    df = suppressed(df) if ctx.small_area else df
    out: dict[str, pd.Series] = {}
    for column in df.columns:
        values = df[column]
        if column in _DERIVED and "year" in df.columns:
            continue
        if column in YEAR_COLUMNS and pd.api.types.is_numeric_dtype(values):
            out[column_label(column, lang)] = values.map(
                lambda y: school_year_label(int(y), lang) if pd.notna(y) else ""
            )
        elif column in PRICE_COLUMNS:
            out[column_label(column, lang)] = values.map(
                lambda b: t(f"fund_in_{b}", lang) if f"fund_in_{b}" in TEXTS else b
            )
        elif column == "lever" and "lever_name" not in df.columns:
            out[column_label("lever_name", lang)] = values.map(lambda v: lever_label(str(v), lang))
        elif column in PERCENTILE_COLUMNS and "variable" in df.columns and is_float(values):
            kinds = df["variable"].map(lambda v: COLUMN_KINDS.get(str(v), "fte_named"))
            out[column_label(column, lang)] = rounded_by_row(values, kinds)
        elif column in COLUMN_KINDS and pd.api.types.is_numeric_dtype(values):
            out[column_label(column, lang)] = rounded(values, COLUMN_KINDS[column], True)
        elif column == "status":
            out[column_label(column, lang)] = values.map(
                lambda s: t(f"status_{s}", lang) if f"status_{s}" in TEXTS else s
            )
        elif column == "age_group":
            out[column_label(column, lang)] = values.map(
                lambda g: t(AGE_BAND_TEXTS[g], lang) if g in AGE_BAND_TEXTS else g
            )
        elif column == "variable":
            out[column_label(column, lang)] = values.map(lambda v: column_label(str(v), lang))
        elif pd.api.types.is_bool_dtype(values):
            out[column_label(column, lang)] = values.map(lambda b: t("yes" if b else "no", lang))
        elif is_float(values):
            out[column_label(column, lang)] = rounded(values, "other", True)
        else:
            out[column_label(column, lang)] = values.astype(str) if column in _NAMED else values
        if column in _NAMED:
            name_column, which = _NAMED[column]
            if not {name_column, *_NAME_ALIASES[column]} & set(df.columns):
                mapping = names[which]
                out[column_label(name_column, lang)] = values.astype(str).map(
                    lambda c, m=mapping: m.get(c, c)
                )
    return pd.DataFrame(out, index=df.index).reset_index(drop=True)


def tidy_table(df: pd.DataFrame) -> pd.DataFrame:
    """Return the machine-readable table: codes, calendar ``year``, floats without noise.

    Parameters
    ----------
    df : pandas.DataFrame
        A tidy result or chart table.

    Returns
    -------
    pandas.DataFrame
        The same columns (a chart's ``school_year`` label kept beside ``year``, as the chart data
        always had it), floats rounded to the tidy precision of `ROUNDING`
        (``1.5999999999999943`` -> ``1.6``).
    """
    out = df.copy()
    for column in out.columns:
        if is_float(out[column]):
            out[column] = rounded(out[column], COLUMN_KINDS.get(column, "other"), False)
    return out.reset_index(drop=True)


def metadata_table(df: pd.DataFrame, ctx: TableContext, name: str) -> pd.DataFrame:
    """Return the metadata of a table: scenario, hashes, units, rounding, synthesized data.

    Parameters
    ----------
    df : pandas.DataFrame
        The tidy table (its columns give the units listed).
    ctx : TableContext
        Language, run provenance and data status.
    name : str
        The table's file stem.

    Returns
    -------
    pandas.DataFrame
        Two columns, field and value, in ``ctx.lang``.
    """
    lang = check_lang(ctx.lang)
    meta = ctx.run_meta
    scenario = meta.get("scenario") if isinstance(meta.get("scenario"), Mapping) else {}
    assert isinstance(scenario, Mapping)
    rows: list[tuple[str, str]] = [
        (t("meta_table", lang), name),
        (t("meta_scenario", lang), ctx.scenario_title or str(scenario.get("title_lv", "–"))),
        (t("meta_scenario_id", lang), str(scenario.get("name", "–"))),
        (t("meta_model", lang), str(meta.get("model_file", "–"))),
        (t("meta_model_hash", lang), str(meta.get("model_sha256", "–"))),
        (t("meta_data_hash", lang), str(meta.get("data_sha256", "–"))),
        (t("meta_version", lang), str(meta.get("package_version", "–"))),
        (t("meta_run_at", lang), str(meta.get("run_at", "–"))),
        (t("col_year", lang), t("meta_years", lang)),
    ]
    ensemble = meta.get("ensemble")
    if isinstance(ensemble, Mapping):
        rows.append((t("meta_ensemble", lang), t("meta_ensemble_text", lang, **ensemble)))
    for column in df.columns:
        kind = COLUMN_KINDS.get(column)
        if kind in UNIT_KEYS and column != "rows" and f"col_{column}" in TEXTS:
            unit = "unit_persons_year" if column in PERSONS_PER_YEAR else UNIT_KEYS[kind]
            long = "unit_fte_long" if kind == "fte" else unit
            rows.append((t("meta_unit", lang, column=t(f"col_{column}", lang)), t(long, lang)))
    rows.append((t("meta_rounding", lang), t("meta_rounding_text", lang)))
    if ctx.small_area and person_columns(df):
        rows.append((t("meta_suppression", lang), t("meta_suppression_text", lang)))
    rows.append((t("meta_synthesized", lang), t("meta_synthesized_text", lang)))
    if ctx.data_status is not None and not ctx.data_status.empty:
        totals = ctx.data_status.groupby("status")["rows"].sum()
        text = ", ".join(f"{t(f'status_{s}', lang)} {int(n)}" for s, n in totals.items())
        rows.append((t("meta_status_rows", lang), text))
    rows.append(("", t("meta_files", lang, stem=name)))
    return pd.DataFrame(rows, columns=[t("meta_field", lang), t("meta_value", lang)])


def report_csv(df: pd.DataFrame, ctx: TableContext) -> bytes:
    r"""Encode a table for a report as CSV that opens correctly in the language's Excel.

    Parameters
    ----------
    df : pandas.DataFrame
        The tidy table (passed through `report_table` here).
    ctx : TableContext
        Language and names.

    Returns
    -------
    bytes
        UTF-8 with BOM; Latvian: ``;`` separated with a decimal comma, English: comma
        separated with a decimal point.
    """
    table = report_table(df, ctx)
    sep, decimal = (";", ",") if check_lang(ctx.lang) == "lv" else (",", ".")
    text = table.to_csv(index=False, sep=sep, decimal=decimal, lineterminator="\n")
    return text.encode(export.CSV_ENCODING)


def tidy_csv(df: pd.DataFrame) -> bytes:
    """Encode the machine-readable tidy table (`tidy_table`) as CSV (comma, decimal point, BOM).

    Parameters
    ----------
    df : pandas.DataFrame
        The tidy table.

    Returns
    -------
    bytes
    """
    return export.table_csv(tidy_table(df))


def _cell(value: Any) -> Any:
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _write_sheet(workbook: Any, title: str, table: pd.DataFrame) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title[:31])
    sample = table.head(500).astype(str)
    for i, column in enumerate(table.columns, start=1):
        width = max([len(str(column)), *(sample[column].str.len().tolist() or [0])])
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(8, width + 2))
    sheet.freeze_panes = "A2"
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in table.itertuples(index=False, name=None):
        sheet.append([_cell(v) for v in row])


def report_xlsx(df: pd.DataFrame, ctx: TableContext, name: str) -> bytes:
    """Encode a table for a report as an Excel workbook with a metadata sheet.

    Parameters
    ----------
    df : pandas.DataFrame
        The tidy table (passed through `report_table` here).
    ctx : TableContext
        Language, names and provenance.
    name : str
        The table's file stem (named on the metadata sheet).

    Returns
    -------
    bytes
        XLSX data: sheet ``dati``/``data`` (numbers as numbers) and ``metadati``/``metadata``.
    """
    from openpyxl import Workbook

    lang = check_lang(ctx.lang)
    workbook = Workbook(write_only=True)
    _write_sheet(workbook, t("data_sheet", lang), report_table(df, ctx))
    _write_sheet(workbook, t("meta_sheet", lang), metadata_table(df, ctx, name))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_names(stem: str, lang: str) -> dict[str, str]:
    """Return the file names of a table's three downloads.

    Parameters
    ----------
    stem : str
        File name stem.
    lang : {"lv", "en"}
        Interface language (the report CSV carries it).

    Returns
    -------
    dict
        ``{"xlsx": "<stem>.xlsx", "report_csv": "<stem>_lv.csv", "tidy_csv": "<stem>.csv"}``.
    """
    return {
        "xlsx": f"{stem}.xlsx",
        "report_csv": f"{stem}_{check_lang(lang)}.csv",
        "tidy_csv": f"{stem}.csv",
    }


def table_file(df: pd.DataFrame, kind: str, ctx: TableContext, stem: str) -> bytes:
    """Encode one of a table's downloads.

    Parameters
    ----------
    df : pandas.DataFrame
        The tidy table.
    kind : {"xlsx", "report_csv", "tidy_csv"}
        Which download.
    ctx : TableContext
        Language, names and provenance.
    stem : str
        File name stem (named in the workbook's metadata).

    Returns
    -------
    bytes

    Raises
    ------
    ValueError
        If `kind` is not one of the three.
    """
    if kind == "xlsx":
        return report_xlsx(df, ctx, stem)
    if kind == "report_csv":
        return report_csv(df, ctx)
    if kind == "tidy_csv":
        return tidy_csv(suppressed(df) if ctx.small_area else df)
    raise ValueError(f"unknown table download {kind!r}; use xlsx, report_csv or tidy_csv")


def table_files(
    df: pd.DataFrame, stem: str, ctx: TableContext, xlsx: bool = True
) -> dict[str, bytes]:
    """Encode every download of a table: report XLSX, report CSV and tidy CSV.

    Parameters
    ----------
    df : pandas.DataFrame
        The tidy table.
    stem : str
        File name stem.
    ctx : TableContext
        Language, names and provenance.
    xlsx : bool
        Also write the workbook.

    Returns
    -------
    dict of str to bytes
        File name -> contents (see `file_names`).
    """
    out = {}
    for kind, file_name in file_names(stem, ctx.lang).items():
        if kind != "xlsx" or xlsx:
            out[file_name] = table_file(df, kind, ctx, stem)
    return out


def write_report_tables(result: Any, out_dir: Path, ctx: TableContext) -> list[str]:
    """Write a run's report-ready tables (XLSX, report CSV, tidy CSV) to `out_dir`, atomically.

    Parameters
    ----------
    result : ikm_sim.runner.RunResult
        The run.
    out_dir : pathlib.Path
        Directory to write to (created; files of the same names are replaced all at once).
    ctx : TableContext
        Language, names and provenance.

    Returns
    -------
    list of str
        The names of the files written.
    """
    tables = {
        "valsts_kopsavilkums": result.national(),
        "pasvaldibas_prieksmeti": result.supply_demand,
        "pedagogi_pec_vecuma": teachers_by_age_group(result.teachers_by_age),
        "skoleni": result.pupils,
    }
    written: list[str] = []
    with staged_directory(out_dir) as tmp:
        for stem, frame in tables.items():
            for file_name, contents in table_files(frame, stem, ctx).items():
                (tmp / file_name).write_bytes(contents)
                written.append(file_name)
    return written
