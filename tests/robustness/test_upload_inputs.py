"""Generated uploads through the app's upload parser: refused cleanly, never run, never written.

`ikm_sim.ui.builder.parse_upload` gets every kind of generated scenario file under a generated
file name (path traversal, absolute paths, NUL bytes, very long or odd names). The outcome
must be a valid scenario or a `ScenarioError` whose every line starts with the sanitised file
name, and nothing may be written: `open` for writing, `os.open` with a creating flag,
`mkdir`, `rename` and `replace` raise while the parser runs. A tag that would run code must
not run it.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ikm_sim.errors import IkmSimError
from ikm_sim.paths import SCENARIOS_DIR
from ikm_sim.ui.builder import parse_upload, safe_name
from tests.robustness.tally import (
    MAX_REFUSAL_SECONDS,
    TALLY,
    check_scenario,
    check_scenario_message,
    timed,
)
from tests.robustness.yaml_cases import MARKER, Case, any_scenario

HOSTILE_NAMES = [
    "../../x.yaml", "../../../../etc/cron.d/x.yaml", "/etc/passwd", "/tmp/x.yaml",
    "..\\..\\x.yaml", "C:\\Windows\\System32\\x.yaml", "a\x00b.yaml", "x.yaml\x00.py",
    "~/.bashrc", "", ".", "..", "CON", "nul", "x" * 5000 + ".yaml", "évil ✓.yaml",
    "a/b/c.yml", "%2e%2e%2fx.yaml", "\n.yaml", "[/x].yaml", "x.py", "x.yaml.exe",
    "baseline.yaml", ".hidden.yaml", "-rf.yaml", "$(touch x).yaml", "`id`.yaml",
]  # fmt: skip
filenames = st.sampled_from(HOSTILE_NAMES) | st.text(max_size=80)

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


@contextlib.contextmanager
def writes_forbidden() -> Iterator[list[str]]:
    """Make every way of writing a file raise (and record it) inside the block."""
    attempts: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+"):
            attempts.append(f"open({file!r}, {mode!r})")
            raise AssertionError(f"the upload parser wrote {file!r}")
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & _WRITE_FLAGS:
            attempts.append(f"os.open({path!r})")
            raise AssertionError(f"the upload parser wrote {path!r}")
        return real_os_open(path, flags, *args, **kwargs)

    def refuse(name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{name}{args!r}")
            raise AssertionError(f"the upload parser called {name}")

        return call

    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.object(builtins, "open", guarded_open))
        stack.enter_context(mock.patch.object(io, "open", guarded_open))  # pathlib's
        stack.enter_context(mock.patch.object(os, "open", guarded_os_open))
        for name in ("mkdir", "makedirs", "rename", "replace", "remove", "unlink", "rmdir"):
            stack.enter_context(mock.patch.object(os, name, refuse(f"os.{name}")))
        yield attempts


SAFE_LABEL = re.compile(r"^[a-z0-9_\-]{1,60}\.yaml$")
SHIPPED_FILES = [str(p) for p in SCENARIOS_DIR.glob("*.yaml")]


def try_upload(case: Case, filename: str, marker: Path) -> None:
    """Upload `case` as `filename` and judge the outcome."""
    content = case.content.replace(MARKER.encode(), str(marker).encode())
    with writes_forbidden() as attempts:
        result, error, seconds = timed(lambda: parse_upload(filename, content))
    assert not attempts, attempts
    assert not marker.exists(), "a tag in the upload ran code"
    label = safe_name(Path(filename.replace("\\", "/")).stem, "upload") + ".yaml"
    assert SAFE_LABEL.match(label), label
    if error is not None:
        check_scenario_message(error, [label, *SHIPPED_FILES])
        assert seconds < MAX_REFUSAL_SECONDS, f"refused after {seconds:.2f} s"
    else:
        assert not case.must_fail, f"a bad upload was accepted: {case!r}"
        assert result is not None
        scenario, text = result
        check_scenario(scenario)
        assert text.encode("utf-8") in (content, content.removeprefix(b"\xef\xbb\xbf"))
    TALLY.record("upload: " + case.kind.split(": ", 1)[1], error is not None, seconds)


UPLOADS = 1200


@pytest.mark.slow
def test_generated_uploads(tmp_path: Path) -> None:
    n = 0

    @settings(max_examples=UPLOADS)
    @given(case=any_scenario, filename=filenames)
    def check(case: Case, filename: str) -> None:
        nonlocal n
        n += 1
        try_upload(case, filename, tmp_path / "marker")

    check()
    assert n >= UPLOADS


def test_the_write_guard_catches_every_way_of_writing(tmp_path: Path) -> None:
    for write in (
        lambda: (tmp_path / "a").write_text("x"),
        lambda: (tmp_path / "b").write_bytes(b"x"),
        lambda: open(tmp_path / "c", "w"),  # noqa: SIM115
        lambda: tempfile.mkstemp(dir=tmp_path),
        lambda: tempfile.TemporaryDirectory(dir=tmp_path),
        lambda: (tmp_path / "d").mkdir(),
    ):
        with writes_forbidden() as attempts, pytest.raises(AssertionError):
            write()
        assert attempts
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("filename", HOSTILE_NAMES)
def test_hostile_names_are_only_labels(filename: str) -> None:
    bad = b"name: x\ntitle_lv: a\ntitle_en: b\nlevers:\n  lesson_share: 3\n"
    with writes_forbidden() as attempts, pytest.raises(IkmSimError) as caught:
        parse_upload(filename, bad)
    first = str(caught.value).split(":", 1)[0]
    assert SAFE_LABEL.match(first), first
    assert "/" not in first and "\\" not in first and "\x00" not in first
    assert not attempts


def test_a_python_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    for tag in (
        f"!!python/object/apply:os.system ['touch {marker}']",
        f"!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
        f"!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
    ):
        payload = f"name: x\ntitle_lv: {tag}\ntitle_en: b\n".encode()
        with (
            writes_forbidden() as attempts,
            pytest.raises(IkmSimError, match=r"^x\.yaml:2: not valid YAML: could not determine"),
        ):
            parse_upload("x.py", payload)
        assert not marker.exists() and not attempts
