"""Odd input that gave a 500 (issue 15, item 9): a Dutch 400/404 instead, and no change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.api.conftest import ApiClient
from tests.conftest import PASSWORD
from thuiszittertafel import clock
from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.meetings import services as meetings
from thuiszittertafel.meetings.models import AgendaItem


@pytest.fixture
def api_as(app, session):
    def login(user) -> ApiClient:
        client = ApiClient(app.test_client(), session)
        r = client.post("/api/v1/tokens", json={"username": user.username, "password": PASSWORD})
        client.token = r.get_json()["token"]
        return client

    return login


def _meeting(session, world, chair=None):
    (m,) = meetings.create_meeting(
        session,
        chair or world.swv_coordinator,
        {
            "kind": "thuiszitterstafel",
            "title": "Tafel",
            "starts_at": "2026-12-02T14:00",
            "attendee_user_ids": [world.teacher.id],
        },
        now=clock.now(),
    )
    session.commit()
    return m


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("reasons", [[{}], [["3-maanden"]], [None], "3-maanden", [1]])
def test_agenda_reasons_of_the_wrong_shape_are_a_dutch_400(api_as, session, world, case, reasons):
    m = _meeting(session, world)
    r = api_as(world.swv_coordinator).post(
        f"/api/v1/meetings/{m.id}/agenda", json={"case_id": case.id, "reasons": reasons}
    )
    assert r.status_code == 400, r.get_data(as_text=True)[:300]
    body = r.get_json()
    assert body["error"] and "reden" in body["message"].lower()
    assert _count(session, AgendaItem) == 0


def _agreement(meeting_id):
    return {
        "description": "Plan",
        "owner_org_id": None,
        "due_at": (clock.now() + timedelta(days=5)).date().isoformat(),
        "meeting_id": meeting_id,
    }


def test_agreement_with_an_unknown_or_foreign_meeting_is_refused(
    api_as, session, world, case, make_case
):
    client = api_as(world.teacher)
    url = f"/api/v1/cases/{case.id}/agreements"
    data = {**_agreement(999_999), "owner_org_id": world.school.id}
    r = client.post(url, json=data)
    assert r.status_code == 400, r.get_data(as_text=True)[:300]
    assert "overleg" in r.get_json()["fields"]["meeting_id"]
    # A meeting that exists but is another's business: not about this case, teacher absent.
    foreign = _meeting(session, world)
    other = make_case(world.teacher, given_name="Ander")
    meetings.add_item(
        session, world.swv_coordinator, foreign, {"case_id": other.id}, now=clock.now()
    )
    session.commit()
    r = client.post(url, json={**data, "meeting_id": foreign.id})
    assert r.status_code == 400 and "overleg" in r.get_json()["fields"]["meeting_id"]
    assert _count(session, Agreement) == 0
    # The meeting the case is on, which the teacher attends: accepted.
    meetings.add_item(
        session, world.swv_coordinator, foreign, {"case_id": case.id}, now=clock.now()
    )
    session.commit()
    r = client.post(url, json={**data, "meeting_id": foreign.id})
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["meeting_id"] == foreign.id


@pytest.mark.parametrize("page", ["²", "٣", "99999999999999999999", "-1", "0", "x"])
def test_consultation_list_with_an_odd_page(browser, world, page):
    r = browser(world.teacher).get(f"/consultaties?page={page}")
    assert r.status_code in (200, 400), r.status_code
    assert "Consultaties" in r.get_data(as_text=True) or r.status_code == 400
