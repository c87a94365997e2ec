"""A live connection ends with what it logged in with (issue 15, problem 6): real
python-socketio clients against real server processes (tests/live.py)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, update

from tests.live import LiveClient, ServerProcess
from tests.notes.test_live import _browser_login, _csrf
from thuiszittertafel import clock
from thuiszittertafel.auth.live_guard import CHECK_EVERY
from thuiszittertafel.auth.models import ApiToken, LoginSession
from thuiszittertafel.auth.services import issue_token


def _gone(client: LiveClient, within: float) -> bool:
    """True when the server has closed this client's connection within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not client.sio.connected:
            return True
        time.sleep(0.05)
    return not client.sio.connected


def _token_client(session, server, user) -> LiveClient:
    token, _ = issue_token(session, user, clock.now())
    session.commit()
    return LiveClient(server.url, token, "logged_out")


def _deactivate_by_api(server, admin, user) -> None:
    """PATCH /api/v1/users/<id> {"active": false} with the beheerder's token."""
    import requests

    from tests.conftest import PASSWORD

    token = requests.post(
        server.url + "/api/v1/tokens",
        json={"username": admin.username, "password": PASSWORD},
        timeout=10,
    ).json()["token"]
    answer = requests.patch(
        f"{server.url}/api/v1/users/{user.id}",
        json={"active": False},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text


def _deactivate(server, admin, user) -> None:
    web, _ = _browser_login(server, admin)
    page = web.get(server.url + "/beheer/gebruikers").text
    answer = web.post(
        f"{server.url}/beheer/gebruikers/{user.id}/actief",
        data={"active": "0", "csrf_token": _csrf(page)},
        allow_redirects=False,
    )
    assert answer.status_code == 302


@pytest.mark.parametrize("deactivate", [_deactivate, _deactivate_by_api], ids=["page", "api"])
def test_deactivation_disconnects_every_socket_of_that_user_at_once(
    server, session, world, make_user, case, deactivate
):
    admin = make_user(world.school, "beheerder", username="beheer.live")
    session.commit()
    _, cookie = _browser_login(server, world.teacher)
    tab = LiveClient(server.url, None, "logged_out", cookie=cookie)
    device = _token_client(session, server, world.teacher)
    colleague = _token_client(session, server, world.zorgco)
    try:
        assert tab.call("join_case", {"case_id": case.id})["ok"]
        before = time.monotonic()
        deactivate(server, admin, world.teacher)
        assert _gone(tab, 1.5) and _gone(device, 1.5)
        # Refused: someone else's socket stays, and can still join.
        assert colleague.sio.connected, (
            f"deactivated at {before:.2f}; colleague ended {colleague.ended};"
            f" server log:\n{server.log_tail()}"
        )
        assert colleague.call("join_case", {"case_id": case.id})["ok"]
    finally:
        for c in (tab, device, colleague):
            if c.sio.connected:
                c.close()


def test_ending_a_session_on_the_account_page_disconnects_its_socket(server, session, world):
    session.commit()
    web, _ = _browser_login(server, world.teacher)
    _, phone_cookie = _browser_login(server, world.teacher)
    phone = LiveClient(server.url, None, "logged_out", cookie=phone_cookie)
    laptop = LiveClient(server.url, None, "logged_out", cookie=_cookie_of(web))
    try:
        session.expire_all()
        phone_id = max(
            session.scalars(
                LoginSession.__table__.select()
                .with_only_columns(LoginSession.id)
                .where(LoginSession.user_id == world.teacher.id)
            )
        )
        page = web.get(server.url + "/account").text
        web.post(
            f"{server.url}/account/sessies/{phone_id}/beeindigen",
            data={"csrf_token": _csrf(page)},
            allow_redirects=False,
        )
        assert _gone(phone, 1.5)
        assert laptop.sio.connected  # this browser's own session stays
    finally:
        for c in (phone, laptop):
            if c.sio.connected:
                c.close()


def _cookie_of(web) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in web.cookies)


def test_a_revoked_token_disconnects_its_socket(server, session, world):
    device = _token_client(session, server, world.teacher)
    other = _token_client(session, server, world.lpa)
    try:
        session.execute(delete(ApiToken).where(ApiToken.user_id == world.teacher.id))
        session.commit()
        assert _gone(device, CHECK_EVERY + 2)
        assert other.sio.connected
    finally:
        for c in (device, other):
            if c.sio.connected:
                c.close()


def test_an_expiring_token_disconnects_its_socket_when_it_expires(
    database_url, session, world, tmp_path
):
    """Real time on both sides (the clock frozen on neither): a connected token cut to 4
    more seconds (cut after connecting: a slow machine's connect must not outlast it)."""
    clock.freeze(None)
    server = ServerProcess(database_url, tmp_path).start()
    try:
        token, _ = issue_token(session, world.teacher, clock.now())
        session.commit()
        client = LiveClient(server.url, token, "logged_out")
        assert client.sio.connected
        session.execute(
            ApiToken.__table__.update().values(expires_at=clock.now() + timedelta(seconds=4))
        )
        session.commit()
        assert not _gone(client, 1.0)  # still valid: stays
        assert _gone(client, 4 + CHECK_EVERY + 2)
    finally:
        server.stop()


def test_deactivation_on_one_process_disconnects_sockets_on_another_through_redis(
    two_servers, session, world, make_user
):
    first, second = two_servers
    admin = make_user(world.school, "beheerder", username="beheer.schaal")
    session.commit()
    _, cookie = _browser_login(second, world.teacher)
    tab = LiveClient(second.url, None, "logged_out", cookie=cookie)
    device = _token_client(session, second, world.teacher)
    bystander = _token_client(session, second, world.lpa)
    try:
        _deactivate(first, admin, world.teacher)
        # Sooner than the periodic check: the Redis message woke the other process.
        assert _gone(tab, 1.5) and _gone(device, 1.5)
        assert bystander.sio.connected
    finally:
        for c in (tab, device, bystander):
            if c.sio.connected:
                c.close()


pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


def test_revoking_a_token_on_the_account_page_disconnects_its_socket_at_once(
    server, session, world
):
    from sqlalchemy import select

    device = _token_client(session, server, world.teacher)
    other = _token_client(session, server, world.teacher)
    try:
        token_id = min(session.scalars(select(ApiToken.id)))  # the device's, the first
        web, _ = _browser_login(server, world.teacher)
        page = web.get(server.url + "/account").text
        web.post(
            f"{server.url}/account/tokens/{token_id}/intrekken",
            data={"csrf_token": _csrf(page)},
            allow_redirects=False,
        )
        assert _gone(device, 1.5)
        assert other.sio.connected  # the other token stays
    finally:
        for c in (device, other):
            if c.sio.connected:
                c.close()


def test_typing_over_a_live_connection_keeps_the_login_from_going_idle(
    server, session, world, case
):
    """A note sent over the socket is activity, as a page request is: a zorgcoördinator
    typing in the case log during a long ZAT is not logged out at the idle timeout. The
    page's presence ping is not activity: an unattended screen still times out."""
    _, cookie = _browser_login(server, world.teacher)
    tab = LiveClient(server.url, None, "logged_out", cookie=cookie)
    try:
        session.expire_all()
        row_id = max(
            session.scalars(select(LoginSession.id).where(LoginSession.user_id == world.teacher.id))
        )
        quiet = clock.now() - timedelta(minutes=29)  # the server's clock is frozen at ours
        session.execute(
            update(LoginSession).where(LoginSession.id == row_id).values(last_seen_at=quiet)
        )
        session.commit()

        def last_seen():
            session.expire_all()
            return session.get(LoginSession, row_id).last_seen_at

        assert tab.call("still_here", {"case_id": case.id})["ok"]
        assert last_seen() == quiet  # a ping keeps nothing alive
        sent = tab.call(
            "post_note", {"case_id": case.id, "body": "Moeder gebeld", "client_id": "i1"}
        )
        assert sent["ok"] and last_seen() == clock.now()
    finally:
        if tab.sio.connected:
            tab.close()
