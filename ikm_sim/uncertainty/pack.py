"""Exports of an uncertainty ensemble: fan charts, percentile tables and the export pack.

`summarise` turns an ensemble into the four small summary frames the app keeps and exports
(national, per municipality, per subject, the national shortage probability).
`uncertainty_pack` puts them into the project's export pack (`ikm_sim.export_pack.build_pack`)::

    grafiki/diapazons_iztrukums|pieprasijums|piedavajums.png|.svg|.pdf   national fan charts
    tabulas/procentiles_valsts|pasvaldibas|prieksmeti.csv|.xlsx          percentile tables
    tabulas/iztrukuma_varbutiba.csv|.xlsx                                shortage probability
    scenarijs.yaml, run.json, PIEŅĒMUMI.md                               scenario, meta, note

Privacy: every table holds model outputs in full-time equivalents (FTE) or shares of samples,
aggregated nationally, per municipality (all subjects) or per subject (all of Latvia); none
holds counts of persons, and the municipality × subject level is left out. The small-cell
suppression of publication tables (`PackTable.publish`, counts of 1–4 persons) therefore has
nothing to act on and is not applied; the note says so.

`fan_chart_files` serves ``ikm-sim uncertainty``: charts as PNG and SVG files, written through
`ikm_sim.atomic.staged_directory` so that a failure leaves the files already there untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from ikm_sim import __version__, export
from ikm_sim.charts._base import HALF_WIDTH, WIDTH
from ikm_sim.charts.uncertainty import fan_chart
from ikm_sim.export_pack import PackTable, build_pack
from ikm_sim.locale.formatting import check_lang, school_year_label
from ikm_sim.locale.i18n import TEXTS, t
from ikm_sim.uncertainty.ensemble import Ensemble
from ikm_sim.uncertainty.money import cost_percentiles
from ikm_sim.uncertainty.sampling import (
    DEFAULT_BAND,
    DEFAULT_MIGRATION_SD,
    calibrated_intervals,
)
from ikm_sim.uncertainty.summary import (
    GAP_SHARE_THRESHOLD,
    PERCENTILES,
    QUANTITIES,
    national,
    national_percentiles,
    region_percentiles,
    subject_percentiles,
    widened_scales,
)

if TYPE_CHECKING:
    from ikm_sim.uncertainty.streamed import StreamedEnsemble

#: File stems (the Latvian pack, ``ikm-sim uncertainty``) of the fan charts, the first three
#: first; a quantity of `QUANTITIES` not named here gets ``diapazons_<quantity>`` and
#: ``fan_<quantity>``.
_STEMS = {
    "gap_fte": ("diapazons_iztrukums", "fan_gap"),
    "demand_fte": ("diapazons_pieprasijums", "fan_demand"),
    "supply_fte": ("diapazons_piedavajums", "fan_supply"),
    "vacancies_fte": ("diapazons_vakances", "fan_vacancies_fte"),
    "teachers": ("diapazons_pedagogi", "fan_teachers"),
    "pupils": ("diapazons_skoleni", "fan_pupils"),
    "first_graders": ("diapazons_pirmklasnieki", "fan_first_graders"),
    "school_pedagogues": ("diapazons_pedagogi_skolas", "fan_school_pedagogues"),
    "school_vacancies_fte": ("diapazons_vakances_skolas", "fan_school_vacancies_fte"),
}
#: National fan charts: variable, file stem in the pack, file stem of ``ikm-sim uncertainty``
#: (one per quantity of the percentile tables, the first three first).
FAN_CHARTS = tuple(
    (q, *_STEMS.get(q, (f"diapazons_{q}", f"fan_{q}")))
    for q in (*_STEMS, *(q for q in QUANTITIES if q not in _STEMS))
)
PERCENTILE_COLUMNS = tuple(f"p{p}" for p in PERCENTILES)
_VARIANTS = {
    "lv": {"low": "zemais", "medium": "vidējais", "high": "augstais"},
    "en": {"low": "low", "medium": "medium", "high": "high"},
}


@dataclass(frozen=True)
class FanSummary:
    """The summary of an ensemble that the app keeps and exports (small and picklable).

    Attributes
    ----------
    national : pandas.DataFrame
        National percentiles (`ikm_sim.uncertainty.summary.national_percentiles`).
    regions : pandas.DataFrame
        Percentiles per municipality (`ikm_sim.uncertainty.summary.region_percentiles`).
    subjects : pandas.DataFrame
        National percentiles per subject (`ikm_sim.uncertainty.summary.subject_percentiles`).
    probability : pandas.DataFrame
        ``year``, ``p_over_share``, ``gap_p50``, ``demand_p50`` (see `national_probability`).
    costs : pandas.DataFrame
        National cost percentiles (`ikm_sim.uncertainty.money.cost_percentiles`; empty when
        the ensemble carries no money).
    """

    national: pd.DataFrame
    regions: pd.DataFrame
    subjects: pd.DataFrame
    probability: pd.DataFrame
    costs: pd.DataFrame = field(default_factory=pd.DataFrame, kw_only=True)


def national_probability(
    ens: Ensemble | StreamedEnsemble,
    percentiles: pd.DataFrame | None = None,
    share: float = GAP_SHARE_THRESHOLD,
) -> pd.DataFrame:
    """Share of samples whose national gap exceeds `share` of national demand, per year.

    Parameters
    ----------
    ens : Ensemble or StreamedEnsemble
        The ensemble.
    percentiles : pandas.DataFrame, optional
        Its national percentiles (computed when not given), for the medians.
    share : float
        Threshold as a share of demand (default 5 %).

    Returns
    -------
    pandas.DataFrame
        ``year``, ``p_over_share``, ``gap_p50`` and ``demand_p50`` (median FTE).
    """
    percentiles = national_percentiles(ens) if percentiles is None else percentiles
    totals = national(ens)
    gap, demand = totals["gap_fte"], totals["demand_fte"]
    medians = percentiles.pivot_table(index="year", columns="variable", values="p50")
    return pd.DataFrame(
        {
            "year": [int(y) for y in ens.years],
            "p_over_share": (gap > share * demand).mean(axis=0),
            "gap_p50": medians.loc[ens.years, "gap_fte"].to_numpy(),
            "demand_p50": medians.loc[ens.years, "demand_fte"].to_numpy(),
        }
    )


def summarise(ens: Ensemble | StreamedEnsemble, share: float = GAP_SHARE_THRESHOLD) -> FanSummary:
    """Summarise an ensemble for fan charts and the export pack.

    Parameters
    ----------
    ens : Ensemble or StreamedEnsemble
        The ensemble.
    share : float
        Shortage threshold as a share of national demand.

    Returns
    -------
    FanSummary
    """
    table = national_percentiles(ens, widened_scales())
    return FanSummary(
        national=table,
        regions=region_percentiles(ens),
        subjects=subject_percentiles(ens),
        probability=national_probability(ens, table, share),
        costs=cost_percentiles(ens),
    )


def national_fan_charts(
    national: pd.DataFrame, lang: str = "lv", scenario: str | None = None
) -> dict[str, alt.Chart]:
    """Return the national fan charts of every quantity (`FAN_CHARTS`), by variable.

    Parameters
    ----------
    national : pandas.DataFrame
        National percentiles.
    lang : {"lv", "en"}
        Language of titles and numbers.
    scenario : str, optional
        Scenario title for the subtitles.

    Returns
    -------
    dict of str to alt.Chart
        ``gap_fte``, ``demand_fte``, ``supply_fte``, then the other quantities.
    """
    where = t("unc_latvia", lang)
    return {
        # every fan but the gap's is drawn in a half-page column: its title wraps to that
        variable: fan_chart(
            national,
            lang,
            variable,
            where=where,
            scenario=scenario,
            width=WIDTH if variable == "gap_fte" else HALF_WIDTH,
        )
        for variable, _, _ in FAN_CHARTS
    }


def _named(frame: pd.DataFrame, column: str, names: Mapping[str, str] | None) -> pd.DataFrame:
    """Add ``<column>_name`` after `column` when names are given."""
    out = frame.copy()
    out[column] = out[column].astype(str)
    if names:
        out.insert(
            list(out.columns).index(column) + 1,
            f"{column}_name",
            out[column].map(lambda c: names.get(c, c)),
        )
    return out


def pack_tables(
    summary: FanSummary,
    subject_names: Mapping[str, str] | None = None,
    region_names: Mapping[str, str] | None = None,
) -> list[PackTable]:
    """Return the tables of the uncertainty pack (FTE and shares: nothing to suppress).

    Parameters
    ----------
    summary : FanSummary
        The ensemble's summary.
    subject_names, region_names : mapping of str to str, optional
        Display names by code, added as ``subject_name`` / ``region_name``.

    Returns
    -------
    list of PackTable
        National, per municipality and per subject percentiles, the shortage probability and
        (when the ensemble has them) the national cost percentiles.
    """
    return [
        PackTable("procentiles_valsts", summary.national.round(3)),
        PackTable(
            "procentiles_pasvaldibas", _named(summary.regions, "region", region_names).round(3)
        ),
        PackTable(
            "procentiles_prieksmeti", _named(summary.subjects, "subject", subject_names).round(3)
        ),
        PackTable("iztrukuma_varbutiba", summary.probability.round(4)),
        *([PackTable("izmaksu_procentiles", summary.costs.round(2))] if len(summary.costs) else []),
    ]


def _pct(value: float, lang: str) -> str:
    text = f"{100 * value:g}"
    return f"{text.replace('.', ',')} %" if lang == "lv" else f"{text} %"


def _fraction(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "lv" else text


def _sizes(meta: Mapping[str, Any], lang: str) -> str:
    """The sources' standard deviations as ``name sd`` pairs (relative in %, arrivals in pupils)."""
    parts = []
    for name, sd in dict(meta.get("source_sizes") or {}).items():
        value = f"{sd:.0f}" if name == "arrivals" else _pct(round(float(sd), 4), lang)
        key = f"un_src_{name}"  # the source's name in words, not its code
        parts.append(f"{t(key, lang) if key in TEXTS else name} {value}")
    return "; ".join(parts)


def _sampled_lines(meta: Mapping[str, Any], lang: str) -> list[str]:
    """What was drawn: parameters, birth variant, migration, the other inputs (or not)."""
    band = float(meta.get("band", DEFAULT_BAND))
    migration_sd = float(meta.get("migration_sd", DEFAULT_MIGRATION_SD))
    variant = _VARIANTS[lang].get(str(meta.get("births_variant", "medium")), "–")
    intervals, level = calibrated_intervals()
    params = (
        t("un_params", lang, count=len(intervals), level=_pct(level, lang), band=_pct(band, lang))
        if band > 0
        else t("un_params_off", lang)
    )
    births = "un_births" if bool(meta.get("births_sampled", True)) else "un_births_off"
    migration = (
        t("un_migration", lang, sd=_fraction(migration_sd, lang))
        if migration_sd > 0
        else t("un_migration_off", lang)
    )
    sources = (
        t("un_sources", lang, sizes=_sizes(meta, lang))
        if meta.get("source_sizes")
        else t("un_sources_off", lang)
    )
    return [params, t(births, lang, variant=variant), migration, sources]


def _note_section(meta: Mapping[str, Any], tables: list[PackTable], lang: str) -> list[str]:
    """The note in one language (Markdown lines; texts in `ikm_sim.locale`)."""
    n, seed = int(meta["n"]), int(meta["seed"])
    last = meta.get("final_year")
    until = t("un_until", lang, year=school_year_label(last, lang)) if last else ""
    share = _pct(float(meta.get("shortage_share", GAP_SHARE_THRESHOLD)), lang)
    widened = "un_widened" if meta.get("widened", bool(widened_scales())) else "un_not_widened"
    return [
        f"# {t('un_title', lang)}",
        "",
        t(
            "un_intro",
            lang,
            title=meta.get("scenario_title") or meta["scenario"],
            scenario=meta["scenario"],
            n=n,
            seed=seed,
        ),
        "",
        f"## {t('un_sampled_heading', lang)}",
        "",
        t("un_sampled", lang, until=until),
        "",
        *_sampled_lines(meta, lang),
        "",
        t("un_levers", lang),
        "",
        f"## {t('un_read_heading', lang)}",
        "",
        t("un_read", lang, n=n) + " " + t(widened, lang),
        "",
        f"## {t('un_prob_heading', lang)}",
        "",
        t("un_prob", lang, share=share, n=n, step=_pct(round(1 / n, 4), lang)),
        "",
        f"## {t('un_privacy_heading', lang)}",
        "",
        t("un_privacy", lang, files=", ".join(f"`{tb.name}`" for tb in tables)),
        "",
        f"## {t('un_versions_heading', lang)}",
        "",
        *t(
            "un_versions",
            lang,
            version=meta.get("package_version", __version__),
            exported=meta.get("exported_at", "–"),
        ).split("\n"),
    ]


def uncertainty_note(meta: Mapping[str, Any], tables: list[PackTable], lang: str = "lv") -> str:
    """Write the assumptions note of the uncertainty pack (Markdown).

    Parameters
    ----------
    meta : mapping
        ``n``, ``seed`` and ``scenario`` (name); optionally ``scenario_title``, ``band``,
        ``migration_sd``, ``births_sampled``, ``births_variant``, ``shortage_share``,
        ``final_year``, ``exported_at``, ``package_version``.
    tables : list of PackTable
        The pack's tables (named in the privacy section).
    lang : {"lv", "en"}
        ``"lv"``: the note in Latvian; ``"en"``: in Latvian, then in English.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If `meta` lacks ``n``, ``seed`` or ``scenario``.
    """
    lang = check_lang(lang)
    missing = [k for k in ("n", "seed", "scenario") if meta.get(k) in (None, "")]
    if missing:
        raise ValueError(f"the uncertainty meta lacks {', '.join(missing)}")
    lines = _note_section(meta, tables, "lv")
    if lang == "en":
        lines += ["", "---", "", *_note_section(meta, tables, "en")]
    return "\n".join(lines) + "\n"


def uncertainty_pack(
    national: pd.DataFrame,
    regions: pd.DataFrame,
    subjects: pd.DataFrame,
    probability: pd.DataFrame,
    scenario_yaml: str,
    meta: Mapping[str, Any],
    lang: str = "lv",
    subject_names: Mapping[str, str] | None = None,
    region_names: Mapping[str, str] | None = None,
    region: str | None = None,
    subject: str | None = None,
    costs: pd.DataFrame | None = None,
) -> bytes:
    """Build the export pack of an uncertainty run (ZIP bytes).

    The pack holds the national fan charts of the gap, demand and supply (PNG, SVG, PDF), the
    gap fans of `region` and `subject` when given (the ones chosen on the page), the
    percentile tables (national, per municipality, per subject) and the shortage probability
    (CSV, XLSX), the scenario YAML, ``run.json`` (`meta` with the percentiles and threshold)
    and ``PIEŅĒMUMI.md``: what was sampled, N, the seed, how to read P5–P95 and the
    probability. No table holds counts of persons (see the module's privacy note), so no cell
    is suppressed.

    Parameters
    ----------
    national, regions, subjects, probability : pandas.DataFrame
        The summary frames (`FanSummary`).
    scenario_yaml : str
        The scenario file's text.
    meta : mapping
        At least ``n``, ``seed`` and ``scenario``; see `uncertainty_note` for optional keys.
    lang : {"lv", "en"}
        Language of the charts (and an English part of the note).
    subject_names, region_names : mapping of str to str, optional
        Display names by code for the tables and chart titles.
    region, subject : str, optional
        A municipality (ATVK) and a subject code whose gap fans are added
        (``diapazons_pasvaldiba``, ``diapazons_prieksmets``).
    costs : pandas.DataFrame, optional
        The national cost percentiles (`FanSummary.costs`), added as a table when given.

    Returns
    -------
    bytes
        The ZIP archive.
    """
    lang = check_lang(lang)
    run_meta = {
        "kind": "uncertainty",
        "final_year": int(national["year"].max()),
        "percentiles": list(PERCENTILES),
        "shortage_share": GAP_SHARE_THRESHOLD,
        "package_version": __version__,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **dict(meta),
    }
    tables = pack_tables(
        FanSummary(
            national, regions, subjects, probability,
            costs=pd.DataFrame() if costs is None else costs,
        ),
        subject_names,
        region_names,
    )  # fmt: skip
    note = uncertainty_note(run_meta, tables, lang)
    title = str(run_meta.get("scenario_title") or run_meta["scenario"])
    charts = national_fan_charts(national, lang, title)
    named = {stem: charts[variable] for variable, stem, _ in FAN_CHARTS}
    if region is not None:
        where = (region_names or {}).get(region, region)
        named["diapazons_pasvaldiba"] = fan_chart(
            regions, lang, "gap_fte", region=region, where=where, scenario=title
        )
    if subject is not None:
        where = (subject_names or {}).get(subject, subject)
        named["diapazons_prieksmets"] = fan_chart(
            subjects, lang, "gap_fte", subject=subject, where=where, scenario=title
        )
    return build_pack(named, tables, scenario_yaml, run_meta, note, lang)


def fan_chart_files(
    national: pd.DataFrame, lang: str = "lv", scenario: str | None = None
) -> dict[str, bytes]:
    """Render the national fan charts as files: ``fan_gap.png``, ``fan_gap.svg`` and so on.

    Parameters
    ----------
    national : pandas.DataFrame
        National percentiles.
    lang : {"lv", "en"}
        Language of titles and numbers.
    scenario : str, optional
        Scenario title for the subtitles.

    Returns
    -------
    dict of str to bytes
        File name -> contents.
    """
    charts = national_fan_charts(national, lang, scenario)
    files = {}
    for variable, _, stem in FAN_CHARTS:
        files[f"{stem}.png"] = export.chart_png(charts[variable], lang)
        files[f"{stem}.svg"] = export.chart_svg(charts[variable], lang)
    return files
