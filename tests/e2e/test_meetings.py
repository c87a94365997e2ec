"""A chair plans a thuiszitterstafel in the browser, fills the agenda and publishes it."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


def test_chair_plans_builds_agenda_and_publishes(person, live_server):
    chair = person(live_server.accounts["swv.coordinator"])
    chair.goto("/overleggen")
    chair.page.get_by_label("Titel").fill("Thuiszitterstafel januari")
    chair.page.get_by_label("Begin").fill("2027-01-13T14:00")
    attendees = chair.page.get_by_label("Deelnemers")
    lpa = attendees.locator("option", has_text="(Team Leerplicht Rivierenland)").first
    attendees.select_option(value=lpa.get_attribute("value"))
    chair.page.get_by_role("button", name="Overleg plannen").click()
    chair.page.wait_for_url(re.compile(r"/overleggen/\d+$"))
    assert chair.axe() == []
    proposals = chair.page.locator(".proposals li")
    assert proposals.count() > 0
    proposals.first.get_by_role("button", name="Op de agenda").click()
    chair.page.get_by_text("De casus staat op de agenda.").wait_for()
    chair.page.get_by_role("button", name="Agenda publiceren").click()
    chair.page.get_by_text("De agenda is gepubliceerd.").wait_for()
    assert chair.page.locator(".agenda__item").count() == 1
    assert chair.axe() == []
