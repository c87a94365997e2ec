"""The API's error as it returns it (web.errors.json_error): a fixed code and a Dutch
message, with what the refusal has to add."""

from __future__ import annotations

from typing import Any

from . import LooseShape, optional, required
from .fields import DATETIME, ID, TEXT

CHANGE = {
    "type": "object",
    "required": ["field", "label", "by", "at"],
    "properties": {
        "field": {**TEXT, "description": "Het veld, bijvoorbeeld 'summary'."},
        "label": {**TEXT, "description": "Het veld in woorden: 'samenvatting'."},
        "by": {
            "type": "object",
            "required": ["name", "organisation"],
            "properties": {
                "name": {"type": ["string", "null"]},
                "organisation": {"type": ["string", "null"]},
            },
            "description": "Wie het wijzigde (null: het systeem, of niet voor u zichtbaar).",
        },
        "at": DATETIME,
    },
}


class Error(LooseShape):
    """What every refusal under /api/v1 returns."""

    error: Any = required(TEXT, description="Vaste code, bijvoorbeeld 'ongeldige-invoer'.")
    message: Any = required(TEXT, description="Uitleg in het Nederlands.")
    fields: Any = optional(
        type="object",
        additionalProperties=TEXT,
        description="Bij ongeldige invoer: de melding per veld.",
    )
    changed: Any = optional(
        type="array",
        items=CHANGE,
        description="Bij `gewijzigd`: wat er sinds uw versie veranderde, per veld (alleen wat"
        " u mag lezen; via een overleg ziet u de organisatie, niet de persoon).",
    )
    current_version: Any = optional(
        type=["integer", "null"],
        description="Bij `gewijzigd`: de versie nu (ook de ETag van dit antwoord).",
    )
    case_id: Any = optional(
        ID,
        description="Bij een melding van een leerling met al een open casus die u mag zien:"
        " die casus.",
    )
