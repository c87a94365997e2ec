"""GET /api/v1/cases/<id>: the case, audited; hidden and absent answer the same 404."""

from __future__ import annotations

from sqlalchemy import select

from thuiszittertafel.audit.models import AuditEntry

from .conftest import assert_error


def test_get_visible_case(api, world, cases, session):
    case = cases["absoluut"]
    response = api(world.swv_coordinator).get(f"/api/v1/cases/{case.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == case.id
    assert body["access"] == "swv-coordinator"
    assert body["pupil"]["name"] == "Ali Evers"
    assert body["kind"] == "absoluut"
    assert body["school_org_id"] is None
    assert body["swv_org_id"] == world.swv.id
    assert body["days_absent"] == 85
    assert body["participant_org_ids"] == [world.leerplicht.id]
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "api.case.view")).one()
    assert (entry.user_id, entry.object_type, entry.object_id, entry.access) == (
        world.swv_coordinator.id,
        "case",
        case.id,
        "swv-coordinator",
    )


def test_hidden_case_is_the_same_404_as_a_missing_one(api, world, cases, session):
    client = api(world.school2_worker)
    hidden = client.get(f"/api/v1/cases/{cases['school'].id}")
    missing = client.get("/api/v1/cases/987654")
    huge = client.get("/api/v1/cases/99999999999999999999999999")
    assert_error(hidden, 404, "niet-gevonden")
    assert hidden.get_data() == missing.get_data() == huge.get_data()
    assert hidden.status_code == missing.status_code == huge.status_code == 404
    viewed = session.scalars(select(AuditEntry).where(AuditEntry.action == "api.case.view"))
    assert list(viewed) == []


def test_other_region_leerplicht_does_not_see_the_case(api, world, cases):
    assert_error(api(world.other_lpa).get(f"/api/v1/cases/{cases['school'].id}"), 404)
    assert api(world.other_lpa).get(f"/api/v1/cases/{cases['far'].id}").status_code == 200


def test_ended_participation_no_longer_gives_access(api, world, cases, session):
    from thuiszittertafel import clock
    from thuiszittertafel.cases import participation

    case = cases["school"]
    participation.add_participation(
        session,
        world.teacher,
        case,
        "participant",
        {"org_id": world.ggd.id, "consent_basis": "toestemming-ouders-en-jongere"},
        now=clock.now(),
    )
    session.commit()
    client = api(world.ggd_doctor)
    assert client.get(f"/api/v1/cases/{case.id}").status_code == 200
    part = next(p for p in case.participations if p.org_id == world.ggd.id)
    participation.end_participation(
        session, world.teacher, case, "participant", part.id, "Advies gegeven", now=clock.now()
    )
    session.commit()
    assert_error(client.get(f"/api/v1/cases/{case.id}"), 404)
    body = api(world.teacher).get(f"/api/v1/cases/{case.id}").get_json()
    assert world.ggd.id not in body["participant_org_ids"]
