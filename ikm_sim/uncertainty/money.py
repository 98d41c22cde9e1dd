"""The ensemble's money: cost percentiles, and a what-if's extra cost against a base, paired.

`cost_percentiles` gives, per school year, the percentiles (`PERCENTILES`, as for the
vacancies) of the national wage bill, state target grant, municipal top-up, supply cost and
public cost (`ikm_sim.costs.COST_MEASURES`) over the samples, in nominal and in constant 2025
EUR (column ``basis``).

`paired_ensembles` runs a what-if and its base on **the same samples** (common random numbers:
the same draws, so the uncertainty both share cancels in their difference), and
`paired_costs` takes the percentiles of each sample's difference: the extra public cost, the
gap closed and the vacancies avoided (national, FTE) and EUR per FTE of gap closed, by year
and cumulative (`ikm_sim.costs.per_unit`: a sample where less than
`ikm_sim.costs.MIN_CLOSED_FTE` is closed or money is saved has no ratio; the ratio's
percentiles are over the samples that have one, and ``defined_share`` says how many did).
Each sample keeps the birth variant it drew, so a what-if's own ``births_variant`` lever is
replaced in both runs alike.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ikm_sim.costs import COST_MEASURES, PRICE_BASES, SUMMARY_YEARS, per_unit
from ikm_sim.scenario import Scenario
from ikm_sim.uncertainty.ensemble import Ensemble
from ikm_sim.uncertainty.summary import PERCENTILES, national, national_shortage

if TYPE_CHECKING:
    from ikm_sim.uncertainty.streamed import StreamedEnsemble

#: Columns of the cost percentile tables (`cost_percentiles`, `paired_costs`).
PERCENTILE_COLUMNS = tuple(f"p{p}" for p in PERCENTILES)
#: Measures of the paired comparison, in table order (`paired_costs`).
PAIRED_MEASURES = (
    "extra_cost_eur",
    "gap_closed_fte",
    "vacancies_avoided_fte",
    "eur_per_fte_closed",
    "cum_extra_cost_eur",
    "cum_gap_closed_fte_years",
    "cum_eur_per_fte_closed",
)
#: The paired measures that are money (converted to constant EUR; the others are FTE).
_MONEY_MEASURES = ("extra_cost_eur", "eur_per_fte_closed", "cum_extra_cost_eur")


def national_money(ens: Ensemble | StreamedEnsemble, basis: str = "nominal") -> dict[str, Any]:
    """Every cost measure of `COST_MEASURES`, national per sample and year.

    Parameters
    ----------
    ens : Ensemble or StreamedEnsemble
        The ensemble (with its ``money``).
    basis : {"nominal", "constant"}
        Nominal EUR, or constant 2025 EUR (`ikm_sim.costs.constant_price_factor`).

    Returns
    -------
    dict of str to numpy.ndarray
        Measure -> (samples, years); ``public_cost_eur`` = wage bill + supply cost.
    """
    factor = ens.price_factor if basis == "constant" else np.ones(len(ens.years))
    out = {m: ens.money[m] * factor for m in COST_MEASURES[:-1]}
    out["public_cost_eur"] = out["wage_bill_eur"] + out["supply_cost_eur"]
    return out


def _rows(years: np.ndarray, arrays: dict[str, np.ndarray], basis: str) -> pd.DataFrame:
    """Tidy percentile rows: year, variable, basis, the percentiles, mean, defined_share."""
    frames = []
    for name, values in arrays.items():
        defined = ~np.isnan(values)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a year no sample defines
            q = np.sort(np.nanpercentile(values, PERCENTILES, axis=0, method="linear"), axis=0)
            mean = np.nanmean(values, axis=0)
        frame = pd.DataFrame({"year": years.astype(int), "variable": name, "basis": basis})
        for col, band in zip(PERCENTILE_COLUMNS, q, strict=True):
            frame[col] = band
        frame["mean"] = mean
        frame["defined_share"] = defined.mean(axis=0)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def cost_percentiles(ens: Ensemble | StreamedEnsemble) -> pd.DataFrame:
    """Percentiles of the national cost measures per year, nominal and constant 2025 EUR.

    Parameters
    ----------
    ens : Ensemble or StreamedEnsemble
        The ensemble.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``variable`` (`ikm_sim.costs.COST_MEASURES`), ``basis``, ``p5`` … ``p95``,
        ``mean`` and ``defined_share`` (1: every sample has a value); empty when the
        ensemble carries no money.
    """
    if not ens.money:
        return pd.DataFrame()
    return pd.concat(
        [_rows(ens.years, national_money(ens, b), b) for b in PRICE_BASES], ignore_index=True
    )


def paired_arrays(
    base: Ensemble | StreamedEnsemble, what_if: Ensemble | StreamedEnsemble, basis: str
) -> dict[str, np.ndarray]:
    """Per sample and year: the what-if's extra cost and gap closed against its base.

    Parameters
    ----------
    base, what_if : Ensemble or StreamedEnsemble
        The two ensembles, run on the same samples (`paired_ensembles`).
    basis : {"nominal", "constant"}
        Prices of the money.

    Returns
    -------
    dict of str to numpy.ndarray
        `PAIRED_MEASURES` -> (samples, years).

    Raises
    ------
    ValueError
        If the two ensembles do not have the same samples and years.
    """
    if len(base.samples) != len(what_if.samples) or not np.array_equal(base.years, what_if.years):
        raise ValueError("a paired comparison needs two ensembles of the same samples and years")
    nb, nw = national(base), national(what_if)
    extra = (
        national_money(what_if, basis)["public_cost_eur"]
        - national_money(base, basis)["public_cost_eur"]
    )
    closed = national_shortage(base) - national_shortage(what_if)  # the shortage closed
    avoided = nb["vacancies_fte"] - nw["vacancies_fte"]
    cum_extra, cum_closed = np.cumsum(extra, axis=1), np.cumsum(closed, axis=1)
    return {
        "extra_cost_eur": extra,
        "gap_closed_fte": closed,
        "vacancies_avoided_fte": avoided,
        "eur_per_fte_closed": per_unit(extra, closed),
        "cum_extra_cost_eur": cum_extra,
        "cum_gap_closed_fte_years": cum_closed,
        "cum_eur_per_fte_closed": per_unit(cum_extra, cum_closed),
    }


def paired_costs(
    base: Ensemble | StreamedEnsemble, what_if: Ensemble | StreamedEnsemble
) -> pd.DataFrame:
    """Percentiles of a what-if's extra cost and EUR per FTE closed against its base.

    Parameters
    ----------
    base, what_if : Ensemble or StreamedEnsemble
        The two ensembles, run on the same samples (`paired_ensembles`).

    Returns
    -------
    pandas.DataFrame
        ``year``, ``variable`` (`PAIRED_MEASURES`), ``basis`` (nominal, constant), the
        percentiles, ``mean`` and ``defined_share`` (share of samples with a value: the ratios
        are undefined where nothing is closed or money is saved).
    """
    return pd.concat(
        [_rows(base.years, paired_arrays(base, what_if, b), b) for b in PRICE_BASES],
        ignore_index=True,
    )


def paired_summary(paired: pd.DataFrame, years: tuple[int, ...] = SUMMARY_YEARS) -> pd.DataFrame:
    """The cumulative rows of `paired_costs` to 2030, 2035 and the horizon (those run).

    Parameters
    ----------
    paired : pandas.DataFrame
        The result of `paired_costs`.
    years : tuple of int, optional
        Years summed to.

    Returns
    -------
    pandas.DataFrame
        The rows of the cumulative measures in `years`, column ``year`` renamed ``to_year``.
    """
    cumulative = paired["variable"].astype(str).str.startswith("cum_")
    rows = paired[cumulative & paired["year"].isin(list(years))]
    return rows.rename(columns={"year": "to_year"}).reset_index(drop=True)


def paired_ensembles(
    samples: pd.DataFrame, base: Scenario, what_if: Scenario, **kwargs: Any
) -> tuple[Ensemble | StreamedEnsemble, Ensemble | StreamedEnsemble]:
    """Run a base scenario and a what-if on the same samples (common random numbers).

    Parameters
    ----------
    samples : pandas.DataFrame
        The draws (`ikm_sim.uncertainty.sampling.draw_samples`), used for both.
    base, what_if : Scenario
        The reference and the alternative.
    **kwargs
        Passed to `ikm_sim.uncertainty.streamed.summarised_ensemble` (data, final_year,
        workers, progress, engine, cluster).

    Returns
    -------
    tuple
        The base's ensemble and the what-if's.
    """
    from ikm_sim.uncertainty.streamed import summarised_ensemble

    return (
        summarised_ensemble(samples, base, **kwargs),
        summarised_ensemble(samples, what_if, **kwargs),
    )
