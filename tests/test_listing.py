"""core.listing.counted_lists: each list's count and page from one pass, as the pages that
use it read them (Mijn afspraken, page by page), against an ordered, offset statement and
a count per list. The termijnbewaking's pages (read per gemeente, tests/agreements/
test_term_watch.py) are paged through beside them: every row once."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from sqlalchemy import select

from tests.listing import ids, plain_list
from thuiszittertafel import clock
from thuiszittertafel.agreements import queries
from thuiszittertafel.agreements.services import create_agreement
from thuiszittertafel.core.listing import counted_lists


def _ids(rows) -> list[tuple]:
    return [ids(row) for row in rows]


def test_pages_of_the_agreement_lists_follow_the_order_without_gaps_or_repeats(
    session, world, make_case, monkeypatch
):
    rnd = random.Random(10)
    for n in range(9):
        case_ = make_case(world.teacher, municipality=rnd.choice([world.zaltbommel, world.tiel]))
        for _ in range(rnd.randint(1, 3)):
            made = create_agreement(
                session,
                world.teacher,
                case_,
                "participant",
                {
                    "description": f"Afspraak {n}",
                    "owner_org_id": world.school.id,
                    "due_at": "2027-01-20",
                },
                now=clock.now(),
            )
            # equal terms on purpose: the id decides between them
            made.due_at = datetime(2026, rnd.choice([11, 12]), rnd.choice([1, 20]), 16, tzinfo=UTC)
            if rnd.random() < 0.2:
                made.status = "done"
                made.closed_at = datetime(2026, 11, rnd.randint(1, 24), 12, tzinfo=UTC)
    session.commit()
    checked = []
    counted = counted_lists

    loads = []

    def against_one_statement_per_list(session_, base, key, wanted, *, limit, offset=0, load=None):
        got = counted(session_, base, key, wanted, limit=limit, offset=offset, load=load)
        if load is not None:  # the rows loaded by id are the page's, from an unfenced shape
            assert "OFFSET" in str(base) and "OFFSET" not in str(load[0])
            loads.append(load)
        for (cond, order), (total, rows) in zip(wanted, got, strict=True):
            stmt = base if cond is None else base.where(cond)
            plain = plain_list(session_, stmt, key, order, limit=limit, offset=offset, load=load)
            assert (total, _ids(rows)) == plain
            checked.append(total)
        return got

    monkeypatch.setattr(queries, "counted_lists", against_one_statement_per_list)
    now = clock.now()
    reads = {
        "term_watch": lambda o: queries.term_watch(session, world.lpa, now, offset=o, limit=4),
        "open": lambda o: queries.my_agreements(session, world.teacher, offset=o, limit=4),
        "done": lambda o: queries.my_agreements(
            session, world.teacher, status="done", offset=o, limit=4
        ),
        "all": lambda o: queries.my_agreements(
            session, world.teacher, status="all", offset=o, limit=4
        ),
        "other school": lambda o: queries.my_agreements(
            session, world.school2_worker, offset=o, limit=4
        ),
    }
    for name, read in reads.items():
        first, total = read(0)
        seen = [row[0].id for row in first]
        for offset in range(4, total + 4, 4):
            rows, again = read(offset)
            assert again == total, name
            seen += [row[0].id for row in rows]
        assert len(seen) == len(set(seen)) == total, name  # every one once
    assert max(checked) > 8 and 0 in checked
    assert loads  # Mijn afspraken loads its page by id


def test_two_orders_that_print_alike_stay_two_orders(session, world, make_case):
    """Two lists ordered by CASE expressions that differ only in their values (their SQL
    text is the same) each keep their own order: the CTE holds one key per expression."""
    from sqlalchemy import case

    from thuiszittertafel.agreements.models import Agreement
    from thuiszittertafel.cases.models import Case
    from thuiszittertafel.core import policy

    case_ = make_case(world.teacher)
    for month in (1, 3, 5, 7):
        made = create_agreement(
            session,
            world.teacher,
            case_,
            "participant",
            {"description": "Gesprek", "owner_org_id": world.school.id, "due_at": "2027-01-20"},
            now=clock.now(),
        )
        made.due_at = datetime(2027, month, 1, 16, tzinfo=UTC)
    session.commit()
    base = (
        select(Agreement, Case, policy.case_access(world.teacher).label("access"))
        .join(Case, Case.id == Agreement.case_id)
        .where(policy.case_visible(world.teacher), Agreement.case_id == case_.id)
    )
    wanted = [
        (
            None,
            (
                case((Agreement.due_at < datetime(2027, m, 15, tzinfo=UTC), 0), else_=1),
                Agreement.id.desc(),
            ),
        )
        for m in (2, 6)
    ]
    got = counted_lists(session, base, Agreement.id, wanted, limit=4)
    for (_, order), (total, rows) in zip(wanted, got, strict=True):
        expected = session.execute(base.order_by(*order))
        assert (total, _ids(rows)) == (4, _ids(expected))
    months = [[row[0].due_at.month for row in rows] for _, rows in got]
    assert months == [[1, 7, 5, 3], [5, 3, 1, 7]]
