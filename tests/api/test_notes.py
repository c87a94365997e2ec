"""API: notes of a case (list with after_id, idempotent create) and notifications."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from thuiszittertafel.notes.models import Note
from thuiszittertafel.notifications.models import Notification

from .conftest import assert_error


@pytest.fixture
def case(case_with_ggd):
    return case_with_ggd


def note_count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Note))


def test_post_and_list_in_ascending_order_with_after_id(api, world, case):
    teacher = api(world.teacher)
    ids = []
    for i in range(5):
        response = teacher.post(
            f"/api/v1/cases/{case.id}/notes", json={"body": f"Notitie {i}", "client_id": f"c{i}"}
        )
        assert response.status_code == 201, response.get_json()
        ids.append(response.get_json()["id"])
    listed = teacher.get(f"/api/v1/cases/{case.id}/notes").get_json()
    assert [n["id"] for n in listed["items"]] == ids and listed["total"] == 5
    after = teacher.get(f"/api/v1/cases/{case.id}/notes?after_id={ids[2]}").get_json()
    assert [n["id"] for n in after["items"]] == ids[3:]
    paged = teacher.get(f"/api/v1/cases/{case.id}/notes?per_page=2&page=2").get_json()
    assert [n["id"] for n in paged["items"]] == ids[2:4]


def test_repeated_client_id_returns_200_and_the_stored_note(api, world, case, session):
    teacher = api(world.teacher)
    first = teacher.post(
        f"/api/v1/cases/{case.id}/notes", json={"body": "Eén", "client_id": "same"}
    )
    again = teacher.post(
        f"/api/v1/cases/{case.id}/notes", json={"body": "Eén", "client_id": "same"}
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json()
    assert note_count(session) == 1


def test_scopes_in_the_api(api, world, case):
    ggd = api(world.ggd_doctor)
    ggd.post(
        f"/api/v1/cases/{case.id}/notes",
        json={"body": "Diagnose", "scope": "medisch", "summary": "3 uur per dag"},
    )
    ggd.post(f"/api/v1/cases/{case.id}/notes", json={"body": "Intern", "scope": "organisatie"})
    seen = api(world.lpa).get(f"/api/v1/cases/{case.id}/notes").get_json()["items"]
    assert [(n["scope"], n["body"], n["summary"]) for n in seen] == [
        ("medisch", None, "3 uur per dag")
    ]


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "body"),
        ({"body": ""}, "body"),
        ({"body": ["x"]}, "body"),
        ({"body": "x", "scope": "medisch"}, "scope"),
        ({"body": "x", "colour": "red"}, "colour"),
        ({"body": "x", "corrects_id": 2**40}, "corrects_id"),
        ({"body": "@ver kijk"}, "body"),
    ],
)
def test_bad_notes_are_refused_and_nothing_is_stored(api, world, case, session, body, field):
    response = api(world.teacher).post(f"/api/v1/cases/{case.id}/notes", json=body)
    assert field in assert_error(response, 400).get("fields", {}), response.get_json()
    assert note_count(session) == 0


def test_outsider_gets_404_for_list_and_post(api, world, case, session):
    outsider = api(world.far_worker)
    missing = outsider.get("/api/v1/cases/999999/notes")
    hidden = outsider.get(f"/api/v1/cases/{case.id}/notes")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_json() == missing.get_json()
    assert_error(outsider.post(f"/api/v1/cases/{case.id}/notes", json={"body": "x"}), 404)
    assert note_count(session) == 0


def test_notifications_list_and_mark_read(api, world, case, session):
    api(world.teacher).post(f"/api/v1/cases/{case.id}/notes", json={"body": "@lpa graag"})
    lpa = api(world.lpa)
    inbox = lpa.get("/api/v1/notifications").get_json()
    assert inbox["total"] == 1 and inbox["unread"] == 1
    item = inbox["items"][0]
    assert item["kind"] == "mention" and item["case_id"] == case.id and item["read_at"] is None
    assert api(world.teacher).get("/api/v1/notifications").get_json()["total"] == 0
    assert_error(lpa.post("/api/v1/notifications/read", json={"ids": ["x"]}), 400)
    marked = lpa.post("/api/v1/notifications/read", json={"ids": [item["id"]]}).get_json()
    assert marked == {"marked": 1, "unread": 0}
    assert lpa.get("/api/v1/notifications?unread=true").get_json()["total"] == 0
    session.expire_all()
    mention = select(Notification.read_at).where(Notification.kind == "mention")
    assert session.scalar(mention) is not None
