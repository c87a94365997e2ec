"""GET /api/v1/audit (issue 15 item 7): the privacy officer reads the log, filtered by case,
user and period, newest first, paged; anyone else gets the 404 of a path that does not
exist; bad filters get Dutch messages; the read itself is logged."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.api.conftest import assert_error
from thuiszittertafel.audit.models import AuditEntry

URL = "/api/v1/audit"


def _count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(AuditEntry))


def test_the_privacy_officer_reads_who_saw_a_case(session, world, make_case, api):
    case = make_case(world.teacher, given_name="Maxime")
    other = make_case(world.teacher, given_name="Sander", family_name="Bos")
    assert api(world.lpa).get(f"/api/v1/cases/{case.id}").status_code == 200
    assert api(world.teacher).get(f"/api/v1/cases/{other.id}").status_code == 200
    privacy = api(world.privacy_officer)

    shown = privacy.get(URL, query_string={"case_id": case.id})
    assert shown.status_code == 200
    body = shown.get_json()
    assert body["total"] >= 1 and body["page"] == 1
    assert {e["object_id"] for e in body["items"]} == {case.id}
    viewed = [e for e in body["items"] if e["action"] == "api.case.view"] or body["items"]
    assert any(e["username"] == world.lpa.username for e in viewed)
    assert [e["id"] for e in body["items"]] == sorted(
        (e["id"] for e in body["items"]), reverse=True
    )

    by_user = privacy.get(URL, query_string={"user_id": world.lpa.id, "per_page": 2})
    items = by_user.get_json()["items"]
    assert by_user.status_code == 200 and 0 < len(items) <= 2
    assert {e["user_id"] for e in items} == {world.lpa.id}

    today = privacy.get(URL, query_string={"from": "2026-11-25", "to": "2026-11-25"})
    assert today.status_code == 200 and today.get_json()["total"] >= 1
    none = privacy.get(URL, query_string={"from": "2026-11-26"})
    assert none.status_code == 200 and none.get_json()["items"] == []

    logged = session.scalars(
        select(AuditEntry).where(
            AuditEntry.user_id == world.privacy_officer.id, AuditEntry.action == "audit.view"
        )
    ).all()
    assert len(logged) == 4 and '"via": "api"' in logged[0].detail


def test_others_get_404_and_bad_filters_get_dutch_messages(session, world, make_case, api):
    case = make_case(world.teacher)
    for user in (world.lpa, world.swv_coordinator, world.teacher, world.gemeente_worker):
        before = _count(session)
        refused = api(user).get(URL, query_string={"case_id": case.id})
        assert refused.status_code == 404
        assert _count(session) >= before  # the denied read may be logged, nothing else
        assert "items" not in (refused.get_json() or {})
    privacy = api(world.privacy_officer)
    for query, field in [
        ({"case_id": "abc"}, "case_id"),
        ({"user_id": "-1"}, "user_id"),
        ({"from": "31-02-2026"}, "from"),
        ({"from": "2026-12-01", "to": "2026-11-01"}, "to"),
        ({"from": "1999-12-31"}, "from"),
        ({"kleur": "rood"}, "kleur"),
        ({"per_page": "1000"}, "per_page"),
    ]:
        response = privacy.get(URL, query_string=query)
        assert_error(response, 400, "ongeldige-invoer")
        assert field in response.get_json()["fields"], (query, response.get_json())
