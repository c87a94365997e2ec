"""Failed logins are limited per account and per address (DESIGN §8); successful logins
never count, and a limited account refuses even the right password until the window ends."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import requests

from tests.conftest import PASSWORD


def attempt(browser, user_or_name, password, **kw):
    """One login through the real form in a fresh browser (its own CSRF token)."""
    b = browser()
    name = getattr(user_or_name, "username", user_or_name)
    return b.login(SimpleNamespace(username=name), password)


def test_ten_failures_lock_the_account_not_others(session, world, browser):
    session.commit()
    for _ in range(10):
        assert attempt(browser, world.teacher, "fout").status_code == 400
    refused = attempt(browser, world.teacher, PASSWORD)
    assert refused.status_code == 429
    assert "Te veel mislukte inlogpogingen" in refused.get_data(as_text=True)
    assert attempt(browser, world.lpa, PASSWORD).status_code == 302


def test_successful_logins_do_not_count(session, world, browser):
    session.commit()
    for _ in range(15):
        assert attempt(browser, world.teacher, PASSWORD).status_code == 302
    for _ in range(9):
        assert attempt(browser, world.teacher, "fout").status_code == 400
    assert attempt(browser, world.teacher, PASSWORD).status_code == 302


def test_the_count_is_per_account_whatever_the_spelling(session, world, browser):
    session.commit()
    for name in ("Mentor", " mentor", "MENTOR ") * 3 + ("mentor",):
        attempt(browser, name, "fout")
    assert attempt(browser, world.teacher, PASSWORD).status_code == 429


def test_api_tokens_share_the_account_limit(session, world, app):
    session.commit()
    client = app.test_client()
    for _ in range(10):
        r = client.post(
            "/api/v1/tokens", json={"username": world.teacher.username, "password": "fout"}
        )
        assert r.status_code == 401
    refused = client.post(
        "/api/v1/tokens", json={"username": world.teacher.username, "password": PASSWORD}
    )
    assert refused.status_code == 429
    assert refused.get_json()["error"] == "te-veel-pogingen"
    assert "kwartier" in refused.get_json()["message"]


def test_one_address_guessing_across_accounts_is_stopped(session, world, app, browser):
    session.commit()
    client = app.test_client()
    for n in range(100):
        client.post("/api/v1/tokens", json={"username": f"gok{n}", "password": "fout"})
    assert attempt(browser, world.lpa, PASSWORD).status_code == 429
    elsewhere = client.post(
        "/api/v1/tokens",
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
        json={"username": world.lpa.username, "password": PASSWORD},
    )
    assert elsewhere.status_code == 201  # another address is not refused


def test_failures_spread_over_two_web_processes_count_once(two_servers, world, session):
    """With Redis both processes keep one count."""
    import re

    session.commit()

    def attempt(server, password):
        web = requests.Session()
        token = re.search(
            r'name="csrf_token"[^>]*value="([^"]+)"', web.get(server.url + "/inloggen").text
        ).group(1)
        return web.post(
            server.url + "/inloggen",
            allow_redirects=False,
            data={"username": world.zorgco.username, "password": password, "csrf_token": token},
        )

    for n in range(10):
        assert attempt(two_servers[n % 2], "fout").status_code == 400
    for server in two_servers:
        assert attempt(server, PASSWORD).status_code == 429


def test_limits_are_a_quarter_of_an_hour():
    from thuiszittertafel.auth.limits import ACCOUNT, ACCOUNT_AT_ADDRESS, ADDRESS

    assert (ACCOUNT_AT_ADDRESS.amount, ACCOUNT.amount, ADDRESS.amount) == (10, 50, 100)
    for item in (ACCOUNT_AT_ADDRESS, ACCOUNT, ADDRESS):
        assert timedelta(seconds=item.get_expiry()) == timedelta(minutes=15)


def test_a_stranger_elsewhere_cannot_lock_a_colleague_out(session, world, app, browser):
    """Ten failures from another address do not lock the account at the owner's address."""
    session.commit()
    client = app.test_client()
    for _ in range(10):
        client.post(
            "/api/v1/tokens",
            environ_base={"REMOTE_ADDR": "10.9.9.9"},
            json={"username": world.teacher.username, "password": "fout"},
        )
    assert attempt(browser, world.teacher, PASSWORD).status_code == 302


def test_parallel_guesses_cannot_slip_past_the_limit(server, world, session):
    """Counted before the password is checked: 40 guesses at once, at most 10 checked."""
    from concurrent.futures import ThreadPoolExecutor

    session.commit()

    def guess(_):
        return requests.post(
            f"{server.url}/api/v1/tokens",
            timeout=30,
            json={"username": world.ggd_doctor.username, "password": "fout"},
        ).status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        codes = list(pool.map(guess, range(40)))
    assert codes.count(401) <= 10 and codes.count(429) >= 30


def test_without_redis_logins_still_work_and_are_counted_in_memory():
    from thuiszittertafel.auth.limits import FailedLogins

    limits = FailedLogins()
    limits.configure("redis://127.0.0.1:1/0", "test")  # nothing listens there
    assert all(limits.attempt("mentor", "10.0.0.1") for _ in range(10))
    assert not limits.attempt("mentor", "10.0.0.1")


def test_login_page_reads_only_its_form(session, world, app):
    """A JSON body or file parts never reach the login form (no 500, no login)."""
    import re

    session.commit()
    client = app.test_client()
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/inloggen").get_data(as_text=True)
    ).group(1)
    for body in (
        {"username": {"a": 1}, "password": 5},
        {"username": [world.teacher.username], "password": PASSWORD},
    ):
        r = client.post("/inloggen", json=body, headers={"X-CSRFToken": token})
        assert r.status_code == 400 and "Vul uw gebruikersnaam in" in r.get_data(as_text=True)
