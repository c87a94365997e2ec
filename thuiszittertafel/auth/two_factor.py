"""Two-factor login (issue 15, item 2): TOTP (RFC 6238, pyotp) with recovery codes.

A code is accepted for the current 30-second step or one step either side (clock drift),
and never twice: the last accepted step is kept and a code for it or an earlier step is
refused (STACK.md). Recovery codes carry 80 random bits, are shown once, kept as a SHA-256
and each works once. Two-factor is required for an organisation (set by its beheerder or
by functioneel beheer) or for a role everywhere (THUISZITTERTAFEL_TWO_FACTOR_ROLES).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from datetime import datetime

import pyotp
import segno
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..core.errors import ValidationFailed
from .models import RecoveryCode, TwoFactorRequirement, User

ISSUER = "Thuiszittertafel"
RECOVERY_CODES = 10
WRONG = "Deze code klopt niet of is al gebruikt. Gebruik de nieuwste code uit uw app."


def is_enabled(user: User) -> bool:
    return user.totp_secret is not None


def is_required(session: Session, user: User, roles: Iterable[str]) -> bool:
    """Must this account log in with two-factor (its organisation, or one of its roles)?"""
    if set(user.roles) & set(roles):
        return True
    return session.get(TwoFactorRequirement, user.org_id) is not None


def new_secret() -> str:
    return pyotp.random_base32()


def qr_svg(secret: str, username: str) -> str:
    """The enrolment QR code as inline SVG, made here (no outside service sees the secret)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)
    return segno.make(uri, error="m").svg_inline(
        scale=4, title="QR-code om Thuiszittertafel aan uw authenticator-app toe te voegen"
    )


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()[:40]


def _totp_step(secret: str, code: str, now: datetime, after: int | None) -> int | None:
    """The time step this code belongs to (now, or one step either side), if after `after`."""
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def confirm_enrolment(
    session: Session, user: User, secret: str, code: str, now: datetime
) -> list[str]:
    """Switch two-factor on once the app shows a right code; the new recovery codes."""
    step = _totp_step(secret, _normalise(code), now, None)
    if step is None:
        raise ValidationFailed({"totp": WRONG})
    user.totp_secret = secret
    user.totp_last_step = step
    user.totp_enabled_at = now
    return new_recovery_codes(session, user)


def new_recovery_codes(session: Session, user: User) -> list[str]:
    """Replace the recovery codes; the codes themselves are returned once, never kept."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()  # 80 bits
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
        session.add(RecoveryCode(user_id=user.id, code_hash=_hash(raw)))
    session.flush()
    return codes


def _hash(normalised: str) -> str:
    return hashlib.sha256(normalised.encode()).hexdigest()


def verify(session: Session, user: User, code: str, now: datetime) -> bool:
    """A current TOTP code (not used before) or an unused recovery code; uses it up."""
    if not is_enabled(user):
        return False
    code = _normalise(code)
    step = _totp_step(user.totp_secret, code, now, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        session.flush()
        return True
    row = session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = now
    session.flush()
    return True


def remaining_recovery_codes(session: Session, user: User) -> int:
    return len(
        session.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )


def reset(session: Session, user: User) -> None:
    """Switch two-factor off for re-enrolment (by a beheerder: a lost phone)."""
    user.totp_secret = None
    user.totp_last_step = None
    user.totp_enabled_at = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.flush()


def set_required(session: Session, actor: User, org_id: int, on: bool, now: datetime) -> None:
    """Require two-factor for an organisation's accounts (or stop requiring it)."""
    row = session.get(TwoFactorRequirement, org_id)
    if on and row is None:
        session.add(TwoFactorRequirement(org_id=org_id, set_by_id=actor.id, set_at=now))
    elif not on and row is not None:
        session.delete(row)
    session.flush()


def token_refusal(
    session: Session, user: User, code, now: datetime, roles: Iterable[str]
) -> str | None:
    """Why an API token is refused to someone whose password was right, or None: with
    two-factor on, the token request carries `totp` (a code or recovery code)."""
    if is_enabled(user):
        if not isinstance(code, str) or not code.strip():
            return "Voor dit account is tweestapsverificatie aan: stuur ook 'totp' mee."
        return None if verify(session, user, code, now) else WRONG
    if is_required(session, user, roles):
        return (
            "Voor dit account is tweestapsverificatie verplicht: stel die eerst in door op de"
            " website in te loggen."
        )
    return None
