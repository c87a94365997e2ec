"""A refused read of a hidden or absent id (404) through the API is audited (issue 15,
item 10): who asked for which path, with nothing else changed. (Pages: not yet.)"""

from __future__ import annotations

from sqlalchemy import select

from thuiszittertafel.audit.models import AuditEntry


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
