"""Meeting suggestions over more candidate cases than a statement may bind parameters for.

PostgreSQL refuses more than 65,535 bind parameters in one statement (SQLite's limit depends
on the build): the suggestions must never bind one per case. At 100k cases the request failed
with a 500 on PostgreSQL; this test failed the same way before the fix.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, insert, literal, select, text

from thuiszittertafel import clock
from thuiszittertafel.cases.models import Case, Pupil
from thuiszittertafel.meetings.suggestions import suggestions

MANY = 65_536  # one more than PostgreSQL's limit of bind parameters per statement
OFFSET = 1_000_000  # ids of the copies, past everything the fixtures made


def _copy_case(session, template: Case, copies: int) -> None:
    """Insert `copies` copies of the template's pupil and case in two statements."""
    numbers = select(literal(1).label("n")).cte("numbers", recursive=True)
    numbers = numbers.union_all(select(numbers.c.n + 1).where(numbers.c.n < copies))
    for model, key in ((Pupil, template.pupil_id), (Case, template.id)):
        table = model.__table__
        shifted = {"id", "pupil_id"}
        columns = [(c + OFFSET + numbers.c.n) if c.name in shifted else c for c in table.columns]
        session.execute(
            insert(table).from_select(
                [c.name for c in table.columns],
                select(*columns)
                .select_from(table)
                .join(numbers, literal(True))
                .where(table.c.id == key),
            )
        )
        # The planner's statistics, as PRAGMA optimize (SQLite, when a connection closes) or
        # autovacuum (PostgreSQL) would have them after such growth. Without them SQLite
        # still counts one pupil and looked each case's pupil up by scanning all of them.
        session.execute(text(f"ANALYZE {table.name}"))
    session.commit()


def test_suggestions_over_more_cases_than_bind_parameters(session, world, make_case, api):
    escalated = make_case(world.teacher, absent_since=date(2026, 10, 1))
    escalated.escalated = True
    # Two reasons: escalated and three months at home; most reasons come first.
    urgent = make_case(world.teacher, absent_since=date(2026, 6, 1))
    urgent.escalated = True
    session.commit()
    _copy_case(session, escalated, MANY)
    assert session.scalar(select(func.count()).select_from(Case)) == MANY + 2

    found = suggestions(session, world.swv_coordinator, now=clock.now(), today=clock.today())
    assert len(found) == 100
    assert found[0].case.id == urgent.id
    assert found[0].reasons == ["escalated", "three_months"]
    assert {tuple(s.reasons) for s in found[1:]} == {("escalated",)}
    assert [s.case.id for s in found[1:]] == sorted(s.case.id for s in found[1:])
    assert found[1].case.id == escalated.id
    assert all(s.times_discussed == 0 for s in found)

    response = api(world.swv_coordinator).get("/api/v1/meetings/suggestions")
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert len(items) == 100 and items[0]["case_id"] == urgent.id
    # A user who sees none of them gets none, however many there are.
    assert api(world.far_worker).get("/api/v1/meetings/suggestions").get_json() == {"items": []}
