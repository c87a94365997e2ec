"""Passes over the database: who is told, what changes, and every notice exactly once."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import func, select

from tests.conftest import FROZEN_NOW
from tests.escalation.conftest import at, run_processes
from tests.live import cli_env
from thuiszittertafel import clock
from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.agreements.services import update_agreement
from thuiszittertafel.cases.models import CaseEvent, Participation
from thuiszittertafel.cases.queries import get_case
from thuiszittertafel.escalation.models import EscalationNotice
from thuiszittertafel.notifications.models import Notification


def told(session, kind=None):
    stmt = select(Notification.kind, Notification.user_id).order_by(Notification.id)
    if kind:
        stmt = stmt.where(Notification.kind == kind)
    else:
        stmt = stmt.where(Notification.kind.like("agreement_%"))
    return [tuple(r) for r in session.execute(stmt)]


def counts(session):
    """(notices recorded, notifications the passes wrote); other notices (a participant
    added, an agreement assigned) are not the engine's."""
    from thuiszittertafel.escalation.engine import RULES

    return (
        session.scalar(select(func.count()).select_from(EscalationNotice)),
        session.scalar(
            select(func.count()).select_from(Notification).where(Notification.kind.in_(RULES))
        ),
    )


def agreement_notices(session):
    return session.scalar(
        select(func.count())
        .select_from(EscalationNotice)
        .where(EscalationNotice.agreement_id.is_not(None))
    )


def finish(session, user, a, when):
    clock.freeze(when)
    case, access = get_case(session, user, a.case_id)
    update_agreement(
        session, user, a, case, access, {"status": "done", "result": "klaar"}, now=when
    )
    session.commit()
    clock.freeze(FROZEN_NOW)


def assert_told_as_the_rules_say(session, case_ids):
    """Each recorded notice told exactly whom the per-notice rules name with a directory of
    these cases looked up by id (the small path), and counted them."""
    from thuiszittertafel.escalation import engine, notices
    from thuiszittertafel.escalation.model import load as load_model

    rows = session.execute(select(EscalationNotice)).scalars().all()
    d = notices.load_directory(session, case_ids, [r.agreement_id for r in rows if r.agreement_id])
    model = load_model()
    for r in rows:
        n = engine.Notice(r.rule, r.key, r.case_id, r.due_at, r.agreement_id)
        told_users = session.scalars(
            select(Notification.user_id)
            .where(Notification.key.like(f"{r.key}:u%"))
            .order_by(Notification.id)
        ).all()
        assert told_users == notices.recipients(n, d, model), r.key
        assert r.recipients == len(told_users), r.key


def test_reminder_overdue_escalation_reach_the_right_people(session, world, case, agree, run):
    a = agree(case)  # Friday 4-12-2026 17:00, owner: the mentor; regie: the school
    run(at(2026, 12, 2, 17, 0))
    assert told(session) == [("agreement_reminder", world.teacher.id)]
    # Regie: the school, with its coordinator as casusregisseur.
    case.lead_user_id = world.zorgco.id
    session.commit()
    run(at(2026, 12, 4, 17, 0))
    assert told(session, "agreement_overdue") == [
        ("agreement_overdue", world.teacher.id),
        ("agreement_overdue", world.zorgco.id),
    ]
    run(at(2026, 12, 11, 17, 0))
    # Next phase (2) has the school as regie → its vast aanspreekpunt on this case (the
    # mentor who opened it); leerplicht's vast aanspreekpunt (lpa). One notice per user.
    school_contact = session.scalar(
        select(Participation.contact_user_id).where(
            Participation.case_id == case.id, Participation.org_id == world.school.id
        )
    )
    assert told(session, "agreement_escalated") == [
        ("agreement_escalated", school_contact or world.zorgco.id),
        ("agreement_escalated", world.lpa.id),
    ]
    session.refresh(case)
    assert case.escalated is True
    texts = session.scalars(select(Notification.text)).all()
    assert all("Maxime" not in t and "Vries" not in t for t in texts)
    assert a.id


@pytest.mark.parametrize(
    "done_at, expected",
    [
        (at(2026, 12, 3, 10, 0), ["agreement_reminder"]),  # in time: no overdue
        (at(2026, 12, 7, 10, 0), ["agreement_reminder", "agreement_overdue"]),  # late, no escal.
    ],
)
def test_done_in_time_or_late(session, world, case, agree, run, done_at, expected):
    a = agree(case)
    run(at(2026, 12, 2, 18, 0))
    run(done_at)
    finish(session, world.teacher, a, done_at)
    run(at(2026, 12, 20, 12, 0))
    assert [k for k, _ in told(session)][: len(expected)] == expected
    assert {k for k, _ in told(session)} == set(expected)


def test_cancelled_agreement_gives_no_notices(session, world, case, agree, run):
    a = agree(case)
    _, access = get_case(session, world.teacher, case.id)
    update_agreement(
        session,
        world.teacher,
        a,
        case,
        access,
        {"status": "cancelled", "reason": "verhuisd"},
        now=clock.now(),
    )
    session.commit()
    run(at(2026, 12, 20, 12, 0))
    assert told(session, "agreement_reminder") == told(session, "agreement_overdue") == []


def test_recurring_agreement_notices_per_occurrence(session, world, case, agree, run):
    a = agree(case, recurrence={"every": 1, "unit": "weeks"})
    run(at(2026, 12, 4, 17, 0))
    finish(session, world.teacher, a, at(2026, 12, 4, 18, 0))
    run(at(2026, 12, 11, 17, 0))  # the second occurrence falls due
    keys = session.scalars(
        select(EscalationNotice.key)
        .where(EscalationNotice.rule == "agreement_overdue")
        .order_by(EscalationNotice.id)
    ).all()
    assert keys == [f"agreement_overdue:a{a.id}:o1:t1", f"agreement_overdue:a{a.id}:o2:t1"]


def test_case_clocks_add_leerplicht_and_put_forward(session, world, make_case, run):
    c = make_case(
        world.teacher, given_name="Sem", absent_since=FROZEN_NOW.date().replace(month=8, day=3)
    )
    run(FROZEN_NOW)
    lp = session.scalars(
        select(Participation).where(
            Participation.case_id == c.id, Participation.org_id == world.leerplicht.id
        )
    ).all()
    assert len(lp) == 1 and lp[0].ended_on is None
    assert told(session, "case_3_months") == [
        ("case_3_months", world.swv_coordinator.id),
        ("case_3_months", world.lpa.id),
    ]
    assert told(session, "case_4_weeks") == [("case_4_weeks", world.lpa.id)]
    events = session.scalars(select(CaseEvent.kind).where(CaseEvent.case_id == c.id)).all()
    assert "case_3_months" in events and "case_4_weeks" in events


def test_repeated_passes_and_downtime_record_each_notice_once(session, world, case, agree, run):
    for i in range(3):
        agree(case, due_at=f"2026-12-0{i + 1}")
    run(at(2026, 11, 27, 18, 0))
    before = counts(session)
    run(at(2026, 11, 27, 18, 0))
    assert counts(session) == before
    # A week without any pass, then one: everything that fell due comes out, once.
    result = run(at(2026, 12, 11, 9, 0))
    assert result.recorded > 0
    after = counts(session)
    run(at(2026, 12, 11, 9, 0))
    assert counts(session) == after
    rules = session.scalars(select(EscalationNotice.rule)).all()
    assert rules.count("agreement_overdue") == rules.count("agreement_escalated") == 3
    # Reminders due during the downtime are not sent late: the overdue notice says more.
    assert rules.count("agreement_reminder") == 1


def test_a_pass_killed_half_way_is_completed_by_the_next(session, world, case, agree, run):
    for i in range(4):
        agree(case, due_at=f"2026-12-0{i + 1}")

    def crash(batch):
        if batch == 1:
            raise KeyboardInterrupt("killed")

    with pytest.raises(KeyboardInterrupt):
        run(at(2026, 12, 20, 9, 0), batch=3, before_commit=crash)
    partial = counts(session)
    assert 0 < partial[0] < 12
    run(at(2026, 12, 20, 9, 0))
    full = counts(session)
    run(at(2026, 12, 20, 9, 0), batch=2)
    assert counts(session) == full and agreement_notices(session) == 4 * 2  # overdue, escalated


def test_catch_up_paths_give_the_same_recipients_once(
    session, world, case, agree, run, monkeypatch
):
    """A catch-up pass with more ids than IN_LIST (directory loaded by filter) and rows
    split over several INSERT statements records each notice once and tells exactly whom
    the per-notice rules name."""
    from thuiszittertafel.escalation import notices

    for i in range(6):
        agree(case, due_at=f"2026-12-0{i + 1}")
    from thuiszittertafel.core import bulk
    from thuiszittertafel.notifications import recipients

    monkeypatch.setattr(notices, "IN_LIST", 0)  # the agreements by filter
    monkeypatch.setattr(recipients, "IN_LIST", 0)  # the cases by filter
    monkeypatch.setattr(bulk, "MAX_PARAMETERS", 25)  # 3 notices, 2 notifications a time
    result = run(at(2026, 12, 20, 9, 0), batch=4)
    recorded, notifications = counts(session)
    assert result.recorded == recorded and result.notifications == notifications > 0
    assert agreement_notices(session) == 6 * 2
    assert run(at(2026, 12, 20, 9, 0), batch=4).recorded == 0
    assert counts(session) == (recorded, notifications)
    # The same people as the small path (IN lists, one notice at a time) would name.
    monkeypatch.undo()
    assert_told_as_the_rules_say(session, [case.id])


def test_two_processes_at_the_same_moment(session, world, case, agree, database_url):
    for i in range(30):
        agree(case, due_at=f"2026-12-{(i % 9) + 1:02d}")
    session.commit()
    results = run_processes(database_url, at(2026, 12, 20, 9, 0))
    session.expire_all()
    notices, notifications = counts(session)
    assert sum(r["recorded"] for r in results) == notices
    assert agreement_notices(session) == 30 * 2
    from thuiszittertafel.escalation.engine import RULES

    keys = session.scalars(select(Notification.key).where(Notification.kind.in_(RULES))).all()
    assert len(keys) == len(set(keys)) == notifications


def test_cli_refuses_a_bad_now(database_url):
    env = cli_env(database_url)
    p = subprocess.run(
        [sys.executable, "-m", "thuiszittertafel.cli", "escalations", "run", "--now", "gisteren"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert p.returncode == 2 and "ISO-8601" in p.stderr


def test_notices_only_reach_people_who_see_the_case(session, world, case, agree, model, run):
    """Issue 15, item 2: the gemeente (phase 5's regie) got phase_term_breached for cases it
    gets 404 on. Every notice of a pass, live or mail, goes to someone who sees the case."""
    from thuiszittertafel.auth.models import User
    from thuiszittertafel.cases import lifecycle
    from thuiszittertafel.core.errors import NotFound

    lifecycle.update_case(
        session,
        world.zorgco,
        case,
        "participant",
        {"phase": "4", "reason": "Naar de thuiszitterstafel"},
        now=clock.now(),
        model=model,
    )
    session.commit()
    agree(case, due_at="2026-12-04")
    run(at(2027, 3, 1, 9, 0))
    rows = session.execute(select(Notification.user_id, Notification.case_id, Notification.kind))
    rows = [r for r in rows if r.kind in ("phase_term_breached", "agreement_escalated")]
    assert {r.kind for r in rows} == {"phase_term_breached", "agreement_escalated"}
    for user_id, case_id, kind in rows:
        try:
            get_case(session, session.get(User, user_id), case_id)
        except NotFound:
            pytest.fail(f"{kind} ging naar gebruiker {user_id}, die casus {case_id} niet ziet")
    assert world.gemeente_worker.id not in {r.user_id for r in rows}
    assert world.privacy_officer.id not in {r.user_id for r in rows}
    # The notice's own row counts the people actually told, not those planned before the
    # visibility check (the gemeente was planned for the phase term and left out).
    notices = session.scalars(
        select(EscalationNotice).where(EscalationNotice.rule == "phase_term_breached")
    ).all()
    assert notices
    for notice in notices:
        told = session.scalars(
            select(Notification.user_id).where(Notification.key.like(f"{notice.key}:u%"))
        ).all()
        assert notice.recipients == len(told), notice.key


def test_a_pass_in_slices_records_and_tells_what_one_slice_would(
    session, world, case, agree, run, make_case, monkeypatch
):
    """A pass holds one slice of case ids at a time (bounded memory at any size): with a
    slice per case id, the catch-up and the directory loaded by filter, every notice is
    recorded once, none for a closed case, and each tells exactly whom the per-notice
    rules name with every case in view."""
    from thuiszittertafel.escalation import notices
    from thuiszittertafel.notifications import recipients

    other = make_case(world.teacher, given_name="Noor")
    closed = make_case(world.teacher, given_name="Daan")
    far = make_case(world.far_worker, given_name="Sem", municipality=world.elders)
    for i, c in enumerate((case, other, case, other, closed)):
        agree(c, due_at=f"2026-12-0{i + 1}")
    agree(
        far,
        due_at="2026-12-03",
        user=world.far_worker,
        owner_org_id=far.school_org_id,
        owner_user_id=world.far_worker.id,
    )
    closed.status = "closed"
    session.commit()
    slices = notices.case_slices(session, width=1)
    assert [s.first for s in slices] == list(range(case.id, far.id + 1))  # one per id
    monkeypatch.setattr(notices, "IN_LIST", 0)
    monkeypatch.setattr(recipients, "IN_LIST", 0)
    result = run(at(2026, 12, 20, 9, 0), width=1)
    rows = session.scalars(select(EscalationNotice)).all()
    assert result.recorded == len(rows) == counts(session)[0] > 0
    assert {r.case_id for r in rows} == {case.id, other.id, far.id}  # not the closed one
    assert agreement_notices(session) == 5 * 2  # overdue and escalated, once each
    assert run(at(2026, 12, 20, 9, 0), width=1).recorded == 0
    whole = run(at(2026, 12, 20, 9, 0))  # one slice: the same notices due, none new,
    # and the escalated agreements (settled) no longer looked at
    assert whole.recorded == 0 and whole.due == result.due - agreement_notices(session)
    monkeypatch.undo()
    assert_told_as_the_rules_say(session, [case.id, other.id, far.id])


def _teacher_changes(session, world, a, service, data, when):
    """The teacher changes agreement `a` with `service` at `when`, committed."""
    clock.freeze(when)
    case, access = get_case(session, world.teacher, a.case_id)
    service(session, world.teacher, session.get(Agreement, a.id), case, access, data, now=when)
    session.commit()
    clock.freeze(FROZEN_NOW)


def _done_marks(session, a):
    session.expire_all()
    row = session.get(Agreement, a.id)
    return (row.notices_done_occurrence, row.notices_done_term_version)


def test_an_escalated_agreement_is_not_looked_at_again_until_its_term_changes(
    session, world, case, agree, run
):
    """Issue 16: once the overdue and escalated notices of an agreement's term are
    recorded, the pass notes that term and skips the agreement (nothing more can come of
    it); a new term is looked at again and gets its own notices."""
    a = agree(case, due_at="2026-12-01")
    first = run(at(2026, 12, 2, 9, 0))  # overdue, not yet escalated
    assert _done_marks(session, a) == (None, None)
    second = run(at(2026, 12, 20, 9, 0))  # escalated: every notice of term 1 recorded
    assert second.recorded >= 1 and _done_marks(session, a) == (1, 1)
    third = run(at(2026, 12, 20, 10, 0))
    assert third.recorded == 0 and third.due == second.due - 2  # overdue, escalated
    # A new term (a decision with a reason) makes it count again, with notices of term 2.
    data = {"due_at": "2027-01-12", "reason": "Ouders zijn ziek geweest"}
    _teacher_changes(session, world, a, update_agreement, data, at(2026, 12, 21, 9, 0))
    assert _done_marks(session, a) == (1, 1)  # the old mark, no longer current
    run(at(2027, 1, 11, 9, 0))  # within two school days of the new term: the reminder
    run(at(2027, 1, 30, 9, 0))  # past the new term and its grace: overdue, escalated
    keys = session.scalars(
        select(EscalationNotice.key)
        .where(EscalationNotice.agreement_id == a.id)
        .order_by(EscalationNotice.id)
    ).all()
    assert keys == [
        f"agreement_overdue:a{a.id}:o1:t1",
        f"agreement_escalated:a{a.id}:o1:t1",
        f"agreement_reminder:a{a.id}:o1:t2",
        f"agreement_escalated:a{a.id}:o1:t2",
        f"agreement_overdue:a{a.id}:o1:t2",
    ]
    assert _done_marks(session, a) == (1, 2)
    assert first.recorded >= 1


def test_a_mark_for_a_term_that_changed_since_is_not_written(session, world, case, agree):
    """The pass notes a term only while it is still the agreement's current one: a change
    between the pass's read and its note leaves the agreement to be looked at again."""
    from thuiszittertafel.escalation import notices

    a = agree(case, due_at="2026-12-01")
    notices.settle(session, [(a.id, 1, 2), (a.id, 2, 1)])  # not its term, not its occurrence
    session.commit()
    assert _done_marks(session, a) == (None, None)
    notices.settle(session, [(a.id, 1, 1)])
    session.commit()
    assert _done_marks(session, a) == (1, 1)


def test_a_paused_agreement_is_not_marked(session, world, case, agree, run):
    """A paused term gives no notices, so nothing of it is noted as recorded: after the
    pause its notices still come."""
    from thuiszittertafel.agreements.services import pause

    a = agree(case, due_at="2026-12-01")
    data = {"paused_until": "2026-12-20", "reason": "Ziekenhuisopname"}
    _teacher_changes(session, world, a, pause, data, FROZEN_NOW)
    run(at(2026, 12, 18, 9, 0))
    assert _done_marks(session, a) == (None, None) and agreement_notices(session) == 0
    run(at(2027, 1, 29, 9, 0))  # the term moved on by the pause, and has passed with grace
    assert _done_marks(session, a) == (1, 2) and agreement_notices(session) == 2


def test_a_pass_whose_marks_fail_still_records_and_the_next_marks(
    session, world, case, agree, run, monkeypatch
):
    """The marks only save later passes work: if writing them fails (a deadlock with a
    parallel pass marking the same rows), the pass's notices stand and the next pass
    writes the marks."""
    from sqlalchemy.exc import OperationalError

    from thuiszittertafel.escalation import notices

    a = agree(case, due_at="2026-12-01")

    def deadlock(session, agreements):
        raise OperationalError("UPDATE agreements …", {}, Exception("deadlock detected"))

    monkeypatch.setattr(notices, "settle", deadlock)
    result = run(at(2026, 12, 20, 9, 0))
    assert result.recorded >= 2 and agreement_notices(session) == 2
    assert _done_marks(session, a) == (None, None)
    monkeypatch.undo()
    assert run(at(2026, 12, 20, 9, 5)).recorded == 0
    assert _done_marks(session, a) == (1, 1)


def test_the_pass_reads_unsettled_agreements_through_their_partial_index():
    """pending_agreements is written as ix_agreements_unsettled's predicate: if the two
    drift apart, the index cannot serve the pass and it reads every open agreement again.
    SQLite's INDEXED BY refuses a query the named index cannot answer ("no query
    solution"), so this fails on any drift."""
    from datetime import UTC, datetime

    from sqlalchemy import create_engine

    import thuiszittertafel.models  # noqa: F401 - every table on the metadata
    from thuiszittertafel.core.models import Base
    from thuiszittertafel.escalation import notices

    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    limit = datetime(2026, 12, 4, tzinfo=UTC)
    query = select(Agreement.id).where(
        *notices.pending_agreements(limit), *notices.Slice(1, 100_001).of(Agreement.case_id)
    )
    compiled = query.compile(engine)
    sql = str(compiled).replace(
        "FROM agreements", "FROM agreements INDEXED BY ix_agreements_unsettled"
    )
    assert "INDEXED BY" in sql
    with engine.connect() as conn:
        plan = conn.exec_driver_sql(
            f"EXPLAIN QUERY PLAN {sql}", tuple(compiled.params.values())
        ).all()
        assert "ix_agreements_unsettled" in plan[0][-1], plan
        # Without the unsettled condition the index cannot answer: the check can fail.
        loose = sql.split(" AND (agreements.notices_done_occurrence")[0]
        with pytest.raises(Exception, match="no query solution"):
            conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {loose}")
