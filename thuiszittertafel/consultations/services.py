"""Consultatie en advies: ask leerplicht or the SWV about a pupil who is not named.

A school, wijkteam, GGD or Doorstroompunt opens the conversation with one leerplicht or SWV
organisation; members may invite others. Messages are never edited or deleted. Converting
turns it into a case: the messages move into the case log, and from then on the case's
visibility applies (the consultation no longer shows them).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..auth.models import Role, User
from ..cases import intake, participation
from ..cases.models import Case
from ..cases.queries import get_case
from ..cases.services import record_event
from ..cases.vocabulary import CONSENT_BASES, EDUCATION_TYPES
from ..core.errors import Conflict, Forbidden, ValidationFailed
from ..core.in_turn import CONSULTATION_MESSAGES, hold
from ..core.inputs import Input
from ..core.once import add_once
from ..core.versions import claim_state
from ..escalation.model import EscalationModel
from ..notes.models import Note
from ..notifications.services import notify
from ..organisations.models import Municipality, Organisation, OrgKind
from .delivery import queue_message, queue_status
from .models import MAX_AGE, MIN_AGE, Consultation, ConsultationMember, ConsultationMessage

MAY_ASK = {OrgKind.school, OrgKind.wijkteam, OrgKind.ggd, OrgKind.doorstroompunt}
MAY_ADVISE = {OrgKind.leerplicht, OrgKind.swv}
# Partners of the case table; a gemeente takes part in bestuurlijke opschaling, not here.
MAY_JOIN = MAY_ASK | MAY_ADVISE
MAX_DESCRIPTION = 1000
MAX_BODY = 20_000
INTAKE_FIELDS = (
    "given_name",
    "family_name",
    "birth_date",
    "municipality_id",
    "education_type",
    "kind",
    "absent_since",
    "school_org_id",
    "onderwijsnummer",
    "summary",
)


def may_open(actor: User) -> bool:
    return actor.is_active and actor.organisation.kind in MAY_ASK


def may_decide(actor: User, consultation: Consultation) -> bool:
    """Closing and converting: the asking organisation and the one asked, not invitees."""
    return actor.org_id in (consultation.opened_by_org_id, consultation.partner_org_id)


def open_consultation(
    session: Session, actor: User, data: Mapping[str, Any], *, now: datetime, mail: bool = False
) -> Consultation:
    """Open a consultation and tell the partner organisation's coordinators."""
    if not may_open(actor):
        raise Forbidden(
            "Alleen een school, wijkteam, GGD of Doorstroompunt vraagt hier"
            " advies aan leerplicht of het samenwerkingsverband."
        )
    i = Input(data)
    partner_id = i.integer(
        "partner_org_id", "leerplicht of het samenwerkingsverband", required=True
    )
    description = i.text(
        "description", "een korte beschrijving", required=True, max_length=MAX_DESCRIPTION
    )
    age = i.integer("age", "de leeftijd")
    if age is None and "age" not in i.errors:
        i.fail("age", "Vul de leeftijd in jaren in.")
    education_type = i.choice("education_type", "het onderwijstype", EDUCATION_TYPES, required=True)
    municipality_id = i.integer("municipality_id", "de woongemeente")
    partner = session.get(Organisation, partner_id) if partner_id is not None else None
    if partner_id is not None and (partner is None or partner.kind not in MAY_ADVISE):
        i.fail("partner_org_id", "Kies leerplicht of een samenwerkingsverband uit de lijst.")
        partner = None
    if age is not None and not MIN_AGE <= age <= MAX_AGE:
        i.fail("age", f"Vul een leeftijd tussen {MIN_AGE} en {MAX_AGE} jaar in.")
    municipality = (
        session.get(Municipality, municipality_id) if municipality_id is not None else None
    )
    if municipality_id is not None and municipality is None:
        i.fail("municipality_id", "Deze gemeente kennen we niet.")
    if (
        partner is not None
        and municipality is not None
        and partner.kind == OrgKind.leerplicht
        and municipality.id not in {m.id for m in partner.municipalities}
    ):
        i.fail(
            "partner_org_id",
            f"{partner.name} werkt niet voor {municipality.name}; kies"
            " leerplicht van de woongemeente.",
        )
    i.done()
    consultation = Consultation(
        opened_by_id=actor.id,
        opened_by_org_id=actor.org_id,
        partner_org_id=partner.id,
        description=description,
        age=age,
        education_type=education_type,
        municipality_id=municipality.id if municipality else None,
        status="open",
        created_at=now,
    )
    consultation.opened_by, consultation.opened_by_org = actor, actor.organisation
    consultation.partner_org, consultation.municipality = partner, municipality
    consultation.members = [
        ConsultationMember(
            org_id=actor.org_id, role="opener", added_at=now, organisation=actor.organisation
        ),
        ConsultationMember(org_id=partner.id, role="partner", added_at=now, organisation=partner),
    ]
    session.add(consultation)
    session.flush()
    _notify_org(
        session,
        partner,
        consultation,
        now=now,
        mail=mail,
        text=f"Nieuwe consultatie {consultation.id} van {actor.organisation.name}:"
        f" advies gevraagd over een leerling van {age} jaar"
        f" ({education_type}). Zie Consultaties.",
    )
    return consultation


def _notify_org(
    session: Session,
    org: Organisation,
    consultation: Consultation,
    *,
    now: datetime,
    mail: bool,
    text: str,
) -> None:
    """Tell the organisation's coordinators; without coordinators, every active user."""
    users = list(session.scalars(select(User).where(User.org_id == org.id, User.active.is_(True))))
    coordinators = [u for u in users if u.has_role(Role.coordinator)]
    # "mention" is the inbox kind for "someone addresses you"; the text says what it is.
    for user in coordinators or users:
        notify(
            session,
            user,
            kind="mention",
            now=now,
            mail=mail,
            text=text,
            key=f"consultation:{consultation.id}:org:{org.id}:{user.id}",
        )


def _require_open(consultation: Consultation) -> None:
    if consultation.status == "converted":
        raise Conflict(
            f"Deze consultatie is omgezet naar casus {consultation.case_id};"
            " schrijf verder in de chronologie van de casus.",
            code="omgezet",
        )
    if consultation.status != "open":
        raise Conflict(
            "Deze consultatie is gesloten; er kunnen geen berichten of organisaties meer bij.",
            code="gesloten",
        )


def _current_status(session: Session, consultation: Consultation) -> None:
    """Re-read the status under a shared row lock, so a message cannot slip in while the
    consultation is being converted (PostgreSQL; SQLite serialises writes anyway)."""
    consultation.status = session.scalar(
        select(Consultation.status)
        .where(Consultation.id == consultation.id)
        .with_for_update(read=True)
    )


def post_message(
    session: Session,
    actor: User,
    consultation: Consultation,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> tuple[ConsultationMessage, bool]:
    """Store a message; a repeated client_id returns the stored one (created=False)."""
    i = Input(data)
    client_id = i.client_id(generate=True)
    if client_id is None:
        i.done()
    existing = _by_client_id(session, actor, client_id)
    if existing is not None:
        if existing.consultation_id != consultation.id:
            raise Conflict("Deze client-id hoort bij een bericht in een andere consultatie.")
        return existing, False
    _current_status(session, consultation)
    _require_open(consultation)
    body = i.text("body", "een bericht", required=True, max_length=MAX_BODY)
    i.done()
    hold(session, CONSULTATION_MESSAGES, consultation.id)  # numbered and announced in turn
    message = ConsultationMessage(
        consultation_id=consultation.id,
        author_id=actor.id,
        org_id=actor.org_id,
        body=body,
        client_id=client_id,
        created_at=now,
    )
    message.author, message.organisation = actor, actor.organisation

    def stored() -> ConsultationMessage | None:
        raced = _by_client_id(session, actor, client_id)
        return raced if raced is not None and raced.consultation_id == consultation.id else None

    message, created = add_once(session, message, stored)
    if created:
        queue_message(session, message)
    return message, created


def _by_client_id(session: Session, actor: User, client_id: str) -> ConsultationMessage | None:
    return session.scalar(
        select(ConsultationMessage).where(
            ConsultationMessage.author_id == actor.id, ConsultationMessage.client_id == client_id
        )
    )


def invite(
    session: Session,
    actor: User,
    consultation: Consultation,
    data: Mapping[str, Any],
    *,
    now: datetime,
    mail: bool = False,
) -> ConsultationMember:
    """Add an organisation to the conversation; it reads every message, earlier ones too."""
    _require_open(consultation)
    i = Input(data)
    org_id = i.integer("org_id", "de organisatie", required=True)
    org = session.get(Organisation, org_id) if org_id is not None else None
    if org_id is not None and "org_id" not in i.errors:
        if org is None or org.kind not in MAY_JOIN:
            i.fail(
                "org_id",
                "Kies een school, samenwerkingsverband, leerplicht, wijkteam,"
                " GGD of Doorstroompunt uit de lijst.",
            )
        elif org.id in consultation.member_org_ids():
            i.fail("org_id", f"{org.name} doet al mee aan deze consultatie.")
    i.done()
    member = ConsultationMember(
        consultation_id=consultation.id,
        org_id=org.id,
        role="invited",
        invited_by_id=actor.id,
        added_at=now,
    )
    member.organisation, member.invited_by = org, actor
    consultation.members.append(member)
    session.flush()
    _notify_org(
        session,
        org,
        consultation,
        now=now,
        mail=mail,
        text=f"{actor.name} ({actor.organisation.name}) nodigt uw organisatie uit"
        f" voor consultatie {consultation.id}. Zie Consultaties.",
    )
    return member


def close(session: Session, actor: User, consultation: Consultation, *, now: datetime) -> None:
    """End the conversation; it stays readable for its members."""
    if not may_decide(actor, consultation):
        raise Forbidden(
            "Alleen de vragende organisatie en leerplicht of het"
            " samenwerkingsverband die advies geeft, kunnen sluiten."
        )
    _require_open(consultation)
    # Of two closes at once one counts; a conversion that came first stays (not "closed").
    if not claim_state(
        session,
        consultation,
        Consultation.status == "open",
        status="closed",
        closed_at=now,
        closed_by_id=actor.id,
    ):
        _current_status(session, consultation)
        _require_open(consultation)
    queue_status(session, consultation)


def convert(
    session: Session,
    actor: User,
    consultation: Consultation,
    data: Mapping[str, Any],
    *,
    now: datetime,
    model: EscalationModel,
) -> Case:
    """Open a case from the consultation (intake fields as cases.intake.open_case) and
    carry every message into its log, in order, with author, organisation and time.

    Schools and leerplicht among the members become participants; the SWV, wijkteam, GGD
    and Doorstroompunt only with a consent basis in data["consents"][org_id].
    """
    if not may_decide(actor, consultation):
        raise Forbidden(
            "Alleen de vragende organisatie en leerplicht of het"
            " samenwerkingsverband die advies geeft, kunnen omzetten."
        )
    if consultation.status == "converted":
        raise Conflict(
            f"Deze consultatie is al omgezet naar casus {consultation.case_id}.", code="al-omgezet"
        )
    _claim(session, consultation, actor)
    consents, errors = _consents(consultation, actor, data.get("consents"))
    fields = {k: data[k] for k in INTAKE_FIELDS if k in data}
    fields.setdefault("summary", consultation.description[:2000])
    try:
        case = intake.open_case(session, actor, fields, now=now, model=model)
    except ValidationFailed as exc:
        raise ValidationFailed({**exc.errors, **errors}) from None
    if errors:
        raise ValidationFailed(errors)
    case, access = get_case(session, actor, case.id)
    for member in consultation.members:
        org = member.organisation
        if org.id in case.participant_org_ids():
            continue
        if org.kind in participation.NEEDS_CONSENT and not consents.get(org.id):
            continue  # not involved: no consent basis for this case
        participation.add_participation(
            session,
            actor,
            case,
            access,
            {"org_id": org.id, "consent_basis": consents.get(org.id)},
            now=now,
        )
    messages = list(
        session.scalars(
            select(ConsultationMessage)
            .where(ConsultationMessage.consultation_id == consultation.id)
            .order_by(ConsultationMessage.id)
        )
    )
    for message in messages:
        session.add(
            Note(
                case_id=case.id,
                author_id=message.author_id,
                org_id=message.org_id,
                scope="betrokkenen",
                category=None,
                body=message.body,
                client_id=f"consultatie-{message.id}",
                created_at=message.created_at,
            )
        )
    record_event(
        session,
        case,
        actor,
        "consultation_converted",
        f"Casus ontstaan uit consultatie {consultation.id};"
        f" {len(messages)} bericht(en) overgenomen in de chronologie.",
        now,
    )
    consultation.status, consultation.case_id = "converted", case.id
    consultation.closed_at, consultation.closed_by_id = now, actor.id
    session.flush()
    queue_status(session, consultation)
    return case


def _claim(session: Session, consultation: Consultation, actor: User) -> None:
    """Take the consultation's row lock; a second, concurrent conversion waits and then
    finds it converted."""
    claimed = session.execute(
        update(Consultation)
        .where(Consultation.id == consultation.id, Consultation.status != "converted")
        .values(closed_by_id=actor.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        raise Conflict("Deze consultatie is zojuist al omgezet naar een casus.", code="al-omgezet")


def consent_members(consultation: Consultation, actor: User) -> list[Organisation]:
    """Members that may only join the case with a consent basis (the form asks per org)."""
    return [
        m.organisation
        for m in consultation.members
        if m.organisation.kind in participation.NEEDS_CONSENT and m.org_id != actor.org_id
    ]


def _consents(
    consultation: Consultation, actor: User, raw: Any
) -> tuple[dict[int, str], dict[str, str]]:
    """{org_id: basis} from {"<org_id>": basis or ""}; errors keyed consent_<org_id>."""
    if raw in (None, ""):
        return {}, {}
    if not isinstance(raw, Mapping):
        return {}, {
            "consents": "Geef per organisatie de grondslag, bijvoorbeeld"
            ' {"12": "toestemming-ouders"}.'
        }
    allowed = {str(o.id): o for o in consent_members(consultation, actor)}
    consents: dict[int, str] = {}
    errors: dict[str, str] = {}
    for key, basis in raw.items():
        org = allowed.get(str(key))
        if org is None:
            errors[f"consent_{str(key)[:20]}"] = (
                "Alleen voor wijkteam, GGD of Doorstroompunt die meedoen aan deze"
                " consultatie geeft u een grondslag."
            )
        elif basis in (None, ""):
            continue
        elif not isinstance(basis, str) or basis not in CONSENT_BASES:
            errors[f"consent_{org.id}"] = (
                f"Onbekende grondslag voor {org.name}; kies uit: " + ", ".join(CONSENT_BASES) + "."
            )
        else:
            consents[org.id] = basis
    return consents, errors
