"""The uncertainty export pack and `ikm-sim uncertainty` charts/pack, on the mini dataset."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import Result
from typer.testing import CliRunner

import ikm_sim.uncertainty.pack as pack_module
from ikm_sim.atomic import staged_directory, write_bytes_atomic
from ikm_sim.charts.uncertainty import fan_data
from ikm_sim.cli import app
from ikm_sim.export_pack import NOTE_NAME
from ikm_sim.scenario import load_scenario
from ikm_sim.uncertainty import Ensemble, UncertaintySpec, draw_samples, run_ensemble
from ikm_sim.uncertainty.pack import (
    FAN_CHARTS,
    FanSummary,
    summarise,
    uncertainty_note,
    uncertainty_pack,
)
from ikm_sim.uncertainty.summary import PERCENTILES
from tests.conftest import MINI_DATA

FINAL = 2032
N = 8
SEED = 4711
BANDS = [f"p{p}" for p in PERCENTILES]
FIRST_CHARTS = ("diapazons_iztrukums", "diapazons_pieprasijums", "diapazons_piedavajums")
CHARTS = tuple(stem for _, stem, _ in FAN_CHARTS)
TABLES = (
    "procentiles_valsts",
    "procentiles_pasvaldibas",
    "procentiles_prieksmeti",
    "iztrukuma_varbutiba",
)


@pytest.fixture(scope="module")
def ensemble() -> Ensemble:
    draws = draw_samples(N, UncertaintySpec(seed=SEED))
    return run_ensemble(draws, load_scenario("baseline"), MINI_DATA, FINAL, workers=1)


@pytest.fixture(scope="module")
def summary(ensemble: Ensemble) -> FanSummary:
    return summarise(ensemble)


def _pack(summary: FanSummary, lang: str) -> zipfile.ZipFile:
    data = uncertainty_pack(
        summary.national,
        summary.regions,
        summary.subjects,
        summary.probability,
        "name: baseline\n",
        {"n": N, "seed": SEED, "scenario": "baseline", "scenario_title": "Bāzes scenārijs"},
        lang,
        subject_names={"MAT": "Matemātika"},
        region_names={"LV0001000": "Rīga"},
    )
    return zipfile.ZipFile(io.BytesIO(data))


def test_summary_frames(ensemble: Ensemble, summary: FanSummary) -> None:
    assert set(summary.subjects["subject"]) == set(ensemble.subjects)
    assert set(summary.regions["region"]) == set(ensemble.regions)
    # The subject fan of one subject is that subject's national total, sample by sample.
    mat = ensemble.subjects.index("MAT")
    gap = ensemble.values["gap_fte"][:, :, :, mat].sum(axis=2)
    fan = fan_data(summary.subjects, "gap_fte", subject="MAT")
    assert fan["year"].tolist() == [int(y) for y in ensemble.years]
    np.testing.assert_allclose(fan["p50"], np.median(gap, axis=0))
    # The probability counts samples whose national gap is over 5 % of national demand.
    nat_gap = ensemble.values["gap_fte"].sum(axis=(2, 3))
    nat_demand = ensemble.values["demand_fte"].sum(axis=(2, 3))
    expected = (nat_gap > 0.05 * nat_demand).sum(axis=0)
    np.testing.assert_allclose(summary.probability["p_over_share"] * N, expected)


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_pack_contents(summary: FanSummary, lang: str) -> None:
    zf = _pack(summary, lang)
    names = set(zf.namelist())
    assert CHARTS[:3] == FIRST_CHARTS
    assert {"diapazons_pedagogi", "diapazons_skoleni", "diapazons_pirmklasnieki"} <= set(CHARTS)
    assert all(stem.isascii() and "_fte" not in stem for stem in CHARTS)  # Latvian names
    expected = {f"grafiki/{c}.{ext}" for c in CHARTS for ext in ("png", "svg", "pdf")}
    expected |= {f"tabulas/{t}{ext}" for t in TABLES for ext in (".csv", ".xlsx", f"_{lang}.csv")}
    expected |= {"scenarijs.yaml", "run.json", NOTE_NAME}
    assert names == expected
    for chart in CHARTS:
        assert zf.read(f"grafiki/{chart}.png").startswith(b"\x89PNG")
        assert zf.read(f"grafiki/{chart}.pdf").startswith(b"%PDF")
        assert b"<svg" in zf.read(f"grafiki/{chart}.svg")[:500]
    title = "Skolotāju iztrūkums" if lang == "lv" else "Teacher gap"
    assert title.encode() in zf.read("grafiki/diapazons_iztrukums.svg")
    assert not {"grafiki/diapazons_pasvaldiba.png", "grafiki/diapazons_prieksmets.png"} & names

    for table in TABLES[:3]:
        frame = pd.read_csv(zf.open(f"tabulas/{table}.csv"), encoding="utf-8-sig")
        assert len(frame) > 0
        q = frame[BANDS].to_numpy()
        assert (np.diff(q, axis=1) >= 0).all(), table
        assert "suppressed" not in frame.columns  # FTE aggregates: nothing to suppress
    regions = pd.read_csv(zf.open("tabulas/procentiles_pasvaldibas.csv"), encoding="utf-8-sig")
    assert regions.set_index("region")["region_name"].to_dict()["LV0001000"] == "Rīga"
    subjects = pd.read_csv(zf.open("tabulas/procentiles_prieksmeti.csv"), encoding="utf-8-sig")
    assert (subjects.loc[subjects["subject"] == "MAT", "subject_name"] == "Matemātika").all()
    prob = pd.read_csv(zf.open("tabulas/iztrukuma_varbutiba.csv"), encoding="utf-8-sig")
    assert prob["p_over_share"].between(0, 1).all()
    assert prob["year"].max() == FINAL

    meta = json.loads(zf.read("run.json"))
    assert (meta["n"], meta["seed"], meta["kind"]) == (N, SEED, "uncertainty")
    assert zf.read("scenarijs.yaml") == b"name: baseline\n"

    note = zf.read(NOTE_NAME).decode("utf-8")
    assert f"N = {N}" in note and f"sēkla **{SEED}**" in note
    assert "P5–P95" in note and "kalibrēt" in note and "Dzimstības" in note
    assert "Migrācija" in note and "nav iekļauts" in note  # privacy decision stated
    assert ("Number of samples" in note) == (lang == "en")
    if lang == "en":
        assert f"seed **{SEED}**" in note and "Privacy" in note


def test_note_needs_n_seed_and_scenario() -> None:
    with pytest.raises(ValueError, match="seed"):
        uncertainty_note({"n": 5, "scenario": "baseline"}, [])
    note = uncertainty_note(
        {"n": 5, "seed": 1, "scenario": "b", "band": 0.0, "migration_sd": 0.0,
         "births_sampled": False, "births_variant": "low"},
        [],
    )  # fmt: skip
    assert "netika izlozēti" in note and "netika izlozēts (zemais)" in note
    assert "Migrācija** netika izlozēta" in note


def test_staged_directory_is_all_or_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("other", encoding="utf-8")
    (out / "a.csv").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), staged_directory(out) as stage:
        (stage / "a.csv").write_text("new", encoding="utf-8")
        raise RuntimeError("render failed")
    assert (out / "a.csv").read_text(encoding="utf-8") == "old"
    with staged_directory(out) as stage:
        (stage / "a.csv").write_text("new", encoding="utf-8")
        (stage / "b.png").write_bytes(b"x")
    assert (out / "a.csv").read_text(encoding="utf-8") == "new"
    assert (out / "keep.txt").read_text(encoding="utf-8") == "other"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging left behind
    write_bytes_atomic(tmp_path / "sub" / "p.zip", b"PK")
    assert (tmp_path / "sub" / "p.zip").read_bytes() == b"PK"


def _cli(*args: str) -> Result:
    base = ["uncertainty", "baseline", "-n", "6", "--seed", "3", "--data", str(MINI_DATA)]
    return CliRunner().invoke(app, [*base, "--final-year", "2030", "--workers", "1", *args])


def test_cli_writes_charts_and_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, zip_path = tmp_path / "fan", tmp_path / "packs" / "fan.zip"
    result = _cli("--out", str(out), "--pack", str(zip_path), "--lang", "en")
    assert result.exit_code == 0, (result.output, result.exception)
    for stem in ("fan_gap", "fan_demand", "fan_supply"):
        assert (out / f"{stem}.png").read_bytes().startswith(b"\x89PNG")
        assert b"<svg" in (out / f"{stem}.svg").read_bytes()[:500]
    assert b"Teacher gap" in (out / "fan_gap.svg").read_bytes()
    assert (out / "percentiles_subjects.csv").is_file()
    zf = zipfile.ZipFile(zip_path)
    assert "grafiki/diapazons_iztrukums.png" in zf.namelist()
    note = zf.read(NOTE_NAME).decode("utf-8")
    assert "N = 6" in note and "**3**" in note and "2030./2031." in note
    assert "name: baseline" in zf.read("scenarijs.yaml").decode("utf-8")

    # A failure while writing (here: rendering the charts) leaves the earlier files intact.
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args: object, **kwargs: object) -> dict[str, bytes]:
        raise OSError("disk full")

    monkeypatch.setattr(pack_module, "fan_chart_files", broken)
    result = _cli("--out", str(out), "--seed", "4")
    assert result.exit_code == 1
    assert "disk full" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_cli_no_charts(tmp_path: Path) -> None:
    result = _cli("--out", str(tmp_path / "u"), "--no-charts")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "u" / "percentiles_national.csv").is_file()
    assert not list((tmp_path / "u").glob("fan_*"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--out", "{file}"), "exists and is not a directory"),
        (("--out", "{file}/sub"), "is not a directory"),
        (("--out", "{dir}/u", "--pack", "{dir}"), "is a directory"),
        (("--out", "{dir}/u", "--lang", "de"), "--lang must be one of"),
    ],
)
def test_cli_bad_destination_is_one_clean_line(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    file = tmp_path / "taken.txt"
    file.write_text("x", encoding="utf-8")
    filled = [a.format(file=file, dir=tmp_path) for a in args]
    result = CliRunner().invoke(app, ["uncertainty", "baseline", "-n", "2", *filled])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # no traceback
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.output
    assert message in lines[0]
    assert file.read_text(encoding="utf-8") == "x"


def test_pack_adds_the_chosen_municipality_and_subject_fans(summary: FanSummary) -> None:
    data = uncertainty_pack(
        summary.national,
        summary.regions,
        summary.subjects,
        summary.probability,
        "name: baseline\n",
        {"n": N, "seed": 1, "scenario": "baseline"},
        "lv",
        subject_names={"MAT": "Matemātika"},
        region_names={"LV0001000": "Rīga"},
        region="LV0001000",
        subject="MAT",
    )
    zf = zipfile.ZipFile(io.BytesIO(data))
    for stem, where in (("diapazons_pasvaldiba", "Rīga"), ("diapazons_prieksmets", "Matemātika")):
        assert zf.read(f"grafiki/{stem}.png").startswith(b"\x89PNG")
        assert f"Skolotāju iztrūkums – {where}".encode() in zf.read(f"grafiki/{stem}.svg")


def test_note_names_the_sources_and_their_sizes() -> None:
    meta = {
        "n": 5,
        "seed": 1,
        "scenario": "b",
        "source_sizes": {"loads": 0.0295, "arrivals": 884.2},
    }
    note = uncertainty_note(meta, [], "en")
    assert "slodzes 2,95 %" in note and "loads 2.95 %" in note  # in words, not by code
    assert "skolēni no ārzemēm gadā 884" in note and "arrivals a year 884" in note
    assert "Pārējie nenoteiktie ievaddati" in note and "Other uncertain inputs" in note
    plain = uncertainty_note({"n": 5, "seed": 1, "scenario": "b"}, [], "en")
    assert "Other inputs** were not sampled" in plain
