"""The note bodies: posting a note and marking notifications read."""

from __future__ import annotations

from typing import Any

from ...notes.models import CATEGORIES, SCOPES
from . import Body, Id, optional, required
from .fields import ID, INPUT_ID, TEXT, enum


class NoteCreate(Body):
    body: Any = required(TEXT, maxLength=20000)
    scope: Any = optional(enum(SCOPES), default="betrokkenen")
    client_id: Any = optional(
        TEXT, maxLength=64, description="Zelf gekozen; herhalen geeft de bewaarde notitie."
    )
    category: Any = optional(enum(CATEGORIES))
    corrects_id: Id = optional(INPUT_ID)
    summary: Any = optional(TEXT, maxLength=300, description="Verplicht bij scope medisch.")


class NotificationsRead(Body):
    ids: Any = optional(type="array", items=ID)
    all: Any = optional(type="boolean")
