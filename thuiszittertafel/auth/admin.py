"""User administration (issue "Running it for a region"): an organisation's beheerder manages
its own accounts, functioneel beheer every organisation's. Accounts are deactivated, never
deleted: the audit log and the case history keep pointing at them."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from ..core.inputs import Input
from ..organisations.models import Organisation
from .models import ROLE_LABELS, ApiToken, Role, TwoFactorRequirement, User, UserRole
from .services import create_user
from .sessions import end_all
from .two_factor import reset, set_required

# What an organisation's own beheerder may hand out; functioneel beheer and privacy are
# region roles, given by functioneel beheer only.
OWN_ROLES = (Role.medewerker.value, Role.coordinator.value, Role.beheerder.value)
ALL_ROLES = tuple(r.value for r in Role)
USER_FIELDS = ("org_id", "username", "name", "email", "roles")
# Enough to catch a typo ("jan.example.nl", "jan@"); the mail server has the last word.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def is_region_admin(actor: User) -> bool:
    return actor.is_active and actor.has_role(Role.functioneel_beheer)


def may_manage_users(actor: User) -> bool:
    return actor.is_active and (is_region_admin(actor) or actor.has_role(Role.beheerder))


def require_user_admin(actor: User) -> None:
    if not may_manage_users(actor):
        raise Forbidden("Gebruikers beheert de beheerder van uw organisatie of functioneel beheer.")


def grantable_roles(actor: User) -> tuple[str, ...]:
    return ALL_ROLES if is_region_admin(actor) else OWN_ROLES


def managed_organisations(session: Session, actor: User) -> list[Organisation]:
    require_user_admin(actor)
    if is_region_admin(actor):
        return list(session.scalars(select(Organisation).order_by(Organisation.name)))
    return [actor.organisation]


def two_factor_org_ids(session: Session) -> set[int]:
    return set(session.scalars(select(TwoFactorRequirement.org_id)))


def managed_users(session: Session, actor: User) -> list[User]:
    orgs = [o.id for o in managed_organisations(session, actor)]
    return list(
        session.scalars(
            select(User).where(User.org_id.in_(orgs)).order_by(User.org_id, User.name, User.id)
        )
    )


def _managed_user(session: Session, actor: User, user_id: int) -> User:
    require_user_admin(actor)
    user = session.get(User, user_id)
    if user is None or not (is_region_admin(actor) or user.org_id == actor.org_id):
        raise NotFound()  # another organisation's accounts: not even their existence
    return user


def _roles(
    i: Input, data: Mapping[str, Any], actor: User, allowed: tuple[str, ...] | None = None
) -> list[str]:
    raw = data.get("roles", [])
    if not (isinstance(raw, str | list | tuple) or raw is None) or any(
        not isinstance(r, str) for r in ([raw] if isinstance(raw, str) else raw or [])
    ):
        i.fail("roles", 'Geef de rollen als een lijst van namen, bijvoorbeeld ["medewerker"].')
        return []
    roles = [raw] if isinstance(raw, str) else list(raw or [])
    allowed = allowed or grantable_roles(actor)
    if not roles:
        i.fail("roles", "Kies minstens één rol.")
    elif any(r not in ALL_ROLES for r in roles):
        i.fail("roles", f"Kies rollen uit: {', '.join(ROLE_LABELS[Role(r)] for r in allowed)}.")
    elif any(r not in allowed for r in roles):
        i.fail(
            "roles",
            "Functioneel beheer en privacy geeft alleen functioneel beheer; kies uit:"
            f" {', '.join(ROLE_LABELS[Role(r)] for r in allowed)}.",
        )
    return sorted(set(roles))


def _email(i: Input) -> str | None:
    email = i.text("email", "het e-mailadres", max_length=200)
    if email and not EMAIL.match(email):
        i.fail("email", "Dit is geen e-mailadres; schrijf het als naam@organisatie.nl.")
    return email


def _details(i: Input, *, required: bool) -> dict[str, Any]:
    """Name and e-mail as given (on a change only the fields sent; an empty e-mail clears)."""
    out: dict[str, Any] = {}
    if required or i.present("name"):
        out["name"] = i.text("name", "de naam", required=True, max_length=200)
    if required or i.present("email"):
        out["email"] = _email(i)
    return out


def add_user(
    session: Session,
    actor: User,
    data: Mapping[str, Any],
    *,
    now: datetime,
    own_organisation: bool = False,
) -> tuple[User, str | None]:
    """A new account with a one-time password (shown once, to be handed over safely), or
    the password given (the API); `own_organisation`: always in the actor's own (the API)."""
    require_user_admin(actor)
    i = Input(data)
    region = is_region_admin(actor) and not own_organisation
    org_id = i.integer("org_id", "de organisatie") if region else actor.org_id
    username = i.text("username", "de gebruikersnaam", required=True, max_length=80)
    details = _details(i, required=True)
    roles = _roles(i, data, actor, None if region else OWN_ROLES)
    given = data.get("password")
    if given is not None and not isinstance(given, str):
        i.fail("password", "Het wachtwoord moet tekst zijn.")
    org = session.get(Organisation, org_id) if org_id is not None else None
    if org is None and "org_id" not in i.errors:
        i.fail("org_id", "Kies de organisatie.")
    i.done()
    password = given or secrets.token_urlsafe(12)
    user = create_user(
        session,
        username=username,
        name=details["name"],
        password=password,
        organisation=org,
        roles=roles,
        now=now,
        email=details["email"],
    )
    return user, None if given else password


def _none_else(session: Session, user: User, role: Role, *, same_org: bool = False) -> bool:
    """No other active account has `role` (in the user's own organisation if `same_org`)."""
    stmt = (
        select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == role.value, User.active.is_(True), User.id != user.id)
    )
    if same_org:
        stmt = stmt.where(User.org_id == user.org_id)
    return session.scalar(stmt.limit(1)) is None


def last_region_admin(session: Session, user: User) -> bool:
    return user.has_role(Role.functioneel_beheer) and _none_else(
        session, user, Role.functioneel_beheer
    )


def set_roles(
    session: Session, actor: User, user_id: int, data: Mapping[str, Any], *, now: datetime
) -> User:
    user = _managed_user(session, actor, user_id)
    i = Input(data)
    roles = _roles(i, data, actor)
    region_roles = {Role.functioneel_beheer.value, Role.privacy.value}
    if not is_region_admin(actor) and region_roles & set(user.roles):
        i.fail("roles", "Dit account heeft een regiorol; alleen functioneel beheer wijzigt het.")
    if (
        user.id == actor.id
        and Role.beheerder.value in user.roles
        and not (Role.beheerder.value in roles or is_region_admin(actor))
    ):
        i.fail("roles", "U kunt uw eigen beheerrol niet weghalen; vraag een andere beheerder.")
    if Role.functioneel_beheer.value not in roles and last_region_admin(session, user):
        i.fail(
            "roles", "Dit is het laatste account met functioneel beheer; wijs eerst een ander aan."
        )
    i.done()
    user.role_rows = [UserRole(role=r) for r in roles]
    session.flush()
    return user


def set_active(session: Session, actor: User, user_id: int, active: bool, *, now: datetime) -> User:
    """Deactivate (every session, API token and socket of the account ends: it is no longer
    loaded, policy gives it nothing) or reactivate an account."""
    user = _managed_user(session, actor, user_id)
    if not active and user.id == actor.id:
        raise ValidationFailed({"": "U kunt uw eigen account niet uitzetten."})
    if not active and last_region_admin(session, user):
        raise ValidationFailed(
            {"": "Dit is het laatste account met functioneel beheer; wijs eerst een ander aan."}
        )
    set_account_active(session, user, active, now)
    return user


def set_account_active(session: Session, user: User, active: bool, now: datetime) -> None:
    """On, or off with every session and API token ended (sockets: auth.live_guard)."""
    user.active = active
    if not active:
        session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
        end_all(session, user.id, now, "deactivated")
    session.flush()


def deactivate_accounts(session: Session, org_id: int, now: datetime) -> list[int]:
    """Every active account of an organisation off (the organisation stopped); the ids."""
    users = list(session.scalars(select(User).where(User.org_id == org_id, User.active)))
    for user in users:
        set_account_active(session, user, False, now)
    return [u.id for u in users]


def set_details(
    session: Session, actor: User, user_id: int, data: Mapping[str, Any], *, now: datetime
) -> User:
    """Correct an account's name and e-mail address (the username stays: it is the login)."""
    user = _managed_user(session, actor, user_id)
    i = Input(data)
    details = _details(i, required=True)
    i.done()
    user.name, user.email = details["name"], details["email"]
    session.flush()
    return user


def reset_two_factor(session: Session, actor: User, user_id: int, *, now: datetime) -> User:
    """Re-enrolment (a lost phone): two-factor off; at the next login, set up again."""
    user = _managed_user(session, actor, user_id)
    reset(session, user)
    return user


def require_two_factor(
    session: Session, actor: User, org_id: int | None, on: bool, *, now: datetime
) -> Organisation:
    """Two-factor for every account of an organisation: its beheerder, or functioneel beheer."""
    require_user_admin(actor)
    org = session.get(Organisation, org_id) if org_id else None
    if org is None or not (is_region_admin(actor) or org.id == actor.org_id):
        raise NotFound()
    set_required(session, actor, org.id, on, now)
    return org


# --- the API (DESIGN §8): a beheerder and the accounts of its own organisation -----------

API_REFUSED = (
    "Alleen een beheerder van de eigen organisatie van een account mag accounts bekijken of"
    " wijzigen; vraag het de beheerder van die organisatie."
)


def require_own_beheerder(actor: User) -> None:
    if not (actor.is_active and actor.has_role(Role.beheerder)):
        raise Forbidden(API_REFUSED)


def own_users(session: Session, actor: User) -> list[User]:
    """The accounts of the beheerder's own organisation."""
    require_own_beheerder(actor)
    return list(session.scalars(select(User).where(User.org_id == actor.org_id).order_by(User.id)))


def own_user(session: Session, actor: User, user_id: int) -> User:
    """An account of the beheerder's own organisation; any other id (another
    organisation's, or none) is the same 403, so ids say nothing."""
    require_own_beheerder(actor)
    user = session.get(User, user_id)
    if user is None or user.org_id != actor.org_id:
        raise Forbidden(API_REFUSED)
    return user


def _last_beheerder(session: Session, user: User) -> bool:
    """The only active beheerder of its organisation."""
    return (
        user.active
        and user.has_role(Role.beheerder)
        and _none_else(session, user, Role.beheerder, same_org=True)
    )


def update_user(
    session: Session, actor: User, user_id: int, data: Mapping[str, Any], *, now: datetime
) -> User:
    """Change `active`, `roles`, `name`, `email` of an account of one's own organisation;
    deactivation ends its sessions and tokens (the caller disconnects its sockets)."""
    user = own_user(session, actor, user_id)
    i = Input(data)
    active = data.get("active")
    if "active" in data and not isinstance(active, bool):
        i.fail("active", "'active' is true (kan inloggen) of false (uitgezet).")
    roles = _roles(i, data, actor, OWN_ROLES) if "roles" in data else None
    region_roles = {Role.functioneel_beheer.value, Role.privacy.value}
    if roles is not None and region_roles & set(user.roles):
        i.fail("roles", "Dit account heeft een regiorol; alleen functioneel beheer wijzigt het.")
    details = _details(i, required=False)
    i.done()
    strips = roles is not None and Role.beheerder.value not in roles
    if user.id == actor.id and (active is False or strips) and _last_beheerder(session, user):
        raise Conflict(
            f"U bent de laatste actieve beheerder van {user.organisation.name}; maak eerst"
            " iemand anders beheerder.",
            code="laatste-beheerder",
        )
    if active is False and last_region_admin(session, user):
        raise Conflict(
            "Dit is het laatste account met functioneel beheer; wijs eerst een ander aan.",
            code="laatste-beheerder",
        )
    for field, value in details.items():
        setattr(user, field, value)
    if roles is not None:
        user.role_rows = [UserRole(role=r) for r in roles]
    if active is not None and active != user.active:
        set_account_active(session, user, active, now)
    session.flush()
    return user
