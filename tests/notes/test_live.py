"""Live delivery with real python-socketio clients against real server processes."""

from __future__ import annotations

import threading
import uuid

import pytest
import socketio

from tests.live import LiveClient, wait_until
from thuiszittertafel import clock
from thuiszittertafel.auth import live_guard
from thuiszittertafel.auth.services import issue_token


class Client(LiveClient):
    """A socket client that records every note_created it receives."""

    def __init__(self, url: str, token: str):
        super().__init__(url, token, "note_created")

    def next_note(self, timeout: float = 5) -> dict:
        return self.next("note_created", timeout)

    def assert_silent(self) -> None:
        assert self.silent("note_created")


@pytest.fixture
def connect(live_clients):
    return lambda server_process, user: live_clients(Client, server_process, user)


@pytest.fixture
def case(case_with_ggd):
    return case_with_ggd


def note(case, body: str, **extra) -> dict:
    return {"case_id": case.id, "body": body, "client_id": uuid.uuid4().hex, **extra}


def test_note_reaches_participants_live_and_not_outsiders(server, connect, world, case):
    teacher, lpa, outsider = (
        connect(server, u) for u in (world.teacher, world.lpa, world.far_worker)
    )
    assert teacher.call("join_case", {"case_id": case.id}) == {"ok": True}
    assert lpa.call("join_case", {"case_id": case.id}) == {"ok": True}
    refused = outsider.call("join_case", {"case_id": case.id})
    assert refused["ok"] is False and refused["message"]
    assert outsider.call("join_case", {"case_id": 999999})["error"] == refused["error"]

    ack = teacher.call("post_note", note(case, "Moeder gebeld, gesprek dinsdag"))
    assert ack["ok"] and ack["created"]
    received = lpa.next_note()
    assert received["id"] == ack["note"]["id"]
    assert received["body"] == "Moeder gebeld, gesprek dinsdag"
    assert teacher.next_note()["id"] == ack["note"]["id"]
    outsider.assert_silent()


def test_organisation_and_medical_scopes_are_never_pushed_wrongly(server, connect, world, case):
    teacher, zorgco, lpa, ggd = (
        connect(server, u) for u in (world.teacher, world.zorgco, world.lpa, world.ggd_doctor)
    )
    for c in (teacher, zorgco, lpa, ggd):
        assert c.call("join_case", {"case_id": case.id})["ok"]

    teacher.call("post_note", note(case, "Alleen voor school", scope="organisatie"))
    assert zorgco.next_note()["body"] == "Alleen voor school"
    lpa.assert_silent()
    ggd.assert_silent()

    ack = ggd.call(
        "post_note",
        note(case, "Diagnose en behandeling", scope="medisch", summary="Belastbaar 3 uur per dag"),
    )
    assert ack["ok"], ack
    seen_by_lpa = lpa.next_note()
    assert seen_by_lpa["body"] is None and seen_by_lpa["html"] is None
    assert seen_by_lpa["summary"] == "Belastbaar 3 uur per dag"
    assert ggd.next_note()["body"] == "Diagnose en behandeling"


def test_repeated_client_id_creates_and_delivers_once(server, connect, world, case):
    teacher, lpa = connect(server, world.teacher), connect(server, world.lpa)
    lpa.call("join_case", {"case_id": case.id})
    payload = note(case, "Eén keer")
    first = teacher.call("post_note", payload)
    second = teacher.call("post_note", payload)
    assert first["created"] and not second["created"]
    assert second["note"]["id"] == first["note"]["id"]
    assert lpa.next_note()["id"] == first["note"]["id"]
    lpa.assert_silent()


def test_bad_socket_input_is_refused(server, connect, world, case):
    teacher = connect(server, world.teacher)
    for bad in (
        {"case_id": "1"},
        {"case_id": True},
        {},
        {"case_id": case.id, "body": ""},
        {"case_id": case.id, "body": "x", "scope": "medisch", "summary": "s"},
    ):
        answer = teacher.call("post_note", bad)
        assert answer["ok"] is False and answer["message"], bad


def test_connection_without_valid_token_is_refused(server):
    sio = socketio.Client(reconnection=False)
    said = []
    sio.on("connect_error", said.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        sio.connect(server.url, auth={"token": "onzin"}, transports=["websocket"], wait_timeout=5)
    # The Dutch sentence a page can show as it is, and the code apart.
    assert said == [
        {"message": "Log opnieuw in om live mee te lezen.", "data": {"error": "niet-ingelogd"}}
    ]


def test_note_crosses_processes_through_redis(two_servers, connect, world, case):
    first, second = two_servers
    teacher = connect(first, world.teacher)
    lpa = connect(second, world.lpa)
    assert lpa.call("join_case", {"case_id": case.id})["ok"]
    ack = teacher.call("post_note", note(case, "Via een ander proces"))
    assert lpa.next_note()["id"] == ack["note"]["id"]


def _csrf(page: str) -> str:
    import re

    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _browser_login(server, user):
    """A browser's login through the form: (its requests session, its cookie header)."""
    import requests

    from tests.conftest import PASSWORD

    web = requests.Session()
    answer = web.post(
        server.url + "/inloggen",
        data={
            "username": user.username,
            "password": PASSWORD,
            "csrf_token": _csrf(web.get(server.url + "/inloggen").text),
        },
        allow_redirects=False,
    )
    # A refused login (a rate limit, a form error) would only show later as a refused socket.
    assert answer.status_code == 302, f"login refused ({answer.status_code}):\n{server.log_tail()}"
    return web, "; ".join(f"{c.name}={c.value}" for c in web.cookies)


def _browser_logout(server, web) -> None:
    token = _csrf(web.get(server.url + "/casussen").text)
    assert web.post(server.url + "/uitloggen", data={"csrf_token": token}).ok


def test_logout_reaches_this_logins_sockets_on_other_processes(
    two_servers, live_clients, world, session
):
    """A logout on one web process tells that login's sockets on the others (their page
    then disconnects); the same user's other login and other users hear nothing."""
    session.commit()
    first, second = two_servers
    web, cookie = _browser_login(first, world.teacher)
    _, other_cookie = _browser_login(first, world.teacher)  # e.g. the same user's phone
    elsewhere = LiveClient(second.url, None, "logged_out", cookie=cookie)
    phone = LiveClient(second.url, None, "logged_out", cookie=other_cookie)
    bystander = live_clients(
        lambda url, token: LiveClient(url, token, "logged_out"), second, world.lpa
    )
    try:
        _browser_logout(first, web)
        # Two messages race to the other process: the logout's own ("uitgelogd") and its
        # guard's, woken by the same logout ("sessie is beëindigd", live_guard.MESSAGE);
        # whichever comes first ends the socket.
        told = elsewhere.next("logged_out")["message"]
        assert "uitgelogd" in told or told == live_guard.MESSAGE
        assert phone.silent("logged_out") and bystander.silent("logged_out")
    finally:
        elsewhere.close()
        phone.close()


def test_logout_closes_this_logins_sockets_not_other_devices(server, connect, world, case):
    web, cookie = _browser_login(server, world.teacher)
    tab = LiveClient(server.url, None, "note_created", cookie=cookie)
    device = connect(server, world.teacher)  # an API token: another login
    closed = threading.Event()
    tab.sio.on("disconnect", lambda *args: closed.set())
    try:
        assert tab.call("join_case", {"case_id": case.id})["ok"]
        _browser_logout(server, web)
        assert closed.wait(timeout=10), "the logout did not close this login's socket"
        assert wait_until(lambda: not tab.sio.connected)
        assert device.sio.connected and device.call("join_case", {"case_id": case.id})["ok"]
    finally:
        if tab.sio.connected:
            tab.close()


def test_exact_catch_up_after_a_disconnect(server, connect, session, world, case):
    import requests

    lpa = connect(server, world.lpa)
    teacher = connect(server, world.teacher)
    assert lpa.call("join_case", {"case_id": case.id})["ok"]
    seen = teacher.call("post_note", note(case, "Voor de onderbreking"))["note"]["id"]
    assert lpa.next_note()["id"] == seen
    lpa.close()
    missed = [teacher.call("post_note", note(case, f"Gemist {i}"))["note"]["id"] for i in range(3)]
    token, _ = issue_token(session, world.lpa, clock.now())
    session.commit()
    again = Client(server.url, token)
    try:
        assert again.call("join_case", {"case_id": case.id})["ok"]
        caught = requests.get(
            f"{server.url}/api/v1/cases/{case.id}/notes",
            params={"after_id": seen},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        assert [n["id"] for n in caught["items"]] == missed
        after = teacher.call("post_note", note(case, "Na het bijpraten"))["note"]["id"]
        assert again.next_note()["id"] == after
    finally:
        again.close()


def test_ended_participation_stops_live_delivery(server, connect, session, world, case):
    from sqlalchemy import select

    from thuiszittertafel.cases.models import Participation
    from thuiszittertafel.cases.participation import add_participation, end_participation

    add_participation(
        session,
        world.teacher,
        case,
        "participant",
        {
            "org_id": world.swv.id,
            "consent_basis": "toestemming-ouders-en-jongere",
            "consent_given_by": "ouders en Maxime",
        },
        now=clock.now(),
    )
    session.commit()
    swv_worker, teacher = connect(server, world.swv_worker), connect(server, world.teacher)
    assert swv_worker.call("join_case", {"case_id": case.id})["ok"]
    teacher.call("post_note", note(case, "Nog betrokken"))
    assert swv_worker.next_note()["body"] == "Nog betrokken"
    part = session.scalar(
        select(Participation).where(
            Participation.case_id == case.id, Participation.org_id == world.swv.id
        )
    )
    end_participation(
        session, world.teacher, case, "participant", part.id, "Klaar", now=clock.now()
    )
    session.commit()
    teacher.call("post_note", note(case, "Vertrouwelijk: gesprek met moeder"))
    swv_worker.assert_silent()
    refused = swv_worker.call("join_case", {"case_id": case.id})
    assert refused["ok"] is False


def test_withdrawn_consent_stops_live_delivery_at_once(server, connect, session, world, case):
    """DESIGN §4: withdrawal ends the organisation's access from that moment, on the
    socket too: a connected jeugdarts stops receiving notes and cannot join again."""
    from sqlalchemy import select

    from thuiszittertafel.cases.models import Consent
    from thuiszittertafel.cases.participation import withdraw_consent

    doctor, teacher = connect(server, world.ggd_doctor), connect(server, world.teacher)
    assert doctor.call("join_case", {"case_id": case.id})["ok"]
    teacher.call("post_note", note(case, "Afspraak met de jeugdarts gepland"))
    assert doctor.next_note()["body"] == "Afspraak met de jeugdarts gepland"
    consent = session.scalar(
        select(Consent).where(Consent.case_id == case.id, Consent.org_id == world.ggd.id)
    )
    withdraw_consent(
        session,
        world.teacher,
        case,
        "participant",
        consent.id,
        {"reason": "Ouders willen de GGD er niet meer bij", "withdrawn_on": "2026-11-25"},
        now=clock.now(),
    )
    session.commit()
    teacher.call("post_note", note(case, "Gesprek met moeder over de thuissituatie"))
    doctor.assert_silent()
    assert doctor.call("join_case", {"case_id": case.id})["ok"] is False
