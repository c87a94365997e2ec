"""Races across two OS processes (issue 15, item 5): the same parallel requests, spread over
two web processes on one database (the scale-out fixture `two_servers`; tests/conftest.py
starts them once and always stops them). Nothing in one process's memory may decide who
wins: exactly one winner, the others 409, never a 500, the effect stored once."""

from __future__ import annotations

from sqlalchemy import select

from tests import races
from tests.races import (
    ACCEPT,
    at_once,
    audited,
    bearer,
    coordinators,
    events,
    fresh,
    one_winner,
    posts,
    read,
)
from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.cases.models import Case, CaseEvent, RegieProposal

agreement = races.agreement  # fixture
proposal = races.proposal  # fixture


def _spread(servers, method: str, path: str, token: str, bodies, headers=None) -> list:
    """One call per body, to the two processes in turn."""
    return [
        (method, f"{servers[n % 2].url}/api/v1{path}", token, body, headers)
        for n, body in enumerate(bodies)
    ]


def test_agreement_done_from_two_processes_once(two_servers, session, world, agreement):
    a = agreement()
    token = bearer(session, world.teacher)
    bodies = [{"status": "done", "result": f"R{n}"} for n in range(6)]
    winner = one_winner(
        at_once(_spread(two_servers, "PATCH", f"/agreements/{a.id}", token, bodies))
    )
    stored = fresh(session, Agreement, a.id)
    assert stored.status == "done" and stored.result == winner.json()["result"]
    assert events(session, a.case_id, "agreement_done") == 1


def test_phase_change_from_two_processes_on_one_version(two_servers, session, world, case):
    token = bearer(session, world.zorgco)
    path = f"/cases/{case.id}"
    version = read(f"{two_servers[0].url}/api/v1{path}", token)["version"]
    bodies = [{"phase": p, "reason": f"Naar {p}"} for p in (2, 3)]
    calls = _spread(two_servers, "PATCH", path, token, bodies, {"If-Match": f'"{version}"'})
    winner = one_winner(at_once(calls))
    moved = session.scalars(
        select(CaseEvent.description).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "phase_moved"
        )
    ).all()
    assert len(moved) == 1 and moved[0].startswith(f"Fase 1 → {winner.json()['phase']} ")
    assert fresh(session, Case, case.id).phase == winner.json()["phase"]


def test_close_case_from_two_processes_once(two_servers, session, world, case):
    by = [(u, {"outcome": "verhuisd"}) for u in (world.teacher, world.lpa, world.zorgco)]
    one_winner(at_once(posts(two_servers, session, f"/cases/{case.id}/close", *by)))
    assert fresh(session, Case, case.id).status == "closed"
    assert events(session, case.id, "closed") == 1
    assert audited(session, "api.case.close") == 1


def test_regie_accept_from_two_processes_once(two_servers, session, world, proposal):
    first, second = coordinators(session, world)
    path = f"/regie-proposals/{proposal.id}/accept"
    winner = one_winner(
        at_once(posts(two_servers, session, path, (first, ACCEPT), (second, ACCEPT)))
    )
    assert fresh(session, RegieProposal, proposal.id).status == "accepted"
    assert fresh(session, Case, proposal.case_id).lead_user_id == winner.json()["lead_user_id"]
    assert events(session, proposal.case_id, "regie_accepted") == 1
    assert audited(session, "api.regie.accept") == 1
