"""Leerplicht's termijnbewaking: the open terms of its gemeenten, most urgent first, read
per gemeente from the agreements' copy of the case's gemeente and counted from the cases'
count of open agreements (agreements/queries.term_watch), against the plain statement:
every open agreement of a case it may see in its gemeenten, sorted."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import case as sql_case
from sqlalchemy import event, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from thuiszittertafel import clock
from thuiszittertafel.agreements import queries
from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.agreements.queries import open_past_due, term_watch
from thuiszittertafel.agreements.services import create_agreement
from thuiszittertafel.auth.models import User
from thuiszittertafel.cases.models import Case
from thuiszittertafel.cases.queries import get_case
from thuiszittertafel.core import policy

TERMS = [datetime(2026, 11, d, 16, tzinfo=UTC) for d in (10, 20, 24)] + [
    datetime(2026, 12, d, 16, tzinfo=UTC) for d in (1, 1, 15)
]


def _plain(session, actor, now) -> list[int]:
    """The list as one sorted statement over every open agreement of the visible cases."""
    today = clock.local(now).date()
    overdue_first = sql_case((open_past_due(now, today), 0), else_=1)
    return list(
        session.scalars(
            select(Agreement.id)
            .join(Case, Case.id == Agreement.case_id)
            .where(
                policy.case_visible(actor),
                policy.in_own_gemeenten(actor),
                Agreement.status == "open",
            )
            .order_by(overdue_first, Agreement.due_at, Agreement.id)
        )
    )


def _agree(session, user, case_, n: int) -> Agreement:
    _, access = get_case(session, user, case_.id)
    return create_agreement(
        session,
        user,
        case_,
        access,
        {"description": f"Afspraak {n}", "owner_org_id": user.org_id, "due_at": "2027-01-20"},
        now=clock.now(),
    )


@pytest.fixture
def area(session, world, make_case):
    """Cases in both of leerplicht's gemeenten, a sick child's case it does not see, one
    in another leerplicht's gemeente; their agreements overdue, paused (today, and until
    a day gone by), to come, finished; equal terms on purpose."""
    cases = [
        make_case(world.teacher, municipality=world.zaltbommel),
        make_case(world.teacher, municipality=world.zaltbommel),
        make_case(world.school2_worker, municipality=world.tiel),
        make_case(world.school2_worker, municipality=world.tiel),
        make_case(
            world.teacher,
            kind="dreigend",
            absence_authorised="true",
            absence_reason="ziek-medisch",
            municipality=world.zaltbommel,
        ),
        make_case(world.far_worker, municipality=world.elders),
    ]
    makers = [world.teacher, world.teacher, world.school2_worker, world.school2_worker]
    makers += [world.teacher, world.far_worker]
    n = 0
    for case_, user in zip(cases, makers, strict=True):
        for _ in range(4):
            n += 1
            made = _agree(session, user, case_, n)
            made.due_at = TERMS[n % len(TERMS)]
            kind = n % 4
            if kind == 0:
                made.paused_until = date(2026, 11, 30)  # paused today
            elif kind == 1:
                made.paused_until = date(2026, 11, 20)  # the pause is over
            elif kind == 2:
                made.status, made.closed_at = "done", datetime(2026, 11, 24, 12, tzinfo=UTC)
    session.commit()
    return cases


@pytest.mark.parametrize("shape", ["per gemeente", "sorted", "too many gemeenten"])
def test_pages_are_the_plain_sorted_list(session, world, area, shape, monkeypatch):
    """Both ways a page is read (per gemeente from the front of each range, or every term
    of the area sorted: a page far on, or more gemeenten than one statement takes arms)
    give the plain list, page after page."""
    cost = 10**9 if shape == "sorted" else 0
    monkeypatch.setattr(queries, "ROW_IN_RANGE_COST", cost)
    if shape == "too many gemeenten":
        monkeypatch.setattr(queries, "_MOST_ARMS", 4)
    read = []
    original = queries.union_all
    monkeypatch.setattr(
        queries, "union_all", lambda *arms: read.append(len(arms)) or original(*arms)
    )
    now = clock.now()
    expected = _plain(session, world.lpa, now)
    hidden = {
        a.id
        for a in session.scalars(
            select(Agreement).where(Agreement.case_id.in_([area[4].id, area[5].id]))
        )
    }
    # The data holds every kind of row the order distinguishes, and rows it must leave out.
    listed = session.scalars(select(Agreement).where(Agreement.id.in_(expected))).all()
    today = clock.local(now).date()
    assert {a.due_at < now for a in listed} == {True, False}
    assert any(a.due_at < now and a.paused_on(today) for a in listed)
    assert any(a.due_at < now and a.paused_until and not a.paused_on(today) for a in listed)
    open_ids = set(session.scalars(select(Agreement.id).where(Agreement.status == "open")))
    assert hidden & open_ids and set(expected) == open_ids - hidden
    assert len({a.municipality_id for a in listed}) == 2
    for limit in (1, 3, 50):
        seen: list[int] = []
        for offset in range(0, len(expected) + limit, limit):
            rows, total = term_watch(session, world.lpa, now, offset=offset, limit=limit)
            assert total == len(expected)
            assert all(access for _, _, access in rows)
            seen += [a.id for a, _, _ in rows]
        assert seen == expected, limit
    # Leerplicht's two gemeenten: two arms each for the terms past and to come, one for
    # the paused ones.
    assert set(read) == ({5} if shape == "per gemeente" else set())
    other, total = term_watch(session, world.other_lpa, now)
    assert [a.id for a, *_ in other] == _plain(session, world.other_lpa, now)
    assert total == len(other) > 0


def test_a_case_that_moves_takes_its_terms_along(session, world, area):
    """The database keeps the agreements' copy of the gemeente: when the pupil record's
    woongemeente is rewritten, the case's agreements follow, and with them whose
    termijnbewaking lists them."""
    now = clock.now()
    moved = area[0]
    terms = set(
        session.scalars(
            select(Agreement.id).where(Agreement.case_id == moved.id, Agreement.status == "open")
        )
    )
    assert terms <= {a.id for a, *_ in term_watch(session, world.lpa, now, limit=100)[0]}
    before = term_watch(session, world.other_lpa, now)[1]
    moved.pupil.municipality_id = world.elders.id
    session.commit()
    copies = session.scalars(
        select(Agreement.municipality_id).where(Agreement.case_id == moved.id)
    ).all()
    assert set(copies) == {world.elders.id}
    rows, total = term_watch(session, world.lpa, now, limit=100)
    assert not terms & {a.id for a, *_ in rows}
    assert total == len(_plain(session, world.lpa, now))
    rows, total = term_watch(session, world.other_lpa, now, limit=100)
    assert terms <= {a.id for a, *_ in rows} and total == before + len(terms)


def test_an_agreement_in_another_gemeente_than_its_case_is_refused(session, world, area):
    """A write that bypasses the models (an import, a script) cannot give an agreement
    another gemeente than its case's: the list would miss it."""
    case_ = area[0]
    row = {
        "case_id": case_.id,
        "municipality_id": world.tiel.id,
        "description": "Verkeerd",
        "owner_org_id": world.school.id,
        "due_at": datetime(2026, 11, 20, 16, tzinfo=UTC),
        "day_count": "school",
        "occurrence": 1,
        "term_version": 1,
        "status": "open",
        "created_by_id": world.teacher.id,
        "created_at": clock.now(),
    }
    count = session.query(Agreement).count()
    with pytest.raises(IntegrityError):
        session.execute(insert(Agreement).values(**row))
    session.rollback()
    assert session.query(Agreement).count() == count
    session.execute(insert(Agreement).values(**{**row, "municipality_id": world.zaltbommel.id}))
    session.rollback()


def test_a_move_waits_for_an_agreement_being_made(session, world, make_case, backend):
    """An agreement takes its case's gemeente when it is written and holds the case's key
    until it is committed: a pupil's move in between waits, and then takes the new
    agreement along (PostgreSQL; SQLite writes one transaction at a time). Unheld, the
    move went first and the foreign key refused the agreement with the old gemeente."""
    if backend != "postgresql":
        pytest.skip("SQLite never runs two writing transactions at once")
    case_ = make_case(world.teacher, municipality=world.zaltbommel)
    session.commit()
    engine = session.get_bind()
    making, moving = Session(engine), Session(engine)
    moving.get(Case, case_.id).pupil.municipality_id = world.elders.id
    waiting = threading.Thread(target=moving.commit)

    def move_now(_mapper, _connection, _agreement):  # the gemeente is read, not yet written
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive()  # the move waits for the agreement's transaction

    event.listen(Agreement, "before_insert", move_now)
    try:
        made = _agree(making, making.get(User, world.teacher.id), making.get(Case, case_.id), 1)
        making.flush()
    finally:
        event.remove(Agreement, "before_insert", move_now)
    made_id = made.id
    making.commit()
    waiting.join(10)
    assert not waiting.is_alive()
    making.close()
    moving.close()
    session.expire_all()
    assert session.get(Agreement, made_id).municipality_id == world.elders.id
