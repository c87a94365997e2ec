"""A refused read of a hidden or absent id (404) is audited (issue 15, item 10) — through
the API, on pages and as a refused live join: who asked for which object (and path), with
nothing else changed."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.live import LiveClient
from thuiszittertafel.audit import wording
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.notes.models import Note


def _denied(session) -> list[tuple[int, str]]:
    session.expire_all()
    return [
        (e.user_id, e.detail)
        for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "denied.not_found"))
    ]


def test_hidden_case_through_the_api_is_audited(session, world, case, api):
    r = api(world.far_worker).get(f"/api/v1/cases/{case.id}/agreements")
    assert r.status_code == 404
    rows = _denied(session)
    assert [u for u, _ in rows] == [world.far_worker.id]
    assert f"/api/v1/cases/{case.id}/agreements" in rows[0][1]
    # Someone who sees the case is not refused, and nothing is recorded as denied.
    assert api(world.teacher).get(f"/api/v1/cases/{case.id}/agreements").status_code == 200
    assert api(world.far_worker).get("/api/v1/cases/999999").status_code == 404
    assert [u for u, _ in _denied(session)] == [world.far_worker.id] * 2


def _entries(session, action: str) -> list[tuple[int, str | None, int | None]]:
    session.expire_all()
    stmt = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    return [(e.user_id, e.object_type, e.object_id) for e in session.scalars(stmt)]


def test_hidden_case_page_is_audited_with_its_case_id(session, world, case, browser):
    outsider = browser(world.far_worker)
    assert outsider.get(f"/casussen/{case.id}").status_code == 404
    assert _entries(session, "denied.not_found") == [(world.far_worker.id, "case", case.id)]
    assert f"/casussen/{case.id}" in _denied(session)[0][1]
    # A refused form on the hidden case: 404, audited, and the note is not written.
    notes = session.scalar(select(func.count()).select_from(Note))
    posted = outsider.post(f"/casussen/{case.id}/notities", {"body": "Niet van mij"})
    assert posted.status_code == 404
    assert session.scalar(select(func.count()).select_from(Note)) == notes
    assert [u for u, _, _ in _entries(session, "denied.not_found")] == [world.far_worker.id] * 2
    # Someone who sees the case is not refused, and nothing is recorded as denied for them.
    assert browser(world.teacher).get(f"/casussen/{case.id}").status_code == 200
    assert browser(world.teacher).get("/casussen/999999").status_code == 404
    assert _entries(session, "denied.not_found")[-1] == (world.teacher.id, "case", 999999)
    assert len(_entries(session, "denied.not_found")) == 3


def test_refused_live_joins_are_audited(session, world, case, server, live_clients):
    """A socket asking to follow a hidden case, an absent meeting or consultation: refused
    in Dutch, and the attempt is in the log (a successful join is `*.follow`)."""
    outsider = live_clients(LiveClient, server, world.far_worker)
    refused = outsider.call("join_case", {"case_id": case.id})
    assert refused["ok"] is False and refused["message"]
    assert outsider.call("join_meeting", {"meeting_id": 999999})["ok"] is False
    assert outsider.call("join_consultation", {"consultation_id": 999998})["ok"] is False
    assert _entries(session, "denied.follow") == [
        (world.far_worker.id, "case", case.id),
        (world.far_worker.id, "meeting", 999999),
        (world.far_worker.id, "consultation", 999998),
    ]
    teacher = live_clients(LiveClient, server, world.teacher)
    assert teacher.call("join_case", {"case_id": case.id}) == {"ok": True}
    assert len(_entries(session, "denied.follow")) == 3
    assert _entries(session, "case.follow") == [(world.teacher.id, "case", case.id)]
    assert "geweigerd" in wording.phrase("denied.follow")
