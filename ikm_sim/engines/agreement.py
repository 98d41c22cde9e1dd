"""Check that the fast engine and PySD agree: every variable, every saved time, every cell.

`check_agreement` runs both engines on the same inputs and `compare_outputs` compares their
two `EngineOutput` objects. The tolerance is relative, `RTOL` = 1e-9, against
each cell's own value, with a floor of `FLOOR` times the variable's largest value so that cells
which are zero in one engine and 1e-17 in the other (rounding of a difference of equal numbers)
do not count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ikm_sim.engines import simulate
from ikm_sim.engines.base import EngineOutput

RTOL = 1e-9
#: Cells smaller than this share of the variable's largest cell are compared absolutely.
FLOOR = 1e-6


@dataclass(frozen=True)
class Difference:
    """The worst disagreement of one variable."""

    variable: str
    relative: float
    time: float
    cell: tuple[str, ...]
    reference: float
    candidate: float

    def __str__(self) -> str:
        where = f"[{', '.join(self.cell)}]" if self.cell else ""
        return (
            f"{self.variable}{where} at {self.time:g}: PySD {self.reference:.12g}, "
            f"fast {self.candidate:.12g} (relative difference {self.relative:.2e})"
        )


def compare_outputs(
    reference: EngineOutput, candidate: EngineOutput, rtol: float = RTOL
) -> list[Difference]:
    """Variables whose values differ by more than `rtol` (worst cell of each).

    Parameters
    ----------
    reference, candidate : EngineOutput
        Outputs of the same run by two engines (e.g. PySD and the fast engine).
    rtol : float
        Relative tolerance.

    Returns
    -------
    list of Difference
        Empty when the engines agree; a variable missing from either output, with other
        dimensions or other times, is reported as a difference of infinity.
    """
    problems: list[Difference] = []
    if not np.array_equal(reference.times, candidate.times):
        return [Difference("(saved times)", np.inf, np.nan, (), np.nan, np.nan)]
    for name, ref in reference.values.items():
        if name not in candidate.values or set(reference.dims[name]) != set(candidate.dims[name]):
            problems.append(Difference(name, np.inf, np.nan, (), np.nan, np.nan))
            continue
        order = [candidate.dims[name].index(d) for d in reference.dims[name]]
        cand = np.transpose(candidate.values[name], (0, *(1 + i for i in order)))
        scale = float(np.nanmax(np.abs(ref))) if ref.size else 0.0
        floor = max(scale * FLOOR, np.finfo(float).tiny)
        with np.errstate(invalid="ignore"):
            rel = np.abs(cand - ref) / np.maximum(np.abs(ref), floor)
        rel = np.where(np.isnan(ref) & np.isnan(cand), 0.0, rel)
        rel = np.where(np.isnan(rel), np.inf, rel)
        worst = int(np.argmax(rel)) if rel.size else 0
        if rel.size and rel.flat[worst] > rtol:
            index = np.unravel_index(worst, rel.shape)
            cell = tuple(
                reference.coords[d][i] for d, i in zip(reference.dims[name], index[1:], strict=True)
            )
            problems.append(
                Difference(
                    name,
                    float(rel.flat[worst]),
                    float(reference.times[index[0]]),
                    cell,
                    float(ref[index]),
                    float(cand[index]),
                )
            )
    return problems


def model_variables(data_dir: Path, model_text: str | None = None) -> list[str]:
    """Names of every variable the model computes (not lookups), in model order."""
    from ikm_sim.engines.fast import load_fast_model

    model = load_fast_model(data_dir, model_text=model_text)
    return [info["name"] for info in model.elements.values() if info["kind"] == "aux"]


def check_agreement(
    data_dir: Path,
    inputs: Mapping[str, Any],
    variables: list[str],
    base_year: int,
    final_year: int,
    *,
    samples: int | None = None,
    rtol: float = RTOL,
) -> list[Difference]:
    """Run PySD and the fast engine on the same inputs and compare `variables`.

    Parameters
    ----------
    data_dir : pathlib.Path
        Data directory.
    inputs : mapping
        Model inputs (`ikm_sim.inputs.model_inputs`, thinned).
    variables : list of str
        Variables to compare (`model_variables` for all).
    base_year, final_year : int
        Simulated years.
    samples : int, optional
        Compare the ensemble variant with this many samples.
    rtol : float
        Relative tolerance.

    Returns
    -------
    list of Difference
        Empty when the engines agree.
    """
    reference, candidate = (
        simulate(e, data_dir, inputs, variables, base_year, final_year, samples=samples)
        for e in ("pysd", "fast")
    )
    return compare_outputs(reference, candidate, rtol)
