"""Each limit of `ikm_sim.limits`: refused before parsing, in one line naming file and limit."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ikm_sim import limits
from ikm_sim.data.check import check_data
from ikm_sim.errors import IkmSimError, ScenarioError
from ikm_sim.scenario import load_scenario
from ikm_sim.ui.builder import parse_upload
from tests.conftest import MINI_DATA
from tests.robustness.tally import MAX_REFUSAL_SECONDS

HEAD = "name: big\ntitle_lv: a\ntitle_en: b\n"


def _refused(call: Callable[[], object], *words: str) -> str:
    started = time.perf_counter()
    with pytest.raises(IkmSimError) as caught:
        call()
    seconds = time.perf_counter() - started
    message = str(caught.value)
    assert len(message.splitlines()) == 1, message
    for word in words:
        assert word in message, message
    assert seconds < MAX_REFUSAL_SECONDS, seconds
    return message


def _scenario(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "s.yaml"
    if isinstance(text, str):
        text = text.encode()
    path.write_bytes(text)
    return path


BOMB = HEAD + "description_en: {" + ", ".join(
    ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
) + "}\nlevers: {retention: *a8}\n"  # fmt: skip

CASES: dict[str, tuple[str | bytes, list[str]]] = {
    "file size": (
        HEAD + "# " + "x" * limits.MAX_SCENARIO_BYTES + "\n",
        ["the file is 257 kB", "at most 256 kB"],
    ),
    "depth": (HEAD + "levers: " + "[" * 100_000 + "]" * 100_000 + "\n", ["nested too deeply"]),
    "depth in block style": (
        HEAD + "levers:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(200)),
        ["s.yaml:36:", f"at most {limits.MAX_YAML_DEPTH} allowed"],
    ),
    "alias bomb": (BOMB, ["once aliases are expanded", f"at most {limits.MAX_YAML_NODES:,}"]),
    "aliases": (
        HEAD + "x: &x 1\nlevers: {retention: [" + ", ".join(["*x"] * 300) + "]}\n",
        ["too many aliases", f"at most {limits.MAX_YAML_ALIASES}"],
    ),
    "recursive alias": (HEAD + "levers: &r {retention: *r}\n", ["*r refers to a node it is in"]),
    "keys": (
        HEAD + "levers:\n  relative_pay:\n" + "".join(f"    {2000 + i}: 1\n" for i in range(1500)),
        ["too many keys in one mapping", f"at most {limits.MAX_MAPPING_KEYS:,}"],
    ),
    "nodes": (HEAD + "levers: {retention: [" + "1," * 30_000 + "1]}\n", ["too many values"]),
    "string length": (
        HEAD + "description_en: " + "ā" * (limits.MAX_STRING_CHARS + 1) + "\n",
        ["s.yaml:4:", "10,001 characters is too long", f"at most {limits.MAX_STRING_CHARS:,}"],
    ),
    "UTF-16": ("name: x\n".encode("utf-16"), ["s.yaml:1: the file is UTF-16 text"]),
    "not UTF-8": (HEAD.encode() + b"title_en: \xff\n", ["s.yaml:4: not UTF-8 text"]),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_scenario_limit(kind: str, tmp_path: Path) -> None:
    text, words = CASES[kind]
    path = _scenario(tmp_path, text)
    message = _refused(lambda: load_scenario(path), str(path), *words)
    content = text.encode() if isinstance(text, str) else text
    upload = _refused(lambda: parse_upload("mine.yaml", content), "mine.yaml", *words[1:])
    assert upload.startswith("mine.yaml")
    assert message.split(str(path), 1)[1][:1] == ":"


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:  # 10 GB, sparse: refused from its size alone
        fh.truncate(10 * 1024**3)
    _refused(lambda: load_scenario(path), f"{path}: the file is 10240 MB", "at most 256 kB")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_refused_without_waiting_for_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    _refused(lambda: load_scenario(fifo), "is not a regular file")
    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    (data / "teachers.csv").unlink()
    os.mkfifo(data / "teachers.csv")
    problems = check_data(data)
    assert problems == ["teachers.csv: is not a regular file (a pipe, device or socket)"]


def test_a_chain_of_extends_longer_than_the_limit(tmp_path: Path) -> None:
    n = limits.MAX_EXTENDS_CHAIN + 2
    for i in range(n):
        parent = f"extends: s{i + 1}\n" if i + 1 < n else ""
        (tmp_path / f"s{i}.yaml").write_text(f"name: s{i}\ntitle_lv: a\ntitle_en: b\n{parent}")
    _refused(
        lambda: load_scenario(tmp_path / "s0.yaml"),
        f"the chain of 'extends' is longer than {limits.MAX_EXTENDS_CHAIN} scenarios",
    )
    assert load_scenario(tmp_path / "s3.yaml").name == "s3"  # a chain within the limit loads


def test_extends_cycle_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: a\ntitle_lv: a\ntitle_en: a\nextends: b\n")
    (tmp_path / "b.yaml").write_text("name: b\ntitle_lv: b\ntitle_en: b\nextends: a\n")
    _refused(
        lambda: load_scenario(tmp_path / "a.yaml"), "makes a cycle: a.yaml -> b.yaml -> a.yaml"
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    shutil.copytree(MINI_DATA, directory)
    return directory


def _table_refused(directory: Path, *words: str) -> list[str]:
    started = time.perf_counter()
    problems = check_data(directory)
    assert time.perf_counter() - started < MAX_REFUSAL_SECONDS
    assert problems
    assert any(all(w in p for w in words) for p in problems), problems
    return problems


def test_table_size(data: Path) -> None:
    with (data / "pupils.csv").open("ab") as fh:
        fh.truncate(limits.MAX_TABLE_BYTES + 1)
    problems = _table_refused(data, "pupils.csv: the file is 8.1 MB", "at most 8 MB")
    assert len(problems) == 1


def test_table_columns(data: Path) -> None:
    header = ",".join(f"c{i}" for i in range(limits.MAX_TABLE_COLUMNS + 1))
    (data / "births.csv").write_text(header + "\n")
    _table_refused(data, "births.csv line 1: 65 columns", f"at most {limits.MAX_TABLE_COLUMNS}")


def test_table_cell_length(data: Path) -> None:
    text = (data / "births.csv").read_text()
    (data / "births.csv").write_text(text + "2030," + "9" * 5000 + ",derived,D\n")
    _table_refused(data, "births.csv line", "5,000 characters is longer than 1,000")


def test_table_numbers(data: Path) -> None:
    text = (data / "workload_rules.csv").read_text().replace("2023,2100", "2023,1e308")
    (data / "workload_rules.csv").write_text(text)
    _table_refused(data, 'workload_rules.csv line 3, column "year_to"', "at most 1e+12")


def test_table_problems_stop_after_the_limit(data: Path) -> None:
    rows = "".join(f"{2030 + i},x,derived,D\n" for i in range(5000))
    (data / "births.csv").write_text("year,births,status,source_grade\n" + rows)
    problems = _table_refused(data, "stopped checking this file after 1,000 problems")
    assert len(problems) < 50  # capped per kind, then stopped


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_table_delimiter(data: Path, delimiter: str) -> None:
    text = (data / "vacancies.csv").read_text().replace(",", delimiter)
    (data / "vacancies.csv").write_text(text)
    problems = _table_refused(data, "vacancies.csv line 1: the columns are separated by")
    assert sum(p.startswith("vacancies.csv") for p in problems) == 1


def test_table_utf16(data: Path) -> None:
    (data / "subjects.csv").write_bytes((data / "subjects.csv").read_text().encode("utf-16"))
    _table_refused(data, "subjects.csv line 1: the file is UTF-16 text")


def test_scenario_codes_from_a_bad_data_directory(tmp_path: Path) -> None:
    (tmp_path / "municipalities.csv").write_text("atvk\nLV0001000\n")
    (tmp_path / "subjects.csv").write_text("code\nMAT\n")
    with pytest.raises(IkmSimError, match=r'municipalities\.csv: missing column "planning_region"'):
        load_scenario("baseline", tmp_path)
    with pytest.raises(IkmSimError, match=r"nothere/municipalities\.csv: file not found"):
        load_scenario("baseline", tmp_path / "nothere")


def test_the_scenario_error_is_a_scenario_error(tmp_path: Path) -> None:
    # callers catch ScenarioError for scenario files; the limits must not escape as another type
    with pytest.raises(ScenarioError):
        load_scenario(_scenario(tmp_path, HEAD + "levers: " + "[" * 50 + "]" * 50))


TARGET_CASES = {
    "deep": "series: " + "[" * 5000 + "\n",
    "bomb": BOMB,
    "bad bool": "end_year: !!bool maybe\n",
    "a list": "- a\n- b\n",
    "python tag": "x: !!python/object/apply:os.system ['true']\n",
    "unknown field": "parameters: {nonsense: 1}\nnonsense: 1\n",
    "not UTF-8": "end_year: \xff\n",
}


@pytest.mark.parametrize("kind", sorted(TARGET_CASES))
def test_targets_and_parameters_files_are_refused_cleanly(kind: str, tmp_path: Path) -> None:
    from ikm_sim.calibration.targets import load_targets
    from ikm_sim.model.parameters import load_parameters

    path = tmp_path / "file.yaml"
    path.write_bytes(TARGET_CASES[kind].encode("latin-1", "replace"))
    for load in (load_targets, load_parameters):
        started = time.perf_counter()
        with pytest.raises(IkmSimError) as caught:
            load(path)
        assert time.perf_counter() - started < MAX_REFUSAL_SECONDS
        lines = str(caught.value).split("\n")
        assert all(line.startswith(f"{path}") for line in lines), lines
    with pytest.raises(IkmSimError, match="is a directory"):
        load_targets(tmp_path)
