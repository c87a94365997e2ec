"""Store each due notice once and deliver it: the thin layer around the pure engine.

A pass loads the state in a handful of statements (independent of the number of
agreements), asks the engine what is due, drops what earlier passes recorded, looks up
everyone to tell once (a fixed number of statements), and writes the rest in batches of
BATCH notices. Each batch is one transaction: the notice rows (unique key, INSERT … ON
CONFLICT DO NOTHING RETURNING), one notification per recipient (unique key too), and the
actions (escalated flag, leerplicht added, events). Rows go to the driver as plain
parameters (`_insert_rows`: multi-row VALUES on SQLite, unnest(arrays) on PostgreSQL), never
as ORM objects or a VALUES list SQLAlchemy compiles anew for every batch. Only the process
whose insert won delivers, so parallel passes, a crash half-way or a week of downtime still
record every notice once. Live pushes and mail go out after each commit
(notifications/outbox.py, mail.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, aliased

from .. import clock
from ..agreements.models import Agreement
from ..auth.models import Role, User, UserRole
from ..cases.models import Case, CaseEvent, Participation, Pupil
from ..cases.pupils import initials
from ..notifications import outbox
from ..notifications.models import Notification
from ..organisations.models import Organisation, OrgKind, organisation_municipalities
from . import engine
from .calendar import SchoolCalendar
from .model import EscalationModel
from .models import EscalationNotice

BATCH = 10_000  # notices per transaction (a catch-up pass; a normal pass has a handful)
IN_LIST = 2000  # above this many ids the directory loads by filter, not by IN list
# Bound parameters per INSERT statement: ~4,500 notices or ~3,200 notifications.
MAX_PARAMETERS = 32_000


@dataclass
class PassResult:
    now: datetime
    due: int = 0  # notices due in total (recorded earlier or now)
    recorded: int = 0  # notices this pass recorded
    notifications: int = 0
    notification_ids: list[int] = field(default_factory=list)
    mail_ids: list[int] = field(default_factory=list)


# --- loading the state ------------------------------------------------------------------

def load_state(session: Session, now: datetime, rules: engine.Rules,
               calendar: SchoolCalendar, tz: ZoneInfo):
    """Open agreements near or past their term, and open cases: two statements."""
    school, owner = aliased(Organisation), aliased(Organisation)
    limit = engine.horizon(now, rules, calendar, tz, ("noord", "midden", "zuid"))
    region = func.coalesce(school.school_region, owner.school_region, "midden")
    rows = session.execute(
        select(Agreement.id, Agreement.case_id, Agreement.due_at, Agreement.day_count,
               Agreement.occurrence, Agreement.term_version, Agreement.paused_until, region)
        .join(Case, Case.id == Agreement.case_id)
        .outerjoin(school, school.id == Case.school_org_id)
        .join(owner, owner.id == Agreement.owner_org_id)
        .where(Agreement.status == "open", Case.status == "open", Agreement.due_at < limit))
    agreements = [engine.AgreementState(*r) for r in rows]
    cases = [engine.CaseState(*r) for r in session.execute(
        select(Case.id, Case.absent_since, Case.phase, Case.phase_due_on)
        .where(Case.status == "open"))]
    return agreements, cases, limit


def recorded_keys(session: Session, limit: datetime) -> set[str]:
    """Keys already recorded for the state just loaded (two statements)."""
    open_agreements = select(Agreement.id).where(Agreement.status == "open",
                                                 Agreement.due_at < limit)
    keys = set(session.scalars(select(EscalationNotice.key).where(
        EscalationNotice.agreement_id.in_(open_agreements))))
    keys.update(session.scalars(select(EscalationNotice.key).where(
        EscalationNotice.agreement_id.is_(None),
        EscalationNotice.case_id.in_(select(Case.id).where(Case.status == "open")))))
    return keys


# --- recipients ---------------------------------------------------------------------------

@dataclass
class Directory:
    """Who to tell, for the cases of one batch (a fixed number of statements)."""

    cases: dict[int, dict]
    contacts: dict[tuple[int, int], int | None]  # (case, org) -> active contact user
    serving: dict[tuple[str, int], int]  # (kind, municipality) -> organisation
    coordinators: dict[int, list[int]]
    members: dict[int, list[int]]
    active_users: set[int]
    owners: dict[int, tuple[int, int | None, str]]  # agreement -> (org, user, description)
    emails: dict[int, str | None] = field(default_factory=dict)  # active user -> address
    people: dict[int, tuple[list[int], list[int], list[int]]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # case -> "casus 7 (M.V.)"

    def org(self, case_id: int, org_id: int | None) -> list[int]:
        """The organisation's vast aanspreekpunt on this case, else its coordinators."""
        if org_id is None:
            return []
        contact = self.contacts.get((case_id, org_id))
        if contact is not None and contact in self.active_users:
            return [contact]
        return self.coordinators.get(org_id) or self.members.get(org_id, [])

    def person_or_org(self, case_id: int, user_id: int | None, org_id: int | None):
        if user_id is not None and user_id in self.active_users:
            return [user_id]
        return self.org(case_id, org_id)

    def regie_org_of_phase(self, case_id: int, kind: str) -> int | None:
        c = self.cases[case_id]
        if kind == OrgKind.school:
            return c["school_org_id"]
        if kind == OrgKind.swv:
            return c["swv_org_id"]
        return self.serving.get((kind, c["municipality_id"]))

    def leerplicht(self, case_id: int) -> int | None:
        return self.serving.get((OrgKind.leerplicht.value, self.cases[case_id]["municipality_id"]))


def load_directory(session: Session, case_ids: list[int], agreement_ids: list[int],
                   limit: datetime | None = None) -> Directory:
    """Everyone a pass may tell, in six statements whatever the number of notices.

    Up to IN_LIST ids are looked up by id; a catch-up pass with more loads the open cases
    (and the open agreements due before `limit`, the ones `load_state` returned) by filter,
    which keeps within the drivers' parameter limits.
    """
    case_filter = (Case.id.in_(case_ids) if len(case_ids) <= IN_LIST
                   else Case.status == "open")
    cases = {r.id: r._asdict() for r in session.execute(
        select(Case.id, Case.lead_org_id, Case.lead_user_id, Case.school_org_id,
               Case.swv_org_id, Case.phase, Pupil.municipality_id, Pupil.given_name,
               Pupil.family_name)
        .join(Pupil, Pupil.id == Case.pupil_id).where(case_filter))}
    participation_case = (Participation.case_id.in_(case_ids) if len(case_ids) <= IN_LIST
                          else Participation.case_id.in_(
                              select(Case.id).where(Case.status == "open")))
    contacts = {(r.case_id, r.org_id): r.contact_user_id for r in session.execute(
        select(Participation.case_id, Participation.org_id, Participation.contact_user_id)
        .where(participation_case, Participation.ended_on.is_(None)))}
    serving: dict[tuple[str, int], int] = {}
    for kind, muni, org_id in session.execute(
            select(Organisation.kind, organisation_municipalities.c.municipality_id,
                   func.min(Organisation.id))
            .join(organisation_municipalities,
                  organisation_municipalities.c.organisation_id == Organisation.id)
            .group_by(Organisation.kind, organisation_municipalities.c.municipality_id)):
        serving[(str(kind.value if hasattr(kind, "value") else kind), muni)] = org_id
    if len(agreement_ids) <= IN_LIST or limit is None:
        agreement_filter = Agreement.id.in_(agreement_ids)
    else:
        agreement_filter = (Agreement.status == "open") & (Agreement.due_at < limit)
    owners = {r.id: (r.owner_org_id, r.owner_user_id, r.description) for r in session.execute(
        select(Agreement.id, Agreement.owner_org_id, Agreement.owner_user_id,
               Agreement.description).where(agreement_filter))}
    coordinators: dict[int, list[int]] = defaultdict(list)
    members: dict[int, list[int]] = defaultdict(list)
    coordinator = select(UserRole.user_id).where(UserRole.role == Role.coordinator.value)
    active: set[int] = set()
    emails: dict[int, str | None] = {}
    for uid, org_id, email, is_coordinator in session.execute(
            select(User.id, User.org_id, User.email, User.id.in_(coordinator))
            .where(User.active.is_(True)).order_by(User.id)):
        active.add(uid)
        emails[uid] = email
        members[org_id].append(uid)
        if is_coordinator:
            coordinators[org_id].append(uid)
    return Directory(cases, contacts, serving, dict(coordinators), dict(members), active,
                     owners, emails)


def _case_people(n: engine.Notice, d: Directory, model: EscalationModel):
    """(regie, next phase's regie, leerplicht) of the notice's case, worked out once a pass.

    Safe to keep: nothing a pass does changes who these are (a leerplicht participation
    it adds has no vast aanspreekpunt, so its coordinators stay the ones told).
    """
    people = d.people.get(n.case_id)
    if people is None:
        c = d.cases[n.case_id]
        regie = d.person_or_org(n.case_id, c["lead_user_id"], c["lead_org_id"])
        numbers = model.phase_numbers
        next_phase = model.phase(min(c["phase"] + 1, numbers[-1]) if c["phase"] in numbers
                                 else numbers[-1])
        next_regie = d.org(n.case_id, d.regie_org_of_phase(n.case_id, next_phase.regie))
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
    elif rule == engine.THREE_MONTHS:
        users = d.org(n.case_id, d.cases[n.case_id]["swv_org_id"]) + leerplicht
    else:
        raise KeyError(rule)
    return list(dict.fromkeys(users))


def text_for(n: engine.Notice, d: Directory, tz: ZoneInfo) -> str:
    """The inbox line: initials and case number, never the pupil's name."""
    who = d.names.get(n.case_id)
    if who is None:
        c = d.cases[n.case_id]
        who = d.names[n.case_id] = (f"casus {n.case_id}"
                                    f" ({initials(c['given_name'], c['family_name'])})")
    if n.agreement_id is not None:
        _, _, description = d.owners[n.agreement_id]
        when = n.due_at.astimezone(tz).strftime("%d-%m-%Y %H:%M")
        return {
            engine.REMINDER: f"Herinnering: afspraak '{description}' bij {who}.",
            engine.OVERDUE: f"De termijn van afspraak '{description}' bij {who} is verlopen.",
            engine.ESCALATED: f"Opgeschaald: een afspraak bij {who} is niet afgerond"
                              f" (opschaling per {when}).",
        }[n.rule]
    return {
        engine.PHASE_TERM: f"De fasetermijn van {who} is verlopen: voorstel om naar de"
                           " volgende fase te gaan (een besluit van wie regie heeft).",
        engine.FOUR_WEEKS: f"{who[0].upper()}{who[1:]}: vier weken zonder onderwijs."
                           " Leerplicht is betrokken.",
        engine.THREE_MONTHS: f"{who[0].upper()}{who[1:]}: drie maanden zonder onderwijs."
                             " De casus is voorgedragen voor de volgende thuiszitterstafel.",
    }[n.rule]


# --- the pass ---------------------------------------------------------------------------

def run_pass(session: Session, now: datetime, *, model: EscalationModel,
             calendar: SchoolCalendar, mail: bool = False, live: bool = True,
             batch: int = BATCH, before_commit: Callable[[int], None] | None = None
             ) -> PassResult:
    """One escalation pass as of `now`; commits once per batch of notices."""
    tz = clock.LOCAL_TZ
    rules = engine.Rules.from_model(model.rules)
    agreements, cases, limit = load_state(session, now, rules, calendar, tz)
    done = recorded_keys(session, limit)
    due = list(engine.due_notices(agreements, cases, now, rules=rules, calendar=calendar,
                                  tz=tz))
    result = PassResult(now=now, due=len(due))
    todo = sorted((n for n in due if n.key not in done), key=lambda n: n.key)
    d = (load_directory(session, sorted({n.case_id for n in todo}),
                        sorted({n.agreement_id for n in todo if n.agreement_id}), limit)
         if todo else None)
    session.commit()  # end the read; each batch is its own write transaction
    for index, start in enumerate(range(0, len(todo), batch)):
        _write_batch(session, todo[start:start + batch], now, d, model, tz, mail, live,
                     result)
        if before_commit is not None:
            before_commit(index)
        session.commit()
    return result


def _memo(process: Callable) -> Callable:
    done: dict = {}

    def convert(value):
        try:
            return done[value]
        except KeyError:
            done[value] = result = process(value)
            return result
    return convert


def _insert_new(session: Session, table, rows: list[dict], *returning: str) -> list:
    """INSERT … ON CONFLICT (key) DO NOTHING RETURNING: the rows this process inserted."""
    return _insert_rows(session, table, rows, returning, unique="key")


def _insert_rows(session: Session, table, rows: list[dict], returning: tuple[str, ...] = (),
                 unique: str | None = None) -> list:
    """Plain INSERT of dicts (all with the same columns); with `unique`, ON CONFLICT DO NOTHING.

    A catch-up pass writes hundreds of thousands of rows, so they go straight to the driver
    with each column's own bind conversion (UTC datetimes) applied as SQLAlchemy would:
    on PostgreSQL one INSERT … SELECT FROM unnest(one array per column), on SQLite multi-row
    VALUES statements of up to MAX_PARAMETERS parameters each (SQLite ≥ 3.32 allows 32,766;
    SQLAlchemy knows the lower limit of older versions). Neither ORM objects nor a VALUES
    list compiled by SQLAlchemy for every batch: that cost 40 s at 100k.
    """
    if not rows:
        return []
    dialect = session.get_bind().dialect
    columns = list(rows[0])
    convert = []
    for i, name in enumerate(columns):
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:  # e.g. UTC datetimes: the same `now` thousands of times
            convert.append((i, _memo(process)))
    mark = "?" if dialect.paramstyle in ("qmark", "numeric") else "%s"
    one = "(" + ", ".join([mark] * len(columns)) + ")"
    quote = dialect.identifier_preparer.quote
    head = f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, columns))}) "
    tail = ((f" ON CONFLICT ({quote(unique)}) DO NOTHING" if unique else "")
            + (" RETURNING " + ", ".join(map(quote, returning)) if returning else ""))
    connection = session.connection()
    if dialect.name == "postgresql":
        # One array per column (psycopg adapts lists): one short statement, whatever the
        # number of rows; PostgreSQL parses a 32,000-parameter VALUES list slowly.
        arrays = [f"%s::{table.c[name].type.compile(dialect)}[]" for name in columns]
        params = [[row[name] for row in rows] for name in columns]
        for i, f in convert:
            params[i] = [f(v) for v in params[i]]
        result = connection.exec_driver_sql(
            head + f"SELECT * FROM unnest({', '.join(arrays)})" + tail, tuple(params))
        return result.all() if returning else []
    per_statement = max(1, min(MAX_PARAMETERS, dialect.insertmanyvalues_max_parameters)
                        // len(columns))
    out = []
    for start in range(0, len(rows), per_statement):
        page = rows[start:start + per_statement]
        params: list = []
        for row in page:
            values = list(row.values())
            for i, f in convert:
                values[i] = f(values[i])
            params += values
        result = connection.exec_driver_sql(
            head + "VALUES " + ", ".join([one] * len(page)) + tail, tuple(params))
        if returning:
            out += result.all()
    return out


def _write_batch(session: Session, notices: list[engine.Notice], now: datetime,
                 d: Directory, model: EscalationModel, tz: ZoneInfo, mail: bool,
                 live: bool, result: PassResult) -> None:
    planned = {n.key: recipients(n, d, model) for n in notices}
    table = EscalationNotice.__table__
    won = {key for key, in _insert_new(session, table, [
        {"key": n.key, "rule": n.rule, "case_id": n.case_id, "agreement_id": n.agreement_id,
         "due_at": n.due_at, "fired_at": now, "recipients": len(planned[n.key])}
        for n in notices], "key")}
    mine = [n for n in notices if n.key in won]  # another process recorded the rest
    if not mine:
        return
    result.recorded += len(mine)
    emails = d.emails if mail else {}
    rows = []
    for n in mine:
        text = text_for(n, d, tz)
        rows += [{"key": f"{n.key}:u{uid}", "user_id": uid, "kind": n.rule,
                  "case_id": n.case_id, "agreement_id": n.agreement_id, "text": text,
                  "created_at": now, "mail_attempts": 0,
                  "mail_state": "pending" if emails.get(uid) else "none"}
                 for uid in planned[n.key]]
    _actions(session, mine, d, now)
    if not rows:
        return
    ntable = Notification.__table__
    inserted = _insert_new(session, ntable, rows, "id", "key", "user_id", "mail_state")
    result.notifications += len(inserted)
    result.notification_ids += [r.id for r in inserted]
    result.mail_ids += [r.id for r in inserted if r.mail_state == "pending"]
    if live and inserted:
        _push(session, inserted, {r["key"]: r for r in rows}, now)


def _push(session: Session, inserted, rows: dict[str, dict], now: datetime) -> None:
    """Queue the live `notification` events; outbox sends them after the commit.

    Built from the rows just inserted (no reload of what this batch wrote) plus one
    statement for the unread counts.
    """
    unread = dict(session.execute(
        select(Notification.user_id, func.count()).where(
            Notification.user_id.in_({r.user_id for r in inserted}),
            Notification.read_at.is_(None)).group_by(Notification.user_id)).all())
    created_at = now.astimezone(UTC)
    for r in inserted:
        row = rows[r.key]
        outbox.push(session, SimpleNamespace(
            id=r.id, user_id=r.user_id, kind=row["kind"], text=row["text"],
            case_id=row["case_id"], note_id=None, agreement_id=row["agreement_id"],
            created_at=created_at, read_at=None, mail_state=r.mail_state),
            unread.get(r.user_id, 0))


def _actions(session: Session, notices: list[engine.Notice], d: Directory,
             now: datetime) -> None:
    """What a notice does besides telling people, in the same transaction."""
    events = []
    escalated = sorted({n.case_id for n in notices if n.rule == engine.ESCALATED})
    if escalated:
        session.execute(update(Case).where(Case.id.in_(escalated)).values(escalated=True))
    participations = []
    today = now.astimezone(clock.LOCAL_TZ).date()
    for n in notices:
        if n.rule == engine.ESCALATED:
            events.append((n.case_id, "escalated", f"Opgeschaald: afspraak {n.agreement_id}"
                           " is niet op tijd afgerond. De markering blijft tot iemand met"
                           " regie in actie komt."))
        elif n.rule == engine.PHASE_TERM:
            events.append((n.case_id, "phase_term_breached", "Fasetermijn verlopen: voorstel"
                           " aan de regiehouder om naar de volgende fase te gaan."))
        elif n.rule == engine.FOUR_WEEKS:
            org_id = d.leerplicht(n.case_id)
            if org_id is not None and (n.case_id, org_id) not in d.contacts:
                participations.append({"case_id": n.case_id, "org_id": org_id,
                                       "started_on": today})
                d.contacts[(n.case_id, org_id)] = None
            events.append((n.case_id, "case_4_weeks", "Vier weken zonder onderwijs"
                           " (langdurig relatief verzuim): leerplicht is betrokken en"
                           " bericht."))
        elif n.rule == engine.THREE_MONTHS:
            events.append((n.case_id, "case_3_months", "Drie maanden zonder onderwijs: de"
                           " casus is voorgedragen voor de volgende thuiszitterstafel; de"
                           " SWV-coördinator en leerplicht zijn bericht."))
    if participations:
        _insert_rows(session, Participation.__table__, participations)
    if events:
        _insert_rows(session, CaseEvent.__table__, [
            {"case_id": c, "at": now, "actor_id": None, "kind": k, "description": t}
            for c, k, t in events])

