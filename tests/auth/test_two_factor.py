"""Two-factor login (issue 15, item 2): TOTP codes made with pyotp against the secret on
the test's frozen clock, recovery codes that work once, required per organisation or
role, rate limited like the password, and for API tokens too."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from tests.conftest import CSRF_RE, FROZEN_NOW, PASSWORD
from thuiszittertafel import clock
from thuiszittertafel.auth.models import RecoveryCode, User


def _form(b, url: str, data: dict):
    token = CSRF_RE.search(b.get(url).get_data(as_text=True)).group(1)
    return b.client.post(url, data={**data, "csrf_token": token})


def _password(b, user):
    return _form(b, "/inloggen", {"username": user.username, "password": PASSWORD})


def _logged_in(b) -> bool:
    return b.get("/casussen").status_code == 200


def _code(secret: str, at=None) -> str:
    return pyotp.TOTP(secret).at(at or clock.now())


def _enrol(session, b) -> tuple[str, list[str]]:
    page = b.get("/account/tweestaps").get_data(as_text=True)
    assert "<svg" in page and "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    done = b.post("/account/tweestaps", {"totp": _code(secret)})
    assert done.status_code == 200, done.get_data(as_text=True)[:300]
    codes = re.findall(
        r"<code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})</code>", done.get_data(as_text=True)
    )
    assert len(codes) == 10
    return secret, codes


@pytest.fixture
def enrolled(session, world, browser):
    """The mentor with two-factor set up; (secret, recovery codes)."""
    session.commit()
    b = browser(world.teacher)
    secret, codes = _enrol(session, b)
    b.post("/uitloggen")
    return secret, codes


def test_enrolment_needs_a_right_code_and_keeps_only_hashes(session, world, browser):
    session.commit()
    b = browser(world.teacher)
    page = b.get("/account/tweestaps").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    wrong = b.post("/account/tweestaps", {"totp": "000000"})
    assert wrong.status_code == 400 and "klopt niet" in wrong.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, world.teacher.id).totp_secret is None  # nothing changed
    done = b.post("/account/tweestaps", {"totp": _code(secret)})
    codes = re.findall(r"<code>([a-z2-7-]{19})</code>", done.get_data(as_text=True))
    session.expire_all()
    assert session.get(User, world.teacher.id).totp_secret == secret
    hashes = session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(hashes) == 10 and not set(codes) & set(hashes)
    assert "niet nogmaals" in done.get_data(as_text=True)


def test_login_asks_for_the_code_after_the_password(session, world, browser, enrolled):
    secret, _ = enrolled
    b = browser()
    step = _password(b, world.teacher)
    assert step.status_code == 302 and step.headers["Location"].endswith("/inloggen/code")
    assert not _logged_in(b)  # the password alone is not a login
    wrong = _form(b, "/inloggen/code", {"totp": "123456"})
    assert wrong.status_code == 400 and "klopt niet" in wrong.get_data(as_text=True)
    assert not _logged_in(b)
    clock.freeze(FROZEN_NOW + timedelta(seconds=60))  # the enrolment's step is used up
    ok = _form(b, "/inloggen/code", {"totp": _code(secret)})
    assert ok.status_code == 302 and _logged_in(b)


def test_a_code_is_not_accepted_twice_nor_from_another_time(session, world, browser, enrolled):
    secret, _ = enrolled
    clock.freeze(FROZEN_NOW + timedelta(minutes=2))
    first = browser()
    _password(first, world.teacher)
    code = _code(secret)
    assert _form(first, "/inloggen/code", {"totp": code}).status_code == 302
    replay = browser()
    _password(replay, world.teacher)
    assert _form(replay, "/inloggen/code", {"totp": code}).status_code == 400  # replayed
    old = _code(secret, FROZEN_NOW - timedelta(minutes=5))
    assert _form(replay, "/inloggen/code", {"totp": old}).status_code == 400  # too old
    assert not _logged_in(replay)


def test_the_login_form_may_post_the_code_at_once(session, world, browser, enrolled):
    secret, _ = enrolled
    clock.freeze(FROZEN_NOW + timedelta(minutes=2))
    b = browser()
    data = {"username": world.teacher.username, "password": PASSWORD, "totp": _code(secret)}
    assert _form(b, "/inloggen", data).status_code == 302 and _logged_in(b)


def test_a_recovery_code_works_once(session, world, browser, enrolled):
    _, codes = enrolled
    b = browser()
    _password(b, world.teacher)
    assert _form(b, "/inloggen/code", {"totp": codes[0].upper()}).status_code == 302
    again = browser()
    _password(again, world.teacher)
    assert _form(again, "/inloggen/code", {"totp": codes[0]}).status_code == 400
    assert "9 ongebruikte herstelcodes" in b.get("/account").get_data(as_text=True)


def test_wrong_codes_are_rate_limited_like_passwords(session, world, browser, enrolled):
    secret, _ = enrolled
    b = browser()
    _password(b, world.teacher)
    for _ in range(10):
        assert _form(b, "/inloggen/code", {"totp": "999999"}).status_code == 400
    clock.freeze(FROZEN_NOW + timedelta(minutes=2))
    limited = _form(b, "/inloggen/code", {"totp": _code(secret)})
    assert limited.status_code == 429 and "Te veel" in limited.get_data(as_text=True)
    assert not _logged_in(b)


def test_the_step_between_password_and_code_expires(session, world, browser, enrolled):
    secret, _ = enrolled
    b = browser()
    _password(b, world.teacher)
    clock.freeze(FROZEN_NOW + timedelta(minutes=6))
    token = CSRF_RE.search(b.get("/inloggen").get_data(as_text=True)).group(1)
    late = b.client.post("/inloggen/code", data={"totp": _code(secret), "csrf_token": token})
    assert late.status_code == 302 and late.headers["Location"].endswith("/inloggen")
    assert "duurde te lang" in b.get("/inloggen").get_data(as_text=True)
    assert not _logged_in(b)


def test_an_organisation_requires_two_factor_and_its_accounts_set_it_up(
    session, world, make_user, browser
):
    admin = make_user(world.school, "beheerder", username="beheer.2fa")
    other_admin = make_user(world.ggd, "beheerder", username="beheer.ggd")
    session.commit()
    # Refused: another organisation's beheerder cannot set it for the school.
    refused = browser(other_admin).post(
        "/beheer/tweestaps", {"org_id": world.school.id, "verplicht": "1"}
    )
    assert refused.status_code == 404
    assert (
        browser(admin)
        .post("/beheer/tweestaps", {"org_id": world.school.id, "verplicht": "1"})
        .status_code
        == 302
    )
    b = browser()
    step = _password(b, world.teacher)
    assert step.headers["Location"].endswith("/inloggen/tweestaps-instellen")
    assert not _logged_in(b)
    page = b.get("/inloggen/tweestaps-instellen").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    done = _form(b, "/inloggen/tweestaps-instellen", {"totp": _code(secret)})
    assert done.status_code == 200 and "herstelcodes" in done.get_data(as_text=True)
    assert _logged_in(b)
    # Another organisation's account logs in with its password alone.
    assert _password(browser(), world.lpa).headers["Location"].endswith("/")


def test_a_role_requires_two_factor_everywhere(app, session, world, make_user, browser):
    session.commit()
    settings = app.config["SETTINGS"]
    settings.two_factor_roles = ("coordinator",)
    try:
        step = _password(browser(), world.zorgco)
        assert step.headers["Location"].endswith("/inloggen/tweestaps-instellen")
        assert _password(browser(), world.teacher).headers["Location"].endswith("/")
    finally:
        settings.two_factor_roles = ()


def test_api_tokens_need_the_code_too(app, session, world, enrolled):
    secret, _ = enrolled
    client = app.test_client()
    creds = {"username": world.teacher.username, "password": PASSWORD}
    without = client.post("/api/v1/tokens", json=creds)
    assert without.status_code == 401 and without.get_json()["error"] == "tweestaps-code"
    wrong = client.post("/api/v1/tokens", json={**creds, "totp": "000000"})
    assert wrong.status_code == 401 and "klopt niet" in wrong.get_json()["message"]
    clock.freeze(FROZEN_NOW + timedelta(minutes=1))
    ok = client.post("/api/v1/tokens", json={**creds, "totp": _code(secret)})
    assert ok.status_code == 201 and ok.get_json()["token"]


def test_a_beheerder_resets_two_factor_for_re_enrolment(
    session, world, make_user, browser, enrolled
):
    admin = make_user(world.school, "beheerder", username="beheer.reset")
    outsider = make_user(world.ggd, "beheerder", username="beheer.buiten")
    session.commit()
    url = f"/beheer/gebruikers/{world.teacher.id}/tweestaps-opnieuw"
    assert browser(outsider).post(url).status_code == 404
    session.expire_all()
    assert session.get(User, world.teacher.id).totp_secret is not None  # unchanged
    assert browser(admin).post(url).status_code == 302
    session.expire_all()
    assert session.get(User, world.teacher.id).totp_secret is None
    assert session.scalars(select(RecoveryCode)).all() == []
    assert _password(browser(), world.teacher).headers["Location"].endswith("/")
