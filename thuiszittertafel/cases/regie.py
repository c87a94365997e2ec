"""Phase and regie (DESIGN §6): regie is agreed, never moved by a phase change.

A phase change records a *proposal* of regie to the organisation the model asks; its
coordinator accepts or declines with a reason. Until then regie and the casusregisseur stay
where they are, and earlier participants stay responsible for their part ("er komt steeds
een verantwoordelijke bij", seed 002).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from .. import clock
from ..auth.models import User
from ..core import permissions
from ..core.errors import Conflict, NotFound, ValidationFailed
from ..core.inputs import Input
from ..core.versions import claim
from ..escalation.model import EscalationModel, Phase
from ..notifications.recipients import people_to_tell
from ..notifications.services import tell
from ..organisations.models import Organisation, OrgKind
from ..organisations.queries import (
    coordinators_or_members,
    leerplicht_for_pupil,
    serving_organisation,
)
from .models import Case, RegieProposal
from .participation import CONSENT_BASES, needs_consent, record_consent, tell_participants
from .services import ensure_participant, phase_term, record_event, require_open

# Kinds that take part by law: added when a phase asks for them (others need consent).
BY_LAW = {OrgKind.school, OrgKind.leerplicht}


def org_for_kind(session: Session, case: Case, kind: str) -> Organisation | None:
    """The organisation of a kind for this case: its school, its SWV, or the one serving
    the pupil's municipality."""
    if kind == OrgKind.school:
        return case.school
    if kind == OrgKind.swv:
        return case.swv
    if kind == OrgKind.leerplicht:
        return leerplicht_for_pupil(session, case.pupil, clock.today())
    return serving_organisation(session, OrgKind(kind), case.pupil.municipality_id)


def missing_participants(session: Session, case: Case, model: EscalationModel) -> list[str]:
    """The kinds the current phase wants at the table that are not there (for the page)."""
    present = {p.organisation.kind for p in case.active_participations()}
    wanted = model.phase(case.phase, case.kind).must_participate
    return [k for k in wanted if OrgKind(k) not in present]


def change_phase(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
    model: EscalationModel,
    decided_in=None,
    version: int | None = None,
) -> RegieProposal | None:
    """The phase decision from the case page (or a meeting's chair, `decided_in`): a
    different phase and a reason, both required; `version`: the case as the actor saw it."""
    if decided_in is not None:
        permissions.require(actor, "meeting.item", case, access, decided_in)
    else:
        permissions.require(actor, "phase.propose", case, access)
    require_open(case)
    i = Input(data)
    phase = i.integer("phase", "de nieuwe fase", required=True)
    reason = i.text("reason", "de reden van het besluit", required=True, max_length=500)
    if phase is not None and phase not in model.phase_numbers:
        i.fail("phase", f"Fase {phase} bestaat niet; kies uit {model.phase_numbers}.")
    elif phase == case.phase:
        i.fail("phase", f"De casus is al in fase {phase}; kies een andere fase.")
    i.done()
    claim(session, case, version, by=actor, now=now, access=access)
    case.escalated = False  # a phase decision is the regie acting on the escalation
    proposal = move_phase(session, actor, case, phase, reason, now=now, model=model)
    session.flush()
    return proposal


def move_phase(
    session: Session,
    actor: User,
    case: Case,
    phase: int,
    reason: str,
    *,
    now: datetime,
    model: EscalationModel,
) -> RegieProposal | None:
    """Enter another phase: the term restarts, organisations the law puts at the table join,
    the others the phase wants are named as missing, and regie is *asked* of the phase's
    organisation (a proposal) when that is not who has it."""
    today = clock.local(now).date()
    old = case.phase
    case.phase, case.phase_since = phase, today
    case.phase_due_on = phase_term(model, phase, today, case.kind)
    target = model.phase(phase, case.kind)
    text = f"Fase {old} → {phase} ({target.name}). Reden: {reason}"
    text += _phase_participants(session, case, target, today)
    regie, said = _phase_regie(session, case, target, today)
    text += said
    proposal = None
    if regie is not None and not may_take_regie(session, case, regie):
        text += f" Regie kan pas aan {regie.name} gevraagd worden als die betrokken is."
    elif regie is not None:
        proposal = propose(session, actor, case, regie, f"Fase {phase}: {target.name}", now, phase)
        text += f" Regie gevraagd aan {regie.name}; tot die akkoord is blijft de regie bij" + (
            f" {case.lead_org.name}." if case.lead_org else " niemand."
        )
    record_event(session, case, actor, "phase_moved", text, now)
    session.flush()
    _tell_phase(session, actor, case, old, phase, target.name, now)
    return proposal


def _phase_participants(session: Session, case: Case, target: Phase, today: date) -> str:
    """Bring in the organisations the law puts at this phase's table; name the others the
    phase wants (they join with consent). The words for the case history."""
    text, missing, asked = "", [], []
    for kind in target.must_participate:
        org = org_for_kind(session, case, kind)
        if org is None or any(p.org_id == org.id for p in case.active_participations()):
            continue
        if kind == "leerplicht" and case.absence_authorised:
            asked.append(org.name)  # a sick child is no leerplicht task unless asked (§3)
        elif OrgKind(kind) in BY_LAW:
            ensure_participant(session, case, org, today)
            text += f" {org.name} is erbij betrokken."
        else:
            missing.append(org.name)
    if missing:
        text += f" Nog niet betrokken: {', '.join(missing)} (betrekken met toestemming)."
    if asked:
        text += (
            f" {', '.join(asked)} alleen als school of jeugdarts dat vragen: de leerling is"
            " geoorloofd afwezig."
        )
    return text


def _phase_regie(
    session: Session, case: Case, target: Phase, today: date
) -> tuple[Organisation | None, str]:
    """Whom to ask for regie in the new phase (None: nobody, regie stays), and why in words.
    Regie never goes to an organisation nobody works from: then leerplicht (the legal
    supervisor) is asked instead, unless the child is sick and leerplicht was not asked in."""
    regie = org_for_kind(session, case, target.regie)
    if regie is None or regie.id == case.lead_org_id:
        return None, ""
    if coordinators_or_members(session, regie):
        return regie, ""
    text = f" {regie.name} heeft geen actieve gebruikers in Thuiszittertafel"
    regie = leerplicht_for_pupil(session, case.pupil, today)
    involved = regie is not None and any(p.org_id == regie.id for p in case.active_participations())
    if (
        regie is None
        or regie.id == case.lead_org_id
        or (case.absence_authorised and not involved)  # a sick child: not unasked (§3)
        or not coordinators_or_members(session, regie)
    ):
        return None, text + "; de regie blijft waar die ligt."
    return regie, text + f"; daarom is de regie gevraagd aan {regie.name} (leerplicht)."


def _tell_phase(
    session: Session, actor: User, case: Case, old: int, new: int, name: str, now: datetime
) -> None:
    tell_participants(
        session,
        actor,
        case,
        kind="phase_changed",
        key=f"phase_changed:c{case.id}:p{old}-{new}:{now.isoformat()}",
        text=f"Casus {case.id} ({case.pupil.initials}) gaat van fase {old} naar fase {new}:"
        f" {name}.",
        now=now,
    )


def propose(
    session: Session,
    actor: User,
    case: Case,
    org: Organisation,
    reason: str,
    now: datetime,
    phase: int | None = None,
) -> RegieProposal:
    """Ask `org` to take regie; an open proposal to another organisation lapses. An
    organisation that may join without consent and cannot see the case yet is added."""
    if not any(p.org_id == org.id for p in case.active_participations()) and not (
        org.kind == OrgKind.swv and org.id == case.swv_org_id
    ):
        ensure_participant(session, case, org, clock.local(now).date())
    open_one = case.regie_proposal
    if open_one is not None:
        if open_one.org_id == org.id:
            return open_one
        open_one.status = "superseded"
        session.flush()
    proposal = RegieProposal(
        case_id=case.id,
        org_id=org.id,
        phase=phase,
        reason=reason,
        proposed_by_id=actor.id,
        proposed_at=now,
        status="open",
    )
    proposal.organisation = org
    session.add(proposal)
    session.flush()
    session.expire(case, ["regie_proposal"])
    tell(
        session,
        coordinators_or_members(session, org),
        kind="regie_proposed",
        key=f"regie_proposed:r{proposal.id}",
        text=f"{actor.name} ({actor.organisation.name}) vraagt {org.name} de regie te nemen"
        f" in casus {case.id} ({case.pupil.initials}): {reason}. Neem aan of wijs af met"
        " een reden.",
        now=now,
        case_id=case.id,
        exclude=actor,
    )
    return proposal


def propose_regie(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
    version: int | None = None,
) -> RegieProposal | None:
    """From the case page or the API: ask another organisation to take regie, or (the
    regie organisation's coordinator) name the casusregisseur within it. `version`: the case
    as the page's form showed it (a change made since is refused, 409); None when the
    caller has claimed the case already (the API's case update)."""
    org, user_id, reason = check_proposal(session, actor, case, access, data)
    if version is not None:
        claim(session, case, version, by=actor, now=now, access=access)
    if org is None:
        assign_casusregisseur(session, actor, case, access, user_id, now=now)
        return None
    proposal = propose(session, actor, case, org, reason or "Regie voorgesteld", now)
    record_event(
        session,
        case,
        actor,
        "regie_proposed",
        f"Regie gevraagd aan {org.name}" + (f": {reason}" if reason else "."),
        now,
    )
    session.flush()
    return proposal


def check_proposal(
    session: Session, actor: User, case: Case, access: str | None, data: Mapping[str, Any]
) -> tuple[Organisation | None, int | None, str | None]:
    """Validate a regie request without changing anything: (organisation to ask, or None
    for naming the casusregisseur within the regie organisation; user id; reason)."""
    require_open(case)
    i = Input(data)
    org_id = i.integer("lead_org_id", "de regie-organisatie", required=True)
    user_id = i.integer("lead_user_id", "de casusregisseur")
    reason = i.text("reason", "de reden", max_length=500)
    i.done()
    if org_id == case.lead_org_id:
        permissions.require(actor, "regie.assign", case, access)
        return None, user_id, reason
    permissions.require(actor, "regie.propose", case, access)
    org = session.get(Organisation, org_id)
    if org is None:
        raise ValidationFailed({"lead_org_id": "Deze organisatie kennen we niet."})
    if not coordinators_or_members(session, org):
        raise ValidationFailed(
            {
                "lead_org_id": f"{org.name} heeft geen actieve gebruikers in Thuiszittertafel"
                " en kan de regie niet aannemen. Vraag een andere organisatie, of vraag"
                " functioneel beheer om accounts voor deze organisatie."
            }
        )
    if not may_take_regie(session, case, org):
        raise ValidationFailed(
            {
                "lead_org_id": f"{org.name} is nog niet betrokken en heeft daarvoor toestemming"
                " of een wettelijke grondslag nodig: betrek de organisatie eerst."
            }
        )
    return org, user_id, reason


def assign_casusregisseur(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    user_id: int | None,
    *,
    now: datetime,
) -> None:
    """Within the regie organisation: who is casusregisseur (or nobody named)."""
    permissions.require(actor, "regie.assign", case, access)
    user = session.get(User, user_id) if user_id is not None else None
    if user_id is not None and (user is None or user.org_id != case.lead_org_id or not user.active):
        raise ValidationFailed(
            {"lead_user_id": "De casusregisseur moet bij de regie-organisatie werken."}
        )
    case.escalated = False  # someone with regie acted (DESIGN §6)
    case.lead_user_id, case.lead_user = (user.id, user) if user else (None, None)
    who = user.name if user else "niemand met naam"
    record_event(session, case, actor, "lead_set", f"Casusregisseur: {who}.", now)
    session.flush()


def _proposal(session: Session, case: Case, proposal_id: int) -> RegieProposal:
    """The case's proposal `proposal_id`, whatever its status (404 when it has none such)."""
    proposal = session.get(RegieProposal, proposal_id)
    if proposal is None or proposal.case_id != case.id:
        raise NotFound("Dit regievoorstel bestaat niet.")
    return proposal


def _require_unanswered(proposal: RegieProposal) -> None:
    """Answered first by someone else (or replaced by a newer one): a conflict, as when
    both answer at the same moment."""
    if proposal.status != "open":
        raise Conflict(
            "Dit regievoorstel is al beantwoord of vervangen door een nieuw voorstel; laad de"
            " casus opnieuw."
        )


def accept_regie(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    proposal_id: int,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> RegieProposal:
    """The proposed organisation's coordinator takes regie (and names the casusregisseur:
    by default themselves). An organisation that needs consent brings its basis."""
    proposal = _proposal(session, case, proposal_id)
    permissions.require(actor, "regie.answer", case, access, proposal)
    require_open(case)
    _require_unanswered(proposal)
    today = clock.local(now).date()
    org = proposal.organisation
    i = Input(data)
    user_id = i.integer("lead_user_id", "de casusregisseur")
    i.done()
    claim(
        session, case, by=actor, now=now, access=access
    )  # two coordinators answering at once: one answer counts
    user = session.get(User, user_id) if user_id is not None else actor
    if user is None or user.org_id != org.id or not user.active:
        raise ValidationFailed(
            {"lead_user_id": "De casusregisseur moet bij de regie-organisatie werken."}
        )
    if needs_consent(session, case, org):
        basis = Input(data).choice("consent_basis", "de grondslag", CONSENT_BASES)
        if basis is None:
            raise ValidationFailed(
                {
                    "consent_basis": f"{org.name} neemt pas deel met toestemming of een"
                    " vastgelegde wettelijke grondslag: kies de grondslag."
                }
            )
        record_consent(
            session,
            actor,
            case,
            access,
            {"org_id": org.id, "basis": basis, "given_by": data.get("consent_given_by")},
            now=now,
        )
    previous = case.lead_org
    ensure_participant(session, case, org, today, contact=user)
    case.lead_org_id, case.lead_org = org.id, org
    case.lead_user_id, case.lead_user = user.id, user
    case.escalated = False
    proposal.status, proposal.answered_by_id, proposal.answered_at = "accepted", actor.id, now
    record_event(
        session,
        case,
        actor,
        "regie_accepted",
        f"{org.name} neemt de regie"
        + (f" over van {previous.name}" if previous else "")
        + f"; casusregisseur {user.name}.",
        now,
    )
    session.flush()
    session.expire(case, ["regie_proposal"])
    told = [proposal.proposed_by] + (people_to_tell(session, previous, case) if previous else [])
    tell(
        session,
        told,
        kind="regie_accepted",
        key=f"regie_accepted:r{proposal.id}",
        text=f"{org.name} heeft de regie aangenomen in casus {case.id} ({case.pupil.initials});"
        f" casusregisseur {user.name}.",
        now=now,
        case_id=case.id,
        exclude=actor,
    )
    return proposal


def decline_regie(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    proposal_id: int,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> RegieProposal:
    """Declined with a reason: regie stays; the proposer and leerplicht are told."""
    proposal = _proposal(session, case, proposal_id)
    permissions.require(actor, "regie.answer", case, access, proposal)
    require_open(case)
    _require_unanswered(proposal)
    i = Input(data)
    reason = i.text("reason", "de reden van afwijzen", required=True, max_length=500)
    i.done()
    claim(session, case, by=actor, now=now, access=access)
    proposal.status, proposal.answered_by_id = "declined", actor.id
    proposal.answered_at, proposal.answer_reason = now, reason
    stays = case.lead_org.name if case.lead_org else "niemand"
    record_event(
        session,
        case,
        actor,
        "regie_declined",
        f"{proposal.organisation.name} neemt de regie niet: {reason}. De regie blijft bij {stays}.",
        now,
    )
    session.flush()
    session.expire(case, ["regie_proposal"])
    leerplicht = leerplicht_for_pupil(session, case.pupil, clock.local(now).date())
    told = [proposal.proposed_by] + (
        people_to_tell(session, leerplicht, case) if leerplicht is not None else []
    )
    tell(
        session,
        told,
        kind="regie_declined",
        key=f"regie_declined:r{proposal.id}",
        text=f"{proposal.organisation.name} neemt de regie niet in casus {case.id}"
        f" ({case.pupil.initials}): {reason}. De regie blijft bij {stays}.",
        now=now,
        case_id=case.id,
        exclude=actor,
    )
    return proposal


def may_take_regie(session: Session, case: Case, org: Organisation) -> bool:
    """Whether `org` can be asked: it sees the case (takes part, is the pupil's SWV, or is
    leerplicht of the gemeente for a leerplicht task), or may join without consent (then
    it is added when asked, so it can read what it is asked to lead)."""
    if any(p.org_id == org.id for p in case.active_participations()):
        return True
    if org.kind == OrgKind.swv and org.id == case.swv_org_id:
        return True
    return not needs_consent(session, case, org)
