"""Regie is agreed, in two browsers (issue "Responsibility as the cirkel describes it"): the
school asks the SWV to take regie, the SWV coordinator accepts it on the case page, and the
school, watching its own open page, sees regie move without a reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import case_ids_listed

pytestmark = pytest.mark.e2e


def _school_led_case(person, live_server) -> int:
    """An open case of Lingeborgh with the school as regie, which the SWV coordinator may
    see (rule 3: the SWV of the pupil's school): a dreigend one if the demo has it, else a
    relatief one from the newest down that still has the school as regie (the case-page and
    notes tests read the oldest; test_live_case takes the newest, led by the SWV)."""
    school = person(live_server.accounts["zorgco.lingeborgh"])
    listed = [
        case_id
        for kind in ("dreigend", "relatief")
        for case_id in case_ids_listed(school, f"/casussen?status=open&kind={kind}&sort=-id")
    ]
    for case_id in listed:
        school.goto(f"/casussen/{case_id}")
        lead = school.page.locator("#fase dd").nth(2).inner_text()
        if "Lingeborgh" in lead and school.page.locator("#regievoorstel").count() == 0:
            school.close()
            return case_id
    raise AssertionError("geen casus van Lingeborgh met de school als regie")


def test_the_swv_accepts_regie_while_the_school_watches(person, live_server):
    case_id = _school_led_case(person, live_server)
    school = person(live_server.accounts["zorgco.lingeborgh"])
    swv = person(live_server.accounts["swv.coordinator"])
    school.goto(f"/casussen/{case_id}")
    school.page.wait_for_function("() => !document.getElementById('presence').hidden")
    watch = school.page

    # The school asks: regie stays with the school until the SWV agrees.
    watch.locator("#regie > summary").click()  # the form is behind one button
    form = watch.locator("form[data-regie-form]")
    org = form.get_by_label("Regie bij")
    value = next(
        o.get_attribute("value")
        for o in org.locator("option").all()
        if o.inner_text().strip() == "SWV Rivierenland"
    )
    org.select_option(value)
    form.get_by_label("Reden (bij een voorstel aan een andere organisatie)").fill(
        "Consultatie van het samenwerkingsverband nodig"
    )
    form.get_by_role("button", name="Vastleggen").click()
    watch.wait_for_url(re.compile(r".*#"))
    watch.locator("#regievoorstel").get_by_text("Regie gevraagd aan SWV Rivierenland").wait_for()
    assert "Lingeborgh" in watch.locator("#fase dd").nth(2).inner_text()
    navigations = watch.evaluate("() => performance.getEntriesByType('navigation').length")

    # The SWV coordinator accepts, with a legal ground to take part.
    swv.goto(f"/casussen/{case_id}")
    accept = swv.page.locator("form[action$='/aannemen']")
    basis = accept.get_by_label("Grondslag om deel te nemen")
    if basis.count():
        basis.select_option("wettelijke-grondslag")
    accept.get_by_role("button", name="Regie aannemen").click()
    swv.page.wait_for_url(re.compile(rf".*/casussen/{case_id}.*"))
    # That URL matched before the click as well: wait for the page after the post.
    expect(swv.page.get_by_text("U heeft de regie aangenomen.", exact=True)).to_be_visible()

    # The school's page follows without a reload.
    watch.wait_for_function(
        "() => document.querySelectorAll('#fase dd')[2].innerText.includes('SWV Rivierenland')",
        timeout=10000,
    )
    assert watch.locator("#regievoorstel").count() == 0
    assert watch.evaluate("() => performance.getEntriesByType('navigation').length") == navigations
    assert school.axe() == [] and swv.axe() == []
