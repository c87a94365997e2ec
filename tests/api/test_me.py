"""GET /api/v1/me: the user, their roles and organisation (DESIGN §8)."""

from __future__ import annotations

from .conftest import assert_error


def test_me_for_a_school_worker(api, world):
    body = api(world.zorgco).get("/api/v1/me").get_json()
    assert body == {
        "id": world.zorgco.id,
        "username": "zorgco",
        "name": "Zorgco",
        "roles": ["coordinator"],
        "organisation": {
            "id": world.school.id,
            "name": "Lingeborgh",
            "kind": "school",
            "municipalities": ["Zaltbommel"],
            "swv_org_id": world.swv.id,
        },
        "calendar_url": None,  # no calendar feed made yet
    }


def test_me_for_an_swv_coordinator_names_its_own_swv(api, world):
    org = api(world.swv_coordinator).get("/api/v1/me").get_json()["organisation"]
    assert org["kind"] == "swv"
    assert org["swv_org_id"] == world.swv.id
    assert org["municipalities"] == ["Tiel", "Zaltbommel"]


def test_me_for_leerplicht_has_no_swv(api, world, make_user):
    user = make_user(world.leerplicht, "medewerker", "coordinator", username="teamleider")
    body = api(user).get("/api/v1/me").get_json()
    assert body["roles"] == ["coordinator", "medewerker"]
    assert body["organisation"]["kind"] == "leerplicht"
    assert body["organisation"]["swv_org_id"] is None
    assert body["organisation"]["municipalities"] == ["Tiel", "Zaltbommel"]


def test_me_needs_a_token(anonymous, world):
    assert_error(anonymous.get("/api/v1/me"), 401)
