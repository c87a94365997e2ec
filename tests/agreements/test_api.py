"""API: GET/POST /cases/<id>/agreements and PATCH /agreements/<id> (DESIGN §8)."""

from __future__ import annotations

from sqlalchemy import func, select

from thuiszittertafel.agreements.models import Agreement

KEYS = {
    "id",
    "case_id",
    "description",
    "owner_org_id",
    "owner_user_id",
    "due_at",
    "recurrence",
    "status",
    "paused_until",
}


def test_create_list_and_finish(api, world, case):
    client = api(world.teacher)
    r = client.post(
        f"/api/v1/cases/{case.id}/agreements",
        json={
            "description": "Plan van aanpak",
            "owner_org_id": world.school.id,
            "due_at": "2026-12-04T10:00:00+01:00",
            "recurrence": {"every": 4, "unit": "weeks"},
        },
    )
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert set(body) >= KEYS
    assert body["due_at"] == "2026-12-04T09:00:00+00:00"
    assert body["recurrence"] == {"every": 4, "unit": "weeks"} and body["status"] == "open"
    listed = client.get(f"/api/v1/cases/{case.id}/agreements").get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == body["id"]
    r = client.patch(f"/api/v1/agreements/{body['id']}", json={"status": "done"})
    assert r.status_code == 400 and "result" in r.get_json()["fields"]
    r = client.patch(
        f"/api/v1/agreements/{body['id']}", json={"status": "done", "result": "Besproken"}
    )
    assert r.status_code == 200 and r.get_json()["status"] == "open"  # recurring: next one
    # Leerplicht sees the case but neither owns the agreement nor has regie (DESIGN §3a).
    cancel = {"status": "cancelled", "reason": "Niet meer nodig"}
    r = api(world.lpa).patch(f"/api/v1/agreements/{body['id']}", json=cancel)
    assert r.status_code == 403 and "eigenaar" in r.get_json()["message"]
    assert (
        client.get(f"/api/v1/cases/{case.id}/agreements").get_json()["items"][0]["status"] == "open"
    )
    r = client.patch(f"/api/v1/agreements/{body['id']}", json=cancel)
    assert r.status_code == 200 and r.get_json()["status"] == "cancelled"


def test_hidden_case_and_unknown_agreement_are_404(api, world, case):
    a = api(world.teacher).post(
        f"/api/v1/cases/{case.id}/agreements",
        json={"description": "x", "owner_org_id": world.school.id, "due_at": "2026-12-04"},
    )
    aid = a.get_json()["id"]
    far = api(world.far_worker)
    assert far.get(f"/api/v1/cases/{case.id}/agreements").status_code == 404
    r1 = far.patch(f"/api/v1/agreements/{aid}", json={"status": "done", "result": "x"})
    r2 = far.patch("/api/v1/agreements/99999999999", json={"status": "done", "result": "x"})
    assert r1.status_code == r2.status_code == 404
    assert r1.get_json() == r2.get_json()


def test_bad_input_is_400_in_dutch(api, world, case, session):
    client = api(world.teacher)
    url = f"/api/v1/cases/{case.id}/agreements"
    for body in [
        {},
        {"description": "x"},
        {"description": "x", "owner_org_id": world.school.id, "due_at": "gisteren"},
        {"description": "x", "owner_org_id": "99999999999", "due_at": "2026-12-04"},
        {
            "description": "x",
            "owner_org_id": world.school.id,
            "due_at": "2026-12-04",
            "recurrence": [1],
        },
        {"description": "\x00", "owner_org_id": world.school.id},
        {"onbekend": 1},
    ]:
        r = client.post(url, json=body)
        assert r.status_code == 400, (body, r.get_json())
        assert r.get_json()["error"] and r.get_json()["message"]
    assert session.scalar(select(func.count()).select_from(Agreement)) == 0
    aid = client.post(
        url, json={"description": "x", "owner_org_id": world.school.id, "due_at": "2026-12-04"}
    ).get_json()["id"]
    for body in [
        {},
        {"due_at": "2026-12-10"},
        {"status": "klaar"},
        {"paused_until": "x", "reason": "y"},
        {"status": "cancelled", "reason": ""},
        {"owner_org_id": world.wijkteam.id},
    ]:
        r = client.patch(f"/api/v1/agreements/{aid}", json=body)
        assert r.status_code == 400, (body, r.get_json())
    r = client.patch(f"/api/v1/agreements/{aid}", json={"due_at": "2026-12-10", "reason": "Later"})
    assert r.status_code == 200
    r = client.patch(
        f"/api/v1/agreements/{aid}", json={"paused_until": "2026-12-01", "reason": "Opname"}
    )
    assert r.status_code == 200 and r.get_json()["paused_until"] == "2026-12-01"
