"""Result tables: built on first use, written as CSV or Parquet with the same columns and values."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from ikm_sim.cli import app
from ikm_sim.paths import PROJECT_ROOT
from ikm_sim.results_schema import TEACHERS_BY_AGE_COLUMNS
from ikm_sim.runner import WRITE_DECIMALS, RunResult, run
from ikm_sim.tidy import TidyTable
from tests.conftest import MINI_DATA

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

TEXT_KEYS = {"region": str, "subject": str}


@pytest.fixture(scope="module")
def result() -> RunResult:
    return run(data=MINI_DATA, final_year=2030)


def _expected(result: RunResult, name: str) -> pd.DataFrame:
    """A result table as it should read back: floats rounded as written."""
    return getattr(result, name).round(WRITE_DECIMALS[name])


def _read_csv(path: Path) -> pd.DataFrame:
    columns = pd.read_csv(path, nrows=0).columns
    return pd.read_csv(path, dtype={k: v for k, v in TEXT_KEYS.items() if k in columns})


def test_tables_are_built_only_when_asked_for(result: RunResult) -> None:
    fresh = run(data=MINI_DATA, final_year=2030)
    assert all(isinstance(t, TidyTable) for t in fresh.tables.values())
    table = fresh.tables["teachers_by_age"]
    assert isinstance(table, TidyTable)
    assert not table._built
    assert fresh.teachers_by_age is fresh.teachers_by_age  # built once
    assert table._built


def test_a_table_is_every_key_combination_with_the_models_values() -> None:
    result = run(data=MINI_DATA, final_year=2030, extra_variables=("Teachers",))
    tba = result.teachers_by_age
    assert tuple(tba.columns) == TEACHERS_BY_AGE_COLUMNS
    keys = ["year", "region", "subject", "age"]
    expected = pd.MultiIndex.from_product([pd.unique(tba[k]) for k in keys], names=keys)
    assert pd.MultiIndex.from_frame(tba[keys]).equals(expected)
    for year, teachers in result.arrays["Teachers"].items():
        model = teachers.transpose("Region", "Subject", "Age").to_series()
        rows = tba[tba["year"] == round(year)]
        ages = [f"A{age}" for age in rows["age"]]
        assert list(model.index) == list(zip(rows["region"], rows["subject"], ages, strict=True))
        np.testing.assert_array_equal(rows["teachers"].to_numpy(), model.to_numpy())


@pytest.mark.parametrize("name", ["teachers_by_age", "funding", "supply_demand"])
def test_categorical_keys_are_the_text_keys_as_categories(result: RunResult, name: str) -> None:
    """Made from the table's codes, equal to converting its text columns afterwards."""
    table = result.tables[name]
    assert isinstance(table, TidyTable)
    text = [c for c in ("region", "subject") if c in table.columns]
    expected = getattr(result, name).astype(dict.fromkeys(text, "category"))
    pd.testing.assert_frame_equal(table.frame(categorical=True), expected)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_written_tables_read_back_as_the_results(
    result: RunResult, tmp_path: Path, fmt: str
) -> None:
    result.write(tmp_path / fmt, fmt)
    for name in WRITE_DECIMALS:
        path = tmp_path / fmt / f"{name}.{fmt}"
        got = _read_csv(path) if fmt == "csv" else pd.read_parquet(path)
        expected = _expected(result, name)
        if fmt == "csv":  # CSV cannot tell an empty text from a missing one
            expected = expected.replace({"": np.nan})
        pd.testing.assert_frame_equal(got, expected, check_dtype=False, rtol=1e-12, atol=0)
        assert got.dtypes.astype(str).to_dict() == expected.dtypes.astype(str).to_dict()


def test_parquet_reads_back_equal_to_csv(result: RunResult, tmp_path: Path) -> None:
    result.write(tmp_path / "csv")
    result.write(tmp_path / "parquet", "parquet")
    for name in WRITE_DECIMALS:
        csv = _read_csv(tmp_path / "csv" / f"{name}.csv")
        parquet = pd.read_parquet(tmp_path / "parquet" / f"{name}.parquet")
        pd.testing.assert_frame_equal(parquet.replace({"": np.nan}), csv, check_exact=True)


def test_csv_text_is_plain_and_quotes_only_what_needs_quotes(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"year": [2024, 2025], "region": ["LV0001000", 'a, "b"'], "pupils": [1.23456, np.nan]}
    )
    result = RunResult("s", frame, frame, frame, frame.iloc[:1])
    result.write(tmp_path / "out")
    text = (tmp_path / "out" / "pupils.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "year,region,pupils"
    assert '"a, ""b"""' in text
    assert (
        pd.read_csv(tmp_path / "out" / "pupils.csv")["region"].tolist() == frame["region"].tolist()
    )
    plain = (tmp_path / "out" / "teachers_by_age.csv").read_text(encoding="utf-8")
    assert plain == "year,region,pupils\n2024,LV0001000,1.2346\n"


def test_the_command_writes_parquet_and_refuses_another_format(tmp_path: Path) -> None:
    out = tmp_path / "run"
    done = CliRunner().invoke(
        app, ["run", "baseline", "--data", str(MINI_DATA), "--out", str(out), "--format", "parquet"]
    )
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*(f"{name}.parquet" for name in WRITE_DECIMALS), "run.json"]
    )
    refused = CliRunner().invoke(
        app, ["run", "baseline", "--data", str(MINI_DATA), "--out", str(out), "--format", "xml"]
    )
    assert refused.exit_code != 0
    assert "xml" in refused.output


def _fresh_python(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_a_run_imports_no_dask_scipy_or_app_libraries() -> None:
    loaded = _fresh_python(
        f"""
        import sys, warnings
        warnings.simplefilter("ignore")
        from ikm_sim.runner import run
        run(data={str(MINI_DATA)!r}, final_year=2030)
        heavy = ("dask", "scipy", "pysd", "streamlit", "altair", "SALib")
        print("loaded:" + ",".join(m for m in heavy if m in sys.modules))
        """
    )
    assert loaded == "loaded:"


def test_the_command_imports_no_dask_scipy_or_app_libraries(tmp_path: Path) -> None:
    args = ["run", "baseline", "--data", str(MINI_DATA), "--out", str(tmp_path / "r")]
    loaded = _fresh_python(
        f"""
        import sys, warnings
        warnings.simplefilter("ignore")
        from ikm_sim.cli import app
        try:
            app({[*args, "--tables", "lv"]!r})
        except SystemExit as done:
            assert not done.code, done.code
        heavy = ("dask", "scipy", "pysd", "streamlit", "altair", "vl_convert", "SALib")
        print("loaded:" + ",".join(m for m in heavy if m in sys.modules))
        """
    )
    assert loaded.splitlines()[-1] == "loaded:"
    assert (tmp_path / "r" / "tabulas").is_dir()


def test_xarray_still_takes_dask_arrays_after_a_run() -> None:
    chunks = _fresh_python(
        f"""
        import warnings
        warnings.simplefilter("ignore")
        from ikm_sim.runner import run
        run(data={str(MINI_DATA)!r}, final_year=2030)
        import dask.array as da
        import xarray as xr
        a = xr.DataArray(da.ones((4, 2), chunks=2), dims=("x", "y"))
        print(a.chunks, float((a * 2).sum().compute()))
        """
    )
    assert chunks == "((2, 2), (2,)) 16.0"
