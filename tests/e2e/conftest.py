"""Browser tests: the real server (`thuiszittertafel serve`) on the demo region, driven by
Debian's headless Chromium through Playwright. Never downloads a browser."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.live import ServerProcess
from thuiszittertafel import clock

CHROMIUM = os.environ.get("THUISZITTERTAFEL_TEST_CHROMIUM", "/usr/bin/chromium")
# axe-core is a test tool, kept with the tests (not served to users from static/).
AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

pytestmark = pytest.mark.e2e


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


class LiveServer(ServerProcess):
    """The server on a freshly seeded demo region; `accounts` are the demo accounts."""

    def __init__(self, tmp: Path):
        super().__init__(f"sqlite:///{tmp / 'e2e.db'}", tmp, secret_key="e2e-secret")
        self.accounts: dict[str, dict] = {}

    def start(self) -> LiveServer:
        seeded = subprocess.run(
            [sys.executable, "-m", "thuiszittertafel.cli", "demo", "--seed-only", "--json"],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        self.accounts = {a["username"]: a for a in json.loads(seeded.stdout)["accounts"]}
        super().start()
        return self

    def account(self, *, kind: str, role: str = "medewerker") -> dict:
        """The first demo account of an organisation kind with a role."""
        for a in self.accounts.values():
            if a["org_kind"] == kind and role in a["roles"]:
                return a
        raise LookupError(f"geen demo-account voor {kind}/{role}")


@pytest.fixture(autouse=True)
def frozen_clock():
    """Browser tests freeze no clock, on neither side: the server and the demo it seeds
    run on the real date, and so do the dates a test types (`later`)."""
    yield None


def later(days: int, at: str | None = None) -> str:
    """A date `days` from today, as a date input takes it (`at` "14:00": datetime-local)."""
    day = (clock.today() + timedelta(days=days)).isoformat()
    return f"{day}T{at}" if at else day


def case_ids_listed(session, url: str) -> list[int]:
    """The case ids of the case table at `url`, in the table's order."""
    session.goto(url)
    links = session.page.locator("table.case-table tbody th[scope=row] a")
    return [
        int(re.search(r"/casussen/(\d+)", links.nth(i).get_attribute("href")).group(1))
        for i in range(links.count())
    ]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("e2e"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        reason = f"Chromium niet gevonden op {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"CI=true maar {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Session:
    """One person in their own browser context, with the console errors they met."""

    def __init__(self, browser, server: LiveServer, *, javascript: bool = True):
        self.server = server
        self.context = browser.new_context(
            locale="nl-NL", viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
        )
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def goto(self, path: str):
        return self.page.goto(self.server.url + path)

    def close(self) -> None:
        """Take every page to about:blank, then close the context. A live screen reloads
        when a meeting's status changes; Chromium can acknowledge closing a page whose
        reload is committing and never do it (microsoft/playwright#42068), and the close
        then waits forever. An idle blank page closes."""
        from playwright.sync_api import Error as PlaywrightError

        for page in self.context.pages:
            page.on("dialog", lambda dialog: dialog.accept())  # a "leave this page?" prompt
            for _ in range(2):  # once more if a reload interrupted the first
                try:
                    page.goto("about:blank", timeout=10_000)
                    break
                except PlaywrightError:
                    continue
        self.context.close()

    def login(self, account: dict) -> None:
        self.goto("/inloggen")
        self.page.get_by_label("Gebruikersnaam").fill(account["username"])
        self.page.get_by_label("Wachtwoord").fill(account["password"])
        self.page.get_by_role("button", name="Inloggen").click()
        self.page.wait_for_url(self.server.url + "/")

    def axe(self, impacts=("serious", "critical")) -> list[dict]:
        """Run axe-core on the page and return the serious violations.

        Evaluated through the DevTools protocol, so the page's CSP (no inline or foreign
        scripts) stays as strict as users get it."""
        self.page.evaluate(_axe_source())
        # Bounded in the page: page.evaluate itself has no timeout, and a run that never
        # ends must fail the test rather than hold the whole suite.
        result = self.page.evaluate(
            """() => Promise.race([
                axe.run(document, {resultTypes: ['violations']}),
                new Promise((_, no) => setTimeout(() => no(new Error('axe-core: 120 s')), 120000)),
            ])"""
        )
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
            if v["impact"] in impacts
        ]


@pytest.fixture
def person(chromium, live_server):
    """Open browser sessions; each must end without console errors."""
    opened: list[Session] = []

    def open_as(account: dict | None = None, *, javascript: bool = True) -> Session:
        """`javascript=False`: a browser without scripts (every form a plain post)."""
        s = Session(chromium, live_server, javascript=javascript)
        opened.append(s)
        if account is not None:
            s.login(account)
        return s

    yield open_as
    errors = [e for s in opened for e in s.console_errors]
    for s in opened:
        s.close()
    assert errors == [], f"console errors: {errors}\nserver log:\n{live_server.log_tail()}"
