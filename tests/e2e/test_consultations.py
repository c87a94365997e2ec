"""Consultatie en advies in two browsers: the school asks leerplicht, both talk live."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


def open_consultation(school) -> int:
    """Fill in the new-consultation form as the school; returns the new id."""
    school.goto("/consultaties")
    school.page.get_by_role("link", name="Nieuwe consultatie").first.click()
    school.page.get_by_label("Advies vragen aan").select_option(
        label="Team Leerplicht Rivierenland"
    )
    school.page.get_by_label("Korte beschrijving van de situatie").fill(
        "Leerling van 14 meldt zich sinds de herfstvakantie vaak ziek; wat kunnen wij doen?"
    )
    school.page.get_by_label("Leeftijd in jaren").fill("14")
    school.page.get_by_label("Onderwijstype").select_option("vo")
    school.page.get_by_role("button", name="Consultatie openen").click()
    school.page.wait_for_url(re.compile(r".*/consultaties/\d+$"))
    return int(school.page.url.rsplit("/", 1)[1])


def wait_live(p) -> None:
    p.page.wait_for_function("() => document.getElementById('gesprek').dataset.live === 'true'")


def test_message_appears_live_for_the_other_organisation(person, live_server):
    school = person(live_server.accounts["zorgco.lingeborgh"])
    consultation_id = open_consultation(school)
    assert "Let op: noem geen namen" in school.page.content()
    lpa = person(live_server.accounts["lpa.westbetuwe"])
    lpa.goto(f"/consultaties/{consultation_id}")
    outsider = person(live_server.accounts["ib.maaswiel"])
    assert outsider.goto(f"/consultaties/{consultation_id}").status == 404
    outsider.console_errors.clear()
    for p in (school, lpa):
        wait_live(p)

    text = "Ouders zijn bezorgd <script>window.pwned=1</script> **graag** uw advies"
    school.page.get_by_label("Nieuw bericht").fill(text)
    school.page.get_by_role("button", name="Versturen").click()
    school.page.locator("#message-status").get_by_text("Verstuurd.").wait_for()
    assert school.page.get_by_label("Nieuw bericht").input_value() == ""

    arrived = lpa.page.locator("#messages > li").last
    arrived.get_by_text("Ouders zijn bezorgd").wait_for(timeout=5000)
    assert "<script>window.pwned=1</script>" in arrived.inner_text()
    assert arrived.locator("strong", has_text="graag").count() == 1
    assert lpa.page.evaluate("() => window.pwned") is None
    assert lpa.page.evaluate("() => performance.getEntriesByType('navigation').length") == 1

    lpa.page.get_by_label("Nieuw bericht").fill("Nodig ouders uit voor een gesprek op school.")
    lpa.page.get_by_role("button", name="Versturen").click()
    school.page.locator("#messages > li").last.get_by_text(
        "Nodig ouders uit voor een gesprek"
    ).wait_for(timeout=5000)
    assert school.page.locator("#messages > li").count() == 2
    assert school.page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert school.axe() == []


def test_text_is_kept_when_sending_fails(person, live_server):
    school = person(live_server.accounts["zorgco.lingeborgh"])
    consultation_id = open_consultation(school)
    school.goto(f"/consultaties/{consultation_id}")
    wait_live(school)
    too_long = "x" * 20001  # the textarea stops typing at 20000; a script could still send
    school.page.evaluate(
        "(text) => { document.getElementById('bericht-body').value = text }", too_long
    )
    school.page.get_by_role("button", name="Versturen").click()
    status = school.page.locator("#message-status")
    status.get_by_text("probeer het opnieuw").wait_for()
    assert "hoogstens 20000 tekens" in status.inner_text()
    assert school.page.get_by_label("Nieuw bericht").input_value() == too_long
    assert school.page.locator("#messages > li").count() == 0


def test_a_page_that_was_not_live_catches_up(person, live_server):
    """Messages written while a page was not yet (or no longer) joined are fetched from
    GET /api/v1/consultations/<id>/messages?after_id=… when it (re)joins; a catch-up that
    gets no answer is tried again until it does (static/js/dom.js, fetchAfter)."""
    school = person(live_server.accounts["zorgco.lingeborgh"])
    consultation_id = open_consultation(school)
    wait_live(school)
    lpa = person(live_server.accounts["teammanager.leerplicht"])
    held = []
    lpa.page.route("**/static/js/consultation.js", lambda route: held.append(route))
    catch_ups = []

    def first_fails(route):
        catch_ups.append(route.request.url)
        if len(catch_ups) == 1:
            route.fulfill(status=503, body="druk")
        else:
            route.continue_()

    lpa.page.route("**/messages?after_id=*", first_fails)
    lpa.page.goto(f"{live_server.url}/consultaties/{consultation_id}", wait_until="commit")
    lpa.page.wait_for_function("() => document.getElementById('no-messages') !== null")
    while not held:
        lpa.page.wait_for_timeout(50)
    # The leerplicht page is rendered without messages and not joined: now the school writes.
    school.page.get_by_label("Nieuw bericht").fill("Geschreven terwijl u weg was")
    school.page.get_by_role("button", name="Versturen").click()
    school.page.locator("#message-status").get_by_text("Verstuurd.").wait_for()
    held[0].continue_()
    lpa.page.locator("#messages > li").get_by_text("Geschreven terwijl u weg was").wait_for(
        timeout=5000
    )
    assert lpa.page.locator("#no-messages").count() == 0
    assert lpa.page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert len(catch_ups) == 2  # the failed one, and the one that brought the message
    assert all("503" in e for e in lpa.console_errors)  # the browser's note of the failure
    lpa.console_errors.clear()


def test_a_refused_catch_up_is_not_tried_again(person, live_server):
    """A catch-up the server refuses (4xx but 408 and 429: logged out, no longer allowed,
    gone) is not asked again: retrying cannot help and would knock every 1, 2, 4 … 30 s
    for as long as the page is open (static/js/dom.js, fetchAfter). The retries of a 503
    come after 1 and 3 s; none comes in 4."""
    school = person(live_server.accounts["zorgco.lingeborgh"])
    consultation_id = open_consultation(school)
    lpa = person(live_server.accounts["teammanager.leerplicht"])
    catch_ups = []

    def refuse(route):
        catch_ups.append(route.request.url)
        route.fulfill(status=404, content_type="application/json", body='{"message": "weg"}')

    lpa.page.route("**/messages?after_id=*", refuse)
    lpa.goto(f"/consultaties/{consultation_id}")
    wait_live(lpa)
    while not catch_ups:
        lpa.page.wait_for_timeout(50)
    lpa.page.wait_for_timeout(4000)
    assert len(catch_ups) == 1, catch_ups
    assert all("404" in e for e in lpa.console_errors)  # the browser's note of it
    lpa.console_errors.clear()
