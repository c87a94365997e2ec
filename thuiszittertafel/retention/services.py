"""Retention: closed cases are anonymised some years after closing (issue 15 item 6).

What identifies the pupil or is free text goes: names, the onderwijsnummer, every note,
message, agreement, blocker, party, consent and event text. What the yearly reports count
stays: the case row with its dates, kind, outcome and phase, every row (so counts of notes,
agreements, meetings stay right), and the pupil's birth date — the law's day-exact limits
(leerplichtig until the end of the school year of the 16th birthday, kwalificatieplichtig
until the 18th) decide past years' counts, and a coarser date changes them. The pupil
becomes "Geanonimiseerd leerling <n>" with one number per child (name and birth date as the
reports count children), so a child with two cases stays one child.

The audit log is never touched: its rows hold ids, and its hash chain must stay whole.

Exactly once with several processes: each case is claimed with
`UPDATE cases SET anonymised_at = now WHERE id = ? AND anonymised_at IS NULL` inside the
batch's transaction; a second process waits for the first's commit and then claims nothing
(PostgreSQL: it skips the rows the first has locked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from ..audit import services as audit
from ..cases import pupils
from ..cases.models import Case, Pupil
from .tables import BY_CASE, BY_PARENT

ANONYMOUS_GIVEN_NAME = "Geanonimiseerd"
BATCH_SIZE = 100


def cutoff(now: datetime, years: int) -> datetime:
    """The moment `years` before `now`: cases closed before it are due (29 Feb → 28 Feb)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def due_query(now: datetime, years: int) -> Select:
    """Closed, not yet anonymised cases whose closing is more than `years` ago, oldest first."""
    return (
        select(Case.id, Case.closed_at)
        .where(
            Case.status == "closed",
            Case.closed_at.is_not(None),
            Case.closed_at < cutoff(now, years),
            Case.anonymised_at.is_(None),
        )
        .order_by(Case.closed_at, Case.id)
    )


@dataclass
class RunResult:
    dry_run: bool
    cutoff: datetime
    # (case id, closed at): what is due (dry run) or was anonymised by this run.
    cases: list[tuple[int, datetime]] = field(default_factory=list)

    @property
    def case_ids(self) -> list[int]:
        return [case_id for case_id, _ in self.cases]


def dry_run(session: Session, *, now: datetime, years: int, audit_key: str) -> RunResult:
    """What a run would anonymise now; changes nothing but the audit row of the look."""
    result = RunResult(True, cutoff(now, years), list(session.execute(due_query(now, years))))
    _record(session, audit_key, now, result)
    session.commit()
    return result


def run(
    session: Session, *, now: datetime, years: int, audit_key: str, batch_size: int = BATCH_SIZE
) -> RunResult:
    """Anonymise every due case, in batches of one transaction each; one audit row per
    batch that anonymised something, in that batch's transaction (its ids)."""
    result = RunResult(False, cutoff(now, years))
    while True:
        done = _batch(session, now=now, years=years, batch_size=batch_size)
        if not done:
            # Pupils another process left named (their cases were anonymised in parallel).
            anonymise_pupils(session)
            session.commit()
            return result
        _record(session, audit_key, now, RunResult(False, result.cutoff, done))
        session.commit()
        result.cases.extend(done)


def _batch(session: Session, *, now, years, batch_size) -> list[tuple[int, datetime]]:
    stmt = due_query(now, years).limit(batch_size)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=Case, skip_locked=True)
    done = []
    for case_id, closed_at in session.execute(stmt).all():
        if _claim(session, case_id, now):
            anonymise_case(session, case_id)
            done.append((case_id, closed_at))
    if done:
        ids = [i for i, _ in done]
        anonymise_pupils(session, select(Case.pupil_id).where(Case.id.in_(ids)))
    return done


def _claim(session: Session, case_id: int, now: datetime) -> bool:
    claimed = session.execute(
        update(Case)
        .where(Case.id == case_id, Case.anonymised_at.is_(None))
        .values(anonymised_at=now)
        .execution_options(synchronize_session=False)
    )
    return claimed.rowcount == 1


def anonymise_case(session: Session, case_id: int) -> None:
    """Remove what identifies the pupil from one (claimed) case and what hangs off it."""
    _clear(session, Case, Case.id == case_id, {"summary": None})
    for model, values in BY_CASE.values():
        if values:
            _clear(session, model, model.case_id == case_id, values)
    for model, parent, column, values in BY_PARENT.values():
        parent_model = BY_CASE[parent][0]
        parents = select(parent_model.id).where(parent_model.case_id == case_id)
        _clear(session, model, getattr(model, column).in_(parents), values)


def _clear(session: Session, model, condition, values: dict) -> None:
    session.execute(
        update(model).where(condition).values(**values).execution_options(synchronize_session=False)
    )


def anonymise_pupils(session: Session, pupil_ids=None) -> int:
    """Anonymise pupil rows none of whose cases is left un-anonymised (all of them, or those
    in `pupil_ids`); the number of rows. A child's rows (same name and birth date, the way
    the reports count one child) go together, once all their cases have gone, and all get
    the lowest of their ids as number: the child is still counted once. A pupil row of a
    case that is still open or not yet due keeps its name, and so does the child's other."""
    done = 0
    for pupil in session.scalars(_settled_pupils(pupil_ids)).all():
        if pupil.given_name != ANONYMOUS_GIVEN_NAME:
            done += _anonymise_child(session, pupil)
    return done


def _settled_pupils(pupil_ids) -> Select:
    waiting = select(Case.id).where(Case.pupil_id == Pupil.id, Case.anonymised_at.is_(None))
    anonymised = select(Case.id).where(Case.pupil_id == Pupil.id, Case.anonymised_at.is_not(None))
    stmt = select(Pupil).where(
        Pupil.given_name != ANONYMOUS_GIVEN_NAME, anonymised.exists(), ~waiting.exists()
    )
    return stmt if pupil_ids is None else stmt.where(Pupil.id.in_(pupil_ids))


def _anonymise_child(session: Session, pupil: Pupil) -> int:
    me = pupils.identity(pupil.given_name, pupil.family_name, pupil.birth_date)
    same_day = session.execute(
        select(Pupil.id, Pupil.given_name, Pupil.family_name).where(
            Pupil.birth_date == pupil.birth_date
        )
    )
    child = [
        r.id
        for r in same_day
        if pupils.identity(r.given_name, r.family_name, pupil.birth_date) == me
    ]
    if session.scalar(
        select(Case.id).where(Case.pupil_id.in_(child), Case.anonymised_at.is_(None)).limit(1)
    ):
        return 0
    family_name = f"leerling {min(child)}"
    names = {
        "search_name": pupils.search_name(ANONYMOUS_GIVEN_NAME, family_name),
        "sort_name": pupils.sort_name(ANONYMOUS_GIVEN_NAME, family_name),
    }
    session.execute(
        update(Pupil)
        .where(Pupil.id.in_(child))
        .values(
            given_name=ANONYMOUS_GIVEN_NAME, family_name=family_name, onderwijsnummer=None, **names
        )
        .execution_options(synchronize_session=False)
    )
    # The cases' copies of the name (`Case.search_name`, `Case.sort_name`) go with it.
    session.execute(
        update(Case)
        .where(Case.pupil_id.in_(child))
        .values(**names)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()
    return len(child)


def _record(session: Session, key: str, now: datetime, result: RunResult) -> None:
    audit.record(
        session,
        key=key,
        actor=None,
        action="retention.dry_run" if result.dry_run else "retention.run",
        now=now,
        detail={
            "cutoff": result.cutoff.isoformat(),
            "case_ids": result.case_ids,
            "closed_at": {str(i): _day(c) for i, c in result.cases},
        },
    )


def _day(moment: datetime | date | None) -> str | None:
    return moment.isoformat() if moment else None
