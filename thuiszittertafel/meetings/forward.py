"""Put cases forward for the next thuiszitterstafel (DESIGN §6: the three-month clock).

The escalation pass calls `put_forward` with the cases whose three-month notice it has
just recorded, in that notice's transaction, so each case is placed once whatever the
number of passes. A case goes on the agenda of the soonest draft thuiszitterstafel whose
chair may see it in full — the one visibility policy, asked once per chair for the whole
set of cases, never per case — after the last item, unless it is on that agenda already.
The (meeting, case) unique constraint is the second guard: ON CONFLICT DO NOTHING, so a
chair adding the same case at the same moment never fails the pass.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..auth.models import User
from ..cases.models import Case
from ..core import policy
from ..organisations.models import Organisation, OrgKind
from .delivery import queue_state
from .models import AgendaItem, Meeting

KIND = "thuiszitterstafel"
CHAIRED_BY = OrgKind.swv
REASONS = json.dumps(["three_months", "put_forward"])


@dataclass(frozen=True)
class Placement:
    """The meeting a case was put forward for."""

    meeting_id: int
    title: str
    starts_at: datetime
    added: bool  # False: the case was on that agenda already


def upcoming(session: Session, now: datetime) -> list[Meeting]:
    """Draft thuiszitterstafels of the SWV after `now`, soonest first, their chairs loaded.

    Only a table chaired by someone of the SWV is the region's thuiszitterstafel (DESIGN
    §6: the SWV coordinator leads it); a school may name its own meeting so, and must not
    receive the region's three-month placements. FOR SHARE: a meeting's agenda cannot be
    published while a pass places cases on it.
    """
    return list(
        session.scalars(
            select(Meeting)
            .join(User, User.id == Meeting.chair_user_id)
            .join(Organisation, Organisation.id == User.org_id)
            .where(
                Meeting.kind == KIND,
                Meeting.status == "draft",
                Meeting.starts_at > now,
                Organisation.kind == CHAIRED_BY,
            )
            .order_by(Meeting.starts_at, Meeting.id)
            .with_for_update(read=True, of=Meeting)
        )
    )


def put_forward(
    session: Session, case_ids: list[int], *, now: datetime, live: bool = False
) -> dict[int, Placement]:
    """Place each case on the agenda of the next thuiszitterstafel whose chair may see it.

    Returns the placement per case; a case no planned thuiszitterstafel can take is left
    out (the agenda builder keeps suggesting it). Statements: two for the meetings (with
    their chairs' roles), one per distinct chair, two for the agendas — bounded by the
    meetings, not by the cases.
    """
    meetings = upcoming(session, now) if case_ids else []
    remaining = set(case_ids)
    chosen: dict[int, Meeting] = {}
    order: dict[int, tuple] = {}  # case -> (absent since, id): longest at home first
    seen_by: dict[int, set[int]] = {}  # chair -> the cases they may see in full
    for meeting in meetings:
        if not remaining:
            break
        chair = meeting.chair
        if chair.id not in seen_by:
            rows = session.execute(
                policy.visible_cases(chair, pupil=False)
                .with_only_columns(Case.id, Case.absent_since)
                .where(
                    policy.case_full_access(chair),
                    Case.status == "open",
                    Case.id.in_(sorted(remaining)),
                )
            ).all()
            order.update((case_id, (since, case_id)) for case_id, since in rows)
            seen_by[chair.id] = {case_id for case_id, _ in rows}
        for case_id in remaining & seen_by[chair.id]:
            chosen[case_id] = meeting
        remaining -= seen_by[chair.id]
    if not chosen:
        return {}
    return _place(session, chosen, order, live)


def _place(
    session: Session, chosen: dict[int, Meeting], order: dict[int, tuple], live: bool
) -> dict[int, Placement]:
    last: dict[int, int] = {}
    on_agenda: set[tuple[int, int]] = set()
    for meeting_id, case_id, position in session.execute(
        select(AgendaItem.meeting_id, AgendaItem.case_id, AgendaItem.position).where(
            AgendaItem.meeting_id.in_({m.id for m in chosen.values()})
        )
    ):
        last[meeting_id] = max(last.get(meeting_id, 0), position)
        on_agenda.add((meeting_id, case_id))
    rows, placed = [], {}
    for case_id in sorted(chosen, key=order.__getitem__):
        meeting = chosen[case_id]
        added = (meeting.id, case_id) not in on_agenda
        if added:
            last[meeting.id] = position = last.get(meeting.id, 0) + 1
            rows.append(
                {
                    "meeting_id": meeting.id,
                    "case_id": case_id,
                    "position": position,
                    "reasons": REASONS,
                    "added_by_id": meeting.chair_user_id,
                }
            )
        placed[case_id] = Placement(meeting.id, meeting.title, meeting.starts_at, added)
    if rows:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.connection().execute(
            dialect.insert(AgendaItem.__table__).on_conflict_do_nothing(
                index_elements=["meeting_id", "case_id"]
            ),
            rows,
        )
        # `live`: a chair with the meeting open sees the new items after the commit.
        for meeting in {chosen[r["case_id"]] for r in rows} if live else ():
            queue_state(session, meeting)
    return placed
