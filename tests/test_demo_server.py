"""The first run (issue 14, item 7): `thuiszittertafel demo` prints the account table after
the server's start-up lines, the demo server repeats it at /demo, and only the demo server
has that page; the README's "Starten" shows set-up and run as two commands."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.live import free_port

ROOT = Path(__file__).resolve().parent.parent


def test_demo_prints_accounts_after_start_up_and_serves_them_at_demo(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "THUISZITTERTAFEL_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "THUISZITTERTAFEL_SECRET_KEY": "demo-test",
        "THUISZITTERTAFEL_SCHEDULER": "external",
        "HOME": str(tmp_path),  # a control socket would land in ~/.gunicorn
    }
    env.pop("XDG_RUNTIME_DIR", None)
    log = tmp_path / "demo.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "thuiszittertafel.cli", "demo", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    try:
        deadline = time.monotonic() + 300
        while "Deze lijst staat ook op" not in log.read_text():
            assert process.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.5)
        text = log.read_text()
        assert text.index("Listening at") < text.index("Demo-accounts")
        assert re.search(r"swv\.coordinator\s+\S+\s+SWV", text)
        assert f"http://127.0.0.1:{port}/demo" in text
        page = requests.get(f"http://127.0.0.1:{port}/demo", timeout=10)
        assert page.status_code == 200 and "swv.coordinator" in page.text
        assert not (tmp_path / ".gunicorn").exists()
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_no_demo_page_on_a_real_installation(app, session):
    assert app.test_client().get("/demo").status_code == 404


def test_readme_starts_in_two_commands_without_test_tools():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.split("## Starten")[1].split("\n## ")[0]
    commands = re.findall(r"```sh\n(.*?)```", start, re.S)
    setup, run = commands[0].strip(), commands[1].strip()
    assert setup == "python3 -m venv .venv && .venv/bin/pip install -e ."
    assert run == ".venv/bin/thuiszittertafel demo"
    assert "--host" in start and "--port" in start
    assert start.index('.[dev]"') > start.index(run)  # the tests, after the demo, with their tools
