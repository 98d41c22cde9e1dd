"""An ensemble reduced chunk by chunk as the chunks finish, in memory that does not grow with N.

`run_ensemble` holds every sample's outputs (N × years × municipalities × subjects per
output: about 1.5 GB at N = 1,000); `stream_ensemble` reduces each chunk as it arrives (in
sample order, so the result is the same wherever the chunks ran) and keeps, for N samples and
Y years:

* the national totals of every quantity per sample and year, exactly (N × Y × 9 numbers,
  17 MB at N = 10,000): national percentiles, means and shortage probabilities are exact;
  likewise the national money (`ikm_sim.uncertainty.ensemble.MONEY`), so the cost
  percentiles (`ikm_sim.uncertainty.money`) are exact;
* per cell of the other tables (year × municipality × subject of the five outputs with a
  subject, year × municipality and year × subject of every quantity, about 93,000 cells on the
  embedded data): a histogram of `BINS` equal bins, the exact minimum, maximum and sum, and
  the number of samples over the shortage thresholds (about 100 MB in all, whatever N);
* at most `ikm_sim.executor.Executor.window` chunks in flight.

The bins of a cell first span the first chunk's range widened by `MARGIN` times that range
on each side; when a later value falls outside, the cell's bins double in width (pairs of bins
merge, the histogram stays exact as counts) until it falls inside. A percentile follows numpy's
``linear`` method on order statistics that are placed within their bin as if the bin's values
were evenly spread, clipped to the cell's exact minimum and maximum (the extremes themselves
are exact). Its error is therefore at most one bin: 1/128 of the first chunk's range, or of
up to twice the whole range when the bins had to grow; in practice a small fraction of it
(``tests/uncertainty/test_streamed.py`` measures it against exact percentiles: under 1 % of the
5-95 % band at N = 10,000). Means and shortage probabilities are exact in every table.

`summarised_ensemble` is what ``ikm-sim uncertainty`` uses: every sample held (exact
percentiles) up to `HELD_SAMPLES`, streamed above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ikm_sim.data.load import Dataset
from ikm_sim.executor import executor
from ikm_sim.scenario import Scenario
from ikm_sim.settings import FINAL_YEAR
from ikm_sim.uncertainty.ensemble import (
    CHUNK,
    MONEY,
    Ensemble,
    Progress,
    _data_key,
    _dataset,
    ensemble_chunks,
    price_factor,
    run_ensemble,
)
from ikm_sim.uncertainty.sources import drawn_sizes
from ikm_sim.uncertainty.summary import (
    GAP_FTE_THRESHOLD,
    GAP_SHARE_THRESHOLD,
    PERCENTILES,
    by_region,
    by_subject,
    cell_shortage,
    over_thresholds,
    percentile_frame,
)

#: Bins of a cell's histogram (a bin's number fits a byte while its count waits).
BINS = 256
#: Samples whose bins are found as they arrive but counted together (a byte per sample and
#: cell: 10 MB for 500 samples of the 20,000 cells of one quantity).
PENDING_SAMPLES = 500
#: Cells counted at once when the pending bins are counted (their counts, 1 MB, stay in the
#: CPU's cache while the bins are counted into them).
CELL_BLOCK = 512
#: The bins first span the first chunk's range widened by this many ranges on each side.
MARGIN = 0.5
#: Up to this many samples ``ikm-sim uncertainty`` holds them all (exact percentiles).
HELD_SAMPLES = 1000
#: The tables kept as histograms: name -> their key columns.
KINDS = {"cells": ("region", "subject"), "regions": ("region",), "subjects": ("subject",)}


class Sketch:
    """Mergeable histograms of many cells: percentiles in memory independent of the samples.

    Parameters
    ----------
    first : numpy.ndarray
        The first values, shape (samples, *cells); their range sets the bins.
    """

    def __init__(self, first: np.ndarray) -> None:
        self.shape = first.shape[1:]
        v = first.reshape(len(first), -1)
        lo, hi = v.min(axis=0), v.max(axis=0)
        span = np.maximum(hi - lo, np.maximum(np.abs(lo) * 1e-9, 1e-12))
        self.lo = lo - MARGIN * span
        self.width = (1 + 2 * MARGIN) * span / BINS
        self._counts = np.zeros((v.shape[1], BINS), dtype=np.int32)
        self._pending: list[np.ndarray] = []
        self.min, self.max = lo.copy(), hi.copy()
        self.sum = np.zeros(v.shape[1])
        self.n = 0
        self.add(first)

    @property
    def counts(self) -> np.ndarray:
        """Samples per cell and bin, shape (cells, `BINS`)."""
        self._flush()
        return self._counts

    def add(self, values: np.ndarray) -> None:
        """Count `values` (shape (samples, *cells)) into the histograms."""
        v = values.reshape(len(values), -1)
        low, high = v.min(axis=0), v.max(axis=0)
        self._grow(low, high)
        idx = np.subtract(v, self.lo)
        np.divide(idx, self.width, out=idx)
        np.clip(idx, 0, BINS - 1, out=idx)  # rounding at the top edge only
        self._pending.append(idx.astype(np.uint8))  # in [0, BINS): truncating is flooring
        np.minimum(self.min, low, out=self.min)
        np.maximum(self.max, high, out=self.max)
        self.sum += v.sum(axis=0)
        self.n += len(v)
        if sum(len(p) for p in self._pending) >= PENDING_SAMPLES:
            self._flush()

    def _flush(self) -> None:
        """Count the bins of the values added since the last count, a block of cells at a time.

        Counting passes over every cell's bins whatever the samples: done for
        `PENDING_SAMPLES` samples at once instead of every chunk, and for `CELL_BLOCK` cells
        at a time, a chunk's reduction costs about half (`benchmarks/ensemble_speed.py`).
        """
        if not self._pending:
            return
        idx = np.concatenate(self._pending)
        self._pending = []
        cells = idx.shape[1]
        for start in range(0, cells, CELL_BLOCK):
            stop = min(start + CELL_BLOCK, cells)
            offsets = np.arange(stop - start, dtype=np.intp) * BINS
            flat = idx[:, start:stop] + offsets  # bincount takes intp
            found = np.bincount(flat.ravel(), minlength=(stop - start) * BINS)
            self._counts[start:stop] += found.reshape(stop - start, BINS).astype(np.int32)

    def _grow(self, low: np.ndarray, high: np.ndarray) -> None:
        """Double the bins of every cell whose span misses a value (pairs of bins merge)."""
        half = BINS // 2
        while True:
            up = high >= self.lo + BINS * self.width
            down = low < self.lo
            if not (up.any() or down.any()):
                return
            grow = up | down
            merged = self._counts[grow, 0::2] + self._counts[grow, 1::2]
            # growing down keeps the top edge, growing up the bottom edge
            at_top = down[grow]
            rows = np.zeros((grow.sum(), BINS), dtype=self._counts.dtype)
            rows[at_top, half:] = merged[at_top]
            rows[~at_top, :half] = merged[~at_top]
            self._counts[grow] = rows
            for pending in self._pending:  # bins not yet counted merge the same way
                moved = pending[:, grow] // 2
                moved[:, at_top] += half
                pending[:, grow] = moved
            self.lo = np.where(down, self.lo - BINS * self.width, self.lo)
            self.width = np.where(grow, 2 * self.width, self.width)

    def _order(self, cum: np.ndarray, k: int) -> np.ndarray:
        """The k-th smallest value (0-based) of every cell, placed within its bin."""
        rows = np.arange(cum.shape[0])
        b = np.minimum((cum <= k).sum(axis=1), BINS - 1)
        before = np.where(b > 0, cum[rows, np.maximum(b - 1, 0)], 0)
        count = np.maximum(self.counts[rows, b], 1)
        v = self.lo + (b + (k - before + 0.5) / count) * self.width
        if k == 0:
            return self.min.copy()
        if k == self.n - 1:
            return self.max.copy()
        return np.clip(v, self.min, self.max)

    def percentiles(self, ps: tuple[int, ...] = PERCENTILES) -> np.ndarray:
        """Percentiles (numpy's ``linear`` method) of every cell, shape (len(ps), *cells)."""
        cum = np.cumsum(self.counts, axis=1)
        out = []
        for p in ps:
            h = (self.n - 1) * p / 100
            k = int(np.floor(h))
            low = self._order(cum, k)
            high = self._order(cum, min(k + 1, self.n - 1)) if h > k else low
            out.append(low + (h - k) * (high - low))
        return np.sort(np.stack(out), axis=0).reshape(len(ps), *self.shape)

    def mean(self) -> np.ndarray:
        """Mean of every cell, shape ``cells``."""
        return (self.sum / max(self.n, 1)).reshape(self.shape)


@dataclass
class StreamedEnsemble:
    """An ensemble reduced as it ran: exact national totals, histograms of everything else.

    The functions of `ikm_sim.uncertainty.summary` and `ikm_sim.uncertainty.pack` take it
    where they take an `Ensemble`.

    Attributes
    ----------
    years : numpy.ndarray
        School years.
    regions, subjects : list of str
        Municipality and subject codes.
    samples : pandas.DataFrame
        The sample draws.
    source_sizes : dict of str to float
        Standard deviation of every source drawn.
    national_values : dict of str to numpy.ndarray
        Every quantity's national total per sample and year (exact).
    sketches : dict
        ``(kind, quantity)`` -> `Sketch` (kinds: `KINDS`).
    over : tuple of numpy.ndarray
        Samples per year, municipality and subject with a gap over `GAP_FTE_THRESHOLD` FTE
        and over `GAP_SHARE_THRESHOLD` of demand.
    national_shortage : numpy.ndarray
        The shortage per sample and year (`ikm_sim.uncertainty.summary.cell_shortage`, exact).
    money, price_factor : dict, numpy.ndarray
        The national money per sample and year and the constant-price factor, as
        `ikm_sim.uncertainty.ensemble.Ensemble` has them (exact).
    """

    years: np.ndarray
    regions: list[str]
    subjects: list[str]
    samples: pd.DataFrame
    source_sizes: dict[str, float] = field(default_factory=dict)
    national_values: dict[str, np.ndarray] = field(default_factory=dict)
    sketches: dict[tuple[str, str], Sketch] = field(default_factory=dict)
    over: tuple[np.ndarray, np.ndarray] = (np.zeros(0), np.zeros(0))
    money: dict[str, np.ndarray] = field(default_factory=dict)
    national_shortage: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    price_factor: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def percentiles(self, kind: str) -> pd.DataFrame:
        """The percentile table of `kind` (`KINDS`), as `ikm_sim.uncertainty.summary` has it."""
        names = {"region": self.regions, "subject": self.subjects}
        keys = {k: names[k] for k in KINDS[kind]}
        frames = [
            percentile_frame(self.years, keys, q, s.percentiles(), s.mean())
            for (k, q), s in self.sketches.items()
            if k == kind
        ]
        return pd.concat(frames, ignore_index=True)

    def shortage_shares(self, fte: float, share: float) -> tuple[np.ndarray, np.ndarray]:
        """Shares of samples over the thresholds per cell (only the thresholds it counted)."""
        if (fte, share) != (GAP_FTE_THRESHOLD, GAP_SHARE_THRESHOLD):
            raise ValueError(
                f"a streamed ensemble counted gaps over {GAP_FTE_THRESHOLD} FTE and "
                f"{GAP_SHARE_THRESHOLD} of demand only"
            )
        n = len(self.samples)
        return self.over[0] / n, self.over[1] / n


def _tables_of(
    chunk: Ensemble, regions: dict[str, np.ndarray]
) -> dict[tuple[str, str], np.ndarray]:
    """A chunk's arrays per table of `KINDS`: (kind, quantity) -> (samples, years, keys…)."""
    out = {("cells", c): v for c, v in chunk.values.items() if by_subject(c)}
    out.update({("regions", q): v for q, v in regions.items()})
    out.update({("subjects", c): v.sum(axis=2) for c, v in chunk.values.items() if by_subject(c)})
    return out


def _reduce(target: StreamedEnsemble, chunk: Ensemble, national: list[dict[str, Any]]) -> None:
    """Add one chunk (in sample order) to `target`; its national totals to `national`."""
    regions = by_region(chunk)
    national.append({q: v.sum(axis=2) for q, v in regions.items()})
    over = over_thresholds(
        chunk.values["gap_fte"], chunk.values["demand_fte"], GAP_FTE_THRESHOLD, GAP_SHARE_THRESHOLD
    )
    if not target.sketches:
        target.years = chunk.years
        target.over = over
        target.sketches = {key: Sketch(v) for key, v in _tables_of(chunk, regions).items()}
        return
    target.over = (target.over[0] + over[0], target.over[1] + over[1])
    for key, v in _tables_of(chunk, regions).items():
        target.sketches[key].add(v)


def stream_ensemble(
    samples: pd.DataFrame,
    scenario: Scenario,
    data: Path | Dataset | None = None,
    final_year: int = FINAL_YEAR,
    base_year: int | None = None,
    workers: int | None = None,
    chunk: int = CHUNK,
    progress: Progress | None = None,
    engine: str | None = None,
    cluster: Any = None,
) -> StreamedEnsemble:
    """Run every sample and reduce the chunks as they finish (see the module docstring).

    The parameters are those of `ikm_sim.uncertainty.ensemble.run_ensemble` (vectorised
    chunks only).

    Returns
    -------
    StreamedEnsemble
    """
    ds = _dataset(_data_key(data))
    regions = [str(r) for r in ds.municipalities["atvk"]]
    subjects = [str(s) for s in ds.subjects["code"]]
    out = StreamedEnsemble(np.zeros(0), regions, subjects, samples.reset_index(drop=True))
    national: list[dict[str, Any]] = []
    money: list[dict[str, np.ndarray]] = []
    shortage: list[np.ndarray] = []
    with executor(cluster, workers) as ex:
        pieces = ensemble_chunks(
            samples, scenario, data, final_year, base_year, ex=ex, chunk=chunk,
            progress=progress, engine=engine,
        )  # fmt: skip
        for years, values in pieces:
            money.append({c: values.pop(c) for c in MONEY})
            shortage.append(cell_shortage(values))
            _reduce(out, Ensemble(years, regions, subjects, values, samples.iloc[:0]), national)
    out.national_values = {q: np.concatenate([n[q] for n in national]) for q in national[0]}
    out.national_shortage = np.concatenate(shortage)
    out.money = {c: np.concatenate([m[c] for m in money]) for c in MONEY}
    out.price_factor = price_factor(ds, out.years)
    out.source_sizes = drawn_sizes(ds, samples)
    return out


def summarised_ensemble(
    samples: pd.DataFrame, scenario: Scenario, **kwargs: Any
) -> Ensemble | StreamedEnsemble:
    """`run_ensemble` up to `HELD_SAMPLES` samples (exact), `stream_ensemble` above.

    The keyword arguments are those of `stream_ensemble`.
    """
    if len(samples) <= HELD_SAMPLES:
        return run_ensemble(samples, scenario, **kwargs)
    return stream_ensemble(samples, scenario, **kwargs)
