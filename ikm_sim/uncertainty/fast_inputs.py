"""Model inputs of many samples at once, without calling `model_inputs` per sample.

`ikm_sim.model.inputs.model_inputs` costs about 0.1 s (pandas pivots of the data tables), as
much as the model itself costs per sample in a vectorised run. The data-derived inputs do not
depend on the sample, so they are computed once per birth variant; the inputs that depend on
behavioural parameters are rebuilt here as arrays over ``Sample`` with the same formulas as
`ikm_sim.model.inputs` (a test checks both agree for random samples).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from ikm_sim.data.load import Dataset
from ikm_sim.data.schema import BASE_YEAR, TEACHER_AGES
from ikm_sim.engines.ensemble_model import SAMPLE_DIM
from ikm_sim.model import entry_ratio
from ikm_sim.model.inputs import AGE_LABELS, lever_inputs, model_inputs, national_lever_path
from ikm_sim.model.parameters import LEAVE_BANDS, BehaviouralParameters
from ikm_sim.scenario import Scenario


def scalar_inputs(nominal: dict[str, Any]) -> dict[str, str]:
    """Model scalars set directly from a behavioural parameter: variable -> parameter.

    A parameter is a scalar input when a model variable of the same name (words of the
    parameter, case ignored: ``returner_rate`` -> ``Returner Rate``) is a plain number among
    the inputs, so a parameter added to `BehaviouralParameters` and passed to the model under
    its own name is sampled without being listed here.
    """
    by_words = {k.lower(): k for k, v in nominal.items() if isinstance(v, int | float)}
    out = {}
    for name in BehaviouralParameters.model_fields:
        var = by_words.get(name.replace("_", " "))
        if var is not None:
            out[var] = name
    return out


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


def _col(rows: pd.DataFrame, name: str) -> np.ndarray:
    return rows[name].to_numpy(dtype=float)


def _parameter_inputs(
    ds: Dataset, rows: pd.DataFrame, nominal: dict[str, Any], labels: list[str]
) -> dict[str, Any]:
    """Parameter-dependent inputs over ``Sample`` (formulas of `ikm_sim.model.inputs`)."""
    ages = np.array(TEACHER_AGES, dtype=float)
    out: dict[str, Any] = {
        var: over_samples(_col(rows, p), labels, {}) for var, p in scalar_inputs(nominal).items()
    }
    leave = np.zeros((len(rows), len(ages)))
    for name, (lo, hi) in LEAVE_BANDS.items():
        leave[:, (ages >= lo) & (ages <= hi)] = _col(rows, name)[:, None]
    age_coords = {"Age": AGE_LABELS}
    out["Base Leave Rate"] = over_samples(leave, labels, age_coords)
    young = np.exp(-0.5 * ((ages - 25.0) / 3.0) ** 2)
    older = np.exp(
        -0.5 * ((ages[None, :] - _col(rows, "entrant_mean_age_changers")[:, None]) / 8.0) ** 2
    )
    g = _col(rows, "graduate_share_of_entrants_age")[:, None]
    profile = g * young / young.sum() + (1 - g) * older / older.sum(axis=1, keepdims=True)
    profile[:, ages >= 65] = 0.0
    profile /= profile.sum(axis=1, keepdims=True)
    out["Entrant Age Profile"] = over_samples(profile, labels, age_coords)

    # Study places are proportional to students per 1,000 teachers (see supply_inputs).
    regions = [str(r) for r in ds.municipalities["atvk"]]
    subjects = [str(s) for s in ds.subjects["code"]]
    head = nominal["Initial Teachers"].sum(dim=("Region", "Age")).to_numpy()
    weight = head * np.array([0.3 if s in ("PHY", "CHE") else 1.0 for s in subjects])
    unit = head.sum() / 1000.0 * weight / max(weight.sum(), 1e-9)
    places = _col(rows, "students_per_1000_teachers")[:, None] * unit[None, :]
    sc = {"Subject": subjects}
    out["Base Training Places"] = over_samples(places, labels, sc)
    out["Base Applicants"] = over_samples(
        places * _col(rows, "applicants_per_place")[:, None], labels, sc
    )
    munis = ds.municipalities.set_index("atvk").reindex(ds.municipalities["atvk"])
    riga = (munis["planning_region"] == "Rīga").to_numpy()
    high = munis["planning_region"].isin(["Latgale", "Rīga"]).to_numpy()
    city = (munis["type"] == "state_city").to_numpy()
    rc = {"Region": regions}
    pref = np.where(riga[None, :], _col(rows, "regional_preference_riga")[:, None], 1.0)
    out["Regional Preference"] = over_samples(pref, labels, rc)
    expo = np.where(high[None, :], _col(rows, "language_exposure_high")[:, None], 0.5)
    out["Language Exposure"] = over_samples(expo, labels, rc)
    el = np.where(
        city[None, :],
        _col(rows, "class_elasticity_state_city")[:, None],
        _col(rows, "class_elasticity_novads")[:, None],
    )
    out["Class Elasticity"] = over_samples(el, labels, rc)
    split = ds.subjects.set_index("code").reindex(subjects)["split_groups"].astype(bool).to_numpy()
    sf = np.where(split[None, :], _col(rows, "split_group_factor")[:, None], 1.0)
    out["Split Factor"] = over_samples(sf, labels, sc)
    return out


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
    out.update(_parameter_inputs(ds, rows, nominal, labels))
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
    out["Children per Preschool FTE"] = _series_over_samples(
        [
            national_lever_path(scenario, "children_per_preschool_fte", cpf, base_year)
            for cpf in rows["children_per_preschool_fte"].to_numpy(dtype=float)
        ],
        labels,
    )
    out["Birth Index"] = _series_over_samples(
        [inputs["Birth Index"] for inputs in per_sample], labels
    )
    level = entry_ratio.estimate(ds, base_year)
    zs = rows["entry_level_z"] if "entry_level_z" in rows else np.zeros(len(rows))
    out["Entry Ratio Deviation"] = _series_over_samples(
        [entry_ratio.level_path(level, base_year, float(z)) for z in zs], labels
    )
    years = nominal["Net Migration Rate"].index.to_numpy(dtype=float)
    future = (years > base_year).astype(float)
    shifted = []
    for inputs, delta in zip(per_sample, rows["net_migration"].to_numpy(dtype=float), strict=True):
        s = inputs["Net Migration Rate"]
        shifted.append(
            pd.Series(
                [v + delta * f for v, f in zip(s.to_numpy(), future, strict=True)], index=s.index
            )
        )
    out["Net Migration Rate"] = _series_over_samples(shifted, labels)
    return out
