"""Notifications: the inbox (mentions, reminders, escalations) and their e-mail state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

# The tables the foreign keys name, imported so the columns have their type in any
# process (the writer's bulk insert compiles it; the escalation CLI loads no notes).
from ..auth import models as _users  # noqa: F401
from ..cases import models as _cases  # noqa: F401
from ..core.models import Base, UTCDateTime
from ..notes import models as _notes  # noqa: F401

KINDS = {
    "mention": "U bent genoemd",
    "agreement_reminder": "Herinnering afspraak",
    "agreement_overdue": "Afspraak verlopen",
    "agreement_escalated": "Afspraak opgeschaald",
    "phase_term_breached": "Fasetermijn verlopen",
    "case_4_weeks": "Vier weken thuiszitter",
    "case_4_weeks_authorised": "Vier weken geoorloofd afwezig",
    "case_3_months": "Drie maanden thuiszitter",
    "case_18_years": "18 jaar: casus sluiten",
    "reduced_timetable_ending": "Verkort rooster loopt af",
    "exemption_ending": "Vrijstelling loopt af",
    "absence_report": "Verzuimmelding",
    "participant_added": "Betrokken bij een casus",
    "agreement_assigned": "Afspraak voor u",
    "regie_proposed": "Regie gevraagd",
    "regie_accepted": "Regie aangenomen",
    "regie_declined": "Regie afgewezen",
    "phase_changed": "Fase gewijzigd",
    "consent_withdrawn": "Toestemming ingetrokken",
    "case_closed": "Casus gesloten",
    "meeting_minutes": "Verslag overleg",
    "meeting_agenda": "Agenda overleg",
    "intake_duplicate": "Melding voor een lopende casus",
}


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        # A user's notices newest first (/berichten): the page reads from the end of the
        # user's entries and stops after a page, where an index on the user alone made
        # PostgreSQL check and sort every one of them (leerplicht's 9,233 at 1M cases).
        Index("ix_notifications_user_id_id", "user_id", "id"),
        Index(
            "ix_notifications_user_unread",
            "user_id",
            "id",
            sqlite_where=text("read_at IS NULL"),
            postgresql_where=text("read_at IS NULL"),
        ),
        # The start page's unread mentions: a few among tens of thousands of unread
        # notices after an escalation pass (migration 0034).
        Index(
            "ix_notifications_user_unread_mentions",
            "user_id",
            "id",
            sqlite_where=text("kind = 'mention' AND read_at IS NULL"),
            postgresql_where=text("kind = 'mention' AND read_at IS NULL"),
        ),
        # Unsent mail, for the retry pass.
        Index(
            "ix_notifications_mail_pending",
            "id",
            sqlite_where=text("mail_state = 'pending'"),
            postgresql_where=text("mail_state = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Exactly once per recipient and occurrence: e.g. "mention:<note>:<user>".
    key: Mapped[str] = mapped_column(String(200), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"))
    agreement_id: Mapped[int | None] = mapped_column(Integer)
    # Shown in the inbox (may hold initials, never the full name).
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # E-mail: none (no SMTP or no address), pending, sending (claimed), sent, failed.
    mail_state: Mapped[str] = mapped_column(String(10), default="none")
    mail_attempts: Mapped[int] = mapped_column(Integer, default=0)
    mail_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_error: Mapped[str | None] = mapped_column(String(500))
