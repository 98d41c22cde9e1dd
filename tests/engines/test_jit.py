"""The numba backend of the fast engine (``IKM_SIM_FAST_JIT=numba``) computes what numpy does.

Element-wise statements are bit for bit the same; sums lowered to loop nests add sequentially
where numpy adds pairwise, so values that cancel differ in the last bits: Gap FTE and
Vacancies FTE by up to ~2e-12 FTE (a cell numpy computes as exactly 0 in a run from 2012 is
4.5e-13 with numba: beyond `compare_outputs`' floor, so these two are compared absolutely),
Hires, Entrants Needed and Teachers by ~3e-10 relative on their smallest cells; everything
else passes `compare_outputs` at rtol 1e-9, and the run's tables agree within rtol 1e-9 and
an absolute 1e-9. numba compiles each kernel (one per dataset shape and kind of run) once, about
20-25 s on two cores, into the model cache; later processes load it (about 0.5 s with numba's
import). Cold, these tests take about a minute.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numba
import numpy as np
import pandas as pd
import pytest

import ikm_sim
from ikm_sim.data.load import Dataset, load_data
from ikm_sim.engines.agreement import compare_outputs
from ikm_sim.engines.base import EngineOutput
from ikm_sim.engines.fast import FastEngine, FastModel, jit_loops, load_fast_model
from ikm_sim.engines.fast import jit as jit_module
from ikm_sim.engines.fast.jit import JitFallbackWarning, JitStep, backend
from ikm_sim.engines.fast.jit_source import NotJittable
from ikm_sim.errors import IkmSimError
from ikm_sim.paths import DATA_DIR
from ikm_sim.runner import FUNDING_VARIABLES, OTHER_VARIABLES, SUPPLY_DEMAND_VARIABLES
from ikm_sim.scenario import load_scenario
from ikm_sim.settings import FAST_JIT_ENV, FINAL_YEAR
from tests.engines.conftest import run_inputs

CONSTRUCTS = Path(__file__).parent / "fast" / "constructs.mdl"


@pytest.fixture(scope="module")
def embedded() -> Dataset:
    return load_data(DATA_DIR)


def _both(monkeypatch: pytest.MonkeyPatch, run: Any) -> tuple[Any, Any]:
    """`run()` with the numpy loop, then with numba."""
    monkeypatch.setenv(FAST_JIT_ENV, "numpy")
    reference = run()
    monkeypatch.setenv(FAST_JIT_ENV, "numba")
    return reference, run()


@pytest.fixture
def kernels(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The kernels the runs' steps were given (None where a step fell back to numpy)."""
    given: list[Any] = []
    original = JitStep.kernel

    def recording(self: JitStep, args: tuple[Any, ...]) -> Any:
        given.append(original(self, args))
        return given[-1]

    monkeypatch.setattr(JitStep, "kernel", recording)
    return given


def _all_compiled(given: list[Any]) -> bool:
    """Every step ran a kernel compiled by numba (the test fails on a silent numpy fallback)."""
    return bool(given) and all(
        isinstance(k, numba.core.registry.CPUDispatcher) and k.signatures for k in given
    )


def _tables_agree(reference: Any, candidate: Any) -> None:
    for name in reference.tables:
        a, b = getattr(reference, name), getattr(candidate, name)
        assert list(a.columns) == list(b.columns) and len(a) == len(b), name
        for column in a.columns:
            if pd.api.types.is_float_dtype(a[column]):
                np.testing.assert_allclose(
                    b[column], a[column], rtol=1e-9, atol=1e-9, err_msg=f"{name}.{column}"
                )
            else:
                assert a[column].equals(b[column]), f"{name}.{column}"


def test_the_national_baseline_run_agrees(
    monkeypatch: pytest.MonkeyPatch, kernels: list[Any]
) -> None:
    scenario = load_scenario("baseline")
    reference, candidate = _both(monkeypatch, lambda: ikm_sim.run(scenario))
    assert _all_compiled(kernels)
    _tables_agree(reference, candidate)


#: What `ikm_sim.run` asks the engine for (the same plan: the kernel the run test compiled).
RUN_OUTPUTS = list(
    dict.fromkeys([*SUPPLY_DEMAND_VARIABLES.values(), *OTHER_VARIABLES, *FUNDING_VARIABLES])
)
#: Differences of near values summed in another order: compared absolutely (FTE).
CANCELLING = {"Gap FTE": 1e-10, "Vacancies FTE": 1e-10}


@pytest.mark.parametrize("years", [(2023, FINAL_YEAR), (2012, 2023)])
def test_every_output_of_a_run_agrees(
    embedded: Dataset,
    monkeypatch: pytest.MonkeyPatch,
    kernels: list[Any],
    years: tuple[int, int],
) -> None:
    model = load_fast_model(embedded.directory)
    inputs = model.prepare(run_inputs(embedded, base_year=years[0], final_year=years[1]))

    def run() -> EngineOutput:
        return model.run(inputs, RUN_OUTPUTS, initial_time=years[0], final_time=years[1])

    reference, candidate = _both(monkeypatch, run)
    assert _all_compiled(kernels)
    problems = [
        p for p in compare_outputs(reference, candidate, rtol=1e-9) if p.variable not in CANCELLING
    ]
    assert not problems, "\n".join(map(str, problems))
    for name, atol in CANCELLING.items():
        np.testing.assert_allclose(
            candidate.values[name], reference.values[name], rtol=1e-9, atol=atol, err_msg=name
        )
    for name in ("Pupils", "Preschool Children"):  # no sum on their way: bit for bit
        assert np.array_equal(reference.values[name], candidate.values[name]), name


def test_an_ensemble_block_agrees(
    embedded: Dataset, monkeypatch: pytest.MonkeyPatch, kernels: list[Any]
) -> None:
    from ikm_sim.inputs.samples import ensemble_inputs
    from ikm_sim.model.lookup_paths import thin_inputs
    from ikm_sim.uncertainty.ensemble import OUTPUTS
    from ikm_sim.uncertainty.sampling import UncertaintySpec, draw_samples
    from ikm_sim.uncertainty.sources import apply_sources

    engine = FastEngine()
    samples = engine.block + 2  # one whole block and one padded
    rows = draw_samples(samples, UncertaintySpec())
    sampled = ensemble_inputs(embedded, load_scenario("baseline"), rows, 2023)
    inputs = thin_inputs(apply_sources(sampled, embedded, rows, 2023), (2023, FINAL_YEAR))
    outputs = list(dict.fromkeys(o.variable for o in OUTPUTS.values()))  # as the ensemble

    def run() -> EngineOutput:
        return engine.simulate_samples(
            embedded.directory, inputs, outputs, 2023, FINAL_YEAR, samples
        )

    reference, candidate = _both(monkeypatch, run)
    assert _all_compiled(kernels)
    problems = compare_outputs(reference, candidate, rtol=1e-9)
    assert not problems, "\n".join(map(str, problems))


def test_the_construct_fixture_model_agrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernels: list[Any]
) -> None:
    model = load_fast_model(tmp_path, CONSTRUCTS)
    variables = [i["name"] for i in model.elements.values() if i["kind"] == "aux"]
    reference, candidate = _both(monkeypatch, lambda: model.run(None, variables))
    assert _all_compiled(kernels)
    problems = compare_outputs(reference, candidate, rtol=1e-12)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("value", ["", "numpy", "NumPy", " numba "])
def test_the_switch_takes_its_values(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(FAST_JIT_ENV, value)
    assert backend() == (value.strip().lower() or "numpy")


def test_an_unknown_switch_value_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FAST_JIT_ENV, "cuda")
    with pytest.raises(IkmSimError, match=f"{FAST_JIT_ENV}='cuda': expected one of numpy, numba"):
        ikm_sim.run(load_scenario("baseline"))


def test_numba_missing_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FAST_JIT_ENV, "numba")
    monkeypatch.setattr(jit_module.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(IkmSimError, match=r"pip install 'ikm-sim\[jit\]'"):
        backend()


def test_a_step_numba_cannot_take_runs_as_numpy_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernels: list[Any]
) -> None:
    def refuse(*args: object) -> str:
        raise NotJittable("a test")

    monkeypatch.setattr(jit_loops, "loop_source", refuse)
    monkeypatch.setattr(jit_module, "_warned", set())
    model = FastModel(load_fast_model(tmp_path, CONSTRUCTS).module)  # its own steppers
    monkeypatch.setenv(FAST_JIT_ENV, "numpy")
    reference = model.run(None, ["Stock"])
    monkeypatch.setenv(FAST_JIT_ENV, "numba")
    with pytest.warns(JitFallbackWarning, match="runs as numpy .NotJittable: a test"):
        candidate = model.run(None, ["Stock"])
    assert kernels == [None] and not _all_compiled(kernels)
    assert np.array_equal(reference.values["Stock"], candidate.values["Stock"])
