"""Sensitivity page: which behavioural parameters drive the teacher gap (Morris, tornado charts).

Nothing runs until the user presses the button: a Morris design of r trajectories over the D
behavioural parameters (r x (D + 1) samples, see `ikm_sim.uncertainty.sensitivity`) runs in
this process through the vectorised ensemble, with a progress bar; its ranking table is cached
by scenario content, municipality, year, r and seed. A failed run shows the error and keeps the
previous results of the session.
"""

from __future__ import annotations

import contextvars
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from ikm_sim import export
from ikm_sim.charts.sensitivity import (
    parameter_label,
    parameter_unit,
    sensitivity_tornado,
    tornado_table,
)
from ikm_sim.locale.formatting import format_number, school_year_label
from ikm_sim.locale.i18n import t
from ikm_sim.ui.state import _load_scenario, current_lang, names, scenario_title, selected_scenario
from ikm_sim.ui.widgets import chart_with_downloads, language_aware_selectbox

#: Morris trajectories offered (r); each costs D + 1 samples.
TRAJECTORY_CHOICES = (2, 4, 8)
DEFAULT_TRAJECTORIES = 4
#: Target years offered (`ikm_sim.uncertainty.sensitivity.TARGET_YEARS`).
YEAR_CHOICES = (2030, 2035)
SEED = 20250
#: Relative half-width of the parameter ranges (`UncertaintySpec.band`).
BAND = 0.2
#: Rough run time on the embedded data with one worker: a fixed part (data, model set-up) and
#: seconds per sample by target year. Measured on the project's 2-core machine: r = 4 (148
#: samples) 8 s to 2030 in a warm process, 14-16 s with the first run's set-up; r = 8 (296
#: samples) 18 s to 2035.
OVERHEAD_SECONDS = 4.0
SECONDS_PER_SAMPLE = {2030: 0.05, 2035: 0.06}
#: Parameters shown in each tornado chart.
TOP = 12
#: Municipality chosen until the user picks another (Rīga).
DEFAULT_REGION = "LV0001000"
MUNI_KEY = "sens_municipality"
YEAR_KEY = "sens_year"
R_KEY = "sens_trajectories"
RUN_KEY = "sens_run"
_RESULTS_KEY = "_ikm_sensitivity_results"


@dataclass(frozen=True)
class SensitivityResults:
    """One Morris analysis, as the page keeps it.

    Attributes
    ----------
    table : pandas.DataFrame
        The ranking (`ikm_sim.uncertainty.sensitivity.sensitivity`, codes not labels).
    region : str or None
        Municipality analysed besides Latvia.
    year : int
        Target year.
    trajectories : int
        Morris trajectories (r).
    seed : int
        Seed of the design.
    scenario : str
        Scenario name (file stem).
    source : str
        The scenario file that was run (for its title).
    """

    table: pd.DataFrame
    region: str | None
    year: int
    trajectories: int
    seed: int
    scenario: str
    source: str = ""

    @property
    def parameters(self) -> int:
        """Number of parameters varied (D)."""
        return int(self.table["parameter"].nunique())

    @property
    def samples(self) -> int:
        """Model samples the analysis cost: r x (D + 1)."""
        return self.trajectories * (self.parameters + 1)


@st.cache_data(max_entries=8, show_spinner=False)
def _morris_cached(
    scenario_json: str,
    region: str | None,
    year: int,
    trajectories: int,
    seed: int,
    _progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Run the Morris analysis of the scenario (one process); cached by the inputs."""
    from ikm_sim.scenario import Scenario
    from ikm_sim.uncertainty import UncertaintySpec
    from ikm_sim.uncertainty import sensitivity as morris

    scenario = Scenario.model_validate_json(scenario_json)
    return morris.sensitivity(
        scenario,
        region,
        trajectories,
        UncertaintySpec(band=BAND, seed=seed),
        years=(year,),
        workers=1,
        progress=_progress,
    )


def varied_parameters() -> int:
    """Number of parameters a design varies (D), as `ikm_sim.uncertainty.sensitivity` counts."""
    from ikm_sim.uncertainty import UncertaintySpec
    from ikm_sim.uncertainty.sensitivity import varying_parameters

    return len(varying_parameters(UncertaintySpec(band=BAND, seed=SEED)))


def estimated_seconds(samples: int, year: int) -> int:
    """Rough run time of `samples` samples to `year`, rounded up to 5 s."""
    per_sample = SECONDS_PER_SAMPLE.get(year, max(SECONDS_PER_SAMPLE.values()))
    return max(5, 5 * math.ceil((OVERHEAD_SECONDS + samples * per_sample) / 5))


def _compute(region: str | None, year: int, trajectories: int, lang: str) -> SensitivityResults:
    """Run (or fetch) the analysis of the sidebar scenario with a progress bar."""
    path = selected_scenario()
    if path is None:
        raise FileNotFoundError("no scenario file")
    scenario = _load_scenario(path)
    total = trajectories * (varied_parameters() + 1)
    bar = st.progress(0.0, text=t("sens_running", lang, done=0, total=total))
    # Progress comes from inside the cached function; update the bar in the caller's context
    # so the updates stay out of the cache's replay log.
    outer = contextvars.copy_context()

    def progress(done: int, total: int) -> None:
        value = min(max(done / total, 0.0), 1.0) if total else 1.0
        outer.run(bar.progress, value, text=t("sens_running", lang, done=done, total=total))

    try:
        table = _morris_cached(
            scenario.model_dump_json(), region, year, trajectories, SEED, progress
        )
    finally:
        bar.empty()
    return SensitivityResults(
        table=table,
        region=region,
        year=year,
        trajectories=trajectories,
        seed=SEED,
        scenario=str(scenario.name),
        source=str(path),
    )


def _value(v: float, lang: str, decimals: int) -> str:
    return format_number(v, lang, decimals)


def _range_text(low: float, high: float, lang: str) -> str:
    """A parameter's range with three significant digits, e.g. ``"0,0135–0,0202"``."""
    top = max(abs(low), abs(high))
    decimals = 0 if top == 0 else max(0, 2 - math.floor(math.log10(top)))
    return f"{_value(low, lang, decimals)}–{_value(high, lang, decimals)}"


def ranking_table(
    res: SensitivityResults, lang: str, region_names: Mapping[str, str]
) -> pd.DataFrame:
    """The ranking for display: one row per parameter, national rank first, texts formatted.

    Parameters
    ----------
    res : SensitivityResults
        The analysis.
    lang : {"lv", "en"}
        Language of the labels and number format.
    region_names : mapping
        Municipality names by ATVK code.

    Returns
    -------
    pandas.DataFrame
        Parameter, range, unit, then rank, μ* and σ for Latvia and for the municipality; every
        cell a string.
    """
    table = res.table
    national = table[table["output"] == f"national_gap_{res.year}"].set_index("parameter")
    national = national.sort_values("rank", kind="stable")
    order = [str(p) for p in national.index]
    lows = national["low"].to_numpy(dtype=float)
    highs = national["high"].to_numpy(dtype=float)
    out = pd.DataFrame(
        {
            t("sens_col_parameter", lang): [parameter_label(p, lang) for p in order],
            t("sens_col_range", lang): [
                _range_text(float(lo), float(hi), lang) for lo, hi in zip(lows, highs, strict=True)
            ],
            t("sens_col_unit", lang): [parameter_unit(p, lang) for p in order],
        }
    )
    places = [(f"national_gap_{res.year}", t("sens_latvia", lang))]
    if res.region is not None:
        where = str(region_names.get(res.region, res.region))
        places.append((f"{res.region}_gap_{res.year}", where))
    for output, where in places:
        part = table[table["output"] == output].set_index("parameter").reindex(order)
        out[t("sens_col_rank", lang, where=where)] = [str(int(v)) for v in part["rank"]]
        out[t("sens_col_mu_star", lang, where=where)] = [
            _value(float(v), lang, 1) for v in part["mu_star"]
        ]
        out[t("sens_col_sigma", lang, where=where)] = [
            _value(float(v), lang, 1) for v in part["sigma"]
        ]
    return out


def download_table(res: SensitivityResults, lang: str) -> pd.DataFrame:
    """The ranking with numbers kept as numbers, plus the parameter label and unit (for CSV)."""
    out = res.table.copy()
    out.insert(2, "label", [parameter_label(str(p), lang) for p in out["parameter"]])
    out.insert(3, "unit", [parameter_unit(str(p), lang) for p in out["parameter"]])
    return out


def _show(res: SensitivityResults, lang: str, munis: Mapping[str, str]) -> None:
    """Draw the tornado charts, the ranking table and the explanation of one analysis."""
    scenario = scenario_title(Path(res.source) if res.source else None, lang)
    tag = f"{res.scenario}_{res.year}_r{res.trajectories}_s{res.seed}"
    where = munis.get(res.region, res.region) if res.region else t("sens_latvia", lang)
    st.caption(
        t(
            "sens_results_for",
            lang,
            scenario=res.scenario,
            where=where,
            year=school_year_label(res.year, lang),
            r=res.trajectories,
            samples=format_number(res.samples, lang, 0),
            seed=res.seed,
        )
    )
    st.markdown(t("sens_explain", lang, band=format_number(BAND * 100, lang, 0)))

    charts = [("national", f"national_gap_{res.year}", "valsts")]
    if res.region is not None:
        charts.append(("municipality", f"{res.region}_gap_{res.year}", res.region))
    for section, output, stem in charts:
        st.subheader(t(f"sens_section_{section}", lang))
        chart_with_downloads(
            sensitivity_tornado(res.table, output, lang, munis, top=TOP, scenario=scenario),
            f"sens_{section}",
            lang,
            f"jutigums_{stem}_{tag}",
            table=tornado_table(res.table, output, lang, top=TOP),
        )

    st.subheader(t("sens_section_table", lang))
    st.caption(t("sens_table_note", lang))
    st.dataframe(ranking_table(res, lang, munis), hide_index=True, width="stretch", key="sens_rank")
    raw = download_table(res, lang)
    csv, xlsx = st.columns(2, gap="small", width=400)
    csv.download_button(
        t("download_csv", lang),
        data=export.table_csv(raw),
        file_name=f"jutigums_{tag}.csv",
        mime="text/csv",
        key="sens_table_csv",
        on_click="ignore",
        icon=":material/table:",
    )
    xlsx.download_button(
        t("download_xlsx", lang),
        data=lambda: export.table_xlsx(raw, "jutigums"),
        file_name=f"jutigums_{tag}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="sens_table_xlsx",
        on_click="ignore",
        icon=":material/grid_on:",
    )


def render() -> None:
    """Draw the sensitivity page."""
    lang = current_lang()
    st.title(t("sens_title", lang))
    st.markdown(t("sens_intro", lang))
    _, munis = names(lang)
    regions = sorted(munis, key=lambda c: munis[c])
    if DEFAULT_REGION in munis:
        st.session_state.setdefault(MUNI_KEY, DEFAULT_REGION)
    muni_col, year_col, r_col, button = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
    region = language_aware_selectbox(
        t("muni_select", lang), regions, lambda c: munis.get(c, c), MUNI_KEY, lang, muni_col
    )
    year_text = language_aware_selectbox(
        t("sens_year", lang),
        [str(y) for y in YEAR_CHOICES],
        lambda y: school_year_label(int(y), lang),
        YEAR_KEY,
        lang,
        year_col,
    )
    year = int(year_text or YEAR_CHOICES[0])
    trajectories = int(
        r_col.selectbox(
            t("sens_trajectories", lang),
            options=list(TRAJECTORY_CHOICES),
            index=TRAJECTORY_CHOICES.index(DEFAULT_TRAJECTORIES),
            key=R_KEY,
        )
        or DEFAULT_TRAJECTORIES
    )
    pressed = button.button(
        t("sens_run", lang), type="primary", key=RUN_KEY, icon=":material/bar_chart:"
    )
    d = varied_parameters()
    samples = trajectories * (d + 1)
    st.caption(
        t(
            "sens_cost",
            lang,
            r=trajectories,
            d=d,
            samples=format_number(samples, lang, 0),
            seconds=estimated_seconds(samples, year),
        )
    )
    if pressed:
        try:
            results = _compute(region, year, trajectories, lang)
        except Exception as exc:  # any failure of the run: report it, keep the last results
            st.error(t("sens_failed", lang, message=str(exc)))
        else:
            st.session_state[_RESULTS_KEY] = results
    previous: SensitivityResults | None = st.session_state.get(_RESULTS_KEY)
    if previous is None:
        st.info(t("sens_not_run", lang))
        return
    selected = selected_scenario()
    if (previous.region, previous.year, previous.trajectories, previous.source) != (
        region,
        year,
        trajectories,
        str(selected) if selected else "",
    ):
        st.info(t("sens_stale", lang))
    _show(previous, lang, munis)


if __name__ == "__main__":
    render()
