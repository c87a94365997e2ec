"""At three months a pass puts the case forward for the next thuiszitterstafel (DESIGN §6)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import event, select

from tests.escalation.conftest import at, run_processes
from thuiszittertafel import clock
from thuiszittertafel.cases.models import CaseEvent
from thuiszittertafel.extensions import db
from thuiszittertafel.meetings import services
from thuiszittertafel.meetings.models import AgendaItem, Meeting
from thuiszittertafel.notifications.models import Notification

# Three months (91 days) after 1-9-2026 is 1-12-2026; the clock stands at 25-11-2026.
ABSENT_SINCE = date(2026, 9, 1)
THREE_MONTHS_ON = at(2026, 12, 2, 9, 0)


@pytest.fixture
def plan(session, world):
    """plan(chair, starts_at, kind=…, status=…) → a meeting, as the chair would plan it."""

    def make(
        chair=None,
        starts_at="2026-12-16T14:00",
        *,
        kind="thuiszitterstafel",
        status="draft",
        title=None,
    ):
        chair = chair or world.swv_coordinator
        (m,) = services.create_meeting(
            session,
            chair,
            {"kind": kind, "title": title or f"{kind} {starts_at}", "starts_at": starts_at},
            now=clock.now(),
        )
        m.status = status  # published and final are reached through services elsewhere
        session.commit()
        return m

    return make


@pytest.fixture
def long_home(world, make_case):
    """A case at the world's school (SWV Rivierenland) three months at home on 2-12-2026."""

    def make(**kw):
        return make_case(world.teacher, absent_since=ABSENT_SINCE, **kw)

    return make


def items(session, case=None):
    stmt = select(AgendaItem).order_by(AgendaItem.meeting_id, AgendaItem.position)
    if case is not None:
        stmt = stmt.where(AgendaItem.case_id == case.id)
    return session.scalars(stmt).all()


def told_text(session, case):
    texts = set(
        session.scalars(
            select(Notification.text).where(
                Notification.case_id == case.id, Notification.kind == "case_3_months"
            )
        )
    )
    assert len(texts) == 1, texts
    return texts.pop()


def test_placed_on_the_soonest_draft_thuiszitterstafel_its_chair_may_see(
    session, world, plan, long_home, make_case, run
):
    case = long_home(given_name="Maxime", family_name="de Vries")
    plan(kind="zat", starts_at="2026-12-03T10:00")  # sooner, but a ZAT
    plan(starts_at="2026-12-04T10:00", status="published")  # agenda already out
    plan(starts_at="2026-12-05T10:00", status="final")
    plan(world.other_swv_coordinator, "2026-12-07T10:00")  # chair may not see the case
    # 00:30 in Amsterdam is the 8th in UTC: the notice gives the local date.
    target = plan(starts_at="2026-12-09T00:30", title="Thuiszitterstafel Rivierenland")
    plan(starts_at="2027-01-13T14:00")  # later, same chair
    other = make_case(world.teacher, given_name="Sem")
    services.add_item(
        session, world.swv_coordinator, target, {"case_id": other.id}, now=clock.now()
    )
    session.commit()

    result = run(THREE_MONTHS_ON)

    (item,) = items(session, case)
    assert (item.meeting_id, item.position, item.added_by_id) == (
        target.id,
        2,
        world.swv_coordinator.id,
    )
    assert json.loads(item.reasons) == ["three_months", "put_forward"]
    assert result.placed == 1
    text = told_text(session, case)
    assert "Thuiszitterstafel Rivierenland" in text and "09-12-2026" in text
    assert "Maxime" not in text and "Vries" not in text
    event_text = session.scalar(
        select(CaseEvent.description).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "case_3_months"
        )
    )
    assert "Thuiszitterstafel Rivierenland" in event_text
    # The refusal path: the other SWV's chair got nothing on their agenda.
    assert [i.case_id for i in items(session)] == [other.id, case.id]


def test_no_thuiszitterstafel_planned_no_item_and_the_notice_says_so(
    session, world, plan, long_home, run
):
    case = long_home()
    plan(kind="zat")
    plan(starts_at="2026-12-04T10:00", status="published")
    plan(world.other_swv_coordinator)  # planned, but its chair may not see the case
    result = run(THREE_MONTHS_ON)
    assert items(session) == [] and result.placed == 0
    assert "nog geen thuiszitterstafel gepland" in told_text(session, case)
    assert told_text(session, case).startswith(f"Casus {case.id} ")


def test_a_meeting_in_the_past_is_not_the_next_one(session, world, plan, long_home, run):
    case = long_home()
    past = plan(starts_at="2026-12-01T10:00")  # still a draft, but it has begun
    upcoming = plan(starts_at="2026-12-16T10:00")
    run(THREE_MONTHS_ON)
    assert [i.meeting_id for i in items(session, case)] == [upcoming.id] != [past.id]


def test_already_on_that_agenda_is_left_alone(session, world, plan, long_home, run):
    case = long_home()
    meeting = plan(title="Thuiszitterstafel december")
    services.add_item(
        session, world.swv_coordinator, meeting, {"case_id": case.id}, now=clock.now()
    )
    session.commit()
    result = run(THREE_MONTHS_ON)
    (item,) = items(session, case)
    assert item.reasons is None and result.placed == 0  # the chair's own item stays
    assert "Thuiszitterstafel december" in told_text(session, case)


def test_repeated_and_parallel_passes_place_each_case_once(
    session, world, plan, long_home, database_url, run
):
    cases = [long_home() for _ in range(6)]
    meeting = plan()
    results = run_processes(database_url, THREE_MONTHS_ON)
    assert sum(r["recorded"] for r in results) > 0
    run(THREE_MONTHS_ON)
    session.expire_all()
    placed = items(session)
    assert sorted(i.case_id for i in placed) == sorted(c.id for c in cases)
    assert {i.meeting_id for i in placed} == {meeting.id}
    assert sorted(i.position for i in placed) == list(range(1, 7))


def test_statements_of_a_pass_do_not_grow_with_the_cases_put_forward(
    session, world, plan, make_case, run
):
    """1 case and then 5 cases reach three months: the same number of statements."""
    one = [make_case(world.teacher, absent_since=date(2026, 9, 1))]
    five = [make_case(world.teacher, absent_since=date(2026, 9, 7)) for _ in range(5)]
    plan(world.other_swv_coordinator, "2026-12-15T10:00")
    plan(starts_at="2026-12-16T10:00")
    plan(starts_at="2027-01-13T10:00")
    run(clock.now())  # the four-week notices of all six, out of the way
    counted = []

    def count(*_):
        counted[-1] += 1

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for moment in (at(2026, 12, 2, 9, 0), at(2026, 12, 8, 9, 0)):
            counted.append(0)
            result = run(moment)
            assert result.placed == (1 if moment.day == 2 else 5)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert counted[0] == counted[1]
    assert len(items(session)) == len(one) + len(five)
    assert (
        session.scalar(
            select(Meeting.id).where(Meeting.chair_user_id == world.other_swv_coordinator.id)
        )
        is not None
    )


def test_a_case_three_months_home_long_ago_is_suggested_not_placed(
    session, world, plan, long_home, run
):
    """After go-live or long downtime, cases past three months for more than a table cycle
    do not all land on next week's agenda: the chair sees them among the suggestions."""
    from thuiszittertafel.meetings.suggestions import suggestions

    case = long_home()
    plan(starts_at="2027-01-20T14:00")
    result = run(at(2027, 1, 19, 9, 0))  # three months on 1-12-2026: seven weeks ago
    assert items(session) == [] and result.placed == 0
    assert "bij de voorstellen" in told_text(session, case)
    proposed = suggestions(
        session, world.swv_coordinator, now=at(2027, 1, 19, 9, 0), today=date(2027, 1, 19)
    )
    assert case.id in {s.case.id for s in proposed}


def test_a_schools_own_thuiszitterstafel_gets_no_placement(session, world, plan, long_home, run):
    """Only the SWV's table is the region's thuiszitterstafel (DESIGN §6): a school that
    names its own meeting so receives nothing, even when it is sooner and its chair sees
    the case in full; the SWV's own table does."""
    case = long_home()
    schools = plan(world.zorgco, "2026-12-03T10:00", title="Eigen tafel Lingeborgh")
    result = run(THREE_MONTHS_ON)
    assert items(session) == [] and result.placed == 0
    assert "nog geen thuiszitterstafel gepland" in told_text(session, case)

    later = long_home(given_name="Sem")
    swv = plan(starts_at="2026-12-16T14:00", title="Thuiszitterstafel Rivierenland")
    run(THREE_MONTHS_ON)
    assert [i.meeting_id for i in items(session, later)] == [swv.id]
    assert [i for i in items(session) if i.meeting_id == schools.id] == []
