"""GET /api/v1/openapi.json: an OpenAPI 3 document that describes every API route."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest


@pytest.fixture
def doc(anonymous):
    response = anonymous.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return json.loads(response.get_data())


def api_routes(app) -> dict[str, set[str]]:
    """Every API route as an OpenAPI path → its methods (without HEAD/OPTIONS)."""
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
            assert path.startswith("/api/v1/")
            routes.setdefault(path.removeprefix("/api/v1"), set()).update(
                m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}
            )
    return routes


def test_is_openapi_3_without_auth(doc):
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["title"] and doc["info"]["version"]
    assert isinstance(doc["info"]["version"], str)  # the API's version, not a row's
    assert doc["servers"] == [{"url": "/api/v1"}]


def test_documents_every_route_and_method(app, doc):
    routes = api_routes(app)
    assert set(routes) >= {"/tokens", "/me", "/cases", "/cases/{case_id}", "/openapi.json"}
    for path, methods in routes.items():
        assert path in doc["paths"], path
        documented = {m for m in doc["paths"][path] if m != "parameters"}
        assert documented == methods, path


def test_schemas_and_bearer_security(doc):
    components = doc["components"]
    assert {"Case", "Me", "Error", "CaseList", "Token"} <= set(components["schemas"])
    assert components["securitySchemes"]["bearerAuth"] == {
        **components["securitySchemes"]["bearerAuth"],
        "type": "http",
        "scheme": "bearer",
    }
    assert doc["security"] == [{"bearerAuth": []}]
    assert doc["paths"]["/tokens"]["post"]["security"] == []
    assert doc["paths"]["/openapi.json"]["get"]["security"] == []


def test_every_reference_resolves(doc):
    refs = re.findall(r'"\$ref": "#/([^"]+)"', json.dumps(doc))
    assert refs
    for ref in refs:
        node = doc
        for part in ref.split("/"):
            node = node[part]


def test_list_parameters_match_the_filters(doc):
    names = {p["name"] for p in doc["paths"]["/cases"]["get"]["parameters"]}
    assert names == {
        "kind",
        "phase",
        "lead_org_id",
        "municipality",
        "school_org_id",
        "mine",
        "overdue",
        "thuiszitter",
        "status",
        "q",
        "sort",
        "page",
        "after",
        "per_page",
    }
    per_page = next(
        p for p in doc["paths"]["/cases"]["get"]["parameters"] if p["name"] == "per_page"
    )
    assert per_page["schema"]["maximum"] == 100


def test_case_schema_matches_a_real_case(api, world, cases, doc):
    item = api(world.teacher).get("/api/v1/cases").get_json()["items"][0]
    schema = doc["components"]["schemas"]["Case"]
    assert set(schema["required"]) <= set(item)
    assert set(item) == set(schema["properties"])
    assert set(item["pupil"]) == set(doc["components"]["schemas"]["Pupil"]["properties"])


def test_me_schema_matches_a_real_me(api, world, doc):
    me = api(world.teacher).get("/api/v1/me").get_json()
    schemas = doc["components"]["schemas"]
    assert set(me) == set(schemas["Me"]["properties"])
    assert set(me["organisation"]) == set(schemas["MeOrganisation"]["properties"])


# The document as last agreed (DESIGN §8: integrations rely on its names and shapes). A change
# to it is a change of contract: write it on purpose with
# `THUISZITTERTAFEL_WRITE_OPENAPI=1 pytest tests/api/test_openapi.py -k agreed` and review
# the diff of tests/api/openapi.json.
AGREED = Path(__file__).with_name("openapi.json")


def _written(document: dict) -> str:
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_document_is_the_agreed_one(doc):
    if os.environ.get("THUISZITTERTAFEL_WRITE_OPENAPI"):
        AGREED.write_text(_written(doc), encoding="utf-8")
    agreed = json.loads(AGREED.read_text(encoding="utf-8"))
    parts = [(agreed["paths"], doc["paths"])]
    parts += [(agreed["components"][k], doc["components"][k]) for k in ("schemas", "responses")]
    changed = sorted(
        name for old, new in parts for name in {*old, *new} if old.get(name) != new.get(name)
    )
    assert doc == agreed, f"the API document changed at {changed}"


def test_the_agreed_check_sees_a_changed_field(doc):
    agreed = json.loads(AGREED.read_text(encoding="utf-8"))
    agreed["components"]["schemas"]["Agreement"]["properties"]["status"]["enum"].append("x")
    assert doc != agreed
