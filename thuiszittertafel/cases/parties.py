"""Parents and the pupil as parties to a case (cirkel 0, DESIGN §4): who they are and how to
reach them — minimal, never regie. Their own view goes in the log as a note of category
"visie-ouders-jongere"; agreements they own carry `owner_party` (agreements/services.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from .. import clock
from ..auth.models import User
from ..core import permissions
from ..core.errors import NotFound
from ..core.inputs import Input
from .models import Case, Party
from .services import record_event, require_open
from .vocabulary import PARTY_ROLES

PARTY_FIELDS = ("role", "name", "contact", "note")


def add_party(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> Party:
    """Record a parent, carer or the pupil as a party: role, name, how to reach them."""
    permissions.require(actor, "party.record", case, access)
    require_open(case)
    i = Input(data)
    role = i.choice("role", "wie het is", PARTY_ROLES, required=True)
    name = i.text("name", "de naam", required=True, max_length=200)
    contact = i.text("contact", "hoe bereikbaar", max_length=200)
    note = i.text("note", "de toelichting", max_length=500)
    if role == "jongere" and sum(1 for p in case.parties if p.role == "jongere" and not p.ended_on):
        i.fail("role", "De jongere staat al bij de partijen.")
    i.done()
    party = Party(
        case_id=case.id,
        role=role,
        name=name,
        contact=contact,
        note=note,
        recorded_by_id=actor.id,
        recorded_at=now,
    )
    session.add(party)
    session.flush()
    session.expire(case, ["parties"])
    record_event(
        session, case, actor, "party_added", f"{PARTY_ROLES[role]} als partij: {name}.", now
    )
    session.flush()
    return party


def end_party(
    session: Session,
    actor: User,
    case: Case,
    access: str | None,
    party_id: int,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> Party:
    """No longer a party (custody changed, moved out), with a reason."""
    permissions.require(actor, "party.record", case, access)
    require_open(case)
    party = session.get(Party, party_id)
    if party is None or party.case_id != case.id or party.ended_on is not None:
        raise NotFound("Deze partij bestaat niet of is al beëindigd.")
    i = Input(data)
    reason = i.text("reason", "de reden", required=True, max_length=300)
    i.done()
    party.ended_on = clock.local(now).date()
    session.expire(case, ["parties"])
    record_event(
        session,
        case,
        actor,
        "party_ended",
        f"{PARTY_ROLES[party.role]} {party.name} is geen partij meer: {reason}",
        now,
    )
    session.flush()
    return party
