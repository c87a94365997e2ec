"""Live consultations with real python-socketio clients against a real server process."""

from __future__ import annotations

import uuid

import pytest

from tests.live import LiveClient
from thuiszittertafel import clock


class Client(LiveClient):
    """A socket client that records every consultation_message and status it receives."""

    def __init__(self, url: str, token: str):
        super().__init__(url, token, "consultation_message", "consultation_status")
        self.statuses = self.queues["consultation_status"]

    def next_message(self, timeout: float = 5) -> dict:
        return self.next("consultation_message", timeout)

    def assert_silent(self) -> None:
        assert self.silent("consultation_message")


@pytest.fixture
def connect(live_clients):
    return lambda server_process, user: live_clients(Client, server_process, user)


def message(consultation, body: str, **extra) -> dict:
    return {
        "consultation_id": consultation.id,
        "body": body,
        "client_id": uuid.uuid4().hex,
        **extra,
    }


def test_members_receive_and_outsiders_are_refused(server, connect, world, consultation):
    teacher, lpa, outsider = (
        connect(server, u) for u in (world.teacher, world.lpa, world.swv_coordinator)
    )
    assert teacher.call("join_consultation", {"consultation_id": consultation.id}) == {"ok": True}
    assert lpa.call("join_consultation", {"consultation_id": consultation.id}) == {"ok": True}
    refused = outsider.call("join_consultation", {"consultation_id": consultation.id})
    missing = outsider.call("join_consultation", {"consultation_id": consultation.id + 999})
    assert refused["ok"] is False and refused["message"]
    assert refused == missing  # a hidden consultation looks exactly like a missing one

    ack = teacher.call("post_consultation_message", message(consultation, "Wie denkt mee?"))
    assert ack["ok"] and ack["created"]
    received = lpa.next_message()
    assert received["id"] == ack["message"]["id"] and received["body"] == "Wie denkt mee?"
    assert received["author_name"] == world.teacher.name
    assert teacher.next_message()["id"] == ack["message"]["id"]
    outsider.assert_silent()
    # Posting is refused to the outsider too, with the same answer as a missing one.
    posted = outsider.call("post_consultation_message", message(consultation, "Ik ook"))
    assert posted == {**refused}


def test_repeated_client_id_is_stored_and_delivered_once(server, connect, world, consultation):
    teacher, lpa = connect(server, world.teacher), connect(server, world.lpa)
    assert lpa.call("join_consultation", {"consultation_id": consultation.id})["ok"]
    payload = message(consultation, "Eén keer")
    first = teacher.call("post_consultation_message", payload)
    second = teacher.call("post_consultation_message", payload)
    assert first["created"] and not second["created"]
    assert second["message"]["id"] == first["message"]["id"]
    assert lpa.next_message()["id"] == first["message"]["id"]
    lpa.assert_silent()


def test_an_invited_organisation_joins_only_after_the_invitation(
    server, connect, world, consultation, session
):
    from thuiszittertafel.consultations.services import invite

    wijkteam = connect(server, world.wijkteam_worker)
    assert not wijkteam.call("join_consultation", {"consultation_id": consultation.id})["ok"]
    invite(session, world.lpa, consultation, {"org_id": world.wijkteam.id}, now=clock.now())
    session.commit()
    assert wijkteam.call("join_consultation", {"consultation_id": consultation.id})["ok"]
    lpa = connect(server, world.lpa)
    ack = lpa.call("post_consultation_message", message(consultation, "Welkom wijkteam"))
    assert wijkteam.next_message()["id"] == ack["message"]["id"]


@pytest.mark.parametrize(
    "bad",
    [None, "1", {"consultation_id": "1"}, {"consultation_id": True}, {"consultation_id": -1}, {}],
)
def test_bad_join_and_post_input_is_refused(server, connect, world, consultation, bad):
    teacher = connect(server, world.teacher)
    for event in ("join_consultation", "post_consultation_message"):
        answer = teacher.call(event, bad)
        assert answer["ok"] is False and answer["error"] == "ongeldige-invoer"
        assert answer["message"]


def test_bad_messages_and_closed_consultations_are_refused(
    server, connect, world, consultation, session
):
    from thuiszittertafel.consultations.services import close

    teacher = connect(server, world.teacher)
    empty = teacher.call("post_consultation_message", message(consultation, "  "))
    assert empty["ok"] is False and "body" in empty["fields"]
    close(session, world.lpa, consultation, now=clock.now())
    session.commit()
    late = teacher.call("post_consultation_message", message(consultation, "Te laat"))
    assert late["ok"] is False and late["error"] == "gesloten"


def test_conversion_is_pushed_and_ends_the_room(server, connect, world, consultation):
    from tests.consultations.conftest import INTAKE

    lpa = connect(server, world.lpa)
    assert lpa.call("join_consultation", {"consultation_id": consultation.id})["ok"]
    # Convert through the live server's page, so its Socket.IO server does the push.
    import re

    import requests

    from tests.conftest import PASSWORD

    web = requests.Session()
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', web.get(server.url + "/inloggen").text
    ).group(1)
    web.post(
        server.url + "/inloggen",
        data={"username": world.teacher.username, "password": PASSWORD, "csrf_token": token},
    )
    page = web.get(f"{server.url}/consultaties/{consultation.id}").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    converted = web.post(
        f"{server.url}/consultaties/{consultation.id}/omzetten",
        data={
            **INTAKE,
            "municipality_id": str(world.zaltbommel.id),
            "school_org_id": str(world.school.id),
            "csrf_token": token,
        },
        allow_redirects=False,
    )
    assert converted.status_code == 302, converted.text[:2000]
    status = lpa.statuses.get(timeout=5)
    assert status["status"] == "converted" and status["case_id"]
    refused = lpa.call("join_consultation", {"consultation_id": consultation.id})
    assert refused["ok"] is False and refused["error"] == "omgezet"
