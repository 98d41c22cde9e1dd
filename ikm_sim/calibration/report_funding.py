"""The funding section of the calibration report: model vs published grant and wage bill.

Written by ``ikm-sim calibrate`` into ``report.md`` and by ``ikm-sim calibrate-funding`` as
``funding.md`` beside it, with the table ``funding_fit.csv``, the plans beside the forecast
``funding_plans.csv`` and the chart ``charts/funding_fit.svg|png``.
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd

from ikm_sim.atomic import write_bytes_atomic, write_text_atomic
from ikm_sim.calibration.funding_fit import FIT_YEARS, TOLERANCE_PCT, FundingFit

#: Headers of the report's table (million EUR and EUR per FTE a month).
HEADERS = {
    "year": "year",
    "published_grant_eur": "published grant, m",
    "published_status": "published as",
    "model_grant_eur": "model grant, m",
    "grant_error_pct": "error %",
    "model_wage_bill_eur": "model wage bill, m",
    "model_top_up_eur": "model top-up, m",
    "published_fte": "published FTE",
    "model_covered_fte": "model FTE",
    "published_eur_per_fte_month": "published EUR/FTE/month",
    "model_eur_per_fte_month": "model EUR/FTE/month",
    "pay_error_pct": "pay error %",
    "plan_grant_eur": "budget plan, m",
    "forecast_grant_eur": "baseline forecast, m",
    "difference_pct": "difference %",
    "fte_part_eur": "top-up from FTE beyond the published, m",
    "pay_part_eur": "top-up from pay, m",
}


def _table(df: pd.DataFrame) -> str:
    out = df.copy()
    for c in out.columns:
        if c.endswith("_eur") and c != "published_eur_per_fte_month":
            out[c] = out[c] / 1e6
    out = out.rename(columns=HEADERS)
    head = "| " + " | ".join(map(str, out.columns)) + " |"
    rule = "|" + "---|" * len(out.columns)
    body = [
        "| "
        + " | ".join(
            "–"
            if isinstance(v, float) and pd.isna(v)
            else f"{v:,.1f}"
            if isinstance(v, float)
            else str(v)
            for v in row
        )
        + " |"
        for row in out.itertuples(index=False)
    ]
    return "\n".join([head, rule, *body])


def top_up_split(fit: FundingFit) -> pd.DataFrame:
    """The model's top-up split into FTE beyond the grant's FTE and pay above the grant's.

    Parameters
    ----------
    fit : FundingFit
        The fit.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``fte_part_eur`` = (model FTE - published FTE) x model cost per FTE x 12,
        ``pay_part_eur`` = the rest of the top-up (years with published FTE only).
    """
    t = fit.table.dropna(subset=["published_fte"])
    fte = (t["model_covered_fte"] - t["published_fte"]) * t["model_eur_per_fte_month"] * 12.0
    return pd.DataFrame(
        {
            "year": t["year"],
            "fte_part_eur": fte,
            "pay_part_eur": t["model_top_up_eur"] - fte,
        }
    )


def funding_lines(fit: FundingFit) -> list[str]:
    """The report section (Markdown lines)."""
    split = top_up_split(fit)
    share = (split["fte_part_eur"] / (split["fte_part_eur"] + split["pay_part_eur"])).mean()
    lines = [
        "## Funding: the state target grant against the published budget",
        "",
        f"A run from the origin state of school year {fit.origin}/{fit.origin + 1 - 2000:02d} "
        f"(`ikm_sim.state.origin`) is compared with the published totals of budget "
        f"sub-programmes 05.00.00 + 10.00.00 for {FIT_YEARS[0]}–{FIT_YEARS[-1]} (FM budget "
        "explanations; execution where published, else the plan). Budgets are calendar years: "
        "a calendar year is 8/12 of the school year before it plus 4/12 of its own. Before "
        "Sep 2022 the per-pupil rates are back-cast with the lowest pay rate × (1 + employer "
        "contribution), as the earlier funding models computed the grant.",
        "",
        f"- **Grant scale** (fitted, `calibrated.yaml` → `funding: grant_scale`): "
        f"**{fit.grant_scale:.4f}**: the per-pupil rates × pupils leave out the regional "
        "coefficient, the transition equaliser, special schools, municipal vocational "
        "schools and interest education, which the sub-programme totals include.",
        f"- Largest grant error {fit.max_abs_error_pct:.1f} % (tolerance {TOLERANCE_PCT:.0f} %). "
        "The residual follows the pay rises: the model lags in years of mid-year rises "
        "paid without a new lowest rate (the Jan 2023 load balancing) and leads in 2018.",
        "- Cost per full load (EUR a month incl. the employer contribution): the model's "
        "school pay (lowest rate × the premium that makes Sep 2023's average 1,478) against "
        "the published derivation (sub-programme EUR ÷ FTE ÷ 12).",
        f"- **Top-up** (wage bill − grant, {split['year'].min()}–{split['year'].max()}): the "
        f"model pays for more FTE than the sub-programmes count; those FTE cost {share:.0%} of "
        "the top-up and the model's lower pay per FTE takes back the rest (table below). The "
        "extra FTE are private-school teachers, other pedagogues beyond the funded posts and "
        "preschool teachers of 5–6-year-olds beyond the funded FTE, whom municipalities (or "
        "owners) pay. No national total of municipal top-ups is published to check it.",
        "",
        _table(fit.table),
        "",
        "![funding_fit](charts/funding_fit.svg)",
        "",
    ]
    lines += [_table(split), ""]
    if not fit.plans.empty:
        lines += [
            "Budget plans after the data, beside the baseline forecast (never fitted):",
            "",
            _table(fit.plans.rename(columns={"model_grant_eur": "forecast_grant_eur"})),
            "",
        ]
    return lines


def funding_chart(fit: FundingFit) -> alt.Chart:
    """Model vs published grant (and the model's wage bill), million EUR by calendar year."""
    t = fit.table
    rows = pd.concat(
        [
            pd.DataFrame(
                {
                    "year": t["year"],
                    "series": "published grant",
                    "m": t["published_grant_eur"] / 1e6,
                }
            ),
            pd.DataFrame(
                {"year": t["year"], "series": "model grant", "m": t["model_grant_eur"] / 1e6}
            ),
            pd.DataFrame(
                {
                    "year": t["year"],
                    "series": "model wage bill",
                    "m": t["model_wage_bill_eur"] / 1e6,
                }
            ),
        ]
    )
    return (
        alt.Chart(rows)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="year"),
            y=alt.Y("m:Q", title="million EUR"),
            color=alt.Color("series:N", title=None),
        )
        .properties(width=480, height=260, title="Target grant: model vs published")
    )


def write_funding_report(fit: FundingFit, report_dir: Path) -> Path:
    """Write ``funding.md``, ``funding_fit.csv``, ``funding_plans.csv`` and the chart.

    Parameters
    ----------
    fit : FundingFit
        The fit.
    report_dir : pathlib.Path
        The calibration report directory (created if missing).

    Returns
    -------
    pathlib.Path
        The Markdown file.
    """
    import vl_convert as vlc

    report_dir = Path(report_dir)
    (report_dir / "charts").mkdir(parents=True, exist_ok=True)
    spec = funding_chart(fit).to_json()
    write_text_atomic(report_dir / "charts" / "funding_fit.svg", vlc.vegalite_to_svg(spec))
    write_bytes_atomic(report_dir / "charts" / "funding_fit.png", vlc.vegalite_to_png(spec))
    write_text_atomic(report_dir / "funding_fit.csv", fit.table.to_csv(index=False))
    write_text_atomic(report_dir / "funding_plans.csv", fit.plans.to_csv(index=False))
    path = report_dir / "funding.md"
    write_text_atomic(
        path, "# Calibration report: funding\n\n" + "\n".join(funding_lines(fit)) + "\n"
    )
    return path
