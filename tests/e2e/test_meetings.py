"""A chair plans a thuiszitterstafel in the browser, fills the agenda and publishes it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, select, update

from tests.e2e.conftest import later
from thuiszittertafel.meetings.models import Meeting

pytestmark = pytest.mark.e2e


def plan(chair, title: str, starts_at: str, attendee_org: str) -> None:
    """The chair plans a thuiszitterstafel with the first person of one organisation;
    `starts_at` as later() gives it, typed as the Dutch date field takes it."""
    day, at = starts_at.split("T")
    chair.goto("/overleggen")
    chair.page.get_by_label("Soort").select_option("thuiszitterstafel")
    chair.page.get_by_label("Titel").fill(title)
    chair.page.get_by_label("Datum").fill("-".join(reversed(day.split("-"))))
    chair.page.get_by_label("Begintijd").fill(at)
    attendees = chair.page.get_by_label("Deelnemers")
    guest = attendees.locator("option", has_text=f"({attendee_org})").first
    attendees.select_option(value=guest.get_attribute("value"))
    chair.page.get_by_role("button", name="Overleg plannen").click()
    chair.page.wait_for_url(re.compile(r"/overleggen/\d+$"))


def held(live_server, meeting_path: str) -> None:
    """The meeting started an hour ago (the server runs on the real clock): from now on
    its minutes may be made final."""
    engine = create_engine(live_server.env["THUISZITTERTAFEL_DATABASE_URL"])
    with engine.begin() as db:
        db.execute(
            update(Meeting)
            .where(Meeting.id == int(meeting_path.rsplit("/", 1)[1]))
            .values(starts_at=datetime.now(UTC) - timedelta(hours=1))
        )
    engine.dispose()


def test_chair_plans_builds_agenda_and_publishes(person, live_server):
    chair = person(live_server.accounts["swv.coordinator"])
    plan(chair, "Thuiszitterstafel januari", later(45, "14:00"), "Team Leerplicht Rivierenland")
    assert chair.axe() == []
    proposals = chair.page.locator(".proposals li")
    assert proposals.count() > 0
    proposals.first.get_by_role("button", name="Op de agenda").click()
    chair.page.get_by_text("De casus staat op de agenda.").wait_for()
    chair.page.get_by_role("button", name="Agenda publiceren").click()
    chair.page.get_by_text("De agenda is gepubliceerd.").wait_for()
    assert chair.page.locator(".agenda__item").count() == 1
    assert chair.axe() == []


def test_attendee_screen_follows_the_chair_live(person, live_server):
    """Two browsers: the chair runs the meeting, the attendee's screen follows without
    reloading, keeps what the attendee types, and loses the case once the minutes are final."""
    chair = person(live_server.accounts["swv.coordinator"])
    plan(chair, "Thuiszitterstafel live", later(73, "14:00"), "Gemeente Buren")
    meeting_path = chair.page.url.removeprefix(live_server.url)

    attendee = person(live_server.accounts["gemeente.buren"])
    case_ids = []
    for n in (1, 2):  # two cases the attendee cannot open on their own
        for proposal in chair.page.locator(".proposals li").all():
            case_id = proposal.locator("a").get_attribute("href").rsplit("/", 1)[1]
            if attendee.goto(f"/casussen/{case_id}").status == 404:
                break
        case_ids.append(case_id)
        proposal.get_by_role("button", name="Op de agenda").click()
        # The page before the second post shows the message too: wait for the next page.
        expect(chair.page.locator(".agenda__item")).to_have_count(n)
        chair.page.get_by_text("De casus staat op de agenda.").wait_for()
    attendee.console_errors.clear()  # the intended 404s above
    chair.page.get_by_role("button", name="Agenda publiceren").click()
    chair.page.get_by_text("De agenda is gepubliceerd.").wait_for()

    attendee.goto(meeting_path)
    items = attendee.page.locator(".agenda__item")
    assert items.count() == 2
    assert attendee.goto(f"/casussen/{case_ids[0]}").status == 200  # meeting access
    assert attendee.page.locator("#leerling dt").first.inner_text() == "Initialen"
    attendee.goto(meeting_path)
    attendee.page.locator("#meeting-live").wait_for()
    draft = attendee.page.get_by_label("Notitie bij dit punt").first
    draft.fill("Gemeente kan vervoer regelen")  # typed, not yet sent

    # The chair opens the second item; the attendee's screen follows without a reload.
    chair.page.locator(".agenda__item").nth(1).get_by_role(
        "button", name="Dit punt bespreken"
    ).click()
    current = attendee.page.locator(".agenda__item--current")
    current.wait_for()
    assert current.get_attribute("data-item-id") == items.nth(1).get_attribute("data-item-id")
    assert re.search(r"Aan de orde: \d+:\d\d", current.locator(".agenda__timer").inner_text())
    assert draft.input_value() == "Gemeente kan vervoer regelen"
    # The chair's own answer may come after the attendee's screen followed.
    expect(chair.page.locator("#meeting-live-status")).to_contain_text(
        "aan de orde", ignore_case=True, use_inner_text=True
    )

    # The attendee sends the note; the chair sees it without reloading, and the chair's
    # keyboard focus stays where it was while the agenda is refreshed.
    chair.page.locator(".agenda__item").first.get_by_role(
        "button", name="Dit punt bespreken"
    ).focus()
    attendee.page.locator(".agenda__item").first.get_by_role(
        "button", name="Notitie plaatsen"
    ).click()
    chair.page.locator(".agenda__notes li", has_text="Gemeente kan vervoer regelen").wait_for()
    expect(draft).to_have_value("")  # emptied when the attendee's own answer is in
    assert chair.page.evaluate("document.activeElement.textContent.trim()") == "Dit punt bespreken"

    # The chair moves the first item down with the keyboard; the focus is not lost.
    first_id = chair.page.locator(".agenda__item").first.get_attribute("data-item-id")
    chair.page.locator(".agenda__item").first.get_by_role(
        "button", name=re.compile("^Omlaag")
    ).focus()
    chair.page.keyboard.press("Enter")
    for screen in (chair, attendee):
        expect(screen.page.locator(".agenda__item").first).not_to_have_attribute(
            "data-item-id", first_id
        )
    assert chair.page.evaluate("document.activeElement !== document.body")
    chair.page.keyboard.press("Shift+Tab")  # still somewhere sensible in the agenda
    assert chair.page.evaluate("!!document.activeElement.closest('#meeting-live')")
    # Back to the original order for what follows.
    chair.page.locator(f"#punt-{first_id}").get_by_role(
        "button", name=re.compile("^Omhoog")
    ).click()
    expect(chair.page.locator(".agenda__item").first).to_have_attribute("data-item-id", first_id)

    # A decision without a term is refused with a clear message; the text stays.
    second = chair.page.locator(".agenda__item").nth(1)
    second.locator("summary", has_text="Besluit vastleggen").click()
    second.get_by_label("Besluit", exact=True).fill("School zoekt een plek met zorg")
    second.get_by_label("Wat").first.fill("Passende plek zoeken")
    owner = second.get_by_label("Wie (organisatie)").first
    owner.select_option(index=1)
    second.get_by_role("button", name="Besluit vastleggen").click()
    second.locator(".form-status li").first.wait_for()
    decision_status = second.locator("details", has_text="Besluit vastleggen").locator(
        ".form-status"
    )
    assert "termijn" in decision_status.inner_text().lower()
    assert all("400" in e for e in chair.console_errors)  # the refused post itself
    chair.console_errors.clear()
    assert (
        second.get_by_label("Besluit", exact=True).input_value() == "School zoekt een plek met zorg"
    )
    second.get_by_label("Termijn").first.fill("-".join(reversed(later(92).split("-"))))
    second.get_by_role("button", name="Besluit vastleggen").click()
    attendee.page.locator(".agenda__item").nth(1).locator(
        ".agenda__decisions li", has_text="School zoekt een plek met zorg"
    ).wait_for()
    # The chair's screen follows after its own answer: check it once it is there.
    second.locator(".agenda__decisions li", has_text="School zoekt een plek met zorg").wait_for()
    assert chair.axe() == [] and attendee.axe() == []

    # Finalising before the meeting's start is refused in Dutch; nothing changes.
    chair.page.get_by_role("button", name="Verslag definitief maken").click()
    chair.page.get_by_text("het verslag definitief maken kan pas vanaf het begin").wait_for()
    assert all("409" in e for e in chair.console_errors)  # the refused post itself
    chair.console_errors.clear()
    assert attendee.page.locator(".agenda__item").count() == 2

    # Once it has started: a confirmation page first, then the attendee's screen shows the
    # end, and the case is closed to them.
    held(live_server, meeting_path)
    chair.goto(meeting_path)
    chair.page.get_by_role("button", name="Verslag definitief maken").click()
    chair.page.get_by_role("heading", name="Verslag definitief maken?").wait_for()
    assert chair.axe() == []
    chair.page.get_by_role("button", name="Ja, verslag definitief maken").click()
    chair.page.get_by_text("Het verslag is definitief").wait_for()
    attendee.page.get_by_text("Het overleg is afgerond.").wait_for()
    assert attendee.goto(f"/casussen/{case_ids[0]}").status == 404
    assert all("404" in e for e in attendee.console_errors)
    attendee.console_errors.clear()
    attendee.goto(f"{meeting_path}/verslag")
    minutes = attendee.page.locator("main").inner_text()
    assert "School zoekt een plek met zorg" in minutes
    assert "Gemeente kan vervoer regelen" in minutes
    assert attendee.axe() == []


def _version(live_server, meeting_path: str) -> str:
    engine = create_engine(live_server.env["THUISZITTERTAFEL_DATABASE_URL"])
    with engine.connect() as db:
        version = db.scalar(
            select(Meeting.version).where(Meeting.id == int(meeting_path.rsplit("/", 1)[1]))
        )
    engine.dispose()
    return str(version)


def test_a_live_screen_follows_the_version_and_an_older_one_is_refused(person, live_server):
    """The chair has the meeting open three times: a live tab, a second live tab that
    reorders the agenda, and a browser without scripts showing the older agenda. The live
    tab's forms follow the new version; publishing from the older screen is refused with
    what changed and nothing happens; the refused page shows the new state, and from it
    publishing goes through."""
    chair = person(live_server.accounts["swv.coordinator"])
    plan(chair, "Thuiszitterstafel versies", later(52, "14:00"), "Team Leerplicht Rivierenland")
    meeting_path = chair.page.url.removeprefix(live_server.url)
    for n in (1, 2):
        chair.page.locator(".proposals li").first.get_by_role("button", name="Op de agenda").click()
        # The page before the second post shows the message too: wait for the next page.
        expect(chair.page.locator(".agenda__item")).to_have_count(n)
        chair.page.get_by_text("De casus staat op de agenda.").wait_for()
    plain = person(live_server.accounts["swv.coordinator"], javascript=False)
    plain.goto(meeting_path)
    shown = _version(live_server, meeting_path)
    publish_version = "form[action$='/publiceren'] input[name=version]"
    expect(plain.page.locator(publish_version)).to_have_value(shown)

    other = chair.context.new_page()
    other.goto(live_server.url + meeting_path)
    other.get_by_role("button", name=re.compile("^Omlaag")).first.click()
    other.get_by_text("De volgorde van de agenda is aangepast.").wait_for()
    moved = _version(live_server, meeting_path)
    assert int(moved) > int(shown)
    expect(chair.page.locator(publish_version)).to_have_value(moved)  # followed, no reload
    expect(chair.page.locator(".agenda input[name=version]").first).to_have_value(moved)

    plain.page.get_by_role("button", name="Agenda publiceren").click()
    expect(plain.page.get_by_text("Dit is niet gelukt; er is niets veranderd")).to_be_visible()
    expect(plain.page.get_by_text(re.compile("Sinds uw versie gewijzigd: agenda"))).to_be_visible()
    assert _version(live_server, meeting_path) == moved  # not published
    plain.console_errors.clear()  # the intended 409 of the refused page
    live_tabs = (chair.page, other)
    for tab in live_tabs:
        tab.evaluate("window.beforePublishing = true")
    plain.page.get_by_role("button", name="Agenda publiceren").click()
    plain.page.get_by_text("De agenda is gepubliceerd.").wait_for()
    # Both live tabs reload on the new status. Closing a tab while its reload commits can
    # hang Chromium for good (microsoft/playwright#42068): close only once it has reloaded.
    for tab in live_tabs:
        tab.wait_for_function("() => window.beforePublishing === undefined")
        tab.wait_for_load_state("load")
    other.close()
