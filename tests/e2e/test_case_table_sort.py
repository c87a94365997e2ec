"""The case table in the browser: sorting by name in Dutch list order and the "Mijn
casussen" filter, chosen through the filter form (issue 16: both read the case's copies)."""

from __future__ import annotations

import re

import pytest

from thuiszittertafel.cases.pupils import sort_name

pytestmark = pytest.mark.e2e


def _listed(me) -> list[str]:
    links = me.page.locator("table.case-table tbody th[scope=row] a")
    return [links.nth(i).inner_text().strip() for i in range(links.count())]


def _keys(me) -> list[str]:
    """The sort keys of the named rows shown (rows under meeting access show initials)."""
    names = [n for n in _listed(me) if not re.fullmatch(r"(\w\.)+", n)]
    return [sort_name(*n.split(" ", 1)) for n in names]


def test_the_form_sorts_by_name_as_a_dutch_list_and_keeps_mine(person, live_server):
    me = person(live_server.account(kind="leerplicht", role="medewerker"))
    me.goto("/casussen")
    me.page.get_by_label("Sorteren op").select_option("name")
    me.page.get_by_role("button", name="Toon casussen").click()
    me.page.wait_for_url(re.compile(r".*sort=name.*"))
    keys = _keys(me)
    assert len(keys) > 5 and keys == sorted(keys)  # 'van Dijk' under D, not after 'Zwart'
    me.page.get_by_label("Mijn casussen").check()
    me.page.get_by_role("button", name="Toon casussen").click()
    me.page.wait_for_url(re.compile(r".*mine=true.*"))
    assert me.page.get_by_label("Mijn casussen").is_checked()
    assert "gesorteerd op naam" in me.page.locator("main").inner_text().lower()
    mine = _keys(me)
    assert mine and mine == sorted(mine) and mine != keys  # another list, in the same order
    assert me.console_errors == []
