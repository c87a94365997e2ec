"""Record reads and changes in the audit log, in the caller's transaction, hash-chained.

Each entry gets a field seal when recorded (`hash`: an HMAC of its fields under the audit
key). When its transaction commits, it gets the next sequence number and a chain seal: an
HMAC of (sequence number, previous entry's chain seal, its field seal). The chain is built
at commit, under a lock on the one-row `audit_chain_head` (FOR UPDATE on PostgreSQL; SQLite
has one writer at a time), so parallel writers in several processes each take the next
numbers in turn and hold the lock only for the commit itself. `verify` then names an edited
entry (field seal), a removed one (a gap in the numbers, or the head ahead of the log), an
inserted or duplicated one (no number, or a chain seal that does not follow) and reordered
ones (chain seals that do not follow).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..auth.models import User
from .models import AuditChainHead, AuditEntry

PENDING = "audit_unchained"


def _digest(key: bytes, entry: AuditEntry) -> str:
    payload = json.dumps(
        [
            entry.at.isoformat(),
            entry.user_id,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.access,
            entry.detail,
        ],
        separators=(",", ":"),
    )
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def chain_seal(key: bytes, seq: int, previous: str | None, field_seal: str) -> str:
    """The chain seal of entry `seq` (migration 0019 computes the same for old entries)."""
    payload = f"{seq}|{previous or ''}|{field_seal}".encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def record(
    session: Session,
    *,
    key: str,
    actor: User | None,
    action: str,
    now: datetime,
    object_type: str | None = None,
    object_id: int | None = None,
    access: str | None = None,
    detail: dict | str | None = None,
) -> AuditEntry:
    """Add one audit entry, sealed under `key` (the audit key); chained at commit."""
    if isinstance(detail, dict):
        detail = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    entry = AuditEntry(
        at=now,
        user_id=actor.id if actor else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        access=access,
        detail=detail,
        seal_version=2,
    )
    entry.hash = _digest(key.encode(), entry)
    # Added at commit, not now: a page that records its read and then renders writes
    # nothing until the request's one commit (SQLite's single write lock stays free).
    session.info.setdefault(PENDING, []).append((entry, key))
    return entry


def roll_back_all_but_audit(session: Session) -> None:
    """Roll back everything but the audit entries recorded since the last rollback; they
    are chained at the next commit. For an error answer: the refused change was rolled back
    when it failed, and what was recorded after it is the read of the page that says why (a
    form shown again with the case, the consultation, the meeting); that read stands."""
    pending = session.info.pop(PENDING, None)
    session.rollback()
    if pending:
        session.info[PENDING] = pending


@event.listens_for(Session, "before_commit")
def _chain_at_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    session.add_all([entry for entry, _ in pending])
    session.flush()
    head = _locked_head(session)
    seq, previous = head.seq, head.chain
    for entry, key in pending:
        seq += 1
        entry.seq = seq
        entry.chain = chain_seal(key.encode(), seq, previous, entry.hash)
        previous = entry.chain
    head.seq, head.chain = seq, previous
    session.flush()


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT: what was recorded before it stands
        return
    session.info.pop(PENDING, None)


def _locked_head(session: Session) -> AuditChainHead:
    """The chain's head row, locked until commit; made (from the log's end) when missing."""
    stmt = (
        select(AuditChainHead)
        .where(AuditChainHead.id == 1)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    head = session.scalar(stmt)
    if head is None:
        last = session.execute(
            select(AuditEntry.seq, AuditEntry.chain)
            .where(AuditEntry.seq.is_not(None))
            .order_by(AuditEntry.seq.desc())
            .limit(1)
        ).first()
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        session.execute(
            dialect.insert(AuditChainHead)
            .values(id=1, seq=last.seq if last else 0, chain=last.chain if last else None)
            .on_conflict_do_nothing()
        )
        head = session.scalar(stmt)
        if head is None:  # just inserted, or another writer's insert won: it is there
            raise RuntimeError("audit_chain_head: de rij ontbreekt na het aanmaken")
    return head


@dataclass(frozen=True)
class Problem:
    entry_id: int | None
    kind: str  # gewijzigd, verwijderd, ingevoegd, dubbel, verplaatst
    message: str

    def __str__(self) -> str:
        return self.message


def verify(session: Session, key: str, legacy_key: str | None = None) -> list[Problem]:
    """Every break in the log, in order; [] when it is whole. `legacy_key`: the key the
    entries from before the chain were sealed with (the secret key)."""
    problems: list[Problem] = []
    keys = {1: (legacy_key or key).encode(), 2: key.encode()}
    chain_key = key.encode()
    seals: dict[str, int] = {}
    previous, expected, last_seq = None, 1, 0
    rows = session.scalars(
        select(AuditEntry).order_by(AuditEntry.seq.is_(None), AuditEntry.seq, AuditEntry.id)
    )
    for e in rows.yield_per(1000):
        field_ok = hmac.compare_digest(e.hash, _digest(keys.get(e.seal_version, keys[2]), e))
        if not field_ok:
            problems.append(Problem(e.id, "gewijzigd", f"Regel {e.id} is gewijzigd."))
        if e.seq is None or e.seq < expected:
            twin = seals.get(e.hash)
            problems.append(
                Problem(e.id, "dubbel", f"Regel {e.id} is een kopie van regel {twin}.")
                if twin
                else Problem(e.id, "ingevoegd", f"Regel {e.id} is ingevoegd (niet in de keten).")
            )
            continue
        seals.setdefault(e.hash, e.id)
        if e.seq > expected:
            gap = f"{expected}" if e.seq == expected + 1 else f"{expected} t/m {e.seq - 1}"
            problems.append(
                Problem(e.id, "verwijderd", f"Regel(s) {gap} ontbreken (vóór regel {e.id}).")
            )
        elif not hmac.compare_digest(e.chain or "", chain_seal(chain_key, e.seq, previous, e.hash)):
            problems.append(
                Problem(
                    e.id,
                    "verplaatst",
                    f"Regel {e.id} past niet in de keten: ingevoegd, verplaatst of gewijzigd.",
                )
            )
        previous, expected, last_seq = e.chain, e.seq + 1, e.seq
    head = session.get(AuditChainHead, 1)
    if head is not None and head.seq > last_seq:
        problems.append(
            Problem(
                None, "verwijderd", f"De laatste regel(s) {last_seq + 1} t/m {head.seq} ontbreken."
            )
        )
    elif head is not None and head.seq == last_seq and head.chain != previous:
        problems.append(Problem(None, "verplaatst", "Het einde van de keten klopt niet."))
    return problems


def record_denied(
    session: Session,
    *,
    key: str,
    actor: User,
    now: datetime,
    path: str,
    object_type: str | None = None,
    object_id: int | None = None,
) -> None:
    """A read refused with 404 (hidden or absent, the same answer): who asked for what."""
    record(
        session,
        key=key,
        actor=actor,
        action="denied.not_found",
        now=now,
        object_type=object_type,
        object_id=object_id,
        detail={"path": path},
    )
