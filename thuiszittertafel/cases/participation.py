"""Who takes part in a case, and with what consent (DESIGN §3a, §4).

Leerplicht and the school take part by law; the SWV, wijkteam, GGD and Doorstroompunt need
consent or a recorded legal ground. Who gives consent follows the pupil's age, and a
withdrawal ends that organisation's access from that moment (its own notes stay).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from ..auth.models import User
from ..core import permissions
from ..core.errors import Conflict, NotFound, ValidationFailed
from ..core.inputs import CASE_YEARS, Input
from ..core.versions import claim_state
from ..notifications.recipients import people_to_tell
from ..notifications.services import tell
from ..organisations.models import Organisation, OrgKind
from ..organisations.queries import leerplicht_for_pupil
from . import law
from .models import Case, Consent, Participation
from .services import ensure_participant, organisation, record_event, require_open
from .vocabulary import CONSENT_BASES

ENDED = "Deze betrokkenheid is al beëindigd; laad de casus opnieuw."
WITHDRAWN = "Deze toestemming is al ingetrokken."

# Kinds that may only take part with consent or a recorded legal ground (DESIGN §4).
NEEDS_CONSENT = {OrgKind.swv, OrgKind.wijkteam, OrgKind.ggd, OrgKind.doorstroompunt}
LEGAL_GROUND = "wettelijke-grondslag"


def consent_basis_for_age(age: int) -> str:
    """Who gives consent at this age: the parents (under 12), parents and pupil (12–15),
    the pupil (16 and older)."""
    if age < 12:
        return "toestemming-ouders"
    if age < 16:
        return "toestemming-ouders-en-jongere"
    return "toestemming-jongere"


def _check_basis(i: Input, field: str, basis: str | None, case: Case, on: date) -> None:
    if basis is None or basis == LEGAL_GROUND:
        return
    age = case.pupil.age(on)
    fits = consent_basis_for_age(age)
    if basis != fits:
        i.fail(
            field,
            f"De leerling is {age} jaar: dan {_giver(fits)} toestemming"
            f" ('{CONSENT_BASES[fits]}'), of leg een wettelijke grondslag vast.",
        )


def _giver(basis: str) -> str:
    return {
        "toestemming-ouders": "geven de ouders/verzorgers",
        "toestemming-ouders-en-jongere": "geven de ouders/verzorgers én de jongere",
        "toestemming-jongere": "geeft de jongere zelf",
    }[basis]


def has_consent(session: Session, case: Case, org_id: int) -> bool:
    return (
        session.scalar(
            select(Consent.id).where(
                Consent.case_id == case.id, Consent.org_id == org_id, Consent.withdrawn_on.is_(None)
            )
        )
        is not None
    )


def needs_consent(session: Session, case: Case, org: Organisation) -> bool:
    """Taking part would need consent that is not (or no longer) there."""
    return org.kind in NEEDS_CONSENT and not has_consent(session, case, org.id)


def add_participation(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> Participation:
    """Involve an organisation; the SWV, wijkteam, GGD and Doorstroompunt need consent (its
    basis, who gave it) or a recorded legal ground. The organisation is told."""
    permissions.require(actor, "participation.add", case, access)
    require_open(case)
    today = clock.local(now).date()
    i = Input(data)
    org = organisation(session, i.integer("org_id", "de organisatie", required=True))
    basis = i.choice("consent_basis", "de grondslag", CONSENT_BASES)
    given_by = i.text("consent_given_by", "wie toestemming gaf", max_length=200)
    contact_id = i.integer("contact_user_id", "de contactpersoon")
    if i.present("org_id") and org is None and "org_id" not in i.errors:
        i.fail("org_id", "Deze organisatie kennen we niet.")
    if org is not None and not org.active:
        i.fail("org_id", f"{org.name} is uitgezet en kan niet meer aansluiten.")
    if org is not None and any(p.org_id == org.id for p in case.active_participations()):
        i.fail("org_id", f"{org.name} is al betrokken.")
    if org is not None and basis is None and needs_consent(session, case, org):
        i.fail(
            "consent_basis",
            f"{org.kind_label} mag pas meekijken met toestemming of een"
            " vastgelegde wettelijke grondslag: kies de grondslag.",
        )
    _check_basis(i, "consent_basis", basis, case, today)
    contact = session.get(User, contact_id) if contact_id is not None else None
    if contact_id is not None and (contact is None or org is None or contact.org_id != org.id):
        i.fail("contact_user_id", "De contactpersoon moet bij die organisatie werken.")
    i.done()
    if basis is not None:
        session.add(
            Consent(
                case_id=case.id,
                org_id=org.id,
                basis=basis,
                given_on=today,
                given_by=given_by,
                recorded_by_id=actor.id,
            )
        )
    p = ensure_participant(session, case, org, today, contact=contact)
    extra = f" ({CONSENT_BASES[basis].lower()})" if basis else ""
    record_event(session, case, actor, "participation_added", f"{org.name} betrokken{extra}.", now)
    session.flush()
    tell_added(session, actor, case, org, now)
    return p


def tell_added(
    session: Session, actor: User | None, case: Case, org: Organisation, now: datetime
) -> None:
    """An organisation added to a case hears of it (never nobody while it has users)."""
    who = f"{actor.name} ({actor.organisation.name})" if actor else "De opschaling"
    tell(
        session,
        people_to_tell(session, org, case),
        kind="participant_added",
        key=f"participant_added:c{case.id}:o{org.id}:{now.isoformat()}",
        text=f"{who} heeft {org.name} betrokken bij casus {case.id} ({case.pupil.initials}).",
        now=now,
        case_id=case.id,
        exclude=actor,
    )


def tell_participants(
    session: Session, actor: User, case: Case, *, kind: str, key: str, text: str, now: datetime
) -> None:
    """Every organisation taking part hears it (its contact person, else coordinators)."""
    people = [
        u
        for p in case.active_participations()
        for u in people_to_tell(session, p.organisation, case)
    ]
    tell(session, people, kind=kind, key=key, text=text, now=now, case_id=case.id, exclude=actor)


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
    """End an organisation's part, with a reason: by regie, or by the organisation itself."""
    require_open(case)
    today = clock.local(now).date()
    p = next((p for p in case.participations if p.id == participation_id), None)
    if p is None:
        raise ValidationFailed(
            {"participation_id": "Deze betrokkenheid bestaat niet of is al beëindigd."}
        )
    permissions.require(actor, "participation.end", case, access, p)
    if p.ended_on is not None:
        raise Conflict(ENDED)
    if p.org_id == case.lead_org_id:
        raise Conflict(
            f"{p.organisation.name} heeft de regie. Stel de regie eerst voor aan een andere"
            " organisatie; na haar akkoord kan deze betrokkenheid eindigen."
        )
    if p.organisation.kind == OrgKind.leerplicht and law.case_is_thuiszitter(case, today):
        raise Conflict(
            "Leerplicht blijft betrokken zolang de leerling thuiszitter is (absoluut verzuim,"
            " of vier weken of langer relatief verzuim)."
        )
    i = Input({"reason": reason})
    reason = i.text("reason", "de reden van beëindigen", required=True, max_length=300)
    i.done()
    # Of two ends at once (regie and the organisation itself) one counts.
    if not claim_state(
        session, p, Participation.ended_on.is_(None), ended_on=today, end_reason=reason
    ):
        raise Conflict(ENDED)
    record_event(
        session,
        case,
        actor,
        "participation_ended",
        f"Betrokkenheid van {p.organisation.name} beëindigd: {reason}",
        now,
    )
    session.flush()


def record_consent(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> Consent:
    """Consent for one organisation: basis (fitting the pupil's age), date, who gave it."""
    require_open(case)
    today = clock.local(now).date()
    i = Input(data)
    org = organisation(session, i.integer("org_id", "de organisatie", required=True))
    if org is not None:
        permissions.require(actor, "consent.record", case, access, _For(org.id))
    else:
        permissions.require(actor, "consent.record", case, access)
    basis = i.choice("basis", "de grondslag", CONSENT_BASES, required=True)
    given_on = i.day("given_on", "de datum van toestemming", years=CASE_YEARS) or today
    given_by = i.text("given_by", "wie toestemming gaf", max_length=200)
    note = i.text("note", "de toelichting", max_length=500)
    if i.present("org_id") and org is None and "org_id" not in i.errors:
        i.fail("org_id", "Deze organisatie kennen we niet.")
    if org is not None and not org.active:
        i.fail("org_id", f"{org.name} is uitgezet en kan niet meer aansluiten.")
    if given_on > today:
        i.fail("given_on", "De datum van toestemming ligt in de toekomst.")
    elif given_on < case.pupil.birth_date:
        i.fail("given_on", "De datum van toestemming ligt vóór de geboortedatum.")
    _check_basis(i, "basis", basis, case, given_on)
    if basis not in (None, LEGAL_GROUND) and not given_by and "basis" not in i.errors:
        i.fail("given_by", "Vul in wie de toestemming gaf (bijvoorbeeld: moeder en Maxime).")
    i.done()
    consent = Consent(
        case_id=case.id,
        org_id=org.id,
        basis=basis,
        given_on=given_on,
        given_by=given_by,
        note=note,
        recorded_by_id=actor.id,
    )
    consent.organisation = org
    session.add(consent)
    by = f", gegeven door {given_by}" if given_by else ""
    record_event(
        session,
        case,
        actor,
        "consent_recorded",
        f"Toestemming vastgelegd voor {org.name}: {CONSENT_BASES[basis]}{by}.",
        now,
    )
    session.flush()
    return consent


class _For:
    """A stand-in target: the organisation a consent is (to be) about."""

    def __init__(self, org_id: int):
        self.org_id = org_id


def withdraw_consent(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    consent_id: int,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> Consent:
    """Record a withdrawal (date, reason). From then on the organisation has no access:
    its participation ends, its own notes stay, it gets one notice without the pupil's
    name — unless a legal ground for it is recorded. Possible after closing too (AVG)."""
    consent = session.get(Consent, consent_id)
    if consent is None or consent.case_id != case.id:
        raise NotFound("Deze toestemming bestaat niet bij deze casus.")
    permissions.require(actor, "consent.withdraw", case, access, consent)
    if consent.withdrawn_on is not None:
        raise Conflict(WITHDRAWN)
    today = clock.local(now).date()
    i = Input(data)
    withdrawn_on = i.day("withdrawn_on", "de datum van intrekking", years=CASE_YEARS) or today
    reason = i.text("reason", "de reden van intrekking", required=True, max_length=500)
    if withdrawn_on > today:
        i.fail("withdrawn_on", "De datum van intrekking ligt in de toekomst.")
    elif withdrawn_on < consent.given_on:
        i.fail("withdrawn_on", "De datum van intrekking ligt vóór de datum van toestemming.")
    i.done()
    if not claim_state(  # of two withdrawals at once one counts
        session,
        consent,
        Consent.withdrawn_on.is_(None),
        withdrawn_on=withdrawn_on,
        withdrawn_reason=reason,
    ):
        raise Conflict(WITHDRAWN)
    org = consent.organisation
    text = f"Toestemming voor {org.name} ingetrokken per {withdrawn_on:%d-%m-%Y}: {reason}"
    session.flush()
    if org.kind in NEEDS_CONSENT and not has_consent(session, case, org.id):
        text += _end_access(session, actor, case, org, today, now)
    record_event(session, case, actor, "consent_withdrawn", text, now)
    session.flush()
    return consent


def _end_access(
    session: Session, actor: User, case: Case, org: Organisation, today: date, now: datetime
) -> str:
    """The withdrawal takes effect: the organisation's part ends; regie it held goes to
    leerplicht (a legal task), which is told."""
    said = ""
    for p in case.active_participations():
        if p.org_id == org.id:
            p.ended_on, p.end_reason = today, "Toestemming ingetrokken."
            said = f" {org.name} is niet meer betrokken en kan de casus niet meer inzien."
    if case.lead_org_id == org.id and case.is_open:
        leerplicht = leerplicht_for_pupil(session, case.pupil, today)
        if leerplicht is not None:
            ensure_participant(session, case, leerplicht, today)
            case.lead_org_id, case.lead_org = leerplicht.id, leerplicht
            case.lead_user_id, case.lead_user = None, None
            said += f" De regie ligt nu bij {leerplicht.name}."
            tell(
                session,
                people_to_tell(session, leerplicht, case),
                kind="regie_accepted",
                key=f"regie_after_withdrawal:c{case.id}:o{org.id}:{now.isoformat()}",
                text=f"De toestemming voor {org.name} in casus {case.id}"
                f" ({case.pupil.initials}) is ingetrokken; de regie ligt nu bij"
                f" {leerplicht.name}.",
                now=now,
                case_id=case.id,
                exclude=actor,
            )
    # The organisation can no longer open the case: the notice names neither the pupil
    # nor links to it.
    tell(
        session,
        people_to_tell(session, org),
        kind="consent_withdrawn",
        key=f"consent_withdrawn:c{case.id}:o{org.id}:{now.isoformat()}",
        text=f"De toestemming voor {org.name} in casus {case.id} is ingetrokken; uw"
        " organisatie is niet meer betrokken. Uw eigen notities blijven in het dossier.",
        now=now,
        exclude=actor,
    )
    return said
