"""The production configuration: Streamlit accepts it, and the served app runs with it.

The first tests parse the options with Streamlit's own command line and configuration (in a
child process, so this process's configuration is untouched); the last starts the app as a
deployment does (``python -m ikm_sim.ui.serve --production``) and checks its health endpoint,
that it answers only after the preparation, and that XSRF protection refuses an upload.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from streamlit import config

from ikm_sim.limits import MAX_SCENARIO_BYTES, MIB
from ikm_sim.ui import health
from ikm_sim.ui.production import (
    MAX_UPLOAD_MB,
    PRODUCTION_FLAG,
    PRODUCTION_OPTIONS,
    config_toml,
    production_args,
    streamlit_args,
)
from tests.e2e.app_server import ROOT, free_port

#: Applies ``streamlit run`` options (argv[1]: JSON list) as Streamlit does; prints the result.
_PARSE = """
import json, sys
from streamlit import config
from streamlit.web import bootstrap, cli
ctx = cli.main_run.make_context("run", ["app.py", *json.loads(sys.argv[1])])
flags = {k: v for k, v in ctx.params.items() if k not in ("target", "args")}
bootstrap.load_config_options(flag_options=flags)
print(json.dumps({k: config.get_option(k) for k in json.loads(sys.argv[2])}))
"""


def _applied(args: list[str], keys: list[str], cwd: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", _PARSE, json.dumps(args), json.dumps(keys)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_every_option_is_streamlits_with_its_type() -> None:
    options = config._config_options_template  # every option Streamlit has, with its type
    for key, value in PRODUCTION_OPTIONS.items():
        assert key in options, key
        assert isinstance(value, options[key].type), key


def test_upload_limit_is_the_apps_own() -> None:
    assert PRODUCTION_OPTIONS["server.maxUploadSize"] == MAX_UPLOAD_MB
    assert (MAX_UPLOAD_MB - 1) * MIB < MAX_SCENARIO_BYTES <= MAX_UPLOAD_MB * MIB


def test_streamlit_applies_every_option(tmp_path: Path) -> None:
    applied = _applied(production_args(), list(PRODUCTION_OPTIONS), tmp_path)
    assert applied == PRODUCTION_OPTIONS
    assert applied["server.enableXsrfProtection"] is True
    assert applied["client.toolbarMode"] == "viewer"


def test_given_options_override_production_ones(tmp_path: Path) -> None:
    args = streamlit_args([PRODUCTION_FLAG, "--server.port", "8600", "--server.maxUploadSize", "3"])
    assert PRODUCTION_FLAG not in args
    applied = _applied(args, ["server.port", "server.maxUploadSize"], tmp_path)
    assert applied == {"server.port": 8600, "server.maxUploadSize": 3}
    assert streamlit_args(["--server.port", "1"]) == ["--server.port", "1"]


def test_config_toml_holds_every_option() -> None:
    import tomllib

    parsed = tomllib.loads(config_toml())
    flat = {f"{s}.{k}": v for s, names in parsed.items() for k, v in names.items()}
    assert flat == PRODUCTION_OPTIONS


def test_health_says_no_when_nothing_listens(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    assert not health.healthy(url, timeout=1)
    assert health.main([url]) == 1
    assert "not ready" in capsys.readouterr().err


def _request(url: str, method: str = "GET") -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, data=b"x" if method == "PUT" else None)
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, reply.headers.get("Set-Cookie", "")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


@pytest.mark.slow  # the warm-up runs every shipped scenario
@pytest.mark.timeout(300)
def test_production_server_is_ready_after_warm_up_with_xsrf(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "ikm_sim.ui.serve", PRODUCTION_FLAG]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    env = {**os.environ, "IKM_SIM_RUN_CACHE": str(tmp_path / "runs")}
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 240
        while not health.healthy(url, timeout=1):
            assert proc.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "no health answer in 240 s"
            time.sleep(0.3)
        # It answered only once the preparation was over.
        assert "shipped scenarios run" in log.read_text(errors="replace")
        assert health.main([url]) == 0
        assert _request(f"{url}/")[0] == 200
        status, cookie = _request(f"{url}/_stcore/health")  # the browser's first call
        assert status == 200 and "_streamlit_xsrf=" in cookie
        # an upload without the XSRF token is refused before anything else is looked at
        assert _request(f"{url}/_stcore/upload_file/no-session/no-file", "PUT")[0] == 403
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def test_production_start_stops_when_the_app_cannot_be_prepared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ikm_sim.ui import serve, warm

    monkeypatch.setattr(warm, "main", lambda: False)
    monkeypatch.setattr(serve, "_draw_first_page", lambda: pytest.fail("must not go on"))
    with pytest.raises(SystemExit) as stop:
        serve.main([PRODUCTION_FLAG, "--server.port", "1"])
    assert stop.value.code == 1
