"""POST /api/v1/cases: intake through the API, and every bad input refused in Dutch."""

from __future__ import annotations

import pytest

from .conftest import assert_error, case_count


@pytest.fixture
def intake(world):
    def body(**changes):
        data = {
            "given_name": "Noor",
            "family_name": "de Vries",
            "birth_date": "2012-03-14",
            "municipality_id": world.zaltbommel.id,
            "education_type": "vo",
            "kind": "relatief",
            "absent_since": "2026-10-20",
            "school_org_id": world.school.id,
            "summary": "Angstklachten sinds de zomer.",
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not ...}

    return body


def test_open_case(api, world, intake, session):
    client = api(world.teacher)
    before = case_count(session)
    response = client.post("/api/v1/cases", json=intake())
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/cases/{body['id']}")
    assert body["pupil"] == {
        "initials": "N.V.",
        "name": "Noor de Vries",
        "birth_date": "2012-03-14",
        "municipality": "Zaltbommel",
    }
    assert body["kind"] == "relatief"
    assert body["status"] == "open"
    assert body["days_absent"] == 36
    assert body["access"] == "participant"
    assert body["school_org_id"] == world.school.id
    assert body["swv_org_id"] == world.swv.id
    # More than four weeks: leerplicht takes part from the start.
    assert body["participant_org_ids"] == sorted([world.school.id, world.leerplicht.id])
    assert body["summary"] == "Angstklachten sinds de zomer."
    assert case_count(session) == before + 1
    assert client.get(response.headers["Location"]).get_json() == body


def test_numbers_as_text_and_dutch_dates_are_accepted(api, world, intake):
    response = api(world.lpa).post(
        "/api/v1/cases",
        json=intake(
            kind="absoluut",
            school_org_id=...,
            municipality_id=str(world.tiel.id),
            birth_date="14-03-2012",
        ),
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["pupil"]["birth_date"] == "2012-03-14"
    assert response.get_json()["school_org_id"] is None


BAD = [
    ({"given_name": ...}, "given_name", "Vul de voornaam in."),
    ({"given_name": ""}, "given_name", "Vul de voornaam in."),
    ({"given_name": {"x": 1}}, "given_name", "De voornaam moet tekst zijn."),
    ({"given_name": ["Noor"]}, "given_name", "De voornaam moet tekst zijn."),
    ({"family_name": "x" * 101}, "family_name", "hoogstens 100 tekens"),
    ({"birth_date": "31-02-2012"}, "birth_date", "geen geldige datum"),
    ({"birth_date": "gisteren"}, "birth_date", "geen geldige datum"),
    ({"birth_date": 20120314}, "birth_date", "geen geldige datum"),
    ({"birth_date": "2030-01-01"}, "birth_date", "past niet bij een leerling"),
    ({"birth_date": "1990-01-01"}, "birth_date", "niet leerplichtig en niet kwalificatieplichtig"),
    ({"birth_date": "2008-11-25"}, "birth_date", "18 jaar of ouder"),  # 18 today
    (
        {"kind": "relatief", "absence_authorised": True, "absence_reason": "ziek-medisch"},
        "absence_authorised",
        "geen verzuim",
    ),
    ({"kind": "dreigend", "absence_authorised": True}, "absence_reason", "geldige reden"),
    ({"kind": "dreigend", "absence_authorised": "misschien"}, "absence_authorised", "ja of nee"),
    ({"municipality_id": 999999}, "municipality_id", "Deze gemeente kennen we niet."),
    ({"municipality_id": 2**70}, "municipality_id", "geen geldig nummer"),
    ({"municipality_id": -3}, "municipality_id", "geen geldig nummer"),
    ({"municipality_id": 1.5}, "municipality_id", "geen geldig nummer"),
    ({"municipality_id": True}, "municipality_id", "geen geldig nummer"),
    ({"municipality_id": "²"}, "municipality_id", "geen geldig nummer"),
    ({"municipality_id": "9" * 5000}, "municipality_id", "geen geldig nummer"),
    ({"municipality_id": {"id": 1}}, "municipality_id", "geen geldig nummer"),
    ({"education_type": "hbo"}, "education_type", "Onbekende waarde voor het onderwijstype"),
    ({"kind": "verzuim"}, "kind", "Onbekende waarde voor de soort casus"),
    ({"school_org_id": ...}, "school_org_id", "kies de school"),
    ({"kind": "absoluut"}, "school_org_id", "laat de school leeg"),
    ({"school_org_id": "leerplicht"}, "school_org_id", "geen geldig nummer"),
    ({"absent_since": "2027-01-01"}, "absent_since", "ligt in de toekomst"),
    ({"absent_since": "2012-03-01"}, "absent_since", "vóór de geboortedatum"),
    ({"onderwijsnummer": "1" * 21}, "onderwijsnummer", "hoogstens 20 tekens"),
    ({"summary": "x" * 2001}, "summary", "hoogstens 2000 tekens"),
    ({"given_name": "No\x00or"}, "given_name", "NUL"),
    ({"bsn": "123456782"}, "bsn", "Onbekend veld 'bsn'."),
]


@pytest.mark.parametrize(
    "changes, field, message", BAD, ids=[f"{i}-{field}" for i, (_, field, _) in enumerate(BAD)]
)
def test_bad_input_is_400_in_dutch_and_opens_nothing(
    api, world, intake, session, changes, field, message
):
    client = api(world.teacher)
    before = case_count(session)
    body = assert_error(
        client.post("/api/v1/cases", json=intake(**changes)), 400, "ongeldige-invoer"
    )
    assert field in body["fields"], body
    assert message in body["fields"][field]
    assert message in body["message"]
    assert case_count(session) == before


def test_a_school_that_is_no_school_is_refused(api, world, intake, session):
    before = case_count(session)
    body = assert_error(
        api(world.teacher).post("/api/v1/cases", json=intake(school_org_id=world.leerplicht.id)),
        400,
    )
    assert body["fields"] == {"school_org_id": "Kies een school uit de lijst."}
    assert case_count(session) == before


def test_several_errors_at_once(api, world, intake):
    body = assert_error(api(world.teacher).post("/api/v1/cases", json={}), 400)
    assert set(body["fields"]) >= {
        "given_name",
        "family_name",
        "birth_date",
        "municipality_id",
        "education_type",
        "kind",
        "absent_since",
    }


def test_organisation_that_may_not_open_is_403(api, world, intake, session):
    before = case_count(session)
    body = assert_error(
        api(world.gemeente_worker).post("/api/v1/cases", json=intake()), 403, "geen-toegang"
    )
    assert body["message"] == "Uw organisatie kan geen casus openen."
    assert case_count(session) == before


def test_second_open_case_for_a_pupil_is_409(api, world, intake, session):
    client = api(world.teacher)
    assert client.post("/api/v1/cases", json=intake()).status_code == 201
    before = case_count(session)
    body = assert_error(client.post("/api/v1/cases", json=intake()), 409, "melding-doorgestuurd")
    assert "loopt al een casus" in body["message"] and "doorgestuurd" in body["message"]
    assert case_count(session) == before


def test_create_is_audited(api, world, intake, session):
    from sqlalchemy import select

    from thuiszittertafel.audit.models import AuditEntry

    case_id = api(world.teacher).post("/api/v1/cases", json=intake()).get_json()["id"]
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "api.case.create")).one()
    assert (entry.object_id, entry.user_id) == (case_id, world.teacher.id)
