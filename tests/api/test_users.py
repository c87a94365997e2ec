"""GET/POST /api/v1/users and PATCH /api/v1/users/<id> (DESIGN §8): a beheerder manages
the accounts of its own organisation; anyone else gets 403 and nothing changes. (That
deactivation through the API ends live sockets: tests/auth/test_live_sessions.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.api.conftest import assert_error
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.auth.models import ApiToken, LoginSession, User

URL = "/api/v1/users"


@pytest.fixture
def beheer(world, make_user, session):
    user = make_user(world.school, "beheerder", username="beheer.lingeborgh")
    session.commit()
    return user


def _snapshot(session) -> list[tuple]:
    """Every account as it stands (to show a refusal changed nothing)."""
    session.expire_all()
    return [
        (u.id, u.username, u.name, u.email, u.active, tuple(u.roles))
        for u in session.scalars(select(User).order_by(User.id))
    ]


def test_a_beheerder_lists_the_accounts_of_its_own_organisation(session, world, beheer, api):
    listed = api(beheer).get(URL)
    assert listed.status_code == 200
    body = listed.get_json()
    assert {u["username"] for u in body["items"]} == {"mentor", "zorgco", "beheer.lingeborgh"}
    assert body["total"] == 3 and body["page"] == 1
    mentor = next(u for u in body["items"] if u["username"] == "mentor")
    assert mentor == {
        "id": world.teacher.id,
        "username": "mentor",
        "name": world.teacher.name,
        "email": "mentor@example.test",
        "roles": ["medewerker"],
        "active": True,
        "org_id": world.school.id,
        "two_factor": False,
    }
    session.expire_all()
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "api.user.list"))
    assert entry.user_id == beheer.id
    assert_error(api(beheer).get(URL + "?per_page=101"), 400)


def test_a_beheerder_creates_an_account_in_its_own_organisation(session, world, beheer, api):
    client = api(beheer)
    made = client.post(
        URL, json={"username": "Mentor.Fatma", "name": "Fatma Öztürk", "roles": ["medewerker"]}
    )
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["username"] == "mentor.fatma" and body["org_id"] == world.school.id
    password = body["password"]  # one-time, shown once
    login = client.post("/api/v1/tokens", json={"username": "mentor.fatma", "password": password})
    assert login.status_code == 201
    given = client.post(
        URL,
        json={
            "username": "coord.jan",
            "name": "Jan",
            "email": "jan@lingeborgh.nl",
            "roles": ["coordinator", "medewerker"],
            "password": "een-eigen-wachtwoord",
        },
    )
    assert given.status_code == 201 and "password" not in given.get_json()
    assert given.get_json()["roles"] == ["coordinator", "medewerker"]
    session.expire_all()
    entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "api.user.create"))
    assert [e.object_id for e in entries] == [body["id"], given.get_json()["id"]]
    assert all(password not in (e.detail or "") for e in session.scalars(select(AuditEntry)))


@pytest.mark.parametrize(
    "data, field, words",
    [
        ({"username": "x.y", "name": "X", "roles": ["directeur"]}, "roles", "Kies rollen uit"),
        ({"username": "x.y", "name": "X", "roles": ["privacy"]}, "roles", "functioneel beheer"),
        ({"username": "x.y", "name": "X", "roles": "medewerker,beheerder"}, "roles", "Kies"),
        ({"username": "x.y", "name": "X", "roles": [1]}, "roles", "lijst"),
        ({"username": "x.y", "name": "X", "roles": []}, "roles", "minstens één rol"),
        ({"username": "mentor", "name": "X", "roles": ["medewerker"]}, "username", "bestaat al"),
        ({"username": "x y", "name": "X", "roles": ["medewerker"]}, "username", "letters"),
        (
            {"username": "x.y", "name": "X", "roles": ["medewerker"], "email": "jan.example.nl"},
            "email",
            "geen e-mailadres",
        ),
        ({"username": "x.y", "name": "", "roles": ["medewerker"]}, "name", "Vul de naam in"),
        (
            {"username": "x.y", "name": "X", "roles": ["medewerker"], "password": "kort"},
            "password",
            "minstens",
        ),
        ({"username": "x.y", "name": "X", "roles": ["medewerker"], "org_id": 1}, "org_id", "veld"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_creates_nothing(
    session, beheer, api, data, field, words
):
    client = api(beheer)
    before = _snapshot(session)
    body = assert_error(client.post(URL, json=data), 400)
    assert field in body["fields"] and words in body["fields"][field], body
    assert _snapshot(session) == before


def test_a_beheerder_changes_name_email_and_roles(session, world, beheer, api):
    client = api(beheer)
    changed = client.patch(
        f"{URL}/{world.teacher.id}",
        json={"name": "M. de Mentor", "email": "", "roles": ["coordinator"]},
    )
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["roles"] == ["coordinator"]
    session.expire_all()
    teacher = session.get(User, world.teacher.id)
    assert (teacher.name, teacher.email, teacher.roles) == ("M. de Mentor", None, ["coordinator"])
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "api.user.update"))
    assert entry.user_id == beheer.id and entry.object_id == teacher.id
    before = _snapshot(session)
    for data, field in [
        ({"active": "nee"}, "active"),
        ({"roles": ["functioneel-beheer"]}, "roles"),
        ({"email": "geen"}, "email"),
        ({"name": ""}, "name"),
        ({"username": "ander"}, "username"),
    ]:
        body = assert_error(client.patch(f"{URL}/{world.teacher.id}", json=data), 400)
        assert field in body["fields"], (data, body)
    assert _snapshot(session) == before


def test_everyone_else_gets_403_and_nothing_changes(session, world, beheer, make_user, api):
    other_beheer = make_user(world.leerplicht, "beheerder", username="beheer.lp")
    region_admin = make_user(world.gemeente, "functioneel-beheer", username="fb")
    session.commit()
    before = _snapshot(session)
    new = {"username": "nieuw", "name": "Nieuw", "roles": ["medewerker"]}
    for user in (world.teacher, world.zorgco, region_admin, world.privacy_officer):
        client = api(user)
        for response in (
            client.get(URL),
            client.post(URL, json=new),
            client.patch(f"{URL}/{world.teacher.id}", json={"active": False}),
        ):
            body = assert_error(response, 403, "geen-toegang")
            assert "beheerder" in body["message"]
    # Another organisation's beheerder: 403 for the school's accounts, as for an id that
    # does not exist (ids say nothing); a huge id too.
    client = api(other_beheer)
    for user_id in (world.teacher.id, beheer.id, 999_999, 2**40):
        assert_error(client.patch(f"{URL}/{user_id}", json={"name": "X"}), 403, "geen-toegang")
    assert world.teacher.id not in {u["id"] for u in client.get(URL).get_json()["items"]}
    assert _snapshot(session) == before
    assert_error(api(beheer).patch(f"{URL}/{world.teacher.id}", data="x"), 415)


def test_the_last_active_beheerder_cannot_drop_out(session, world, beheer, make_user, api):
    client = api(beheer)
    before = _snapshot(session)
    for data in ({"active": False}, {"roles": ["medewerker"]}):
        body = assert_error(client.patch(f"{URL}/{beheer.id}", json=data), 409)
        assert "laatste actieve beheerder" in body["message"]
    assert _snapshot(session) == before
    # With a second beheerder, one may step down.
    second = make_user(world.school, "beheerder", username="beheer.twee")
    session.commit()
    stepped = client.patch(f"{URL}/{beheer.id}", json={"roles": ["medewerker", "coordinator"]})
    assert stepped.status_code == 200
    # The second is now the last: deactivating it (as itself) is refused too.
    assert_error(api(second).patch(f"{URL}/{second.id}", json={"active": False}), 409)


def test_deactivation_ends_sessions_and_tokens_at_once(session, world, beheer, api, browser):
    page = browser(world.teacher)
    assert page.get("/casussen").status_code == 200
    device = api(world.teacher)
    assert device.get("/api/v1/me").status_code == 200
    off = api(beheer).patch(f"{URL}/{world.teacher.id}", json={"active": False})
    assert off.status_code == 200 and off.get_json()["active"] is False
    assert device.get("/api/v1/me").status_code == 401
    assert page.get("/casussen").status_code in (302, 401)
    session.expire_all()
    assert (
        session.scalar(
            select(func.count()).select_from(ApiToken).where(ApiToken.user_id == world.teacher.id)
        )
        == 0
    )
    assert all(
        row.ended_at is not None and row.end_reason == "deactivated"
        for row in session.scalars(
            select(LoginSession).where(LoginSession.user_id == world.teacher.id)
        )
    )
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "api.user.update"))
    assert entry.object_id == world.teacher.id and '"active": false' in entry.detail
    back = api(beheer).patch(f"{URL}/{world.teacher.id}", json={"active": True})
    assert back.status_code == 200
    assert api(world.teacher).get("/api/v1/me").status_code == 200
