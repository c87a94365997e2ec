"""PATCH /api/v1/cases/<id>: allowed changes, refusals, and refusals that change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from thuiszittertafel import clock
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.cases import participation
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


def test_phase_move_by_leerplicht_proposes_regie_and_the_swv_agrees(api, world, cases, session):
    """DESIGN §6: a phase change asks for regie; it never moves it by itself."""
    case_id = cases["school"].id
    response = api(world.lpa).patch(
        f"/api/v1/cases/{case_id}", json={"phase": 3, "reason": "School loopt vast"}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["phase"] == 3 and body["phase_due_on"] == "2026-12-23"
    assert body["lead_org_id"] == world.school.id  # regie stays until the SWV agrees
    proposal = body["regie_proposal"]
    assert proposal["org_id"] == world.swv.id and proposal["status"] == "open"
    assert world.swv.id not in body["participant_org_ids"]  # the SWV needs consent first
    assert world.leerplicht.id in body["participant_org_ids"]  # by law
    # Only the proposed organisation's coordinators answer.
    for user in (world.lpa, world.swv_worker, world.teacher):
        r = api(user).post(f"/api/v1/regie-proposals/{proposal['id']}/accept", json={})
        assert r.status_code in (403, 404)
    url = f"/api/v1/regie-proposals/{proposal['id']}/accept"
    no_consent = api(world.swv_coordinator).post(url, json={})
    assert no_consent.status_code == 400 and "consent_basis" in no_consent.get_json()["fields"]
    accepted = api(world.swv_coordinator).post(
        url, json={"consent_basis": "toestemming-ouders-en-jongere", "consent_given_by": "ouders"}
    )
    assert accepted.status_code == 200, accepted.get_json()
    body = accepted.get_json()
    assert (body["lead_org_id"], body["lead_user_id"]) == (world.swv.id, world.swv_coordinator.id)
    assert body["regie_proposal"] is None and world.swv.id in body["participant_org_ids"]


def test_declined_regie_stays_and_the_proposer_and_leerplicht_are_told(api, world, cases, session):
    from thuiszittertafel.notifications.models import Notification

    case_id = cases["school"].id
    body = (
        api(world.zorgco)
        .patch(f"/api/v1/cases/{case_id}", json={"phase": 3, "reason": "Wij komen er niet uit"})
        .get_json()
    )
    url = f"/api/v1/regie-proposals/{body['regie_proposal']['id']}/decline"
    assert api(world.swv_coordinator).post(url, json={}).status_code == 400  # reason needed
    declined = api(world.swv_coordinator).post(url, json={"reason": "Eerst een ZAT houden"})
    assert declined.status_code == 200
    assert declined.get_json()["lead_org_id"] == world.school.id
    assert declined.get_json()["regie_proposal"] is None
    session.expire_all()
    told = {
        n.user_id
        for n in session.scalars(select(Notification).where(Notification.kind == "regie_declined"))
    }
    assert told == {world.zorgco.id, world.lpa.id}


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
    """The casusregisseur is named within the regie organisation, by its coordinator."""
    case_id = cases["school"].id
    data = {"lead_org_id": world.school.id, "lead_user_id": str(world.zorgco.id)}
    refused = api(world.lpa).patch(f"/api/v1/cases/{case_id}", json=data)
    assert refused.status_code == 403
    assert fresh(session, case_id).lead_user_id == world.teacher.id  # unchanged
    response = api(world.zorgco).patch(f"/api/v1/cases/{case_id}", json=data)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["lead_user_id"] == world.zorgco.id
    assert fresh(session, case_id).lead_user_id == world.zorgco.id


@pytest.fixture
def wijkteam_involved(session, world, cases):
    case = cases["school"]
    participation.add_participation(
        session,
        world.teacher,
        case,
        "participant",
        {"org_id": world.wijkteam.id, "consent_basis": "toestemming-ouders-en-jongere"},
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
    assert "regie" in body["message"]
    case = fresh(session, case_id)
    assert (case.phase, case.kind) == (1, "relatief")
    # Nor the case's own facts: those are regie's, leerplicht's and the school's (§3a).
    response = client.patch(f"/api/v1/cases/{case_id}", json={"summary": "Huisbezoek gedaan"})
    assert response.status_code == 403
    assert fresh(session, case_id).summary != "Huisbezoek gedaan"
    # … but it may write in the log like every participant.
    note = client.post(f"/api/v1/cases/{case_id}/notes", json={"body": "Huisbezoek gedaan"})
    assert note.status_code == 201


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


def test_stale_summary_edit_is_refused_and_the_newer_one_kept(api, world, case):
    client = api(world.teacher)
    url = f"/api/v1/cases/{case.id}"
    shown = client.get(url)
    etag = shown.headers["ETag"]
    assert etag == f'"{shown.get_json()["version"]}"'
    first = client.patch(url, json={"summary": "Nieuwe aanleiding"}, headers={"If-Match": etag})
    assert first.status_code == 200, first.get_json()
    assert first.headers["ETag"] != etag
    # A second editor still holding the old page writes over it: refused, nothing changes.
    stale = client.patch(url, json={"summary": "Oude kijk"}, headers={"If-Match": etag})
    assert stale.status_code == 409, stale.get_json()
    body = stale.get_json()
    assert body["error"] == "gewijzigd" and "opnieuw" in body["message"]
    assert client.get(url).get_json()["summary"] == "Nieuwe aanleiding"
    bad = client.patch(url, json={"summary": "x"}, headers={"If-Match": '"twee"'})
    assert bad.status_code == 400 and "versie" in bad.get_json()["message"]
    again = client.patch(
        url, json={"summary": "Bijgewerkt"}, headers={"If-Match": first.headers["ETag"]}
    )
    assert again.status_code == 200 and again.get_json()["summary"] == "Bijgewerkt"


def test_the_later_of_two_answers_or_ends_is_a_conflict_that_changes_nothing(
    api, world, cases, session
):
    """The second click after the first one's commit (issue 15): an answered regie proposal
    and an ended participation answer 409 like a parallel loser, not 404 or 400."""
    case_id = cases["school"].id
    body = (
        api(world.zorgco)
        .patch(f"/api/v1/cases/{case_id}", json={"phase": 3, "reason": "Wij komen er niet uit"})
        .get_json()
    )
    url = f"/api/v1/regie-proposals/{body['regie_proposal']['id']}"
    swv = api(world.swv_coordinator)
    assert swv.post(f"{url}/decline", json={"reason": "Eerst een ZAT"}).status_code == 200
    accept = {"consent_basis": "toestemming-ouders-en-jongere", "consent_given_by": "ouders"}
    for answer, data in (("accept", accept), ("decline", {"reason": "Nogmaals"})):
        refused = assert_error(swv.post(f"{url}/{answer}", json=data), 409)
        assert "al beantwoord" in refused["message"]
    assert_error(api(world.teacher).post(f"{url}/accept", json=accept), 403)  # never allowed
    assert_error(swv.post("/api/v1/regie-proposals/999999/accept", json=accept), 404)
    assert fresh(session, case_id).lead_org_id == world.school.id
    kinds = session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == case_id)).all()
    assert kinds.count("regie_declined") == 1 and "regie_accepted" not in kinds

    ggd = participation.add_participation(
        session,
        world.teacher,
        fresh(session, case_id),
        "participant",
        {"org_id": world.ggd.id, "consent_basis": "toestemming-ouders-en-jongere"},
        now=clock.now(),
    )
    session.commit()
    end = f"/api/v1/participations/{ggd.id}/end"
    assert api(world.teacher).post(end, json={"reason": "Advies gegeven"}).status_code == 200
    refused = assert_error(api(world.teacher).post(end, json={"reason": "Nog eens"}), 409)
    assert refused["message"] == "Deze betrokkenheid is al beëindigd; laad de casus opnieuw."
    assert_error(api(world.lpa).post(end, json={"reason": "x"}), 403)  # neither regie nor GGD
    session.expire_all()
    assert session.get(participation.Participation, ggd.id).end_reason == "Advies gegeven"
