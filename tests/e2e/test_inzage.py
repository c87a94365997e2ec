"""The privacy officer finds a pupil and downloads the inzage in the browser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e


def test_privacy_officer_finds_a_pupil_and_downloads_the_inzage(person, live_server):
    privacy = person(live_server.accounts["privacy"])
    privacy.page.get_by_role("link", name="Inzage").click()
    privacy.page.get_by_role("heading", name="Inzage: alles over één leerling").wait_for()
    assert privacy.axe() == []

    privacy.page.get_by_label("Volledige naam").fill("Iemand")
    privacy.page.get_by_role("button", name="Zoeken").click()
    privacy.page.get_by_role("alert").get_by_text(
        "Vul bij een naam ook de geboortedatum in"
    ).wait_for()
    assert privacy.axe() == []
    privacy.console_errors.remove(  # the intended 400 of the refused search itself
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    )

    privacy.page.get_by_label("Volledige naam").fill("")
    privacy.page.get_by_label("Casusnummer").fill("1")
    privacy.page.get_by_role("button", name="Zoeken").click()
    privacy.page.get_by_text("Casus 1, geopend").wait_for()
    assert privacy.axe() == []
    with privacy.page.expect_download() as download:
        privacy.page.get_by_role("link", name="Download als JSON").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert 1 in data["inzage"]["casussen"] and data["casussen"]


def test_other_roles_do_not_get_the_page(person, live_server):
    lpa = person(live_server.accounts["lpa.zaltbommel"])
    assert lpa.page.get_by_role("link", name="Inzage").count() == 0
    assert lpa.goto("/inzage").status == 403
    assert all("403" in e for e in lpa.console_errors)  # the intended refusal
    lpa.console_errors.clear()
