"""A notification as the API returns it and the live `notification` event carries it."""

from __future__ import annotations

from typing import Annotated

from ..shapes import Among, Id, Moment, Shape, maybe
from .models import KINDS


class Notification(Shape):
    """What notifications.queries.notification_json returns."""

    id: Id = maybe()
    kind: Annotated[str, Among(KINDS)] = maybe()
    label: str = maybe()
    text: str = maybe()
    case_id: Id | None = maybe()
    note_id: Id | None = maybe()
    agreement_id: Id | None = maybe()
    created_at: Moment = maybe()
    read_at: Moment | None = maybe()
