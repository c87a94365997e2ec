"""Filter parsing: every bad value is a Dutch message, never a crash."""

import pytest

from thuiszittertafel.cases.filters import parse
from thuiszittertafel.core.errors import ValidationFailed


@pytest.mark.parametrize(
    "args, field",
    [
        ({"page": "²"}, "page"),
        ({"page": "9" * 30}, "page"),
        ({"page": "0"}, "page"),
        ({"per_page": "101"}, "per_page"),
        ({"phase": "-1"}, "phase"),
        ({"kind": "x"}, "kind"),
        ({"status": "weg"}, "status"),
        ({"sort": "wat"}, "sort"),
        ({"q": "a\x00b"}, "q"),
        ({"lead_org_id": "2147483648"}, "lead_org_id"),
    ],
)
def test_bad_values(args, field):
    with pytest.raises(ValidationFailed) as exc:
        parse(args)
    assert field in exc.value.errors


def test_good_values():
    f = parse({"page": "2", "per_page": "100", "mine": "true", "q": " 50%_ "})
    assert (f.page, f.per_page, f.mine, f.q) == (2, 100, True, "50%_")


def test_sorting_never_orders_meeting_rows_by_what_is_hidden(session, world, make_case, browser):
    """Issue 15, item 10: sort=name put meeting-only rows (initials shown) in surname
    order, and school/gemeente sorted them by columns the row no longer shows."""
    from thuiszittertafel import clock
    from thuiszittertafel.meetings import services as meetings

    zomer = make_case(world.teacher, given_name="Bram", family_name="Zomer")
    aarts = make_case(world.zorgco, given_name="Bram", family_name="Aarts")
    (m,) = meetings.create_meeting(
        session,
        world.swv_coordinator,
        {
            "kind": "thuiszitterstafel",
            "title": "Tafel",
            "starts_at": "2026-12-02T14:00",
            "attendee_user_ids": [world.wijkteam_worker.id],
        },
        now=clock.now(),
    )
    for c in (aarts, zomer):
        meetings.add_item(session, world.swv_coordinator, m, {"case_id": c.id}, now=clock.now())
    meetings.publish(session, world.swv_coordinator, m, now=clock.now())
    session.commit()

    def order(user, sort):
        html = browser(user).get(f"/casussen?status=all&sort={sort}").get_data(as_text=True)
        found = {c.id: html.find(f'href="/casussen/{c.id}"') for c in (zomer, aarts)}
        assert all(pos > 0 for pos in found.values()), found
        return sorted(found, key=found.get)

    # Full access: by surname.
    assert order(world.teacher, "name") == [aarts.id, zomer.id]
    # Meeting access: the surname is not shown, so it does not order (by number instead).
    assert order(world.wijkteam_worker, "name") == [zomer.id, aarts.id]
