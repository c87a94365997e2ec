"""The work lists (Mijn afspraken, Termijnbewaking, Regie, Berichten) and the intake's duplicate
warning are accessible (axe-core) and list something to check (issue 14)."""

from __future__ import annotations

import re

import pytest

from thuiszittertafel import clock

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "kind, role, path, heading",
    [
        ("leerplicht", "medewerker", "/mijn-afspraken", "Mijn afspraken"),
        ("leerplicht", "medewerker", "/termijnbewaking", "Termijnbewaking"),
        ("swv", "coordinator", "/regie", "Regie"),
        ("swv", "coordinator", "/berichten", "Berichten"),
    ],
)
def test_work_lists_are_accessible(person, live_server, kind, role, path, heading):
    me = person(live_server.account(kind=kind, role=role))
    me.goto(path)
    assert heading in me.page.locator("h1").inner_text()
    # The demo gives each of these lists rows: axe checks a filled table, not an empty page.
    assert me.page.locator("main a[href^='/casussen/']").count() > 0
    assert me.axe() == []


def test_intake_with_a_likely_duplicate_warns_accessibly(person, live_server):
    account = live_server.account(kind="school", role="coordinator")  # a vo school
    me = person(account)
    today = clock.today()
    birth = today.replace(year=today.year - 13, month=3, day=14)
    for given in ("Sanne", "Sane"):  # the same child, written differently
        me.goto("/casussen/nieuw")
        form = me.page.locator("form#nieuw")
        form.get_by_label("Voornaam").fill(given)
        form.get_by_label("Achternaam").fill("de Wit-Axe")
        form.get_by_label("Geboortedatum").fill(birth.strftime("%d-%m-%Y"))
        form.get_by_label("Woongemeente").select_option(index=1)
        form.get_by_label("School").select_option(label=account["organisation"])
        form.get_by_label("Onderwijstype").select_option("vo")
        form.get_by_label("Soort casus").select_option("relatief")
        form.get_by_label("Eerste dag zonder onderwijs").fill(today.strftime("%d-%m-%Y"))
        form.get_by_role("button", name="Casus openen").click()
        me.page.wait_for_url(re.compile(r".*/casussen/\d+$"))
    # The second intake's page warns of the first (the same school: it may read it).
    assert me.page.get_by_text(re.compile(r"Let op: Sanne de Wit-Axe \(casus \d+\)")).count() == 1
    assert me.axe() == []
