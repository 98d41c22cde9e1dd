"""The export pack: one ZIP with charts, tables, the scenario YAML, run.json and a note.

Layout of the archive::

    grafiki/<name>.png|.svg|.pdf     every chart, rendered offline (vl-convert)
    tabulas/<name>.xlsx              every table for a report, with a metadata sheet
    tabulas/<name>_lv.csv            the same for a Latvian Excel (";", decimal comma, BOM)
    tabulas/<name>.csv               the machine-readable tidy table (codes, decimal point)
    scenarijs.yaml                   the scenario that was run
    run.json                         provenance of the run (model and data hashes, parameters)
    PIEŅĒMUMI.md                     a short note in Latvian: data status, levers, versions

Tables marked for publication (`PackTable.publish`) pass through
`ikm_sim.export.suppress_small_cells` first: counts of 1–4 persons at municipality × subject
level are blanked. Every table is written by `ikm_sim.export_tables.table_files`, the one
path of report-ready tables.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from ikm_sim import export
from ikm_sim.export_tables import TableContext, table_files

#: Name of the assumptions note in the pack.
NOTE_NAME = "PIEŅĒMUMI.md"
#: Latvian names of the levers, for the note.
LEVER_NAMES_LV = {
    "relative_pay": "Pedagogu alga pret vidējo algu (2023 = 1)",
    "training_places": "Finansēto studiju vietu indekss (šodien = 1)",
    "additional_training_places": "Papildu studiju vietas gadā",
    "macitspeks_intake": "Programmas “Mācītspēks” uzņemšana gadā",
    "retirement_age": "Pensionēšanās vecums, gadi",
    "pensioner_rule": "Strādājošo pensionāru aiziešanas reizinātājs",
    "lesson_share": "Mācību stundu daļa likmē",
    "likme_hours": "Stundas vienā likmē nedēļā",
    "consolidation": "Skolu tīkla konsolidācija (klases lielums pret šodienu)",
    "children_per_preschool_fte": "Bērni uz vienu pirmsskolas pedagoga likmi",
    "curriculum": "Mācību stundu apjoms pret šodienu",
    "language_exit_rate": "Aiziešana valodas prasību dēļ, daļa gadā",
    "births": "Dzimstība pret izvēlēto variantu",
    "births_variant": "Dzimstības prognozes variants",
    "net_migration": "Papildu neto migrācija, daļa gadā",
    "pupil_arrivals": "Skolēni, kas ierodas no ārvalstīm, gadā (virs vēsturiskajām attiecībām)",
    "retention": "Jauno pedagogu aiziešanas samazinājums (noturēšana)",
    "employer_contribution_rate": "Darba devēja VSAOI likme (daļa no bruto algas)",
    "lowest_pay_rate": "Zemākā algas likme vispārējās izglītības pedagogam, EUR mēnesī",
    "lowest_pay_rate_preschool": "Zemākā algas likme pirmsskolas pedagogam, EUR mēnesī",
    "grant_rate_multiplier": "Mērķdotācijas likmes uz skolēnu pret publicētajām (šodien = 1)",
    "programma_skola": "Finansēšanas modelis “Programma skolā” (1 = ieslēgts)",
    "programma_skola_start_year": "“Programma skolā” pirmais mācību gads",
    "programma_secondary_minimum": "“Programma skolā”: minimālais skolēnu skaits vidusskolas "
    "klašu grupā",
    "programma_extra_funding": "“Programma skolā”: papildu valsts finansējums, EUR gadā",
}
_VARIANTS_LV = {"low": "zemais", "medium": "vidējais", "high": "augstais"}
_STATUS_LV = {"published": "publicēti", "derived": "atvasināti", "synthesized": "sintezēti"}


@dataclass(frozen=True)
class PackTable:
    """One table of the pack.

    Attributes
    ----------
    name : str
        File name stem (ASCII, no extension).
    frame : pandas.DataFrame
        The table.
    publish : bool
        Marked for publication: small counts of persons are suppressed.
    person_columns : tuple of str
        Columns holding counts of persons (suppressed when `publish`).
    xlsx : bool
        Also write an Excel workbook (on for every table the app offers).
    """

    name: str
    frame: pd.DataFrame
    publish: bool = False
    person_columns: tuple[str, ...] = ()
    xlsx: bool = True

    def output(self) -> pd.DataFrame:
        """Return the table as written to the pack (suppressed if marked for publication)."""
        if self.publish and self.person_columns:
            return export.suppress_small_cells(self.frame, self.person_columns)
        return self.frame


def _number(value: Any) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        text = f"{float(value):.4g}"
        return text.replace(".", ",")
    return str(value)


def describe_setting(lever: str, setting: Any) -> str:
    """Describe a lever's setting in Latvian words.

    Parameters
    ----------
    lever : str
        Lever name.
    setting : object
        Its value as dumped from a scenario (``model_dump(mode="json", by_alias=True)``).

    Returns
    -------
    str
        E.g. ``"no 2026. gada 0,6"`` or ``"lineāri no 2025. gada līdz 2031. gadam līdz 1,19"``.
    """
    if lever == "births_variant":
        return _VARIANTS_LV.get(str(setting), str(setting))
    if isinstance(setting, int | float | str) and not isinstance(setting, bool):
        return f"{_number(setting)} no pirmā prognozes gada"
    if isinstance(setting, Mapping):
        if "steps" in setting:
            steps = setting["steps"]
            return "; ".join(f"no {y}. gada {_number(v)}" for y, v in sorted(steps.items()))
        if "ramp" in setting:
            r = setting["ramp"]
            start = f"no {_number(r['start'])} " if r.get("start") is not None else ""
            return (
                f"lineāri {start}{r['from']}. gadā līdz {_number(r['end'])} {r['to']}. gadā, "
                "pēc tam nemainīgi"
            )
        if "national" in setting or any(
            k in setting for k in ("planning_regions", "municipalities", "subjects", "grade_bands")
        ):
            parts = []
            if setting.get("national") is not None:
                parts.append(f"valstī {describe_setting(lever, setting['national'])}")
            for key, word in (
                ("planning_regions", "reģionos"),
                ("municipalities", "pašvaldībās"),
                ("subjects", "priekšmetos"),
                ("grade_bands", "klašu grupās"),
            ):
                if setting.get(key):
                    inner = ", ".join(
                        f"{code}: {describe_setting(lever, v)}" for code, v in setting[key].items()
                    )
                    parts.append(f"{word} ({inner})")
            return "; ".join(parts)
        if all(str(k).isdigit() for k in setting):
            points = ", ".join(f"{y}: {_number(v)}" for y, v in sorted(setting.items()))
            return f"pa gadiem ({points}), starp gadiem lineāri"
    return json.dumps(setting, ensure_ascii=False)


def assumptions_note(
    run_meta: Mapping[str, Any],
    tables: Sequence[PackTable],
    data_status: pd.DataFrame | None = None,
    scenario_title: str = "",
) -> str:
    """Write the short assumptions note of the pack (Markdown, in Latvian).

    Parameters
    ----------
    run_meta : mapping
        The run's provenance (`RunResult.meta`): scenario, model and data hashes, version.
    tables : sequence of PackTable
        The pack's tables (which were suppressed is stated).
    data_status : pandas.DataFrame, optional
        ``table, status, rows``: data rows by provenance status.
    scenario_title : str
        The scenario's title.

    Returns
    -------
    str
    """
    scenario = run_meta.get("scenario") if isinstance(run_meta.get("scenario"), dict) else {}
    assert isinstance(scenario, dict)
    lines = [
        "# Pieņēmumi un datu statuss",
        "",
        f"Scenārijs: **{scenario_title or scenario.get('title_lv') or scenario.get('name', '–')}**"
        f" (`{scenario.get('name', '–')}`).",
        "",
        "## Dati",
        "",
        "Daļa datu ir **sintezēta**: publicētie kopskaitļi ir sadalīti pa pašvaldībām, mācību "
        "priekšmetiem un vecumiem ar dokumentētu metodi. Rezultāti ilustrē modeli; tie nav "
        "oficiāla statistika.",
    ]
    if data_status is not None and not data_status.empty:
        totals = data_status.groupby("status")["rows"].sum()
        whole = max(int(totals.sum()), 1)
        parts = [
            f"{_STATUS_LV.get(str(s), str(s))} {int(n)} ({100 * int(n) / whole:.1f} %)".replace(
                ".", ","
            )
            for s, n in totals.items()
        ]
        lines += ["", f"Datu rindas pēc izcelsmes: {', '.join(parts)}."]
    lines += ["", "## Scenārija sviras", ""]
    levers = scenario.get("levers") or {}
    set_levers = {k: v for k, v in levers.items() if v is not None}
    if set_levers:
        lines += [
            f"- {LEVER_NAMES_LV.get(k, k)}: {describe_setting(k, v)}" for k, v in set_levers.items()
        ]
    else:
        lines.append("- Visas sviras pašreizējā līmenī (bāzes scenārijs).")
    lines += ["", "Sviras, kas nav minētas, paliek pašreizējā līmenī.", "", "## Publicēšana", ""]
    published = [tb.name for tb in tables if tb.publish]
    lines.append(
        "Tabulās, kas paredzētas publicēšanai ("
        + (", ".join(f"`{n}`" for n in published) or "nav")
        + "), personu skaiti no 1 līdz 4 pašvaldības × mācību priekšmeta līmenī ir slēpti "
        "(tukša šūna, kolonna `suppressed`)."
    )
    lines += [
        "",
        "## Modelis un versijas",
        "",
        f"- ikm-sim versija: {run_meta.get('package_version', '–')}",
        f"- Modeļa fails: {run_meta.get('model_file', '–')}, SHA-256 "
        f"`{run_meta.get('model_sha256', '–')}`",
        f"- Datu nospiedums (SHA-256): `{run_meta.get('data_sha256', '–')}`",
        f"- Aprēķināts: {run_meta.get('run_at', '–')}; gadi {run_meta.get('years', '–')}",
        "",
        "Pilna informācija: `run.json`; scenārijs: `scenarijs.yaml` (pārbaudāms ar "
        "`ikm-sim validate scenarijs.yaml`).",
    ]
    return "\n".join(lines) + "\n"


def build_pack(
    charts: Mapping[str, alt.TopLevelMixin],
    tables: Sequence[PackTable],
    scenario_yaml: str,
    run_meta: Mapping[str, Any],
    note: str,
    lang: str = "lv",
    context: TableContext | None = None,
) -> bytes:
    """Build the export pack as ZIP bytes.

    Parameters
    ----------
    charts : mapping of str to altair chart
        File name stem -> chart (rendered to PNG, SVG and PDF).
    tables : sequence of PackTable
        Tables (CSV and, unless switched off, XLSX); publication tables are suppressed.
    scenario_yaml : str
        The scenario file's text.
    run_meta : mapping
        Written as ``run.json``.
    note : str
        The assumptions note (`assumptions_note`), written as ``PIEŅĒMUMI.md``.
    lang : {"lv", "en"}
        Number locale of the rendered charts and language of the report tables.
    context : TableContext, optional
        Names and provenance of the report tables (default: `run_meta`, codes without names).

    Returns
    -------
    bytes
        The ZIP archive.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, chart in charts.items():
            zf.writestr(f"grafiki/{name}.png", export.chart_png(chart, lang))
            zf.writestr(f"grafiki/{name}.svg", export.chart_svg(chart, lang))
            zf.writestr(f"grafiki/{name}.pdf", export.chart_pdf(chart, lang))
        ctx = context or TableContext(lang, run_meta=dict(run_meta))
        for table in tables:
            files = table_files(table.output(), table.name, ctx, xlsx=table.xlsx)
            for file_name, contents in files.items():
                zf.writestr(f"tabulas/{file_name}", contents)
        zf.writestr("scenarijs.yaml", scenario_yaml)
        zf.writestr(
            "run.json", json.dumps(dict(run_meta), indent=2, ensure_ascii=False, default=str)
        )
        zf.writestr(NOTE_NAME, note)
    return buffer.getvalue()
