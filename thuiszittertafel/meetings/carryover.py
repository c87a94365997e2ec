"""Items not discussed: at finalising they go to the next meeting of the series; what
cannot go there waits until the chair puts it on an agenda.

Both the agenda (services.add_item: a waiting item says where it comes from) and the
minutes (services.finalize) use this; it needs neither of them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..auth.models import User
from ..cases.models import Case
from ..core import policy
from .models import AgendaItem, Meeting


def next_in_series(session: Session, meeting: Meeting) -> Meeting | None:
    """The next meeting of the same series whose minutes are not final yet."""
    if meeting.series_id is None:
        return None
    return session.scalar(
        select(Meeting)
        .where(
            Meeting.series_id == meeting.series_id,
            Meeting.starts_at > meeting.starts_at,
            Meeting.status != "final",
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )


def carry_over(
    session: Session, actor: User, meeting: Meeting, *, now: datetime
) -> tuple[Meeting | None, list[AgendaItem]]:
    """At finalising: every item not discussed goes on the agenda of the next meeting of the
    series (with where it came from), if the chair may still put it there. What cannot go
    stays listed (`waiting`) until someone puts it on an agenda."""
    later = next_in_series(session, meeting)
    if later is None:
        return None, []
    on_it = {x.case_id: x for x in later.items}
    carried: list = []
    for item in meeting.items:
        if item.not_discussed_reason is None:
            continue
        if item.case_id in on_it:  # put there already: it says where it comes from
            on_it[item.case_id].carried_from_id = item.id
            continue
        if not _may_put_on_agenda(session, actor, item.case_id):
            continue
        new = AgendaItem(
            meeting_id=later.id,
            case_id=item.case_id,
            position=max((x.position for x in later.items), default=0) + len(carried) + 1,
            carried_from_id=item.id,
            added_by_id=actor.id,
        )
        session.add(new)
        carried.append(new)
    session.flush()
    session.refresh(later, ["items"])
    return later, carried


def _may_put_on_agenda(session: Session, actor: User, case_id: int) -> bool:
    return (
        session.scalar(
            policy.visible_cases(actor, few=True)
            .with_only_columns(Case.id)
            .where(Case.id == case_id, policy.case_full_access(actor), Case.status == "open")
        )
        is not None
    )


def waiting(session: Session, actor: User) -> list[AgendaItem]:
    """Items not discussed at the actor's final meetings that are on no later agenda yet."""
    later = aliased(AgendaItem)
    return list(
        session.scalars(
            select(AgendaItem)
            .join(Meeting, AgendaItem.meeting_id == Meeting.id)
            .where(
                Meeting.chair_user_id == actor.id,
                Meeting.status == "final",
                AgendaItem.not_discussed_reason.is_not(None),
                ~select(later.id).where(later.carried_from_id == AgendaItem.id).exists(),
            )
            .order_by(Meeting.starts_at, AgendaItem.position)
        )
    )
