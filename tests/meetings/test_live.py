"""The live meeting screen's room: real python-socketio clients against a server process."""

from __future__ import annotations

import time

import pytest
import requests

from tests.live import LiveClient
from tests.meetings.conftest import held
from thuiszittertafel import clock
from thuiszittertafel.auth.live_guard import CHECK_EVERY
from thuiszittertafel.auth.services import issue_token
from thuiszittertafel.meetings import services


class Screen(LiveClient):
    def __init__(self, url: str, token: str):
        super().__init__(url, token, "meeting_state")


@pytest.fixture
def screen(live_clients, server):
    return lambda user: live_clients(Screen, server, user)


@pytest.fixture
def as_user(session, server):
    """as_user(user).post(path, json) → the API on the live server with a fresh token."""

    def make(user):
        token, _ = issue_token(session, user, clock.now())
        session.commit()
        web = requests.Session()
        web.headers["Authorization"] = f"Bearer {token}"
        web.base = f"{server.url}/api/v1"
        return web

    return make


def test_attendees_follow_the_chair_and_outsiders_cannot_join(
    session, world, screen, as_user, published, case
):
    chair, attendee, outsider = (
        screen(u) for u in (world.swv_coordinator, world.wijkteam_worker, world.far_worker)
    )
    joined = attendee.call("join_meeting", {"meeting_id": published.id})
    assert joined["ok"] and joined["state"]["status"] == "published"
    items = joined["state"]["agenda"]
    assert [i["initials"] for i in items][0] == case.pupil.initials
    assert case.pupil.family_name not in str(joined)
    assert chair.call("join_meeting", {"meeting_id": published.id})["ok"]
    refused = outsider.call("join_meeting", {"meeting_id": published.id})
    assert refused["ok"] is False and refused["message"]
    assert outsider.call("join_meeting", {"meeting_id": 99999})["error"] == refused["error"]
    assert outsider.call("join_meeting", {"meeting_id": "1"})["ok"] is False

    api = as_user(world.swv_coordinator)
    item = items[0]
    assert (
        api.post(f"{api.base}/meetings/{published.id}/agenda/{item['id']}/open").status_code == 200
    )
    signal = attendee.next("meeting_state")
    # The push only says what changed; each screen fetches what it may see (and is audited).
    assert set(signal) == {"id", "status", "current_item_id", "now"}
    assert signal["current_item_id"] == item["id"]
    assert chair.next("meeting_state")["current_item_id"] == item["id"]
    assert outsider.silent("meeting_state")

    decision = api.post(
        f"{api.base}/meetings/{published.id}/agenda/{item['id']}/decisions",
        json={
            "text": "School zoekt een passende plek",
            "agreements": [
                {
                    "description": "Plek zoeken",
                    "owner_org_id": world.school.id,
                    "due_at": "2026-12-15",
                }
            ],
        },
    )
    assert decision.status_code == 201, decision.text
    assert attendee.next("meeting_state")["id"] == published.id
    state = attendee.call("join_meeting", {"meeting_id": published.id})["state"]
    assert state["agenda"][0]["decisions"][0]["text"] == "School zoekt een passende plek"
    assert "participant_orgs" not in state["agenda"][0]  # only the chair picks owners
    assert case.pupil.given_name not in str(state)

    held(session, published.id)
    assert api.post(f"{api.base}/meetings/{published.id}/finalize").status_code == 200
    final = attendee.next("meeting_state")
    assert final["status"] == "final"
    assert attendee.call("join_meeting", {"meeting_id": published.id})["state"]["agenda"] == []


def test_deactivated_attendee_gets_nothing_more(session, world, screen, as_user, published):
    attendee = screen(world.wijkteam_worker)
    assert attendee.call("join_meeting", {"meeting_id": published.id})["ok"]
    world.wijkteam_worker.active = False
    session.commit()
    # Deactivated in the database behind the server's back (no page announced it): the
    # server's live guard (auth/live_guard.py) ends the connection within its check period.
    deadline = time.monotonic() + CHECK_EVERY + 3
    while attendee.sio.connected and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not attendee.sio.connected
    api = as_user(world.swv_coordinator)
    item = published.items[0]
    assert api.post(f"{api.base}/meetings/{published.id}/agenda/{item.id}/open").status_code == 200
    assert attendee.silent("meeting_state")


def test_late_joiner_gets_the_current_state(world, screen, as_user, published):
    api = as_user(world.swv_coordinator)
    item = published.items[1]
    assert api.post(f"{api.base}/meetings/{published.id}/agenda/{item.id}/open").status_code == 200
    late = screen(world.lpa).call("join_meeting", {"meeting_id": published.id})
    assert late["ok"] and late["state"]["current_item_id"] == item.id


def test_draft_agenda_stays_with_the_chair(session, world, screen, meeting, case):
    services.add_item(
        session, world.swv_coordinator, meeting, {"case_id": case.id}, now=clock.now()
    )
    session.commit()
    joined = screen(world.wijkteam_worker).call("join_meeting", {"meeting_id": meeting.id})
    assert joined["ok"] and joined["state"]["agenda"] == []
    chair = screen(world.swv_coordinator).call("join_meeting", {"meeting_id": meeting.id})
    assert [i["case_id"] for i in chair["state"]["agenda"]] == [case.id]


def test_a_refused_change_sends_no_state(session, world, screen, as_user, published):
    """The services queue the room's signal in the after-commit outbox: a change refused
    after it was queued (the decision's agreement has no owner) rolls back and sends
    nothing; the next change that commits is the first signal the room hears."""
    attendee = screen(world.wijkteam_worker)
    assert attendee.call("join_meeting", {"meeting_id": published.id})["ok"]
    api = as_user(world.swv_coordinator)
    first, second = published.items[0], published.items[1]
    assert api.post(f"{api.base}/meetings/{published.id}/agenda/{first.id}/open").ok
    assert attendee.next("meeting_state")["current_item_id"] == first.id
    refused = api.post(
        f"{api.base}/meetings/{published.id}/agenda/{first.id}/decisions",
        json={"text": "Zonder eigenaar", "agreements": [{"description": "x", "due_at": "x"}]},
    )
    assert refused.status_code == 400 and refused.json()["message"]
    wrong_item = api.post(f"{api.base}/meetings/{published.id}/agenda/999999/open")
    assert wrong_item.status_code == 400
    assert attendee.silent("meeting_state")
    assert api.post(f"{api.base}/meetings/{published.id}/agenda/{second.id}/open").ok
    assert attendee.next("meeting_state")["current_item_id"] == second.id


def test_queued_state_is_dropped_on_rollback(session, world, published):
    """In process: what a service queued is gone after a rollback, and goes into the
    outbox (once per meeting) at the commit."""
    from thuiszittertafel.notifications.outbox import _KEY as OUTBOX

    item = published.items[0]
    services.open_item(session, world.swv_coordinator, published, item.id, now=clock.now())
    assert session.info.get("meeting_states") == {published.id}
    session.rollback()
    assert "meeting_states" not in session.info and OUTBOX not in session.info
    services.open_item(session, world.swv_coordinator, published, item.id, now=clock.now())
    services.set_cirkel_0(session, world.swv_coordinator, published, item.id, {}, now=clock.now())
    session.flush()
    from thuiszittertafel.meetings import delivery

    delivery._queue(session())  # what the before_commit listener does
    queued = [e for e in session.info[OUTBOX] if e[0] == "meeting_state"]
    assert [(room, payload["current_item_id"]) for _, room, payload, _ in queued] == [
        (f"meeting:{published.id}", item.id)
    ]
    session.rollback()
    assert OUTBOX not in session.info
