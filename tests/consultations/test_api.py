"""/api/v1/consultations: same membership rule as the pages, Dutch JSON errors, never a 500."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.api.conftest import assert_error
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.cases.models import Case
from thuiszittertafel.consultations.models import (
    Consultation,
    ConsultationMember,
    ConsultationMessage,
)
from thuiszittertafel.notes.models import Note

from .conftest import INTAKE, count

BASE = "/api/v1/consultations"


def new(world, **fields) -> dict:
    return {
        "partner_org_id": world.leerplicht.id,
        "description": "Leerling verzuimt bij gym en zwemmen",
        "age": 11,
        "education_type": "po",
        **fields,
    }


def test_create_list_and_show(session, world, api):
    teacher = api(world.teacher)
    created = teacher.post(BASE, json=new(world, municipality_id=world.zaltbommel.id))
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert created.headers["Location"].endswith(f"{BASE}/{body['id']}")
    assert body["status"] == "open" and body["case_id"] is None
    assert body["municipality"] == "Zaltbommel" and body["age"] == 11
    assert [(m["org_id"], m["role"]) for m in body["members"]] == [
        (world.school.id, "opener"),
        (world.leerplicht.id, "partner"),
    ]
    listed = api(world.lpa).get(BASE).get_json()
    assert listed["total"] == 1 and listed["page"] == 1 and listed["per_page"] == 25
    assert [c["id"] for c in listed["items"]] == [body["id"]]
    assert api(world.lpa).get(f"{BASE}/{body['id']}").get_json() == body
    assert api(world.lpa).get(f"{BASE}?status=closed").get_json()["items"] == []
    audited = session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_type == "consultation")
    ).all()
    assert {"api.consultation.create", "api.consultation.view"} <= set(audited)


@pytest.mark.parametrize(
    "who", ["swv_coordinator", "wijkteam_worker", "other_lpa", "far_worker", "privacy_officer"]
)
def test_outsiders_get_the_404_of_a_missing_one(session, world, consultation, say, api, who):
    say(world.teacher, consultation, "Geheim")
    client = api(getattr(world, who))
    assert client.get(BASE).get_json()["items"] == []
    for suffix, method, payload in (
        ("", "GET", None),
        ("/messages", "GET", None),
        ("/messages", "POST", {"body": "x"}),
        ("/members", "POST", {"org_id": world.ggd.id}),
        ("/close", "POST", None),
        ("/convert", "POST", INTAKE),
    ):
        kw = {"json": payload} if payload is not None else {}
        hidden = client.open(method, f"{BASE}/{consultation.id}{suffix}", **kw)
        missing = client.open(method, f"{BASE}/{consultation.id + 999}{suffix}", **kw)
        assert_error(hidden, 404, "niet-gevonden")
        assert hidden.get_data() == missing.get_data()
        if method == "GET":  # ids past the integer range: refused by routing, same words
            huge = client.open(method, f"{BASE}/99999999999{suffix}", **kw)
            assert huge.get_data() == hidden.get_data()
    assert count(session, ConsultationMessage) == 1 and count(session, ConsultationMember) == 2


def test_messages_idempotent_and_after_id(session, world, consultation, api):
    teacher, lpa = api(world.teacher), api(world.lpa)
    url = f"{BASE}/{consultation.id}/messages"
    first = teacher.post(url, json={"body": "Vraag", "client_id": "api-1"})
    again = teacher.post(url, json={"body": "Vraag", "client_id": "api-1"})
    assert first.status_code == 201 and again.status_code == 200
    assert first.get_json() == again.get_json()
    second = lpa.post(url, json={"body": "Antwoord"}).get_json()
    page = lpa.get(url).get_json()
    assert [m["id"] for m in page["items"]] == [first.get_json()["id"], second["id"]]
    assert page["total"] == 2 and page["per_page"] == 100
    after = lpa.get(f"{url}?after_id={first.get_json()['id']}").get_json()
    assert [m["id"] for m in after["items"]] == [second["id"]]
    assert after["items"][0]["org_name"] == world.leerplicht.name
    assert count(session, ConsultationMessage) == 2


def test_the_page_session_may_read_but_not_write(session, world, consultation, say, browser):
    say(world.teacher, consultation, "Hallo")
    page = browser(world.lpa)
    read = page.get(f"{BASE}/{consultation.id}/messages?after_id=0")
    assert read.status_code == 200 and read.get_json()["items"][0]["body"] == "Hallo"
    write = page.client.post(f"{BASE}/{consultation.id}/messages", json={"body": "x"})
    assert_error(write, 401)
    assert count(session, ConsultationMessage) == 1


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"age": "oud"}, "age"),
        ({"age": 3}, "age"),
        ({"age": 2**40}, "age"),
        ({"age": 12.5}, "age"),
        ({"education_type": ["po"]}, "education_type"),
        ({"description": None}, "description"),
        ({"description": 5}, "description"),
        ({"partner_org_id": "SCHOOL"}, "partner_org_id"),
        ({"partner_org_id": "²"}, "partner_org_id"),
        ({"partner_org_id": 2**31}, "partner_org_id"),
        ({"bsn": "123"}, "bsn"),
        ({"municipality_id": -1}, "municipality_id"),
    ],
)
def test_bad_create_is_a_dutch_400(session, world, api, payload, field):
    if payload.get("partner_org_id") == "SCHOOL":
        payload = {**payload, "partner_org_id": world.school.id}
    body = assert_error(
        api(world.teacher).post(BASE, json=new(world, **payload)), 400, "ongeldige-invoer"
    )
    assert field in body["fields"], body
    assert count(session, Consultation) == 0


@pytest.mark.parametrize(
    "raw, content_type, status",
    [
        (b"{", "application/json", 400),
        (b"[]", "application/json", 400),
        (b'{"description": "a\\u0000b"}', "application/json", 400),
        (b"description=x", "application/x-www-form-urlencoded", 415),
    ],
)
def test_unreadable_bodies(session, world, api, consultation, raw, content_type, status):
    teacher = api(world.teacher)
    for url in (BASE, f"{BASE}/{consultation.id}/messages", f"{BASE}/{consultation.id}/convert"):
        assert_error(teacher.post(url, data=raw, content_type=content_type), status)
    assert count(session, Consultation) == 1 and count(session, ConsultationMessage) == 0


@pytest.mark.parametrize(
    "query",
    [
        "per_page=101",
        "per_page=0x",
        "status=gesloten",
        "after_id=x",
        "onbekend=1",
        "page=99999999999",
    ],
)
def test_bad_queries(session, world, api, consultation, query):
    teacher = api(world.teacher)
    url = f"{BASE}/{consultation.id}/messages" if "after_id" in query else BASE
    assert_error(teacher.get(f"{url}?{query}"), 400, "ongeldige-invoer")


def test_only_openers_open_and_bad_messages(session, world, api, consultation):
    assert_error(
        api(world.lpa).post(BASE, json=new(world, partner_org_id=world.swv.id)), 403, "geen-toegang"
    )
    teacher = api(world.teacher)
    url = f"{BASE}/{consultation.id}/messages"
    assert_error(teacher.post(url, json={"body": ""}), 400)
    assert_error(teacher.post(url, json={"body": "x", "scope": "medisch"}), 400)
    assert_error(teacher.post(url, json={"body": "x", "client_id": "a b"}), 400)
    assert count(session, ConsultationMessage) == 0


def test_members_endpoint(session, world, api, consultation):
    lpa = api(world.lpa)
    url = f"{BASE}/{consultation.id}/members"
    added = lpa.post(url, json={"org_id": world.ggd.id})
    assert added.status_code == 201
    assert world.ggd.id in [m["org_id"] for m in added.get_json()["members"]]
    assert api(world.ggd_doctor).get(f"{BASE}/{consultation.id}").status_code == 200
    for payload in (
        {"org_id": world.ggd.id},
        {"org_id": "x"},
        {},
        {"org_id": 999999},
        {"org_id": world.gemeente.id},
        {"org_id": world.ggd.id, "x": 1},
    ):
        assert_error(lpa.post(url, json=payload), 400)
    assert count(session, ConsultationMember) == 3


def test_close_endpoint(session, world, api, consultation):
    api(world.lpa).post(f"{BASE}/{consultation.id}/members", json={"org_id": world.wijkteam.id})
    assert_error(api(world.wijkteam_worker).post(f"{BASE}/{consultation.id}/close"), 403)
    closed = api(world.teacher).post(f"{BASE}/{consultation.id}/close")
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    assert_error(api(world.teacher).post(f"{BASE}/{consultation.id}/close"), 409)
    assert_error(
        api(world.lpa).post(f"{BASE}/{consultation.id}/messages", json={"body": "laat"}),
        409,
        "gesloten",
    )


def test_convert_endpoint(session, world, api, consultation, say):
    for body in ("Een", "Twee", "Drie"):
        say(world.teacher if body != "Twee" else world.lpa, consultation, body)
    api(world.lpa).post(f"{BASE}/{consultation.id}/members", json={"org_id": world.ggd.id})
    lpa = api(world.lpa)
    data = {
        **INTAKE,
        "municipality_id": world.zaltbommel.id,
        "school_org_id": world.school.id,
        "consents": {str(world.ggd.id): "wettelijke-grondslag"},
    }
    bad = lpa.post(
        f"{BASE}/{consultation.id}/convert",
        json={**data, "birth_date": "morgen", "consents": {"1": "x"}},
    )
    fields = assert_error(bad, 400, "ongeldige-invoer")["fields"]
    assert set(fields) == {"birth_date", "consent_1"}
    assert count(session, Case) == 0
    assert_error(lpa.post(f"{BASE}/{consultation.id}/convert", json={**data, "bsn": "1"}), 400)
    assert_error(api(world.ggd_doctor).post(f"{BASE}/{consultation.id}/convert", json=data), 403)
    converted = lpa.post(f"{BASE}/{consultation.id}/convert", json=data)
    assert converted.status_code == 201, converted.get_json()
    case_id = converted.get_json()["case_id"]
    assert converted.get_json()["consultation"]["status"] == "converted"
    assert converted.headers["Location"].endswith(f"/api/v1/cases/{case_id}")
    notes = api(world.ggd_doctor).get(f"/api/v1/cases/{case_id}/notes").get_json()["items"]
    assert [n["body"] for n in notes] == ["Een", "Twee", "Drie"]
    assert [n["author_id"] for n in notes] == [world.teacher.id, world.lpa.id, world.teacher.id]
    assert_error(lpa.post(f"{BASE}/{consultation.id}/convert", json=data), 409, "al-omgezet")
    assert_error(lpa.get(f"{BASE}/{consultation.id}/messages"), 409, "omgezet")
    assert_error(lpa.post(f"{BASE}/{consultation.id}/messages", json={"body": "x"}), 409)
    assert api(world.lpa).get(f"{BASE}/{consultation.id}").get_json()["case_id"] == case_id
    assert count(session, Case) == 1 and count(session, Note) == 3


def test_openapi_documents_the_real_shapes(session, world, api, anonymous, consultation, say):
    doc = json.loads(anonymous.get("/api/v1/openapi.json").get_data())
    schemas = doc["components"]["schemas"]
    say(world.teacher, consultation, "Vraag")
    teacher = api(world.teacher)
    real = teacher.get(f"{BASE}/{consultation.id}").get_json()
    assert set(real) == set(schemas["Consultation"]["properties"])
    assert set(real["members"][0]) == set(schemas["ConsultationMember"]["properties"])
    message = teacher.get(f"{BASE}/{consultation.id}/messages").get_json()["items"][0]
    assert set(message) == set(schemas["ConsultationMessage"]["properties"])
    for path in (
        "/consultations",
        "/consultations/{consultation_id}",
        "/consultations/{consultation_id}/messages",
        "/consultations/{consultation_id}/members",
        "/consultations/{consultation_id}/close",
        "/consultations/{consultation_id}/convert",
    ):
        assert path in doc["paths"]
