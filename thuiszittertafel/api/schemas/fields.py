"""The JSON schema fragments the API's components share: ids, dates, text, choices."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

ID = {"type": "integer", "minimum": 1}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
TEXT = {"type": "string"}
VERSION = {
    "type": "integer",
    "minimum": 1,
    "description": "Verhoogd bij elke wijziging; stuur hem terug als If-Match (ook de ETag).",
}
# What a client may send where the service reads an id or a date (core.inputs).
INPUT_ID = {"type": ["integer", "string"], "description": "Nummer; tekst met cijfers mag ook."}
INPUT_DATE = {"type": "string", "description": "Datum als jjjj-mm-dd of dd-mm-jjjj."}
MOMENT = {
    "type": "string",
    "description": "Datum (jjjj-mm-dd of dd-mm-jjjj: dan 17:00 lokale"
    " tijd) of ISO-8601 datum-tijd (zonder zone:"
    " Europe/Amsterdam).",
}


def enum(values: Iterable[Any], description: str = "") -> dict[str, Any]:
    """A choice of strings, with what the choices mean."""
    schema: dict[str, Any] = {"type": "string", "enum": list(values)}
    return {**schema, "description": description} if description else schema


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema, or null."""
    out = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        out["enum"] = [*schema["enum"], None]
    return out


def ref(name: str) -> dict[str, str]:
    """A reference to another component."""
    return {"$ref": f"#/components/schemas/{name}"}
