"""API /api/v1/meetings: the contract of DESIGN §8 and the issue, and bad input."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tests.meetings.conftest import held
from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.audit.models import AuditEntry


def create(client, world, **extra):
    body = {
        "kind": "thuiszitterstafel",
        "title": "Tafel december",
        "starts_at": "2026-12-02T14:00",
        "attendee_user_ids": [world.wijkteam_worker.id, world.school2_worker.id],
        **extra,
    }
    response = client.post("/api/v1/meetings", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_the_whole_meeting_over_the_api(api, world, case, session):
    chair, wijk = api(world.swv_coordinator), api(world.wijkteam_worker)
    m = create(chair, world)
    assert m["status"] == "draft" and m["chair_user_id"] == world.swv_coordinator.id
    item = chair.post(f"/api/v1/meetings/{m['id']}/agenda", json={"case_id": case.id})
    assert item.status_code == 201
    item_id = item.get_json()["id"]
    # Attendees see the agenda only once it is published, and not the case.
    listed = wijk.get("/api/v1/meetings").get_json()
    assert listed["total"] == 1 and listed["items"][0]["agenda"] == []
    assert wijk.get(f"/api/v1/cases/{case.id}").status_code == 404
    assert chair.post(f"/api/v1/meetings/{m['id']}/publish").status_code == 200
    assert wijk.get(f"/api/v1/meetings/{m['id']}").get_json()["agenda"] == [
        {
            "id": item_id,
            "case_id": case.id,
            "position": 1,
            "reasons": [],
            "started_at": None,
            "ended_at": None,
            "parents_informed": False,
            "parents_present": False,
            "pupil_present": False,
            "discussed": True,
            "not_discussed_reason": None,
            "carried_from_item_id": None,
        }
    ]
    seen = wijk.get(f"/api/v1/cases/{case.id}").get_json()
    assert seen["access"] == "meeting" and seen["pupil"]["name"] is None
    assert seen["pupil"]["initials"] == "M.V." and seen["summary"] is None
    assert wijk.get(f"/api/v1/cases/{case.id}/notes").get_json()["items"] == []
    note = wijk.post(
        f"/api/v1/meetings/{m['id']}/agenda/{item_id}/notes",
        json={"body": "Gezinscoach beschikbaar."},
    )
    assert note.status_code == 201
    notes = wijk.get(f"/api/v1/cases/{case.id}/notes").get_json()["items"]
    assert [n["body"] for n in notes] == ["Gezinscoach beschikbaar."]
    decision = chair.post(
        f"/api/v1/meetings/{m['id']}/agenda/{item_id}/decisions",
        json={
            "text": "Arrangement onderzoeken",
            "move_to_phase": 4,
            "agreements": [
                {
                    "description": "Intake plannen",
                    "owner_org_id": world.school.id,
                    "due_at": "2026-12-11",
                }
            ],
        },
    )
    assert decision.status_code == 201, decision.get_json()
    d = decision.get_json()
    assert d["moved_to_phase"] == 4 and d["agreements"][0]["meeting_id"] == m["id"]
    # Not before the meeting's start: a Dutch 409, and nothing changes.
    early = chair.post(f"/api/v1/meetings/{m['id']}/finalize")
    assert early.status_code == 409, early.get_json()
    assert "begint pas op wo 2 december 2026 om 14:00" in early.get_json()["message"]
    assert chair.get(f"/api/v1/meetings/{m['id']}").get_json()["status"] == "published"
    assert wijk.get(f"/api/v1/cases/{case.id}").status_code == 200
    held(session, m["id"])
    assert chair.post(f"/api/v1/meetings/{m['id']}/finalize").status_code == 200
    again = chair.post(f"/api/v1/meetings/{m['id']}/finalize")
    assert again.status_code == 409 and "al definitief" in again.get_json()["message"]
    assert wijk.get(f"/api/v1/cases/{case.id}").status_code == 404
    pdf = wijk.get(f"/api/v1/meetings/{m['id']}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    inbox = wijk.get("/api/v1/notifications").get_json()["items"]
    assert sorted(n["kind"] for n in inbox) == ["meeting_agenda", "meeting_minutes"]
    # Every meeting-access read is audited with its access reason.
    assert (
        session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(
                AuditEntry.user_id == world.wijkteam_worker.id,
                AuditEntry.access == "meeting",
                AuditEntry.action == "api.case.view",
            )
        )
        == 2
    )


def test_suggestions_carry_case_id_and_reasons(api, world, make_case):
    old = make_case(world.teacher, absent_since=date(2026, 6, 1))
    body = api(world.swv_coordinator).get("/api/v1/meetings/suggestions").get_json()
    assert body["items"] == [
        {
            "case_id": old.id,
            "initials": old.pupil.initials,
            "reasons": ["three_months"],
            "reason_labels": ["Drie maanden zonder onderwijs"],
            "times_discussed": 0,
        }
    ]
    assert api(world.far_worker).get("/api/v1/meetings/suggestions").get_json() == {"items": []}


def test_bad_input_gets_clear_messages_and_changes_nothing(api, world, case, make_case, session):
    chair = api(world.swv_coordinator)
    m = create(chair, world)
    far = make_case(world.far_worker, municipality=world.elders)
    r = chair.post(f"/api/v1/meetings/{m['id']}/agenda", json={"case_id": far.id})
    assert r.status_code == 400 and "mag hem niet zien" in r.get_json()["message"]
    item_id = chair.post(
        f"/api/v1/meetings/{m['id']}/agenda", json={"case_id": case.id}
    ).get_json()["id"]
    chair.post(f"/api/v1/meetings/{m['id']}/publish")
    r = chair.post(
        f"/api/v1/meetings/{m['id']}/agenda/{item_id}/decisions",
        json={
            "text": "Besluit",
            "agreements": [{"description": "Zonder eigenaar", "due_at": "2026-12-11"}],
        },
    )
    assert r.status_code == 400 and "Afspraak 1" in r.get_json()["message"]
    r = chair.post(
        f"/api/v1/meetings/{m['id']}/agenda/{item_id}/decisions",
        json={
            "text": "Besluit",
            "agreements": [{"description": "Zonder termijn", "owner_org_id": world.school.id}],
        },
    )
    assert r.status_code == 400 and "termijn" in r.get_json()["message"]
    assert session.scalar(select(func.count()).select_from(Agreement)) == 0
    assert chair.post("/api/v1/meetings", json={"kind": "zat"}).status_code == 400
    assert chair.post("/api/v1/meetings", json={"kind": "zat", "x": 1}).status_code == 400
    wijk = api(world.wijkteam_worker)
    assert wijk.post(f"/api/v1/meetings/{m['id']}/finalize").status_code == 403
    assert api(world.ggd_doctor).get(f"/api/v1/meetings/{m['id']}").status_code == 404
    assert chair.get(f"/api/v1/meetings/{m['id']}/minutes.pdf").status_code == 409
    assert chair.get("/api/v1/meetings/99999999999").status_code == 404


def test_a_retried_decision_is_made_once(session, world, api, published, case):
    chair = api(world.swv_coordinator)
    item = next(i for i in published.items if i.case_id == case.id)
    body = {
        "text": "Plek zoeken",
        "client_id": "besluit-1",
        "agreements": [
            {"description": "Plek zoeken", "owner_org_id": world.school.id, "due_at": "2026-12-15"}
        ],
    }
    url = f"/api/v1/meetings/{published.id}/agenda/{item.id}/decisions"
    first, again = chair.post(url, json=body), chair.post(url, json=body)
    assert first.status_code == 201 and again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    assert again.get_json()["agreements"] == first.get_json()["agreements"]
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Agreement)) == 1
    bad = chair.post(url, json={**body, "client_id": "met spatie"})
    assert bad.status_code == 400 and "client-id" in bad.get_json()["message"]
