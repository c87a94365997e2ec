"""Bad input of any shape: a 4xx JSON error in Dutch, never a 500, and nothing changed."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from thuiszittertafel.auth.models import ApiToken
from thuiszittertafel.cases.models import CaseEvent

from .conftest import assert_error, case_count

RAW_BODIES = [
    b"",
    b"not json",
    b"{",
    b'{"given_name": ',
    b"[]",
    b"[1, 2, 3]",
    b"123",
    b"null",
    b'"tekst"',
    b"true",
    b"1e400",
    b"NaN",
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a": ' * 5_000 + b"1" + b"}" * 5_000,
    b'{"given_name": "\\ud800"}',
    b'{"given_name": "\xff\xfe"}',
    b'{"given_name": "a\\u0000b"}',
    b'{"a\\u0000": 1}',
    b'{"municipality_id": 1' + b"0" * 5_000 + b"}",
    b'{"phase": NaN, "municipality_id": Infinity}',
    json.dumps({"given_name": {"a": {"b": [1, {"c": None}]}}}).encode(),
    json.dumps({"": ""}).encode(),
]

WEIRD_VALUES = [
    None,
    True,
    False,
    0,
    -1,
    1.5,
    2**31,
    2**63,
    2**70,
    -(2**70),
    "",
    " ",
    "x" * 100_000,
    [],
    ["a"],
    {},
    {"x": 1},
    "2026-13-45",
    "2026-02-30",
    "00-00-0000",
    "99999-01-01",
    "1-1-1",
    "²",
    "١٢",
    "9" * 30,
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "😀" * 50,
]

CASE_FIELDS = [
    "given_name",
    "family_name",
    "birth_date",
    "municipality_id",
    "education_type",
    "kind",
    "absent_since",
    "school_org_id",
    "onderwijsnummer",
    "summary",
]
PATCH_FIELDS = ["kind", "absent_since", "summary", "phase", "reason", "lead_org_id", "lead_user_id"]


def valid_intake(world) -> dict:
    return {
        "given_name": "Noor",
        "family_name": "de Vries",
        "birth_date": "2012-03-14",
        "municipality_id": world.zaltbommel.id,
        "education_type": "vo",
        "kind": "relatief",
        "absent_since": "2026-10-20",
        "school_org_id": world.school.id,
    }


def assert_no_server_error(response):
    assert response.status_code < 500, response.get_data()[:300]
    assert response.is_json
    if response.status_code >= 400:
        assert_error(response, response.status_code)


@pytest.mark.parametrize("raw", RAW_BODIES, ids=range(len(RAW_BODIES)))
def test_raw_bodies_are_refused(api, world, cases, session, raw):
    client = api(world.teacher)
    before = case_count(session)
    events = session.scalar(select(func.count()).select_from(CaseEvent))
    for method, url in (
        ("POST", "/api/v1/cases"),
        ("POST", "/api/v1/tokens"),
        ("PATCH", f"/api/v1/cases/{cases['school'].id}"),
    ):
        response = client.open(method, url, data=raw, content_type="application/json")
        body = assert_error(response, 400)
        assert body["error"] == "ongeldige-invoer"
    assert case_count(session) == before
    assert session.scalar(select(func.count()).select_from(CaseEvent)) == events


def test_every_field_with_every_odd_value_never_crashes(api, world, cases, session):
    client = api(world.teacher)
    url = f"/api/v1/cases/{cases['school'].id}"
    for value in WEIRD_VALUES:
        for field in CASE_FIELDS:
            assert_no_server_error(
                client.post("/api/v1/cases", json={**valid_intake(world), field: value})
            )
        for field in PATCH_FIELDS:
            assert_no_server_error(client.patch(url, json={field: value}))
        assert_no_server_error(
            client.post("/api/v1/tokens", json={"username": value, "password": value})
        )


def test_patch_with_bad_values_changes_nothing(api, world, cases, session):
    client = api(world.teacher)
    url = f"/api/v1/cases/{cases['school'].id}"
    before = client.get(url).get_json()
    for value in (2**70, {"x": 1}, ["dreigend"], "2026-02-30", "²", -1):
        response = client.patch(url, json={"kind": "dreigend", "phase": value, "reason": "test"})
        assert_error(response, 400, "ongeldige-invoer")
    assert client.get(url).get_json() == before


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
def test_non_json_content_type_is_415(api, world, cases, session, content_type):
    client = api(world.teacher)
    before = case_count(session)
    data = json.dumps(valid_intake(world))
    response = client.post("/api/v1/cases", data=data, content_type=content_type)
    assert_error(response, 415, "geen-json")
    assert case_count(session) == before


def test_token_request_as_a_form_is_415(anonymous, world, session):
    response = anonymous.post("/api/v1/tokens", data={"username": "mentor", "password": "x"})
    assert_error(response, 415, "geen-json")
    assert session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_oversized_body_is_413(api, world, session):
    before = case_count(session)
    big = json.dumps({**valid_intake(world), "summary": "x" * (3 * 1024 * 1024)})
    response = api(world.teacher).post("/api/v1/cases", data=big, content_type="application/json")
    assert_error(response, 413, "te-groot")
    assert case_count(session) == before


@pytest.mark.parametrize(
    "name",
    [
        "kind",
        "phase",
        "lead_org_id",
        "municipality",
        "school_org_id",
        "mine",
        "overdue",
        "status",
        "q",
        "sort",
        "page",
        "per_page",
        "after",
    ],
)
def test_query_parameters_with_odd_values(api, world, cases, name):
    client = api(world.swv_coordinator)
    for value in [
        "",
        "%00",
        "%C2%B2",
        "9" * 30,
        "-1",
        "1.5",
        "%ff",
        "%",
        "_",
        "'--",
        "x" * 10_000,
        "true",
        "1",
    ]:
        response = client.get(f"/api/v1/cases?{name}={value}")
        assert_no_server_error(response)
        if response.status_code == 200:
            page = {"items", "total", "page", "per_page"}
            assert page <= set(response.get_json()) <= page | {"next_after"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/abc",
        "/api/v1/cases/-1",
        "/api/v1/cases/1.5",
        "/api/v1/bestaat-niet",
        "/api/v1/cases/%C2%B2",
    ],
)
def test_odd_paths_are_json_404(api, world, path):
    assert_error(api(world.teacher).get(path), 404, "niet-gevonden")


@pytest.mark.parametrize(
    "method, path, allowed",
    [
        ("DELETE", "/api/v1/cases", "GET, HEAD, OPTIONS, POST"),
        ("PUT", "/api/v1/cases/1", "GET, HEAD, OPTIONS, PATCH"),
        ("DELETE", "/api/v1/cases/1", "GET, HEAD, OPTIONS, PATCH"),
        ("GET", "/api/v1/tokens", "OPTIONS, POST"),
        ("POST", "/api/v1/me", "GET, HEAD, OPTIONS"),
        ("PATCH", "/api/v1/openapi.json", "GET, HEAD, OPTIONS"),
    ],
)
def test_wrong_method_is_json_405(api, world, method, path, allowed):
    response = api(world.teacher).open(method, path, json={})
    body = assert_error(response, 405, "methode-niet-toegestaan")
    assert method in body["message"]
    assert response.headers["Allow"] == allowed


def test_pages_keep_their_own_errors(app, session):
    """The API's error handlers answer only under /api/."""
    response = app.test_client().delete("/inloggen")
    assert response.status_code == 405
    assert not response.is_json
