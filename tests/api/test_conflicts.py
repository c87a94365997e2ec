"""A refused stale change says what changed (issue 15 item 5): who (as far as the actor may
see), when and which fields, with the current version and its ETag; meetings take If-Match
on every state-changing operation. Nothing is ever applied over a newer version."""

from __future__ import annotations

from thuiszittertafel import clock
from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.cases.models import Case
from thuiszittertafel.core.versions import StaleVersion, changes_since

from .conftest import assert_error


def test_a_stale_case_edit_names_the_field_who_and_when(api, world, case, session):
    mentor, colleague = api(world.teacher), api(world.zorgco)
    url = f"/api/v1/cases/{case.id}"
    etag = mentor.get(url).headers["ETag"]
    first = colleague.patch(url, json={"summary": "Nieuwe aanleiding"}, headers={"If-Match": etag})
    assert first.status_code == 200, first.get_json()
    stale = mentor.patch(url, json={"summary": "Oude kijk"}, headers={"If-Match": etag})
    body = assert_error(stale, 409, "gewijzigd")
    assert body["current_version"] == first.get_json()["version"]
    assert stale.headers["ETag"] == first.headers["ETag"]
    assert body["changed"] == [
        {
            "field": "summary",
            "label": "samenvatting",
            "by": {"name": world.zorgco.name, "organisation": "Lingeborgh"},
            "at": clock.now().isoformat(),
        }
    ]
    assert "samenvatting" in body["message"] and world.zorgco.name in body["message"]
    session.expire_all()
    assert session.get(Case, case.id).summary == "Nieuwe aanleiding"


def test_a_stale_agreement_change_names_the_term(api, world, case, session):
    made = api(world.teacher).post(
        f"/api/v1/cases/{case.id}/agreements",
        json={
            "description": "Schoolplan",
            "owner_org_id": world.school.id,
            "due_in_school_days": 5,
        },
    )
    assert made.status_code == 201, made.get_json()
    a = session.get(Agreement, made.get_json()["id"])
    url = f"/api/v1/agreements/{a.id}"
    seen = f'"{a.version}"'
    moved = api(world.zorgco).patch(
        url, json={"due_at": "2026-12-18", "reason": "Later gesprek"}, headers={"If-Match": seen}
    )
    assert moved.status_code == 200, moved.get_json()
    stale = api(world.teacher).patch(
        url, json={"status": "done", "result": "Plan besproken"}, headers={"If-Match": seen}
    )
    body = assert_error(stale, 409, "gewijzigd")
    assert [c["label"] for c in body["changed"]] == ["termijn"]
    assert body["changed"][0]["by"]["name"] == world.zorgco.name
    assert body["current_version"] == moved.get_json()["version"]
    session.expire_all()
    assert session.get(Agreement, a.id).status == "open"


def test_what_changed_keeps_to_what_the_actor_may_read(session, world, case, model):
    """Meeting access reads initials, phase and agreements only (DESIGN §3 rule 4): a
    summary change is not named to it, nor who made it — only their organisation."""
    from thuiszittertafel.cases.lifecycle import update_case

    seen = case.version
    update_case(
        session,
        world.teacher,
        case,
        "participant",
        {"summary": "Geheim", "phase": 2, "reason": "ZAT"},
        now=clock.now(),
        model=model,
    )
    session.commit()
    full = changes_since(session, case, seen, "participant")
    assert {c["field"] for c in full} >= {"summary", "phase"}
    shown = changes_since(session, case, seen, "meeting")
    assert {c["field"] for c in shown} == {"phase", "phase_due_on"} & {c["field"] for c in full}
    assert all(c["by"] == {"name": None, "organisation": "Lingeborgh"} for c in shown)
    assert changes_since(session, case, case.version, "participant") == []
    assert isinstance(StaleVersion(), StaleVersion)
