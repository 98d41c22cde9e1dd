"""Model inputs of many samples at once, without calling `model_inputs` per sample.

The data-derived inputs do not depend on the sample, so they are computed once (the lever
paths once per birth variant); the inputs that depend on behavioural parameters come from the
same functions as a single run's (`supply_parameters`, `demand_parameters`), given every
sample's parameters at once, and are arrays over ``Sample``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import BASE_YEAR
from ikm_sim.engines.ensemble_model import SAMPLE_DIM
from ikm_sim.inputs import lever_inputs, model_inputs
from ikm_sim.inputs.demand import DEMAND_SCALARS, demand_parameters
from ikm_sim.inputs.levers import LeverFrame, Today, lever_input
from ikm_sim.inputs.supply import SUPPLY_SCALARS, supply_parameters, supply_tables
from ikm_sim.model import entry_ratio
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.scenario import LEVERS, Scenario


def scalar_inputs(nominal: dict[str, Any]) -> dict[str, str]:
    """Model scalars among `nominal` set directly from a behavioural parameter: variable -> it.

    Parameters
    ----------
    nominal : dict
        Model inputs (`ikm_sim.inputs.model_inputs`).

    Returns
    -------
    dict
        Model variable -> behavioural parameter, for the plain numbers among `nominal`.
    """
    scalars = {**SUPPLY_SCALARS, **DEMAND_SCALARS}
    return {
        var: name
        for var, name in scalars.items()
        if var in nominal and isinstance(nominal[var], int | float)
    }


def over_samples(values: np.ndarray, labels: list[str], coords: dict[str, Any]) -> xr.DataArray:
    """`values` as a DataArray with ``Sample`` (`labels`) first, then the dims of `coords`."""
    return xr.DataArray(
        np.asarray(values, dtype=float), {SAMPLE_DIM: labels, **coords}, [SAMPLE_DIM, *coords]
    )


def rows_over_samples(
    table: np.ndarray, labels: list[str], coords: dict[str, Any]
) -> list[xr.DataArray]:
    """One array over ``Sample`` per row of `table`, all with one template's coordinates.

    ``DataArray.copy(data=...)`` copies the template's built indexes instead of building them
    from the labels again: 0.1 ms a row instead of 0.6 ms (101 years x 4 paths x 10 chunks of
    an N = 1,000 ensemble).
    """
    template = over_samples(table[0], labels, coords)
    return [template.copy(data=np.asarray(row, dtype=float)) for row in table]


def parameter_inputs(
    ds: Dataset, rows: pd.DataFrame, labels: list[str], base_year: int = BASE_YEAR
) -> dict[str, Any]:
    """The inputs that depend on behavioural parameters, over ``Sample`` (one per row).

    The same functions as a single run's inputs (`ikm_sim.inputs.supply.supply_parameters`,
    `ikm_sim.inputs.demand.demand_parameters`), given every sample's parameters at once.

    Parameters
    ----------
    ds : Dataset
        The dataset.
    rows : pandas.DataFrame
        Sample draws, one column per behavioural parameter.
    labels : list of str
        The ``Sample`` labels of the rows.
    base_year : int, optional
        Base year of the run.

    Returns
    -------
    dict
        Model variable name -> array over ``Sample`` (scalars) or ``Sample`` and its dims.
    """
    regions = [str(r) for r in ds.municipalities["atvk"]]
    subjects = [str(s) for s in ds.subjects["code"]]
    params = {name: rows[name].to_numpy(dtype=float) for name in BehaviouralParameters.model_fields}

    def wrap(values: np.ndarray, coords: dict[str, list[str]]) -> xr.DataArray:
        return over_samples(values, labels, coords)

    head = supply_tables(ds, regions, subjects, base_year)[0]
    return {
        **supply_parameters(ds, regions, subjects, params, head, wrap),
        **demand_parameters(ds, regions, subjects, params, wrap),
    }


def _series_over_samples(per_sample: list[pd.Series], labels: list[str]) -> pd.Series:
    """Annual lookup paths of every sample as one path of arrays over ``Sample``."""
    first = per_sample[0]
    coords: dict[str, Any] = {}
    if all(not isinstance(v, xr.DataArray) for s in per_sample for v in s.to_numpy()[:1]):
        table = np.stack([s.to_numpy(dtype=float) for s in per_sample], axis=1)
    else:
        template = next(
            v for s in per_sample for v in s.to_numpy()[:1] if isinstance(v, xr.DataArray)
        )
        stacked = []
        for s in per_sample:
            vals = s.to_numpy()
            arr = np.stack(
                [
                    v.to_numpy()
                    if isinstance(v, xr.DataArray)
                    else np.full(template.shape, float(v))
                    for v in vals
                ]
            )
            stacked.append(arr)
        table = np.stack(stacked, axis=1)  # years, samples, ...
        coords = {str(d): template.coords[d].to_numpy().tolist() for d in template.dims}
    return pd.Series(rows_over_samples(table, labels, coords), index=first.index, dtype=object)


def ensemble_inputs(
    ds: Dataset, scenario: Scenario, rows: pd.DataFrame, base_year: int = BASE_YEAR
) -> dict[str, Any]:
    """Inputs of the ensemble model for the samples in `rows` (one ``Sample`` per row).

    Parameters
    ----------
    ds : Dataset
        The dataset.
    scenario : Scenario
        The scenario; each row's ``births_variant`` replaces its birth variant.
    rows : pandas.DataFrame
        Sample draws (`ikm_sim.uncertainty.sampling.draw_samples`).
    base_year : int
        Base year of the run.

    Returns
    -------
    dict
        Model variable name -> value; sample-dependent inputs carry a ``Sample`` dimension.
    """
    labels = [f"S{i + 1}" for i in range(len(rows))]
    nominal_p = BehaviouralParameters(
        **{k: float(rows[k].iloc[0]) for k in BehaviouralParameters.model_fields}
    )
    nominal = model_inputs(ds, nominal_p, scenario, base_year)
    out = dict(nominal)
    out.update(parameter_inputs(ds, rows, labels, base_year))
    subjects = [str(s) for s in ds.subjects["code"]]
    levers: dict[str, dict[str, Any]] = {}
    per_sample = []
    for variant in rows["births_variant"].astype(str):
        if variant not in levers:
            lv = scenario.levers.model_copy(update={"births_variant": variant})
            levers[variant] = lever_inputs(
                ds, subjects, nominal_p, scenario.model_copy(update={"levers": lv}), base_year
            )
        per_sample.append(levers[variant])
    frame = LeverFrame.of(ds, subjects, nominal_p, scenario, base_year)
    preschool = LEVERS["children_per_preschool_fte"]
    out[preschool.model_variable] = _series_over_samples(
        [
            lever_input(preschool, frame, Today(cpf))
            for cpf in rows["children_per_preschool_fte"].to_numpy(dtype=float)
        ],
        labels,
    )
    births = LEVERS["births"].model_variable
    out[births] = _series_over_samples([inputs[births] for inputs in per_sample], labels)
    level = entry_ratio.estimate(ds, base_year)
    zs = rows["entry_level_z"] if "entry_level_z" in rows else np.zeros(len(rows))
    out["Entry Ratio Deviation"] = _series_over_samples(
        [entry_ratio.level_path(level, base_year, float(z)) for z in zs], labels
    )
    migration = LEVERS["net_migration"].model_variable
    years = nominal[migration].index.to_numpy(dtype=float)
    future = (years > base_year).astype(float)
    shifted = []
    for inputs, delta in zip(per_sample, rows["net_migration"].to_numpy(dtype=float), strict=True):
        s = inputs[migration]
        shifted.append(
            pd.Series(
                [v + delta * f for v, f in zip(s.to_numpy(), future, strict=True)], index=s.index
            )
        )
    out[migration] = _series_over_samples(shifted, labels)
    return out
