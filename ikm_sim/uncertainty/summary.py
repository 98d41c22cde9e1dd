"""Percentile bands and shortage probabilities from an ensemble, and writing them to disk."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ikm_sim.atomic import staged_directory
from ikm_sim.calibration.targets import SCHOOL_EXCLUDED
from ikm_sim.uncertainty.ensemble import OUTPUTS, Ensemble
from ikm_sim.uncertainty.widening import stored_scales, widen_percentiles

if TYPE_CHECKING:
    from ikm_sim.uncertainty.streamed import StreamedEnsemble

PERCENTILES = (5, 25, 50, 75, 95)
#: Default shortage thresholds: an absolute gap in FTE and a share of demand.
GAP_FTE_THRESHOLD = 1.0
GAP_SHARE_THRESHOLD = 0.05


def _bands(values: np.ndarray) -> np.ndarray:
    """Percentiles over the first axis; sorted so they are monotone even with rounding."""
    q = np.percentile(values, PERCENTILES, axis=0, method="linear")
    return np.sort(q, axis=0)


def percentile_frame(
    years: np.ndarray, keys: dict[str, list[str]], col: str, q: np.ndarray, mean: np.ndarray
) -> pd.DataFrame:
    """One output's tidy rows: key columns, ``variable``, ``p5`` … ``p95`` and ``mean``.

    `q` holds the percentiles (`PERCENTILES`) over the first axis, then years and the keys'
    dimensions; `mean` the same without the first axis.
    """
    frame = pd.MultiIndex.from_product([years, *keys.values()], names=["year", *keys]).to_frame(
        index=False
    )
    frame = frame.assign(variable=col)
    assert frame.shape[0] == mean.size
    for p, band in zip(PERCENTILES, q, strict=True):
        frame[f"p{p}"] = band.reshape(-1)
    frame["mean"] = mean.reshape(-1)
    return frame


def _long(
    ens: Ensemble | StreamedEnsemble, arrays: dict[str, np.ndarray], keys: dict[str, list[str]]
) -> pd.DataFrame:
    """Tidy table: key columns, ``variable``, ``p5`` … ``p95`` and ``mean``."""
    frames = [
        percentile_frame(ens.years, keys, col, _bands(values), values.mean(axis=0))
        for col, values in arrays.items()
    ]
    return pd.concat(frames, ignore_index=True)


#: Quantities of the school subjects only (every subject but `SCHOOL_EXCLUDED`): name -> the
#: output they are summed from. ``school_pedagogues`` is the published teacher total.
SCHOOL_QUANTITIES = {"school_pedagogues": "teachers", "school_vacancies_fte": "vacancies_fte"}
#: Every quantity of the national and municipal percentile tables, in their order.
QUANTITIES = (*OUTPUTS, *SCHOOL_QUANTITIES)


def by_subject(col: str) -> bool:
    """Whether an output of `OUTPUTS` has a subject dimension."""
    return "Subject" in OUTPUTS[col].dims


def by_region(ens: Ensemble) -> dict[str, np.ndarray]:
    """Every quantity of `QUANTITIES` per sample, year and municipality (subjects summed)."""
    out = {c: v.sum(axis=3) if by_subject(c) else v for c, v in ens.values.items()}
    school = ~np.isin(np.array(ens.subjects), SCHOOL_EXCLUDED)
    for name, col in SCHOOL_QUANTITIES.items():
        out[name] = ens.values[col][..., school].sum(axis=3)
    return out


def national(ens: Ensemble | StreamedEnsemble) -> dict[str, np.ndarray]:
    """Every quantity of `QUANTITIES` as national totals per sample and year."""
    if not isinstance(ens, Ensemble):
        return dict(ens.national_values)
    return {c: v.sum(axis=2) for c, v in by_region(ens).items()}


def cell_shortage(values: Mapping[str, np.ndarray]) -> np.ndarray:
    """Per sample and year: the positive gaps of the municipality × subject cells summed.

    The shortage (`ikm_sim.indicators.aggregate.SHORTAGE`) of an ensemble's values
    (``gap_fte`` of shape samples × years × municipalities × subjects).
    """
    return np.clip(values["gap_fte"], 0.0, None).sum(axis=(2, 3))


def national_shortage(ens: Ensemble | StreamedEnsemble) -> np.ndarray:
    """The shortage per sample and year (`cell_shortage`; kept exactly by a streamed run)."""
    if not isinstance(ens, Ensemble):
        return ens.national_shortage
    return cell_shortage(ens.values)


def cell_percentiles(ens: Ensemble | StreamedEnsemble) -> pd.DataFrame:
    """Percentiles per year, municipality and subject of the outputs with a subject."""
    if not isinstance(ens, Ensemble):
        return ens.percentiles("cells")
    arrays = {c: v for c, v in ens.values.items() if by_subject(c)}
    return _long(ens, arrays, {"region": ens.regions, "subject": ens.subjects})


def national_percentiles(
    ens: Ensemble | StreamedEnsemble, scales: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Percentiles of the national totals per year (each sample summed first).

    Parameters
    ----------
    ens : Ensemble or StreamedEnsemble
        The ensemble (the national totals of a streamed one are kept exactly).
    scales : mapping, optional
        Widening scales per quantity (`ikm_sim.uncertainty.widening`; the published outputs
        pass `widened_scales()`); default none: the ensemble's own bands.

    Returns
    -------
    pandas.DataFrame
        Year, ``variable``, the percentiles and the mean.
    """
    table = _long(ens, national(ens), {})
    return widen_percentiles(table, scales, int(ens.years[0])) if scales else table


def widened_scales() -> dict[str, float]:
    """The widening scales the published outputs use: the calibration report's (or none)."""
    return stored_scales()


def region_percentiles(ens: Ensemble | StreamedEnsemble) -> pd.DataFrame:
    """Percentiles of each municipality's totals over subjects, per year."""
    if not isinstance(ens, Ensemble):
        return ens.percentiles("regions")
    return _long(ens, by_region(ens), {"region": ens.regions})


def subject_percentiles(ens: Ensemble | StreamedEnsemble) -> pd.DataFrame:
    """Percentiles of each subject's national totals, per year (outputs with a subject)."""
    if not isinstance(ens, Ensemble):
        return ens.percentiles("subjects")
    arrays = {c: v.sum(axis=2) for c, v in ens.values.items() if by_subject(c)}
    return _long(ens, arrays, {"subject": ens.subjects})


def over_thresholds(
    gap: np.ndarray, demand: np.ndarray, fte: float, share: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per cell, how many samples have a gap over `fte` FTE, and over `share` of demand."""
    return (gap > fte).sum(axis=0), (gap > share * demand).sum(axis=0)


def shortage_probability(
    ens: Ensemble | StreamedEnsemble,
    fte: float = GAP_FTE_THRESHOLD,
    share: float = GAP_SHARE_THRESHOLD,
) -> pd.DataFrame:
    """Share of samples in which the gap exceeds `fte` FTE, and `share` of demand, per cell.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``region``, ``subject``, ``p_gap_over_fte``, ``p_gap_over_share``.
    """
    if isinstance(ens, Ensemble):
        gap, demand = ens.values["gap_fte"], ens.values["demand_fte"]
        over_fte, over_share = over_thresholds(gap, demand, fte, share)
        over_fte, over_share = over_fte / len(gap), over_share / len(gap)
    else:
        over_fte, over_share = ens.shortage_shares(fte, share)
    index = pd.MultiIndex.from_product(
        [ens.years, ens.regions, ens.subjects], names=["year", "region", "subject"]
    ).to_frame(index=False)
    return index.assign(
        p_gap_over_fte=over_fte.reshape(-1), p_gap_over_share=over_share.reshape(-1)
    )


def write_summary(
    ens: Ensemble | StreamedEnsemble, out_dir: Path, meta: dict[str, Any] | None = None
) -> list[Path]:
    """Write percentile tables, shortage probabilities, the draws and ``uncertainty.json``.

    ``percentiles_costs.csv`` holds the national cost percentiles by year
    (`ikm_sim.uncertainty.money.cost_percentiles`, nominal and constant 2025 EUR).

    The files replace their namesakes in `out_dir` only once all are written
    (`ikm_sim.atomic.staged_directory`), so a failure leaves earlier results intact.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    from ikm_sim.uncertainty.money import cost_percentiles

    out_dir = Path(out_dir)
    tables = {
        "percentiles_cells.csv": cell_percentiles(ens),
        "percentiles_national.csv": national_percentiles(ens, widened_scales()),
        "percentiles_regions.csv": region_percentiles(ens),
        "percentiles_subjects.csv": subject_percentiles(ens),
        "shortage_probability.csv": shortage_probability(ens),
        "samples.csv": ens.samples,
    }
    costs = cost_percentiles(ens)
    if not costs.empty:
        tables["percentiles_costs.csv"] = costs
    doc = {
        "samples": len(ens.samples),
        "percentiles": list(PERCENTILES),
        "outputs": list(QUANTITIES),
        "thresholds": {"gap_fte": GAP_FTE_THRESHOLD, "gap_share_of_demand": GAP_SHARE_THRESHOLD},
        "source_sizes": ens.source_sizes,
        **(meta or {}),
    }
    with staged_directory(out_dir) as stage:
        for name, table in tables.items():
            table.round(4).to_csv(stage / name, index=False)
        text = json.dumps(doc, indent=2, ensure_ascii=False)
        (stage / "uncertainty.json").write_text(text, encoding="utf-8")
    return [out_dir / name for name in (*tables, "uncertainty.json")]
