"""The Idempotency-Key header on API creates (issue 15 item 5): the same key from the same
user is answered with the first status, body and Location and creates nothing more; the key
with another request is 422; another user's key is theirs alone; a bad key is a Dutch 400
and creates nothing. The document names the header on exactly the creates that take it."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select, update

from tests.conftest import meeting_and_consultation
from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.api.openapi import IDEMPOTENT_OPERATIONS, document
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.cases.models import (
    AbsenceReport,
    Case,
    Exemption,
    Participation,
    Party,
    RegieProposal,
)
from thuiszittertafel.consultations.models import Consultation, ConsultationMember
from thuiszittertafel.core.once import RequestKey
from thuiszittertafel.meetings.models import AgendaItem, Meeting

from .conftest import assert_error

KEY = {"Idempotency-Key": "6f1c2a9e-intake-1"}


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def _intake(world, **changes) -> dict[str, Any]:
    return {
        "given_name": "Noor",
        "family_name": "de Vries",
        "birth_date": "2012-03-14",
        "municipality_id": world.zaltbommel.id,
        "education_type": "vo",
        "kind": "relatief",
        "absent_since": "2026-10-20",
        "school_org_id": world.school.id,
        **changes,
    }


def test_the_same_key_twice_opens_one_case_and_answers_as_the_first(api, world, session):
    client = api(world.teacher)
    first = client.post("/api/v1/cases", json=_intake(world), headers=KEY)
    assert first.status_code == 201, first.get_json()
    again = client.post("/api/v1/cases", json=_intake(world), headers=KEY)
    assert again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _count(session, Case) == 1
    replays = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "api.request.replay")
    ).all()
    assert [(e.user_id, json.loads(e.detail)["path"]) for e in replays] == [
        (world.teacher.id, "/api/v1/cases")
    ]


def test_no_replay_once_the_case_is_hidden(api, world, session):
    """The stored answer holds case data: when the user's organisation no longer takes part
    (and nothing else lets it see the case), the repeat answers the 404 of a hidden case."""
    client = api(world.teacher)
    first = client.post("/api/v1/cases", json=_intake(world), headers=KEY)
    assert first.status_code == 201
    case_id = first.get_json()["id"]
    session.execute(
        update(Participation)
        .where(Participation.case_id == case_id, Participation.org_id == world.school.id)
        .values(ended_on=date(2026, 11, 1))
    )
    session.commit()
    again = client.post("/api/v1/cases", json=_intake(world), headers=KEY)
    assert_error(again, 404, "niet-gevonden")
    assert "Noor" not in again.get_data(as_text=True)
    assert _count(session, Case) == 1


def test_the_key_with_another_body_is_refused_and_creates_nothing(api, world, session):
    client = api(world.teacher)
    assert client.post("/api/v1/cases", json=_intake(world), headers=KEY).status_code == 201
    other = client.post("/api/v1/cases", json=_intake(world, given_name="Sem"), headers=KEY)
    body = assert_error(other, 422, "sleutel-hergebruikt")
    assert "al gebruikt voor een ander verzoek" in body["message"]
    assert _count(session, Case) == 1


def test_another_users_key_is_not_theirs(api, world, session):
    """The teacher's key sent by an outsider opens nothing of the teacher's and answers
    nothing of it: it is the outsider's own request, refused on its own terms."""
    teacher = api(world.teacher)
    first = teacher.post("/api/v1/cases", json=_intake(world), headers=KEY)
    assert first.status_code == 201
    outsider = api(world.far_worker).post(
        f"/api/v1/cases/{first.get_json()['id']}/agreements",
        json={"description": "x", "owner_org_id": world.school.id},
        headers=KEY,
    )
    assert_error(outsider, 404)
    colleague = api(world.zorgco).post(
        "/api/v1/cases", json=_intake(world, given_name="Sem", family_name="Bos"), headers=KEY
    )
    assert colleague.status_code == 201
    assert colleague.get_json()["id"] != first.get_json()["id"]
    assert _count(session, Case) == 2


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "leeg"),
        ("x" * 101, "langer dan 100 tekens"),
        ("abc\tdef", "alleen zichtbare ASCII-tekens"),
    ],
)
def test_a_bad_key_is_a_dutch_400_and_creates_nothing(api, world, session, key, message):
    r = api(world.teacher).post(
        "/api/v1/cases", json=_intake(world), headers={"Idempotency-Key": key}
    )
    body = assert_error(r, 400)
    assert message in body["fields"]["Idempotency-Key"]
    assert _count(session, Case) == 0 and _count(session, RequestKey) == 0


def test_a_refused_create_frees_the_key_for_the_corrected_one(api, world, session):
    client = api(world.teacher)
    bad = client.post("/api/v1/cases", json=_intake(world, given_name=""), headers=KEY)
    assert_error(bad, 400)
    assert _count(session, RequestKey) == 0
    ok = client.post("/api/v1/cases", json=_intake(world), headers=KEY)
    assert ok.status_code == 201 and _count(session, Case) == 1


def _creates(world, case) -> dict[str, tuple[str, str, dict[str, Any], type]]:
    return {
        "agreement": (
            "teacher",
            f"/api/v1/cases/{case.id}/agreements",
            {"description": "Plan", "owner_org_id": world.school.id, "due_in_school_days": 5},
            Agreement,
        ),
        "meeting": (
            "swv_coordinator",
            "/api/v1/meetings",
            {"kind": "thuiszitterstafel", "title": "Tafel", "starts_at": "2026-12-02T14:00"},
            Meeting,
        ),
        "consultation": (
            "teacher",
            "/api/v1/consultations",
            {
                "partner_org_id": world.leerplicht.id,
                "description": "Veel ziekteverzuim",
                "age": 13,
                "education_type": "vo",
                "municipality_id": world.zaltbommel.id,
            },
            Consultation,
        ),
        "exemption": (
            "lpa",
            f"/api/v1/cases/{case.id}/exemptions",
            {"article": "15", "requested_on": "2026-11-20"},
            Exemption,
        ),
        "absence_report": (
            "teacher",
            f"/api/v1/cases/{case.id}/absence-reports",
            {"type": "signaal"},
            AbsenceReport,
        ),
        "party": (
            "teacher",
            f"/api/v1/cases/{case.id}/parties",
            {"role": "ouder", "name": "Ilse"},
            Party,
        ),
    }


@pytest.mark.parametrize(
    "name", ["agreement", "meeting", "consultation", "exemption", "absence_report", "party"]
)
def test_each_create_sent_twice_with_a_key_creates_once(api, world, case, session, name):
    user, url, body, model = _creates(world, case)[name]
    client = api(getattr(world, user))
    before = _count(session, model)
    first = client.post(url, json=body, headers={"Idempotency-Key": f"k-{name}"})
    assert first.status_code in (200, 201), first.get_json()
    again = client.post(url, json=body, headers={"Idempotency-Key": f"k-{name}"})
    assert (again.status_code, again.get_json()) == (first.status_code, first.get_json())
    assert _count(session, model) == before + 1
    # Without a key, a resend is a new request (the API as it always was).
    assert client.post(url, json=body).status_code == first.status_code
    assert _count(session, model) == before + 2


def test_the_document_names_the_header_on_exactly_the_creates_that_take_it(app):
    """Code and document agree: every endpoint decorated with @idempotent documents the
    header (and its 400, 409 and 422), and no other operation does."""
    taking = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if getattr(view, "idempotent", False):
            path = rule.rule.removeprefix("/api/v1")
            for arg in rule.arguments:
                path = path.replace(f"<int:{arg}>", f"{{{arg}}}")
            taking |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    doc = document()
    documented = set()
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            names = [p.get("name") for p in op.get("parameters", [])]
            if "Idempotency-Key" in names:
                documented.add((path, method))
                assert {"400", "409", "422"} <= set(op["responses"]), op["operationId"]
                assert op["operationId"] in IDEMPOTENT_OPERATIONS
    assert taking == documented
    assert len(documented) == len(IDEMPOTENT_OPERATIONS)


def _later_creates(session, world, case) -> dict[str, tuple]:
    """The creates that took the key last (issue 15 item 5): agenda item, attendees, an
    invitation to a consultation and the regie proposal (a PATCH of the case); each with
    its count of what it creates."""
    meeting, consultation = meeting_and_consultation(session, world)
    session.commit()

    def attendees() -> int:
        session.expire_all()
        return len(session.get(Meeting, meeting.id).attendees)

    return {
        "agenda": (
            "swv_coordinator",
            "post",
            f"/api/v1/meetings/{meeting.id}/agenda",
            {"case_id": case.id},
            lambda: _count(session, AgendaItem),
        ),
        "attendees": (
            "swv_coordinator",
            "post",
            f"/api/v1/meetings/{meeting.id}/attendees",
            {"attendee_user_ids": [world.lpa.id]},
            attendees,
        ),
        "invitation": (
            "teacher",
            "post",
            f"/api/v1/consultations/{consultation.id}/members",
            {"org_id": world.swv.id},
            lambda: _count(session, ConsultationMember),
        ),
        "regie": (
            "teacher",
            "patch",
            f"/api/v1/cases/{case.id}",
            {"lead_org_id": world.leerplicht.id, "reason": "Verzuim staat voorop"},
            lambda: _count(session, RegieProposal),
        ),
    }


@pytest.mark.parametrize("name", ["agenda", "attendees", "invitation", "regie"])
def test_the_last_creates_sent_twice_with_a_key_create_once(api, world, case, session, name):
    """A replay answers as the first time and creates nothing; the key with another body is
    422 and creates nothing."""
    user, method, url, body, count = _later_creates(session, world, case)[name]
    client = api(getattr(world, user))
    send = getattr(client, method)
    before = count()
    key = {"Idempotency-Key": f"laatste-{name}"}
    first = send(url, json=body, headers=key)
    assert first.status_code in (200, 201), first.get_json()
    assert count() == before + 1
    again = send(url, json=body, headers=key)
    assert (again.status_code, again.get_json()) == (first.status_code, first.get_json())
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count() == before + 1
    other = send(url, json={**body, "zomaar": 1}, headers=key)
    assert_error(other, 422, "sleutel-hergebruikt")
    assert count() == before + 1


def test_a_key_on_the_last_creates_gets_an_outsider_nothing(api, world, case, session):
    """The refusal path: who may not invite gets the refusal, with or without a key, and
    nothing is created or remembered."""
    creates = _later_creates(session, world, case)
    _user, _method, url, body, count = creates["attendees"]
    r = api(world.teacher).post(url, json=body, headers={"Idempotency-Key": "k-buiten"})
    assert r.status_code in (403, 404)
    assert count() == 0 and _count(session, RequestKey) == 0
