"""The note bodies (posting a note, marking notifications read) and the note and
notification as the API returns them."""

from __future__ import annotations

from typing import Any

from ...notes.models import CATEGORIES, SCOPES
from ...notes.shapes import Note
from ...notifications.shapes import Notification
from ...shapes import Shape, maybe
from . import Body, Id, Page, optional, required
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


class NoteList(Page[Note]):
    """What GET /cases/{case_id}/notes returns: one page of notes."""


class NotificationList(Page[Notification]):
    """What GET /notifications returns: one page, and how many are unread in all."""

    unread: int = maybe()


class NotificationsMarked(Shape):
    """What POST /notifications/read returns: how many were marked, how many are unread."""

    marked: int = maybe()
    unread: int = maybe()


__all__ = [
    "Note",
    "NoteCreate",
    "NoteList",
    "Notification",
    "NotificationList",
    "NotificationsMarked",
    "NotificationsRead",
]
