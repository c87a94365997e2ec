"""The API's error as it returns it (api.errors.json_error): a fixed code and a Dutch
message, with what the refusal has to add."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from ...shapes import Id, Moment, Shape, maybe


class ChangedBy(Shape):
    """Who made a change (null: the system, or not for this reader to see)."""

    component: ClassVar[bool] = False

    name: str | None
    organisation: str | None


class Change(Shape):
    """One field changed since the client's version (core.versions.changes_since)."""

    component: ClassVar[bool] = False

    field: str = Field(description="Het veld, bijvoorbeeld 'summary'.")
    label: str = Field(description="Het veld in woorden: 'samenvatting'.")
    by: ChangedBy = Field(
        description="Wie het wijzigde (null: het systeem, of niet voor u zichtbaar)."
    )
    at: Moment


class Error(Shape):
    """What every refusal under /api/v1 returns."""

    error: str = Field(description="Vaste code, bijvoorbeeld 'ongeldige-invoer'.")
    message: str = Field(description="Uitleg in het Nederlands.")
    fields: dict[str, str] = maybe("Bij ongeldige invoer: de melding per veld.")
    changed: list[Change] = maybe(
        "Bij `gewijzigd`: wat er sinds uw versie veranderde, per veld (alleen wat u mag"
        " lezen; via een overleg ziet u de organisatie, niet de persoon)."
    )
    current_version: int | None = maybe(
        "Bij `gewijzigd`: de versie nu (ook de ETag van dit antwoord)."
    )
    case_id: Id = maybe(
        "Bij een melding van een leerling met al een open casus die u mag zien: die casus."
    )
