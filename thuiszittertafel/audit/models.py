"""The audit log: who read or changed what, hash-chained (see services.py): each entry's
fields are sealed (`hash`), and at commit it gets the next sequence number and a chain seal
covering that number, its field seal and the previous entry's chain seal, so `audit verify`
finds an edited, removed, inserted, duplicated or reordered entry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import Base, UTCDateTime


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    # /audit: "who saw casus 12?" without reading the whole log.
    __table_args__ = (Index("ix_audit_entries_object", "object_type", "object_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    access: Mapped[str | None] = mapped_column(String(30))
    detail: Mapped[str | None] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(String(64))
    # 1: field seal under the session secret, from before the chain (chained by migration
    # 0019 as they were); 2: field seal under the audit key.
    seal_version: Mapped[int] = mapped_column(SmallInteger, default=2, server_default="2")
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    chain: Mapped[str | None] = mapped_column(String(64))


class AuditChainHead(Base):
    """One row: the last sequence number and chain seal. Writers lock it (FOR UPDATE on
    PostgreSQL; SQLite has one writer at a time) while they chain their entries at commit,
    and `audit verify` compares the log's end with it (removed last entries)."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    chain: Mapped[str | None] = mapped_column(String(64))
