"""The record of every notice the escalation engine raised: once per (rule, object, occurrence)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import Base, UTCDateTime


class EscalationNotice(Base):
    __tablename__ = "escalation_notices"
    # A case's notices, by rule: whether a case was put forward to a table (the agenda
    # builder asks it of every candidate) is read from the index alone; the case's own
    # lookups (its notices, the foreign key) use the first column.
    __table_args__ = (Index("ix_escalation_notices_case_id_rule", "case_id", "rule"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # e.g. "agreement_overdue:a12:o3:t1" or "case_4_weeks:c7"; the unique key is the
    # exactly-once guarantee, whatever the number of passes or processes.
    key: Mapped[str] = mapped_column(String(120), unique=True)
    rule: Mapped[str] = mapped_column(String(30))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when the rule fell due
    fired_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when a pass recorded it
    recipients: Mapped[int] = mapped_column(Integer, default=0)
