"""`load_data`: typed tables from a valid directory, `DataError` from a broken one."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from ikm_sim.data.load import Dataset, fingerprint, load_data
from ikm_sim.data.schema import TABLES
from ikm_sim.errors import DataError


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_data(Path(__file__).resolve().parents[1] / "fixtures" / "mini_data")


def test_every_table_is_loaded_with_contract_columns(dataset: Dataset) -> None:
    for name, table in TABLES.items():
        frame = getattr(dataset, name)
        assert isinstance(frame, pd.DataFrame)
        assert tuple(frame.columns) == table.column_names, name
        assert len(frame) > 0 or name == "published_totals", name  # empty until an update
    assert dataset.published_totals["grade"].dtype == "Int64"
    assert dataset.published_totals["value"].dtype == "float64"


def test_columns_are_typed(dataset: Dataset) -> None:
    assert dataset.pupils["pupils"].dtype == "float64"
    assert dataset.pupils["year"].dtype == "int64"
    assert dataset.teachers["age"].dtype == "int64"
    assert dataset.teachers["fte"].dtype == "float64"
    assert dataset.subjects["split_groups"].dtype == bool
    assert set(dataset.subjects.loc[dataset.subjects["split_groups"], "code"]) == {
        "ENG",
        "FL",
        "CS",
        "DT",
    }
    assert isinstance(dataset.municipalities["name_lv"].iloc[0], str)
    assert dataset.municipalities["name_lv"].iloc[0] == "Rīga"


def test_nullable_cells_are_missing(dataset: Dataset) -> None:
    history = dataset.history
    assert history["low"].dtype == "float64"
    assert history["low"].isna().any()
    assert history["low"].notna().any()
    assert dataset.workload_rules["source"].isna().all()


def test_convenience_accessors(dataset: Dataset) -> None:
    assert dataset.regions == ["LV0001000", "LV0021000", "LV0023000"]
    assert dataset.subject_codes[0] == "PRI"
    assert len(dataset.subject_codes) == 17
    assert dataset.table("births") is dataset.births
    with pytest.raises(KeyError):
        dataset.table("nonsense")


def test_dataset_is_frozen(dataset: Dataset) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        dataset.births = dataset.pupils  # type: ignore[misc]


def test_fingerprint_is_stable_and_changes_with_content(mini_copy: Path, dataset: Dataset) -> None:
    assert len(dataset.fingerprint) == 64
    assert fingerprint(mini_copy) == dataset.fingerprint
    path = mini_copy / "history.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert fingerprint(mini_copy) != dataset.fingerprint


def test_corrupted_directory_raises_data_error(mini_copy: Path) -> None:
    (mini_copy / "teachers.csv").unlink()
    path = mini_copy / "births.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2020,", "2020x,"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_data(mini_copy)
    problems = info.value.problems
    assert "teachers.csv: missing file" in problems
    assert any(p.startswith('births.csv line 6, column "year"') for p in problems)
    assert "teachers.csv" in str(info.value)


def test_missing_directory_raises_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        load_data(tmp_path / "nowhere")


def test_default_directory_is_the_embedded_data(
    monkeypatch: pytest.MonkeyPatch, mini_dir: Path
) -> None:
    monkeypatch.setattr("ikm_sim.paths.DATA_DIR", mini_dir)
    assert load_data().directory == mini_dir
