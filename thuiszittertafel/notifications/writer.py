"""The one writer of notifications, for the services and the escalation engine alike.

`write(session, batch, now)` keeps only the notices whose reader may see their case
(DESIGN §6: a notice never goes to someone who cannot see the case), stores each once
(unique key; INSERT … ON CONFLICT DO NOTHING, so a parallel pass or a repeat records
nothing twice), and queues for after the commit (notifications/outbox.py) the live
`notification` event with the reader's unread count and, when mail is on and the reader
has an address, the e-mail. Rows go to the driver as columns (core/bulk.py): a catch-up
pass writes hundreds of thousands, a service one or a few, the same way. Who is told
about what an organisation is addressed: notifications/recipients.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from ..auth.models import User
from ..core import policy
from ..core.bulk import insert_rows
from . import outbox
from .models import KINDS, Notification
from .queries import unread_count

COLUMNS = ("key", "user_id", "kind", "case_id", "note_id", "agreement_id", "text")


class Batch:
    """Notifications to write, as columns (one list per column, one row per reader)."""

    def __init__(self) -> None:
        self.columns: dict[str, list] = {name: [] for name in COLUMNS}

    def __len__(self) -> int:
        return len(self.columns["key"])

    def tell(
        self,
        user_ids: Iterable[int],
        *,
        key: str,
        kind: str,
        text: str,
        case_id: int | None = None,
        note_id: int | None = None,
        agreement_id: int | None = None,
        per_user: bool = True,
    ) -> tuple[int, int]:
        """The same notice to each of these readers once, under `<key>:u<id>` (`per_user`)
        — or `key` itself for a single reader. Returns the rows' range in the batch."""
        if kind not in KINDS:
            raise ValueError(f"unknown notification kind {kind!r}")
        c = self.columns
        start = len(c["key"])
        users = list(dict.fromkeys(user_ids))
        c["key"] += [f"{key}:u{uid}" for uid in users] if per_user else [key] * len(users)
        c["user_id"] += users
        for name, value in (
            ("kind", kind),
            ("case_id", case_id),
            ("note_id", note_id),
            ("agreement_id", agreement_id),
            ("text", text),
        ):
            c[name] += [value] * len(users)
        return start, len(c["key"])


@dataclass
class Written:
    """What `write` stored: the rows kept (may see the case) and those it inserted."""

    kept: list[bool] = field(default_factory=list)  # per row of the batch
    count: int = 0  # rows inserted (a key already used is not)
    ids: list[int] = field(default_factory=list)  # filled when delivering live or by mail
    keys: list[str] = field(default_factory=list)
    mail_ids: list[int] = field(default_factory=list)


def write(
    session: Session,
    batch: Batch,
    now: datetime,
    *,
    mail: bool = False,
    live: bool = True,
    emails: Mapping[int, str | None] | None = None,
    returning: bool = False,
) -> Written:
    """Store the batch's notifications (see the module); `emails`: the readers' addresses
    when the caller has them (else one statement finds them). `returning`: the new ids
    even when nothing is delivered."""
    written = Written()
    if not len(batch):
        return written
    session.flush()  # the notes and cases named are rows by now (the insert uses Core)
    written.kept = _may_see(session, batch)
    rows = {
        name: [v for v, k in zip(values, written.kept, strict=True) if k]
        for name, values in batch.columns.items()
    }
    if not rows["key"]:
        return written
    rows["mail_state"] = _mail_states(session, rows["user_id"], emails if mail else {})
    size = len(rows["key"])
    table = Notification.__table__
    assert isinstance(table, Table)
    inserted, written.count = insert_rows(
        session,
        table,
        {**rows, "created_at": [now] * size, "mail_attempts": [0] * size},
        ("id", "key", "user_id", "mail_state") if live or mail or returning else (),
        unique="key",
    )
    written.ids = [r.id for r in inserted]
    written.keys = [r.key for r in inserted]
    written.mail_ids = [r.id for r in inserted if r.mail_state == "pending"]
    if live and inserted:
        _push(session, rows, inserted, now)
    # Not live (a pass from the CLI or a job): the caller sends the mail (mail.send_pending).
    return written


def _may_see(session: Session, batch: Batch) -> list[bool]:
    """Per row: is it about no case, or about a case its reader may see now."""
    pairs = list(zip(batch.columns["user_id"], batch.columns["case_id"], strict=True))
    seen = policy.visible_pairs(session, {(u, case) for u, case in pairs if case is not None})
    return [case is None or (u, case) in seen for u, case in pairs]


def _mail_states(
    session: Session, user_ids: list[int], emails: Mapping[int, str | None] | None
) -> list[str]:
    """Per row: "pending" when mail is on (`emails` not {}) and the reader has an address."""
    if emails is None:  # mail on, addresses not given: one statement
        emails = dict(
            session.execute(select(User.id, User.email).where(User.id.in_(set(user_ids)))).all()
        )
    return ["pending" if emails.get(uid) else "none" for uid in user_ids]


def _push(session: Session, rows: dict[str, list], inserted, now: datetime) -> None:
    """Queue the live `notification` events (and their mail) for after the commit, built
    from the rows just inserted (no reload), each with its reader's unread count."""
    index = {key: i for i, key in enumerate(rows["key"])}
    unread = {
        uid: unread_count(session, user)
        for uid in dict.fromkeys(r.user_id for r in inserted)
        if (user := session.get(User, uid)) is not None
    }
    created_at = now.astimezone(UTC)
    for r in inserted:
        i = index[r.key]
        outbox.push(
            session,
            SimpleNamespace(
                id=r.id,
                user_id=r.user_id,
                kind=rows["kind"][i],
                text=rows["text"][i],
                case_id=rows["case_id"][i],
                note_id=rows["note_id"][i],
                agreement_id=rows["agreement_id"][i],
                created_at=created_at,
                read_at=None,
                mail_state=r.mail_state,
            ),
            unread.get(r.user_id, 0),
        )
