"""Delivery: a reminder reaches a connected socket client live (through Redis, from a
separate `escalations run` process) and an SMTP server as mail without the pupil's name."""

from __future__ import annotations

import queue
import subprocess
import sys

import pytest
import socketio

from tests.conftest import FROZEN_NOW
from tests.escalation.conftest import at
from tests.live import ServerProcess, cli_env
from tests.notifications.test_mentions_and_inbox import smtp  # noqa: F401 - aiosmtpd
from thuiszittertafel import clock
from thuiszittertafel.auth.services import issue_token


def test_reminder_mail_has_no_pupil_name(session, world, case, agree, run, smtp):  # noqa: F811
    handler, url = smtp
    agree(case, due_at="2026-11-27")
    result = run(at(2026, 11, 25, 17, 0), smtp_url=url)
    assert result.notifications == 1 and len(handler.messages) == 1
    mail = handler.messages[0]
    assert "mentor@example.test" in mail and "herinnering afspraak" in mail.lower()
    assert "Maxime" not in mail and "Vries" not in mail
    run(at(2026, 11, 25, 17, 5), smtp_url=url)
    assert len(handler.messages) == 1  # exactly once


def test_failed_mail_is_recorded_and_retried(session, world, case, agree, run, smtp):  # noqa: F811
    from sqlalchemy import select

    from thuiszittertafel.notifications.models import Notification

    handler, url = smtp
    handler.fail = True
    agree(case, due_at="2026-11-27")
    run(at(2026, 11, 25, 17, 0), smtp_url=url)
    n = session.scalars(select(Notification).where(Notification.kind == "agreement_reminder")).one()
    assert n.mail_state == "pending" and n.mail_error and n.mail_attempts == 1
    handler.fail = False
    run(at(2026, 11, 25, 17, 10), smtp_url=url)  # the next pass retries
    session.refresh(n)
    assert n.mail_state == "sent" and len(handler.messages) == 1


def scheduler_pass(database_url: str, queue_url: str, now: str) -> None:
    """`thuiszittertafel escalations run --now …` as a separate process, emitting through
    Redis like the dedicated scheduler."""
    env = cli_env(database_url, THUISZITTERTAFEL_REDIS_URL=queue_url)
    done = subprocess.run(
        [sys.executable, "-m", "thuiszittertafel.cli", "escalations", "run", "--now", now],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture
def live_server(database_url, redis_url, tmp_path):
    server = ServerProcess(database_url, tmp_path, redis_url=redis_url, frozen_at=FROZEN_NOW)
    server.env["THUISZITTERTAFEL_SCHEDULER"] = "external"
    server.start()
    yield server
    server.stop()


def test_reminder_reaches_a_connected_client_live(
    session, world, case, agree, live_server, redis_url, database_url
):
    agree(case, due_at="2026-11-27")
    token, _ = issue_token(session, world.teacher, clock.now())
    session.commit()
    received: queue.Queue = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("notification", received.put)
    client.connect(
        live_server.url, auth={"token": token}, transports=["websocket"], wait_timeout=10
    )
    try:
        scheduler_pass(database_url, redis_url, "2026-11-25T17:00:00+01:00")
        got = received.get(timeout=10)
        assert got["kind"] == "agreement_reminder" and got["case_id"] == case.id
        assert got["unread"] >= 1 and "Maxime" not in got["text"]
    finally:
        client.disconnect()


def test_case_put_forward_shows_on_the_chairs_open_meeting(
    session, world, make_case, live_server, redis_url, database_url
):
    """The scheduler process places a three-month case on the draft thuiszitterstafel; the
    chair, who has it open on another process, is told at once (through Redis)."""
    from datetime import date

    from tests.live import LiveClient
    from thuiszittertafel.meetings import services

    case = make_case(world.teacher, absent_since=date(2026, 9, 1))
    (meeting,) = services.create_meeting(
        session,
        world.swv_coordinator,
        {"kind": "thuiszitterstafel", "title": "Tafel december", "starts_at": "2026-12-16T14:00"},
        now=clock.now(),
    )
    token, _ = issue_token(session, world.swv_coordinator, clock.now())
    session.commit()
    chair = LiveClient(live_server.url, token, "meeting_state")
    try:
        joined = chair.call("join_meeting", {"meeting_id": meeting.id})
        assert joined["ok"] and joined["state"]["agenda"] == []
        scheduler_pass(database_url, redis_url, "2026-12-02T09:00:00+01:00")
        assert chair.next("meeting_state", timeout=10)["id"] == meeting.id
        again = chair.call("join_meeting", {"meeting_id": meeting.id})
        assert [i["case_id"] for i in again["state"]["agenda"]] == [case.id]
    finally:
        chair.close()
