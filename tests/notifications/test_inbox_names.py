"""Issue 14: Berichten and the start page's mentions name the pupil as the reader may see
the case now — the name with full access, initials under meeting access, nothing once the
case is hidden — decided at render time; the stored texts keep initials only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from thuiszittertafel import clock
from thuiszittertafel.meetings import services as meetings
from thuiszittertafel.meetings.models import Meeting
from thuiszittertafel.notifications.models import Notification


@pytest.fixture
def on_agenda(session, world, make_case):
    """Noah Bakker's case on a published meeting the gemeente worker attends (meeting
    access only); leerplicht serves Zaltbommel (full access)."""
    case = make_case(world.teacher, given_name="Noah", family_name="Bakker")
    (meeting,) = meetings.create_meeting(
        session,
        world.swv_coordinator,
        {
            "kind": "thuiszitterstafel",
            "title": "Thuiszitterstafel december",
            "starts_at": "2026-12-02T14:00",
            "attendee_user_ids": [world.gemeente_worker.id],
        },
        now=clock.now(),
    )
    meetings.add_item(
        session, world.swv_coordinator, meeting, {"case_id": case.id}, now=clock.now()
    )
    meetings.publish(session, world.swv_coordinator, meeting, now=clock.now())
    session.commit()
    return case


def notice(session, user, case, n: int = 0) -> Notification:
    """A mention as the writers store it: case number and initials, never the name."""
    stored = Notification(
        key=f"mention:names:{user.id}:{n}",
        user_id=user.id,
        kind="mention",
        case_id=case.id,
        text=f"Iemand noemde u in casus {case.id} ({case.pupil.initials}).",
        created_at=clock.now(),
    )
    session.add(stored)
    session.commit()
    return stored


def pupil_links(html: str) -> list[str]:
    return re.findall(r"data-pupil>([^<]*)</a>", html)


@pytest.mark.parametrize("page", ["/berichten", "/"])
def test_full_access_names_the_pupil_meeting_access_gives_initials(
    browser, world, session, on_agenda, page
):
    case = on_agenda
    for user in (world.lpa, world.gemeente_worker):
        notice(session, user, case)

    lpa = browser(world.lpa).get(page).get_data(as_text=True)
    assert pupil_links(lpa) == [f"Noah Bakker (casus {case.id})"]
    gemeente = browser(world.gemeente_worker).get(page).get_data(as_text=True)
    assert pupil_links(gemeente) == [f"N.B. (casus {case.id})"]
    assert "Noah" not in gemeente and "Bakker" not in gemeente
    # The stored text is unchanged: initials only.
    texts = {n.text for n in session.query(Notification).filter_by(case_id=case.id)}
    assert all("Noah" not in t and "N.B." in t for t in texts)


@pytest.mark.parametrize("page", ["/berichten", "/"])
def test_a_case_no_longer_visible_is_named_nowhere(browser, world, session, on_agenda, page):
    case = on_agenda
    notice(session, world.far_worker, case)  # never saw it
    notice(session, world.gemeente_worker, case)
    # The meeting's minutes are final: the gemeente's meeting access has ended.
    session.execute(update(Meeting).values(status="final"))
    session.commit()
    for user in (world.far_worker, world.gemeente_worker):
        html = browser(user).get(page).get_data(as_text=True)
        assert pupil_links(html) == [], user.username
        for hidden in ("Noah", "N.B.", f"casus {case.id}"):
            assert hidden not in html, (user.username, hidden)


def badge(html: str) -> str:
    return re.search(r'id="unread-badge"[^>]*>([^<]*)<', html).group(1)


def test_the_badge_counts_to_its_limit_and_never_a_hidden_case(
    browser, world, session, make_case, monkeypatch
):
    """The header counts no further than BADGE_LIMIT ("2+" here), and a notice about a
    case the reader no longer sees is not counted; Berichten gives the exact number."""
    from thuiszittertafel.notifications import services

    monkeypatch.setattr(services, "BADGE_LIMIT", 2)
    seen = make_case(world.teacher, given_name="Noah")
    hidden = make_case(world.far_worker, given_name="Pim", education_type="po")
    for n in range(2):
        notice(session, world.teacher, seen, n)
    notice(session, world.teacher, hidden, 9)  # the teacher does not see the far case
    b = browser(world.teacher)
    assert badge(b.get("/").get_data(as_text=True)) == "2"
    notice(session, world.teacher, seen, 3)
    assert badge(b.get("/").get_data(as_text=True)) == "2+"
    inbox = b.get("/berichten").get_data(as_text=True)
    assert badge(inbox) == "2+" and "Ongelezen (3)" in inbox
    b.post("/berichten/gelezen")  # "alles gelezen"
    inbox = b.get("/berichten").get_data(as_text=True)
    assert badge(inbox) == "0" and "Ongelezen (0)" in inbox
