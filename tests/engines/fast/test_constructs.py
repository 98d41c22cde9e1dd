"""Every construct the fast engine compiles agrees with PySD on a small synthetic model.

``constructs.mdl`` uses subranges and a mapped subrange in an aging-chain-like flow, single
elements on both sides, SUM/VMIN/VMAX/PROD over ``!`` ranges (transposed and subranged),
graphical and inline lookups (with time and with an array argument), SMOOTH, SMOOTH3, DELAY1,
DELAY3I, DELAY FIXED, INITIAL, IF THEN ELSE with array and scalar conditions, logical operators,
XIDZ/ZIDZ, the elementwise functions, RAMP/STEP/PULSE, a half-year time step and a yearly
save period. A construct the engine does not compile fails with a message naming it.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from ikm_sim.engines.agreement import compare_outputs
from ikm_sim.engines.fast import UnsupportedConstruct, load_fast_model
from ikm_sim.engines.pysd import from_pysd

MODEL = Path(__file__).with_name("constructs.mdl")


def _pysd(path: Path, variables: list[str]):
    import pysd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = pysd.read_vensim(str(path))
        out = model.run(return_columns=variables, flatten_output=False)
    return from_pysd(out, variables)


def _all_variables(tmp_path: Path) -> list[str]:
    model = load_fast_model(tmp_path, MODEL)
    return [i["name"] for i in model.elements.values() if i["kind"] == "aux"]


def test_every_construct_agrees_with_pysd(tmp_path: Path) -> None:
    path = tmp_path / "constructs.mdl"
    path.write_text(MODEL.read_text(encoding="utf-8"), encoding="utf-8")
    variables = _all_variables(tmp_path)
    assert len(variables) >= 32
    reference = _pysd(path, variables)
    candidate = load_fast_model(tmp_path, MODEL).run(None, variables)
    assert list(candidate.times) == [float(t) for t in range(11)]
    problems = compare_outputs(reference, candidate)
    assert not problems, "\n".join(map(str, problems))


def test_inputs_override_constants_and_lookups(tmp_path: Path) -> None:
    import pandas as pd
    import xarray as xr

    path = tmp_path / "constructs.mdl"
    path.write_text(MODEL.read_text(encoding="utf-8"), encoding="utf-8")
    params = {
        "Residence": xr.DataArray([3.0, 3.0, 2.0, 6.0], {"A": ["a1", "a2", "a3", "a4"]}, ["A"]),
        "Base In": 4.0,
        "Per B Table": pd.Series([1.0, 5.0, 2.0], index=[0.0, 4.0, 10.0]),
        "Shape": pd.Series([0.0, 1.0], index=[0.0, 10.0]),
    }
    variables = ["Stock", "Time Table", "Shaped", "Fixed", "Delayed Three"]
    import pysd

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = pysd.read_vensim(str(path))
        out = model.run(params=params, return_columns=variables, flatten_output=False)
    reference = from_pysd(out, variables)
    candidate = load_fast_model(tmp_path, MODEL).run(params, variables)
    assert not compare_outputs(reference, candidate)


def _variant(tmp_path: Path, extra: str) -> Path:
    text = MODEL.read_text(encoding="utf-8").replace(
        "INITIAL TIME = 0", extra + "\n\t~\t~\t|\n\nINITIAL TIME = 0"
    )
    path = tmp_path / "variant.mdl"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("equation", "named"),
    [
        ("Trended = TREND(Picked, 2, 0)", "TREND"),
        ("Forecasted = FORECAST(Picked, 2, 3)", "FORECAST"),
        ("Sampled = SAMPLE IF TRUE(Time > 3, Picked, 0)", "SAMPLE IF TRUE"),
        ("Excepted[A] :EXCEPT: [a1] = 1", ":EXCEPT:"),
        ("Ranked[A] = VECTOR RANK(Residence[A], 1)", "VECTOR RANK"),
    ],
)
def test_an_unsupported_construct_is_named(tmp_path: Path, equation: str, named: str) -> None:
    path = _variant(tmp_path, equation)
    with pytest.raises(UnsupportedConstruct) as err:
        load_fast_model(tmp_path, path)
    message = str(err.value)
    assert named in message
    assert equation.split("[")[0].split("=")[0].strip() in message
    assert "engine='pysd'" in message or ":EXCEPT:" in message


def test_the_generated_module_is_cached_and_regenerated_on_change(tmp_path: Path) -> None:
    first = load_fast_model(tmp_path, MODEL)
    assert load_fast_model(tmp_path, MODEL) is first
    path = _variant(tmp_path, "Extra = Picked * 2")
    changed = load_fast_model(tmp_path, path)
    assert changed is not first
    assert "extra" in changed.elements and "extra" not in first.elements
