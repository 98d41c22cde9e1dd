"""Nothing is lost: a write that fails part-way leaves the earlier files byte-for-byte intact.

Each writer of the package (run results, comparisons, the uncertainty summary and pack, the
calibration report and ``calibrated.yaml``, the dataset build, single files) is made to fail
at every one of its writes in turn (and while swapping the new files in); afterwards the
directory holds exactly the earlier bytes and no temporary files are left beside it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import ikm_sim.atomic as atomic
import ikm_sim.calibration.report as report_module
import ikm_sim.databuild.dataset as build_module
from ikm_sim.atomic import replaced_directory, staged_directory, write_bytes_atomic
from ikm_sim.calibration.fit import FitResult
from ikm_sim.calibration.report import write_report
from ikm_sim.calibration.stats import fit_table
from ikm_sim.compare import Comparison
from ikm_sim.data.load import load_data
from ikm_sim.data.schema import TABLES
from ikm_sim.model.parameters import BehaviouralParameters
from ikm_sim.runner import RunResult
from ikm_sim.uncertainty import Ensemble
from ikm_sim.uncertainty.summary import write_summary
from tests.conftest import MINI_DATA
from tests.ui.fakes import make_result
from tests.uncertainty.test_pack import ensemble  # noqa: F401 - a small real ensemble


class Boom(OSError):
    """The injected failure."""


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Everything under `root`'s parent: file -> bytes, directory -> None (temporary ones too)."""
    return {
        str(p.relative_to(root.parent)): p.read_bytes() if p.is_file() else None
        for p in sorted(root.parent.rglob("*"))
    }


def fail_at(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, k: int) -> list[int]:
    """Make the `k`-th call of ``owner.name`` raise `Boom` (earlier calls work); count calls."""
    real = getattr(owner, name)
    calls = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == k:
            raise Boom(f"injected failure in call {k} of {name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return calls


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, write: Callable[[], Any]):
    calls = fail_at(monkeypatch, owner, name, 0)
    write()
    monkeypatch.undo()
    return calls[0]


def assert_all_or_nothing(
    monkeypatch: pytest.MonkeyPatch,
    root: Path,
    first: Callable[[], Any],
    second: Callable[[], Any],
    points: list[tuple[Any, str]],
) -> None:
    """`first()` writes under `root`; `second()` fails at every call of every point in turn.

    After each failure the files around `root` are exactly those `first()` left; after
    `second()` finally succeeds, they differ.
    """
    first()
    before = snapshot(root)
    for owner, name in points:
        n = count_calls(monkeypatch, owner, name, second)
        assert n > 0, f"{name} is never called"
        first()  # back to the earlier state (the counting run succeeded)
        before = snapshot(root)
        for k in range(1, n + 1):
            fail_at(monkeypatch, owner, name, k)
            with pytest.raises(Boom):
                second()
            monkeypatch.undo()
            assert snapshot(root) == before, f"{name} failing at call {k} of {n} changed files"
    second()
    assert snapshot(root) != before


def run_result(seed: int) -> RunResult:
    fake = make_result(seed)
    return RunResult(
        "s", fake.supply_demand, fake.pupils, fake.preschool, fake.teachers_by_age, {"seed": seed}
    )


# Both the final move into place and every file write are failure points.
RENAMES = [(os, "replace")]


def test_run_result_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "runs" / "r"
    assert_all_or_nothing(
        monkeypatch,
        out,
        lambda: run_result(1).write(out),
        lambda: run_result(2).write(out),
        [(pacsv, "write_csv"), (Path, "write_text"), *RENAMES],
    )
    assert_all_or_nothing(
        monkeypatch,
        out,
        lambda: run_result(1).write(out, "parquet"),
        lambda: run_result(2).write(out, "parquet"),
        [(pq, "write_table"), (Path, "write_text"), *RENAMES],
    )


def test_comparison_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def comparison(seed: int) -> Comparison:
        sd = run_result(seed).supply_demand
        return Comparison(run_result(seed), run_result(seed + 1), sd, sd, sd, sd, sd, {"s": seed})

    out = tmp_path / "cmp"
    assert_all_or_nothing(
        monkeypatch,
        out,
        lambda: comparison(1).write(out),
        lambda: comparison(5).write(out),
        [(pd.DataFrame, "to_csv"), (Path, "write_text"), *RENAMES],
    )


def test_uncertainty_summary(
    ensemble: Ensemble,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "fan"
    assert_all_or_nothing(
        monkeypatch,
        out,
        lambda: write_summary(ensemble, out, {"run": 1}),
        lambda: write_summary(ensemble, out, {"run": 2}),
        [(pd.DataFrame, "to_csv"), (Path, "write_text"), *RENAMES],
    )


def fit_result(estimate: float) -> FitResult:
    years = pd.Index(range(2012, 2024), name="year")
    observed = pd.DataFrame(
        {
            "series": "pedagogues",
            "quantity": "school_pedagogues",
            "year": list(years),
            "value": [25_000.0 + 10 * i for i in range(len(years))],
            "weight": 1.0,
        }
    )
    simulated = pd.DataFrame({"school_pedagogues": observed["value"].to_numpy() * estimate}, years)
    estimates = pd.DataFrame(
        {
            "name": ["leave_20_24"], "prior": [0.08], "estimate": [estimate], "se": [0.01],
            "ci_low": [estimate - 0.02], "ci_high": [estimate + 0.02], "lower": [0.0],
            "upper": [0.4], "at_bound": [False], "unit": ["1/year"],
        }
    )  # fmt: skip
    return FitResult(
        estimates=estimates,
        fit=fit_table(observed, simulated),
        observations=observed,
        simulated=simulated,
        prior_simulated=simulated * 1.01,
        parameters=BehaviouralParameters(),
        cost=1.0,
        prior_cost=2.0,
        nfev=3,
        seconds=1.0,
        message="converged",
        data_directory=str(MINI_DATA),
    )


def test_calibration_report_and_calibrated_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, calibrated = tmp_path / "calibration" / "report", tmp_path / "calibration" / "cal.yaml"
    assert_all_or_nothing(
        monkeypatch,
        out,
        lambda: write_report(fit_result(1.0), out, None, calibrated),
        lambda: write_report(fit_result(1.01), out, None, calibrated),
        [
            (report_module, "save_chart"),
            (pd.DataFrame, "to_csv"),
            (Path, "write_text"),
            (report_module, "write_calibrated"),
            *RENAMES,
        ],
    )
    assert calibrated.read_text().count("leave_20_24") == 2  # parameters and fit


@pytest.fixture
def small_tables() -> Iterator[dict[str, pd.DataFrame]]:
    data = load_data(MINI_DATA)
    yield {name: data.table(name) for name in TABLES}


def test_dataset_build(
    small_tables: dict[str, pd.DataFrame], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "data"
    out.mkdir()
    (out / "README.md").write_text("kept")

    def build(change: float) -> None:
        tables = {k: v.copy() for k, v in small_tables.items()}
        tables["births"]["births"] = tables["births"]["births"] + change
        monkeypatch.setattr(build_module, "build_tables", lambda seed: tables)
        build_module.build_dataset(out, seed=1)

    assert_all_or_nothing(
        monkeypatch, out, lambda: build(0), lambda: build(1), [(Path, "open"), (os, "replace")]
    )
    assert (out / "README.md").read_text() == "kept"


@pytest.mark.parametrize("where", ["write", "replace"])
def test_single_file(where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "pack.zip"
    write_bytes_atomic(path, b"earlier")
    fail_at(monkeypatch, atomic.os, "fdopen" if where == "write" else "replace", 1)
    with pytest.raises(Boom):
        write_bytes_atomic(path, b"later")
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["pack.zip"]
    assert path.read_bytes() == b"earlier"


def test_staged_directory_puts_back_what_it_moved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    with staged_directory(out) as stage:
        for name in "abc":
            (stage / name).write_text(f"old {name}")
    (out / "mine.txt").write_text("not ours")
    before = snapshot(out)
    for k in range(1, 7):  # 3 files: each moved aside, then the new one moved in
        fail_at(monkeypatch, os, "replace", k)
        with pytest.raises(Boom), staged_directory(out) as stage:
            for name in "abcd":
                (stage / name).write_text(f"new {name}")
        monkeypatch.undo()
        assert snapshot(out) == before, k


def test_replaced_directory_restores_on_a_failed_swap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    with replaced_directory(out) as stage:
        (stage / "a").write_text("old")
    before = snapshot(out)
    fail_at(monkeypatch, os, "replace", 2)  # the earlier one moved aside, the new one fails
    with pytest.raises(Boom), replaced_directory(out) as stage:
        (stage / "a").write_text("new")
    monkeypatch.undo()
    assert snapshot(out) == before
