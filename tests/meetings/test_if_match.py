"""Meetings in the API take If-Match (issue 15 item 5): GET carries the meeting's version as
its ETag; a stale one on publish, finalize, agenda add/order/delete, next or not-discussed is
409 with what changed, and nothing is applied."""

from __future__ import annotations

import pytest

from thuiszittertafel import clock
from thuiszittertafel.meetings.models import Meeting

from ..api.conftest import assert_error


def test_a_meeting_carries_its_version_as_etag(api, world, meeting):
    r = api(world.swv_coordinator).get(f"/api/v1/meetings/{meeting.id}")
    assert r.status_code == 200
    assert r.headers["ETag"] == f'"{meeting.version}"'


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/publish", None),
        ("post", "/agenda/order", "order"),
        ("post", "/agenda", "case"),
        ("delete", "/agenda/{item}", None),
        ("post", "/finalize", None),
    ],
)
def test_a_stale_if_match_on_a_meeting_is_refused_and_changes_nothing(
    api, world, meeting, case, session, method, path, body
):
    from thuiszittertafel.meetings import services

    item = services.add_item(
        session, world.swv_coordinator, meeting, {"case_id": case.id}, now=clock.now()
    )
    session.commit()
    client = api(world.swv_coordinator)
    url = f"/api/v1/meetings/{meeting.id}"
    seen = client.get(url).headers["ETag"]
    # Another tab of the chair orders the agenda: the version moves on.
    assert client.post(f"{url}/agenda/order", json={"item_ids": [item.id]}).status_code == 200
    session.expire_all()
    now_version = session.get(Meeting, meeting.id).version
    payload = {"order": {"item_ids": [item.id]}, "case": {"case_id": case.id}, None: None}[body]
    kwargs = {"json": payload} if payload is not None else {}
    r = client.open(
        method.upper(), url + path.format(item=item.id), headers={"If-Match": seen}, **kwargs
    )
    answer = assert_error(r, 409, "gewijzigd")
    assert answer["current_version"] == now_version
    assert r.headers["ETag"] == f'"{now_version}"'
    assert answer["changed"] and answer["changed"][0]["label"] == "agenda"
    session.expire_all()
    after = session.get(Meeting, meeting.id)
    assert (after.version, after.status, len(after.items)) == (now_version, "draft", 1)


def test_a_current_if_match_on_a_meeting_goes_through_and_a_bad_one_is_a_400(
    api, world, meeting, case, session
):
    client = api(world.swv_coordinator)
    url = f"/api/v1/meetings/{meeting.id}"
    bad = client.post(f"{url}/agenda", json={"case_id": case.id}, headers={"If-Match": '"x"'})
    assert_error(bad, 400)
    seen = client.get(url).headers["ETag"]
    ok = client.post(f"{url}/agenda", json={"case_id": case.id}, headers={"If-Match": seen})
    assert ok.status_code == 201, ok.get_json()
    # Someone who is not the chair is refused as ever, If-Match or not.
    outsider = api(world.teacher).post(f"{url}/publish", headers={"If-Match": seen})
    assert outsider.status_code in (403, 404)


def test_an_attendee_who_is_not_the_chair_gets_403_before_any_version_check(
    api, world, meeting, case, session
):
    """The page refuses a non-chair before it compares versions (meetings/routes._act); the
    API does the same, so an attendee's stale If-Match is 403 and tells nothing of what
    changed."""
    client = api(world.swv_coordinator)
    url = f"/api/v1/meetings/{meeting.id}"
    seen = client.get(url).headers["ETag"]
    added = client.post(f"{url}/agenda", json={"case_id": case.id})
    assert added.status_code == 201, added.get_json()
    attendee = api(world.wijkteam_worker)
    assert attendee.get(url).status_code == 200
    for path, body in (
        ("/publish", None),
        ("/agenda/order", {"item_ids": [added.get_json()["id"]]}),
        ("/agenda", {"case_id": case.id}),
    ):
        r = attendee.post(url + path, headers={"If-Match": seen}, json=body)
        answer = assert_error(r, 403)
        assert "changed" not in answer, answer
    session.expire_all()
    assert session.get(Meeting, meeting.id).status == "draft"
