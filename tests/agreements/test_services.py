"""Agreement rules: make, finish, cancel, move and pause terms; every change recorded."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from thuiszittertafel import clock
from thuiszittertafel.agreements.models import Agreement, AgreementOccurrence, TermChange
from thuiszittertafel.agreements.queries import my_agreements, term_watch
from thuiszittertafel.agreements.services import (
    acknowledge_escalation,
    create_agreement,
    next_due,
    update_agreement,
)
from thuiszittertafel.cases.models import CaseEvent
from thuiszittertafel.cases.queries import get_case
from thuiszittertafel.core.errors import Conflict, Forbidden, ValidationFailed


def make(session, user, case, **data):
    _, access = get_case(session, user, case.id)
    data = {
        "description": "Gesprek met ouders plannen",
        "owner_org_id": case.school_org_id,
        "due_at": "2026-12-04",
        **data,
    }
    a = create_agreement(session, user, case, access, data, now=clock.now())
    session.commit()
    return a


def patch(session, user, a, **data):
    case, access = get_case(session, user, a.case_id)
    update_agreement(session, user, a, case, access, data, now=clock.now())
    session.commit()


def events(session, case, kind):
    return session.scalars(
        select(CaseEvent.description).where(CaseEvent.case_id == case.id, CaseEvent.kind == kind)
    ).all()


def test_create_with_a_date_means_17h_local(session, world, case):
    a = make(session, world.teacher, case, owner_user_id=world.teacher.id)
    assert a.due_at == datetime(2026, 12, 4, 16, 0, tzinfo=UTC)  # 17:00 CET
    assert a.status == "open" and a.owner_user_id == world.teacher.id
    assert a.created_by_id == world.teacher.id and a.occurrence == 1
    assert events(session, case, "agreement_created")


def test_term_in_school_days_skips_weekends_and_holidays(session, world, case):
    # Wed 25-11-2026 + 3 school days = Mon 30-11; + 18 reaches past the Christmas holiday.
    a = make(session, world.teacher, case, due_at=None, due_in_school_days="3")
    assert clock.local(a.due_at).date() == date(2026, 11, 30)
    b = make(session, world.teacher, case, due_at=None, due_in_school_days="18")
    assert clock.local(b.due_at).date() == date(2027, 1, 4)  # kerstvakantie 19-12 t/m 3-1


@pytest.mark.parametrize(
    "data, field",
    [
        ({"description": ""}, "description"),
        ({"owner_org_id": None}, "owner_org_id"),
        ({"owner_org_id": "999999"}, "owner_org_id"),
        ({"due_at": "2026-11-01"}, "due_at"),
        ({"due_at": "morgen"}, "due_at"),
        ({"due_at": None}, "due_at"),
        ({"due_at": "2026-12-04", "due_in_school_days": "3"}, "due_in_school_days"),
        ({"recurrence": {"every": 4}}, "recurrence"),
        ({"recurrence": {"every": 0, "unit": "weeks"}}, "recurrence"),
        ({"recurrence": "elke week"}, "recurrence"),
        ({"day_count": "maanstanden"}, "day_count"),
        ({"owner_user_id": "999999"}, "owner_user_id"),
        ({"kleur": "rood"}, "kleur"),
    ],
)
def test_bad_input_is_a_dutch_error_and_changes_nothing(session, world, case, data, field):
    with pytest.raises(ValidationFailed) as exc:
        make(session, world.teacher, case, **data)
    assert field in exc.value.errors
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Agreement)) == 0


def test_owner_must_participate(session, world, case):
    with pytest.raises(ValidationFailed):
        make(session, world.teacher, case, owner_org_id=world.wijkteam.id)


def test_done_needs_a_result_cancel_a_reason(session, world, case):
    a = make(session, world.teacher, case)
    for data, field in [
        ({"status": "done"}, "result"),
        ({"status": "cancelled"}, "reason"),
        ({"status": "done", "result": "x", "reason": "y"}, "reason"),
    ]:
        with pytest.raises(ValidationFailed) as exc:
            patch(session, world.teacher, a, **data)
        assert field in exc.value.errors
        session.rollback()
    patch(session, world.teacher, a, status="done", result="Gesprek gevoerd op 1-12")
    assert (a.status, a.result) == ("done", "Gesprek gevoerd op 1-12")
    with pytest.raises(Conflict):
        patch(session, world.teacher, a, status="cancelled", reason="toch niet")


def test_cancel_records_the_reason(session, world, case):
    a = make(session, world.teacher, case)
    patch(session, world.teacher, a, status="cancelled", reason="Ouders verhuisd")
    assert a.status == "cancelled" and a.cancel_reason == "Ouders verhuisd"
    assert "Ouders verhuisd" in events(session, case, "agreement_cancelled")[0]


def test_moving_the_term_needs_a_reason_and_is_recorded(session, world, case):
    a = make(session, world.teacher, case)
    with pytest.raises(ValidationFailed) as exc:
        patch(session, world.teacher, a, due_at="2026-12-11")
    assert "reason" in exc.value.errors
    session.rollback()
    patch(session, world.teacher, a, due_at="2026-12-11", reason="Ouders pas later")
    change = session.scalars(select(TermChange)).one()
    assert change.reason == "Ouders pas later" and change.kind == "term"
    assert a.term_version == 2 and clock.local(a.due_at).date() == date(2026, 12, 11)
    assert "Ouders pas later" in events(session, case, "agreement_changed")[0]


def test_pause_moves_the_term_on_and_is_visible(session, world, case):
    a = make(session, world.teacher, case)  # 4-12-2026 17:00
    patch(session, world.teacher, a, paused_until="2026-11-30", reason="Ziekenhuisopname")
    assert a.paused_until == date(2026, 11, 30) and a.paused_by_id == world.teacher.id
    assert clock.local(a.due_at).date() == date(2026, 12, 10)  # 6 days paused
    assert clock.local(a.due_at).hour == 17
    assert "klokken van 4 weken" in events(session, case, "agreement_paused")[0]
    with pytest.raises(ValidationFailed):
        patch(session, world.teacher, a, paused_until="2026-11-30")  # no reason
    session.rollback()


def test_recurring_agreement_tracks_each_occurrence(session, world, case):
    a = make(session, world.teacher, case, recurrence={"every": 4, "unit": "weeks"})
    first = a.due_at
    patch(session, world.teacher, a, status="done", result="Eerste check-in")
    assert a.status == "open" and a.occurrence == 2
    assert a.due_at == next_due(first, 4, "weeks")
    occ = session.scalars(select(AgreementOccurrence)).one()
    assert (occ.number, occ.result) == (1, "Eerste check-in")


def test_next_due_keeps_the_wall_clock_across_dst():
    # 17:00 CET on 9 March 2026 → four weeks later is in CEST, still 17:00 local.
    due = datetime(2026, 3, 9, 16, 0, tzinfo=UTC)
    nxt = next_due(due, 4, "weeks")
    assert clock.local(nxt).hour == 17 and nxt == datetime(2026, 4, 6, 15, 0, tzinfo=UTC)
    assert clock.local(next_due(due, 1, "months")).date() == date(2026, 4, 9)
    assert next_due(datetime(2027, 1, 31, 16, 0, tzinfo=UTC), 1, "months").day == 28


def test_only_owner_or_regie_may_finish(session, world, case):
    a = make(session, world.teacher, case)
    with pytest.raises(Exception):  # noqa: B017 - NotFound: the case is hidden
        get_case(session, world.far_worker, case.id)
    _, access = get_case(session, world.lpa, case.id)
    with pytest.raises(Forbidden):  # leerplicht sees the case, owns nothing, has no regie
        update_agreement(
            session, world.lpa, a, case, access, {"status": "done", "result": "ok"}, now=clock.now()
        )
    _, access = get_case(session, world.teacher, case.id)
    update_agreement(
        session, world.teacher, a, case, access, {"status": "done", "result": "ok"}, now=clock.now()
    )
    assert a.status == "done"


def test_escalation_flag_stays_until_regie_acts(session, world, case):
    case.escalated = True
    session.commit()
    _, access = get_case(session, world.ggd_doctor, case.id) if False else (None, None)
    _, access = get_case(session, world.lpa, case.id)
    with pytest.raises(ValidationFailed):
        acknowledge_escalation(session, world.lpa, case, access, {}, now=clock.now())
    acknowledge_escalation(
        session, world.lpa, case, access, {"note": "Gebeld met school"}, now=clock.now()
    )
    assert case.escalated is False
    with pytest.raises(Conflict):
        acknowledge_escalation(session, world.lpa, case, access, {"note": "x"}, now=clock.now())


def test_closed_case_refuses(session, world, case):
    a = make(session, world.teacher, case)
    case.status = "closed"
    session.commit()
    with pytest.raises(Conflict):
        patch(session, world.teacher, a, status="done", result="x")


def test_mine_and_term_watch(session, world, case):
    a = make(session, world.teacher, case, owner_user_id=world.teacher.id)
    b = make(session, world.teacher, case, owner_org_id=world.leerplicht.id, due_at="2026-12-01")
    assert [x.id for x, *_ in my_agreements(session, world.teacher)[0]] == [a.id]
    assert [x.id for x, *_ in my_agreements(session, world.zorgco)[0]] == []
    assert [x.id for x, *_ in my_agreements(session, world.lpa)[0]] == [b.id]
    rows, total = term_watch(session, world.lpa, clock.now())
    assert total == 2 and [x.id for x, *_ in rows] == [b.id, a.id]
    assert term_watch(session, world.other_lpa, clock.now())[1] == 0


def test_term_watch_pages_keep_the_order_overdue_first_then_by_term(session, world, case):
    """Each page is found as ids first, then loaded: the pages together are the whole
    list in its order, nothing twice, nothing skipped."""
    late = make(session, world.teacher, case, due_at="2026-12-06")
    tie_1 = make(session, world.teacher, case, due_at="2026-12-02")
    tie_2 = make(session, world.teacher, case, due_at="2026-12-02")
    overdue = make(session, world.teacher, case, due_at="2026-12-09")
    overdue.due_at = datetime(2026, 11, 20, 9, tzinfo=UTC)
    session.commit()
    pages = [term_watch(session, world.lpa, clock.now(), offset=o, limit=2) for o in (0, 2, 4)]
    assert [total for _, total in pages] == [4, 4, 4]
    listed = [a.id for rows, _ in pages for a, *_ in rows]
    assert listed == [overdue.id, tie_1.id, tie_2.id, late.id]
    mine = [my_agreements(session, world.teacher, offset=o, limit=3)[0] for o in (0, 3)]
    assert [a.id for rows in mine for a, *_ in rows] == [overdue.id, tie_1.id, tie_2.id, late.id]
    assert term_watch(session, world.other_lpa, clock.now(), offset=0, limit=2) == ([], 0)


def test_forbidden_without_change_rights(session, world, case):
    with pytest.raises(Forbidden):
        create_agreement(session, world.teacher, case, "meeting", {}, now=clock.now())


def test_owner_person_must_work_at_the_owner_org(session, world, case):
    with pytest.raises(ValidationFailed) as exc:
        make(session, world.teacher, case, owner_user_id=world.lpa.id)
    assert "owner_user_id" in exc.value.errors


def test_regie_overview_counts_the_cases_open_agreements(session, world, case, make_case):
    from thuiszittertafel.agreements.queries import regie_overview

    a = make(session, world.teacher, case)
    late = make(session, world.teacher, case, due_at="2026-12-01")
    late.due_at = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # past its term
    done = make(session, world.teacher, case)
    done.status = "done"
    paused = make(session, world.teacher, case)  # past its term, paused today: not overdue
    paused.due_at, paused.paused_until = datetime(2026, 11, 22, 16, tzinfo=UTC), date(2026, 12, 1)
    resumed = make(session, world.teacher, case)  # its pause is over: overdue
    resumed.due_at, resumed.paused_until = (
        datetime(2026, 11, 23, 16, tzinfo=UTC),
        date(2026, 11, 24),
    )
    far = make_case(world.far_worker, municipality=world.elders)
    make(session, world.far_worker, far, owner_org_id=far.school_org_id)
    session.commit()
    rows, total = regie_overview(session, world.swv_coordinator, clock.now())
    assert [(c.id, n, overdue, due) for c, n, overdue, due, *_ in rows] == [
        (case.id, 4, 2, late.due_at)
    ]
    assert total == 1
    assert a.status == "open"
    assert regie_overview(session, world.other_swv_coordinator, clock.now())[0][0][1:3] == (1, 0)
