"""The privacy officer reads the audit log in the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_privacy_officer_filters_the_log_and_checks_the_seals(person, live_server):
    lpa = person(live_server.accounts["lpa.zaltbommel"])
    lpa.goto("/casussen")
    case_path = lpa.page.locator("table tbody a").first.get_attribute("href")
    lpa.goto(case_path)
    case_id = case_path.rsplit("/", 1)[1]

    privacy = person(live_server.accounts["privacy"])
    privacy.page.get_by_role("link", name="Auditlog").click()
    privacy.page.get_by_label("Soort").select_option("case")
    privacy.page.get_by_label("Nummer").fill(case_id)
    privacy.page.get_by_role("button", name="Zoeken").click()
    # the click starts a navigation; wait for the results page, not the form it replaces
    privacy.page.wait_for_url(f"**nummer={case_id}*")
    privacy.page.wait_for_load_state()
    rows = privacy.page.locator("table tbody tr")
    expect(rows.filter(has_text="lpa.zaltbommel").first).to_be_visible()
    assert privacy.axe() == []
    privacy.page.get_by_role("button", name="Zegels van het hele log controleren").click()
    privacy.page.get_by_text("Alle regels van het auditlog kloppen met hun zegel.").wait_for()
    assert privacy.axe() == []
