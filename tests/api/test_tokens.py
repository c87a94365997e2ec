"""Bearer tokens: issuing, refusing, expiry, and no session cookies on the API."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import FROZEN_NOW, PASSWORD
from thuiszittertafel import clock
from thuiszittertafel.audit.models import AuditEntry

from .conftest import assert_error


def test_token_for_good_credentials(anonymous, world, session):
    response = anonymous.post("/api/v1/tokens", json={"username": "mentor", "password": PASSWORD})
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"token", "expires_at"}
    assert isinstance(body["token"], str) and len(body["token"]) >= 32
    assert datetime.fromisoformat(body["expires_at"]) == FROZEN_NOW + timedelta(hours=12)
    me = anonymous.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.get_json()["username"] == "mentor"
    issued = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "api.token.issued")
    ).all()
    assert [e.user_id for e in issued] == [world.teacher.id]


def test_username_is_case_insensitive(anonymous, world):
    response = anonymous.post("/api/v1/tokens", json={"username": " Mentor ", "password": PASSWORD})
    assert response.status_code == 201


@pytest.mark.parametrize(
    "username, password",
    [("mentor", "verkeerd-wachtwoord"), ("niemand", PASSWORD), ("mentor", PASSWORD + " ")],
)
def test_wrong_credentials_are_401_in_dutch(anonymous, world, username, password):
    response = anonymous.post("/api/v1/tokens", json={"username": username, "password": password})
    body = assert_error(response, 401, "inloggen-mislukt")
    assert body["message"] == "Gebruikersnaam of wachtwoord klopt niet."
    assert "token" not in body


def test_unknown_user_and_wrong_password_answer_alike(anonymous, world):
    a = anonymous.post("/api/v1/tokens", json={"username": "mentor", "password": "fout-fout"})
    b = anonymous.post("/api/v1/tokens", json={"username": "niemand", "password": "fout-fout"})
    assert a.status_code == b.status_code == 401
    assert a.get_data() == b.get_data()


def test_inactive_user_gets_no_token_and_loses_the_old_one(anonymous, api, world, session):
    client = api(world.teacher)
    world.teacher.active = False
    session.commit()
    assert_error(
        anonymous.post("/api/v1/tokens", json={"username": "mentor", "password": PASSWORD}), 401
    )
    assert_error(client.get("/api/v1/me"), 401, "token-ongeldig")


@pytest.mark.parametrize(
    "body, fields",
    [
        ({}, {"username", "password"}),
        ({"username": "mentor"}, {"password"}),
        ({"username": {"x": 1}, "password": PASSWORD}, {"username"}),
        ({"username": "mentor", "password": 12345678901}, {"password"}),
        ({"username": "mentor", "password": "x" * 5000}, {"password"}),
    ],
)
def test_malformed_token_requests_are_400(anonymous, world, body, fields):
    response = anonymous.post("/api/v1/tokens", json=body)
    error = assert_error(response, 400, "ongeldige-invoer")
    assert set(error["fields"]) == fields


def test_token_expires_after_twelve_hours(api, world):
    client = api(world.teacher)
    clock.freeze(FROZEN_NOW + timedelta(hours=11, minutes=59))
    assert client.get("/api/v1/me").status_code == 200
    clock.freeze(FROZEN_NOW + timedelta(hours=12))
    body = assert_error(client.get("/api/v1/me"), 401, "token-ongeldig")
    assert "verlopen" in body["message"]


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Basic bWVudG9yOnRlc3Q=",
        "Token abc",
        "Bearer niet-een-token",
        "Bearer " + "a" * 5000,
    ],
)
def test_missing_or_bad_authorization_is_401(anonymous, world, header):
    headers = {} if header is None else {"Authorization": header}
    response = anonymous.get("/api/v1/cases", headers=headers)
    assert_error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_bearer_scheme_is_case_insensitive(api, world, anonymous):
    token = api(world.teacher).token
    response = anonymous.get("/api/v1/me", headers={"Authorization": f"bearer {token}"})
    assert response.status_code == 200


def test_session_cookie_reads_but_never_writes(app, anonymous, world, session, browser):
    session.commit()
    logged_in = browser(world.teacher)  # a session through the form (a server-side row)
    assert logged_in.get("/api/v1/me").get_json()["id"] == world.teacher.id
    anonymous.client.set_cookie("session", logged_in.client.get_cookie("session").value)
    response = anonymous.post("/api/v1/cases", json={"given_name": "X"})
    assert_error(response, 401, "niet-ingelogd")


def test_without_cookie_or_token_reads_are_refused(anonymous):
    assert_error(anonymous.get("/api/v1/me"), 401, "niet-ingelogd")


def test_a_token_is_the_users_own(api, world):
    assert api(world.teacher).get("/api/v1/me").get_json()["id"] == world.teacher.id
    assert api(world.lpa).get("/api/v1/me").get_json()["id"] == world.lpa.id
