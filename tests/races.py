"""What the race tests share: tokens, requests sent at one moment from threads, the
statuses they may answer (a winner, or 409 in the API's JSON error shape) and counts of
what the database holds afterwards."""

from __future__ import annotations

import threading

import requests
from sqlalchemy import func, select

from thuiszittertafel import clock
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.auth.services import issue_token
from thuiszittertafel.cases.models import CaseEvent

WINNERS = (200, 201)


def bearer(session, user) -> str:
    """An API token for `user`, committed so the server process sees it."""
    value, _ = issue_token(session, user, clock.now())
    session.commit()
    return value


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
            assert set(body) == {"error", "message"}, body
            assert body["error"] and body["message"], body
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
