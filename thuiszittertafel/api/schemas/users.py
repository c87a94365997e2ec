"""The bodies of administration and login (accounts of one's own organisation, tokens) and
the token, the account and the logged-in user as the API returns them."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ConfigDict

from ...auth.admin import OWN_ROLES
from ...auth.models import Role
from ...organisations.models import OrgKind
from . import Body, LooseShape, link, optional, required
from .fields import DATETIME, ID, TEXT, enum, nullable

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


class Token(LooseShape):
    """What POST /tokens returns."""

    token: Any = required(TEXT)
    expires_at: Any = required(DATETIME)


class MeOrganisation(LooseShape):
    """The organisation in api.serializers.me_json."""

    id: Any = required(ID)
    name: Any = required(TEXT)
    kind: Any = required(enum([k.value for k in OrgKind]))
    municipalities: Any = required(type="array", items=TEXT)
    swv_org_id: Any = required(
        nullable(ID), description="Het SWV van een school; het eigen nummer van een SWV."
    )


class Me(LooseShape):
    """What GET /me returns (api.serializers.me_json and the calendar feed)."""

    id: Any = required(ID)
    username: Any = required(TEXT)
    name: Any = required(TEXT)
    roles: Any = required(type="array", items=enum([r.value for r in Role]))
    organisation: Any = required(link("MeOrganisation"))
    calendar_url: Any = required(
        nullable({"type": "string", "format": "uri"}),
        description="Het adres van de eigen agenda-feed (iCalendar: overleggen en termijnen"
        " van eigen afspraken, zonder namen of initialen van leerlingen), leesbaar zonder"
        " inloggen en in te trekken; null zonder feed.",
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


class User(LooseShape):
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
