"""The meeting page's forms send the version they showed (issue 15, no lost updates): a change
to the meeting since is refused with what changed, on the page and in JSON for the live
screen, and nothing is applied; the refused page shows the new state with its version, so
the next try goes through. The API's If-Match is tests/meetings/test_if_match.py."""

from __future__ import annotations

import re

import pytest

from thuiszittertafel import clock
from thuiszittertafel.meetings import services
from thuiszittertafel.meetings.models import Meeting

from .conftest import held

JSON = {"Accept": "application/json"}


def _versions_shown(html: str) -> set[int]:
    return {int(v) for v in re.findall(r'name="version" value="(\d+)"', html)}


def _state(session, meeting_id: int) -> tuple:
    session.expire_all()
    m = session.get(Meeting, meeting_id)
    return m.version, m.status, [(i.case_id, i.position) for i in m.items]


@pytest.fixture
def two_items(session, world, meeting, case, other_case):
    items = [
        services.add_item(
            session, world.swv_coordinator, meeting, {"case_id": c.id}, now=clock.now()
        )
        for c in (case, other_case)
    ]
    session.commit()
    return items


FORMS = {
    "publish": ("publiceren", lambda items, extra: {}),
    "add": ("agenda", lambda items, extra: {"case_id": str(extra.id)}),
    "remove": ("agenda/{first}/verwijderen", lambda items, extra: {}),
    # After the reordering below the first item is last: it can move up.
    "move": ("agenda/{first}/verplaatsen", lambda items, extra: {"richting": "eerder"}),
    "order": ("agenda/volgorde", lambda items, extra: {"item_ids": [str(i.id) for i in items]}),
}


@pytest.mark.parametrize("form", FORMS)
def test_a_form_shown_before_a_change_is_refused_and_changes_nothing(
    session, world, browser, meeting, two_items, make_case, form
):
    extra = make_case(world.teacher, given_name="Noor", family_name="Visser")
    path, fields = FORMS[form]
    url = f"/overleggen/{meeting.id}/" + path.format(first=two_items[0].id)
    chair = browser(world.swv_coordinator)
    (seen,) = _versions_shown(chair.get(f"/overleggen/{meeting.id}").get_data(as_text=True))
    assert seen == meeting.version
    # Meanwhile, in another tab of the chair, the agenda changes order.
    reordered = {"item_ids": [str(i.id) for i in reversed(two_items)], "version": str(seen)}
    assert chair.post(f"/overleggen/{meeting.id}/agenda/volgorde", reordered).status_code == 302
    before = _state(session, meeting.id)

    refused = chair.post(url, {**fields(two_items, extra), "version": str(seen)})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "niets veranderd" in page and "Sinds uw versie gewijzigd: agenda (door" in page
    assert _versions_shown(page) == {before[0]}  # the new state, with its version
    assert _state(session, meeting.id) == before

    live = chair.post(url, {**fields(two_items, extra), "version": str(seen)}, headers=JSON)
    assert live.status_code == 409 and live.json["ok"] is False
    assert live.json["error"] == "gewijzigd" and "Sinds uw versie gewijzigd" in live.json["message"]
    assert _state(session, meeting.id) == before

    # With the version the refused page showed, it goes through.
    done = chair.post(url, {**fields(two_items, extra), "version": str(before[0])}, headers=JSON)
    assert done.status_code == 200 and done.json["version"] == before[0] + 1
    assert _state(session, meeting.id) != before


@pytest.mark.parametrize("bad", ["abc", "²", "-1", "1" * 12])
def test_a_version_that_is_no_number_is_refused_clearly(
    session, world, browser, meeting, two_items, bad
):
    before = _state(session, meeting.id)
    r = browser(world.swv_coordinator).post(
        f"/overleggen/{meeting.id}/publiceren", {"version": bad}
    )
    assert r.status_code == 400
    assert "De versie is geen geldig nummer; laad de pagina opnieuw." in r.get_data(as_text=True)
    assert _state(session, meeting.id) == before


def test_someone_else_is_refused_as_before_and_learns_nothing_of_the_changes(
    session, world, browser, meeting, two_items
):
    """An attendee posting the chair's form (with an old version) gets the chair-only
    refusal, not the list of what the chair changed."""
    stale = str(meeting.version - 1)
    r = browser(world.wijkteam_worker).post(
        f"/overleggen/{meeting.id}/publiceren", {"version": stale}, headers=JSON
    )
    assert r.status_code == 403 and "voorzitter" in r.json["message"]
    assert "Sinds uw versie" not in r.json["message"]
    assert (
        browser(world.far_worker)
        .post(f"/overleggen/{meeting.id}/publiceren", {"version": stale})
        .status_code
        == 404
    )


def test_finalising_from_a_confirmation_page_shown_before_a_change_is_refused(
    session, world, browser, published
):
    held(session, published.id)
    chair = browser(world.swv_coordinator)
    base = f"/overleggen/{published.id}"
    confirm = chair.post(f"{base}/vaststellen").get_data(as_text=True)
    (seen,) = _versions_shown(confirm)
    # Meanwhile the chair's other screen opens the next item.
    assert chair.post(f"{base}/volgende", headers=JSON).json["ok"]
    refused = chair.post(f"{base}/vaststellen", {"confirm": "ja", "version": str(seen)})
    assert refused.status_code == 409
    assert "agendapunt aan de orde (door" in refused.get_data(as_text=True)
    assert _state(session, published.id)[1] == "published"
    (now,) = _versions_shown(chair.post(f"{base}/vaststellen").get_data(as_text=True))
    assert (
        chair.post(f"{base}/vaststellen", {"confirm": "ja", "version": str(now)}).status_code == 302
    )
    assert _state(session, published.id)[1] == "final"
