"""The fused step computes exactly what the generated functions compute node by node.

`ikm_sim.engines.fast.fuse` rewrites a run's step (shared subexpressions once, values fixed
for the run once per run); every number must stay bit for bit the same, on the synthetic model
of every construct and on the national model with the runner's outputs.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from ikm_sim.data.load import load_data
from ikm_sim.engines.base import EngineOutput
from ikm_sim.engines.fast import FastModel, load_fast_model
from ikm_sim.engines.fast.fuse import NotFusable, StepSpec, step_source
from ikm_sim.paths import DATA_DIR
from tests.engines.conftest import RUNNER_VARIABLES, run_inputs

MODEL = Path(__file__).with_name("constructs.mdl")


def _identical(a: EngineOutput, b: EngineOutput) -> None:
    assert list(a.times) == list(b.times)
    for name in a.values:
        assert np.array_equal(a.values[name], b.values[name], equal_nan=True), name


def _both(model: FastModel) -> tuple[FastModel, FastModel]:
    return model, FastModel(model.module, fuse=False)


def _fused_steps(model: FastModel) -> list[Path]:
    return sorted(Path(model.module.__file__ or "").parent.glob("step_*.py"))


def test_every_construct_is_the_same_fused(tmp_path: Path) -> None:
    fused, plain = _both(load_fast_model(tmp_path, MODEL))
    for cached in _fused_steps(fused):
        cached.unlink()
    variables = [i["name"] for i in fused.elements.values() if i["kind"] == "aux"]
    result = fused.run(None, variables)
    assert len(_fused_steps(fused)) == 1  # the fused step ran (and is cached), not the fallback
    _identical(result, plain.run(None, variables))


def test_a_step_that_cannot_be_fused_runs_node_by_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ikm_sim.engines.fast import model as model_module

    def refuse(*args: object) -> str:
        raise NotFusable("test")

    monkeypatch.setattr(model_module, "step_source", refuse)
    module = load_fast_model(tmp_path, MODEL).module
    refused, plain = FastModel(module), FastModel(module, fuse=False)
    for cached in _fused_steps(refused):
        cached.unlink()
    _identical(refused.run(None, ["Stock"]), plain.run(None, ["Stock"]))
    assert not _fused_steps(refused)


def test_a_read_only_model_cache_fuses_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ikm_sim.engines.fast import model as model_module

    def read_only(*args: object) -> None:
        raise PermissionError("read-only")

    written: list[str] = []

    def source(*args: Any) -> str:
        written.append(step_source(*args))
        return written[-1]

    monkeypatch.setattr(model_module, "write_text_atomic", read_only)
    monkeypatch.setattr(model_module, "step_source", source)
    module = load_fast_model(tmp_path, MODEL).module
    fused, plain = FastModel(module), FastModel(module, fuse=False)
    for cached in _fused_steps(fused):
        cached.unlink()
    _identical(
        fused.run(None, ["Stock", "Delayed Three"]), plain.run(None, ["Stock", "Delayed Three"])
    )
    assert len(written) == 1 and not _fused_steps(fused)  # fused, compiled in memory


def test_inputs_series_and_lookups_are_the_same_fused(tmp_path: Path) -> None:
    import xarray as xr

    fused, plain = _both(load_fast_model(tmp_path, MODEL))
    params = {
        "Residence": xr.DataArray([3.0, 3.0, 2.0, 6.0], {"A": ["a1", "a2", "a3", "a4"]}, ["A"]),
        "Base In": pd.Series([4.0, 1.0, 7.0], index=[0.0, 3.0, 10.0]),
        "Per B Table": pd.Series([1.0, 5.0, 2.0], index=[0.0, 4.0, 10.0]),
        "Shape": pd.Series([0.0, 1.0], index=[0.0, 10.0]),
    }
    variables = ["Stock", "Time Table", "Shaped", "Fixed", "Delayed Three"]
    _identical(fused.run(params, variables), plain.run(params, variables))


@pytest.mark.slow
def test_the_national_run_is_the_same_fused() -> None:
    data = load_data(DATA_DIR)
    fused, plain = _both(load_fast_model(data.directory))
    inputs = fused.prepare(run_inputs(data))
    _identical(
        fused.run(inputs, RUNNER_VARIABLES, 2023, 2045),
        plain.run(inputs, RUNNER_VARIABLES, 2023, 2045),
    )


SOURCE = """
def f_a(v):
    return rt.fit((v['_integ_s']) * ((1) - (v['y'])), (3,))

def f_b(v):
    return ((v['_integ_s']) * ((1) - (v['y']))) * (v['p'] + 2)

def f_c(v):
    return ((v['a'][0]) * (2)) if (v['k']) > (0) else ((1) / (v['k']))

def _integ_s__flow(v):
    out = np.empty((3,))
    out[0] = v['a'][0]
    out[1:3] = v['b'][1:3]
    return out
"""


def _spec(step: tuple[str, ...] = ("a", "b", "c")) -> StepSpec:
    return StepSpec(
        step=tuple((k, f"f_{k}") for k in step),
        states=(("_integ_s", ("_integ_s__flow",)),),
        moving=("_integ_s",),
        stored=step,
    )


def test_a_repeated_expression_is_computed_once_and_fixed_ones_once_per_run() -> None:
    source = step_source(SOURCE, _spec())
    step = source.split("def step(v):")[1]
    assert step.count("n__integ_s * _h0") == 1  # s * (1 - y), shared by a and b
    setup = source.split("def step(v):")[0]
    assert "_h0 = 1 - n_y" in setup and "n_p + 2" in setup  # fixed for the run
    assert "n_a[0] * 2 if _h" in step and "else 1 / n_k" in step  # branches as they are
    ast.parse(source)


def test_the_fused_step_returns_the_values_and_the_state_inputs() -> None:
    namespace: dict[str, Any] = {}
    exec(compile(step_source(SOURCE, _spec()), "fused", "exec"), namespace)
    v: dict[str, Any] = {"_integ_s": np.array([1.0, 2.0, 3.0]), "y": 0.5, "p": 1.0, "k": 2.0}
    step = namespace["bind"](v, {}, None)
    (flow,) = step(v)
    assert np.array_equal(v["a"], [0.5, 1.0, 1.5])
    assert np.array_equal(v["b"], [1.5, 3.0, 4.5])
    assert v["c"] == 1.0
    assert np.array_equal(flow, [0.5, 3.0, 4.5])


def test_an_unknown_function_form_is_not_fused() -> None:
    odd = SOURCE + "\ndef f_d(v):\n    for i in range(2):\n        pass\n    return 1\n"
    with pytest.raises(NotFusable):
        step_source(odd, _spec(("a", "d")))
    with pytest.raises(NotFusable):
        step_source(SOURCE, _spec(("a", "missing")))
