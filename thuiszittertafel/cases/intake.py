"""Intake: a child is reported and a case opens (DESIGN §4, §4a).

One open case per child; the kind must fit the facts the law looks at (enrolled or not,
absent with or without a valid reason), and only leer- or kwalificatieplichtige pupils get
a case. A second report for a child with an open case is forwarded, not opened twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import clock
from ..auth.models import User
from ..core import policy
from ..core.errors import Conflict, Forbidden
from ..core.inputs import Input
from ..escalation.model import EscalationModel
from ..notifications.recipients import people_to_tell
from ..notifications.services import notify
from ..organisations.models import Municipality, Organisation, OrgKind
from ..organisations.queries import leerplicht_for_pupil, serving_organisation, swv_sector
from . import law, pupils
from .models import Case, Pupil
from .regie import org_for_kind
from .services import ensure_participant, organisation, phase_term, record_event
from .vocabulary import ABSENCE_REASONS, CASE_KINDS, EDUCATION_TYPES

MAY_OPEN = {
    OrgKind.school,
    OrgKind.swv,
    OrgKind.leerplicht,
    OrgKind.wijkteam,
    OrgKind.ggd,
    OrgKind.doorstroompunt,
}


def open_case(
    session: Session, actor: User, data: Mapping[str, Any], *, now: datetime, model: EscalationModel
) -> Case:
    """Intake: register the pupil (or find them) and open a case in phase 1."""
    today = clock.local(now).date()
    if actor.organisation.kind not in MAY_OPEN:
        raise Forbidden("Uw organisatie kan geen casus openen.")
    report = _read_report(session, data, today)
    existing = _open_case_for(
        session, report.given, report.family, report.birth, report.onderwijsnummer
    )
    if existing is not None:
        _forward_report(session, actor, existing, report.summary, now)
        raise DuplicateReport.for_actor(session, actor, existing)
    pupil = _register_pupil(session, report)
    case = _new_case(session, actor, report, pupil, today, now, model)
    lead = _add_participants(session, actor, case, today, model)
    record_event(
        session,
        case,
        actor,
        "opened",
        f"Casus geopend ({CASE_KINDS[report.kind]}); regie bij {lead.name}.",
        now,
    )
    session.flush()
    _warn_leerplicht(session, actor, case, now)
    return case


@dataclass(frozen=True)
class _Report:
    """An intake form, checked: every field the case and pupil record need."""

    given: str
    family: str
    birth: date
    municipality: Municipality
    school: Organisation | None
    education_type: str
    kind: str
    absent_since: date
    authorised: bool
    reason: str | None
    onderwijsnummer: str | None
    summary: str | None


def _read_report(session: Session, data: Mapping[str, Any], today: date) -> _Report:
    """Check the intake form; raise ValidationFailed with every problem at once."""
    i = Input(data)
    given = i.text("given_name", "de voornaam", required=True, max_length=100)
    family = i.text("family_name", "de achternaam", required=True, max_length=100)
    birth = i.day("birth_date", "de geboortedatum", required=True)
    muni_id = i.integer("municipality_id", "de woongemeente", required=True)
    edu = i.choice("education_type", "het onderwijstype", EDUCATION_TYPES, required=True)
    kind = i.choice("kind", "de soort casus", CASE_KINDS, required=True)
    absent_since = i.day("absent_since", "de eerste dag zonder onderwijs", required=True)
    authorised = i.boolean("absence_authorised", "geoorloofd afwezig")
    reason = i.choice("absence_reason", "de geldige reden", ABSENCE_REASONS)
    school_id = i.integer("school_org_id", "de school")
    onderwijsnummer = i.text("onderwijsnummer", "het onderwijsnummer", max_length=20)
    summary = i.text("summary", "de aanleiding", max_length=2000)
    municipality = session.get(Municipality, muni_id) if muni_id is not None else None
    if muni_id is not None and municipality is None:
        i.fail("municipality_id", "Deze gemeente kennen we niet.")
    school = _read_school(session, i, school_id)
    check_kind(i, kind, school_id is not None, authorised, reason)
    _check_dates(i, birth, absent_since, today)
    i.done()
    # i.done() raised on any missing required field, so these hold here.
    assert given and family and birth and municipality and edu and kind and absent_since
    return _Report(
        given=given,
        family=family,
        birth=birth,
        municipality=municipality,
        school=school,
        education_type=edu,
        kind=kind,
        absent_since=absent_since,
        authorised=authorised,
        reason=reason,
        onderwijsnummer=onderwijsnummer,
        summary=summary,
    )


def _read_school(session: Session, i: Input, school_id: int | None) -> Organisation | None:
    """The active school the pupil is enrolled at, or None (with a problem noted on `i`)."""
    school = organisation(session, school_id)
    if school_id is not None and (school is None or school.kind != OrgKind.school):
        i.fail("school_org_id", "Kies een school uit de lijst.")
        return None
    if school is not None and not school.active:
        i.fail(
            "school_org_id",
            f"{school.name} is uitgezet; kies de school waar de leerling nu staat ingeschreven.",
        )
        return None
    return school


def _register_pupil(session: Session, report: _Report) -> Pupil:
    """Add the pupil record this case keeps.

    Each case keeps its own pupil record: an intake never rewrites what an earlier case
    recorded (and so never changes who may see that case)."""
    school = report.school
    pupil = Pupil(
        given_name=report.given,
        family_name=report.family,
        birth_date=report.birth,
        onderwijsnummer=report.onderwijsnummer,
        municipality_id=report.municipality.id,
        school_org_id=school.id if school else None,
        education_type=report.education_type,
    )
    pupil.municipality, pupil.school = report.municipality, school
    session.add(pupil)
    session.flush()
    return pupil


def _new_case(
    session: Session,
    actor: User,
    report: _Report,
    pupil: Pupil,
    today: date,
    now: datetime,
    model: EscalationModel,
) -> Case:
    """Add the case in phase 1, with the school's SWV (or the gemeente's by age)."""
    school = report.school
    # The SWV of the school; not enrolled: the gemeente's SWV of the pupil's sector by age.
    swv = (
        school.swv
        if school
        else serving_organisation(
            session, OrgKind.swv, report.municipality.id, swv_sector(pupil.age(today))
        )
    )
    case = Case(
        pupil_id=pupil.id,
        municipality_id=pupil.municipality_id,
        kind=report.kind,
        status="open",
        absent_since=report.absent_since,
        absence_authorised=report.authorised,
        absence_reason=report.reason if report.authorised else None,
        school_org_id=school.id if school else None,
        swv_org_id=swv.id if swv else None,
        phase=1,
        phase_since=today,
        phase_due_on=phase_term(model, 1, today, report.kind),
        escalated=False,
        summary=report.summary,
        opened_at=now,
        created_by_id=actor.id,
        reported_by=actor.organisation.kind.value,
    )
    case.pupil, case.school, case.swv = pupil, school, swv
    session.add(case)
    session.flush()
    return case


def _add_participants(
    session: Session, actor: User, case: Case, today: date, model: EscalationModel
) -> Organisation:
    """Add the reporter, the school, leerplicht and the regie holder; return the lead."""
    ensure_participant(session, case, actor.organisation, today, contact=actor)
    if case.school is not None:
        ensure_participant(session, case, case.school, today)
    if law.thuiszitter(law.situation(case, ()), today):
        # Leerplicht takes part in every thuiszitter's case (DESIGN §5); a case that
        # becomes one later gets it from the engine's four-week clock.
        leerplicht = leerplicht_for_pupil(session, case.pupil, today)
        if leerplicht is not None:
            ensure_participant(session, case, leerplicht, today)
    lead = _first_regie(session, case, model) or actor.organisation
    ensure_participant(session, case, lead, today)
    case.lead_org_id, case.lead_org = lead.id, lead
    if lead.id == actor.org_id:
        case.lead_user_id, case.lead_user = actor.id, actor
    return lead


def check_kind(
    i: Input, kind: str | None, enrolled: bool, authorised: bool, reason: str | None
) -> None:
    """The kind must fit the facts (DESIGN §4a): enrolled or not, with a valid reason or not."""
    if kind in ("relatief", "dreigend") and not enrolled:
        i.fail(
            "school_org_id",
            "Bij relatief verzuim en een dreigende situatie staat de leerling op een"
            " school ingeschreven: kies de school.",
        )
    if kind == "absoluut" and enrolled:
        i.fail(
            "school_org_id",
            "Bij absoluut verzuim is de leerling niet ingeschreven: laat de school leeg.",
        )
    if authorised and kind in law.VERZUIM_KINDS:
        i.fail(
            "absence_authorised",
            "Geoorloofd afwezig (ziek met een medische reden, verlof) is geen verzuim: kies"
            " als soort 'dreigend'.",
        )
    if authorised and reason is None and "absence_reason" not in i.errors:
        i.fail("absence_reason", "Kies de geldige reden van de afwezigheid.")


def _check_dates(i: Input, birth: date | None, absent_since: date | None, today: date) -> None:
    if birth is not None:
        if birth > today or (today - birth).days < 4 * 365:
            i.fail("birth_date", "De geboortedatum past niet bij een leerling van 4 jaar of ouder.")
        elif not law.plichtig(birth, today, False):
            i.fail(
                "birth_date",
                "Deze leerling is niet leerplichtig en niet kwalificatieplichtig (jonger dan"
                " 5, of 18 jaar of ouder): daarvoor opent u geen casus.",
            )
    if absent_since is not None:
        if absent_since > today:
            i.fail("absent_since", "De eerste dag zonder onderwijs ligt in de toekomst.")
        elif birth is not None and absent_since <= birth:
            i.fail("absent_since", "De eerste dag zonder onderwijs ligt vóór de geboortedatum.")


class DuplicateReport(Conflict):
    """An intake for a child who already has an open case: nothing is opened, but the
    report is forwarded to leerplicht (the edge commits that notification).

    Only someone who may read that case is told it exists (409, with its number); anyone
    else gets a neutral answer (202) that confirms nothing about the child (issue 15)."""

    code = "melding-doorgestuurd"
    case_id: int | None = None  # told to the reporter: only when they may read the case
    existing_id: int = 0  # for the audit log only

    @classmethod
    def for_actor(cls, session: Session, actor: User, existing: Case) -> DuplicateReport:
        exc = cls._told(session, actor, existing)
        exc.existing_id = existing.id
        return exc

    @classmethod
    def _told(cls, session: Session, actor: User, existing: Case) -> DuplicateReport:
        if _sees(session, actor, existing):
            exc = cls(
                f"Voor deze leerling loopt al een casus (casus {existing.id}). Uw melding is"
                " doorgestuurd naar leerplicht, die u erbij betrekt als dat nodig is."
            )
            exc.case_id = existing.id
            return exc
        exc = cls(
            "Uw melding is ontvangen en doorgestuurd naar leerplicht van de woongemeente."
            " Leerplicht neemt contact met u op als dat nodig is."
        )
        exc.status = 202
        return exc


def _sees(session: Session, actor: User, case: Case) -> bool:
    """May the actor read this case's whole file (the policy decides)?"""
    return (
        session.scalar(
            policy.visible_cases(actor, few=True)
            .with_only_columns(Case.id)
            .where(Case.id == case.id, policy.case_full_access(actor))
        )
        is not None
    )


# --- likely duplicates: the same child written differently --------------------------


def likely_duplicates(session: Session, case: Case) -> list[Case]:
    """Other open cases of a pupil with the same birth date and gemeente whose name is
    within two edits of this one (after folding accents, and 'ij' as 'y') or has the same
    initials."""
    pupil = case.pupil
    others = session.scalars(
        select(Case)
        .join(Pupil, Pupil.id == Case.pupil_id)
        .where(
            Case.status == "open",
            Case.id != case.id,
            Pupil.birth_date == pupil.birth_date,
            Pupil.municipality_id == pupil.municipality_id,
        )
        .order_by(Case.id)
    )
    return [c for c in others if pupils.alike(c.pupil, pupil)]


def seen_duplicates(session: Session, actor: User, case: Case) -> list[Case]:
    """The likely duplicates the actor may read: they are warned directly."""
    return [c for c in likely_duplicates(session, case) if _sees(session, actor, c)]


def _warn_leerplicht(session: Session, actor: User, case: Case, now: datetime) -> None:
    """Likely duplicates the intaker may not see go to leerplicht of the gemeente (only to
    those who may see both cases), never to the intaker."""
    hidden = [c for c in likely_duplicates(session, case) if not _sees(session, actor, c)]
    if not hidden:
        return
    for user in _leerplicht_contacts(session, case):
        for other in hidden:
            if not (_sees(session, user, case) and _sees(session, user, other)):
                continue
            notify(
                session,
                user,
                kind="intake_duplicate",
                now=now,
                case_id=case.id,
                text=(
                    f"Mogelijk dezelfde leerling: casus {case.id} ({case.pupil.initials}),"
                    f" net aangemeld door {actor.organisation.name}, en casus {other.id}"
                    f" ({other.pupil.initials}): zelfde geboortedatum en woongemeente,"
                    " bijna dezelfde naam. Voeg ze samen als het om één kind gaat."
                ),
                key=f"intake_likely_duplicate:{case.id}:{other.id}:{user.id}",
            )


def _open_case_for(
    session: Session, given: str, family: str, birth: date, onderwijsnummer: str | None
) -> Case | None:
    same_child = (func.lower(Pupil.given_name) == given.lower()) & (
        func.lower(Pupil.family_name) == family.lower()
    )
    if onderwijsnummer:
        same_child = same_child | (Pupil.onderwijsnummer == onderwijsnummer)
    return session.scalar(
        select(Case)
        .join(Pupil, Pupil.id == Case.pupil_id)
        .where(Case.status == "open", Pupil.birth_date == birth, same_child)
        .limit(1)
    )


def _leerplicht_contacts(session: Session, case: Case) -> list[User]:
    """Who at the leerplicht responsible for the pupil hears of it (the kwalificatieplicht
    may lie with another organisation than the gemeente's own leerplicht): its contact on
    the case, else its vast aanspreekpunt for the gemeente, else its coordinators (DESIGN §8,
    the one rule of notifications/recipients.py)."""
    leerplicht = leerplicht_for_pupil(session, case.pupil, clock.today())
    if leerplicht is None:
        return []
    return people_to_tell(session, leerplicht, case)


def _forward_report(
    session: Session, actor: User, case: Case, summary: str | None, now: datetime
) -> None:
    """Tell leerplicht (and the regie holder) that someone else reports this child too."""
    recipients = {u.id: u for u in _leerplicht_contacts(session, case)}
    if case.lead_user is not None and case.lead_user.active:
        recipients[case.lead_user.id] = case.lead_user
    text = (
        f"{actor.name} ({actor.organisation.name}) meldde {case.pupil.initials} aan,"
        f" voor wie casus {case.id} al loopt. Betrek de melder als dat nodig is."
        + (f" Aanleiding: {summary[:300]}" if summary else "")
    )
    for user in recipients.values():
        notify(
            session,
            user,
            kind="intake_duplicate",
            now=now,
            case_id=case.id,
            text=text,
            key=f"intake_duplicate:{case.id}:{actor.id}:{now.date().isoformat()}:{user.id}",
        )


def _first_regie(session: Session, case: Case, model: EscalationModel):
    """Who has regie from the start: the organisation the first phase names."""
    return org_for_kind(session, case, model.phase(1, case.kind).regie)
