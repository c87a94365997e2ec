"""Running the table in two browsers: the chair reorders by drag and drop and by keyboard,
moves to the next item and skips one; the attendee's screen follows each change without
reloading. The chair's agenda links to the cases; the attendee's does not."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import later
from tests.e2e.test_meetings import plan

pytestmark = pytest.mark.e2e


def order(screen) -> list[str]:
    """The agenda's item ids as the screen shows them now (read at once)."""
    return screen.page.evaluate(
        "[...document.querySelectorAll('#agenda-items .agenda > .agenda__item')]"
        ".map((li) => li.dataset.itemId)"
    )


def drag(screen, source: str, target: str) -> None:
    """Drag with the mouse, in small steps as a hand does, onto the top of `target`."""
    page = screen.page
    page.set_viewport_size({"width": 1280, "height": 3000})  # the whole agenda in view
    page.locator(target).scroll_into_view_if_needed()
    start, goal = page.locator(source).bounding_box(), page.locator(target).bounding_box()
    page.mouse.move(start["x"] + 5, start["y"] + 5)
    page.mouse.down()
    page.mouse.move(start["x"] - 20, start["y"] - 20, steps=5)
    page.mouse.move(goal["x"] + 30, goal["y"] + 8, steps=10)
    page.mouse.up()
    page.set_viewport_size({"width": 1280, "height": 900})


def test_reorder_next_item_and_skip_live_on_two_screens(person, live_server):
    chair = person(live_server.accounts["swv.coordinator"])
    plan(chair, "Thuiszitterstafel volgorde", later(80, "09:30"), "Gemeente Buren")
    meeting_path = chair.page.url.removeprefix(live_server.url)
    heading = chair.page.get_by_role("heading", level=1).inner_text()
    assert heading.startswith("Thuiszitterstafel volgorde — ")  # the date is in the title
    for n in (1, 2, 3):
        chair.page.locator(".proposals li").first.get_by_role("button", name="Op de agenda").click()
        # From the second on, the page before the post shows the message too: wait for the
        # page with one more item on the agenda.
        expect(chair.page.locator(".agenda__item")).to_have_count(n)
        chair.page.get_by_text("De casus staat op de agenda.").wait_for()
    chair.page.get_by_role("button", name="Agenda publiceren").click()
    chair.page.get_by_text("De agenda is gepubliceerd.").wait_for()

    attendee = person(live_server.accounts["gemeente.buren"])
    attendee.goto(meeting_path)
    attendee.page.locator("#meeting-live").wait_for()
    attendee.page.evaluate("window.sameDocument = true")  # gone after any reload
    first, second, third = order(chair)
    assert order(attendee) == [first, second, third]
    expect(attendee.page.locator(".agenda__handle")).to_have_count(0)  # the chair's only
    assert attendee.page.locator("#agenda-items a[href^='/casussen/']").count() == 0
    expect(chair.page.locator("#agenda-items a[href^='/casussen/']")).to_have_count(3)

    # Drag the last item to the top: both screens show the new order.
    drag(chair, f"#punt-{third} .agenda__handle", f"#punt-{first}")
    for screen in (chair, attendee):
        expect(
            screen.page.locator("#agenda-items .agenda > .agenda__item").first
        ).to_have_attribute("data-item-id", third)
    assert order(attendee) == [third, first, second]

    # The keyboard: "Omhoog" on the last item, no reload on either screen.
    chair.page.locator(f"#punt-{second}").get_by_role("button", name="Omhoog").focus()
    chair.page.keyboard.press("Enter")
    for screen in (chair, attendee):
        expect(
            screen.page.locator("#agenda-items .agenda > .agenda__item").nth(1)
        ).to_have_attribute("data-item-id", second)
    assert order(chair) == order(attendee) == [third, second, first]
    assert chair.page.evaluate("document.activeElement !== document.body")

    # "Volgende punt" opens the first item, then skips one marked not discussed.
    chair.page.locator(f"#punt-{second}").locator("summary", has_text="Niet besproken").click()
    chair.page.locator(f"#punt-{second}").get_by_label("Waarom niet besproken").fill(
        "Ouders konden niet"
    )
    chair.page.locator(f"#punt-{second}").get_by_role("button", name="Niet besproken").click()
    attendee.page.locator(
        f"#punt-{second}", has_text="Niet besproken: Ouders konden niet"
    ).wait_for()
    next_item = chair.page.get_by_role("button", name="Volgende punt")
    # Each move reaches both screens before the next click: the chair's own live update
    # of a move, arriving after a refused next one, would say "Nu aan de orde" over the
    # refusal (a flake of the year-ahead CI pass, 04-12-2026).
    for expected in (third, first):
        next_item.click()
        for screen in (chair, attendee):
            expect(screen.page.locator(".agenda__item--current")).to_have_attribute(
                "data-item-id", expected
            )
            expect(screen.page.locator("#meeting-live-status")).to_contain_text("Nu aan de orde")
    next_item.click()
    expect(chair.page.locator("#meeting-live-status")).to_contain_text("laatste agendapunt")
    assert all("400" in e for e in chair.console_errors)  # the refused "next" itself
    chair.console_errors.clear()
    assert attendee.page.evaluate("window.sameDocument === true")

    # Presence, recorded by the chair (a plain form), shown to everyone.
    presence = chair.page.locator("fieldset", has_text="Wie is aanwezig?")
    presence.get_by_role("checkbox").first.check()
    chair.page.get_by_role("button", name="Aanwezigheid vastleggen").click()
    chair.page.get_by_text("De aanwezigheid is vastgelegd.").wait_for()
    assert chair.axe() == [] and attendee.axe() == []


def test_calendar_address_on_the_meetings_page(person, live_server):
    """A user makes their calendar address; any calendar client (no login) reads it."""
    user = person(live_server.accounts["swv.coordinator"])
    user.goto("/overleggen")
    user.page.get_by_role("button", name="Agenda-adres maken").click()
    address = user.page.get_by_label("Uw agenda-adres")
    url = address.input_value()
    assert url.startswith(live_server.url + "/agenda/") and url.endswith(".ics")
    assert user.axe() == []
    outside = person()  # not logged in, as Outlook or Google Calendar would be
    feed = outside.page.request.get(url)
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in feed.text()
    user.page.get_by_role("button", name="Adres intrekken").click()
    user.page.get_by_text("Uw agenda-adres is ingetrokken").wait_for()
    assert outside.page.request.get(url).status == 404
