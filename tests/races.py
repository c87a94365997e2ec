"""What the race tests share: tokens, requests sent at one moment from threads (to one
server process or spread over several), the statuses they may answer (a winner, or 409 in
the API's JSON error shape), counts of what the database holds afterwards, and the
fixtures of what they race on (an agreement, a regie proposal with two coordinators)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import requests
from sqlalchemy import func, select

from thuiszittertafel import clock
from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.agreements.services import create_agreement
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.auth.models import User
from thuiszittertafel.auth.services import issue_token
from thuiszittertafel.cases import lifecycle
from thuiszittertafel.cases.models import CaseEvent

WINNERS = (200, 201)


def bearer(session, user) -> str:
    """An API token for `user`, committed so the server process sees it."""
    value, _ = issue_token(session, user, clock.now())
    session.commit()
    return value


def read(url: str, token: str) -> dict:
    """GET `url` with the token: its JSON (e.g. the version to send back in If-Match)."""
    response = requests.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert response.status_code == 200, response.text[:500]
    return response.json()


def posts(servers, session, path: str, *by) -> list:
    """One POST of /api/v1`path` per (user, body) in `by`, ready for at_once; the calls go
    to `servers` (one server process, or a list of them) in turn."""
    servers = servers if isinstance(servers, list | tuple) else [servers]
    return [
        ("POST", f"{servers[n % len(servers)].url}/api/v1{path}", bearer(session, u), body, None)
        for n, (u, body) in enumerate(by)
    ]


def at_once(calls) -> list[requests.Response]:
    """Send every (method, url, token, json, headers) at the same moment, from threads."""
    barrier = threading.Barrier(len(calls))
    responses: list = [None] * len(calls)

    def run(n, method, url, token, body, headers):
        headers = {"Authorization": f"Bearer {token}", **(headers or {})}
        barrier.wait()
        try:
            responses[n] = requests.request(method, url, json=body, headers=headers, timeout=60)
        except requests.RequestException as exc:  # a dropped connection is a failure too
            responses[n] = exc

    threads = [threading.Thread(target=run, args=(n, *call)) for n, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return responses


def status_codes(responses) -> list[int]:
    """Every status: a winner's 2xx or a 409 with the JSON error shape (api/errors.py) and
    a Dutch message; anything else (a 500, a dropped connection) fails the test."""
    out = []
    for r in responses:
        assert isinstance(r, requests.Response), r
        assert r.status_code in (*WINNERS, 409), (r.status_code, r.text[:500])
        if r.status_code == 409:
            assert r.headers["Content-Type"].startswith("application/json"), r.headers
            body = r.json()
            # A stale version also says what changed since (core/versions.py).
            assert {"error", "message"} <= set(body), body
            assert set(body) <= {"error", "message", "changed", "current_version"}, body
            assert body["error"] and body["message"], body
            if "changed" in body:
                assert body["error"] == "gewijzigd" and body["current_version"] >= 1, body
        out.append(r.status_code)
    return out


def one_winner(responses) -> requests.Response:
    """The single 2xx answer among `responses`; every other one is a 409."""
    found = status_codes(responses)
    winners = [r for r in responses if r.status_code in WINNERS]
    assert len(winners) == 1 and found.count(409) == len(found) - 1, found
    return winners[0]


def fresh(session, model, id_):
    session.expire_all()
    return session.get(model, id_)


def count(session, model, *where) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model).where(*where))


def events(session, case_id: int, kind: str) -> int:
    """How many entries of `kind` the case's history holds."""
    return count(session, CaseEvent, CaseEvent.case_id == case_id, CaseEvent.kind == kind)


def audited(session, action: str) -> int:
    """How many audit rows record `action`."""
    return count(session, AuditEntry, AuditEntry.action == action)


@pytest.fixture
def agreement(session, world, case):
    """make(recurring=False): an open agreement of the school on Maxime's case."""

    def make(recurring: bool = False) -> Agreement:
        data = {
            "description": "Maandelijks gesprek" if recurring else "Plan van aanpak",
            "owner_org_id": world.school.id,
            "due_at": (clock.now() + timedelta(days=10)).date().isoformat(),
        }
        if recurring:
            data["recurrence"] = {"every": 1, "unit": "months"}
        a = create_agreement(session, world.teacher, case, "participant", data, now=clock.now())
        session.commit()
        return a

    return make


@pytest.fixture
def proposal(session, world, case, make_user, model):
    """Phase 3 asks the SWV for regie; the SWV has two coordinators who may answer."""
    lifecycle.update_case(
        session,
        world.zorgco,
        case,
        "participant",
        {"phase": "3", "reason": "Wij komen er niet uit"},
        now=clock.now(),
        model=model,
    )
    make_user(world.swv, "coordinator", username="swvco2")
    session.commit()
    assert case.regie_proposal.org_id == world.swv.id
    return case.regie_proposal


def coordinators(session, world) -> tuple[User, User]:
    """The SWV's two coordinators of the `proposal` fixture."""
    return world.swv_coordinator, session.scalars(select(User).filter_by(username="swvco2")).one()


# Accepting for the SWV needs a consent basis (DESIGN §4).
ACCEPT = {"consent_basis": "toestemming-ouders-en-jongere", "consent_given_by": "ouders"}
