"""Rules for opening and changing cases. Each change is recorded as a CaseEvent."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import clock
from ..auth.models import User
from ..core import policy
from ..core.errors import Conflict, Forbidden, ValidationFailed
from ..core.inputs import Input
from ..escalation.model import EscalationModel
from ..organisations.models import Municipality, Organisation, OrgKind
from ..organisations.queries import serving_organisation
from . import law
from .models import Blocker, Case, CaseEvent, Consent, Participation, Pupil
from .vocabulary import (
    ABSENCE_REASONS,
    BLOCKER_KINDS,
    CASE_KINDS,
    CONSENT_BASES,
    EDUCATION_TYPES,
    OUTCOMES,
)

# Kinds that may only take part with consent or a recorded legal ground (DESIGN §4).
NEEDS_CONSENT = {OrgKind.wijkteam, OrgKind.ggd, OrgKind.doorstroompunt}
RETURN_OUTCOMES = {
    "teruggeleid-zelfde-school",
    "teruggeleid-andere-school",
    "so-vso",
    "onderwijs-zorg-arrangement",
    "startkwalificatie",
}
MAY_OPEN = {
    OrgKind.school,
    OrgKind.swv,
    OrgKind.leerplicht,
    OrgKind.wijkteam,
    OrgKind.ggd,
    OrgKind.doorstroompunt,
}


def record_event(
    session: Session, case: Case, actor: User | None, kind: str, description: str, now: datetime
) -> CaseEvent:
    event = CaseEvent(
        case_id=case.id,
        at=now,
        actor_id=actor.id if actor else None,
        kind=kind,
        description=description,
    )
    session.add(event)
    return event


def _require_change(access: str | None) -> None:
    if not policy.may_change(access):
        raise Forbidden("U kunt deze casus inzien maar niet wijzigen.")


def _require_lead(actor: User, case: Case, access: str | None) -> None:
    if not policy.may_lead(actor, case, access):
        raise Forbidden(
            "Alleen de regiehouder, leerplicht of de coördinator van het"
            " samenwerkingsverband kan dit doen."
        )


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise Conflict("Deze casus is gesloten; wijzigingen zijn niet meer mogelijk.")


def _org(session: Session, org_id: int | None) -> Organisation | None:
    return session.get(Organisation, org_id) if org_id is not None else None


def lead_org_for_phase(session: Session, case: Case, regie_kind: str) -> Organisation | None:
    """The organisation of the kind that has regie in a phase, for this case."""
    if regie_kind == OrgKind.school:
        return case.school
    if regie_kind == OrgKind.swv:
        return case.swv
    return serving_organisation(session, OrgKind(regie_kind), case.pupil.municipality_id)


def _ensure_participant(
    session: Session, case: Case, org: Organisation, today: date, contact: User | None = None
) -> Participation:
    for p in case.participations:
        if p.org_id == org.id and p.ended_on is None:
            if contact is not None and p.contact_user_id is None:
                p.contact_user_id = contact.id
            return p
    p = Participation(
        case_id=case.id,
        org_id=org.id,
        started_on=today,
        contact_user_id=contact.id if contact else None,
    )
    p.organisation = org
    case.participations.append(p)
    session.add(p)
    return p


def _phase_term(model: EscalationModel, phase: int, since: date) -> date:
    return since + timedelta(days=model.phase(phase).max_days)


def open_case(
    session: Session, actor: User, data: Mapping[str, Any], *, now: datetime, model: EscalationModel
) -> Case:
    """Intake: register the pupil (or find them) and open a case in phase 1."""
    today = clock.local(now).date()
    if actor.organisation.kind not in MAY_OPEN:
        raise Forbidden("Uw organisatie kan geen casus openen.")
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
    school = _org(session, school_id)
    if school_id is not None and (school is None or school.kind != OrgKind.school):
        i.fail("school_org_id", "Kies een school uit de lijst.")
        school = None
    _check_kind(i, kind, school_id is not None, authorised, reason)
    _check_dates(i, birth, absent_since, today)
    i.done()

    existing = _open_case_for(session, given, family, birth, onderwijsnummer)
    if existing is not None:
        _forward_report(session, actor, existing, summary, now)
        raise DuplicateReport(
            "Voor deze leerling loopt al een casus. Uw melding is doorgestuurd naar"
            " leerplicht, die u erbij betrekt als dat nodig is."
        )
    # Each case keeps its own pupil record: an intake never rewrites what an earlier case
    # recorded (and so never changes who may see that case).
    pupil = Pupil(
        given_name=given,
        family_name=family,
        birth_date=birth,
        onderwijsnummer=onderwijsnummer,
        municipality_id=municipality.id,
        school_org_id=school.id if school else None,
        education_type=edu,
    )
    pupil.municipality, pupil.school = municipality, school
    session.add(pupil)
    session.flush()

    swv = school.swv if school else serving_organisation(session, OrgKind.swv, municipality.id)
    case = Case(
        pupil_id=pupil.id,
        kind=kind,
        status="open",
        absent_since=absent_since,
        absence_authorised=authorised,
        absence_reason=reason if authorised else None,
        school_org_id=school.id if school else None,
        swv_org_id=swv.id if swv else None,
        phase=1,
        phase_since=today,
        phase_due_on=_phase_term(model, 1, today),
        escalated=False,
        summary=summary,
        opened_at=now,
        created_by_id=actor.id,
        reported_by=actor.organisation.kind.value,
    )
    case.pupil, case.school, case.swv = pupil, school, swv
    session.add(case)
    session.flush()
    _ensure_participant(session, case, actor.organisation, today, contact=actor)
    if school is not None:
        _ensure_participant(session, case, school, today)
    if law.thuiszitter(law.situation(case, ()), today):
        # Leerplicht takes part in every thuiszitter's case (DESIGN §5); a case that
        # becomes one later gets it from the engine's four-week clock.
        leerplicht = serving_organisation(session, OrgKind.leerplicht, municipality.id)
        if leerplicht is not None:
            _ensure_participant(session, case, leerplicht, today)
    lead = lead_org_for_phase(session, case, model.phase(1).regie) or actor.organisation
    _ensure_participant(session, case, lead, today)
    case.lead_org_id, case.lead_org = lead.id, lead
    if lead.id == actor.org_id:
        case.lead_user_id, case.lead_user = actor.id, actor
    record_event(
        session,
        case,
        actor,
        "opened",
        f"Casus geopend ({CASE_KINDS[kind]}); regie bij {lead.name}.",
        now,
    )
    session.flush()
    return case


def _check_kind(
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
    report is forwarded to leerplicht (the edge commits that notification)."""

    code = "melding-doorgestuurd"


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


def _forward_report(
    session: Session, actor: User, case: Case, summary: str | None, now: datetime
) -> None:
    """Tell leerplicht (and the regie holder) that someone else reports this child too."""
    from ..notifications.services import notify

    leerplicht = serving_organisation(session, OrgKind.leerplicht, case.pupil.municipality_id)
    recipients = (
        {
            u.id: u
            for u in session.scalars(select(User).where(User.org_id == leerplicht.id, User.active))
            if u.has_role("coordinator")
        }
        if leerplicht is not None
        else {}
    )
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


def add_participation(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> Participation:
    """Involve an organisation; wijkteam, GGD and Doorstroompunt need a consent basis."""
    _require_change(access)
    _require_open(case)
    today = clock.local(now).date()
    i = Input(data)
    org = _org(session, i.integer("org_id", "de organisatie", required=True))
    basis = i.choice("consent_basis", "de grondslag", CONSENT_BASES)
    contact_id = i.integer("contact_user_id", "de contactpersoon")
    if i.present("org_id") and org is None and "org_id" not in i.errors:
        i.fail("org_id", "Deze organisatie kennen we niet.")
    if org is not None and any(p.org_id == org.id for p in case.active_participations()):
        i.fail("org_id", f"{org.name} is al betrokken.")
    if (
        org is not None
        and org.kind in NEEDS_CONSENT
        and basis is None
        and not _has_consent(session, case, org.id)
    ):
        i.fail(
            "consent_basis",
            f"{org.kind_label} mag pas meekijken met toestemming of een"
            " vastgelegde wettelijke grondslag: kies de grondslag.",
        )
    contact = session.get(User, contact_id) if contact_id is not None else None
    if contact_id is not None and (contact is None or org is None or contact.org_id != org.id):
        i.fail("contact_user_id", "De contactpersoon moet bij die organisatie werken.")
    i.done()
    if basis is not None:
        session.add(
            Consent(
                case_id=case.id, org_id=org.id, basis=basis, given_on=today, recorded_by_id=actor.id
            )
        )
    p = _ensure_participant(session, case, org, today, contact=contact)
    extra = f" ({CONSENT_BASES[basis].lower()})" if basis else ""
    record_event(session, case, actor, "participation_added", f"{org.name} betrokken{extra}.", now)
    session.flush()
    return p


def _has_consent(session: Session, case: Case, org_id: int) -> bool:
    return (
        session.scalar(
            select(Consent.id).where(
                Consent.case_id == case.id, Consent.org_id == org_id, Consent.withdrawn_on.is_(None)
            )
        )
        is not None
    )


def end_participation(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    participation_id: int,
    reason: str | None,
    *,
    now: datetime,
) -> None:
    _require_change(access)
    _require_open(case)
    today = clock.local(now).date()
    p = next((p for p in case.active_participations() if p.id == participation_id), None)
    if p is None:
        raise ValidationFailed(
            {"participation_id": "Deze betrokkenheid bestaat niet of is al beëindigd."}
        )
    if p.org_id == case.lead_org_id:
        raise Conflict(
            f"{p.organisation.name} heeft de regie. Leg de regie eerst bij een andere organisatie."
        )
    if p.organisation.kind == OrgKind.leerplicht and law.case_is_thuiszitter(case, today):
        raise Conflict(
            "Leerplicht blijft betrokken zolang de leerling thuiszitter is (absoluut verzuim,"
            " of vier weken of langer relatief verzuim)."
        )
    i = Input({"reason": reason})
    reason = i.text("reason", "de reden van beëindigen", required=True, max_length=300)
    i.done()
    p.ended_on, p.end_reason = today, reason
    record_event(
        session,
        case,
        actor,
        "participation_ended",
        f"Betrokkenheid van {p.organisation.name} beëindigd: {reason}",
        now,
    )
    session.flush()


def set_lead(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> None:
    """Give regie to a participating organisation and optionally a person there."""
    _require_lead(actor, case, access)
    _require_open(case)
    org, user = _validated_lead(session, case, data)
    _apply_lead(session, actor, case, org, user, now)
    session.flush()


def _validated_lead(
    session: Session, case: Case, data: Mapping[str, Any]
) -> tuple[Organisation, User | None]:
    i = Input(data)
    org_id = i.integer("lead_org_id", "de regie-organisatie", required=True)
    user_id = i.integer("lead_user_id", "de casusregisseur")
    i.done()
    participants = {p.org_id: p.organisation for p in case.active_participations()}
    if org_id not in participants:
        raise ValidationFailed(
            {"lead_org_id": "Regie kan alleen bij een betrokken organisatie liggen."}
        )
    user = session.get(User, user_id) if user_id is not None else None
    if user_id is not None and (user is None or user.org_id != org_id or not user.active):
        raise ValidationFailed(
            {"lead_user_id": "De casusregisseur moet bij de regie-organisatie werken."}
        )
    return participants[org_id], user


def _apply_lead(
    session: Session, actor: User, case: Case, org: Organisation, user: User | None, now: datetime
) -> None:
    case.escalated = False  # someone with regie acted (DESIGN §6)
    case.lead_org_id, case.lead_org = org.id, org
    case.lead_user_id, case.lead_user = (user.id, user) if user else (None, None)
    who = f" ({user.name})" if user else ""
    record_event(session, case, actor, "lead_set", f"Regie bij {org.name}{who}.", now)


def record_consent(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> Consent:
    _require_change(access)
    _require_open(case)
    i = Input(data)
    org = _org(session, i.integer("org_id", "de organisatie", required=True))
    basis = i.choice("basis", "de grondslag", CONSENT_BASES, required=True)
    given_on = i.day("given_on", "de datum van toestemming") or clock.local(now).date()
    note = i.text("note", "de toelichting", max_length=500)
    if i.present("org_id") and org is None and "org_id" not in i.errors:
        i.fail("org_id", "Deze organisatie kennen we niet.")
    if given_on > clock.local(now).date():
        i.fail("given_on", "De datum van toestemming ligt in de toekomst.")
    i.done()
    consent = Consent(
        case_id=case.id,
        org_id=org.id,
        basis=basis,
        given_on=given_on,
        note=note,
        recorded_by_id=actor.id,
    )
    consent.organisation = org
    session.add(consent)
    record_event(
        session,
        case,
        actor,
        "consent_recorded",
        f"Toestemming vastgelegd voor {org.name}: {CONSENT_BASES[basis]}.",
        now,
    )
    session.flush()
    return consent


def withdraw_consent(
    session: Session, actor: User, case: Case, access: str | None, consent_id: int, *, now: datetime
) -> None:
    # Parents may withdraw consent at any time, also after the case is closed (AVG).
    _require_change(access)
    consent = session.get(Consent, consent_id)
    if consent is None or consent.case_id != case.id or consent.withdrawn_on is not None:
        raise ValidationFailed(
            {"consent_id": "Deze toestemming bestaat niet of is al ingetrokken."}
        )
    consent.withdrawn_on = clock.local(now).date()
    record_event(
        session,
        case,
        actor,
        "consent_withdrawn",
        f"Toestemming voor {consent.organisation.name} ingetrokken.",
        now,
    )
    session.flush()


def add_blocker(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> Blocker:
    """Record why return stalls (a waiting list, a TLV procedure, …)."""
    _require_change(access)
    _require_open(case)
    today = clock.local(now).date()
    i = Input(data)
    kind = i.choice("kind", "de belemmering", BLOCKER_KINDS, required=True)
    since = i.day("since", "de datum vanaf") or today
    note = i.text("note", "de toelichting", max_length=500)
    if since > today:
        i.fail("since", "De datum vanaf ligt in de toekomst.")
    i.done()
    blocker = Blocker(case_id=case.id, kind=kind, since=since, note=note, recorded_by_id=actor.id)
    session.add(blocker)
    record_event(
        session,
        case,
        actor,
        "blocker_added",
        f"Belemmering: {BLOCKER_KINDS[kind]} (sinds {since:%d-%m-%Y}).",
        now,
    )
    session.flush()
    return blocker


def end_blocker(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    blocker_id: int,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> None:
    _require_change(access)
    _require_open(case)
    today = clock.local(now).date()
    blocker = session.get(Blocker, blocker_id)
    if blocker is None or blocker.case_id != case.id or blocker.until is not None:
        raise ValidationFailed({"blocker_id": "Deze belemmering bestaat niet of is al opgeheven."})
    i = Input(data)
    until = i.day("until", "de einddatum") or today
    if until < blocker.since or until > today:
        i.fail("until", "De einddatum moet tussen de begindatum en vandaag liggen.")
    i.done()
    blocker.until = until
    record_event(
        session,
        case,
        actor,
        "blocker_ended",
        f"Belemmering opgeheven: {BLOCKER_KINDS[blocker.kind]}.",
        now,
    )
    session.flush()


def close_case(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> None:
    """Close with an outcome of the leerplichttelling and the date education resumed."""
    _require_lead(actor, case, access)
    _require_open(case)
    today = clock.local(now).date()
    i = Input(data)
    outcome = i.choice("outcome", "de uitkomst", OUTCOMES, required=True)
    resumed = i.day("education_resumed_on", "de datum waarop het onderwijs hervat is")
    if outcome in RETURN_OUTCOMES and resumed is None and "education_resumed_on" not in i.errors:
        i.fail("education_resumed_on", "Vul de datum in waarop de leerling weer onderwijs volgt.")
    if resumed is not None and (resumed < case.absent_since or resumed > today):
        i.fail(
            "education_resumed_on",
            "De hervattingsdatum moet tussen de eerste dag zonder onderwijs en vandaag liggen.",
        )
    i.done()
    case.status, case.outcome, case.closed_at = "closed", outcome, now
    case.education_resumed_on = resumed
    case.escalated = False
    for blocker in session.scalars(
        select(Blocker).where(Blocker.case_id == case.id, Blocker.until.is_(None))
    ):
        blocker.until = today
    record_event(session, case, actor, "closed", f"Casus gesloten: {OUTCOMES[outcome]}.", now)
    session.flush()


def update_case(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
    model: EscalationModel,
) -> None:
    """Change kind, first day without education, summary or phase (a recorded decision)."""
    _require_change(access)
    _require_open(case)
    today = clock.local(now).date()
    allowed = {
        "kind",
        "absence_authorised",
        "absence_reason",
        "absent_since",
        "summary",
        "phase",
        "reason",
        "lead_org_id",
        "lead_user_id",
    }
    i = Input(data)
    unknown = sorted(set(i.data) - allowed)
    if unknown:
        raise ValidationFailed({unknown[0]: f"Veld '{unknown[0]}' kan niet gewijzigd worden."})
    kind = i.choice("kind", "de soort casus", CASE_KINDS)
    authorised = (
        i.boolean("absence_authorised", "geoorloofd afwezig")
        if i.present("absence_authorised")
        else case.absence_authorised
    )
    absence_reason = (
        i.choice("absence_reason", "de geldige reden", ABSENCE_REASONS)
        if i.present("absence_reason")
        else case.absence_reason
    )
    if not authorised:
        absence_reason = None
    _check_kind(i, kind or case.kind, case.school_org_id is not None, authorised, absence_reason)
    absent_since = i.day("absent_since", "de eerste dag zonder onderwijs")
    summary = i.text("summary", "de aanleiding", max_length=2000)
    phase = i.integer("phase", "de fase")
    reason = i.text("reason", "de reden", max_length=500)
    if absent_since is not None and (absent_since > today or absent_since <= case.pupil.birth_date):
        i.fail(
            "absent_since",
            "De eerste dag zonder onderwijs moet tussen de geboortedatum en vandaag liggen.",
        )
    if phase is not None and phase not in model.phase_numbers:
        i.fail("phase", f"Fase {phase} bestaat niet; kies uit {model.phase_numbers}.")
    if phase is not None and phase != case.phase and not reason:
        i.fail("reason", "Een faseovergang is een besluit: vul de reden in.")
    if absent_since is not None and absent_since != case.absent_since and not reason:
        i.fail("reason", "Vul de reden in waarom de eerste dag zonder onderwijs wijzigt.")
    i.done()
    if phase is not None and phase != case.phase:
        _require_lead(actor, case, access)
    lead = None
    if i.present("lead_org_id"):  # validated before anything changes
        _require_lead(actor, case, access)
        lead = _validated_lead(session, case, data)
    changes = []
    if kind and kind != case.kind:
        changes.append(f"soort: {CASE_KINDS[case.kind]} → {CASE_KINDS[kind]}")
        case.kind = kind
    if (authorised, absence_reason) != (case.absence_authorised, case.absence_reason):
        changes.append(
            f"geoorloofd afwezig ({ABSENCE_REASONS[absence_reason].lower()})"
            if authorised
            else "niet (meer) geoorloofd afwezig"
        )
        case.absence_authorised, case.absence_reason = authorised, absence_reason
    if absent_since and absent_since != case.absent_since:
        changes.append(
            f"eerste dag zonder onderwijs: {case.absent_since:%d-%m-%Y} → {absent_since:%d-%m-%Y}"
        )
        case.absent_since = absent_since
    if summary is not None and summary != case.summary:
        changes.append("aanleiding bijgewerkt")
        case.summary = summary
    if changes:
        text = "Gewijzigd: " + "; ".join(changes) + (f". Reden: {reason}" if reason else ".")
        record_event(session, case, actor, "updated", text, now)
    if phase is not None and phase != case.phase:
        move_phase(session, actor, case, phase, reason, now=now, model=model)
    if lead is not None:  # an explicit regie wins over the phase's default
        _apply_lead(session, actor, case, *lead, now)
    session.flush()


def change_phase(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
    model: EscalationModel,
) -> None:
    """The phase decision from the case page: a different phase and a reason, both required."""
    _require_lead(actor, case, access)
    _require_open(case)
    i = Input(data)
    phase = i.integer("phase", "de nieuwe fase", required=True)
    reason = i.text("reason", "de reden van het besluit", required=True, max_length=500)
    if phase is not None and phase not in model.phase_numbers:
        i.fail("phase", f"Fase {phase} bestaat niet; kies uit {model.phase_numbers}.")
    elif phase == case.phase:
        i.fail("phase", f"De casus is al in fase {phase}; kies een andere fase.")
    i.done()
    case.escalated = False  # a phase decision is the regie acting on the escalation
    move_phase(session, actor, case, phase, reason, now=now, model=model)
    session.flush()


def move_phase(
    session: Session,
    actor: User,
    case: Case,
    phase: int,
    reason: str,
    *,
    now: datetime,
    model: EscalationModel,
) -> None:
    """Move to another phase; regie follows the phase's regie kind (DESIGN §6)."""
    today = clock.local(now).date()
    old = case.phase
    case.phase, case.phase_since = phase, today
    case.phase_due_on = _phase_term(model, phase, today)
    target = model.phase(phase)
    lead = lead_org_for_phase(session, case, target.regie)
    text = f"Fase {old} → {phase} ({target.name}). Reden: {reason}"
    if lead is not None and lead.id != case.lead_org_id:
        _ensure_participant(session, case, lead, today)
        case.lead_org_id, case.lead_org = lead.id, lead
        case.lead_user_id, case.lead_user = None, None
        text += f" Regie naar {lead.name}."
    record_event(session, case, actor, "phase_moved", text, now)
