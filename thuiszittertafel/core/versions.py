"""Optimistic versions: a change claims the row version it read, or learns it was not first.

Cases, agreements and meetings carry `version`. Before a service changes one, `claim` runs one
conditional UPDATE (… SET version = version + 1 WHERE id = ? AND version = ?). On
PostgreSQL that UPDATE takes the row lock until commit, so a parallel change waits, then
matches no row; SQLite's single write lock serialises the same way. Of two changes made on
the same version exactly one wins; the other gets 409 and changes nothing. Rows without a
version (a participation, a consent, a consultation) leave a state the same way with
`claim_state`: the UPDATE holds the state it read in its WHERE.

Each claim also writes a `VersionChange` (who, when, which fields; the fields are read when
the change flushes), so the refused one is told what changed since the version it saw.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, delete, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from .. import clock
from .errors import Conflict, ValidationFailed
from .models import Base, UTCDateTime

STALE = (
    "Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet opgeslagen; bekijk de"
    " nieuwe stand en probeer het opnieuw (uw tekst staat nog in het formulier)."
)

# The fields a change is named by, per table, with their Dutch labels (the UI's words).
LABELS: dict[str, dict[str, str]] = {
    "cases": {
        "kind": "soort",
        "absence_authorised": "geoorloofd afwezig",
        "absence_reason": "geldige reden",
        "absent_since": "eerste dag zonder onderwijs",
        "summary": "samenvatting",
        "phase": "fase",
        "phase_due_on": "termijn",
        "lead_org_id": "regie",
        "lead_user_id": "casusregisseur",
        "status": "status",
        "outcome": "uitkomst",
    },
    "agreements": {
        "description": "omschrijving",
        "owner_org_id": "eigenaar",
        "owner_user_id": "eigenaar",
        "due_at": "termijn",
        "status": "status",
        "result": "resultaat",
        "cancel_reason": "reden van annuleren",
        "paused_until": "gepauzeerd tot",
    },
    "meetings": {"status": "status", "current_item_id": "agendapunt aan de orde"},
}
# A change that touched none of the named fields (a meeting's agenda rows, a regie answer).
OTHER = {"cases": ("regie", "regie"), "agreements": ("status", "status")}
OTHER_DEFAULT = ("agenda", "agenda")
# What meeting access reads of a case (DESIGN §3 rule 4): its phase, not the rest.
MEETING_FIELDS = {"cases": {"phase", "phase_due_on", "status"}}
PENDING = "version_changes"


class VersionChange(Base):
    """One claimed version of a case, agreement or meeting: who made it, when, what."""

    __tablename__ = "version_changes"
    __table_args__ = (
        Index("ix_version_changes_row", "row_table", "row_id", "version"),
        Index("ix_version_changes_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    row_table: Mapped[str] = mapped_column(String(20))
    row_id: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)  # the version this change made
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    fields: Mapped[str] = mapped_column(String(300), default="")

    by = relationship("User", lazy="joined")

    def __repr__(self) -> str:
        return f"<VersionChange {self.row_table} {self.row_id} v{self.version}>"


# How long who-changed-what is kept for the 409's "Sinds uw versie gewijzigd": a form
# shown longer ago than this is still refused when stale, without the list of changes.
KEEP_CHANGES = timedelta(days=30)


def purge_version_changes(session: Session, now: datetime) -> int:
    """Forget the changes older than KEEP_CHANGES (the daily retention run); how many."""
    result = session.execute(delete(VersionChange).where(VersionChange.at < now - KEEP_CHANGES))
    return getattr(result, "rowcount", 0) or 0


class StaleVersion(Conflict):
    """The row changed since the actor read it (409): what changed, and the version now."""

    code = "gewijzigd"

    def __init__(
        self,
        message: str = STALE,
        changed: list[dict[str, Any]] | None = None,
        current_version: int | None = None,
    ):
        self.changed = changed or []
        self.current_version = current_version
        super().__init__(message + _in_words(self.changed))


def read_version(raw) -> int | None:
    """The version a form or If-Match header sent: None when absent, else a whole number."""
    if raw is None:
        return None
    text = str(raw).strip().removeprefix("W/").strip('"').strip()
    if text in ("", "*"):
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise ValidationFailed(
            {"version": "De versie is geen geldig nummer; laad de pagina opnieuw."}
        )
    return int(text)


def claim(
    session: Session,
    row,
    expected: int | None = None,
    *,
    by=None,
    now: datetime | None = None,
    access: str | None = None,
) -> None:
    """Take `row` for this change: its version must still be the one read (and `expected`,
    the one the actor saw, when given); StaleVersion otherwise, saying what changed since
    as far as `access` may read it. `by` made the change (None: the system) at `now`."""
    expect(session, row, expected, access)
    seen = row.version
    if not claim_state(session, row, type(row).version == seen, version=seen + 1):
        _refuse(session, row, seen, access)
    _record(session, row, by, now or clock.now())


def claim_state(session: Session, row, condition, **values) -> bool:
    """One conditional UPDATE sets `values` on `row` only while `condition` (the state the
    change was decided on: its version, or for a row without one e.g.
    `Model.ended_on.is_(None)`) still holds. False when a parallel change moved it first;
    then nothing changed and the caller refuses (409)."""
    model = type(row)
    result = session.execute(
        update(model)
        .where(model.id == row.id, condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    for name, value in values.items():
        if name == "version":  # bookkeeping, not a change anyone follows
            set_committed_value(row, name, value)
        else:
            # Set as a change of the object too, so flush listeners see it (the live
            # `case_updated` of cases/live.py, the fields of a VersionChange); the flush
            # writes the same values again under the row lock this UPDATE already holds.
            setattr(row, name, value)
    return True


def expect(session: Session, row, expected: int | None, access: str | None = None) -> None:
    """Refuse at once when the actor saw another version than the row has (If-Match)."""
    if expected is not None and expected != row.version:
        _refuse(session, row, expected, access)


def _record(session: Session, row, by, now: datetime) -> None:
    table = row.__tablename__
    change = VersionChange(
        row_table=table, row_id=row.id, version=row.version, by_id=by.id if by else None, at=now
    )
    session.add(change)
    snapshot = {name: getattr(row, name) for name in LABELS.get(table, {})}
    session.info.setdefault(PENDING, []).append((row, snapshot, change))


@event.listens_for(Session, "before_flush")
def _name_the_fields(session: Session, _context, _instances) -> None:
    """Each claimed row's changed fields so far, onto its VersionChange."""
    for row, snapshot, change in session.info.get(PENDING, ()):
        names = [n for n, old in snapshot.items() if getattr(row, n) != old]
        change.fields = ",".join(names)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING, None)


def _refuse(session: Session, row, since: int, access: str | None):
    model = type(row)
    current = session.scalar(select(model.version).where(model.id == row.id))
    raise StaleVersion(changed=changes_since(session, row, since, access), current_version=current)


def changes_since(session: Session, row, version: int, access: str | None) -> list[dict]:
    """What changed on `row` after `version`, field by field, as far as `access` may read:
    meeting access learns the organisation, not the person, and a case's phase only."""
    table = row.__tablename__
    found = session.scalars(
        select(VersionChange)
        .where(
            VersionChange.row_table == table,
            VersionChange.row_id == row.id,
            VersionChange.version > version,
        )
        .order_by(VersionChange.version)
    ).all()
    labels = LABELS.get(table, {})
    readable = MEETING_FIELDS.get(table) if access == "meeting" else None
    out = []
    for change in found:
        named = [(n, labels[n]) for n in change.fields.split(",") if n in labels]
        for field, label in named or [OTHER.get(table, OTHER_DEFAULT)]:
            if readable is None or field in readable:
                out.append(_entry(change, field, label, access))
    return out


def _entry(change: VersionChange, field: str, label: str, access: str | None) -> dict:
    user = change.by
    return {
        "field": field,
        "label": label,
        "by": {
            "name": user.name if user is not None and access != "meeting" else None,
            "organisation": user.organisation.name if user is not None else None,
        },
        "at": change.at.isoformat(),
    }


def _in_words(changed: list[dict[str, Any]]) -> str:
    """' Sinds uw versie gewijzigd: fase, termijn (door …, op …).' or nothing; the fields
    of one change share who and when."""
    groups: dict[tuple, list[str]] = {}
    for c in changed:
        key = (c["by"]["name"], c["by"]["organisation"], c["at"])
        groups.setdefault(key, []).append(c["label"])
    parts = []
    for (name, org, at), labels in groups.items():
        who = f"{name} ({org})" if name and org else (name or org or "het systeem")
        when = clock.local(datetime.fromisoformat(at)).strftime("%d-%m-%Y %H:%M")
        parts.append(f"{', '.join(dict.fromkeys(labels))} (door {who}, op {when})")
    return " Sinds uw versie gewijzigd: " + "; ".join(parts) + "." if parts else ""
