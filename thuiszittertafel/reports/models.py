"""Pupil totals per gemeente and school year, kept by functioneel beheer: the denominator of
the jaarverslag's percentages (seed 000: "Aantal leerlingen per gemeente", split leerplichtig
and kwalificatieplichtig)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import Base, UTCDateTime
from ..organisations.models import Municipality


class PupilCount(Base):
    """How many pupils of 5–18 live in a gemeente in a school year (`school_year`: the first
    calendar year, 2025 for 2025-2026)."""

    __tablename__ = "pupil_counts"
    __table_args__ = (
        UniqueConstraint("municipality_id", "school_year"),
        CheckConstraint("leerplichtig >= 0", name="leerplichtig_not_negative"),
        CheckConstraint("kwalificatieplichtig >= 0", name="kwalificatieplichtig_not_negative"),
        CheckConstraint("school_year BETWEEN 2000 AND 2999", name="school_year_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    school_year: Mapped[int] = mapped_column(Integer)
    leerplichtig: Mapped[int] = mapped_column(Integer)
    kwalificatieplichtig: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    municipality: Mapped[Municipality] = relationship(lazy="joined")

    @property
    def total(self) -> int:
        return self.leerplichtig + self.kwalificatieplichtig

    def __repr__(self) -> str:
        return f"<PupilCount {self.municipality_id} {self.school_year} {self.total}>"
