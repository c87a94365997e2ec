"""Accounts, login checks and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, scoped_session

from ..core.errors import NotFound, ValidationFailed
from ..core.inputs import has_control_characters
from ..organisations.models import Organisation
from .models import ApiToken, Role, User, UserRole
from .passwords import hash_password, verify_password
from .sessions import end_all

TOKEN_LIFETIME = timedelta(hours=12)
MIN_PASSWORD_LENGTH = 10


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or None."""
    if has_control_characters(username) or has_control_characters(password):
        return None
    plain = session() if isinstance(session, scoped_session) else session  # db.session
    ours = not plain.in_transaction()  # a transaction begun only for this read
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    password_hash = user.password_hash if user else None
    if ours:
        # Hand the connection back to the pool while Argon2 works (about 50 ms and 64 MiB
        # each): a burst of logins held one connection per hash and emptied the pool for
        # every other request (bench/load.py, 300 users).
        session.rollback()
    ok = verify_password(password_hash, password)
    return user if ok and user is not None and user.active else None


def create_user(
    session: Session,
    *,
    username: str,
    name: str,
    password: str,
    organisation: Organisation,
    roles: list[str],
    now: datetime,
    email: str | None = None,
) -> User:
    errors = {}
    username = username.strip().lower()
    if not username or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        errors["username"] = "Gebruikersnaam mag alleen letters, cijfers, punt, - en _ bevatten."
    elif session.scalar(select(User.id).where(User.username == username)):
        errors["username"] = f"Gebruikersnaam '{username}' bestaat al."
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = f"Wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens hebben."
    valid_roles = {r.value for r in Role}
    bad = [r for r in roles if r not in valid_roles]
    if bad or not roles:
        errors["roles"] = f"Kies rollen uit: {', '.join(sorted(valid_roles))}."
    if errors:
        raise ValidationFailed(errors)
    user = User(
        username=username,
        name=name.strip(),
        email=email,
        org_id=organisation.id,
        password_hash=hash_password(password),
        created_at=now,
        active=True,
    )
    user.organisation = organisation
    user.role_rows = [UserRole(role=r) for r in sorted(set(roles))]
    session.add(user)
    session.flush()
    return user


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, user: User, now: datetime) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires = now + TOKEN_LIFETIME
    session.add(
        ApiToken(
            user_id=user.id, token_hash=token_digest(token), created_at=now, expires_at=expires
        )
    )
    session.flush()
    return token, expires


def user_for_token(session: Session, token: str, now: datetime) -> User | None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(token)))
    if row is None or row.expires_at <= now or not row.user.active:
        return None
    return row.user


def change_password(
    session: Session,
    user: User,
    current: str,
    new: str,
    repeat: str,
    *,
    now: datetime,
    keep_session: int | None,
) -> None:
    """A new password (the current one checked): every other session and every API token
    of the account ends, so whoever knew the old password is out everywhere."""
    errors = {}
    if not verify_password(user.password_hash, current or ""):
        errors["current"] = "Uw huidige wachtwoord klopt niet."
    if len(new or "") < MIN_PASSWORD_LENGTH:
        errors["new"] = f"Een nieuw wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens."
    elif len(new) > 200 or has_control_characters(new):
        errors["new"] = "Een wachtwoord heeft hoogstens 200 tekens, zonder stuurtekens."
    elif new == current:
        errors["new"] = "Kies een ander wachtwoord dan het huidige."
    elif new != repeat:
        errors["repeat"] = "De twee nieuwe wachtwoorden zijn niet gelijk."
    if errors:
        raise ValidationFailed(errors)
    user.password_hash = hash_password(new)
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    end_all(session, user.id, now, "password", keep=keep_session)
    session.flush()


def own_tokens(session: Session, user: User, now: datetime) -> list[ApiToken]:
    """The account's API tokens still valid (for its own page)."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.expires_at > now)
            .order_by(ApiToken.id.desc())
        )
    )


def revoke_own_token(session: Session, user: User, token_id: int) -> None:
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound()
    session.delete(row)
    session.flush()
