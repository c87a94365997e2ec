"""The case page built for work (issue 14, item 3) in a real browser: the summary on top
(staying there on a desktop), the sections as tabs that work with the keyboard and follow
the URL fragment, and on a phone a header under 80 px with the navigation behind a menu
button and the summary with the next term on the first screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import case_ids_listed

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 667}
TABS = [
    "Overzicht",
    "Afspraken",
    "Chronologie",
    "Betrokkenen & toestemming",
    "Leerplicht",
    "Geschiedenis",
]


def _open(person, live_server, viewport, fragment=""):
    """The school's coordinator on one of its cases (read only: any case will do)."""
    me = person(live_server.accounts["zorgco.lingeborgh"])
    me.page.set_viewport_size(viewport)
    case_id = case_ids_listed(me, "/casussen?status=open&sort=id")[0]
    me.goto(f"/casussen/{case_id}{fragment}")
    return me, case_id


def _selected(page) -> list[str]:
    return [t.inner_text() for t in page.get_by_role("tab", selected=True).all()]


def test_desktop_summary_stays_and_tabs_work_with_the_keyboard(person, live_server):
    me, case_id = _open(person, live_server, DESKTOP)
    page = me.page
    summary = page.locator(".case-summary")
    assert "Volgende termijn" in summary.inner_text() and "Regie" in summary.inner_text()
    assert [t.inner_text() for t in page.get_by_role("tab").all()] == TABS
    assert _selected(page) == ["Overzicht"]
    assert page.get_by_role("tabpanel").count() == 1  # the others are hidden
    assert page.locator("#fase").is_visible() and not page.locator("#afspraken").is_visible()
    assert me.axe() == []

    # Keyboard: the selected tab is the one tab stop; arrows, Home and End move and select.
    page.get_by_role("tab", name="Overzicht").focus()
    page.keyboard.press("ArrowRight")
    assert _selected(page) == ["Afspraken"]
    assert page.evaluate("() => document.activeElement.textContent") == "Afspraken"
    assert page.locator("#afspraken").is_visible() and not page.locator("#fase").is_visible()
    assert page.url.endswith(f"/casussen/{case_id}#afspraken")
    page.keyboard.press("End")
    assert _selected(page) == ["Geschiedenis"] and page.locator("#geschiedenis").is_visible()
    page.keyboard.press("ArrowRight")  # wraps around
    assert _selected(page) == ["Overzicht"]
    page.keyboard.press("ArrowLeft")
    assert _selected(page) == ["Geschiedenis"]
    page.keyboard.press("Home")
    assert _selected(page) == ["Overzicht"]
    page.keyboard.press("Tab")  # out of the tab list, into the panel
    assert page.evaluate("() => document.activeElement.getAttribute('role')") != "tab"
    assert me.axe() == []

    # A click selects too; the panel's own forms stay behind one button each.
    page.get_by_role("tab", name="Chronologie").click()
    expect(page.get_by_label("Nieuwe notitie")).to_be_visible()
    page.get_by_role("tab", name="Overzicht").click()
    phase_form = page.locator("form[action$='/fase']")
    expect(phase_form).to_be_hidden()
    page.locator("#fase summary", has_text="Fase wijzigen").click()
    expect(phase_form).to_be_visible()

    # The summary stays on top while the page scrolls.
    page.mouse.wheel(0, 2000)
    page.wait_for_function("() => window.scrollY > 0")
    box = summary.bounding_box()
    assert 0 <= box["y"] <= 1 and box["height"] < 200, box

    # The fragment selects the tab: a tab's own, or anything inside a panel. Each goto
    # only changes the fragment (same page): the tab follows on `hashchange`, an event that
    # comes after the navigation, so the checks wait for it.
    selected = page.get_by_role("tab", selected=True)
    me.goto(f"/casussen/{case_id}#chronologie")
    expect(selected).to_have_text(["Chronologie"], use_inner_text=True)
    expect(page.get_by_label("Nieuwe notitie")).to_be_visible()
    me.goto(f"/casussen/{case_id}#sluiten")
    expect(selected).to_have_text(["Overzicht"], use_inner_text=True)
    expect(page.locator("#sluiten")).to_be_visible()
    me.goto(f"/casussen/{case_id}#toestemming")
    expect(selected).to_have_text(["Betrokkenen & toestemming"], use_inner_text=True)
    page.go_back()  # a fragment change within the page
    page.wait_for_function("() => location.hash === '#sluiten'")
    expect(selected).to_have_text(["Overzicht"], use_inner_text=True)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 3000, height  # it was 4,700 to 5,600 px with every section below another


def test_without_scripts_the_menu_links_to_every_section(chromium, live_server):
    context = chromium.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    account = live_server.accounts["zorgco.lingeborgh"]
    page.goto(live_server.url + "/inloggen")
    page.get_by_label("Gebruikersnaam").fill(account["username"])
    page.get_by_label("Wachtwoord").fill(account["password"])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/casussen?status=open&sort=id")
    page.locator("table.case-table tbody th[scope=row] a").first.click()
    page.wait_for_url(re.compile(r"/casussen/\d+$"))
    assert page.get_by_role("tab").count() == 0
    menu = page.get_by_role("navigation", name="Onderdelen van de casus")
    assert menu.get_by_role("link").all_inner_texts() == TABS
    for link in menu.get_by_role("link").all():
        expect(page.locator(link.get_attribute("href"))).to_be_visible()
    # The main navigation shows in full; the menu button needs a script.
    expect(page.get_by_role("link", name="Casussen").first).to_be_visible()
    expect(page.locator("[data-site-menu-toggle]")).to_be_hidden()
    context.close()


def test_phone_header_is_small_and_the_first_screen_holds_the_summary(person, live_server):
    me, case_id = _open(person, live_server, PHONE)
    page = me.page
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] < 80, header
    summary = page.locator(".case-summary").bounding_box()
    assert summary["y"] + summary["height"] <= PHONE["height"], summary
    term = page.locator(".summary__item--term")
    assert term.is_visible() and "Volgende termijn" in term.inner_text()
    assert term.bounding_box()["y"] + term.bounding_box()["height"] <= PHONE["height"]
    assert me.axe() == []

    # The main navigation is behind the menu button: a disclosure that works with keys.
    toggle = page.get_by_role("button", name="Menu")
    nav_link = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Casussen")
    assert toggle.get_attribute("aria-expanded") == "false" and not nav_link.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and nav_link.is_visible()
    assert me.axe() == []
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('#site-menu') !== null")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not nav_link.is_visible()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-site-menu-toggle')")
    page.keyboard.press("Space")
    expect(nav_link).to_be_visible()
    nav_link.click()
    page.wait_for_url(live_server.url + "/casussen")

    # The tabs work on the phone as well; the summary does not stay on top there.
    me.goto(f"/casussen/{case_id}#afspraken")
    assert _selected(page) == ["Afspraken"]
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 6000, height  # it was 8,000 to 10,200 px
