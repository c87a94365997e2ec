"""The whole case page live in two browsers (issue 14, items 2 and 3): on a new case of the
school in phase 2, leerplicht changes an agreement, the phase (and so regie), a participant
and finally closes the case; the school's open page shows each change without a reload — in
the summary on top and in the tab that holds it — and the note the school is typing
meanwhile stays in its field, as does the tab the school is on and a form it opened."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import later

pytestmark = pytest.mark.e2e


def _case_and_lpa(person, live_server):
    """A new relatief case of Lingeborgh that the school moved to phase 2 (the school keeps
    regie, so its page has the phase form; phase 3 asks the SWV to take regie), and the
    leerplicht account that supervises it."""
    account = live_server.accounts["zorgco.lingeborgh"]
    school = person(account)
    page = school.page
    school.goto("/casussen/nieuw")
    form = page.locator("form#nieuw")
    form.get_by_label("Voornaam").fill("Noor")
    form.get_by_label("Achternaam").fill("Livetest")
    form.get_by_label("Geboortedatum").fill("14-03-" + str(int(later(0)[:4]) - 13))
    form.get_by_label("Woongemeente").select_option(index=1)
    form.get_by_label("School").select_option(label=account["organisation"])
    form.get_by_label("Onderwijstype").select_option("vo")
    form.get_by_label("Soort casus").select_option("relatief")
    form.get_by_label("Eerste dag zonder onderwijs").fill(_dutch(0))
    form.get_by_role("button", name="Casus openen").click()
    page.wait_for_url(re.compile(r".*/casussen/\d+$"))
    case_id = int(re.search(r"/casussen/(\d+)$", page.url).group(1))
    page.locator("#fase summary", has_text="Fase wijzigen").click()
    phase_form = page.locator("form[action$='/fase']")
    phase_form.get_by_label("Reden").fill("Geen terugkeer na het eerste gesprek")
    phase_form.get_by_role("button", name="Fase wijzigen").click()
    page.wait_for_url(re.compile(r".*#fase"))
    assert "Regie gevraagd" not in page.locator("main").inner_text()  # phase 2: the school
    school.close()
    for name, account in live_server.accounts.items():
        if name.startswith("lpa."):
            probe = person(account)
            if probe.goto(f"/casussen/{case_id}").status == 200:
                probe.close()
                return case_id, account
            probe.console_errors.clear()
            probe.close()
    raise AssertionError("geen leerplichtaccount ziet de nieuwe casus van Lingeborgh")


def tab(page, name: str) -> None:
    """Open a tab of the case page, as a person does (the tabs of static/js/case-page.js)."""
    page.get_by_role("tab", name=name).click()  # its name may end in "bijgewerkt"
    page.get_by_role("tab", name=name, selected=True).wait_for()


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
    tab(watch, "Chronologie")
    watch.get_by_label("Nieuwe notitie").fill(typed)
    tab(watch, "Overzicht")
    # The school has regie: a half-filled form on the watcher's side stays as typed as well.
    reason_field = watch.locator("form[action$='/fase']").get_by_label("Reden")
    assert reason_field.count() == 1
    watch.locator("#fase summary", has_text="Fase wijzigen").click()
    reason_field.fill("Half getypt")
    summary_phase = (
        watch.locator(".case-summary .summary__item")
        .filter(has=watch.locator("dt", has_text=re.compile(r"^Fase$")))
        .locator("dd")
    )
    summary_before = summary_phase.inner_text()

    # 1. An agreement, shown in its tab (the watcher is on another one meanwhile).
    act = lpa.page
    tab(act, "Afspraken")
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
    # The tab already put #afspraken in the address: wait for the page after the post.
    expect(act.get_by_text("De afspraak is vastgelegd.", exact=True)).to_be_visible()
    # The agreement's row (the school, holding regie, also gets its action buttons, whose
    # hidden labels repeat the description).
    agreement_row = watch.locator("#afspraken th", has_text="Huisbezoek met de ouders")
    agreement_row.wait_for(state="attached", timeout=10000)
    assert watch.locator("#afspraken").is_hidden()  # the watcher stays on their tab
    # which says, in text, that another one changed; opening it clears that.
    watch.get_by_role("tab", name="Afspraken bijgewerkt").wait_for()
    assert watch.get_by_role("tab", name="Overzicht").inner_text() == "Overzicht"
    tab(watch, "Afspraken")
    expect(agreement_row).to_be_visible()
    assert watch.get_by_role("tab", name="Afspraken").inner_text() == "Afspraken"
    tab(watch, "Overzicht")

    # 2. The phase (regie is asked of the organisation the model names).
    phase_before = watch.locator("#fase dd").first.inner_text()
    tab(act, "Overzicht")
    act.locator("#fase summary", has_text="Fase wijzigen").click()
    phase_form = act.locator("form[action$='/fase']")
    phase_form.get_by_label("Reden").fill("Langer thuis dan de termijn")
    phase_form.get_by_role("button", name="Fase wijzigen").click()
    act.wait_for_url(re.compile(r".*#fase"))
    watch.wait_for_function(
        "before => document.querySelector('#fase dd').innerText !== before", arg=phase_before
    )
    watch.locator("#regievoorstel").wait_for(timeout=10000)
    assert summary_phase.inner_text() != summary_before
    # Phase 3 asks the SWV to take regie: the proposal and the summary say so.
    watch.locator("#regievoorstel", has_text="Regie gevraagd aan").wait_for(timeout=10000)
    assert "Gevraagd aan" in watch.locator(".case-summary").inner_text()
    # The form the watcher opened and typed in is still open, as typed.
    expect(watch.locator("form[action$='/fase']").get_by_label("Reden")).to_be_visible()
    assert watch.locator("form[action$='/fase']").get_by_label("Reden").input_value() == (
        "Half getypt"
    )

    # 3. A participant, while the watcher looks at that tab.
    tab(watch, "Betrokkenen & toestemming")
    tab(act, "Betrokkenen & toestemming")
    act.locator("summary", has_text="Organisatie betrekken").click()
    add = act.locator("form[action$='/betrokkenen']")
    choice = add.get_by_label("Organisatie").locator("option").nth(1)
    org_name = choice.inner_text().strip()
    add.get_by_label("Organisatie").select_option(choice.get_attribute("value"))
    add.get_by_label("Grondslag voor delen").select_option("wettelijke-grondslag")
    add.get_by_role("button", name="Organisatie betrekken").click()
    act.wait_for_url(re.compile(r".*#betrokkenen"))
    # As with the agreement: the tab put #betrokkenen in the address already.
    expect(act.get_by_text("De organisatie is betrokken bij de casus.", exact=True)).to_be_visible()
    watch.locator("#betrokkenen").get_by_text(org_name).first.wait_for(timeout=10000)

    # 4. Closing, with every open agreement settled.
    tab(act, "Overzicht")
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
    watch.locator("[data-case-part=kop]").get_by_text("Gesloten").first.wait_for(timeout=10000)
    assert watch.get_by_role("tab", selected=True).inner_text() == "Betrokkenen & toestemming"
    tab(watch, "Overzicht")
    watch.locator("#sluiten").get_by_text("Gesloten op").wait_for()

    # The watcher never reloaded; what they typed is still there.
    assert watch.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert watch.get_by_label("Nieuwe notitie").input_value() == typed
    # The case is closed: the form cannot be sent, the text stays.
    kept = watch.locator("form[action$='/fase'] textarea[name=reason]")
    assert kept.input_value() == "Half getypt"
    assert watch.locator("form[action$='/fase'] button[type=submit]").is_disabled()
    assert school.axe() == []
