"""The private calendar feed (/agenda/<token>.ics): parsed by `icalendar`, a real parser;
one user's items only, no pupil name or initials, revocable, its address in /api/v1/me."""

from __future__ import annotations

import re

from icalendar import Calendar
from sqlalchemy import select

from thuiszittertafel import clock
from thuiszittertafel.agreements.services import create_agreement
from thuiszittertafel.cases.queries import get_case
from thuiszittertafel.meetings.models import CalendarFeed

FEED = re.compile(r"http://localhost/agenda/([0-9a-f]{64})\.ics")


def own_agreement(session, world, case):
    """An agreement leerplicht's worker is responsible for; its text names the pupil."""
    _, access = get_case(session, world.lpa, case.id)
    made = create_agreement(
        session,
        world.lpa,
        case,
        access,
        {
            "description": "Huisbezoek bij Maxime de Vries",
            "owner_org_id": world.leerplicht.id,
            "owner_user_id": world.lpa.id,
            "due_at": "2026-12-04",
        },
        now=clock.now(),
    )
    session.commit()
    return made


def feed_url(browser_, api_, user) -> str:
    """Make the user's feed on the meetings page; the address as /api/v1/me gives it."""
    made = browser_(user).post("/overleggen/agenda-feed", follow_redirects=True)
    assert made.status_code == 200
    url = api_(user).get("/api/v1/me").get_json()["calendar_url"]
    assert FEED.fullmatch(url), url
    assert url in made.get_data(as_text=True)  # shown on the page too
    return url


def events(response) -> dict[str, dict]:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    found = {}
    for event in cal.walk("VEVENT"):
        assert event["UID"] and event.get("DTSTAMP") is not None
        assert event.decoded("DTSTART").tzinfo is not None  # a moment, not a floating time
        found[str(event["UID"])] = event
    return found


def test_feed_has_my_meetings_and_terms_without_pupil_names(
    session, world, browser, api, published, case, other_case
):
    agreement = own_agreement(session, world, case)
    assert api(world.lpa).get("/api/v1/me").get_json()["calendar_url"] is None
    url = feed_url(browser, api, world.lpa)
    anonymous = browser()
    response = anonymous.get(url.removeprefix("http://localhost"))
    mine = events(response)
    meeting = mine[f"overleg-{published.id}@localhost"]
    assert str(meeting["SUMMARY"]) == "Thuiszitterstafel december — wo 2 december 2026"
    assert meeting.decoded("DTSTART") == published.starts_at
    term = mine[f"afspraak-{agreement.id}@localhost"]
    assert str(term["SUMMARY"]) == f"Afspraak casus {case.id}: termijn"
    assert term.decoded("DTSTART") == agreement.due_at
    text = response.get_data(as_text=True)
    for pupil in (case.pupil, other_case.pupil):
        for part in (pupil.given_name, pupil.family_name, pupil.initials):
            assert part not in text, part
    assert "Huisbezoek" not in text  # the agreement's own text may name the pupil

    # Another user's address shows that user's items only.
    theirs = events(
        anonymous.get(
            feed_url(browser, api, world.wijkteam_worker).removeprefix("http://localhost")
        )
    )
    assert set(theirs) == {f"overleg-{published.id}@localhost"}
    # Each fetch is audited under the audit key: the chain stays whole.
    from thuiszittertafel.audit.services import verify

    settings = anonymous.client.application.config["SETTINGS"]
    assert verify(session, settings.audit_key, settings.secret_key) == []


def test_feed_is_revocable_and_renewable(session, world, browser, api, published):
    first = feed_url(browser, api, world.lpa).removeprefix("http://localhost")
    stored = session.scalar(select(CalendarFeed))
    assert first.split("/")[-1].removesuffix(".ics") not in (stored.token_hash, stored.salt)
    second = feed_url(browser, api, world.lpa).removeprefix("http://localhost")
    assert second != first
    anonymous = browser()
    assert anonymous.get(first).status_code == 404  # renewing ends the old address
    assert anonymous.get(second).status_code == 200
    revoked = browser(world.lpa).post("/overleggen/agenda-feed/intrekken", follow_redirects=True)
    assert "ingetrokken" in revoked.get_data(as_text=True)
    assert anonymous.get(second).status_code == 404
    assert api(world.lpa).get("/api/v1/me").get_json()["calendar_url"] is None
    again = browser(world.lpa).post("/overleggen/agenda-feed/intrekken", follow_redirects=True)
    assert "U had geen agenda-adres" in again.get_data(as_text=True)
    assert anonymous.get("/agenda/" + "0" * 64 + ".ics").status_code == 404
    assert anonymous.get("/agenda/x.ics").status_code == 404
    # Making or revoking a feed needs a login (and the form's CSRF token in the app).
    assert anonymous.post("/overleggen/agenda-feed").status_code in (302, 400)
    assert session.scalar(select(CalendarFeed)) is None


def test_a_deactivated_users_feed_answers_nothing(session, world, browser, api, published):
    url = feed_url(browser, api, world.wijkteam_worker).removeprefix("http://localhost")
    world.wijkteam_worker.active = False
    session.commit()
    assert browser().get(url).status_code == 404
