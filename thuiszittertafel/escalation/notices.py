"""Store each due notice once and deliver it: the thin layer around the pure engine.

A pass loads the state in a handful of statements (independent of the number of
agreements), asks the engine what is due, drops what earlier passes recorded, and writes
the rest in batches. Each batch is one transaction: the notice rows (unique key, INSERT …
ON CONFLICT DO NOTHING), one notification per recipient (unique key too), and the actions
(escalated flag, leerplicht added, events). Only the process whose insert won delivers, so
parallel passes, a crash half-way or a week of downtime still record every notice once.
Live pushes and mail go out after each commit (notifications/outbox.py, mail.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
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

BATCH = 500


@dataclass
class PassResult:
    now: datetime
    due: int = 0  # notices due in total (recorded earlier or now)
    recorded: int = 0  # notices this pass recorded
    notifications: int = 0
    notification_ids: list[int] = field(default_factory=list)
    mail_ids: list[int] = field(default_factory=list)


def _insert(session: Session, table):
    dialect = session.get_bind().dialect.name
    return (postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table))


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


def load_directory(session: Session, case_ids: list[int], agreement_ids: list[int]
                   ) -> Directory:
    cases = {r.id: r._asdict() for r in session.execute(
        select(Case.id, Case.lead_org_id, Case.lead_user_id, Case.school_org_id,
               Case.swv_org_id, Case.phase, Pupil.municipality_id, Pupil.given_name,
               Pupil.family_name)
        .join(Pupil, Pupil.id == Case.pupil_id).where(Case.id.in_(case_ids)))}
    contacts = {(r.case_id, r.org_id): r.contact_user_id for r in session.execute(
        select(Participation.case_id, Participation.org_id, Participation.contact_user_id)
        .where(Participation.case_id.in_(case_ids), Participation.ended_on.is_(None)))}
    serving: dict[tuple[str, int], int] = {}
    for kind, muni, org_id in session.execute(
            select(Organisation.kind, organisation_municipalities.c.municipality_id,
                   func.min(Organisation.id))
            .join(organisation_municipalities,
                  organisation_municipalities.c.organisation_id == Organisation.id)
            .group_by(Organisation.kind, organisation_municipalities.c.municipality_id)):
        serving[(str(kind.value if hasattr(kind, "value") else kind), muni)] = org_id
    owners = {r.id: (r.owner_org_id, r.owner_user_id, r.description) for r in session.execute(
        select(Agreement.id, Agreement.owner_org_id, Agreement.owner_user_id,
               Agreement.description).where(Agreement.id.in_(agreement_ids)))}
    coordinators: dict[int, list[int]] = defaultdict(list)
    members: dict[int, list[int]] = defaultdict(list)
    coordinator = select(UserRole.user_id).where(UserRole.role == Role.coordinator.value)
    active: set[int] = set()
    for uid, org_id, is_coordinator in session.execute(
            select(User.id, User.org_id, User.id.in_(coordinator))
            .where(User.active.is_(True)).order_by(User.id)):
        active.add(uid)
        members[org_id].append(uid)
        if is_coordinator:
            coordinators[org_id].append(uid)
    return Directory(cases, contacts, serving, dict(coordinators), dict(members), active,
                     owners)


def recipients(n: engine.Notice, d: Directory, model: EscalationModel) -> list[int]:
    """One list of users per notice, each user once (DESIGN §8)."""
    c = d.cases[n.case_id]
    regie = d.person_or_org(n.case_id, c["lead_user_id"], c["lead_org_id"])
    numbers = model.phase_numbers
    next_phase = model.phase(min(c["phase"] + 1, numbers[-1]) if c["phase"] in numbers
                             else numbers[-1])
    next_regie = d.org(n.case_id, d.regie_org_of_phase(n.case_id, next_phase.regie))
    leerplicht = d.org(n.case_id, d.leerplicht(n.case_id))
    if n.agreement_id is not None:
        org_id, user_id, _ = d.owners[n.agreement_id]
        owner = d.person_or_org(n.case_id, user_id, org_id)
    users = {
        engine.REMINDER: lambda: owner,
        engine.OVERDUE: lambda: owner + regie,
        engine.ESCALATED: lambda: next_regie + leerplicht,
        engine.PHASE_TERM: lambda: regie + next_regie,
        engine.FOUR_WEEKS: lambda: leerplicht,
        engine.THREE_MONTHS: lambda: d.org(n.case_id, c["swv_org_id"]) + leerplicht,
    }[n.rule]()
    return list(dict.fromkeys(users))


def text_for(n: engine.Notice, d: Directory, tz: ZoneInfo) -> str:
    """The inbox line: initials and case number, never the pupil's name."""
    c = d.cases[n.case_id]
    who = f"casus {n.case_id} ({initials(c['given_name'], c['family_name'])})"
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
    session.commit()  # end the read; each batch is its own write transaction
    due = list(engine.due_notices(agreements, cases, now, rules=rules, calendar=calendar,
                                  tz=tz))
    result = PassResult(now=now, due=len(due))
    todo = sorted((n for n in due if n.key not in done), key=lambda n: n.key)
    for index, start in enumerate(range(0, len(todo), batch)):
        _write_batch(session, todo[start:start + batch], now, model, tz, mail, live, result)
        if before_commit is not None:
            before_commit(index)
        session.commit()
    return result


def _write_batch(session: Session, notices: list[engine.Notice], now: datetime,
                 model: EscalationModel, tz: ZoneInfo, mail: bool, live: bool,
                 result: PassResult) -> None:
    d = load_directory(session, sorted({n.case_id for n in notices}),
                       sorted({n.agreement_id for n in notices if n.agreement_id}))
    planned = {n.key: recipients(n, d, model) for n in notices}
    table = EscalationNotice.__table__
    won = set(session.scalars(
        _insert(session, table).values([
            {"key": n.key, "rule": n.rule, "case_id": n.case_id,
             "agreement_id": n.agreement_id, "due_at": n.due_at, "fired_at": now,
             "recipients": len(planned[n.key])} for n in notices])
        .on_conflict_do_nothing(index_elements=["key"]).returning(table.c.key)))
    mine = [n for n in notices if n.key in won]  # another process recorded the rest
    if not mine:
        return
    result.recorded += len(mine)
    everyone = sorted({uid for n in mine for uid in planned[n.key]})
    emails = dict(session.execute(select(User.id, User.email).where(
        User.id.in_(everyone))).all()) if mail and everyone else {}
    rows = []
    for n in mine:
        text = text_for(n, d, tz)
        rows += [{"key": f"{n.key}:u{uid}", "user_id": uid, "kind": n.rule,
                  "case_id": n.case_id, "agreement_id": n.agreement_id, "text": text,
                  "created_at": now, "mail_attempts": 0,
                  "mail_state": "pending" if emails.get(uid) else "none"}
                 for uid in planned[n.key]]
    _actions(session, mine, d, now)
    ntable = Notification.__table__
    for start in range(0, len(rows), 1000):
        inserted = session.execute(
            _insert(session, ntable).values(rows[start:start + 1000])
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(ntable.c.id, ntable.c.user_id, ntable.c.mail_state)).all()
        result.notifications += len(inserted)
        result.notification_ids += [r.id for r in inserted]
        result.mail_ids += [r.id for r in inserted if r.mail_state == "pending"]
        if live and inserted:
            _push(session, [r.id for r in inserted])


def _push(session: Session, ids: list[int]) -> None:
    """Queue the live `notification` events; outbox sends them after the commit."""
    items = list(session.scalars(select(Notification).where(Notification.id.in_(ids))))
    unread = dict(session.execute(
        select(Notification.user_id, func.count()).where(
            Notification.user_id.in_({n.user_id for n in items}),
            Notification.read_at.is_(None)).group_by(Notification.user_id)).all())
    for n in items:
        outbox.push(session, n, unread.get(n.user_id, 0))


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
        session.execute(insert(Participation), participations)
    if events:
        session.execute(insert(CaseEvent), [
            {"case_id": c, "at": now, "actor_id": None, "kind": k, "description": t}
            for c, k, t in events])

