"""Fit statistics: weighted residuals, MAPE, bias and Theil's inequality decomposition."""

from __future__ import annotations

import numpy as np
import pandas as pd


def residuals(obs: pd.DataFrame, sim: pd.DataFrame) -> np.ndarray:
    """Weighted residuals of every observation (the vector least squares minimises).

    Parameters
    ----------
    obs : pandas.DataFrame
        From `ikm_sim.calibration.targets.observations` (weights, scale, kind).
    sim : pandas.DataFrame
        Model quantities by year (`ikm_sim.calibration.targets.model_quantities`).

    Returns
    -------
    numpy.ndarray
        ``weight * (sim - obs) / (obs if relative else 1)``; for ``range`` targets the distance
        to the nearer bound of ``[low, high]`` (zero inside; a missing bound is the value).
    """
    s = np.array(
        [
            sim.at[y, q] if y in sim.index else np.nan
            for q, y in zip(obs.quantity, obs.year, strict=True)
        ],
        dtype=float,
    )
    value = obs["value"].to_numpy(dtype=float)
    low = obs["low"].fillna(obs["value"]).to_numpy(dtype=float)
    high = obs["high"].fillna(obs["value"]).to_numpy(dtype=float)
    is_range = (obs["kind"] == "range").to_numpy()
    diff = np.where(
        is_range, np.where(s < low, s - low, np.where(s > high, s - high, 0.0)), s - value
    )
    denom = np.where(obs["scale"] == "relative", np.abs(value), 1.0)
    r = obs["weight"].to_numpy(dtype=float) * diff / np.where(denom > 0, denom, 1.0)
    return np.nan_to_num(r, nan=0.0)


def theil(sim: np.ndarray, act: np.ndarray) -> dict[str, float]:
    """Theil inequality statistics of a simulated vs an actual series (Sterman 1984).

    The mean squared error splits as ``(mean_s - mean_a)^2 + (sd_s - sd_a)^2 +
    2 (1 - r) sd_s sd_a``: U^M (bias), U^S (unequal variation) and U^C (unequal covariation)
    are those parts divided by the MSE and sum to one.

    Returns
    -------
    dict
        ``mse``, ``um``, ``us``, ``uc`` (NaN parts when the MSE is zero).
    """
    s, a = np.asarray(sim, float), np.asarray(act, float)
    mse = float(np.mean((s - a) ** 2))
    if mse <= 0 or len(s) == 0:
        return {"mse": mse, "um": np.nan, "us": np.nan, "uc": np.nan}
    ss, sa = float(s.std()), float(a.std())
    r = float(np.corrcoef(s, a)[0, 1]) if ss > 0 and sa > 0 else 1.0
    return {
        "mse": mse,
        "um": (s.mean() - a.mean()) ** 2 / mse,
        "us": (ss - sa) ** 2 / mse,
        "uc": 2 * (1 - r) * ss * sa / mse,
    }


def fit_table(obs: pd.DataFrame, sim: pd.DataFrame) -> pd.DataFrame:
    """Fit per series: n, MAPE %, bias (mean error, and in % of the mean), Theil parts.

    Returns
    -------
    pandas.DataFrame
        One row per series: ``series, quantity, weight, n, years, mape_pct, bias,
        bias_pct, um, us, uc``.
    """
    rows = []
    for (series, quantity), g in obs.groupby(["series", "quantity"], sort=False):
        g = g[g["year"].isin(sim.index)]
        if g.empty:
            continue
        a = g["value"].to_numpy(float)
        s = sim[quantity].reindex(g["year"].to_numpy()).to_numpy(float)
        err = s - a
        with np.errstate(divide="ignore", invalid="ignore"):
            mape = float(np.mean(np.abs(err / a)) * 100)
        t = theil(s, a)
        rows.append(
            {
                "series": series,
                "quantity": quantity,
                "weight": float(g["weight"].iloc[0]),
                "n": len(g),
                "years": f"{g['year'].min()}-{g['year'].max()}",
                "mape_pct": mape,
                "bias": float(err.mean()),
                "bias_pct": float(err.mean() / np.mean(a) * 100),
                "um": t["um"],
                "us": t["us"],
                "uc": t["uc"],
            }
        )
    return pd.DataFrame(rows)


def confidence_intervals(
    jac: np.ndarray, res: np.ndarray, n_params: int, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Standard errors and half-widths of approximate CIs from the Jacobian.

    ``cov = s^2 (J^T J)^+`` with ``s^2 = SSR / (m - n)`` (the residual variance; with
    weights equal to 1/σ and a correct model it is near 1). Uses the pseudo-inverse, so
    unidentified directions get wide, not infinite, intervals.

    Returns
    -------
    tuple of numpy.ndarray
        Standard errors and half-widths (normal quantile of `level`).
    """
    from scipy.stats import norm

    m = len(res)
    dof = max(m - n_params, 1)
    s2 = float(res @ res) / dof
    cov = np.linalg.pinv(jac.T @ jac) * s2
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    return se, se * float(norm.ppf(0.5 + level / 2))


def identifiability(
    jac: np.ndarray, names: list[str], data_rows: int, rtol: float = 1e-3
) -> pd.DataFrame:
    """Which parameters the data identify: the Jacobian's rank without and with the priors.

    A parameter is identified by the data when removing its column lowers the numerical rank
    of the data part of the Jacobian (rows of the observations, not of the priors): no other
    parameter can mimic its effect on the fitted series. The rank uses singular values above
    ``rtol`` times the largest.

    Parameters
    ----------
    jac : numpy.ndarray
        Jacobian of the weighted residuals, data rows first, then one row per prior, columns
        scaled to the parameters' ranges.
    names : list of str
        Parameter names (columns).
    data_rows : int
        Number of data rows at the top of `jac`.
    rtol : float, optional
        Relative tolerance of the rank.

    Returns
    -------
    pandas.DataFrame
        ``name, sensitivity`` (norm of its data column, relative to the largest),
        ``identified_by_data`` (bool), with the data rank and the condition number in
        ``DataFrame.attrs``.
    """
    data = np.asarray(jac, dtype=float)[:data_rows]

    def rank(m: np.ndarray) -> int:
        if m.size == 0:
            return 0
        sv = np.linalg.svd(m, compute_uv=False)
        return int(np.sum(sv > rtol * sv.max())) if sv.max() > 0 else 0

    full = rank(data)
    norms = np.linalg.norm(data, axis=0)
    identified = [rank(np.delete(data, i, axis=1)) < full for i in range(data.shape[1])]
    sv = np.linalg.svd(data, compute_uv=False) if data.size else np.array([0.0])
    out = pd.DataFrame(
        {
            "name": names,
            "sensitivity": norms / norms.max() if norms.max() > 0 else norms,
            "identified_by_data": identified,
        }
    )
    out.attrs["rank"] = full
    out.attrs["n_parameters"] = len(names)
    out.attrs["condition"] = float(sv.max() / sv.min()) if sv.min() > 0 else float("inf")
    return out
