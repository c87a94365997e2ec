"""API: every action of the permission table (DESIGN §3a, §8) — participations, consent,
regie proposals and closing — refused with 403 and the page's Dutch message for someone
who sees the case but may not act, 404 for someone who does not see it."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from .. import clock
from ..cases import lifecycle, participation, parties, regie
from ..cases.models import Consent, Participation, Party, RegieProposal
from ..core.errors import NotFound
from ..extensions import db
from .context import audit as _audit
from .context import load_case as _load_case
from .once import idempotent
from .payload import MAX_INT, if_match, json_body
from .routes import bp
from .schemas import read
from .schemas import responsibility as shapes
from .schemas.responsibility import (
    CaseClose,
    ConsentCreate,
    ConsentWithdraw,
    ParticipationCreate,
    ParticipationEnd,
    PartyCreate,
    RegieAccept,
    RegieDecline,
)
from .serializers import case_json


def _case_of(model, object_id: int):
    """The visible case a participation, consent or proposal belongs to (404 otherwise)."""
    case_id = db.session.scalar(
        select(model.case_id).where(model.id == (object_id if object_id <= MAX_INT else 0))
    )
    if case_id is None:
        raise NotFound()
    return _load_case(case_id)


def _done(action: str, case, access, status: int = 200, **detail):
    _audit(action, object_type="case", object_id=case.id, access=access, detail=detail or None)
    return case_json(case, access, clock.today()), status


def _participation_json(p: Participation) -> dict:
    return _participation_shape(p).dump()


def _participation_shape(p: Participation) -> shapes.Participation:
    return shapes.Participation.of(p)


def _consent_json(c: Consent) -> dict:
    return _consent_shape(c).dump()


def _consent_shape(c: Consent) -> shapes.Consent:
    return shapes.Consent.of(c)


@bp.post("/cases/<int:case_id>/participations")
@idempotent
def add_participation(case_id: int):
    data = json_body()
    read(ParticipationCreate, data)
    case, access = _load_case(case_id)
    p = participation.add_participation(
        db.session,
        g.user,
        case,
        access,
        {k: v for k, v in data.items() if k != "reason"},
        now=clock.now(),
    )
    _audit("api.participation.add", object_type="case", object_id=case.id, access=access)
    return _participation_json(p), 201


@bp.post("/participations/<int:participation_id>/end")
def end_participation(participation_id: int):
    data = json_body()
    read(ParticipationEnd, data)
    case, access = _case_of(Participation, participation_id)
    reason = data.get("reason") if isinstance(data.get("reason"), str) else None
    participation.end_participation(
        db.session, g.user, case, access, participation_id, reason, now=clock.now()
    )
    p = db.session.get_one(Participation, participation_id)
    _audit("api.participation.end", object_type="case", object_id=case.id, access=access)
    return _participation_json(p)


@bp.post("/cases/<int:case_id>/consents")
@idempotent
def record_consent(case_id: int):
    data = json_body()
    read(ConsentCreate, data)
    case, access = _load_case(case_id)
    consent = participation.record_consent(db.session, g.user, case, access, data, now=clock.now())
    _audit("api.consent.record", object_type="case", object_id=case.id, access=access)
    return _consent_json(consent), 201


@bp.post("/consents/<int:consent_id>/withdraw")
def withdraw_consent(consent_id: int):
    data = json_body()
    read(ConsentWithdraw, data)
    case, access = _case_of(Consent, consent_id)
    consent = participation.withdraw_consent(
        db.session, g.user, case, access, consent_id, data, now=clock.now()
    )
    _audit("api.consent.withdraw", object_type="case", object_id=case.id, access=access)
    return _consent_json(consent)


@bp.post("/regie-proposals/<int:proposal_id>/accept")
def accept_regie(proposal_id: int):
    data = json_body()
    read(RegieAccept, data)
    case, access = _case_of(RegieProposal, proposal_id)
    regie.accept_regie(db.session, g.user, case, access, proposal_id, data, now=clock.now())
    return _done("api.regie.accept", case, access, proposal=proposal_id)


@bp.post("/regie-proposals/<int:proposal_id>/decline")
def decline_regie(proposal_id: int):
    data = json_body()
    read(RegieDecline, data)
    case, access = _case_of(RegieProposal, proposal_id)
    regie.decline_regie(db.session, g.user, case, access, proposal_id, data, now=clock.now())
    return _done("api.regie.decline", case, access, proposal=proposal_id)


def _party_json(p: Party) -> dict:
    return _party_shape(p).dump()


def _party_shape(p: Party) -> shapes.Party:
    return shapes.Party.of(p)


@bp.get("/cases/<int:case_id>/parties")
def list_parties(case_id: int):
    case, access = _load_case(case_id)
    if access == "meeting":  # names and contact details of parents: full access only
        raise NotFound()
    _audit("api.parties.list", object_type="case", object_id=case.id, access=access)
    items = [_party_shape(p) for p in case.parties]
    every = len(items)
    return shapes.PartyList(items=items, total=every, page=1, per_page=max(every, 1)).dump()


@bp.post("/cases/<int:case_id>/parties")
@idempotent
def add_party(case_id: int):
    data = json_body()
    read(PartyCreate, data)
    case, access = _load_case(case_id)
    party = parties.add_party(db.session, g.user, case, access, data, now=clock.now())
    _audit("api.party.add", object_type="case", object_id=case.id, access=access)
    return _party_json(party), 201


@bp.post("/cases/<int:case_id>/close")
def close_case(case_id: int):
    data = json_body()
    read(CaseClose, data)
    case, access = _load_case(case_id)
    lifecycle.close_case(
        db.session, g.user, case, access, data, now=clock.now(), version=if_match()
    )
    return _done("api.case.close", case, access)
