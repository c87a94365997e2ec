"""The note bodies (posting a note, marking notifications read) and the note and
notification as the API returns them."""

from __future__ import annotations

from typing import Any

from ...cases.filters import MAX_PER_PAGE
from ...notes.models import CATEGORIES, SCOPES
from ...notifications.models import KINDS as NOTIFICATION_KINDS
from . import Body, Id, LooseShape, link, optional, required
from .fields import DATETIME, ID, INPUT_ID, TEXT, enum, nullable


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


class Note(LooseShape):
    """What notes.queries.note_json returns."""

    id: Any = optional(ID)
    case_id: Any = optional(ID)
    author_id: Any = optional(ID)
    author_name: Any = optional(TEXT)
    org_id: Any = optional(ID)
    org_name: Any = optional(TEXT)
    scope: Any = optional(enum(SCOPES))
    category: Any = optional(nullable(enum(CATEGORIES)))
    body: Any = optional(
        nullable(TEXT),
        description="Markdown; null bij een medische notitie voor wie niet de schrijvende GGD is.",
    )
    html: Any = optional(nullable(TEXT), description="Veilig gemaakte HTML.")
    summary: Any = optional(nullable(TEXT), description="Samenvatting (medisch).")
    redacted: Any = optional(type="boolean")
    created_at: Any = optional(DATETIME)
    client_id: Any = optional(TEXT)
    corrects_id: Any = optional(nullable(ID))


class Notification(LooseShape):
    """What notifications.queries.notification_json returns."""

    id: Any = optional(ID)
    kind: Any = optional(enum(NOTIFICATION_KINDS))
    label: Any = optional(TEXT)
    text: Any = optional(TEXT)
    case_id: Any = optional(nullable(ID))
    note_id: Any = optional(nullable(ID))
    agreement_id: Any = optional(nullable(ID))
    created_at: Any = optional(DATETIME)
    read_at: Any = optional(nullable(DATETIME))


class NotificationList(LooseShape):
    """What GET /notifications returns: one page, and how many are unread in all."""

    items: Any = required(type="array", items=link("Notification"))
    total: Any = required(type="integer", minimum=0)
    page: Any = required(ID)
    per_page: Any = required(ID, maximum=MAX_PER_PAGE)
    unread: Any = optional(type="integer")


class NotificationsMarked(LooseShape):
    marked: Any = optional(type="integer")
    unread: Any = optional(type="integer")
