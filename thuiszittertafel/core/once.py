"""Idempotent inserts: a row carrying a client-chosen key is stored once, however often (or
however concurrently) the same request arrives."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

T = TypeVar("T")


def add_once(session: Session, row: T, stored: Callable[[], T | None]) -> tuple[T, bool]:
    """Add `row` in a savepoint. If a concurrent request with the same key won the race (the
    unique constraint fires), return what `stored()` finds instead: (row, created). A
    `stored()` of None means the conflict was something else, and it is raised."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raced = stored()
        if raced is None:
            raise
        return raced, False
    return row, True
