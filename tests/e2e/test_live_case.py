"""The whole case page live in two browsers (issue 14, item 2): leerplicht changes an
agreement, the phase (and so regie), a participant and finally closes the case; the school's
open page shows each change without a reload, and the note the school is typing meanwhile
stays in its field."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import case_ids_listed, later

pytestmark = pytest.mark.e2e


def _case_and_lpa(person, live_server):
    """A relatief case of Lingeborgh (newest first: not the one other tests take) and the
    leerplicht account that supervises it."""
    school = person(live_server.accounts["zorgco.lingeborgh"])
    ids = case_ids_listed(school, "/casussen?status=open&kind=relatief&sort=-id")
    school.context.close()
    for case_id in ids:
        for name, account in live_server.accounts.items():
            if name.startswith("lpa."):
                probe = person(account)
                if probe.goto(f"/casussen/{case_id}").status == 200:
                    probe.context.close()
                    return case_id, account
                probe.console_errors.clear()
                probe.context.close()
    raise AssertionError("geen leerplichtaccount ziet een casus van Lingeborgh")


def _dutch(days: int) -> str:
    y, m, d = later(days).split("-")
    return f"{d}-{m}-{y}"


def test_changes_show_live_in_the_other_browser_and_typed_text_stays(person, live_server):
    case_id, lpa_account = _case_and_lpa(person, live_server)
    school, lpa = person(live_server.accounts["zorgco.lingeborgh"]), person(lpa_account)
    for p in (school, lpa):
        p.goto(f"/casussen/{case_id}")
        p.page.wait_for_function("() => !document.getElementById('presence').hidden")
    watch = school.page
    typed = "Moeder belde net: Maxime wil volgende week een dag proberen"
    watch.get_by_label("Nieuwe notitie").fill(typed)
    reason_field = watch.locator("form[action$='/fase']").get_by_label("Reden")
    has_phase_form = reason_field.count() == 1
    if has_phase_form:  # a half-filled form on the watcher's side stays as typed as well
        reason_field.fill("Half getypt")

    # 1. An agreement.
    act = lpa.page
    act.get_by_text("Afspraak maken", exact=True).click()
    form = act.locator("form[action$='/afspraken']")
    form.get_by_label("Wat is er afgesproken?").fill("Huisbezoek met de ouders")
    owner = form.get_by_label("Eigenaar (organisatie)")
    value = next(
        o.get_attribute("value")
        for o in owner.locator("option").all()
        if lpa_account["organisation"] in o.inner_text()
    )
    owner.select_option(value)
    form.get_by_label("Termijn").fill(_dutch(7))
    form.get_by_role("button", name="Afspraak vastleggen").click()
    act.wait_for_url(re.compile(r".*#afspraken"))
    watch.locator("#afspraken").get_by_text("Huisbezoek met de ouders").wait_for(timeout=10000)

    # 2. The phase (regie is asked of the organisation the model names).
    phase_before = watch.locator("#fase dd").first.inner_text()
    phase_form = act.locator("form[action$='/fase']")
    phase_form.get_by_label("Reden").fill("Langer thuis dan de termijn")
    phase_form.get_by_role("button", name="Fase wijzigen").click()
    act.wait_for_url(re.compile(r".*#fase"))
    watch.wait_for_function(
        "before => document.querySelector('#fase dd').innerText !== before", arg=phase_before
    )
    watch.locator("#regievoorstel").wait_for(timeout=10000)

    # 3. A participant.
    act.locator("summary", has_text="Organisatie betrekken").click()
    add = act.locator("form[action$='/betrokkenen']")
    choice = add.get_by_label("Organisatie").locator("option").nth(1)
    org_name = choice.inner_text().strip()
    add.get_by_label("Organisatie").select_option(choice.get_attribute("value"))
    add.get_by_label("Grondslag voor delen").select_option("wettelijke-grondslag")
    add.get_by_role("button", name="Organisatie betrekken").click()
    act.wait_for_url(re.compile(r".*#betrokkenen"))
    watch.locator("#betrokkenen").get_by_text(org_name).first.wait_for(timeout=10000)

    # 4. Closing, with every open agreement settled.
    act.locator("summary", has_text="Casus sluiten").click()
    close = act.locator("form[action$='/sluiten']")
    close.get_by_label("Uitkomst").select_option("teruggeleid-zelfde-school")
    close.get_by_label("Onderwijs hervat op").fill(_dutch(0))
    for select in close.locator("select[name$='-status']").all():
        select.select_option("cancelled")
        name = select.get_attribute("name").removesuffix("-status")
        close.locator(f"[name='{name}-text']").fill("Casus gesloten")
    close.get_by_role("button", name="Casus sluiten").click()
    act.wait_for_url(re.compile(r".*#sluiten"))
    watch.locator("[data-case-part=kop]").get_by_text("Gesloten").wait_for(timeout=10000)
    watch.locator("#sluiten").get_by_text("Gesloten op").wait_for()

    # The watcher never reloaded; what they typed is still there.
    assert watch.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert watch.get_by_label("Nieuwe notitie").input_value() == typed
    if has_phase_form:  # the case is closed: the form cannot be sent, the text stays
        kept = watch.locator("form[action$='/fase'] textarea[name=reason]")
        assert kept.input_value() == "Half getypt"
        assert watch.locator("form[action$='/fase'] button[type=submit]").is_disabled()
    assert school.axe() == []
