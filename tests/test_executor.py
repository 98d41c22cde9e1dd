"""The executor: local pool or dask cluster, the same results, one-line errors.

The dask tests share one `LocalCluster` of two single-threaded worker processes (about 10-20 s
to start) and run the small dataset (tests/fixtures/mini_data); they are marked slow (``make
test`` runs them, ``-m "not slow"`` leaves them out).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest

from ikm_sim import executor as executor_module
from ikm_sim.executor import (
    FALLBACK_ENV,
    SCHEDULER_ENV,
    ClusterError,
    LocalExecutor,
    check_address,
    connect,
    executor,
    local_cluster,
    make_executor,
    resolve_cluster,
)
from ikm_sim.model.parameters import load_parameters
from ikm_sim.scenario import load_scenario
from ikm_sim.uncertainty import UncertaintySpec, draw_samples, run_ensemble
from ikm_sim.uncertainty.sobol import sobol, sobol_design
from ikm_sim.uncertainty.streamed import stream_ensemble
from ikm_sim.uncertainty.summary import cell_percentiles, national_percentiles
from tests.conftest import MINI_DATA

FINAL = 2028
#: A port nothing listens on: connecting fails at once.
NOWHERE = "tcp://127.0.0.1:9"


def _square_plus(x: int, y: int) -> int:
    return x * x + y


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("tcp://10.0.0.5:8786", "tcp://10.0.0.5:8786"),
        ("10.0.0.5:8786", "tcp://10.0.0.5:8786"),
        (" tls://sched.example.lv:8786 ", "tls://sched.example.lv:8786"),
    ],
)
def test_addresses_are_normalised(address: str, expected: str) -> None:
    assert check_address(address) == expected


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("tcp://host", "expected an address such as tcp://10.0.0.5:8786"),
        ("tcp://host:port", "expected an address such as tcp://10.0.0.5:8786"),
        ("http://host:8786", "unknown scheme 'http'"),
        ("tcp://:8786", "expected an address such as"),
        ("tcp://host:8786/path", "expected an address such as"),
    ],
)
def test_bad_addresses_are_one_line(address: str, message: str) -> None:
    with pytest.raises(ClusterError, match=message) as info:
        check_address(address)
    assert "\n" not in str(info.value)


def test_unreachable_scheduler_is_one_line() -> None:
    with pytest.raises(ClusterError) as info:
        connect(NOWHERE, timeout=2)
    text = str(info.value)
    assert text.startswith(f"cannot reach the dask scheduler at {NOWHERE}")
    assert "\n" not in text


def test_environment_chooses_the_cluster_and_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(executor_module, "CONNECT_TIMEOUT", 1.0)
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    assert resolve_cluster(None) is None
    monkeypatch.setenv(SCHEDULER_ENV, NOWHERE)
    assert resolve_cluster(None) == NOWHERE
    assert resolve_cluster("local") is None  # overrides the environment
    monkeypatch.setenv(FALLBACK_ENV, "0")
    with pytest.raises(ClusterError, match="cannot reach"):
        make_executor(None, workers=1)
    monkeypatch.setenv(FALLBACK_ENV, "1")
    with pytest.warns(UserWarning, match="running on this machine instead"):
        ex = make_executor(None, workers=1)
    assert isinstance(ex, LocalExecutor) and ex.workers == 1
    with pytest.raises(ClusterError):  # asked explicitly: no fallback
        make_executor(NOWHERE, workers=1, fallback=False)


def test_results_come_back_in_order_with_a_bounded_window() -> None:
    jobs = [(i, 1) for i in range(9)]
    with executor("local", workers=2) as ex:
        assert ex.window == 4
        assert list(ex.ordered(_square_plus, jobs)) == [i * i + 1 for i in range(9)]
    with executor("local", workers=1) as ex:  # in this process
        assert list(ex.ordered(_square_plus, jobs[:3])) == [1, 2, 5]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with local_cluster(2) as c:
        yield c


@pytest.mark.slow
def test_the_cluster_runs_pieces_in_order(client: Any) -> None:
    with executor(client) as ex:
        assert ex.remote and ex.workers == 2
        assert list(ex.ordered(_square_plus, [(i, 2) for i in range(7)])) == [
            i * i + 2 for i in range(7)
        ]
    assert client.status == "running"  # a caller's client stays open


@pytest.mark.slow
def test_ensemble_on_a_local_cluster_is_identical_to_the_local_pool(client: Any) -> None:
    sc = load_scenario("baseline")
    draws = draw_samples(10, UncertaintySpec(seed=21))
    local = run_ensemble(draws, sc, MINI_DATA, FINAL, workers=2, chunk=3)
    remote = run_ensemble(draws, sc, MINI_DATA, FINAL, chunk=3, cluster=client)
    np.testing.assert_array_equal(local.years, remote.years)
    for col, values in local.values.items():
        np.testing.assert_array_equal(values, remote.values[col], err_msg=col)
    pd.testing.assert_frame_equal(local.samples, remote.samples)
    # the streamed reduction too: chunks reduced in sample order wherever they ran
    streamed_local = stream_ensemble(draws, sc, MINI_DATA, FINAL, workers=2, chunk=3)
    streamed_remote = stream_ensemble(draws, sc, MINI_DATA, FINAL, chunk=3, cluster=client)
    for table in (national_percentiles, cell_percentiles):
        pd.testing.assert_frame_equal(table(streamed_local), table(streamed_remote))


@pytest.mark.slow
def test_sobol_design_on_a_local_cluster_is_identical_to_the_local_pool(client: Any) -> None:
    sc = load_scenario("baseline")
    spec = UncertaintySpec(seed=4, parameters=("entrant_load", "returner_rate"))
    _, rows = sobol_design(spec, 8, "medium", load_parameters())
    local = run_ensemble(rows, sc, MINI_DATA, FINAL, workers=2, chunk=8)
    remote = run_ensemble(rows, sc, MINI_DATA, FINAL, chunk=8, cluster=client)
    for col, values in local.values.items():
        np.testing.assert_array_equal(values, remote.values[col], err_msg=col)
    # and the indices computed from them
    kwargs: dict[str, Any] = {"data": MINI_DATA, "years": (FINAL,), "spec": spec}
    a = sobol(sc, None, 8, workers=1, **kwargs).indices
    b = sobol(sc, None, 8, cluster=client, **kwargs).indices
    pd.testing.assert_frame_equal(a, b)
