"""The login page: Dutch messages, safe redirects, CSRF and logout."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import CSRF_RE, PASSWORD


def token(client) -> str:
    return CSRF_RE.search(client.get("/inloggen").get_data(as_text=True)).group(1)


def login(client, username: str, password: str, **extra):
    data = {"username": username, "password": password, "csrf_token": token(client), **extra}
    return client.post("/inloggen", data=data)


def logged_in(client) -> bool:
    return client.get("/casussen").status_code == 200


@pytest.fixture
def client(app, session, world):
    session.commit()
    return app.test_client()


def test_login_page_is_dutch_and_labelled(client):
    page = client.get("/inloggen")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<html lang="nl">' in html
    assert '<label class="label" for="username">Gebruikersnaam</label>' in html
    assert '<label class="label" for="password">Wachtwoord</label>' in html
    assert 'autocomplete="current-password"' in html
    assert CSRF_RE.search(html)


def test_login_with_the_right_password_opens_the_start_page(client, world):
    response = login(client, "mentor", PASSWORD)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/"
    page = client.get("/casussen").get_data(as_text=True)
    assert world.teacher.name in page and "Lingeborgh" in page


def test_username_is_not_case_sensitive(client):
    assert login(client, "  Mentor ", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "username, password", [("mentor", "niet-het-wachtwoord"), ("niemand", PASSWORD)]
)
def test_wrong_password_or_unknown_user_gives_the_same_dutch_message(client, username, password):
    response = login(client, username, password)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Gebruikersnaam of wachtwoord klopt niet." in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="password-fout"' in html
    assert f'value="{username}"' in html  # the username is kept, the password never
    assert password not in html.replace(f'value="{username}"', "")
    assert not logged_in(client)


def test_empty_form_names_each_missing_field(client):
    response = login(client, "", "")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vul uw gebruikersnaam in." in html and "Vul uw wachtwoord in." in html


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/casussen/nieuw", "/casussen/nieuw"),
        ("/casussen?status=all", "/casussen?status=all"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_only_leads_to_our_own_paths(client, target, expected):
    page = client.get("/inloggen", query_string={"next": target})
    assert page.status_code == 200
    response = login(client, "mentor", PASSWORD, next=target)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.netloc in ("", "localhost")
    assert location.path + (f"?{location.query}" if location.query else "") == expected


def test_a_page_asks_to_log_in_and_returns_there(client):
    response = client.get("/casussen/nieuw")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/inloggen" and "next=%2Fcasussen%2Fnieuw" in location.query


def test_root_is_the_start_page(client):
    login(client, "mentor", PASSWORD)
    response = client.get("/")
    assert response.status_code == 200
    assert "Mijn afspraken over de termijn" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client):
    response = client.post("/inloggen", data={"username": "mentor", "password": PASSWORD})
    assert response.status_code == 400
    assert not logged_in(client)


def test_logout_needs_post_with_csrf(client):
    login(client, "mentor", PASSWORD)
    assert client.get("/uitloggen").status_code == 405
    assert client.post("/uitloggen").status_code == 400
    assert logged_in(client)
    page = client.get("/casussen").get_data(as_text=True)
    response = client.post("/uitloggen", data={"csrf_token": CSRF_RE.search(page).group(1)})
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/inloggen"
    assert not logged_in(client)
    assert "U bent uitgelogd." in client.get("/inloggen").get_data(as_text=True)


@pytest.mark.parametrize("https", ["1", ""])
def test_https_setting_makes_cookies_secure_and_sends_hsts(tmp_path, https):
    """THUISZITTERTAFEL_HTTPS=1: the session cookie only over HTTPS, and HSTS. A separate
    process, because an app instance binds the process-wide database session."""
    import os
    import subprocess
    import sys

    code = (
        "from thuiszittertafel import create_app\n"
        "from thuiszittertafel.config import Settings\n"
        "from thuiszittertafel.core.migrate import upgrade\n"
        "upgrade(Settings.from_env().database_url)\n"  # the login page lists SSO providers
        "r = create_app(Settings.from_env()).test_client().get('/inloggen')\n"
        "print(r.status_code, r.headers.get('Strict-Transport-Security'))\n"
        "print(r.headers.get('Set-Cookie'))\n"
    )
    env = {
        **os.environ,
        "THUISZITTERTAFEL_DATABASE_URL": f"sqlite:///{tmp_path / 'h.db'}",
        "THUISZITTERTAFEL_SECRET_KEY": "x",
        "THUISZITTERTAFEL_SCHEDULER": "external",
        "THUISZITTERTAFEL_HTTPS": https,
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.splitlines()
    status, hsts = out[0].split(" ", 1)
    cookie = out[1].lower()
    assert status == "200" and "session=" in cookie and "httponly" in cookie
    if https:
        assert hsts.startswith("max-age=") and "; secure" in cookie
    else:
        assert hsts == "None" and "; secure" not in cookie
