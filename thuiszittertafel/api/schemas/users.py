"""The bodies of administration and login (accounts of one's own organisation, tokens) and
the token, the account and the logged-in user as the API returns them."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import ConfigDict, Field

from ...auth.admin import OWN_ROLES
from ...auth.models import Role
from ...organisations.models import OrgKind
from ...shapes import Among, Moment, Shape, maybe
from ...shapes import Id as RowId
from . import Body, Page, optional, required
from .fields import TEXT, enum

RoleName = Annotated[str, Among([r.value for r in Role])]
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


class Token(Shape):
    """What POST /tokens returns."""

    token: str
    expires_at: Moment


class MeOrganisation(Shape):
    """The organisation in api.serializers.me_json."""

    id: RowId
    name: str
    kind: Annotated[str, Among([k.value for k in OrgKind])]
    municipalities: list[str]
    swv_org_id: RowId | None = Field(
        description="Het SWV van een school; het eigen nummer van een SWV."
    )


class Me(Shape):
    """What GET /me returns (api.serializers.me_json, with the calendar feed)."""

    id: RowId
    username: str
    name: str
    roles: list[RoleName]
    organisation: MeOrganisation
    calendar_url: str | None = Field(
        description="Het adres van de eigen agenda-feed (iCalendar: overleggen en termijnen"
        " van eigen afspraken, zonder namen of initialen van leerlingen), leesbaar zonder"
        " inloggen en in te trekken; null zonder feed.",
        json_schema_extra={"format": "uri"},
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

    id: RowId
    username: str
    name: str
    email: str | None
    roles: list[RoleName]
    active: bool = Field(description="false: uitgezet, kan niet inloggen.")
    org_id: RowId
    two_factor: bool = maybe("Tweestaps ingesteld.")
    password: str = maybe(
        "Alleen bij aanmaken zonder wachtwoord: het eenmalige wachtwoord, nergens opgeslagen"
        " en niet nogmaals te zien."
    )


class UserList(Page[User]):
    """What GET /users returns: one page of the accounts of one's own organisation."""
