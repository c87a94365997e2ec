"""A person makes an agreement on the case page, finds it in "mijn afspraken", finishes it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_agreement_from_case_page_to_done(person, live_server):
    account = live_server.account(kind="school", role="coordinator")
    me = person(account)
    me.goto("/casussen?sort=id")
    link = me.page.locator("table.case-table tbody th[scope=row] a").first
    link.click()
    me.page.wait_for_url(re.compile(r".*/casussen/\d+"))
    case_url = me.page.url
    me.page.get_by_role("tab", name="Afspraken").click()
    me.page.get_by_text("Afspraak maken", exact=True).click()
    form = me.page.locator("form[action$='/afspraken']")
    form.get_by_label("Wat is er afgesproken?").fill("Gesprek met ouders en jeugdarts")
    options = form.get_by_label("Eigenaar (organisatie)").locator("option")
    school = next(
        options.nth(i).get_attribute("value")
        for i in range(options.count())
        if account["organisation"] in options.nth(i).inner_text()
    )
    form.get_by_label("Eigenaar (organisatie)").select_option(school)
    form.get_by_label("Of: over zoveel schooldagen").fill("5")
    form.get_by_role("button", name="Afspraak vastleggen").click()
    me.page.wait_for_url(re.compile(r".*#afspraken"))
    # The tab already put #afspraken in the address (wait_for_url returns at once): wait for
    # the agreement itself, which only the page after the post shows.
    expect(me.page.locator("#afspraken")).to_contain_text(
        "Gesprek met ouders en jeugdarts", use_inner_text=True
    )
    me.page.get_by_role("link", name="Mijn afspraken").click()
    me.page.wait_for_url(re.compile(r".*/mijn-afspraken"))
    row = me.page.locator("tr", has_text="Gesprek met ouders en jeugdarts")
    assert row.count() == 1
    row.locator("summary").click()
    row.get_by_label("Resultaat").fill("Gesprek gevoerd, plan afgesproken")
    row.get_by_role("button", name="Afspraak afronden").click()
    me.page.wait_for_url(re.compile(r".*/mijn-afspraken"))
    # Already at /mijn-afspraken: wait for the page after the post (its message), loaded.
    expect(me.page.get_by_text("De afspraak is afgerond.", exact=True)).to_be_visible()
    me.page.wait_for_load_state()
    assert "Gesprek met ouders en jeugdarts" not in me.page.locator("main").inner_text()
    me.page.goto(case_url)
    section = me.page.locator("#afspraken").inner_text()
    assert "Gedaan" in section and "Gesprek gevoerd, plan afgesproken" in section
    assert me.axe() == []


def test_a_double_click_on_the_agreement_form_makes_one_agreement(person, live_server):
    """Issue 15, finding 10: on a slow connection the second click sends the form again
    while the first is under way; the form's one-time key makes the server answer it as the
    first ("Dit formulier was al verstuurd"), not with a second agreement."""
    account = live_server.account(kind="school", role="coordinator")
    me = person(account)
    me.goto("/casussen?sort=id")
    me.page.locator("table.case-table tbody th[scope=row] a").first.click()
    me.page.wait_for_url(re.compile(r".*/casussen/\d+"))
    case_url = me.page.url.split("#")[0]
    me.page.get_by_role("tab", name="Afspraken").click()
    me.page.get_by_text("Afspraak maken", exact=True).click()
    form = me.page.locator("form[action$='/afspraken']")
    form.get_by_label("Wat is er afgesproken?").fill("Dubbelklik op vastleggen")
    options = form.get_by_label("Eigenaar (organisatie)").locator("option")
    school = next(
        options.nth(i).get_attribute("value")
        for i in range(options.count())
        if account["organisation"] in options.nth(i).inner_text()
    )
    form.get_by_label("Eigenaar (organisatie)").select_option(school)
    form.get_by_label("Of: over zoveel schooldagen").fill("5")
    posts: list[str] = []
    me.page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    # A slow line: the answer to the first click is still on its way at the second.
    cdp = me.page.context.new_cdp_session(me.page)
    cdp.send("Network.enable")
    slow = {"offline": False, "latency": 1500, "downloadThroughput": -1, "uploadThroughput": -1}
    cdp.send("Network.emulateNetworkConditions", slow)
    # Two clicks 0.3 s apart, from the page itself: Playwright's own click would wait for
    # the first navigation to end, which is exactly what an impatient person does not do.
    button = form.get_by_role("button", name="Afspraak vastleggen").element_handle()
    me.page.evaluate("b => { b.click(); setTimeout(() => b.click(), 300); }", button)
    # The tab already put #afspraken in the address, so wait for the second answer itself.
    expect(me.page.locator("main")).to_contain_text(
        "Dit formulier was al verstuurd", timeout=30_000
    )
    assert me.page.url.endswith("#afspraken"), me.page.url
    assert len([url for url in posts if url.endswith("/afspraken")]) == 2, posts
    cdp.send("Network.emulateNetworkConditions", {**slow, "latency": 0})
    me.page.goto(case_url)
    me.page.get_by_role("tab", name="Afspraken").click()
    rows = me.page.locator("#afspraken tr", has_text="Dubbelklik op vastleggen")
    assert rows.count() == 1
