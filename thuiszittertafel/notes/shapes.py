"""A note as the API returns it and Socket.IO sends it."""

from __future__ import annotations

from typing import Annotated

from ..shapes import Among, Id, Moment, Shape, maybe
from .models import CATEGORIES, SCOPES


class Note(Shape):
    """What notes.queries.note_json returns."""

    id: Id = maybe()
    case_id: Id = maybe()
    author_id: Id = maybe()
    author_name: str = maybe()
    org_id: Id = maybe()
    org_name: str = maybe()
    scope: Annotated[str, Among(SCOPES)] = maybe()
    category: Annotated[str, Among(CATEGORIES)] | None = maybe()
    body: str | None = maybe(
        "Markdown; null bij een medische notitie voor wie niet de schrijvende GGD is."
    )
    html: str | None = maybe("Veilig gemaakte HTML.")
    summary: str | None = maybe("Samenvatting (medisch).")
    redacted: bool = maybe()
    created_at: Moment = maybe()
    client_id: str = maybe()
    corrects_id: Id | None = maybe()
