"""Every state-changing endpoint on a case asks the one permission table (DESIGN §3a).

Generated from the URL map and the Socket.IO handlers: each POST/PATCH/PUT/DELETE route
and each socket event is called once by someone who sees the case, with real ids; the test
fails when one of them never asks `core.permissions`. Endpoints that change no case have
their own rule, named here with the reason; a new endpoint must be added to one or the other.
"""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import ApiClient
from tests.conftest import PASSWORD
from tests.meetings.conftest import meeting, other_case, published  # noqa: F401 - fixtures
from thuiszittertafel import clock
from thuiszittertafel.agreements.services import create_agreement
from thuiszittertafel.cases import leerplicht, lifecycle, participation, parties, regie
from thuiszittertafel.core import permissions

# Endpoints that change no case (or open one), each with its own rule.
NOT_CASE_ACTIONS = {
    "auth.login": "logging in",
    "auth.logout": "logging out",
    "api.create_token": "logging in",
    "api.read_notifications": "one's own inbox",
    "notifications.read": "one's own inbox",
    "audit.check": "the privacy role checks the seals (audit routes)",
    "beheer.save": "region settings: functioneel beheer (organisations/services.py)",
    "reports.pupil_counts_save": "pupil totals: functioneel beheer (reports/pupil_counts.py)",
    "reports.pupil_counts_import": "pupil totals: functioneel beheer (reports/pupil_counts.py)",
    "users_admin.add": "accounts: the beheerder of the organisation or functioneel beheer",
    "users_admin.roles": "accounts: the beheerder of the organisation or functioneel beheer",
    "users_admin.active": "accounts: the beheerder of the organisation or functioneel beheer",
    "users_admin.reset_two_factor": "accounts: the beheerder of the organisation or region admin",
    "users_admin.require_two_factor": "accounts: the beheerder of the organisation or region",
    "users_admin.details": "accounts: the beheerder of the organisation or functioneel beheer",
    "users_admin.contact": "an organisation's contact: its beheerder or functioneel beheer",
    "beheer.add_municipality": "region settings: functioneel beheer (organisations/routes.py)",
    "beheer.add_organisation": "organisations: functioneel beheer (organisations/routes.py)",
    "beheer.update_organisation": "organisations: functioneel beheer (organisations/routes.py)",
    "beheer.organisation_active": "organisations: functioneel beheer (organisations/routes.py)",
    "api.create_user": "accounts: the beheerder of the own organisation (auth/admin.py)",
    "api.patch_user": "accounts: the beheerder of the own organisation (auth/admin.py)",
    "auth.code_step": "logging in (two-factor code)",
    "auth.enrol_step": "logging in (two-factor set up where required)",
    "auth.enrol": "one's own account (two-factor)",
    "auth.end_session": "one's own account (sessions)",
    "auth.password": "one's own account (password)",
    "auth.revoke_token": "one's own account (API tokens)",
    "cases.new": "intake: organisations that may report (cases/intake.py MAY_OPEN)",
    "api.create_case": "intake: organisations that may report (cases/intake.py MAY_OPEN)",
    "meetings.index": "planning a meeting: coordinators (meetings/services.py)",
    "api.create_meeting": "planning a meeting: coordinators (meetings/services.py)",
    "meetings.create_feed": "one's own calendar address (meetings/calendar.py)",
    "meetings.revoke_feed": "one's own calendar address (meetings/calendar.py)",
    "consultations.new": "anonymous consultations: membership (consultations/services.py)",
    "consultations.post_message": "anonymous consultations: membership",
    "consultations.invite": "anonymous consultations: membership",
    "consultations.close": "anonymous consultations: membership",
    "consultations.convert": "anonymous consultations: membership; the case is then opened",
    "api.create_consultation": "anonymous consultations: membership",
    "api.create_consultation_message": "anonymous consultations: membership",
    "api.add_consultation_member": "anonymous consultations: membership",
    "api.close_consultation": "anonymous consultations: membership",
    "api.convert_consultation": "anonymous consultations: membership; the case is then opened",
}
SOCKET_NOT_CASE_ACTIONS = {
    "connect",
    "disconnect",
    "join_case",  # reading: the visibility policy decides
    "leave_case",
    "still_here",
    "join_consultation",
    "leave_consultation",
    "post_consultation_message",
    "join_meeting",  # reading: meeting access (policy rule 4)
    "leave_meeting",
}


@pytest.fixture
def scene(session, world, case, make_case, published):  # noqa: F811 - the fixture
    """One of everything a case-changing endpoint acts on, with real ids."""
    w, now = world, clock.now()
    _, access = case, "participant"
    participation.add_participation(
        session,
        w.teacher,
        case,
        access,
        {
            "org_id": w.ggd.id,
            "consent_basis": "toestemming-ouders-en-jongere",
            "consent_given_by": "ouders",
        },
        now=now,
    )
    agreement = create_agreement(
        session,
        w.teacher,
        case,
        access,
        {"description": "Gesprek", "owner_org_id": w.school.id, "due_at": "2026-12-04"},
        now=now,
    )
    blocker = lifecycle.add_blocker(
        session, w.teacher, case, access, {"kind": "wachtlijst-zorg"}, now=now
    )
    exemption = leerplicht.add_exemption(
        session, w.lpa, case, "leerplicht", {"article": "15", "requested_on": "2026-11-20"}, now=now
    )
    proposal = regie.propose_regie(
        session, w.teacher, case, access, {"lead_org_id": w.leerplicht.id}, now=now
    )
    consent = session.query(participation.Consent).first()
    party = parties.add_party(
        session, w.teacher, case, access, {"role": "ouder", "name": "Moeder"}, now=now
    )
    part = next(p for p in case.participations if p.org_id == w.ggd.id)
    item = published.items[0]
    session.commit()
    return {
        "case_id": case.id,
        "agreement_id": agreement.id,
        "blocker_id": blocker.id,
        "exemption_id": exemption.id,
        "proposal_id": proposal.id,
        "consent_id": consent.id,
        "participation_id": part.id,
        "meeting_id": published.id,
        "item_id": item.id,
        "party_id": party.id,
        "user_id": w.lpa.id,  # an attendee of the meeting
    }


@pytest.fixture
def asked(monkeypatch):
    """Every action the permission table was asked about."""
    calls: list[str] = []
    original = permissions.may

    def recording(actor, action, *args, **kwargs):
        calls.append(action)
        return original(actor, action, *args, **kwargs)

    monkeypatch.setattr(permissions, "may", recording)
    return calls


def _url(rule: str, ids: dict) -> str:
    return re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule)


def _state_changing(app):
    for rule in app.url_map.iter_rules():
        methods = rule.methods - {"GET", "HEAD", "OPTIONS"}
        for method in sorted(methods):
            yield rule, method


def test_every_endpoint_is_listed_or_asks(app, session, world, scene, asked, browser):
    """As the meeting's chair (the SWV coordinator, who sees the case by rule 3)."""
    user = world.swv_coordinator
    page = browser(user)
    token = ApiClient(app.test_client(), session)
    token.token = token.post(
        "/api/v1/tokens", json={"username": user.username, "password": PASSWORD}
    ).get_json()["token"]
    silent = []
    for rule, method in _state_changing(app):
        if rule.endpoint in NOT_CASE_ACTIONS:
            continue
        asked.clear()
        url = _url(rule.rule, scene)
        if url.startswith("/api/"):
            response = token.open(method, url, json={})
        else:
            response = page.post(url, {})
        assert response.status_code < 500, (url, response.status_code)
        if not asked:
            silent.append(f"{method} {rule.rule} ({rule.endpoint}) → {response.status_code}")
    assert silent == [], "state-changing endpoints that never ask core.permissions"


def test_every_socket_event_is_listed_or_asks(app, session, world, case, asked):
    from thuiszittertafel.auth.services import issue_token
    from thuiszittertafel.extensions import socketio

    handled = set(socketio.server.handlers["/"])
    changing = sorted(handled - SOCKET_NOT_CASE_ACTIONS)
    assert changing == ["post_note"], changing  # a new event: list it or make it ask
    token, _ = issue_token(session, world.teacher, clock.now())
    session.commit()
    client = socketio.test_client(app, auth={"token": token})
    for event in changing:
        asked.clear()
        client.emit(event, {"case_id": case.id, "body": "x"}, callback=True)
        assert asked, f"socket event {event} never asks core.permissions"
    client.disconnect()
