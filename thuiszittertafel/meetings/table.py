"""Running the table: who is invited until the minutes are final, who was there, items
not discussed (with why; carried to the next meeting of the series in carryover.py), the
next item.

Services flush and queue the meeting room's live signal; the edge audits and commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..auth.models import User
from ..core.errors import Conflict, ValidationFailed
from ..core.inputs import Input
from .models import AgendaItem, Meeting
from .services import MAX_ATTENDEES, _attendees, _chair_acts, _chair_item, open_item, tell_agenda
from .titles import day_label

MAX_REASON = 500


# --- attendees ----------------------------------------------------------------------------


def add_attendees(
    session: Session,
    actor: User,
    meeting: Meeting,
    data: Mapping[str, Any],
    *,
    now: datetime,
    mail: bool = False,
) -> list[User]:
    """Invite more people until the minutes are final. Once the agenda is out a newcomer
    gets the notice and the meeting access the others got at publication."""
    _chair_acts(session, actor, meeting)
    i = Input(data)
    users = _attendees(session, i, actor)
    if not users and "attendee_user_ids" not in i.errors:
        i.fail("attendee_user_ids", "Kies wie u wilt uitnodigen.")
    i.done()
    known = {u.id for u in meeting.attendees}
    new = [u for u in users if u.id not in known]
    if not new:
        raise ValidationFailed({"attendee_user_ids": "Deze deelnemers zijn al uitgenodigd."})
    if len(known) + len(new) > MAX_ATTENDEES:
        raise ValidationFailed(
            {"attendee_user_ids": f"Een overleg heeft hoogstens {MAX_ATTENDEES} deelnemers."}
        )
    meeting.attendees.extend(new)
    session.flush()
    if meeting.status == "published":
        tell_agenda(session, meeting, new, now=now, mail=mail)
    return new


def remove_attendee(
    session: Session, actor: User, meeting: Meeting, user_id: int, *, now: datetime
) -> User:
    """Uninvite someone: their meeting access to the cases on the agenda ends at once."""
    _chair_acts(session, actor, meeting)
    user = next((u for u in meeting.attendees if u.id == user_id), None)
    if user is None:
        raise ValidationFailed({"user_id": "Deze persoon is geen deelnemer aan dit overleg."})
    meeting.attendees.remove(user)
    if user in meeting.present:
        meeting.present.remove(user)
    session.flush()
    return user


# --- presence -----------------------------------------------------------------------------


def set_presence(
    session: Session, actor: User, meeting: Meeting, data: Mapping[str, Any], *, now: datetime
) -> list[User]:
    """{"present_user_ids": [...]}: who of the chair and the attendees is at the table."""
    _chair_acts(session, actor, meeting, live=True)
    raw = data.get("present_user_ids", [])
    if isinstance(raw, str):
        raw = [raw] if raw else []
    people = {u.id: u for u in [meeting.chair, *meeting.attendees]}
    try:
        ids = {int(x) for x in raw} if isinstance(raw, list) else None
    except (TypeError, ValueError):
        ids = None
    if ids is None or not ids <= set(people):
        raise ValidationFailed(
            {"present_user_ids": "Kies alleen de voorzitter en deelnemers van dit overleg."}
        )
    meeting.present = [people[i] for i in sorted(ids, key=lambda i: people[i].name)]
    session.flush()
    return meeting.present


# --- items not discussed ------------------------------------------------------------------


def mark_not_discussed(
    session: Session,
    actor: User,
    meeting: Meeting,
    item_id: int,
    data: Mapping[str, Any],
    *,
    now: datetime,
) -> AgendaItem:
    """The chair skips an item, saying why; it goes to the next meeting of the series."""
    item = _chair_item(session, actor, meeting, item_id, live=True)
    i = Input(data)
    reason = i.text("reason", "de reden", required=True, max_length=MAX_REASON)
    i.done()
    if item.decisions:
        raise Conflict("Over dit agendapunt is al besloten; het is dus besproken.")
    item.not_discussed_reason = reason
    if meeting.current_item_id == item.id:
        meeting.current_item_id = None
        item.ended_at = now
    session.flush()
    return item


def mark_discussed(
    session: Session, actor: User, meeting: Meeting, item_id: int, *, now: datetime
) -> AgendaItem:
    """Undo "niet besproken": the item is on the table again."""
    item = _chair_item(session, actor, meeting, item_id, live=True)
    item.not_discussed_reason = None
    session.flush()
    return item


def next_item(session: Session, actor: User, meeting: Meeting, *, now: datetime) -> AgendaItem:
    """ "Volgende punt": open the first item after the current one that is not skipped."""
    _chair_acts(session, actor, meeting, live=True)
    items = list(meeting.items)
    at = next((n for n, x in enumerate(items) if x.id == meeting.current_item_id), -1)
    for item in items[at + 1 :]:
        if item.not_discussed_reason is None:
            return open_item(session, actor, meeting, item.id, now=now)
    raise ValidationFailed({"": "Er is geen volgend punt: dit was het laatste agendapunt."})


def carried_from_label(item: AgendaItem) -> str | None:
    """'Niet besproken op di 1 december 2026: <reden>' for an item carried over."""
    earlier = item.carried_from
    if earlier is None:
        return None
    return (
        f"Niet besproken op {day_label(earlier.meeting.starts_at)}:"
        f" {earlier.not_discussed_reason or 'geen reden'}"
    )
