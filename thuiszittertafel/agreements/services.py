"""Rules for agreements: make one, finish or cancel it, move or pause its term.

Every change is recorded as a CaseEvent on the agreement's case; the edges audit and commit.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from ..auth.models import User
from ..cases.models import Case
from ..cases.services import record_event
from ..cases.vocabulary import PARTY_OWNERS
from ..core import permissions
from ..core.errors import Conflict, ValidationFailed
from ..core.inputs import CASE_YEARS, Input, out_of_range
from ..core.versions import claim
from ..escalation import calendar as school_calendar
from ..meetings.models import AgendaItem, Meeting
from ..notifications.recipients import people_to_tell
from ..notifications.services import tell
from ..organisations.models import Organisation
from . import next_term  # noqa: F401 - keeps Case.next_due_at with every change made here
from .models import DAY_COUNTS, RECURRENCE_UNITS, Agreement, AgreementOccurrence, TermChange

# A term given as a date only ends at the close of the working day.
END_OF_DAY = time(17, 0)
MAX_RECURRENCE = {"days": 365, "weeks": 52, "months": 12}
CREATE_FIELDS = (
    "description",
    "owner_org_id",
    "owner_user_id",
    "owner_party",
    "due_at",
    "due_in_school_days",
    "day_count",
    "recurrence",
    "recurrence_every",
    "recurrence_unit",
    "meeting_id",
)
PATCH_FIELDS = (
    "status",
    "result",
    "reason",
    "due_at",
    "description",
    "owner_org_id",
    "owner_user_id",
    "paused_until",
)


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise Conflict("Deze casus is gesloten; afspraken wijzigen kan niet meer.")


def _tell_owner(
    session: Session, actor: User, agreement: Agreement, case: Case, now: datetime, what: str
) -> None:
    """The owner hears of an agreement made for or moved to them (DESIGN §8:
    agreement_assigned): the person named, else the organisation's contact on the case or
    its coordinators. The notice names the agreement, so two never read the same."""
    people = (
        [agreement.owner_user]
        if agreement.owner_user is not None and agreement.owner_user.active
        else people_to_tell(session, agreement.owner_org, case)
    )
    tell(
        session,
        people,
        kind="agreement_assigned",
        key=f"agreement_assigned:a{agreement.id}:{now.isoformat()}",
        text=f"{what} afspraak {agreement.id} in casus {case.id} ({case.pupil.initials}):"
        f" '{agreement.description}', termijn {_fmt(agreement.due_at)}.",
        now=now,
        case_id=case.id,
        agreement_id=agreement.id,
        exclude=actor,
    )


def region_of(case: Case, owner_org=None) -> str:
    """The school region whose calendar counts this case's school days."""
    org = case.school or owner_org or case.swv
    return org.school_region if org is not None else "midden"


def read_moment(i: Input, name: str, label: str, *, required: bool = False) -> datetime | None:
    """A date (then 17:00 local) or an ISO-8601 date-time (naive means local time)."""
    raw = i._raw(name)
    if raw in (None, ""):
        if required:
            i.fail(name, f"Vul {label} in (dd-mm-jjjj of jjjj-mm-ddTuu:mm).")
        return None
    if isinstance(raw, str) and ("T" in raw or " " in raw.strip()):
        try:
            moment = datetime.fromisoformat(raw.strip())
        except ValueError:
            i.fail(
                name,
                f"{label.capitalize()} is geen geldige datum en tijd; gebruik jjjj-mm-ddTuu:mm.",
            )
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=clock.LOCAL_TZ)
        if not CASE_YEARS[0] <= moment.year <= CASE_YEARS[1]:
            i.fail(name, out_of_range(label, CASE_YEARS))
            return None
        return moment.astimezone(UTC)
    day = i.day(name, label, years=CASE_YEARS)
    if day is None:
        return None
    return datetime.combine(day, END_OF_DAY).replace(tzinfo=clock.LOCAL_TZ).astimezone(UTC)


def _recurrence(i: Input) -> tuple[int | None, str | None]:
    raw = i.data.get("recurrence")
    if isinstance(raw, Mapping):
        sub = Input(raw)
        every = sub.integer("every", "het aantal")
        unit = sub.choice("unit", "de eenheid", RECURRENCE_UNITS)
        for message in sub.errors.values():
            i.fail("recurrence", f"Herhaling: {message}")
        if set(raw) - {"every", "unit"}:
            i.fail("recurrence", "Herhaling kent alleen 'every' en 'unit'.")
    elif raw not in (None, ""):
        i.fail("recurrence", 'Herhaling is een object {"every": 4, "unit": "weeks"} of null.')
        return None, None
    else:
        every = i.integer("recurrence_every", "het aantal voor de herhaling")
        unit = i.choice("recurrence_unit", "de eenheid van de herhaling", RECURRENCE_UNITS)
    if every is None and unit is None:
        return None, None
    if every is None or unit is None:
        i.fail("recurrence", "Vul voor een herhaling zowel het aantal als de eenheid in.")
        return None, None
    if not 1 <= every <= MAX_RECURRENCE[unit]:
        i.fail("recurrence", f"Herhaal elke 1 tot {MAX_RECURRENCE[unit]} {RECURRENCE_UNITS[unit]}.")
        return None, None
    return every, unit


def _owner(session: Session, i: Input, case: Case, default_org_id: int | None = None):
    org_id = i.integer("owner_org_id", "de eigenaar (organisatie)", required=default_org_id is None)
    user_id = i.integer("owner_user_id", "de eigenaar (persoon)")
    org_id = org_id if org_id is not None else default_org_id
    participants = {p.org_id: p.organisation for p in case.active_participations()}
    org = participants.get(org_id)
    if org_id is not None and org is None and "owner_org_id" not in i.errors:
        i.fail("owner_org_id", "De eigenaar moet een betrokken organisatie zijn.")
    user = session.get(User, user_id) if user_id is not None else None
    if user_id is not None and (user is None or not user.active or user.org_id != org_id):
        i.fail("owner_user_id", "De eigenaar (persoon) moet bij de eigenaar-organisatie werken.")
        user = None
    return org, user


def create_agreement(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
    decided_in=None,
) -> Agreement:
    """Record who does what by when; the term may be given in school days. `decided_in`:
    the meeting whose chair decided it (DESIGN §3a: meeting decisions are the chair's)."""
    _require_open(case)
    i = Input(data)
    unknown = sorted(set(i.data) - set(CREATE_FIELDS) - {"csrf_token"})
    if unknown:
        raise ValidationFailed({unknown[0][:50]: f"Onbekend veld '{unknown[0][:50]}'."})
    description = i.text("description", "wat er is afgesproken", required=True, max_length=500)
    org, user = _owner(session, i, case)
    # Parents or pupil own it; the organisation (and person) above checks it (DESIGN §4).
    party = i.choice("owner_party", "of ouders of jongere eigenaar zijn", PARTY_OWNERS)
    if decided_in is not None:
        permissions.require(actor, "meeting.item", case, access, decided_in)
    else:
        owned = _Owned(org.id) if org is not None else None
        permissions.require(actor, "agreement.create", case, access, owned)
    day_count = i.choice("day_count", "de telling", DAY_COUNTS) or "school"
    every, unit = _recurrence(i)
    meeting_id = i.integer("meeting_id", "het overleg")
    if meeting_id is not None and not _made_in(session, actor, case, meeting_id, decided_in):
        i.fail(
            "meeting_id",
            "Dit overleg bestaat niet of deze casus staat er niet op (of u zit er niet aan);"
            " laat het overleg leeg of kies het overleg waar de afspraak gemaakt is.",
        )
    due_at = read_moment(i, "due_at", "de termijn")
    in_days = i.integer("due_in_school_days", "het aantal schooldagen")
    if (
        due_at is None
        and in_days is None
        and "due_at" not in i.errors
        and "due_in_school_days" not in i.errors
    ):
        i.fail("due_at", "Vul de termijn in: een datum, of een aantal schooldagen.")
    elif due_at is not None and in_days is not None:
        i.fail("due_in_school_days", "Vul de termijn óf als datum óf in schooldagen in.")
    elif in_days is not None:
        if not 1 <= in_days <= 200:
            i.fail("due_in_school_days", "Het aantal schooldagen ligt tussen 1 en 200.")
        else:
            region = region_of(case, org)
            day = school_calendar.load().shift(clock.local(now).date(), in_days, region)
            due_at = (
                datetime.combine(day, END_OF_DAY).replace(tzinfo=clock.LOCAL_TZ).astimezone(UTC)
            )
    if due_at is not None and due_at <= now:
        i.fail("due_at", "De termijn ligt in het verleden; kies een moment na nu.")
    i.done()
    agreement = Agreement(
        case_id=case.id,
        description=description,
        owner_org_id=org.id,
        owner_user_id=user.id if user else None,
        owner_party=party,
        due_at=due_at,
        day_count=day_count,
        recurrence_every=every,
        recurrence_unit=unit,
        occurrence=1,
        term_version=1,
        status="open",
        meeting_id=meeting_id,
        created_by_id=actor.id,
        created_at=now,
    )
    agreement.owner_org, agreement.owner_user = org, user
    session.add(agreement)
    session.flush()
    who = f"{org.name}" + (f" ({user.name})" if user else "")
    if party:
        who = f"{PARTY_OWNERS[party].lower()}, gecontroleerd door {who}"
    record_event(
        session,
        case,
        actor,
        "agreement_created",
        f"Afspraak {agreement.id}: {description}. Eigenaar {who}, termijn"
        f" {_fmt(due_at)}{recurrence_text(agreement)}.",
        now,
    )
    _regie_acted(session, actor, case, access, now)
    session.flush()
    _tell_owner(session, actor, agreement, case, now, "Voor u:")
    return agreement


def _made_in(session: Session, actor: User, case: Case, meeting_id: int, decided_in) -> bool:
    """An agreement names the meeting it was made in: one with this case on its agenda,
    where the actor sits at the table (a meeting decision: that very meeting)."""
    if decided_in is not None:
        return meeting_id == decided_in.id
    meeting = session.get(Meeting, meeting_id)
    on_agenda = session.scalar(
        select(AgendaItem.id).where(
            AgendaItem.meeting_id == meeting_id, AgendaItem.case_id == case.id
        )
    )
    return meeting is not None and on_agenda is not None and meeting.takes_part(actor)


class _Owned:
    """A stand-in target: the agreement to be made, by its owner organisation."""

    def __init__(self, owner_org_id: int):
        self.owner_org_id = owner_org_id


def update_agreement(
    session: Session,
    actor: User,
    agreement: Agreement,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
    version: int | None = None,
) -> None:
    """PATCH: finish (result), cancel (reason), move the term (reason), pause, or edit.
    `version`: the one the actor saw (form field, If-Match); a change on another is 409."""
    _require_open(case)
    i = _patch_input(actor, agreement, case, access, data)
    status = i.choice("status", "de status", ("done", "cancelled", "open"))
    action = {"done": "agreement.done", "cancelled": "agreement.cancel"}.get(status)
    permissions.require(actor, action or "agreement.change", case, access, agreement)
    if status == "done":
        _only(i, {"status", "result"})
        result = i.text("result", "het resultaat", required=True, max_length=500)
        i.done()
        return finish(session, actor, agreement, case, access, result, now=now, version=version)
    if status == "cancelled":
        _only(i, {"status", "reason"})
        reason = i.text("reason", "de reden van annuleren", required=True, max_length=500)
        i.done()
        return cancel(session, actor, agreement, case, access, reason, now=now, version=version)
    if i.present("paused_until"):
        _only(i, {"paused_until", "reason", "status"})
        return pause(session, actor, agreement, case, access, data, now=now, version=version)
    return _edit(session, actor, agreement, case, access, i, now=now, version=version)


def _edit(
    session: Session,
    actor: User,
    agreement: Agreement,
    case: Case,
    access: str | None,
    i: Input,
    *,
    now: datetime,
    version: int | None,
) -> None:
    """Change the text, the term or the owner of an open agreement (update_agreement has
    checked the case, the body and the actor's right to change it)."""
    edit = _read_edit(session, actor, agreement, case, access, i, now)
    _claim(session, agreement, case, version, by=actor, now=now, access=access)
    changes = _apply_edit(session, actor, agreement, edit, now)
    if changes:
        text = (
            f"Afspraak {agreement.id} gewijzigd: "
            + "; ".join(changes)
            + (f". Reden: {edit.reason}" if edit.reason else ".")
        )
        record_event(session, case, actor, "agreement_changed", text, now)
        _regie_acted(session, actor, case, access, now)
    session.flush()
    if any(c.startswith("eigenaar") for c in changes):
        _tell_owner(session, actor, agreement, case, now, "Naar u verplaatst:")


def _patch_input(
    actor: User, agreement: Agreement, case: Case, access: str | None, data: Mapping[str, Any]
) -> Input:
    """The PATCH body, refused whole when it names an unknown field, changes nothing, or
    touches an agreement that is no longer open."""
    i = Input(data)
    unknown = sorted(set(i.data) - set(PATCH_FIELDS) - {"csrf_token"})
    if unknown:
        raise ValidationFailed({unknown[0][:50]: f"Onbekend veld '{unknown[0][:50]}'."})
    if not i.data or set(i.data) <= {"csrf_token"}:
        permissions.require(actor, "agreement.change", case, access, agreement)
        raise ValidationFailed({"": "Er is niets om te wijzigen."})
    if not agreement.is_open:
        state = "gedaan" if agreement.status == "done" else "geannuleerd"
        raise Conflict(f"Deze afspraak is al {state}; wijzigen kan niet meer.")
    return i


@dataclass(frozen=True)
class _Edit:
    """An edit of an open agreement, read and checked: what it sets (None: unchanged)."""

    reason: str | None
    description: str | None
    due_at: datetime | None
    owner: tuple[Organisation, User | None] | None


def _read_edit(
    session: Session,
    actor: User,
    agreement: Agreement,
    case: Case,
    access: str | None,
    i: Input,
    now: datetime,
) -> _Edit:
    reason = i.text("reason", "de reden", max_length=500)
    description = i.text("description", "wat er is afgesproken", max_length=500)
    if i.present("description") and not description and "description" not in i.errors:
        i.fail("description", "Vul in wat er is afgesproken.")
    due_at = read_moment(i, "due_at", "de nieuwe termijn")
    if i.present("due_at") and due_at is None and "due_at" not in i.errors:
        i.fail("due_at", "Vul de nieuwe termijn in.")
    owner = None
    if i.present("owner_org_id") or i.present("owner_user_id"):
        owner = _owner(session, i, case, default_org_id=agreement.owner_org_id)
        if owner[0] is not None and owner[0].id != agreement.owner_org_id:  # to another org
            permissions.require(actor, "agreement.create", case, access, _Owned(owner[0].id))
    if due_at is not None and due_at != agreement.due_at:
        if not reason:
            i.fail("reason", "Een termijn wijzigen is een besluit: vul de reden in.")
        if due_at <= now:
            i.fail("due_at", "De nieuwe termijn ligt in het verleden; kies een moment na nu.")
    i.done()
    return _Edit(reason=reason, description=description, due_at=due_at, owner=owner)


def _apply_edit(
    session: Session, actor: User, agreement: Agreement, edit: _Edit, now: datetime
) -> list[str]:
    """Set what the edit changes; the changes in words, for the case history."""
    changes = []
    if edit.description and edit.description != agreement.description:
        changes.append("omschrijving bijgewerkt")
        agreement.description = edit.description
    if edit.owner is not None:
        org, user = edit.owner
        if (org.id, user.id if user else None) != (agreement.owner_org_id, agreement.owner_user_id):
            agreement.owner_org_id, agreement.owner_org = org.id, org
            agreement.owner_user_id, agreement.owner_user = (
                (user.id, user) if user else (None, None)
            )
            changes.append(f"eigenaar {org.name}" + (f" ({user.name})" if user else ""))
    if edit.due_at is not None and edit.due_at != agreement.due_at:
        session.add(
            TermChange(
                agreement_id=agreement.id,
                kind="term",
                old_due_at=agreement.due_at,
                new_due_at=edit.due_at,
                reason=edit.reason,
                changed_by_id=actor.id,
                changed_at=now,
            )
        )
        changes.append(f"termijn {_fmt(agreement.due_at)} → {_fmt(edit.due_at)}")
        agreement.due_at = edit.due_at
        agreement.term_version += 1
    return changes


def _claim(session: Session, agreement: Agreement, case: Case, version: int | None, **kw) -> None:
    """Claim the agreement (core/versions.py), on PostgreSQL with its case's row first: the
    change rewrites the case's next term (next_term.py), and closing a case takes the case
    before its agreements, so a parallel close waits here instead of deadlocking."""
    if session.connection().dialect.name == "postgresql":
        session.execute(select(Case.id).where(Case.id == case.id).with_for_update())
    claim(session, agreement, version, **kw)


def _only(i: Input, allowed: set[str]) -> None:
    extra = sorted(set(i.data) - allowed - {"csrf_token"})
    if extra:
        raise ValidationFailed(
            {extra[0][:50]: f"Veld '{extra[0][:50]}' kan niet samen met deze statuswijziging."}
        )


def finish(
    session: Session,
    actor: User,
    agreement: Agreement,
    case: Case,
    access: str | None,
    result: str,
    *,
    now: datetime,
    final: bool = False,
    version: int | None = None,
) -> None:
    """Done: a one-off closes; a recurring agreement records the occurrence and moves on
    (`final`: closes for good, as when the case closes)."""
    # Before the occurrence: its number is the claim's.
    _claim(session, agreement, case, version, by=actor, now=now, access=access)
    late = " (na de termijn)" if now > agreement.due_at else ""
    if agreement.recurs and not final:
        session.add(
            AgreementOccurrence(
                agreement_id=agreement.id,
                number=agreement.occurrence,
                due_at=agreement.due_at,
                result=result,
                done_at=now,
                done_by_id=actor.id,
            )
        )
        nxt = next_due(agreement.due_at, agreement.recurrence_every, agreement.recurrence_unit)
        while nxt <= now:  # a late occurrence does not leave the next one overdue already
            nxt = next_due(nxt, agreement.recurrence_every, agreement.recurrence_unit)
        record_event(
            session,
            case,
            actor,
            "agreement_occurrence_done",
            f"Afspraak {agreement.id}, keer {agreement.occurrence} gedaan{late}:"
            f" {result}. Volgende termijn {_fmt(nxt)}.",
            now,
        )
        agreement.occurrence += 1
        agreement.due_at = nxt
        agreement.paused_until = agreement.pause_reason = None
    else:
        agreement.status, agreement.result = "done", result
        agreement.closed_at, agreement.closed_by_id = now, actor.id
        record_event(
            session,
            case,
            actor,
            "agreement_done",
            f"Afspraak {agreement.id} gedaan{late}: {result}",
            now,
        )
    _regie_acted(session, actor, case, access, now)
    session.flush()


def cancel(
    session: Session,
    actor: User,
    agreement: Agreement,
    case: Case,
    access: str | None,
    reason: str,
    *,
    now: datetime,
    version: int | None = None,
) -> None:
    """Cancelled, with the reason; closes the agreement for good."""
    _claim(session, agreement, case, version, by=actor, now=now, access=access)
    agreement.status, agreement.cancel_reason = "cancelled", reason
    agreement.closed_at, agreement.closed_by_id = now, actor.id
    record_event(
        session,
        case,
        actor,
        "agreement_cancelled",
        f"Afspraak {agreement.id} geannuleerd: {reason}",
        now,
    )
    _regie_acted(session, actor, case, access, now)
    session.flush()


def pause(
    session: Session,
    actor: User,
    agreement: Agreement,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
    version: int | None = None,
) -> None:
    """Pause the term until a date (a hospital admission): the term moves on by the pause.

    Only the agreement's term pauses; the case's 4-week and 3-month clocks never do.
    """
    _require_open(case)
    permissions.require(actor, "agreement.change", case, access, agreement)
    if not agreement.is_open:
        raise Conflict("Deze afspraak is afgesloten; pauzeren kan niet meer.")
    today = clock.local(now).date()
    i = Input(data)
    until = i.day("paused_until", "de datum tot wanneer", required=True, years=CASE_YEARS)
    reason = i.text("reason", "de reden van de pauze", required=True, max_length=500)
    if until is not None and not today <= until <= today + timedelta(days=366):
        i.fail("paused_until", "Pauzeer tot een datum vanaf vandaag en binnen een jaar.")
    i.done()
    _claim(session, agreement, case, version, by=actor, now=now, access=access)
    if agreement.paused_on(today):
        start = clock.local(agreement.paused_at).date() if agreement.paused_at else today
        already = (agreement.paused_until - start).days + 1
    else:
        start, already = today, 0
    extra = (until - start).days + 1 - already
    new_due = _add_days(agreement.due_at, extra) if extra > 0 else agreement.due_at
    session.add(
        TermChange(
            agreement_id=agreement.id,
            kind="pause",
            old_due_at=agreement.due_at,
            new_due_at=new_due,
            paused_until=until,
            reason=reason,
            changed_by_id=actor.id,
            changed_at=now,
        )
    )
    if start == today:
        agreement.paused_at = now
    agreement.paused_until, agreement.pause_reason = until, reason
    agreement.paused_by_id = actor.id
    if new_due != agreement.due_at:
        agreement.due_at = new_due
        agreement.term_version += 1
    record_event(
        session,
        case,
        actor,
        "agreement_paused",
        f"Termijn van afspraak {agreement.id} gepauzeerd tot en met {until:%d-%m-%Y}:"
        f" {reason}. Nieuwe termijn {_fmt(agreement.due_at)}. De klokken van 4 weken"
        " en 3 maanden lopen door.",
        now,
    )
    _regie_acted(session, actor, case, access, now)
    session.flush()


def acknowledge_escalation(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> None:
    """The regie holder takes up an escalated case: the flag goes, with a note why."""
    if not case.is_open:
        raise Conflict("Deze casus is gesloten.")
    permissions.require(actor, "escalation.handle", case, access)
    if not case.escalated:
        raise Conflict("Deze casus is niet opgeschaald.")
    i = Input(data)
    note = i.text("note", "wat u heeft gedaan", required=True, max_length=500)
    i.done()
    case.escalated = False
    record_event(session, case, actor, "escalation_handled", f"Opschaling opgepakt: {note}", now)
    session.flush()


def _regie_acted(
    session: Session, actor: User, case: Case, access: str | None, now: datetime
) -> None:
    """An escalated case stays flagged until someone with regie acts on it."""
    if case.escalated and permissions.may(actor, "escalation.handle", case, access):
        case.escalated = False
        record_event(
            session,
            case,
            actor,
            "escalation_handled",
            "Opschaling opgepakt door wie regie heeft.",
            now,
        )


def next_due(due_at: datetime, every: int, unit: str) -> datetime:
    """The next occurrence, at the same local wall-clock time (DST-safe)."""
    local = clock.local(due_at)
    day = local.date()
    if unit == "days":
        day += timedelta(days=every)
    elif unit == "weeks":
        day += timedelta(weeks=every)
    else:
        month = day.month - 1 + every
        year, month = day.year + month // 12, month % 12 + 1
        day = date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))
    return _wall(day, local).astimezone(UTC)


def _add_days(due_at: datetime, days: int) -> datetime:
    local = clock.local(due_at)
    return _wall(local.date() + timedelta(days=days), local).astimezone(UTC)


def _wall(day: date, local: datetime) -> datetime:
    return datetime.combine(day, local.time().replace(tzinfo=None)).replace(tzinfo=clock.LOCAL_TZ)


def recurrence_text(a: Agreement) -> str:
    if not a.recurs:
        return ""
    unit = RECURRENCE_UNITS[a.recurrence_unit]
    if a.recurrence_every == 1:
        unit = {"days": "dag", "weeks": "week", "months": "maand"}[a.recurrence_unit]
    return f", elke {a.recurrence_every} {unit}" if a.recurrence_every > 1 else f", elke {unit}"


def _fmt(moment: datetime) -> str:
    return clock.local(moment).strftime("%d-%m-%Y %H:%M")
