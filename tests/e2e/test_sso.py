"""Single sign-on in a real browser (issue 15, item 3): an administrator sets up the
organisation's provider and links an account with the CLI; the person clicks "Inloggen met
…", signs in and consents at the real provider (panva/oidc-provider), lands on our start
page logged in, and logs out of both; the old cookie no longer works. An unlinked account
gets our Dutch refusal. Real time on both sides, as every browser test."""

from __future__ import annotations

import subprocess
import sys

import pytest
import requests
from playwright.sync_api import expect

from tests.sso.idp import IdentityProvider, client, new_key

pytestmark = pytest.mark.e2e

SECRET = "e2e-sso-geheim-5d1e"


def _cli(live_server, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "thuiszittertafel.cli", *args],
        env=live_server.env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def sso(live_server, tmp_path_factory):
    """The wijkteam's provider, set up with the CLI; an account of its own, linked to the
    subject 'sanne-sub'. Switched off afterwards: other browser tests see the usual page."""
    idp = IdentityProvider(
        tmp_path_factory.mktemp("e2e-idp"), [client("wijkteam", SECRET, live_server.url)], new_key()
    ).start()
    org = live_server.account(kind="wijkteam")["organisation"]
    try:
        _cli(live_server, "user", "create", "sanne.sso", "--name", "Sanne Schipper",
             "--organisation", org, "--role", "medewerker",
             "--password", "ongebruikt-wachtwoord-1")  # fmt: skip
        out = _cli(live_server, "sso", "set", "--org", org, "--issuer", idp.issuer,
                   "--client-id", "wijkteam", "--client-secret", "-",
                   stdin=SECRET + "\n")  # fmt: skip
        assert SECRET not in out
        _cli(live_server, "user", "link-sso", "--username", "sanne.sso", "--subject", "sanne-sub")
        yield org, idp
    finally:
        _cli(live_server, "sso", "set", "--org", org, "--disable")
        idp.stop()


def _sign_in_at_provider(page, login: str) -> None:
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("geheim")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # consent


def test_log_in_with_the_organisation_and_out_of_both(person, live_server, sso):
    org, idp = sso
    me = person()
    page = me.page
    me.goto("/inloggen")
    assert me.axe() == []
    page.get_by_role("link", name=f"Inloggen met {org}").click()
    page.wait_for_url(idp.issuer + "/interaction/**")
    _sign_in_at_provider(page, "sanne-sub")
    page.wait_for_url(live_server.url + "/")
    assert "Sanne Schipper" in page.locator(".site-header__who").inner_text()
    assert me.axe() == []
    cookie = next(c["value"] for c in me.context.cookies() if c["name"] == "session")
    assert requests.get(live_server.url + "/casussen", cookies={"session": cookie}).ok

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(idp.issuer + "/session/end**")  # our page sent the browser on
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(live_server.url + "/inloggen")
    assert "U bent uitgelogd" in page.get_by_role("status").first.inner_text()
    assert me.axe() == []

    replay = requests.get(
        live_server.url + "/casussen", cookies={"session": cookie}, allow_redirects=False
    )
    assert replay.status_code == 302 and "/inloggen" in replay.headers["Location"]
    # Logged out at the provider too: the button asks for the login again.
    page.get_by_role("link", name=f"Inloggen met {org}").click()
    page.wait_for_url(idp.issuer + "/interaction/**")
    expect(page.locator("input[name=login]")).to_be_visible()


def test_an_unlinked_account_is_refused_in_dutch(person, live_server, sso):
    org, idp = sso
    me = person()
    page = me.page
    me.goto("/inloggen")
    page.get_by_role("link", name=f"Inloggen met {org}").click()
    _sign_in_at_provider(page, "niet-gekoppeld")
    page.wait_for_url(live_server.url + "/inloggen/sso/terug**")
    assert "niet gekoppeld" in page.get_by_role("alert").inner_text()
    assert page.locator("code").inner_text() == "niet-gekoppeld"
    assert me.axe() == []
    assert me.console_errors == [
        "Failed to load resource: the server responded with a status of 403 (FORBIDDEN)"
    ]
    me.console_errors.clear()
    me.goto("/casussen")
    assert page.url.startswith(live_server.url + "/inloggen")
