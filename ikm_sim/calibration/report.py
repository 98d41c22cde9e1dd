"""The calibration report: Markdown with fit statistics, estimates, warnings and charts.

Charts are Altair specifications rendered to PNG and SVG by vl-convert (no network). The
report directory is written to a temporary sibling and swapped in when complete
(`ikm_sim.atomic.replaced_directory`).
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc

from ikm_sim.atomic import replaced_directory, write_bytes_atomic
from ikm_sim.calibration.backtest import by_lead, shortfalls
from ikm_sim.calibration.coverage_table import coverage_table
from ikm_sim.calibration.fit import FitResult, write_calibrated
from ikm_sim.calibration.funding_fit import FundingFit, write_funding_section
from ikm_sim.calibration.report_charts import vacancy_chart
from ikm_sim.calibration.report_funding import funding_lines, write_funding_report
from ikm_sim.calibration.stats import identifiability
from ikm_sim.calibration.targets import QUANTITIES
from ikm_sim.charts.backtest import backtest_chart, shortfall_sentences
from ikm_sim.locale.i18n import t

#: What a vacancy is in the model, stated in the report.
VACANCY_DEFINITION = (
    "A vacancy in the model is demand (FTE) not worked at the start of the school year: "
    "`Vacancies FTE = MAX(0, Demand FTE − Worked FTE)`, where worked FTE is the teachers' "
    "normal load raised by overload (a share `overload_coverage` of a shortage, at most "
    "`max_overload`). The published figures are posts or FTE unfilled in August/September "
    "(IZM, press reports of its survey), several of them given only as a range."
)

#: Quantities charted (simulated vs historical), in this order.
CHARTED = (
    "school_pedagogues",
    "subject_teachers",
    "pupils_total",
    "pupils_grade_1",
    "share_aged_50plus",
    "school_vacancies_fte",
)


def _fmt(v: object, digits: int = 3) -> str:
    if isinstance(v, float):
        if pd.isna(v):
            return "–"
        return f"{v:,.{digits}g}" if abs(v) < 1000 else f"{v:,.0f}"
    return str(v)


def markdown_table(df: pd.DataFrame, digits: int = 3) -> str:
    """A DataFrame as a GitHub Markdown table (floats to `digits` significant digits)."""
    head = "| " + " | ".join(map(str, df.columns)) + " |"
    sep = "|" + "|".join("---" for _ in df.columns) + "|"
    rows = ["| " + " | ".join(_fmt(v, digits) for v in r) + " |" for r in df.itertuples(False)]
    return "\n".join([head, sep, *rows])


def series_chart(result: FitResult, quantity: str) -> alt.Chart | None:
    """Simulated (prior and calibrated) vs historical values of one quantity."""
    obs = result.observations[result.observations["quantity"] == quantity]
    if obs.empty or quantity not in result.simulated:
        return None
    sim = pd.concat(
        [
            pd.DataFrame({"year": q.index, "value": q[quantity].to_numpy(), "line": label})
            for q, label in ((result.simulated, "calibrated"), (result.prior_simulated, "prior"))
        ]
    )
    lines = (
        alt.Chart(sim)
        .mark_line()
        .encode(
            x=alt.X("year:O", title="school year"),
            y=alt.Y("value:Q", title=quantity, scale=alt.Scale(zero=False)),
            color=alt.Color("line:N", title=None),
            strokeDash=alt.StrokeDash("line:N", legend=None),
        )
    )
    points = (
        alt.Chart(obs.assign(line="history"))
        .mark_point(filled=True, size=60, color="black")
        .encode(x="year:O", y="value:Q", tooltip=["series", "year", "value"])
    )
    title = alt.TitleParams(
        f"{quantity}: {QUANTITIES[quantity]}",
        subtitle="solid: calibrated · dashed: prior · dots: history",
    )
    return (lines + points).properties(width=420, height=220, title=title)


def save_chart(chart: alt.TopLevelMixin, stem: Path) -> None:
    """Write `chart` as ``stem.svg`` and ``stem.png`` with vl-convert (offline)."""
    spec = chart.to_json()
    stem.with_suffix(".svg").write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    stem.with_suffix(".png").write_bytes(vlc.vegalite_to_png(spec, scale=1.5))


def _identifiability_lines(result: FitResult) -> list[str]:
    if result.jacobian is None:
        return []
    rows = int((result.observations["weight"] > 0).sum())
    ident = identifiability(result.jacobian, list(result.estimates["name"]), rows)
    shown = ident.assign(
        identified_by_data=ident["identified_by_data"].map({True: "yes", False: "**no**"})
    ).rename(columns={"identified_by_data": "identified by the data"})
    return [
        "## Identifiability",
        "",
        f"Rank of the Jacobian of the fitted series: {ident.attrs['rank']} of "
        f"{ident.attrs['n_parameters']} parameters (singular values above 10⁻³ of the "
        f"largest; condition number {ident.attrs['condition']:,.3g}). A parameter is "
        "identified by the data when dropping it lowers that rank; the others are held by "
        "their Gaussian priors (sources in `calibration/targets.yaml`). Sensitivity: norm of "
        "its Jacobian column, relative to the largest.",
        "",
        markdown_table(shown, 3),
        "",
    ]


def report_markdown(
    result: FitResult,
    charts: list[str],
    backtest: pd.DataFrame | None = None,
    coverage: pd.DataFrame | None = None,
    funding: FundingFit | None = None,
) -> str:
    """The report text (Markdown); with `funding`, its section on the target grant."""
    est = result.estimates.copy()
    est["95 % CI"] = [f"[{a:.4g}, {b:.4g}]" for a, b in zip(est.ci_low, est.ci_high, strict=True)]
    est["at bound"] = est["at_bound"].map({True: "**yes**", False: ""})
    est = est[["name", "unit", "prior", "estimate", "se", "95 % CI", "lower", "upper", "at bound"]]
    fit = result.fit.rename(
        columns={"mape_pct": "MAPE %", "bias_pct": "bias %", "um": "U^M", "us": "U^S", "uc": "U^C"}
    )
    lines = [
        "# Calibration report",
        "",
        f"- Data: `{Path(result.data_directory).name}`; model runs: {result.nfev}; "
        f"time: {result.seconds:.0f} s; optimizer: {result.message}",
        f"- Cost (½ Σ weighted residual²): prior {result.prior_cost:,.1f} → "
        f"calibrated {result.cost:,.1f}",
        "- Weights are 1/σ of each series' measurement error (see `calibration/targets.yaml`); "
        "series with weight 0 are shown but not fitted. Parameters with a `prior_sd` carry a "
        "Gaussian prior around their documented default (a ridge term in the residuals).",
        "",
        "## Warnings",
        "",
        *([f"- {w}" for w in result.warnings] or ["- none"]),
        "",
        "## Parameter estimates",
        "",
        "Approximate 95 % intervals from the Jacobian at the estimate "
        "(cov = s² (JᵀJ)⁺, clipped to the bounds). They assume a locally linear model and "
        "correct weights, so read them as indications of identifiability, not as exact.",
        "",
        markdown_table(est, 4),
        "",
        *_identifiability_lines(result),
        "## Fit per series",
        "",
        "MAPE and bias (simulated − historical) over the fitted years; Theil statistics split "
        "the mean squared error into bias (U^M), unequal variation (U^S) and unequal "
        "covariation (U^C); they sum to one.",
        "",
        markdown_table(fit, 3),
        "",
    ]
    lines += ["## Vacancies", "", VACANCY_DEFINITION, ""]
    if "vacancy_fit" in charts:
        lines += ["![vacancy_fit](charts/vacancy_fit.svg)", ""]
    if backtest is not None and not backtest.empty:
        lines += backtest_lines(backtest, charts)
    if coverage is not None and not coverage.empty:
        lines += coverage_lines(coverage)
    if funding is not None:
        lines += funding_lines(funding)
    lines += ["## Simulated vs historical", ""]
    lines += [f"![{c}](charts/{c}.svg)" for c in charts if c in CHARTED]
    return "\n".join(lines) + "\n"


#: Columns of the by-lead table in the report (Latvian / English headers).
BY_LEAD_HEADERS = {
    "series": "rinda / series",
    "unit": "mērv. / unit",
    "lead": "+g. / lead",
    "n": "n",
    "mape": "MAPE",
    "bias": "nobīde / bias",
    "mase": "MASE",
    "n_nochange": "n (bez izm. / no change)",
    "nochange_mape": "MAPE bez izm. / no change",
    "nochange_bias": "nobīde bez izm. / no-change bias",
    "n_cohort": "n (kohortu / cohort)",
    "cohort_mape": "MAPE kohortu / cohort",
    "cohort_bias": "nobīde kohortu / cohort bias",
    "target": "MAPE mērķis / target",
    "bias_target": "±nobīde ≤ / ±bias ≤",
    "mase_target": "MASE <",
    "nces": "NCES",
    "meets_target": "sasniegts / met",
}


def backtest_lines(backtest: pd.DataFrame, charts: list[str]) -> list[str]:
    """The backtest section of the report: method, table, chart and targets, LV and EN."""
    summary = by_lead(backtest)
    shown = summary.drop(columns="quantity").assign(
        meets_target=summary["meets_target"].map({True: "jā / yes", False: "**nē / no**"})
    )
    lines = ["## Backtest errors by lead time", ""]
    for lang in ("lv", "en"):
        lines += [f"**{t('bt_heading', lang)}.** {t('bt_method', lang)}", ""]
        lines += [t("bt_definitions", lang), "", t("bt_naive", lang), "", t("bt_targets", lang)]
        lines += [""]
    lines += [markdown_table(shown.rename(columns=BY_LEAD_HEADERS), 3), ""]
    for name in ("backtest_by_lead_lv", "backtest_by_lead"):
        if name in charts:
            lines += [f"![{name}](charts/{name}.svg)", ""]
    for lang in ("lv", "en"):
        lines += [f"### {t('bt_shortfalls', lang)}", ""]
        lines += [f"- {line}" for line in shortfall_sentences(shortfalls(summary), lang)]
        lines += [""]
    lines += [
        f"### {t('bt_by_origin', 'lv')} / {t('bt_by_origin', 'en')}",
        "",
        "– = no published value in that year, or no such naive forecast.",
        "",
        markdown_table(backtest, 3),
        "",
    ]
    return lines


def coverage_lines(coverage: pd.DataFrame) -> list[str]:
    """The coverage section of the report (LV and EN): method, the pooled table, the file."""
    lines = [f"## {t('cov_heading', 'lv')} / {t('cov_heading', 'en')}", ""]
    for lang in ("lv", "en"):
        lines += [t("cov_method", lang), "", t("cov_applied", lang), ""]
    lines += [
        "Share inside, % (all series; `all` = every lead; per series in `coverage.csv`):",
        "",
        markdown_table(coverage_table(coverage), 3),
        "",
    ]
    return lines


def write_report(
    result: FitResult,
    out_dir: Path,
    backtest: pd.DataFrame | None = None,
    calibrated: Path | None = None,
    coverage: pd.DataFrame | None = None,
    widening: pd.DataFrame | None = None,
    funding: FundingFit | None = None,
) -> Path:
    """Write ``report.md``, the tables and ``charts/*.png|svg`` to `out_dir`, atomically.

    The report is built in a staging directory and swapped in whole when complete. With
    `calibrated`, ``calibrated.yaml`` is written there (atomically) once the report is
    complete and just before the swap, so a failure anywhere leaves both the earlier report
    and the earlier calibrated file as they were.

    Parameters
    ----------
    result : FitResult
        The fit.
    out_dir : pathlib.Path
        The report directory.
    backtest : pandas.DataFrame, optional
        Backtest errors to include.
    calibrated : pathlib.Path, optional
        Where to write the calibrated parameters too (`write_calibrated`).
    coverage : pandas.DataFrame, optional
        Coverage of the uncertainty bands in the backtests
        (`ikm_sim.uncertainty.coverage.coverage_report`), written as ``coverage.csv``.
    widening : pandas.DataFrame, optional
        Widening scales (``quantity, c``), written as ``widening.csv`` for the forecasts.
    funding : FundingFit, optional
        The target-grant fit (`ikm_sim.calibration.funding_fit`): its section, table and chart
        in the report, and its ``funding:`` section in `calibrated`.

    Returns
    -------
    pathlib.Path
        The report file.
    """
    out_dir = Path(out_dir)
    earlier = calibrated.read_bytes() if calibrated is not None and calibrated.exists() else None
    wrote = False
    try:
        with replaced_directory(out_dir) as tmp:
            _write_report_files(result, tmp, backtest, coverage, funding)
            if widening is not None:
                widening.to_csv(tmp / "widening.csv", index=False)
            if calibrated is not None:
                write_calibrated(result, calibrated)
                wrote = True
                if funding is not None:
                    write_funding_section(funding, calibrated)
    except BaseException:
        if wrote and calibrated is not None:  # the report was not swapped in: undo this too
            if earlier is None:
                calibrated.unlink(missing_ok=True)
            else:
                write_bytes_atomic(calibrated, earlier)
        raise
    return out_dir / "report.md"


def _write_report_files(
    result: FitResult,
    tmp: Path,
    backtest: pd.DataFrame | None,
    coverage: pd.DataFrame | None = None,
    funding: FundingFit | None = None,
) -> None:
    """Write report.md, the tables and the charts into the directory `tmp`."""
    (tmp / "charts").mkdir()
    made = []
    for q in CHARTED:
        chart = series_chart(result, q)
        if chart is not None:
            save_chart(chart, tmp / "charts" / q)
            made.append(q)
    vacancies = vacancy_chart(result)
    if vacancies is not None:
        save_chart(vacancies, tmp / "charts" / "vacancy_fit")
        made.append("vacancy_fit")
    if backtest is not None and not backtest.empty:
        backtest.to_csv(tmp / "backtest.csv", index=False)
        summary = by_lead(backtest)
        summary.to_csv(tmp / "backtest_by_lead.csv", index=False)
        shortfalls(summary).to_csv(tmp / "backtest_shortfalls.csv", index=False)
        for lang, name in (("en", "backtest_by_lead"), ("lv", "backtest_by_lead_lv")):
            bt_chart = backtest_chart(summary, lang)
            if bt_chart is not None:
                save_chart(bt_chart, tmp / "charts" / name)
                made.append(name)
    if coverage is not None:
        coverage.to_csv(tmp / "coverage.csv", index=False)
    result.fit.to_csv(tmp / "fit.csv", index=False)
    result.estimates.to_csv(tmp / "estimates.csv", index=False)
    if funding is not None:
        write_funding_report(funding, tmp)
        (tmp / "funding.md").unlink()  # the section is in report.md
    text = report_markdown(result, made, backtest, coverage, funding)
    (tmp / "report.md").write_text(text, encoding="utf-8")
