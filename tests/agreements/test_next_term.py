"""Case.next_due_at: the precomputed next agreement term (agreements/next_term.py) gives the
case table the same order and the same "termijn verlopen" cases as deriving it per case."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from thuiszittertafel import clock
from thuiszittertafel.agreements import services
from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.agreements.next_term import derived_next_due, refresh_next_due, stale_next_due
from thuiszittertafel.agreements.queries import earliest, open_past_due
from thuiszittertafel.auth.models import User
from thuiszittertafel.cases.filters import parse
from thuiszittertafel.cases.models import Case
from thuiszittertafel.cases.queries import case_rows, get_case
from thuiszittertafel.core import policy
from thuiszittertafel.core.versions import claim

PHASES = [1, 2, 3, 4, 5]


def _agree(session, actor, case, days: int, recurring: bool = False) -> Agreement:
    _, access = get_case(session, actor, case.id)
    data = {
        "description": "Gesprek",
        "owner_org_id": actor.org_id,
        "due_at": (clock.today() + timedelta(days=days)).isoformat(),
    }
    if recurring:
        data["recurrence"] = {"every": 1, "unit": "months"}
    a = services.create_agreement(session, actor, case, access, data, now=clock.now())
    session.commit()
    return a


def _old_order(actor, today):
    """The case table's next_term order as it was derived: a subquery per case."""
    term = earliest(Case.phase_due_on, derived_next_due())
    return (
        policy.visible_cases(actor)
        .where(Case.status == "open")
        .with_only_columns(Case.id)
        .order_by(term.is_(None), term.asc(), Case.id)
    )


def _old_overdue(actor, now, today):
    """The "termijn verlopen" cases as they were derived: an EXISTS for every case."""
    return (
        policy.visible_cases(actor)
        .where(
            Case.status == "open",
            or_(
                Case.phase_due_on < today,
                Case.escalated.is_(True),
                select(Agreement.id)
                .where(Agreement.case_id == Case.id, open_past_due(now, today))
                .exists(),
            ),
        )
        .with_only_columns(Case.id)
        .order_by(Case.id)
    )


def _table(session, actor, today, **params) -> list[int]:
    f = parse(params, default_status="open", default_sort="next_term", phases=PHASES)
    return [c.id for c, _ in case_rows(session, actor, f, today, page=False)]


def test_table_order_and_overdue_match_the_old_derivation(session, world, make_case):
    t = world.teacher
    done_first, recurring, cancelled, paused, moved, none, escalated, paused_and_late = (
        make_case(t) for _ in range(8)
    )
    _, access = get_case(session, t, done_first.id)
    first = _agree(session, t, done_first, 3)
    later = _agree(session, t, done_first, 10)
    monthly = _agree(session, t, recurring, 2, recurring=True)
    gone = _agree(session, t, cancelled, 1)
    held = _agree(session, t, paused, 4)
    # The earliest term paused, a later one not: overdue once the later one passes.
    held_too = _agree(session, t, paused_and_late, 4)
    _agree(session, t, paused_and_late, 8)
    shifted = _agree(session, t, moved, 5)
    _agree(session, t, escalated, 30)

    now = clock.now()
    services.finish(session, t, first, done_first, access, "Gedaan", now=now)
    services.finish(session, t, monthly, recurring, access, "Eerste gesprek", now=now)
    services.cancel(session, t, gone, cancelled, access, "Niet meer nodig", now=now)
    services.update_agreement(
        session,
        t,
        shifted,
        moved,
        access,
        {"due_at": (clock.today() + timedelta(days=20)).isoformat(), "reason": "Later"},
        now=now,
    )
    held.paused_until = clock.today() + timedelta(days=30)  # paused: the term still counts
    held_too.paused_until = held.paused_until
    escalated.escalated = True
    session.commit()

    # The cases in this session see their new term without being reloaded by hand.
    assert done_first.next_due_at == later.due_at
    assert recurring.next_due_at == monthly.due_at > now + timedelta(days=20)
    assert cancelled.next_due_at is None and none.next_due_at is None
    assert paused.next_due_at == held.due_at and moved.next_due_at == shifted.due_at

    for shift in (0, 6, 12, 40):  # before any term, past some, past all but the recurring one
        clock.freeze(now + timedelta(days=shift))
        today = clock.today()
        assert _table(session, t, today) == list(session.scalars(_old_order(t, today)))
        overdue = sorted(_table(session, t, today, overdue="true"))
        assert overdue == list(session.scalars(_old_overdue(t, clock.now(), today)))
    clock.freeze(now + timedelta(days=6))
    overdue = _table(session, t, clock.today(), overdue="true")
    assert paused.id not in overdue  # its term passed, but it is paused
    assert paused_and_late.id not in overdue  # its only past term is paused
    assert escalated.id in overdue and done_first.id not in overdue
    clock.freeze(now + timedelta(days=12))
    overdue = _table(session, t, clock.today(), overdue="true")
    assert done_first.id in overdue and paused_and_late.id in overdue
    assert paused.id not in overdue
    clock.freeze(now + timedelta(days=40))  # both pauses over: every past term counts
    assert paused.id in _table(session, t, clock.today(), overdue="true")


def test_a_write_past_the_session_is_found_until_refreshed(session, world, make_case):
    """The invariant check (tests/conftest.py) can fail: a Core UPDATE of an agreement
    leaves the column stale until refresh_next_due; an agreement moved to another case
    changes both cases' terms."""
    case, other = make_case(world.teacher), make_case(world.teacher)
    a = _agree(session, world.teacher, case, 3)
    assert list(session.scalars(stale_next_due())) == []
    session.execute(
        update(Agreement)
        .where(Agreement.id == a.id)
        .values(status="cancelled")
        .execution_options(synchronize_session=False)
    )
    assert list(session.scalars(stale_next_due())) == [case.id]
    refresh_next_due(session, [case.id])
    assert list(session.scalars(stale_next_due())) == []
    session.expire_all()
    assert session.get(Case, case.id).next_due_at is None

    b = _agree(session, world.teacher, case, 4)
    assert session.get(Case, case.id).next_due_at == b.due_at
    b.case_id = other.id
    session.commit()
    assert list(session.scalars(stale_next_due())) == []
    assert session.get(Case, case.id).next_due_at is None
    assert session.get(Case, other.id).next_due_at == b.due_at
    session.delete(b)
    session.commit()
    assert session.get(Case, other.id).next_due_at is None


def test_refresh_takes_a_select_of_ids(session, world, make_case):
    case = make_case(world.teacher)
    a = _agree(session, world.teacher, case, 3)
    session.execute(
        update(Case).where(Case.id == case.id).values(next_due_at=None),
        execution_options={"synchronize_session": False},
    )
    refresh_next_due(session, select(Case.id).where(Case.id.between(case.id, case.id)))
    session.expire_all()
    assert session.get(Case, case.id).next_due_at == a.due_at


def test_parallel_changes_to_one_case_leave_its_term_right(session, world, make_case, backend):
    """Two transactions each cancel one of a case's two agreements: the second waits for
    the first's lock on the case and then counts its change (PostgreSQL; SQLite writes one
    transaction at a time)."""
    if backend != "postgresql":
        pytest.skip("SQLite never runs two writing transactions at once")
    case = make_case(world.teacher)
    first, second = _agree(session, world.teacher, case, 3), _agree(session, world.teacher, case, 5)
    engine = session.get_bind()
    one, two = Session(engine), Session(engine)
    one.get(Agreement, first.id).status = "cancelled"
    one.flush()  # holds the case row
    two.get(Agreement, second.id).status = "cancelled"
    waiting = threading.Thread(target=two.flush)
    waiting.start()
    waiting.join(0.5)
    assert waiting.is_alive()  # waits for the first transaction's lock on the case
    one.commit()
    waiting.join(10)
    two.commit()
    one.close()
    two.close()
    assert list(session.scalars(stale_next_due())) == []
    session.expire_all()
    assert session.get(Case, case.id).next_due_at is None


def test_a_change_beside_a_closing_case_waits_instead_of_deadlocking(
    session, world, make_case, backend
):
    """Closing a case claims the case, then settles its agreements; marking one of them
    done at that moment takes the case first too (its term changes), so it waits and is
    then refused as stale, rather than both transactions locking each other."""
    if backend != "postgresql":
        pytest.skip("SQLite never runs two writing transactions at once")
    case = make_case(world.teacher)
    a = _agree(session, world.teacher, case, 3)
    _, access = get_case(session, world.teacher, case.id)
    engine = session.get_bind()
    closing, doing = Session(engine), Session(engine)
    claim(closing, closing.get(Case, case.id), by=world.teacher, now=clock.now())
    outcome: list = []

    def mark_done():
        try:
            services.finish(
                doing,
                doing.get(User, world.teacher.id),
                doing.get(Agreement, a.id),
                doing.get(Case, case.id),
                access,
                "Gedaan",
                now=clock.now(),
            )
            doing.commit()
            outcome.append("done")
        except Exception as exc:  # noqa: BLE001 - the test names what it got
            doing.rollback()
            outcome.append(type(exc).__name__)

    waiting = threading.Thread(target=mark_done)
    waiting.start()
    waiting.join(0.5)
    services.cancel(
        closing,
        closing.get(User, world.teacher.id),
        closing.get(Agreement, a.id),
        closing.get(Case, case.id),
        access,
        "De casus sluit",
        now=clock.now(),
    )
    closing.commit()
    waiting.join(10)
    closing.close()
    doing.close()
    assert outcome == ["StaleVersion"]
    session.expire_all()
    assert session.get(Agreement, a.id).status == "cancelled"
    assert session.get(Case, case.id).next_due_at is None
