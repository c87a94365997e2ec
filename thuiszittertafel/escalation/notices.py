"""Store each due notice once and deliver it: the thin layer around the pure engine.

A pass loads the state in a handful of statements (independent of the number of
agreements; an agreement whose term has had every notice is skipped: `settle`), asks the
engine what is due, drops what earlier passes recorded, looks up
everyone to tell once (a fixed number of statements), and writes the rest in batches of
BATCH notices. Each batch is one transaction: the notice rows (unique key, INSERT … ON
CONFLICT DO NOTHING RETURNING), one notification per recipient (unique key too), and the
actions (escalated flag, leerplicht added, events, the three-month case put forward for
the next thuiszitterstafel: meetings/forward.py). Rows go to the driver as plain column
lists (core/bulk.py: multi-row VALUES on SQLite, unnest(binary arrays) on PostgreSQL),
never as ORM objects or a VALUES list SQLAlchemy compiles anew for every batch. Only the
process whose insert won acts and delivers, so parallel passes, a crash half-way or a week
of downtime still record every notice once. Who is told and how is the services' rule too:
notifications/recipients.py resolves an organisation to people, notifications/writer.py
keeps those who may see the case, stores, and queues live pushes and mail for after each
commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Table,
    and_,
    any_,
    bindparam,
    func,
    literal,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy import case as sql_case
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, aliased

from .. import clock
from ..agreements.models import Agreement
from ..cases import law
from ..cases.models import Case, CaseEvent, Exemption, Participation
from ..cases.pupils import initials
from ..core.bulk import insert_rows, memo
from ..core.collector import collector_paused
from ..core.models import Base
from ..meetings.forward import Placement, put_forward
from ..notifications import writer
from ..notifications.recipients import IN_LIST, CaseInfo, Recipients, load_parts
from ..organisations.models import Organisation, OrgKind
from . import engine
from .calendar import SchoolCalendar
from .model import EscalationModel
from .models import EscalationNotice

log = logging.getLogger(__name__)

# A three-month case goes on a thuiszitterstafel agenda by itself only when the three
# months were reached within one table cycle (six weeks) before the pass.
FORWARD_WINDOW = timedelta(weeks=6)
BATCH = 10_000  # notices per transaction (a catch-up pass; a normal pass has a handful)
# Open cases per slice of a pass, by id: a pass holds one slice's state at a time, so its
# memory stays bounded at any number of cases. A catch-up pass over 100k cases in 80 regions
# peaked at 504 MB in slices of 100k, 298 MB in slices of 25k, in the same time; a normal
# pass takes 2-3 s either way (bench/escalation_pass.py --width).
SLICE = 25_000


@dataclass
class PassResult:
    now: datetime
    due: int = 0  # notices due in total (recorded earlier or now)
    recorded: int = 0  # notices this pass recorded
    notifications: int = 0
    placed: int = 0  # cases this pass put on a thuiszitterstafel agenda
    batches: int = 0  # write transactions committed


# --- loading the state ------------------------------------------------------------------


@dataclass(frozen=True)
class Slice:
    """The cases with first <= id < end: a pass loads and writes one slice at a time."""

    first: int
    end: int

    def of(self, column) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
        """WHERE on a case id column: inside this slice (a range the index serves)."""
        return (column >= self.first, column < self.end)


def case_slices(session: Session, width: int = SLICE) -> list[Slice]:
    """The id ranges of the open cases, `width` ids each (one statement)."""
    first, last = (
        session.connection()
        .execute(select(func.min(Case.id), func.max(Case.id)).where(Case.status == "open"))
        .one()
    )
    if first is None:
        return []
    return [Slice(start, start + width) for start in range(first, last + 1, width)]


def load_state(
    session: Session,
    now: datetime,
    rules: engine.Rules,
    calendar: SchoolCalendar,
    tz: ZoneInfo,
    ids: Slice,
):
    """Open agreements near or past their term, open cases and the vrijstellingen of open
    cases that end on a date still to come, for the cases of one slice: three statements."""
    db = session.connection()  # Core rows: the ORM's row handling costs more than the SQL
    school, owner = aliased(Organisation), aliased(Organisation)
    today = now.astimezone(tz).date()
    limit = engine.horizon(now, rules, calendar, tz, ("noord", "midden", "zuid"))
    region = func.coalesce(school.school_region, owner.school_region, "midden")
    rows = db.execute(
        select(
            Agreement.id,
            Agreement.case_id,
            Agreement.due_at,
            Agreement.day_count,
            Agreement.occurrence,
            Agreement.term_version,
            Agreement.paused_until,
            region,
        )
        .join(Case, Case.id == Agreement.case_id)
        .outerjoin(school, school.id == Case.school_org_id)
        .join(owner, owner.id == Agreement.owner_org_id)
        # The slice on the agreements' own column too: PostgreSQL carries an equality
        # across a join, not a range, and the range reads ix_agreements_unsettled.
        .where(
            Case.status == "open",
            *pending_agreements(limit),
            *ids.of(Agreement.case_id),
            *ids.of(Case.id),
        )
    ).all()  # all at once: row by row costs psycopg a round of Python per row
    agreements = [engine.AgreementState(*r) for r in rows]
    eighteen = memo(lambda born: law.birthday(born, 18))
    cases = [
        engine.CaseState(case_id, absent_since, phase, due_on, runs, eighteen(born), reduced)
        for case_id, absent_since, phase, due_on, runs, born, reduced in db.execute(
            select(
                Case.id,
                Case.absent_since,
                Case.phase,
                Case.phase_due_on,
                case_clock(today),
                Case.birth_date,
                Case.reduced_until,
            ).where(Case.status == "open", *ids.of(Case.id))
        ).all()
    ]
    exemptions = [
        engine.ExemptionState(exemption_id, case_id, ends_on)
        for exemption_id, case_id, ends_on in db.execute(
            select(Exemption.id, Exemption.case_id, Exemption.ends_on)
            .join(Case, Case.id == Exemption.case_id)
            .where(
                Case.status == "open",
                Exemption.decision.in_(law.GRANTED),
                Exemption.ends_on >= today,
                *ids.of(Case.id),
            )
        ).all()
        if ends_on is not None  # always: `ends_on >= today` is never true for NULL
    ]
    return agreements, cases, exemptions, limit


def case_clock(today: date):
    """Which clocks run for a case (engine.CLOCK_*), as the law decides today: the legal
    ones for verzuim that the law applies to (leer- or kwalificatieplichtig, no vrijstelling
    in force), a neutral one for authorised absence, none otherwise."""
    return sql_case(
        (
            law.verzuim_condition() & law.plichtig_condition(today) & ~law.exempt_condition(today),
            literal(engine.CLOCK_VERZUIM),
        ),
        (
            Case.absence_authorised.is_(True) & law.plichtig_condition(today),
            literal(engine.CLOCK_AUTHORISED),
        ),
        else_=literal(None),
    ).label("clock")


def pending_agreements(limit: datetime) -> list[ColumnElement[bool]]:
    """The open agreements a pass looks at: due before `limit`, and not settled (`settle`:
    every notice of their current occurrence and term recorded). A settled agreement gives
    nothing new: its reminder only comes before the term, which had passed when it was
    settled (time only moves on), and the overdue and escalated notices are recorded; a new
    term or occurrence changes its key and makes it unsettled by itself. The conditions
    are written as the partial index ix_agreements_unsettled's (literal 'open'), so both
    databases read only the unsettled rows."""
    return [
        Agreement.status == literal_column("'open'"),
        Agreement.notices_done_occurrence.is_distinct_from(Agreement.occurrence)
        | Agreement.notices_done_term_version.is_distinct_from(Agreement.term_version),
        Agreement.due_at < limit,
    ]


def settle(session: Session, agreements: list[tuple[int, int, int]]) -> None:
    """Note for each (id, occurrence, term_version) that all its notices are recorded, if
    that is still the agreement's current occurrence and term (a change since is looked
    at again by the next pass). One statement per BATCH agreements."""
    db = session.connection()
    postgres = db.dialect.name == "postgresql"
    for start in range(0, len(agreements), BATCH):
        chunk = agreements[start : start + BATCH]
        if postgres:  # one statement over arrays, not one round trip per row
            ids, occurrences, terms = (list(column) for column in zip(*chunk, strict=True))
            db.execute(_SETTLE_PG, {"ids": ids, "occurrences": occurrences, "terms": terms})
        else:
            db.execute(_SETTLE, [{"aid": a, "occ": o, "term": t} for a, o, t in chunk])


_SETTLE = (
    update(Agreement)
    .where(
        Agreement.id == bindparam("aid"),
        Agreement.occurrence == bindparam("occ"),
        Agreement.term_version == bindparam("term"),
    )
    .values(notices_done_occurrence=bindparam("occ"), notices_done_term_version=bindparam("term"))
    .execution_options(synchronize_session=False)
)
_SETTLE_PG = text(
    "UPDATE agreements SET notices_done_occurrence = v.occ, notices_done_term_version = v.term"
    " FROM unnest(CAST(:ids AS integer[]), CAST(:occurrences AS integer[]),"
    " CAST(:terms AS integer[])) AS v(id, occ, term)"
    " WHERE agreements.id = v.id AND agreements.occurrence = v.occ"
    " AND agreements.term_version = v.term"
)


def recorded_keys(session: Session, limit: datetime, ids: Slice) -> set[str]:
    """Keys already recorded for the state just loaded (two statements)."""
    db = session.connection()
    open_agreements = select(Agreement.id).where(
        *pending_agreements(limit), *ids.of(Agreement.case_id)
    )
    keys = set(
        db.scalars(
            select(EscalationNotice.key).where(EscalationNotice.agreement_id.in_(open_agreements))
        )
    )
    keys.update(
        db.scalars(
            select(EscalationNotice.key).where(
                EscalationNotice.agreement_id.is_(None),
                EscalationNotice.case_id.in_(
                    select(Case.id).where(Case.status == "open", *ids.of(Case.id))
                ),
            )
        )
    )
    return keys


# --- recipients ---------------------------------------------------------------------------


@dataclass
class Directory(Recipients):
    """Who to tell, for the cases of one batch (notifications/recipients.py), with what
    the engine's rules add: agreement owners and each case's people worked out once."""

    owners: dict[int, tuple[int, int | None, str]] = field(default_factory=dict)
    people: dict[int, tuple[list[int], list[int], list[int]]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # case -> "casus 7 (M.V.)"
    # (phase, case kind) -> the next phase's regie
    next_regie: dict[tuple[int, str], str] = field(default_factory=dict)

    def regie_org_of_phase(self, case_id: int, kind: str) -> int | None:
        c = self.cases[case_id]
        if kind == OrgKind.school:
            return c.school_org_id
        if kind == OrgKind.swv:
            return c.swv_org_id
        return self.serving.get((kind, c.municipality_id))


def load_directory(
    session: Session,
    case_ids: list[int],
    agreement_ids: list[int],
    limit: datetime | None = None,
    today: date | None = None,
    ids: Slice | None = None,
) -> Directory:
    """Everyone a pass may tell (notifications.recipients.load_parts: seven statements
    whatever the number of notices) and the owners of its agreements (one more).

    Up to IN_LIST agreement ids are looked up by id; a catch-up pass with more loads the
    open agreements due before `limit` (the ones `load_state` returned) by filter, within
    the slice `ids`.
    """
    agreement_filter: ColumnElement[bool]
    if len(agreement_ids) <= IN_LIST or limit is None:
        agreement_filter = Agreement.id.in_(agreement_ids)
    else:
        agreement_filter = and_(
            Agreement.status == "open",
            Agreement.due_at < limit,
            *(ids.of(Agreement.case_id) if ids else ()),
        )
    owners = {
        r[0]: r[1:]
        for r in session.connection()
        .execute(
            select(
                Agreement.id, Agreement.owner_org_id, Agreement.owner_user_id, Agreement.description
            ).where(agreement_filter)
        )
        .all()
    }
    within = ids.of(Case.id) if ids else ()
    parts = load_parts(session, case_ids, today=today, within=within)
    return Directory(**parts, owners=owners)


def _case_people(n: engine.Notice, d: Directory, model: EscalationModel):
    """(regie, next phase's regie, leerplicht) of the notice's case, worked out once a pass.

    Safe to keep: nothing a pass does changes who these are (a leerplicht participation
    it adds has no vast aanspreekpunt, so its coordinators stay the ones told).
    """
    people = d.people.get(n.case_id)
    if people is None:
        c = d.cases[n.case_id]
        regie = d.person_or_org(n.case_id, c.lead_user_id, c.lead_org_id)
        next_kind = d.next_regie.get((c.phase, c.kind))
        if next_kind is None:
            numbers = model.phase_numbers
            next_kind = d.next_regie[(c.phase, c.kind)] = model.phase(
                min(c.phase + 1, numbers[-1]) if c.phase in numbers else numbers[-1], c.kind
            ).regie
        next_regie = d.org(n.case_id, d.regie_org_of_phase(n.case_id, next_kind))
        leerplicht = d.org(n.case_id, d.leerplicht(n.case_id))
        people = d.people[n.case_id] = (regie, next_regie, leerplicht)
    return people


def recipients(n: engine.Notice, d: Directory, model: EscalationModel) -> list[int]:
    """One list of users per notice, each user once (DESIGN §8)."""
    regie, next_regie, leerplicht = _case_people(n, d, model)
    rule = n.rule
    if n.agreement_id is not None:
        org_id, user_id, _ = d.owners[n.agreement_id]
        owner = d.person_or_org(n.case_id, user_id, org_id)
        if rule == engine.REMINDER:
            users = owner
        elif rule == engine.OVERDUE:
            users = owner + regie
        elif rule == engine.ESCALATED:
            users = next_regie + leerplicht
        else:
            raise KeyError(rule)
    elif rule == engine.PHASE_TERM:
        users = regie + next_regie
    elif rule == engine.FOUR_WEEKS:
        users = leerplicht
    elif rule == engine.FOUR_WEEKS_AUTHORISED:
        # No leerplicht task (seed 001): the school's casusregisseur and the jeugdarts.
        c = d.cases[n.case_id]
        school = (
            regie
            if c.lead_org_id is not None and c.lead_org_id == c.school_org_id
            else d.org(n.case_id, c.school_org_id)
        )
        users = school + d.org(n.case_id, d.serving.get((OrgKind.ggd.value, c.municipality_id)))
    elif rule == engine.THREE_MONTHS:
        users = d.org(n.case_id, d.cases[n.case_id].swv_org_id) + leerplicht
    elif rule == engine.EIGHTEEN:
        # Leerplicht only where it takes part: a sick child's case is no leerplicht task.
        involved = (n.case_id, d.leerplicht(n.case_id)) in d.contacts
        users = regie + (leerplicht if involved else [])
    elif rule == engine.REDUCED_TIMETABLE_ENDING:
        users = regie + d.org(n.case_id, d.cases[n.case_id].school_org_id)
    elif rule == engine.EXEMPTION_ENDING:
        users = leerplicht  # only leerplicht grants or renews a vrijstelling
    else:
        raise KeyError(rule)
    return list(dict.fromkeys(users))


def text_for(
    n: engine.Notice,
    d: Directory,
    tz: ZoneInfo,
    placement: Placement | None = None,
    late: bool = False,
) -> str:
    """The inbox line: initials and case number, never the pupil's name."""
    who = d.names.get(n.case_id)
    if who is None:
        c = d.cases[n.case_id]
        who = d.names[n.case_id] = f"casus {n.case_id} ({initials(c.given_name, c.family_name)})"
    if n.agreement_id is not None:
        _, _, description = d.owners[n.agreement_id]
        when = n.due_at.astimezone(tz).strftime("%d-%m-%Y %H:%M")
        return {
            engine.REMINDER: f"Herinnering: afspraak '{description}' bij {who}.",
            engine.OVERDUE: f"De termijn van afspraak '{description}' bij {who} is verlopen.",
            engine.ESCALATED: f"Opgeschaald: een afspraak bij {who} is niet afgerond"
            f" (opschaling per {when}).",
        }[n.rule]
    if n.rule == engine.THREE_MONTHS:
        return (
            f"{who[0].upper()}{who[1:]}: drie maanden zonder onderwijs."
            f" {put_forward_text(placement, tz, late)}"
        )
    on = f"{n.on:%d-%m-%Y}" if n.on is not None else ""
    return {
        engine.EIGHTEEN: f"{who[0].upper()}{who[1:]}: 18 jaar geworden op {on}; de leer- en"
        " kwalificatieplicht is voorbij. Sluit de casus met uitkomst '18 jaar', of leg vast"
        " waarom hij openblijft.",
        engine.REDUCED_TIMETABLE_ENDING: f"Het verkort rooster bij {who} loopt af op {on}."
        " Evalueer het met ouders en jongere en leg de vervolgstap vast: terug naar het"
        " volledige rooster, of verlengen met reden (leerplicht informeren).",
        engine.EXEMPTION_ENDING: f"De vrijstelling bij {who} loopt af op {on}. Behandel op"
        " tijd een verlenging of leg vast dat hij afloopt.",
        engine.PHASE_TERM: f"De fasetermijn van {who} is verlopen: voorstel om naar de"
        " volgende fase te gaan (een besluit van wie regie heeft).",
        engine.FOUR_WEEKS: f"{who[0].upper()}{who[1:]}: vier weken zonder onderwijs"
        f" ({_four_weeks_term(d.cases[n.case_id])}). Leerplicht is betrokken.",
        engine.FOUR_WEEKS_AUTHORISED: f"{who[0].upper()}{who[1:]}: vier weken geoorloofd"
        " afwezig. Geen verzuim; school en jeugdarts volgen de leerling.",
    }[n.rule]


def _four_weeks_term(c: CaseInfo) -> str:
    return "langdurig relatief verzuim" if c.school_org_id is not None else "absoluut verzuim"


def put_forward_text(placement: Placement | None, tz: ZoneInfo, late: bool = False) -> str:
    """Where a three-month case was put forward: the meeting and its date, or not yet."""
    if late:
        return (
            "De drie maanden zijn al langer geleden bereikt; de casus staat bij de"
            " voorstellen voor de agenda van de thuiszitterstafel."
        )
    if placement is None:
        return (
            "Er is nog geen thuiszitterstafel gepland waarop de casus kan; hij wordt"
            " voorgedragen voor de volgende thuiszitterstafel zodra die gepland is."
        )
    return (
        f"De casus is voorgedragen voor de thuiszitterstafel '{placement.title}'"
        f" van {placement.starts_at.astimezone(tz):%d-%m-%Y} en staat op de agenda."
    )


# --- the pass ---------------------------------------------------------------------------


def run_pass(
    session: Session,
    now: datetime,
    *,
    model: EscalationModel,
    calendar: SchoolCalendar,
    mail: bool = False,
    live: bool = True,
    batch: int = BATCH,
    width: int = SLICE,
    before_commit: Callable[[int], None] | None = None,
) -> PassResult:
    """One escalation pass as of `now`, one slice of `width` case ids at a time; commits
    once per batch of notices."""
    with collector_paused():
        return _run_pass(session, now, model, calendar, mail, live, batch, width, before_commit)


def _run_pass(
    session: Session,
    now: datetime,
    model: EscalationModel,
    calendar: SchoolCalendar,
    mail: bool,
    live: bool,
    batch: int,
    width: int,
    before_commit: Callable[[int], None] | None,
) -> PassResult:
    tz = clock.LOCAL_TZ
    # clock types it as any tzinfo, but it only ever holds a ZoneInfo (clock.set_timezone).
    assert isinstance(tz, ZoneInfo)
    result = PassResult(now=now)
    rules = engine.Rules.from_model(model.rules)
    for ids in case_slices(session, width):
        todo, d, escalated = _due_in(session, ids, now, rules, calendar, tz, result)
        session.commit()  # end the read; each batch is its own write transaction
        for start in range(0, len(todo), batch):
            assert d is not None  # loaded whenever there is something to do
            chunk = todo[start : start + batch]
            _write_batch(session, chunk, now, d, model, tz, mail, live, result)
            if before_commit is not None:
                before_commit(result.batches)
            result.batches += 1
            session.commit()
        # Every notice of the slice is recorded now (by this pass or a parallel one whose
        # insert won): the agreements that reached their last one need no look again.
        if not escalated:
            continue
        try:
            settle(session, escalated)
            session.commit()
        except OperationalError:  # e.g. a deadlock with a parallel pass marking the same
            session.rollback()  # rows: the marks only save work, the next pass makes them
            log.warning("Afspraken niet gemarkeerd als afgehandeld", exc_info=True)
    return result


def _due_in(
    session: Session,
    ids: Slice,
    now: datetime,
    rules: engine.Rules,
    calendar: SchoolCalendar,
    tz: ZoneInfo,
    result: PassResult,
) -> tuple[list[engine.Notice], Directory | None, list[tuple[int, int, int]]]:
    """The notices of one slice not recorded yet, in key order, whom they may tell, and
    the agreements (id, occurrence, term version) whose last notice is among the due."""
    agreements, cases, exemptions, limit = load_state(session, now, rules, calendar, tz, ids)
    done = recorded_keys(session, limit, ids)
    due = list(
        engine.due_notices(
            agreements, cases, now, rules=rules, calendar=calendar, tz=tz, exemptions=exemptions
        )
    )
    last = {n.agreement_id for n in due if n.rule == engine.ESCALATED}
    # In id order: parallel passes marking the same rows take their locks in one order.
    escalated = sorted((a.id, a.occurrence, a.term_version) for a in agreements if a.id in last)
    del agreements, cases, exemptions  # the slice's state: only the notices are kept
    result.due += len(due)
    todo = sorted((n for n in due if n.key not in done), key=lambda n: n.key)
    if not todo:
        return todo, None, escalated
    d = load_directory(
        session,
        sorted({n.case_id for n in todo}),
        sorted({n.agreement_id for n in todo if n.agreement_id}),
        limit,
        now.astimezone(tz).date(),
        ids,
    )
    return todo, d, escalated


def _table(entity: type[Base]) -> Table:
    """A mapped class's table: SQLAlchemy types `__table__` as any FromClause, but a
    declarative class with its own table (these) has a Table."""
    table = entity.__table__
    assert isinstance(table, Table)
    return table


def _ids(column, ids: list[int], dialect: str):
    """column IN ids; on PostgreSQL = ANY(one array), not thousands of parameters."""
    if dialect == "postgresql":
        return column == any_(literal(ids, ARRAY(Integer)))
    return column.in_(ids)


def _write_batch(
    session: Session,
    notices: list[engine.Notice],
    now: datetime,
    d: Directory,
    model: EscalationModel,
    tz: ZoneInfo,
    mail: bool,
    live: bool,
    result: PassResult,
) -> None:
    planned = [recipients(n, d, model) for n in notices]
    won = _record_notices(session, notices, planned, now)
    # Another process recorded the rest (and acts and delivers for them).
    mine = [(n, told) for n, told in zip(notices, planned, strict=True) if n.key in won]
    if not mine:
        return
    result.recorded += len(mine)
    placements, late = _place_on_agendas(session, [n for n, _ in mine], now, live, result)
    _actions(session, [n for n, _ in mine], d, now, placements, tz, late)
    # Written after the actions: a leerplicht added at four weeks sees the case from now on.
    batch = writer.Batch()
    ranges = [
        batch.tell(
            users,
            key=n.key,
            kind=n.rule,
            text=text_for(n, d, tz, placements.get(n.case_id), n.case_id in late),
            case_id=n.case_id,
            agreement_id=n.agreement_id,
        )
        if users
        else (0, 0)
        for n, users in mine
    ]
    written = writer.write(session, batch, now, mail=mail, live=live, emails=d.emails)
    _recount(session, mine, [sum(written.kept[a:b]) for a, b in ranges])
    result.notifications += written.count


def _record_notices(
    session: Session, notices: list[engine.Notice], planned: list[list[int]], now: datetime
) -> set[str]:
    """Insert the notices' rows; the keys this process won (the unique key decides)."""
    inserted, _count = insert_rows(
        session,
        EscalationNotice.__table__,
        {
            "key": [n.key for n in notices],
            "rule": [n.rule for n in notices],
            "case_id": [n.case_id for n in notices],
            "agreement_id": [n.agreement_id for n in notices],
            "due_at": [n.due_at for n in notices],
            "fired_at": [now] * len(notices),
            "recipients": list(map(len, planned)),
        },
        ("key",),
        unique="key",
    )
    return {key for (key,) in inserted}


def _place_on_agendas(
    session: Session, mine: list[engine.Notice], now: datetime, live: bool, result: PassResult
) -> tuple[dict, frozenset[int]]:
    """Cases that reached three months recently go on an agenda by themselves; after
    go-live or long downtime the older ones (`late`) are suggested to the chair instead of
    all landing on next week's agenda at once."""
    recent = now - FORWARD_WINDOW
    three_months = [n for n in mine if n.rule == engine.THREE_MONTHS]
    late = frozenset(n.case_id for n in three_months if n.due_at < recent)
    placements = put_forward(
        session, [n.case_id for n in three_months if n.case_id not in late], now=now, live=live
    )
    result.placed += sum(p.added for p in placements.values())
    return placements, late


def _recount(session: Session, planned: list[tuple], told: list[int]) -> None:
    """A notice's `recipients` is the number actually told: those who may see the case."""
    changed = [
        {"k": n.key, "n": count}
        for (n, before), count in zip(planned, told, strict=True)
        if count != len(before)
    ]
    if changed:
        table = _table(EscalationNotice)
        session.execute(
            table.update().where(table.c.key == bindparam("k")).values(recipients=bindparam("n")),
            changed,
        )


def _actions(
    session: Session,
    notices: list[engine.Notice],
    d: Directory,
    now: datetime,
    placements: dict[int, Placement],
    tz: ZoneInfo,
    late: frozenset,
) -> None:
    """What a notice does besides telling people, in the same transaction."""
    dialect = session.get_bind().dialect.name
    escalated = sorted({n.case_id for n in notices if n.rule == engine.ESCALATED})
    if escalated:  # Core: nothing in this session holds the cases to synchronise
        session.connection().execute(
            update(_table(Case))
            .where(_ids(Case.id, escalated, dialect), Case.escalated.is_not(True))
            .values(escalated=True)
        )
    participations: dict[str, list] = {"case_id": [], "org_id": [], "started_on": []}
    today: date = now.astimezone(tz).date()
    events: dict[str, list] = {"case_id": [], "kind": [], "description": []}
    for n in notices:
        kind = n.rule
        if n.rule == engine.ESCALATED:
            kind = "escalated"
            text = (
                f"Opgeschaald: afspraak {n.agreement_id} is niet op tijd afgerond. De"
                " markering blijft tot iemand met regie in actie komt."
            )
        elif n.rule == engine.PHASE_TERM:
            text = (
                "Fasetermijn verlopen: voorstel aan de regiehouder om naar de volgende"
                " fase te gaan."
            )
        elif n.rule == engine.FOUR_WEEKS:
            org_id = d.leerplicht(n.case_id)
            if org_id is not None and (n.case_id, org_id) not in d.contacts:
                participations["case_id"].append(n.case_id)
                participations["org_id"].append(org_id)
                participations["started_on"].append(today)
                d.contacts[(n.case_id, org_id)] = None
            text = (
                f"Vier weken zonder onderwijs ({_four_weeks_term(d.cases[n.case_id])}):"
                " leerplicht is betrokken en bericht."
            )
        elif n.rule == engine.FOUR_WEEKS_AUTHORISED:
            text = (
                "Vier weken geoorloofd afwezig: geen verzuim. De casusregisseur van de school"
                " en de jeugdarts zijn bericht."
            )
        elif n.rule == engine.THREE_MONTHS:
            forward = put_forward_text(placements.get(n.case_id), tz, n.case_id in late)
            text = (
                f"Drie maanden zonder onderwijs. {forward} De SWV-coördinator en"
                " leerplicht zijn bericht."
            )
        elif n.rule == engine.EIGHTEEN:
            text = (
                f"18 jaar geworden op {n.on:%d-%m-%Y}: de leer- en kwalificatieplicht is"
                " voorbij. De regiehouder is gevraagd de casus te sluiten."
            )
        elif n.rule == engine.REDUCED_TIMETABLE_ENDING:
            text = f"Het verkort rooster loopt af op {n.on:%d-%m-%Y}: regie en school zijn bericht."
        elif n.rule == engine.EXEMPTION_ENDING:
            text = f"Een vrijstelling loopt af op {n.on:%d-%m-%Y}: leerplicht is bericht."
        else:
            continue
        events["case_id"].append(n.case_id)
        events["kind"].append(kind)
        events["description"].append(text)
    if participations["case_id"]:
        insert_rows(session, Participation.__table__, participations)
    if events["case_id"]:
        size = len(events["case_id"])
        insert_rows(
            session, CaseEvent.__table__, {**events, "at": [now] * size, "actor_id": [None] * size}
        )
