"""Notify one user or tell several (through the one writer, notifications/writer.py);
list the inbox; mark notifications read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..auth.models import User
from ..cases.models import Case, Pupil
from ..cases.pupils import initials
from ..core import policy
from . import outbox, writer
from .models import Notification
from .queries import counts_still_visible, own_and_still_visible, unread_count


def notify(
    session: Session, user: User, *, key: str, now: datetime, mail: bool = False, **notice: Any
) -> Notification | None:
    """One notification under exactly this key; `notice`: kind, text and case_id, note_id,
    agreement_id where it names them (notifications/writer.py: stored only when the user
    may see the case, live push and mail after the commit).

    Returns None when the key was already used (another pass or process got there first)
    or the user may not see the case.
    """
    batch = writer.Batch()
    batch.tell([user.id], key=key, per_user=False, **notice)
    written = writer.write(session, batch, now, mail=mail, emails={user.id: user.email})
    return session.get(Notification, written.ids[0]) if written.ids else None


def tell(
    session: Session,
    users: Iterable[User],
    *,
    key: str,
    now: datetime,
    mail: bool | None = None,
    exclude: User | None = None,
    **notice: Any,
) -> int:
    """A notice about a change (`notice` as for `notify`) to each user once (key
    `<key>:u<id>`), never to the one who made it; returns how many were stored. Mail when
    the edge says SMTP is configured (`mail`, or the session's "mail_enabled" set per
    request)."""
    if mail is None:
        mail = bool(session.info.get("mail_enabled", False))
    told = [u for u in dict.fromkeys(users) if exclude is None or u.id != exclude.id]
    batch = writer.Batch()
    batch.tell([u.id for u in told], key=key, **notice)
    emails = {u.id: u.email for u in told}
    return writer.write(session, batch, now, mail=mail, emails=emails).count


# The header's badge counts no further than this and shows "999+" beyond it.
BADGE_LIMIT = 999


def unread_badge(session: Session, user: User) -> tuple[int, str]:
    """The header's unread count on every page, and how it reads. Counted no further than
    BADGE_LIMIT + 1: each of the newest unread is checked against the policy on its own
    and the count stops there. The exact count took the whole visible set on every page
    (leerplicht after an escalation pass: 73,000 unread, 0.35 s at 100k cases); the inbox
    itself still counts them all."""
    first = (
        select(Notification.id)
        .where(own_and_still_visible(user), Notification.read_at.is_(None))
        .limit(BADGE_LIMIT + 1)
    )
    return badge_for(session.scalar(select(func.count()).select_from(first.subquery())) or 0)


def badge_for(count: int) -> tuple[int, str]:
    """An unread count as the header's badge reads it."""
    return count, f"{BADGE_LIMIT}+" if count > BADGE_LIMIT else str(count)


class InboxPage(NamedTuple):
    items: list[Notification]
    total: int  # of the list shown: all, or the unread
    unread: int


def inbox(
    session: Session, user: User, *, unread_only: bool = False, page: int = 1, per_page: int = 25
) -> InboxPage:
    """A page of the user's notifications (newest first), their total and the unread ones
    among them, both counted in one pass (each pass hashes what the user sees)."""
    stmt = select(Notification).where(own_and_still_visible(user))
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    unread_ones = func.count().filter(Notification.read_at.is_(None))
    everything, unread = counts_still_visible(session, user, func.count(), unread_ones)
    rows = session.scalars(
        stmt.order_by(Notification.id.desc()).limit(per_page).offset((page - 1) * per_page)
    )
    return InboxPage(list(rows), unread if unread_only else everything, unread)


def case_labels(session: Session, user: User, notices: Iterable[Notification]) -> dict[int, str]:
    """The pupil of each notice's case as the user may name them now, by case id: the name
    with full access, initials under meeting access (DESIGN §3); a case the user no longer
    sees is left out. One statement for the whole page; the stored texts hold no names."""
    ids = sorted({n.case_id for n in notices if n.case_id is not None})
    if not ids:
        return {}
    stmt = (
        policy.visible_cases(user, few=True)
        .with_only_columns(Case.id, Pupil.given_name, Pupil.family_name, policy.case_access(user))
        .where(Case.id.in_(ids))
    )
    return {
        case_id: f"{given} {family}" if policy.may_see_name(access) else initials(given, family)
        for case_id, given, family, access in session.execute(stmt)
    }


def mark_read(session: Session, user: User, ids: list[int] | None, now: datetime) -> int:
    """Mark the user's own notifications read (all when ids is None); returns how many."""
    stmt = (
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now)
    )
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(ids))
    count = session.execute(stmt).rowcount or 0
    outbox.push_count(session, user.id, unread_count(session, user))
    return count
