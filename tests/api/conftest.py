"""API test helpers: a bearer-token client per user, and a small region of cases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD
from thuiszittertafel import clock
from thuiszittertafel.cases import lifecycle, regie
from thuiszittertafel.cases.models import Case


class ApiClient:
    """A test client that sends `Authorization: Bearer <token>` (or nothing)."""

    def __init__(self, client, session, token: str | None = None):
        self.client, self.session, self.token = client, session, token

    def _open(self, method: str, url: str, headers: dict | None = None, **kw):
        # The fixtures flush; the request must see their rows.
        self.session.commit()
        headers = dict(headers or {})
        if self.token is not None:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return self.client.open(url, method=method, headers=headers, **kw)

    def get(self, url, **kw):
        return self._open("GET", url, **kw)

    def post(self, url, **kw):
        return self._open("POST", url, **kw)

    def patch(self, url, **kw):
        return self._open("PATCH", url, **kw)

    def open(self, method, url, **kw):
        return self._open(method, url, **kw)


@pytest.fixture
def anonymous(app, session) -> ApiClient:
    return ApiClient(app.test_client(), session)


@pytest.fixture
def api(app, session):
    """api(user) → a client logged in through POST /api/v1/tokens."""

    def login(user) -> ApiClient:
        client = ApiClient(app.test_client(), session)
        response = client.post(
            "/api/v1/tokens", json={"username": user.username, "password": PASSWORD}
        )
        assert response.status_code == 201, response.get_json()
        client.token = response.get_json()["token"]
        return client

    return login


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The response is a JSON error {"error", "message"} with this status."""
    assert response.status_code == status, (response.status_code, response.get_data()[:500])
    assert response.is_json, response.get_data()[:500]
    body = response.get_json()
    assert isinstance(body, dict)
    assert isinstance(body.get("error"), str) and body["error"]
    assert isinstance(body.get("message"), str) and body["message"]
    if code is not None:
        assert body["error"] == code, body
    return body


def case_count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Case))


@pytest.fixture
def cases(session, world, make_case, model):
    """Cases reachable through each visibility rule (see the EXPECTED tables in the tests)."""
    w = world
    now = clock.now()
    c = {}
    # Lingeborgh pupil in Zaltbommel, 23 days home: only the school participates.
    c["school"] = make_case(
        w.teacher, given_name="Sam", family_name="Aalders", absent_since=date(2026, 11, 2)
    )
    # Lingeborgh pupil in Zaltbommel moved to phase 3: the SWV is asked, agrees (with the
    # consent of parents and pupil), takes part and leads.
    c["swv_phase"] = make_case(
        w.zorgco,
        given_name="Sara",
        family_name="Bakker",
        kind="dreigend",
        absent_since=date(2026, 11, 9),
    )
    lifecycle.update_case(
        session,
        w.zorgco,
        c["swv_phase"],
        "participant",
        {"phase": "3", "reason": "Consultatie SWV nodig"},
        now=now,
        model=model,
    )
    regie.accept_regie(
        session,
        w.swv_coordinator,
        c["swv_phase"],
        "swv-coordinator",
        c["swv_phase"].regie_proposal.id,
        {"consent_basis": "toestemming-ouders-en-jongere", "consent_given_by": "ouders en Sara"},
        now=now,
    )
    # Lingeborgh pupil living in Elders: leerplicht Elders supervises.
    c["elders_resident"] = make_case(
        w.zorgco,
        given_name="Eva",
        family_name="Claassen",
        municipality=w.elders,
        absent_since=date(2026, 11, 10),
    )
    # RSG pupil in Tiel, closed (moved away).
    c["closed"] = make_case(
        w.school2_worker,
        given_name="Wim",
        family_name="Dekker",
        municipality=w.tiel,
        absent_since=date(2026, 11, 20),
    )
    lifecycle.close_case(
        session, w.school2_worker, c["closed"], "participant", {"outcome": "verhuisd"}, now=now
    )
    # Not enrolled, opened by leerplicht: SWV found through the municipality Tiel.
    c["absoluut"] = make_case(
        w.lpa,
        given_name="Ali",
        family_name="Evers",
        kind="absoluut",
        municipality=w.tiel,
        absent_since=date(2026, 9, 1),
    )
    # Another region altogether: leerplicht Elders participates (> 4 weeks).
    c["far"] = make_case(
        w.far_worker,
        given_name="Fem",
        family_name="Fransen",
        education_type="po",
        birth_date=date(2016, 3, 3),
        absent_since=date(2026, 10, 1),
    )
    session.commit()
    return c


def ids(response) -> set[int]:
    assert response.status_code == 200, response.get_json()
    return {item["id"] for item in response.get_json()["items"]}
