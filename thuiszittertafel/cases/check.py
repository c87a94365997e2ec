"""`thuiszittertafel cases check`: open cases whose recorded facts no longer fit the law or
the rules, for functioneel beheer to fix by hand (nothing is changed behind anyone's back).

Kept apart from the services: it reads everything, whoever may see it, and is run by the
installation's administrator from the command line only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import law
from .models import Case, Consent
from .participation import LEGAL_GROUND, consent_basis_for_age
from .vocabulary import CASE_KINDS, CONSENT_BASES


@dataclass(frozen=True)
class Finding:
    case_id: int
    problem: str  # Dutch: what does not fit, and what to do


def findings(session: Session, today: date) -> Iterator[Finding]:
    """Every open case whose kind, plicht, vrijstelling or consent does not fit."""
    cases = session.scalars(select(Case).where(Case.status == "open").order_by(Case.id))
    for case in cases:
        yield from _case_findings(case, today)
    consents = session.execute(
        select(Consent, Case)
        .join(Case, Case.id == Consent.case_id)
        .where(Case.status == "open", Consent.withdrawn_on.is_(None))
        .order_by(Consent.id)
    )
    for consent, case in consents:
        if consent.basis == LEGAL_GROUND:
            continue
        fits = consent_basis_for_age(case.pupil.age(consent.given_on))
        if consent.basis != fits:
            yield Finding(
                case.id,
                f"Toestemming voor {consent.organisation.name} ({CONSENT_BASES[consent.basis]})"
                f" past niet bij de leeftijd op {consent.given_on:%d-%m-%Y}: nodig is"
                f" '{CONSENT_BASES[fits]}'. Vraag opnieuw toestemming of leg een wettelijke"
                " grondslag vast.",
            )


def _case_findings(case: Case, today: date) -> Iterator[Finding]:
    s = law.situation(case)
    enrolled = case.school_org_id is not None
    kind = CASE_KINDS[case.kind]
    if case.kind == "absoluut" and enrolled:
        yield Finding(case.id, f"Soort '{kind}' maar de leerling staat op een school.")
    if case.kind in ("relatief", "dreigend") and not enrolled:
        yield Finding(case.id, f"Soort '{kind}' maar de leerling staat op geen school.")
    if case.kind == "vrijstelling-traject" and not law.exempt(s, today):
        yield Finding(
            case.id,
            "Vrijstelling, traject naar onderwijs, maar er is vandaag geen toegekende"
            " vrijstelling: leg de vrijstelling vast of kies een andere soort.",
        )
    if not law.plichtig(case.pupil.birth_date, today, bool(case.pupil.has_startkwalificatie)):
        yield Finding(
            case.id,
            "De leerling is niet meer leer- of kwalificatieplichtig (18 jaar of een"
            " startkwalificatie): sluit de casus, bijvoorbeeld met uitkomst '18 jaar'.",
        )
    if (
        case.kind == "dreigend"
        and not case.absence_authorised
        and law.days_without_education(s, today) >= law.LONG_TERM_DAYS
    ):
        yield Finding(
            case.id,
            "Dreigend, vier weken of langer zonder onderwijs en niet als geoorloofd afwezig"
            " vastgelegd: is de leerling ziek met een medische reden of met verlof afwezig"
            " (dan: geoorloofd), of is het relatief verzuim?",
        )
