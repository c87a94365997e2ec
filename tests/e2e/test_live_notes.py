"""Live case log in two browsers: a note typed by the school appears for leerplicht."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


def shared_case(person, live_server, school_account) -> int:
    """A case the school participates in (its own pupil, open) that is verzuim: leerplicht
    of the pupil's gemeente supervises it (a sick pupil's case is no leerplicht task)."""
    school = person(school_account)
    school.goto("/casussen?status=open&kind=relatief&mine=&sort=id")
    href = school.page.locator("table.case-table tbody th[scope=row] a").first.get_attribute("href")
    school.close()
    return int(re.search(r"/casussen/(\d+)", href).group(1))


def test_note_appears_live_and_scripts_stay_text(person, live_server):
    school_account = live_server.accounts["zorgco.lingeborgh"]
    case_id = shared_case(person, live_server, school_account)
    school, lpa, outsider = person(school_account), None, None
    school.goto(f"/casussen/{case_id}#chronologie")
    # Leerplicht of the pupil's municipality: find the account through the case page.
    for name, account in live_server.accounts.items():
        if name.startswith("lpa."):
            probe = person(account)
            if probe.goto(f"/casussen/{case_id}#chronologie").status == 200:
                lpa = probe
                break
            probe.console_errors.clear()
    assert lpa is not None, "geen leerplichtaccount ziet deze casus"
    outsider = person(live_server.accounts["ib.maaswiel"])
    assert outsider.goto(f"/casussen/{case_id}").status == 404
    outsider.console_errors.clear()
    outsider.goto("/casussen")

    # Both pages are live (joined) before the school types.
    for p in (school, lpa):
        p.page.wait_for_function(
            "() => document.getElementById('presence') &&"
            " !document.getElementById('presence').hidden"
        )
    before = lpa.page.locator("#notes > li").count()
    text = 'Moeder gebeld <script>window.pwned=1</script> <img src=x onerror="window.pwned=2">'
    school.page.get_by_label("Nieuwe notitie").fill(text)
    school.page.get_by_role("button", name="Plaatsen").click()
    school.page.get_by_text("Geplaatst.").wait_for()
    assert school.page.get_by_label("Nieuwe notitie").input_value() == ""

    newest = lpa.page.locator("#notes > li").first
    newest.get_by_text("Moeder gebeld").wait_for(timeout=5000)
    assert lpa.page.locator("#notes > li").count() == before + 1
    assert "<script>window.pwned=1</script>" in newest.inner_text()
    assert lpa.page.evaluate("() => window.pwned") is None
    assert lpa.page.locator("#notes img").count() == 0
    # No reload happened on the reader's side.
    assert lpa.page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert "Moeder gebeld" not in outsider.page.content()


def test_text_is_kept_when_sending_fails(person, live_server):
    school_account = live_server.accounts["zorgco.lingeborgh"]
    case_id = shared_case(person, live_server, school_account)
    school = person(school_account)
    school.goto(f"/casussen/{case_id}#chronologie")
    school.page.wait_for_function("() => !document.getElementById('presence').hidden")
    school.page.get_by_label("Zichtbaar voor").select_option("organisatie")
    school.page.get_by_label("Nieuwe notitie").fill("@ib.maaswiel graag meekijken")
    school.page.get_by_role("button", name="Plaatsen").click()
    status = school.page.locator("#note-status")
    status.get_by_text("probeer het opnieuw").wait_for()
    assert "kan deze notitie niet lezen" in status.inner_text() or "geen" in status.inner_text()
    assert (
        school.page.get_by_label("Nieuwe notitie").input_value() == "@ib.maaswiel graag meekijken"
    )
