"""Functioneel beheer's pages (issue 15, item 1): organisations of every kind, gemeenten,
the model file and the school calendar. Every change audited; every refusal changes nothing
and says why in Dutch; nobody else finds the pages."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.api.conftest import ApiClient
from tests.conftest import PASSWORD
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.auth.models import ApiToken
from thuiszittertafel.escalation.file_check import check_calendar, check_model
from thuiszittertafel.organisations.models import Municipality, Organisation

PAGES = ["/beheer/organisaties", "/beheer/gemeenten", "/beheer/opschalingsmodel"]


def _orgs(session) -> list[tuple]:
    session.expire_all()
    return [
        (
            o.id,
            o.name,
            o.kind.value,
            o.active,
            o.education_types,
            o.swv_id,
            tuple(m.id for m in o.municipalities),
        )
        for o in session.scalars(select(Organisation).order_by(Organisation.id))
    ]


def _actions(session, action: str) -> list[AuditEntry]:
    session.expire_all()
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


@pytest.fixture
def fb(session, world, make_user):
    user = make_user(world.gemeente, "functioneel-beheer", username="fb")
    session.commit()
    return user


def test_others_find_no_pages(session, world, browser, make_user):
    beheerder = make_user(world.school, "beheerder", username="beheer.school")
    session.commit()
    before = _orgs(session)
    for user in (world.teacher, beheerder, world.privacy_officer):
        b = browser(user)
        for page in PAGES:
            assert b.get(page).status_code == 404, (user.username, page)
        assert b.post("/beheer/organisaties", {"name": "X", "kind": "ggd"}).status_code == 404
        assert (
            b.post(f"/beheer/organisaties/{world.ggd.id}/actief", {"active": "0"}).status_code
            == 404
        )
        assert b.post("/beheer/gemeenten", {"name": "Buren"}).status_code == 404
    assert _orgs(session) == before
    assert session.scalar(select(func.count()).select_from(Municipality)) == 3


def test_functioneel_beheer_adds_and_edits_organisations(session, world, fb, browser):
    b = browser(fb)
    page = b.get("/beheer/organisaties").get_data(as_text=True)
    assert "Lingeborgh" in page and "Wijkteam Zaltbommel" in page
    made = b.post(
        "/beheer/organisaties",
        {"name": "Wijkteam Tiel", "kind": "wijkteam", "municipality_ids": [str(world.tiel.id)]},
    )
    assert made.status_code == 302
    team = session.scalar(select(Organisation).where(Organisation.name == "Wijkteam Tiel"))
    assert [m.name for m in team.municipalities] == ["Tiel"] and team.active
    school = b.post(
        "/beheer/organisaties",
        {
            "name": "De Wielewaal",
            "kind": "school",
            "municipality_id": str(world.tiel.id),
            "swv_id": str(world.swv.id),
            "education_types": ["po"],
            "school_region": "midden",
        },
    )
    assert school.status_code == 302
    edited = b.post(
        f"/beheer/organisaties/{team.id}",
        {
            "name": "Wijkteam Tiel-Oost",
            "kind": "wijkteam",
            "municipality_ids": [str(world.tiel.id), str(world.zaltbommel.id)],
        },
    )
    assert edited.status_code == 302
    session.expire_all()
    assert team.name == "Wijkteam Tiel-Oost" and len(team.municipalities) == 2
    assert len(_actions(session, "region.organisation.add")) == 2
    assert _actions(session, "region.organisation.update")[0].object_id == team.id
    page = b.get(f"/beheer/organisaties/{team.id}").get_data(as_text=True)
    assert "Wijkteam Tiel-Oost" in page


@pytest.mark.parametrize(
    "data, words",
    [
        ({"name": "lingeborgh", "kind": "school"}, "Er is al een organisatie"),
        ({"name": "Nieuw", "kind": "ggd"}, "Kies de gemeente(n)"),
        ({"name": "Nieuw", "kind": "bakkerij", "municipality_ids": ["1"]}, "Onbekende waarde"),
        ({"name": "", "kind": "ggd"}, "Vul de naam in"),
        ({"name": "Nieuw", "kind": "school", "education_types": ["po"]}, "gemeente van de school"),
        ({"name": "Nieuw", "kind": "ggd", "municipality_ids": ["99999"]}, "uit de lijst"),
        ({"name": "Nieuw", "kind": "ggd", "municipality_ids": ["²"]}, "uit de lijst"),
    ],
)
def test_bad_organisations_are_refused_and_nothing_changes(session, fb, browser, data, words):
    b = browser(fb)
    before = _orgs(session)
    refused = b.post("/beheer/organisaties", data)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Er is niets toegevoegd." in text
    assert words in text.replace("&#39;", "'"), text[-3000:]
    assert _orgs(session) == before and _actions(session, "region.organisation.add") == []


def test_deactivating_an_organisation(session, world, fb, browser, case, app):
    b = browser(fb)
    before = _orgs(session)
    # Leerplicht takes part in an open case: refused, nothing changes.
    refused = b.post(f"/beheer/organisaties/{world.leerplicht.id}/actief", {"active": "0"})
    assert refused.status_code == 409 and "open casus" in refused.get_data(as_text=True)
    assert _orgs(session) == before and world.lpa.active
    # The wijkteam has no open cases: off, with its accounts, their tokens and sessions.
    device = ApiClient(app.test_client(), session)
    issued = device.post("/api/v1/tokens", json={"username": "wijk", "password": PASSWORD})
    device.token = issued.get_json()["token"]
    web = browser(world.wijkteam_worker)
    off = b.post(f"/beheer/organisaties/{world.wijkteam.id}/actief", {"active": "0"})
    assert off.status_code == 302
    session.expire_all()
    assert not world.wijkteam.active and not world.wijkteam_worker.active
    assert device.get("/api/v1/me").status_code == 401
    assert web.get("/casussen").status_code in (302, 401)
    assert (
        session.scalar(
            select(func.count())
            .select_from(ApiToken)
            .where(ApiToken.user_id == world.wijkteam_worker.id)
        )
        == 0
    )
    entry = _actions(session, "region.organisation.deactivate")[0]
    assert entry.object_id == world.wijkteam.id and str(world.wijkteam_worker.id) in entry.detail
    on = b.post(f"/beheer/organisaties/{world.wijkteam.id}/actief", {"active": "1"})
    assert on.status_code == 302
    session.expire_all()
    assert world.wijkteam.active and not world.wijkteam_worker.active  # accounts stay off
    assert b.get("/beheer/organisaties/999999").status_code == 404


def test_gemeenten_added_and_shown_with_who_serves_them(session, world, fb, browser):
    b = browser(fb)
    page = b.get("/beheer/gemeenten").get_data(as_text=True)
    assert "SWV Rivierenland (samenwerkingsverband)" in page
    assert b.post("/beheer/gemeenten", {"name": "Buren"}).status_code == 302
    for name, words in (("buren", "bestaat al"), ("", "Vul de naam")):
        refused = b.post("/beheer/gemeenten", {"name": name})
        assert refused.status_code == 400 and words in refused.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(func.count()).where(Municipality.name == "Buren")) == 1
    assert len(_actions(session, "region.municipality.add")) == 1


def test_the_model_file_and_calendar_check(session, fb, browser, tmp_path):
    page = browser(fb).get("/beheer/opschalingsmodel").get_data(as_text=True)
    assert "In orde" in page and "5 fasen" in page and "2026-2027" in page
    assert _actions(session, "region.model.check")
    broken = tmp_path / "model.toml"
    broken.write_text('name = "Kapot"\n[[phases]]\nnumber = 1\nname = "Fase"\nregie = "bakker"\n')
    result = check_model(str(broken))
    assert result.model is None and "model.toml" in result.error
    missing = check_model(str(tmp_path / "weg.toml"))
    assert "kan het bestand niet lezen" in missing.error
    ahead = check_calendar(date(2040, 1, 6))
    assert ahead.missing == ["2039-2040", "2040-2041"] and ahead.years and ahead.error is None
