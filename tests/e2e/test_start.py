"""The start page after login (issue 14, item 1): every demo role lands on `/`, reached
again through the logo and "Start", each item a link, accessible (axe-core)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


NINE_ROLES = [
    ("school", "coordinator"),
    ("school", "medewerker"),
    ("swv", "coordinator"),
    ("swv", "medewerker"),
    ("leerplicht", "medewerker"),
    ("wijkteam", "medewerker"),
    ("ggd", "medewerker"),
    ("doorstroompunt", "medewerker"),
    ("gemeente", "medewerker"),
]


@pytest.mark.parametrize("kind, role", NINE_ROLES)
def test_login_lands_on_the_start_page(person, live_server, kind, role):
    me = person(live_server.account(kind=kind, role=role))
    page = me.page
    assert page.url == live_server.url + "/"
    assert (
        page.get_by_role("link", name="Start", exact=True).get_attribute("aria-current") == "page"
    )
    page.get_by_role("link", name="Casussen", exact=True).click()
    # Else the logo is clicked on the start page itself and the check below reads the start
    # page while it goes to /casussen.
    page.wait_for_url(live_server.url + "/casussen")
    page.locator("a.site-header__name").click()  # the logo
    page.wait_for_url(live_server.url + "/")
    panels = page.locator("[data-bucket]")
    assert panels.count() >= 3
    for link in page.locator("#vandaag a, [data-bucket] a").all():
        assert link.get_attribute("href").startswith("/")
    assert me.axe() == []
