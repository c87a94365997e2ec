"""What leerplicht records on a case: vrijstellingen with their procedure, and the
verzuimmeldingen it receives (DESIGN §4a). Vrijstellingen are leerplicht's alone; a melding
comes from the pupil's school (or leerplicht itself) and reaches leerplicht at once."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from ..auth.models import User
from ..core import permissions
from ..core.errors import NotFound
from ..core.inputs import CASE_YEARS, Input
from ..notifications.recipients import people_to_tell
from ..notifications.services import notify
from ..organisations.queries import leerplicht_for_pupil
from . import law
from .models import AbsenceReport, Case, EnforcementStep, Exemption
from .services import record_event, require_open
from .vocabulary import (
    ABSENCE_REPORT_TYPES,
    ADVICE_ARTICLES,
    ENFORCEMENT_STEPS,
    EXEMPTION_ARTICLES,
    EXEMPTION_DECISIONS,
    PV_TYPES,
    YEARLY_ARTICLES,
)

EXEMPTION_FIELDS = (
    "article",
    "requested_on",
    "advice_on",
    "decided_on",
    "decision",
    "starts_on",
    "ends_on",
    "note",
)
REPORT_FIELDS = ("reported_on", "type", "hours", "duo_reference")
MAX_REPORTED_HOURS = 1000


def _require_leerplicht(actor: User, access: str | None) -> None:
    permissions.require(actor, "exemption", access=access)


def add_exemption(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> Exemption:
    """Record a vrijstelling: asked for, advised, decided, or in force."""
    _require_leerplicht(actor, access)
    require_open(case)
    values = _exemption_values(data, {})
    exemption = Exemption(case_id=case.id, recorded_by_id=actor.id, **values)
    session.add(exemption)
    session.flush()
    record_event(
        session, case, actor, "exemption_added", f"Vrijstelling: {_describe(exemption)}.", now
    )
    session.expire(case, ["exemptions"])
    session.flush()
    return exemption


def update_exemption(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    exemption_id: int,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> Exemption:
    """Change the given fields of a vrijstelling (a decision, an end date, …)."""
    _require_leerplicht(actor, access)
    require_open(case)
    exemption = session.get(Exemption, exemption_id)
    if exemption is None or exemption.case_id != case.id:
        raise NotFound("Deze vrijstelling bestaat niet bij deze casus.")
    current = {name: getattr(exemption, name) for name in EXEMPTION_FIELDS}
    values = _exemption_values(data, current)
    changed = [name for name, value in values.items() if current[name] != value]
    for name in changed:
        setattr(exemption, name, values[name])
    if changed:
        record_event(
            session,
            case,
            actor,
            "exemption_changed",
            f"Vrijstelling gewijzigd: {_describe(exemption)}.",
            now,
        )
        session.expire(case, ["exemptions"])
    session.flush()
    return exemption


def _exemption_values(data: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """The validated fields: those given in `data` over `current` (all of them for a new
    vrijstelling). Dutch messages per field, nothing changed on any error."""
    i = Input(data)
    unknown = sorted(set(i.data) - set(EXEMPTION_FIELDS))
    if unknown:
        i.fail(unknown[0], f"Onbekend veld '{unknown[0]}'.")
    read = {
        "article": lambda: i.choice(
            "article", "het artikel", EXEMPTION_ARTICLES, required=not current
        ),
        "requested_on": lambda: i.day("requested_on", "de datum van het verzoek", years=CASE_YEARS),
        "advice_on": lambda: i.day("advice_on", "de datum van het advies", years=CASE_YEARS),
        "decided_on": lambda: i.day("decided_on", "de datum van het besluit", years=CASE_YEARS),
        "decision": lambda: i.choice("decision", "het besluit", EXEMPTION_DECISIONS),
        "starts_on": lambda: i.day("starts_on", "de begindatum", years=CASE_YEARS),
        "ends_on": lambda: i.day("ends_on", "de einddatum", years=CASE_YEARS),
        "note": lambda: i.text("note", "de toelichting", max_length=500),
    }
    values = dict(current) if current else dict.fromkeys(EXEMPTION_FIELDS)
    for name, parse in read.items():
        if not current or i.present(name):
            values[name] = parse()
    i.done()
    _check_procedure(i, values)
    i.done()
    return values


def _check_procedure(i: Input, v: Mapping[str, Any]) -> None:
    granted = v["decision"] in law.GRANTED
    _check_decision(i, v, granted)
    _check_date_order(i, v)
    _check_period(i, v, granted)


def _check_decision(i: Input, v: Mapping[str, Any], granted: bool) -> None:
    """A decision has a date and a granted one a start; art. 5a needs the doctor's advice."""
    if v["decision"] is not None and v["decided_on"] is None:
        i.fail("decided_on", "Vul de datum van het besluit in.")
    if v["decision"] is None and v["decided_on"] is not None:
        i.fail("decision", "Kies het besluit bij de besluitdatum.")
    if granted and v["starts_on"] is None:
        i.fail("starts_on", "Vul in vanaf wanneer de vrijstelling geldt.")
    if granted and v["article"] in ADVICE_ARTICLES and v["advice_on"] is None:
        i.fail(
            "advice_on",
            "Een vrijstelling op grond van art. 5 onder a vraagt het advies van de"
            " jeugdarts (of een andere deskundige): vul de datum van het advies in.",
        )


def _check_date_order(i: Input, v: Mapping[str, Any]) -> None:
    """Request, advice and decision in that order."""
    order = [
        ("requested_on", "het verzoek"),
        ("advice_on", "het advies"),
        ("decided_on", "het besluit"),
    ]
    known = [(name, label, v[name]) for name, label in order if v[name] is not None]
    for (_, before_label, before), (name, label, after) in itertools.pairwise(known):
        if after < before:
            i.fail(name, f"De datum van {label} ligt vóór die van {before_label}.")


def _check_period(i: Input, v: Mapping[str, Any], granted: bool) -> None:
    """An end after the start; a yearly vrijstelling ends within its school year."""
    if v["starts_on"] and v["ends_on"] and v["ends_on"] < v["starts_on"]:
        i.fail("ends_on", "De einddatum ligt vóór de begindatum.")
    if granted and v["article"] in YEARLY_ARTICLES and v["starts_on"] is not None:
        year_end = law.school_year_end(v["starts_on"])
        if v["ends_on"] is None or v["ends_on"] > year_end:
            i.fail(
                "ends_on",
                "Deze vrijstelling geldt voor één schooljaar en moet elk jaar opnieuw worden"
                f" aangevraagd: vul een einddatum in, uiterlijk {year_end:%d-%m-%Y}.",
            )


def _describe(e: Exemption) -> str:
    parts = [EXEMPTION_ARTICLES[e.article]]
    if e.decision is None:
        parts.append("aangevraagd" + (f" op {e.requested_on:%d-%m-%Y}" if e.requested_on else ""))
    else:
        parts.append(f"{EXEMPTION_DECISIONS[e.decision].lower()} op {e.decided_on:%d-%m-%Y}")
    if e.decision in law.GRANTED and e.starts_on:
        until = f" tot en met {e.ends_on:%d-%m-%Y}" if e.ends_on else ""
        parts.append(f"geldt vanaf {e.starts_on:%d-%m-%Y}{until}")
    return ", ".join(parts)


# --- verzuimmeldingen ---------------------------------------------------------------------


def record_absence_report(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
    mail: bool = False,
) -> AbsenceReport:
    """The school's melding (or one leerplicht registers); leerplicht is told at once."""
    permissions.require(actor, "absence_report", case, access)
    require_open(case)
    today = clock.local(now).date()
    i = Input(data)
    reported_on = i.day("reported_on", "de datum van de melding", years=CASE_YEARS) or today
    kind = i.choice("type", "het soort melding", ABSENCE_REPORT_TYPES, required=True)
    hours = i.integer("hours", "het aantal uren")
    reference = i.text("duo_reference", "het kenmerk bij DUO", max_length=60)
    _check_report(i, reported_on, kind, hours, today, case.absent_since)
    i.done()
    report = AbsenceReport(
        case_id=case.id,
        reported_on=reported_on,
        type=kind,
        hours=hours,
        duo_reference=reference,
        reporter_org_id=actor.org_id,
        recorded_by_id=actor.id,
        recorded_at=now,
    )
    report.reporter = actor.organisation
    session.add(report)
    session.flush()
    hours_text = f", {hours} uur" if hours is not None else ""
    record_event(
        session,
        case,
        actor,
        "absence_report",
        f"Verzuimmelding ({ABSENCE_REPORT_TYPES[kind]}{hours_text}) van"
        f" {actor.organisation.name}, gemeld op {reported_on:%d-%m-%Y}.",
        now,
    )
    _tell_leerplicht(session, actor, case, report, now, mail)
    session.flush()
    return report


def _check_report(
    i: Input,
    reported_on: date,
    kind: str | None,
    hours: int | None,
    today: date,
    absent_since: date,
) -> None:
    if reported_on > today:
        i.fail("reported_on", "De datum van de melding ligt in de toekomst.")
    if hours is not None and hours > MAX_REPORTED_HOURS:
        i.fail("hours", f"Het aantal uren mag hoogstens {MAX_REPORTED_HOURS} zijn.")
    if kind == "wettelijk" and hours is None and "hours" not in i.errors:
        i.fail(
            "hours",
            "Vul het aantal uren ongeoorloofd verzuim in (de wettelijke melding: 16 uur in"
            " 4 weken).",
        )


def _tell_leerplicht(
    session: Session, actor: User, case: Case, report: AbsenceReport, now: datetime, mail: bool
) -> None:
    leerplicht = leerplicht_for_pupil(session, case.pupil, report.reported_on)
    if leerplicht is None:
        return
    text = (
        f"Verzuimmelding ({ABSENCE_REPORT_TYPES[report.type].split(':')[0].lower()}) van"
        f" {actor.organisation.name} voor casus {case.id} ({case.pupil.initials}),"
        f" gemeld op {report.reported_on:%d-%m-%Y}."
    )
    for user in people_to_tell(session, leerplicht, case):
        if user.id == actor.id:
            continue
        notify(
            session,
            user,
            kind="absence_report",
            key=f"absence_report:{report.id}:u{user.id}",
            text=text,
            now=now,
            case_id=case.id,
            mail=mail,
        )


# --- verkort rooster ------------------------------------------------------------------------

TIMETABLE_FIELDS = ("hours", "starts_on", "ends_on", "informed_on")
MAX_WEEKLY_HOURS = 40


def set_reduced_timetable(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> Case:
    """Record or change the verkort rooster of a dreigend case (DESIGN §4a): hours a week,
    from, until (always temporary: the engine reminds regie and the school before it ends)
    and the day leerplicht was informed."""
    permissions.require(actor, "reduced_timetable", case, access)
    require_open(case)
    today = clock.local(now).date()
    i = Input(data)
    hours = i.integer("hours", "het aantal uren per week", required=True)
    starts_on = i.day("starts_on", "de eerste dag", required=True, years=CASE_YEARS)
    ends_on = i.day("ends_on", "de einddatum", required=True, years=CASE_YEARS)
    informed_on = i.day(
        "informed_on", "de datum waarop leerplicht is geïnformeerd", years=CASE_YEARS
    )
    if case.kind != "dreigend":
        i.fail(
            "hours",
            "Een verkort rooster hoort bij een casus 'dreigend' (de leerling gaat deels naar"
            " school). Wijzig eerst de soort van de casus.",
        )
    if hours is not None and not 0 < hours <= MAX_WEEKLY_HOURS:
        i.fail("hours", f"Vul een aantal uren per week van 1 tot en met {MAX_WEEKLY_HOURS} in.")
    if starts_on and ends_on and ends_on < starts_on:
        i.fail("ends_on", "De einddatum ligt vóór de eerste dag.")
    if ends_on and ends_on < today:
        i.fail("ends_on", "De einddatum ligt in het verleden; een verkort rooster is tijdelijk.")
    if informed_on and informed_on > today:
        i.fail("informed_on", "De datum waarop leerplicht is geïnformeerd ligt in de toekomst.")
    i.done()
    changed = case.reduced_until is not None
    case.reduced_hours, case.reduced_from, case.reduced_until = hours, starts_on, ends_on
    case.reduced_informed_on = informed_on
    informed = (
        f" Leerplicht geïnformeerd op {informed_on:%d-%m-%Y}."
        if informed_on
        else " Leerplicht is nog niet geïnformeerd."
    )
    record_event(
        session,
        case,
        actor,
        "reduced_timetable",
        f"Verkort rooster {'gewijzigd' if changed else 'vastgelegd'}: {hours} uur per week van"
        f" {starts_on:%d-%m-%Y} tot en met {ends_on:%d-%m-%Y}.{informed}",
        now,
    )
    session.flush()
    return case


def end_reduced_timetable(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> Case:
    """The pupil follows the full timetable again: the verkort rooster ends today."""
    permissions.require(actor, "reduced_timetable", case, access)
    require_open(case)
    if case.reduced_until is None:
        raise NotFound()
    case.reduced_hours = case.reduced_from = case.reduced_until = None
    case.reduced_informed_on = None
    record_event(
        session,
        case,
        actor,
        "reduced_timetable",
        "Verkort rooster beëindigd: de leerling volgt weer het volledige rooster.",
        now,
    )
    session.flush()
    return case


# --- handhaving ---------------------------------------------------------------------------

ENFORCEMENT_FIELDS = ("step", "pv_type", "taken_on", "note")


def enforcement_steps(
    session: Session, actor: User, case: Case, access: str | None
) -> list[EnforcementStep]:
    """The case's handhaving for whom the permission table gives it (leerplicht with full
    access; Wet politiegegevens); [] for anyone else, who never learns whether there is any."""
    if not permissions.may(actor, "enforcement", case, access):
        return []
    return list(
        session.scalars(
            select(EnforcementStep)
            .where(EnforcementStep.case_id == case.id)
            .order_by(EnforcementStep.taken_on, EnforcementStep.id)
        )
    )


def record_enforcement_step(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> EnforcementStep:
    """Record a step of handhaving. Not in the shared history: only leerplicht reads it."""
    permissions.require(actor, "enforcement", case, access)
    today = clock.local(now).date()
    i = Input(data)
    step = i.choice("step", "de stap", ENFORCEMENT_STEPS, required=True)
    pv_type = i.choice("pv_type", "het soort proces-verbaal", PV_TYPES)
    taken_on = i.day("taken_on", "de datum", years=CASE_YEARS) or today
    note = i.text("note", "de toelichting", max_length=500)
    if step == "proces-verbaal" and pv_type is None and "pv_type" not in i.errors:
        i.fail("pv_type", "Kies het soort proces-verbaal: relatief, luxe of absoluut verzuim.")
    if step is not None and step != "proces-verbaal" and pv_type is not None:
        i.fail("pv_type", "Het soort hoort alleen bij een proces-verbaal; laat het leeg.")
    if taken_on > today:
        i.fail("taken_on", "De datum ligt in de toekomst.")
    i.done()
    taken = EnforcementStep(
        case_id=case.id,
        step=step,
        pv_type=pv_type,
        taken_on=taken_on,
        note=note,
        org_id=actor.org_id,
        recorded_by_id=actor.id,
        recorded_at=now,
    )
    session.add(taken)
    session.flush()
    return taken
