"""Vrijstellingen and verzuimmeldingen through the API (DESIGN §8), the thuiszitter flag and
filter, and rule 2 of the visibility policy (a sick child is no leerplicht task)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from thuiszittertafel.cases.models import AbsenceReport, Case, Exemption
from thuiszittertafel.notifications.models import Notification

GRANT = {
    "article": "5-a",
    "requested_on": "2026-10-01",
    "advice_on": "2026-10-20",
    "decision": "toegekend",
    "decided_on": "2026-10-25",
    "starts_on": "2026-11-01",
    "ends_on": "2027-07-31",
}


@pytest.fixture
def long_case(make_case, world):
    """Relatief verzuim since September at Lingeborgh: a thuiszitter (leerplicht takes part)."""
    return make_case(world.teacher, given_name="Maxime", absent_since=date(2026, 9, 1))


def test_leerplicht_records_a_vrijstelling_and_the_case_is_no_thuiszitter(
    api, world, long_case, session
):
    lpa = api(world.lpa)
    before = lpa.get(f"/api/v1/cases/{long_case.id}").get_json()
    assert before["thuiszitter"] is True and before["absence_authorised"] is False
    response = lpa.post(f"/api/v1/cases/{long_case.id}/exemptions", json=GRANT)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["article"] == "5-a" and body["decision"] == "toegekend"
    assert lpa.get(f"/api/v1/cases/{long_case.id}").get_json()["thuiszitter"] is False
    listed = lpa.get(f"/api/v1/cases/{long_case.id}/exemptions").get_json()
    assert [e["id"] for e in listed["items"]] == [body["id"]] and listed["total"] == 1
    patched = lpa.patch(f"/api/v1/exemptions/{body['id']}", json={"ends_on": "2026-11-20"})
    assert patched.status_code == 200 and patched.get_json()["ends_on"] == "2026-11-20"
    assert lpa.get(f"/api/v1/cases/{long_case.id}").get_json()["thuiszitter"] is True
    assert lpa.get("/api/v1/cases?thuiszitter=true").get_json()["total"] == 1


def test_others_who_see_the_case_get_403_and_nothing_changes(api, world, long_case, session):
    response = api(world.teacher).post(f"/api/v1/cases/{long_case.id}/exemptions", json=GRANT)
    assert response.status_code == 403
    assert "Alleen leerplicht" in response.get_json()["message"]
    assert session.scalars(select(Exemption)).all() == []
    exemption = api(world.lpa).post(f"/api/v1/cases/{long_case.id}/exemptions", json=GRANT)
    eid = exemption.get_json()["id"]
    for user in (world.teacher, world.swv_coordinator):
        r = api(user).patch(f"/api/v1/exemptions/{eid}", json={"ends_on": "2026-11-20"})
        assert r.status_code == 403
    assert api(world.far_worker).patch(f"/api/v1/exemptions/{eid}", json={}).status_code == 404
    session.expire_all()
    assert session.get(Exemption, eid).ends_on == date(2027, 7, 31)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"article": "5a-lpw"}, "article", "Onbekende waarde voor het artikel"),
        ({"advice_on": None}, "advice_on", "advies van de jeugdarts"),
        ({"starts_on": None}, "starts_on", "vanaf wanneer"),
        ({"decided_on": None}, "decided_on", "datum van het besluit"),
        ({"ends_on": "2026-10-01"}, "ends_on", "vóór de begindatum"),
        ({"decided_on": "2026-09-01"}, "decided_on", "vóór die van het advies"),
        ({"article": "5-b", "ends_on": "2027-08-31"}, "ends_on", "één schooljaar"),
        ({"article": "5-c", "ends_on": None}, "ends_on", "uiterlijk 31-07-2027"),
        ({"note": "x" * 501}, "note", "hoogstens 500"),
        ({"colour": "blue"}, "colour", "Onbekend veld"),
    ],
)
def test_bad_vrijstelling_is_400_in_dutch_and_records_nothing(
    api, world, long_case, session, changes, field, message
):
    data = {k: v for k, v in {**GRANT, **changes}.items() if v is not None}
    response = api(world.lpa).post(f"/api/v1/cases/{long_case.id}/exemptions", json=data)
    assert response.status_code == 400
    body = response.get_json()
    assert message in body["fields"][field]
    assert session.scalars(select(Exemption)).all() == []


def test_a_request_waits_for_a_decision_and_does_not_count(api, world, long_case):
    lpa = api(world.lpa)
    asked = lpa.post(
        f"/api/v1/cases/{long_case.id}/exemptions",
        json={"article": "15", "requested_on": "2026-11-20"},
    )
    assert asked.status_code == 201 and asked.get_json()["decision"] is None
    assert lpa.get(f"/api/v1/cases/{long_case.id}").get_json()["thuiszitter"] is True


def test_the_school_reports_and_leerplicht_is_told_at_once(api, world, make_case, session):
    fresh = make_case(world.teacher, given_name="Daan", absent_since=date(2026, 11, 16))
    body = {"type": "wettelijk", "hours": 18, "duo_reference": "VZM-2026-0042"}
    response = api(world.teacher).post(f"/api/v1/cases/{fresh.id}/absence-reports", json=body)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["reported_on"] == "2026-11-25"
    told = session.scalars(select(Notification).where(Notification.kind == "absence_report")).all()
    assert [n.user_id for n in told] == [world.lpa.id]  # Leerplicht's only person
    assert "Maxime" not in told[0].text and "Daan" not in told[0].text
    listed = api(world.lpa).get(f"/api/v1/cases/{fresh.id}/absence-reports").get_json()
    assert listed["items"][0]["hours"] == 18


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"type": "wettelijk"}, "hours", "16 uur in 4 weken"),
        ({"type": "spijbelen"}, "type", "Onbekende waarde"),
        ({"type": "luxe", "reported_on": "2027-01-01"}, "reported_on", "in de toekomst"),
        ({"type": "luxe", "hours": 5000}, "hours", "hoogstens 1000"),
    ],
)
def test_bad_melding_is_400_and_records_nothing(
    api, world, make_case, session, body, field, message
):
    fresh = make_case(world.teacher, given_name="Daan", absent_since=date(2026, 11, 16))
    response = api(world.teacher).post(f"/api/v1/cases/{fresh.id}/absence-reports", json=body)
    assert response.status_code == 400 and message in response.get_json()["fields"][field]
    assert session.scalars(select(AbsenceReport)).all() == []
    assert session.scalars(select(Notification)).all() == []


def test_another_school_or_the_wijkteam_cannot_report(api, world, make_case, session):
    from thuiszittertafel import clock
    from thuiszittertafel.cases.participation import add_participation

    fresh = make_case(world.teacher, given_name="Daan", absent_since=date(2026, 11, 16))
    for org in (world.school2, world.wijkteam):
        add_participation(
            session,
            world.teacher,
            fresh,
            "participant",
            {"org_id": org.id, "consent_basis": "toestemming-ouders-en-jongere"},
            now=clock.now(),
        )
    session.commit()
    for user in (world.school2_worker, world.wijkteam_worker):
        r = api(user).post(f"/api/v1/cases/{fresh.id}/absence-reports", json={"type": "signaal"})
        assert r.status_code == 403
    assert session.scalars(select(AbsenceReport)).all() == []


def test_a_sick_child_is_no_leerplicht_task_until_a_melding(api, world, make_case, session):
    """DESIGN §3 rule 2: authorised absence stays with school, GGD and SWV."""
    sick = make_case(
        world.teacher,
        given_name="Lotte",
        kind="dreigend",
        absence_authorised="true",
        absence_reason="ziek-medisch",
        absent_since=date(2026, 9, 1),
    )
    truant = make_case(world.teacher, given_name="Sem", absent_since=date(2026, 11, 20))
    lpa = api(world.lpa)
    assert lpa.get(f"/api/v1/cases/{sick.id}").status_code == 404
    assert lpa.get(f"/api/v1/cases/{truant.id}").status_code == 200
    ids = [c["id"] for c in lpa.get("/api/v1/cases").get_json()["items"]]
    assert sick.id not in ids and truant.id in ids
    sick_json = api(world.teacher).get(f"/api/v1/cases/{sick.id}").get_json()
    assert sick_json["thuiszitter"] is False and sick_json["days_absent"] == 85
    assert api(world.swv_coordinator).get(f"/api/v1/cases/{sick.id}").status_code == 200
    # The school reports (worries about the absence after all): now leerplicht sees it.
    api(world.teacher).post(f"/api/v1/cases/{sick.id}/absence-reports", json={"type": "signaal"})
    assert lpa.get(f"/api/v1/cases/{sick.id}").get_json()["access"] == "leerplicht"


def test_authorised_absence_is_never_relatief_verzuim(api, world, session):
    data = {
        "given_name": "Lotte",
        "family_name": "Smit",
        "birth_date": "2012-03-04",
        "municipality_id": world.zaltbommel.id,
        "school_org_id": world.school.id,
        "education_type": "vo",
        "absent_since": "2026-09-01",
    }
    school = api(world.teacher)
    bad = school.post(
        "/api/v1/cases",
        json={**data, "kind": "relatief", "absence_authorised": True, "absence_reason": "verlof"},
    )
    assert (
        bad.status_code == 400 and "geen verzuim" in bad.get_json()["fields"]["absence_authorised"]
    )
    assert session.scalars(select(Case)).all() == []
    ok = school.post(
        "/api/v1/cases",
        json={
            **data,
            "kind": "dreigend",
            "absence_authorised": True,
            "absence_reason": "ziek-medisch",
        },
    )
    assert ok.status_code == 201
    case = ok.get_json()
    assert case["absence_authorised"] is True and case["thuiszitter"] is False
    assert world.leerplicht.id not in case["participant_org_ids"]  # 85 days, yet no leerplicht
    patched = school.patch(f"/api/v1/cases/{case['id']}", json={"kind": "relatief"})
    assert patched.status_code == 400
