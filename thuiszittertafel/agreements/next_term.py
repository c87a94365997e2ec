"""`Case.next_due_at` and `Case.open_agreements`: the earliest term of a case's open
agreements and how many it has, kept in one place.

The case table sorts on the term and the "termijn verlopen" filter reads it, the
termijnbewaking counts an area's terms by the number (issue 16), so they must never drift
from the agreements. A flush listener notes every case whose agreements
were added, deleted, finished, cancelled, moved or reopened in that flush — whatever
service or test made the change — and recomputes their columns with one UPDATE before the
flush ends. Statements that bypass the unit of work (COPY, executemany, a Core UPDATE of
agreements) call `refresh_next_due` for the cases they touched themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Select, event, func, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from ..cases.models import Case
from .models import Agreement

# The columns of an agreement that decide its case's next term.
_TERM_FIELDS = ("status", "due_at", "case_id")
_CHUNK = 500  # ids per UPDATE: far below every database's bound-parameter limit
_KEY = "next_due_cases"


def derived_next_due():
    """Correlated: the earliest term of a case's open agreements (what the column holds)."""
    return (
        select(func.min(Agreement.due_at))
        .where(Agreement.case_id == Case.id, Agreement.status == "open")
        .correlate(Case)
        .scalar_subquery()
    )


def derived_open_count():
    """Correlated: how many open agreements a case has (what `open_agreements` holds)."""
    return (
        select(func.count())
        .where(Agreement.case_id == Case.id, Agreement.status == "open")
        .correlate(Case)
        .scalar_subquery()
    )


def refresh_next_due(bind, case_ids: Iterable[int] | Select) -> None:
    """Recompute `next_due_at` and `open_agreements` of these cases (ids, or a select of
    ids) on `bind` (a session or a connection) from their open agreements, in the
    caller's transaction."""
    if isinstance(case_ids, Select):
        _update(bind, Case.id.in_(case_ids))
        return
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), _CHUNK):
        _update(bind, Case.id.in_(ids[start : start + _CHUNK]), lock=True)


def _update(bind, condition, *, lock: bool = False) -> None:
    # Core on the session's connection: the flush listener below does not see it again.
    conn = bind if isinstance(bind, Connection) else bind.connection()
    if lock and conn.dialect.name == "postgresql":
        # Take the case rows first (in id order), so the UPDATE's own snapshot starts after
        # a parallel change to the same cases' agreements has committed: a waiting UPDATE
        # alone would recompute from the agreements as they were before that change.
        conn.execute(select(Case.id).where(condition).order_by(Case.id).with_for_update())
    conn.execute(
        update(Case)
        .where(condition)
        .values(next_due_at=derived_next_due(), open_agreements=derived_open_count())
    )


def stale_next_due() -> Select:
    """Cases whose columns differ from their agreements (none, unless a path was missed)."""
    return select(Case.id).where(
        Case.next_due_at.is_distinct_from(derived_next_due())
        | (Case.open_agreements != derived_open_count())
    )


def _touched_cases(session: Session) -> set[int]:
    cases: set[int] = set()
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, Agreement) and obj.case_id is not None:
            cases.add(obj.case_id)
    for obj in session.dirty:
        if not isinstance(obj, Agreement):
            continue
        attrs = inspect(obj).attrs
        for name in _TERM_FIELDS:
            history = getattr(attrs, name).history
            if history.has_changes():
                cases.add(obj.case_id)
                if name == "case_id":  # moved to another case: the old one loses a term
                    cases.update(i for i in history.deleted if i is not None)
    return cases


@event.listens_for(Session, "after_flush")
def _refresh(session: Session, _context) -> None:
    cases = _touched_cases(session)
    if cases:
        refresh_next_due(session, cases)
        session.info.setdefault(_KEY, set()).update(cases)


@event.listens_for(Session, "after_flush_postexec")
def _expire_loaded(session: Session, _context) -> None:
    """A case loaded in this session reads its new term from the database when asked."""
    for case_id in session.info.pop(_KEY, ()):
        case = session.identity_map.get(identity_key(Case, case_id))
        if case is not None:
            session.expire(case, ["next_due_at", "open_agreements"])
