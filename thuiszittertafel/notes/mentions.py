"""Mentions in notes: `@gebruikersnaam` for a person, `@[Organisatie]` for an organisation.

Only people who may read the note can be mentioned; an organisation is reached through its
contact person for the case, or else its coordinators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.models import Role, User
from ..cases.models import Case
from ..core import policy

USER_MENTION = re.compile(r"(?<![\w@.])@([a-z0-9][a-z0-9._-]{0,79})")
ORG_MENTION = re.compile(r"@\[([^\]\n]{2,200})\]")


@dataclass
class Mentioned:
    users: list[User]
    errors: list[str]


def may_read(session: Session, user: User, case: Case, scope: str, author_org_id: int) -> bool:
    """Would this user be shown a note with this scope in this case?"""
    row = session.execute(policy.visible_cases(user, few=True).where(Case.id == case.id)).first()
    return (
        row is not None
        and policy.may_change(row[1])
        and policy.note_shown_to_org(scope, author_org_id, user.organisation)
    )


def resolve(session: Session, author: User, case: Case, scope: str, body: str) -> Mentioned:
    users: dict[int, User] = {}
    errors: list[str] = []
    for username in dict.fromkeys(m.rstrip(".") for m in USER_MENTION.findall(body)):
        user = session.scalar(select(User).where(User.username == username, User.active))
        if user is None or not may_read(session, user, case, scope, author.org_id):
            # One message for both, so mentions cannot be used to find out who exists.
            errors.append(
                f"@{username} kan deze notitie niet lezen; kies een ander bereik"
                " of laat de vermelding weg."
            )
        else:
            users[user.id] = user
    participants = {p.organisation.name.lower(): p for p in case.active_participations()}
    for name in dict.fromkeys(ORG_MENTION.findall(body)):
        participation = participants.get(name.strip().lower())
        if participation is None:
            errors.append(f"@[{name}] is geen betrokken organisatie bij deze casus.")
            continue
        reached = [
            u
            for u in _org_recipients(session, participation)
            if may_read(session, u, case, scope, author.org_id)
        ]
        if not reached:
            errors.append(f"Niemand bij {name} kan deze notitie lezen.")
        users.update((u.id, u) for u in reached)
    users.pop(author.id, None)
    return Mentioned(users=list(users.values()), errors=errors)


def _org_recipients(session: Session, participation) -> list[User]:
    if participation.contact_user is not None and participation.contact_user.active:
        return [participation.contact_user]
    org_users = session.scalars(
        select(User).where(User.org_id == participation.org_id, User.active)
    )
    return [u for u in org_users if u.has_role(Role.coordinator)]


def candidates(session: Session, case: Case) -> list[dict]:
    """Who can be mentioned in a note for all betrokkenen: people, then organisations.

    Built from `policy.live_audience` in one query (it is shown on every case page): all
    users of a participating or supervising (leerplicht) organisation, and the SWV's
    coordinators where the SWV only sees the case through its coordinator.
    """
    audience = {org.id: reasons for org, reasons in policy.live_audience(session, case)}
    people = session.scalars(
        select(User).where(User.org_id.in_(list(audience)), User.active).order_by(User.name)
    )
    out = [
        {"label": f"{u.name} ({u.organisation.name})", "insert": f"@{u.username}"}
        for u in people
        if set(audience[u.org_id]) & {policy.PARTICIPANT, policy.LEERPLICHT}
        or u.has_role(Role.coordinator)
    ]
    out += [
        {"label": f"{p.organisation.name} (organisatie)", "insert": f"@[{p.organisation.name}]"}
        for p in sorted(case.active_participations(), key=lambda p: p.organisation.name)
    ]
    return out
