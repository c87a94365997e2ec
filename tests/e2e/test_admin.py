"""Administration in a real browser (issue 15, item 1): a beheerder's users page and
functioneel beheer's organisation pages, each state axe-clean. Only new accounts and
organisations are changed: other browser tests share the demo region."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _expected_400(me) -> None:
    """A refused form answers 400, which the browser logs; that one error is intended."""
    assert me.console_errors == [
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    ]
    me.console_errors.clear()


def test_a_beheerder_adds_corrects_and_deactivates_an_account(person, live_server):
    me = person(live_server.accounts["beheer.swv"])
    page = me.page
    me.goto("/beheer/gebruikers")
    expect(page.get_by_role("heading", name="Vaste aanspreekpunten")).to_be_visible()
    assert me.axe() == []
    page.get_by_role("button", name="Account aanmaken").click()  # empty: the errors state
    expect(page.get_by_role("alert").first).to_contain_text("Er is niets aangemaakt")
    assert me.axe() == []
    _expected_400(me)
    page.get_by_label("Naam", exact=True).first.fill("Petra de Proef")
    page.get_by_label("Gebruikersnaam").fill("proef.swv")
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.get_by_role("status").first).to_contain_text(
        re.compile(r"Eenmalig wachtwoord: \S+")
    )
    assert me.axe() == []
    me.goto("/beheer/gebruikers")
    row = page.locator("li", has=page.get_by_text("proef.swv")).last
    row.get_by_text("Naam en e-mail wijzigen").click()
    row.get_by_label("Naam").fill("Petra Proef")
    row.get_by_label("E-mailadres").fill("petra@swv.example")
    assert me.axe() == []
    row.get_by_role("button", name="Opslaan (Petra de Proef)").click()
    expect(page.get_by_role("status").first).to_contain_text("zijn opgeslagen")
    page.get_by_role("button", name="Uitzetten (Petra Proef)").click()
    expect(page.get_by_role("status").first).to_contain_text("kan niet meer inloggen")
    assert me.axe() == []


def test_functioneel_beheer_keeps_organisations_gemeenten_and_the_model(person, live_server):
    me = person(live_server.accounts["functioneel.beheer"])
    page = me.page
    me.goto("/beheer/organisaties")
    expect(page.get_by_role("table")).to_be_visible()
    assert me.axe() == []
    page.get_by_label("Naam", exact=True).fill("GGD Proefregio")
    page.get_by_label("Soort organisatie").select_option("ggd")
    page.get_by_role("button", name="Organisatie toevoegen").click()  # no gemeente: refused
    expect(page.get_by_role("alert").first).to_contain_text("Kies de gemeente(n)")
    assert me.axe() == []
    _expected_400(me)
    page.locator("input[name=municipality_ids]").first.check()
    page.get_by_role("button", name="Organisatie toevoegen").click()
    expect(page.get_by_role("heading", name="GGD Proefregio", level=1)).to_be_visible()
    assert me.axe() == []
    page.get_by_role("button", name="Organisatie uitzetten").click()
    expect(page.get_by_role("status").first).to_contain_text("is uitgezet")
    for path in ("/beheer/gemeenten", "/beheer/opschalingsmodel"):
        me.goto(path)
        assert me.axe() == [], path
    expect(page.get_by_role("status").first).to_contain_text("In orde")
