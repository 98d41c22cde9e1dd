"""Coverage of the ensemble's bands in backtests: how often the published value lies inside.

For each backtest origin O the data are cut at O and the model's state of O is rebuilt
(`ikm_sim.state.origin.origin_dataset`); an ensemble of the uncertainty design
(`ikm_sim.uncertainty.sampling`) runs from O to O + 5, and each published value of the covered
series (`COVERED`, observations of ``calibration/targets.yaml``) at lead k = year − O is tested
against the 80 % (P10-P90) and 95 % (P2.5-P97.5) bands of that lead. `coverage_by_lead` gives
the share inside per series, lead and level beside the nominal level and flags a difference of
more than `TOLERANCE`.

Where the ensemble under-covers, `widen` adds an empirical error band in quadrature: per
series, the part of each origin's squared relative error of the median not explained by the
ensemble's own spread, divided by the lead, averaged over the *other* origins (leave one
origin out, so a point is never judged by a band fitted to it) gives ``c²``; the band of lead k
gets a normal half-width ``z · c · √k`` (relative to the median) added in quadrature to each
side. With few published points (one to six per lead) the widening rests on few errors: the
table's ``n`` says how few. For a forecast, `widening_scales` gives ``c`` from every origin and
`ikm_sim.uncertainty.widening.widen_percentiles` applies it to a percentile table.

Two simplifications: the parameters at each origin are the calibrated ones unless the caller
passes parameters fitted up to O (``parameters_at``), and the sources of
`ikm_sim.uncertainty.sources` are sized from the whole published history (their spread, not
their level: an origin's own history is too short to size them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from ikm_sim.calibration.backtest import LEADS
from ikm_sim.calibration.targets import load_targets, observations
from ikm_sim.data.load import Dataset
from ikm_sim.model.parameters import BehaviouralParameters, load_parameters
from ikm_sim.scenario import load_scenario
from ikm_sim.state.origin import origin_dataset
from ikm_sim.uncertainty.ensemble import run_ensemble
from ikm_sim.uncertainty.sampling import UncertaintySpec, draw_samples
from ikm_sim.uncertainty.sources import SOURCES, sd_column, source_sizes
from ikm_sim.uncertainty.summary import national

#: Origins of the coverage backtests (the last one has a published value one year later).
DEFAULT_ORIGINS = tuple(range(2014, 2023))
#: Covered series: label -> (ensemble quantity, observed quantity of the targets).
COVERED: dict[str, tuple[str, str]] = {
    "school pedagogues": ("school_pedagogues", "school_pedagogues"),
    "pupils 1-12": ("pupils", "pupils_total"),
    "first-graders": ("first_graders", "pupils_grade_1"),
    "school vacancies": ("school_vacancies_fte", "school_vacancies_fte"),
}
#: Nominal level -> (lower, upper) percentile of its band.
LEVELS: dict[float, tuple[float, float]] = {0.8: (10.0, 90.0), 0.95: (2.5, 97.5)}
#: Series label of the coverage over every series and lead.
ALL_SERIES = "all"
#: Largest acceptable |share inside - nominal|.
TOLERANCE = 0.10
POINT_COLUMNS = (
    "origin",
    "series",
    "lead",
    "year",
    "observed",
    "median",
    "sd",
    "level",
    "lo",
    "hi",
)
COVERAGE_COLUMNS = ("band", "series", "lead", "level", "n", "inside", "share", "nominal", "off")


def _points(
    origin: int, values: dict[str, np.ndarray], years: np.ndarray, obs: pd.DataFrame
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for label, (quantity, observed) in COVERED.items():
        o = obs[obs["quantity"] == observed].drop_duplicates("year").set_index("year")["value"]
        for k in LEADS:
            y = origin + k
            if y not in o.index or y not in years:
                continue
            draws = values[quantity][:, list(years).index(y)]
            for level, (lo, hi) in LEVELS.items():
                rows.append(
                    {
                        "origin": origin,
                        "series": label,
                        "lead": k,
                        "year": y,
                        "observed": float(o[y]),
                        "median": float(np.median(draws)),
                        "sd": float(np.std(draws)),
                        "level": level,
                        "lo": float(np.percentile(draws, lo)),
                        "hi": float(np.percentile(draws, hi)),
                    }
                )
    return rows


def backtest_bands(
    data: Dataset,
    origins: Sequence[int] = DEFAULT_ORIGINS,
    n: int = 200,
    spec: UncertaintySpec | None = None,
    parameters_at: Callable[[int], BehaviouralParameters] | None = None,
    workers: int | None = None,
    engine: str | None = None,
) -> pd.DataFrame:
    """Run an ensemble from every origin and collect the bands around each published value.

    Parameters
    ----------
    data : Dataset
        The full dataset.
    origins : sequence of int
        Forecast origins (school years with pupils and births).
    n : int
        Samples per origin.
    spec : UncertaintySpec, optional
        The uncertainty design (default: every source).
    parameters_at : callable, optional
        Origin -> parameters of its roll-forward and ensemble; default the calibrated ones.
    workers : int, optional
        Worker processes of each ensemble.
    engine : {"fast", "pysd"}, optional
        The engine of the ensembles (default: `ikm_sim.engines.check_engine`).

    Returns
    -------
    pandas.DataFrame
        `POINT_COLUMNS`: one row per origin, series, lead and level, with the observed value,
        the ensemble's median, standard deviation and band.
    """
    spec = spec or UncertaintySpec()
    obs = observations(data, load_targets())
    sizes = source_sizes(data)
    scenario = load_scenario("baseline")
    rows: list[dict[str, object]] = []
    for origin in origins:
        params = parameters_at(origin) if parameters_at else load_parameters()
        at = origin_dataset(data, origin, params)
        draws = draw_samples(n, spec, base=params)
        for source in SOURCES:
            draws[sd_column(source)] = sizes[source]
        ens = run_ensemble(
            draws,
            scenario,
            at,
            origin + max(LEADS),
            base_year=origin,
            workers=workers,
            engine=engine,
        )
        rows += _points(origin, national(ens), np.asarray(ens.years), obs)
    return pd.DataFrame(rows, columns=list(POINT_COLUMNS))


def _excess(points: pd.DataFrame) -> pd.Series:
    """Squared relative error of the median beyond the ensemble's own spread, per lead year."""
    rel = (points["observed"] - points["median"]) / points["median"]
    ens = points["sd"] / points["median"]
    return np.maximum(0.0, rel**2 - ens**2) / points["lead"]


def widening_scales(points: pd.DataFrame) -> dict[str, float]:
    """The widening's scale ``c`` per covered quantity, from every origin (for forecasts).

    Parameters
    ----------
    points : pandas.DataFrame
        `backtest_bands` output.

    Returns
    -------
    dict
        Ensemble quantity (`COVERED`) -> ``c``, the relative error per square root of a year
        of lead not explained by the ensemble's spread.
    """
    one = points[points["level"] == points["level"].iloc[0]] if len(points) else points
    excess = _excess(one)
    return {
        COVERED[label][0]: float(np.sqrt(excess[one["series"] == label].mean()))
        for label in COVERED
        if (one["series"] == label).any()
    }


def widen(points: pd.DataFrame) -> pd.DataFrame:
    """Bands widened by the empirical error of the other origins (see the module docstring).

    Parameters
    ----------
    points : pandas.DataFrame
        `backtest_bands` output.

    Returns
    -------
    pandas.DataFrame
        The same rows with ``lo`` and ``hi`` widened and a column ``c`` (the relative error
        scale per square root of a year that was added).
    """
    out = points.copy()
    excess = _excess(out)
    c = np.zeros(len(out))
    for i, row in enumerate(out.itertuples()):
        others = (out["series"] == row.series) & (out["origin"] != row.origin)
        others &= out["level"] == row.level
        c[i] = float(np.sqrt(excess[others].mean())) if others.any() else 0.0
    z = np.array([stats.norm.ppf(0.5 + level / 2) for level in out["level"]])
    extra = z * c * np.sqrt(out["lead"].to_numpy()) * out["median"].to_numpy()
    med = out["median"].to_numpy()
    out["lo"] = med - np.hypot(med - out["lo"].to_numpy(), extra)
    out["hi"] = med + np.hypot(out["hi"].to_numpy() - med, extra)
    out["c"] = c
    return out


def coverage_by_lead(points: pd.DataFrame, band: str = "ensemble") -> pd.DataFrame:
    """Share of published values inside the bands, per series, lead and level.

    Parameters
    ----------
    points : pandas.DataFrame
        `backtest_bands` (or `widen`) output.
    band : str
        Label of the bands in the ``band`` column (``ensemble`` or ``widened``).

    Returns
    -------
    pandas.DataFrame
        `COVERAGE_COLUMNS`: ``n`` published values, ``inside`` of them in the band, ``share``
        = inside / n, ``nominal`` level, ``off`` True where |share − nominal| > `TOLERANCE`.
    """
    p = points.assign(
        inside=(points["observed"] >= points["lo"]) & (points["observed"] <= points["hi"])
    )
    g = p.groupby(["series", "lead", "level"], sort=False)["inside"]
    out = g.agg(n="size", inside="sum").reset_index()
    out["inside"] = out["inside"].astype(int)
    out["share"] = out["inside"] / out["n"]
    out["nominal"] = out["level"]
    out["off"] = (out["share"] - out["nominal"]).abs() > TOLERANCE
    out.insert(0, "band", band)
    return out[list(COVERAGE_COLUMNS)]


def coverage_report(points: pd.DataFrame) -> pd.DataFrame:
    """Coverage before (``ensemble``) and after (``widened``) the empirical widening.

    Parameters
    ----------
    points : pandas.DataFrame
        `backtest_bands` output.

    Returns
    -------
    pandas.DataFrame
        `coverage_by_lead` of both bands, one under the other, plus the same per series and
        level over all leads (``lead`` 0), and over every series (`ALL_SERIES`) by lead and
        over all leads.
    """
    frames = []
    for band, pts in (("ensemble", points), ("widened", widen(points))):
        frames.append(coverage_by_lead(pts, band))
        frames.append(coverage_by_lead(pts.assign(lead=0), band))
        frames.append(coverage_by_lead(pts.assign(series=ALL_SERIES), band))
        frames.append(coverage_by_lead(pts.assign(lead=0, series=ALL_SERIES), band))
    out = pd.concat(frames, ignore_index=True)
    order = {s: i for i, s in enumerate([*COVERED, ALL_SERIES])}
    key = out["series"].map(order) * 1000 + out["lead"] * 10 + out["level"]
    return out.assign(_k=key).sort_values(["band", "_k"]).drop(columns="_k").reset_index(drop=True)
