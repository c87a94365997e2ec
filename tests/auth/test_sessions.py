"""Sessions that end (issue 15, problems 6 and 7): a row per login; logout, the owner,
deactivation, an idle timeout and an absolute lifetime end it; a replayed cookie of an
ended session is refused on pages and in the API."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.conftest import FROZEN_NOW
from thuiszittertafel import clock
from thuiszittertafel.auth.models import LoginSession


def _cookie(b) -> str:
    return b.client.get_cookie("session").value


def _replay(b, value: str) -> None:
    b.client.set_cookie("session", value)


def _logged_in(b) -> bool:
    return b.get("/casussen").status_code == 200


def test_logout_ends_the_session_and_a_replayed_cookie_is_refused(session, world, browser):
    session.commit()
    b = browser(world.teacher)
    assert _logged_in(b) and b.get("/api/v1/me").status_code == 200
    cookie = _cookie(b)
    assert b.post("/uitloggen").status_code == 302
    _replay(b, cookie)  # the cookie from before the logout, sent again
    page = b.get("/casussen")
    assert page.status_code == 302 and page.headers["Location"].startswith("/inloggen")
    api = b.get("/api/v1/me")
    assert api.status_code == 401 and api.get_json()["error"] == "niet-ingelogd"
    row = session.scalar(select(LoginSession).where(LoginSession.user_id == world.teacher.id))
    session.refresh(row)
    assert row.ended_at == FROZEN_NOW and row.end_reason == "logout"


def test_a_forged_cookie_without_a_session_row_is_refused(app, session, world):
    """Knowing the secret key's cookie format is not enough: no row, no login."""
    session.commit()
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = str(world.teacher.id)
        cookie["_fresh"] = True
        cookie["sid"] = "verzonnen"
    assert client.get("/casussen").status_code == 302
    assert client.get("/api/v1/me").status_code == 401


def test_idle_timeout_ends_the_session_with_a_dutch_message(session, world, browser):
    session.commit()
    b = browser(world.teacher)
    clock.freeze(FROZEN_NOW + timedelta(minutes=29))
    assert _logged_in(b)  # activity: the idle clock starts again
    clock.freeze(FROZEN_NOW + timedelta(minutes=58))
    assert _logged_in(b)
    clock.freeze(FROZEN_NOW + timedelta(minutes=58 + 30))
    page = b.get("/casussen")
    assert page.status_code == 302
    login = b.get("/inloggen").get_data(as_text=True)
    assert "30 minuten niet actief" in login and "Log opnieuw in" in login
    assert not _logged_in(b)
    row = session.scalar(select(LoginSession).where(LoginSession.user_id == world.teacher.id))
    session.refresh(row)
    assert row.end_reason == "idle"


def test_absolute_lifetime_ends_even_an_active_session(session, world, browser):
    session.commit()
    b = browser(world.teacher)
    for minutes in range(20, 12 * 60, 20):  # active every 20 minutes
        clock.freeze(FROZEN_NOW + timedelta(minutes=minutes))
        assert _logged_in(b), minutes
    clock.freeze(FROZEN_NOW + timedelta(hours=12))
    assert not _logged_in(b)
    assert "langer dan 12 uur" in b.get("/inloggen").get_data(as_text=True)


def test_a_user_sees_and_ends_their_own_sessions_only(session, world, browser):
    session.commit()
    laptop, phone = browser(world.teacher), browser(world.teacher)
    other = browser(world.lpa)
    page = laptop.get("/account").get_data(as_text=True)
    assert page.count("Beëindigen") == 2 and "Deze sessie" in page
    rows = session.scalars(
        select(LoginSession).where(LoginSession.user_id == world.teacher.id)
    ).all()
    phone_id = max(r.id for r in rows)
    lpa_id = session.scalar(select(LoginSession.id).where(LoginSession.user_id == world.lpa.id))
    # Refused: someone else's session is not found, and stays open.
    refused = laptop.post(f"/account/sessies/{lpa_id}/beeindigen")
    assert refused.status_code == 404 and _logged_in(other)
    # A form without its CSRF token changes nothing either.
    assert laptop.client.post(f"/account/sessies/{phone_id}/beeindigen").status_code == 400
    assert _logged_in(phone)
    assert laptop.post(f"/account/sessies/{phone_id}/beeindigen").status_code == 302
    assert not _logged_in(phone) and _logged_in(laptop)
    assert "beëindigd door uzelf" in laptop.get("/account").get_data(as_text=True)


def test_deactivation_ends_every_session_and_reactivation_does_not_revive_them(
    session, world, make_user, browser
):
    admin = make_user(world.school, "beheerder", username="beheer.school")
    session.commit()
    teacher = browser(world.teacher)
    b = browser(admin)
    assert b.post(f"/beheer/gebruikers/{world.teacher.id}/actief", {"active": "0"}).status_code
    assert b.post(f"/beheer/gebruikers/{world.teacher.id}/actief", {"active": "1"}).status_code
    assert not _logged_in(teacher)  # the old cookie stays dead
    reasons = session.scalars(
        select(LoginSession.end_reason).where(LoginSession.user_id == world.teacher.id)
    ).all()
    assert reasons == ["deactivated"]
    assert _logged_in(browser(world.teacher))  # a new login works again


def test_a_password_change_ends_other_sessions_and_tokens(app, session, world, browser):
    from tests.conftest import PASSWORD

    session.commit()
    here, elsewhere = browser(world.teacher), browser(world.teacher)
    api = app.test_client()
    token = api.post(
        "/api/v1/tokens", json={"username": "mentor", "password": PASSWORD}
    ).get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    refusals = [
        (
            {
                "current": "fout-wachtwoord",
                "new": "nieuw-wachtwoord-1",
                "repeat": "nieuw-wachtwoord-1",
            },
            "huidige wachtwoord klopt niet",
        ),
        ({"current": PASSWORD, "new": "kort", "repeat": "kort"}, "minstens 10 tekens"),
        (
            {"current": PASSWORD, "new": "nieuw-wachtwoord-1", "repeat": "anders-wachtwoord"},
            "niet gelijk",
        ),
    ]
    for data, message in refusals:
        refused = here.post("/account/wachtwoord", data)
        assert refused.status_code == 400 and message in refused.get_data(as_text=True)
        assert _logged_in(elsewhere) and api.get("/api/v1/me", headers=auth).status_code == 200
    new = "nieuw-wachtwoord-1"
    done = here.post("/account/wachtwoord", {"current": PASSWORD, "new": new, "repeat": new})
    assert done.status_code == 302
    assert _logged_in(here) and not _logged_in(elsewhere)
    assert api.get("/api/v1/me", headers=auth).status_code == 401
    assert browser().login(world.teacher).status_code == 400  # the old password is gone
    assert browser().login(world.teacher, new).status_code == 302


def test_a_user_revokes_their_own_api_token_only(app, session, world, browser):
    from thuiszittertafel.auth.models import ApiToken
    from thuiszittertafel.auth.services import issue_token

    mine, _ = issue_token(session, world.teacher, clock.now())
    issue_token(session, world.lpa, clock.now())
    session.commit()
    ids = {t.user_id: t.id for t in session.scalars(select(ApiToken))}
    b = browser(world.teacher)
    assert "Intrekken" in b.get("/account").get_data(as_text=True)
    assert b.post(f"/account/tokens/{ids[world.lpa.id]}/intrekken").status_code == 404
    assert b.post(f"/account/tokens/{ids[world.teacher.id]}/intrekken").status_code == 302
    api = app.test_client()
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {mine}"}).status_code == 401
    session.expire_all()
    assert [t.user_id for t in session.scalars(select(ApiToken))] == [world.lpa.id]
