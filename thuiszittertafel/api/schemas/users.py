"""The bodies of administration and login (accounts of one's own organisation, tokens) and
the account as the API returns it."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ConfigDict

from ...auth.admin import OWN_ROLES
from ...auth.models import Role
from . import Body, Shape, optional, required
from .fields import ID, TEXT, enum, nullable

ROLES = {
    "type": "array",
    "minItems": 1,
    "items": enum(OWN_ROLES),
    "description": "Rollen binnen de eigen organisatie; regiorollen geeft functioneel beheer.",
}


class TokenRequest(Body):
    # Checked by api.auth.credentials; a field more is ignored, as it always was.
    model_config = ConfigDict(extra="allow")
    closed: ClassVar[bool] = False

    username: Any = required(TEXT)
    password: Any = required(TEXT)
    totp: Any = optional(
        TEXT, description="Code uit de authenticator-app, als tweestapsverificatie aan staat."
    )


class UserCreate(Body):
    username: Any = required(
        TEXT, maxLength=80, description="Letters, cijfers, punt, - en _; uniek."
    )
    name: Any = required(TEXT, maxLength=200)
    email: Any = optional(TEXT, maxLength=200)
    roles: Any = required(ROLES)
    password: Any = optional(
        TEXT,
        minLength=10,
        maxLength=1024,
        description="Leeg: er wordt een eenmalig wachtwoord gemaakt en één keer teruggegeven.",
    )


class UserUpdate(Body):
    about: ClassVar[str | None] = (
        "Alleen de velden die wijzigen. De laatste actieve beheerder kan"
        " zichzelf niet uitzetten of de beheerrol afnemen (409)."
    )

    active: Any = optional(
        type="boolean",
        description="false: uitzetten; alle sessies, tokens en live"
        " verbindingen van het account eindigen meteen.",
    )
    roles: Any = optional(ROLES)
    name: Any = optional(TEXT, maxLength=200)
    email: Any = optional(TEXT, maxLength=200, description="Leeg: geen e-mailadres.")


class User(Shape):
    """What api.users.user_json returns (with the one-time password after a create)."""

    id: Any = required(ID)
    username: Any = required(TEXT)
    name: Any = required(TEXT)
    email: Any = required(nullable(TEXT))
    roles: Any = required(type="array", items=enum([r.value for r in Role]))
    active: Any = required(type="boolean", description="false: uitgezet, kan niet inloggen.")
    org_id: Any = required(ID)
    two_factor: Any = optional(type="boolean", description="Tweestaps ingesteld.")
    password: Any = optional(
        TEXT,
        description="Alleen bij aanmaken zonder wachtwoord: het eenmalige wachtwoord,"
        " nergens opgeslagen en niet nogmaals te zien.",
    )
