"""Accounts managed on a page (issue "Running it for a region"): an organisation's beheerder
manages its own accounts, functioneel beheer all of them; deactivation ends sessions and API
tokens at once; every refusal changes nothing and says why in Dutch."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.api.conftest import ApiClient
from tests.conftest import PASSWORD
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.auth.models import User

PAGE = "/beheer/gebruikers"


def test_a_beheerder_adds_an_account_for_its_own_organisation(session, world, make_user, browser):
    admin = make_user(world.school, "beheerder", username="beheer.lingeborgh")
    session.commit()
    b = browser(admin)
    made = b.post(
        PAGE, {"name": "Fatma Öztürk", "username": "Mentor.Fatma", "roles": ["medewerker"]}
    )
    text = made.get_data(as_text=True)
    assert made.status_code == 200 and "Eenmalig wachtwoord" in text
    password = re.search(r"Eenmalig wachtwoord: <code>([^<]+)</code>", text).group(1)
    user = session.scalar(select(User).where(User.username == "mentor.fatma"))
    assert user.org_id == world.school.id and user.roles == ["medewerker"]
    login = browser()
    assert login.login(user, password).status_code in (302, 303)
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "users.add"))
    assert entry.user_id == admin.id and entry.object_id == user.id
    # The one-time password is nowhere in the database or the log.
    assert password not in (entry.detail or "") and user.password_hash != password


def test_refusals_change_nothing(session, world, make_user, browser):
    admin = make_user(world.school, "beheerder", username="beheer.lingeborgh")
    session.commit()
    b = browser(admin)
    before = session.query(User).count()
    for data, words in [
        ({"name": "X", "username": "mentor", "roles": ["medewerker"]}, "bestaat al"),
        ({"name": "X", "username": "x.y", "roles": []}, "minstens één rol"),
        ({"name": "X", "username": "x.y", "roles": ["privacy"]}, "alleen functioneel beheer"),
        ({"name": "", "username": "x.y", "roles": ["medewerker"]}, "naam"),
        ({"name": "X", "username": "x y!", "roles": ["medewerker"]}, "Gebruikersnaam"),
        ({"name": "X", "username": "x.y", "roles": ["medewerker"], "email": "geen"}, "e-mail"),
    ]:
        refused = b.post(PAGE, data)
        assert refused.status_code == 400, data
        assert words in refused.get_data(as_text=True), data
    # Another organisation's accounts do not exist for a school's beheerder.
    assert b.post(f"{PAGE}/{world.lpa.id}/actief", {"active": "0"}).status_code == 404
    assert b.post(f"{PAGE}/{world.lpa.id}/rollen", {"roles": ["medewerker"]}).status_code == 404
    own = b.post(f"{PAGE}/{admin.id}/actief", {"active": "0"})
    assert own.status_code == 400 and "eigen account" in own.get_data(as_text=True)
    dropped = b.post(f"{PAGE}/{admin.id}/rollen", {"roles": ["medewerker"]})
    assert dropped.status_code == 400 and "eigen beheerrol" in dropped.get_data(as_text=True)
    # A medewerker has no such page.
    assert browser(world.teacher).get(PAGE).status_code == 403
    assert browser(world.teacher).post(PAGE, {"name": "X", "username": "x.z"}).status_code == 403
    session.expire_all()
    assert session.query(User).count() == before
    assert admin.active and admin.roles == ["beheerder"] and world.lpa.active


def test_deactivation_ends_sessions_and_tokens_at_once(session, world, make_user, browser, app):
    admin = make_user(world.gemeente, "functioneel-beheer", username="fb")
    session.commit()
    teacher = browser(world.teacher)
    assert teacher.get("/casussen").status_code == 200
    api = ApiClient(app.test_client(), session)
    token = api.post("/api/v1/tokens", json={"username": "mentor", "password": PASSWORD})
    api.token = token.get_json()["token"]
    assert api.get("/api/v1/me").status_code == 200
    b = browser(admin)
    assert b.post(f"{PAGE}/{world.teacher.id}/actief", {"active": "0"}).status_code == 302
    assert teacher.get("/casussen").status_code in (302, 401)  # back to the login page
    assert api.get("/api/v1/me").status_code == 401
    assert browser().login(world.teacher).status_code == 400  # refused: the form again
    # Functioneel beheer manages every organisation, and region roles.
    assert b.post(f"{PAGE}/{world.teacher.id}/actief", {"active": "1"}).status_code == 302
    assert b.post(f"{PAGE}/{world.lpa.id}/rollen", {"roles": ["coordinator"]}).status_code == 302
    session.expire_all()
    assert world.teacher.active and world.lpa.roles == ["coordinator"]
    last = b.post(f"{PAGE}/{admin.id}/rollen", {"roles": ["medewerker"]})
    assert last.status_code == 400 and "laatste account" in last.get_data(as_text=True)


def test_a_beheerder_corrects_name_and_email(session, world, make_user, browser):
    admin = make_user(world.school, "beheerder", username="beheer.lingeborgh")
    session.commit()
    b = browser(admin)
    saved = b.post(
        f"{PAGE}/{world.teacher.id}/gegevens", {"name": "M. Mentor", "email": "m@lingeborgh.nl"}
    )
    assert saved.status_code == 302
    for data, words in [
        ({"name": "", "email": ""}, "Vul de naam in"),
        ({"name": "X", "email": "m@lingeborgh"}, "geen e-mailadres"),
    ]:
        refused = b.post(f"{PAGE}/{world.teacher.id}/gegevens", data)
        assert refused.status_code == 400 and words in refused.get_data(as_text=True)
    # Another organisation's account does not exist for this beheerder.
    assert b.post(f"{PAGE}/{world.lpa.id}/gegevens", {"name": "X"}).status_code == 404
    assert (
        browser(world.zorgco).post(f"{PAGE}/{world.teacher.id}/gegevens", {"name": "X"}).status_code
        == 403
    )
    session.expire_all()
    assert (world.teacher.name, world.teacher.email) == ("M. Mentor", "m@lingeborgh.nl")
    assert world.lpa.name == "Lpa"
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "users.details"))
    assert entry.user_id == admin.id and entry.object_id == world.teacher.id


def test_the_vast_aanspreekpunt_per_gemeente_gets_the_organisations_notices(
    session, world, make_user, browser, case
):
    """The GGD's beheerder names its contact for Zaltbommel: notices to the GGD about a
    Zaltbommel pupil go to that person, not to its coordinators (DESIGN §8)."""
    from thuiszittertafel.escalation.notices import load_directory
    from thuiszittertafel.notifications.recipients import people_to_tell
    from thuiszittertafel.organisations.models import OrganisationContact

    admin = make_user(world.ggd, "beheerder", username="beheer.ggd")
    ggd_coordinator = make_user(world.ggd, "coordinator", username="ggd.co")
    session.commit()
    assert people_to_tell(session, world.ggd, case) == [ggd_coordinator]
    b = browser(admin)
    page = b.get(PAGE).get_data(as_text=True)
    assert "Vaste aanspreekpunten" in page and "Tiel" in page
    url = f"/beheer/aanspreekpunten/{world.ggd.id}"
    zaltbommel = str(world.zaltbommel.id)
    for data, words in [
        ({"municipality_id": zaltbommel, "user_id": str(world.lpa.id)}, "actief account van GGD"),
        ({"municipality_id": str(world.elders.id), "user_id": ""}, "bedient deze gemeente niet"),
    ]:
        refused = b.post(url, data)
        assert refused.status_code == 400 and words in refused.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(OrganisationContact)) == 0
    # Another organisation's beheerder, and a medewerker, cannot.
    other = make_user(world.school, "beheerder", username="beheer.school")
    session.commit()
    data = {"municipality_id": zaltbommel, "user_id": str(world.ggd_doctor.id)}
    assert browser(other).post(url, data).status_code == 404
    assert browser(world.ggd_doctor).post(url, data).status_code == 403
    assert session.scalar(select(func.count()).select_from(OrganisationContact)) == 0
    assert b.post(url, data).status_code == 302
    session.expire_all()
    assert people_to_tell(session, world.ggd, case) == [world.ggd_doctor]
    directory = load_directory(session, [case.id], [])
    assert directory.org(case.id, world.ggd.id) == [world.ggd_doctor.id]
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "users.contact"))
    assert entry.object_id == world.ggd.id and entry.user_id == admin.id
    # Cleared: the coordinators again.
    assert b.post(url, {"municipality_id": zaltbommel, "user_id": ""}).status_code == 302
    session.expire_all()
    assert people_to_tell(session, world.ggd, case) == [ggd_coordinator]
