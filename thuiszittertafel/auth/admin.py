"""User administration (issue "Running it for a region"): an organisation's beheerder manages
its own accounts, functioneel beheer every organisation's. Accounts are deactivated, never
deleted: the audit log and the case history keep pointing at them."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..core.errors import Forbidden, NotFound, ValidationFailed
from ..core.inputs import Input
from ..organisations.models import Organisation
from .models import ROLE_LABELS, ApiToken, Role, User, UserRole
from .services import create_user
from .sessions import end_all

# What an organisation's own beheerder may hand out; functioneel beheer and privacy are
# region roles, given by functioneel beheer only.
OWN_ROLES = (Role.medewerker.value, Role.coordinator.value, Role.beheerder.value)
ALL_ROLES = tuple(r.value for r in Role)
USER_FIELDS = ("org_id", "username", "name", "email", "roles")


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
    from .models import TwoFactorRequirement

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


def _roles(i: Input, data: Mapping[str, Any], actor: User) -> list[str]:
    raw = data.get("roles", [])
    roles = [raw] if isinstance(raw, str) else list(raw or [])
    allowed = grantable_roles(actor)
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


def add_user(
    session: Session, actor: User, data: Mapping[str, Any], *, now: datetime
) -> tuple[User, str]:
    """A new account with a one-time password (shown once, to be handed over safely)."""
    require_user_admin(actor)
    i = Input(data)
    org_id = i.integer("org_id", "de organisatie") if is_region_admin(actor) else actor.org_id
    username = i.text("username", "de gebruikersnaam", required=True, max_length=80)
    name = i.text("name", "de naam", required=True, max_length=200)
    email = i.text("email", "het e-mailadres", max_length=200)
    roles = _roles(i, data, actor)
    org = session.get(Organisation, org_id) if org_id is not None else None
    if org is None and "org_id" not in i.errors:
        i.fail("org_id", "Kies de organisatie.")
    if email and "@" not in email:
        i.fail("email", "Dit is geen e-mailadres.")
    i.done()
    password = secrets.token_urlsafe(12)
    user = create_user(
        session,
        username=username,
        name=name,
        password=password,
        organisation=org,
        roles=roles,
        now=now,
        email=email,
    )
    return user, password


def _last_region_admin(session: Session, user: User) -> bool:
    others = session.scalar(
        select(User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            UserRole.role == Role.functioneel_beheer.value,
            User.active.is_(True),
            User.id != user.id,
        )
        .limit(1)
    )
    return user.has_role(Role.functioneel_beheer) and others is None


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
    if Role.functioneel_beheer.value not in roles and _last_region_admin(session, user):
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
    if not active and _last_region_admin(session, user):
        raise ValidationFailed(
            {"": "Dit is het laatste account met functioneel beheer; wijs eerst een ander aan."}
        )
    user.active = active
    if not active:
        session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
        end_all(session, user.id, now, "deactivated")
    session.flush()
    return user


def reset_two_factor(session: Session, actor: User, user_id: int, *, now: datetime) -> User:
    """Re-enrolment (a lost phone): two-factor off; at the next login, set up again."""
    from .two_factor import reset

    user = _managed_user(session, actor, user_id)
    reset(session, user)
    return user


def require_two_factor(
    session: Session, actor: User, org_id: int | None, on: bool, *, now: datetime
) -> Organisation:
    """Two-factor for every account of an organisation: its beheerder, or functioneel beheer."""
    from .two_factor import set_required

    require_user_admin(actor)
    org = session.get(Organisation, org_id) if org_id else None
    if org is None or not (is_region_admin(actor) or org.id == actor.org_id):
        raise NotFound()
    set_required(session, actor, org.id, on, now)
    return org
