"""Time to refuse the worst bad inputs at and past each limit of `ikm_sim.limits`.

Run: ``.venv/bin/python benchmarks/refusal_times.py`` (about 20 s; numbers vary with load).
Each case is built in a temporary directory and refused through the public entry points
(`load_scenario`, `check_data`); the table prints the slowest of three tries and the message.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ikm_sim import limits
from ikm_sim.data.check import check_data
from ikm_sim.errors import IkmSimError
from ikm_sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
HEAD = "name: worst\ntitle_lv: a\ntitle_en: b\n"


def scenario_cases(tmp: Path) -> dict[str, Path]:
    def write(name: str, text: str) -> Path:
        path = tmp / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    sparse = tmp / "sparse.yaml"
    with sparse.open("wb") as fh:
        fh.truncate(10 * 1024**3)
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    return {
        "10 GB scenario file (sparse)": sparse,
        "valid scenario just under the size limit (loads)": write(
            "under", HEAD + "# " + "x" * (limits.MAX_SCENARIO_BYTES - 100) + "\n"
        ),
        "alias bomb (9^9 values)": write(
            "bomb", HEAD + "description_en: {" + ", ".join(bomb) + "}\nlevers: {retention: *a8}\n"
        ),
        "100,000 levels of [": write("deep", HEAD + "levers: " + "[" * 100_000 + "\n"),
        "250 kB flow list (60,000 values)": write(
            "list", HEAD + "levers: {retention: [" + "1," * 60_000 + "1]}\n"
        ),
        "10,001-character value": write("long", HEAD + "description_en: " + "x" * 10_001 + "\n"),
    }


def table_cases(tmp: Path) -> dict[str, Path]:
    cases: dict[str, Path] = {}
    data = ROOT / "data"

    def copy(name: str) -> Path:
        directory = tmp / name
        shutil.copytree(data, directory, ignore=shutil.ignore_patterns("README.md"))
        return directory

    big = copy("over")
    with (big / "teachers.csv").open("ab") as fh:
        fh.truncate(10 * 1024**3)
    cases["10 GB teachers.csv (sparse)"] = big
    near = copy("near")
    lines = (data / "teachers.csv").read_text(encoding="utf-8").splitlines()
    head, body = lines[0], [line for line in lines[1:] if line.startswith("2012")]
    out, size, year = [*lines], sum(len(line) + 1 for line in lines), 2011
    while year >= 1990 and size < limits.MAX_TABLE_BYTES - 300_000:
        rows = [str(year) + line[4:] for line in body]
        out += rows
        size += sum(len(r) + 1 for r in rows)
        year -= 1
    out.append("2023,LV0001000,ART,24,-5,0.8,synthesized")  # one bad cell, on the last line
    (near / "teachers.csv").write_text("\n".join([head, *out[1:]]) + "\n", encoding="utf-8")
    cases[f"{size / 2**20:.1f} MB teachers.csv, one bad cell on its last line"] = near
    garbage = copy("garbage")
    (garbage / "pupils.csv").write_text(
        "year,atvk,grade,pupils,status\n" + "x,y,z,w,v\n" * 150_000, encoding="utf-8"
    )
    cases["pupils.csv of 150,000 bad rows"] = garbage
    return cases


def timed(call: Callable[[], str]) -> tuple[float, str]:
    best = []
    message = ""
    for _ in range(3):
        started = time.perf_counter()
        message = call()
        best.append(time.perf_counter() - started)
    return max(best), message


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        rows = []
        for label, path in scenario_cases(tmp).items():

            def refuse(path: Path = path) -> str:
                try:
                    load_scenario(path)
                except IkmSimError as exc:
                    return str(exc).splitlines()[0]
                return "accepted"

            rows.append((label, *timed(refuse)))
        for label, directory in table_cases(tmp).items():

            def check(directory: Path = directory) -> str:
                problems = check_data(directory)
                return problems[0] if problems else "accepted"

            rows.append((label, *timed(check)))
    print("| input | time | message |\n|---|---|---|")
    for label, seconds, message in rows:
        shown = message.replace(str(Path(name)), "…")[:110]
        print(f"| {label} | {seconds * 1000:.0f} ms | {shown} |")


if __name__ == "__main__":
    main()
