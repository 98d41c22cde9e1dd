"""The app never writes outside its own folders and offers only safe file names.

The scenario builder takes two names from the user: the uploaded file's name and the
"save as" name of the edited scenario. Hostile ones (path traversal, absolute paths, NUL
bytes, shell syntax) are tried in the running app (AppTest, with a stand-in for the model
run): every file name the app offers for download must be a plain name, and no file may
appear in the project tree or at the places the names point to.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ikm_sim.paths import PROJECT_ROOT as ROOT
from ikm_sim.ui.builder import safe_name
from tests.robustness.test_upload_inputs import HOSTILE_NAMES
from tests.ui.test_pages import BUILDER_PAGE, ScenarioRunner, _open, _run_button, fake_run  # noqa: F401

PLAIN = re.compile(r"^[A-Za-z0-9_\-]+(\.[A-Za-z0-9]+)*$")
#: Where the app may write: its run cache (moved to tmp by tests/conftest.py) and caches.
IGNORED = {".venv", ".git", ".cache", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"}


def project_files() -> set[str]:
    return {
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*")
        if not IGNORED & set(p.relative_to(ROOT).parts) and "__pycache__" not in p.parts
    }


@pytest.fixture
def offered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The file name of every download button the app draws."""
    names: list[str] = []
    real = DeltaGenerator.download_button

    def record(self: Any, *args: Any, **kwargs: Any) -> Any:
        names.append(str(kwargs.get("file_name")))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    monkeypatch.setattr(st, "download_button", lambda *a, **k: record(st._main, *a, **k))
    return names


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_safe_name_is_a_plain_name(name: str) -> None:
    cleaned = safe_name(name)
    assert re.fullmatch(r"[a-z0-9_\-]{1,60}", cleaned), cleaned


def test_hostile_names_in_the_builder(
    fake_run: ScenarioRunner,  # noqa: F811
    offered: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    here = tmp_path / "a" / "b" / "c"  # relative names like ../../x.yaml would land in tmp_path
    here.mkdir(parents=True)
    monkeypatch.chdir(here)
    before = project_files()
    at = _open(BUILDER_PAGE)
    good = b"name: mine\ntitle_lv: Mans\ntitle_en: Mine\nlevers:\n  retention: 0.2\n"
    for name in HOSTILE_NAMES:
        if name.endswith((".yaml", ".yml")) and "\x00" not in name:  # Streamlit refuses NUL
            at.file_uploader(key="builder_upload").set_value((name, good, "application/x-yaml"))
            at.run()
            assert not at.exception, at.exception
        at.text_input(key="builder_name").set_value(name).run()
        assert not at.exception, at.exception
    at.select_slider(key="bld_retention").set_value(0.3)
    _run_button(at).click().run()  # the result brings the export pack download
    assert not at.exception, at.exception
    assert any(n.endswith(".zip") for n in offered), offered
    assert offered and all(PLAIN.fullmatch(n) and ".." not in n for n in offered), offered
    assert f"{safe_name('../../x.yaml')}.yaml" in offered  # the save-as name took effect
    assert project_files() == before
    written = [p for p in tmp_path.rglob("*") if p.is_file() and "run-cache" not in p.parts]
    assert written == []
