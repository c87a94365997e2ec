"""PATCH /api/v1/cases/<id>: allowed changes, refusals, and refusals that change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from thuiszittertafel import clock
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.cases import services
from thuiszittertafel.cases.models import Case, CaseEvent

from .conftest import assert_error


def fresh(session, case_id: int) -> Case:
    session.expire_all()
    return session.get(Case, case_id)


def test_participant_updates_kind_and_summary(api, world, cases, session):
    case_id = cases["school"].id
    client = api(world.teacher)
    response = client.patch(
        f"/api/v1/cases/{case_id}", json={"kind": "dreigend", "summary": "Gedeeltelijk rooster"}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["kind"], body["summary"]) == ("dreigend", "Gedeeltelijk rooster")
    assert client.get(f"/api/v1/cases/{case_id}").get_json()["kind"] == "dreigend"
    assert fresh(session, case_id).kind == "dreigend"
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "api.case.update")).one()
    assert (entry.object_id, entry.user_id) == (case_id, world.teacher.id)


def test_phase_move_by_leerplicht_moves_regie(api, world, cases, session):
    case_id = cases["school"].id
    response = api(world.lpa).patch(
        f"/api/v1/cases/{case_id}", json={"phase": 3, "reason": "School loopt vast"}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["phase"] == 3
    assert body["lead_org_id"] == world.swv.id
    assert body["lead_user_id"] is None
    assert world.swv.id in body["participant_org_ids"]
    assert body["phase_due_on"] == "2026-12-23"
    assert fresh(session, case_id).phase == 3


def test_phase_move_needs_a_reason(api, world, cases, session):
    case_id = cases["school"].id
    body = assert_error(
        api(world.teacher).patch(f"/api/v1/cases/{case_id}", json={"phase": "2"}),
        400,
        "ongeldige-invoer",
    )
    assert body["fields"] == {"reason": "Een faseovergang is een besluit: vul de reden in."}
    assert fresh(session, case_id).phase == 1


def test_set_lead_person(api, world, cases, session):
    case_id = cases["school"].id
    response = api(world.lpa).patch(
        f"/api/v1/cases/{case_id}",
        json={"lead_org_id": world.school.id, "lead_user_id": str(world.zorgco.id)},
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["lead_user_id"] == world.zorgco.id
    assert fresh(session, case_id).lead_user_id == world.zorgco.id


@pytest.fixture
def wijkteam_involved(session, world, cases):
    case = cases["school"]
    services.add_participation(
        session,
        world.teacher,
        case,
        "participant",
        {"org_id": world.wijkteam.id, "consent_basis": "toestemming-ouders"},
        now=clock.now(),
    )
    session.commit()
    return case


def test_participant_without_regie_may_not_move_phase(api, world, wijkteam_involved, session):
    case_id = wijkteam_involved.id
    client = api(world.wijkteam_worker)
    body = assert_error(
        client.patch(
            f"/api/v1/cases/{case_id}",
            json={"phase": 2, "reason": "Thuissituatie", "kind": "dreigend"},
        ),
        403,
        "geen-toegang",
    )
    assert "regiehouder" in body["message"]
    case = fresh(session, case_id)
    assert (case.phase, case.kind) == (1, "relatief")
    # … but may change what every participant may change.
    response = client.patch(f"/api/v1/cases/{case_id}", json={"summary": "Huisbezoek gedaan"})
    assert response.status_code == 200
    assert fresh(session, case_id).summary == "Huisbezoek gedaan"


@pytest.mark.parametrize(
    "data, field",
    [
        ({"status": "closed"}, "status"),
        ({"pupil": {"name": "X"}}, "pupil"),
        ({"kind": "dreigend", "escalated": False}, "escalated"),
    ],
)
def test_unknown_field_is_400(api, world, cases, session, data, field):
    case_id = cases["school"].id
    body = assert_error(
        api(world.teacher).patch(f"/api/v1/cases/{case_id}", json=data), 400, "ongeldige-invoer"
    )
    assert field in body["fields"]
    assert "kan niet gewijzigd worden" in body["fields"][field]
    assert fresh(session, case_id).kind == "relatief"


def test_refused_change_leaves_no_trace(api, world, cases, session):
    """The service changes kind before it checks the new regie: the refusal must undo it."""
    case_id = cases["school"].id
    events_before = session.scalars(select(CaseEvent.id).where(CaseEvent.case_id == case_id)).all()
    client = api(world.teacher)
    body = assert_error(
        client.patch(
            f"/api/v1/cases/{case_id}", json={"kind": "dreigend", "lead_org_id": world.ggd.id}
        ),
        400,
        "ongeldige-invoer",
    )
    assert "lead_org_id" in body["fields"]
    # Another request commits (the audit of a read): the refused change must not ride along.
    assert client.get(f"/api/v1/cases/{case_id}").get_json()["kind"] == "relatief"
    assert fresh(session, case_id).kind == "relatief"
    assert (
        session.scalars(select(CaseEvent.id).where(CaseEvent.case_id == case_id)).all()
        == events_before
    )


def test_patch_hidden_or_missing_case_is_the_same_404(api, world, cases, session):
    client = api(world.school2_worker)
    hidden = client.patch(f"/api/v1/cases/{cases['school'].id}", json={"kind": "dreigend"})
    missing = client.patch("/api/v1/cases/424242", json={"kind": "dreigend"})
    huge = client.patch(f"/api/v1/cases/{2**80}", json={"kind": "dreigend"})
    assert_error(hidden, 404)
    assert hidden.get_data() == missing.get_data() == huge.get_data()
    assert fresh(session, cases["school"].id).kind == "relatief"


def test_closed_case_is_409(api, world, cases):
    body = assert_error(
        api(world.school2_worker).patch(
            f"/api/v1/cases/{cases['closed'].id}", json={"summary": "x"}
        ),
        409,
        "conflict",
    )
    assert "gesloten" in body["message"]


def test_empty_patch_changes_nothing(api, world, cases):
    case_id = cases["school"].id
    client = api(world.teacher)
    before = client.get(f"/api/v1/cases/{case_id}").get_json()
    response = client.patch(f"/api/v1/cases/{case_id}", json={})
    assert response.status_code == 200
    assert response.get_json() == before
