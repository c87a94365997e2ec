"""Optimistic versions: a change claims the row version it read, or learns it was not first.

Cases and agreements carry `version`. Before a service changes one, `claim` runs one
conditional UPDATE (… SET version = version + 1 WHERE id = ? AND version = ?). On
PostgreSQL that UPDATE takes the row lock until commit, so a parallel change waits, then
matches no row; SQLite's single write lock serialises the same way. Of two changes made on
the same version exactly one wins; the other gets 409 and changes nothing. Rows without a
version (a participation, a consent, a consultation) leave a state the same way with
`claim_state`: the UPDATE holds the state it read in its WHERE.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from .errors import Conflict, ValidationFailed

STALE = (
    "Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet opgeslagen; bekijk de"
    " nieuwe stand en probeer het opnieuw (uw tekst staat nog in het formulier)."
)


class StaleVersion(Conflict):
    """The row changed since the actor read it (409)."""

    code = "gewijzigd"

    def __init__(self, message: str = STALE):
        super().__init__(message)


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


def claim(session: Session, row, expected: int | None = None) -> None:
    """Take `row` for this change: its version must still be the one read (and `expected`,
    the one the actor saw, when given); StaleVersion otherwise."""
    seen = row.version
    if expected is not None and expected != seen:
        raise StaleVersion()
    if not claim_state(session, row, type(row).version == seen, version=seen + 1):
        raise StaleVersion()


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
        set_committed_value(row, name, value)
    return True
