"""The demo's moved clock: `thuiszittertafel demo --clock +3w` (or THUISZITTERTAFEL_DEMO_CLOCK)
runs the web process and its escalation engine days or weeks ahead, so a trial can show a
term passing. Only with the demo's own SQLite database: never on real data.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import Engine, func, inspect, select

from ..auth.models import User
from ..extensions import make_engine
from ..organisations.models import Organisation

ENV = "THUISZITTERTAFEL_DEMO_CLOCK"
DEMO_MAIL = "@demo.thuiszittertafel.test"  # the demo accounts' addresses (seed.py)
MAX_DAYS = 366
_SHIFT = re.compile(r"^\+?\s*(\d{1,3})\s*([dw])$")
_UNITS = {"d": 1, "w": 7}


class Refused(Exception):
    """The clock may not move: the message says why (in Dutch); nothing was changed."""


def requested(value: str | None, database_url: str) -> timedelta | None:
    """How far the demo's clock moves ahead (None: not at all), checked before the demo
    migrates or seeds anything; Refused for bad input or a database that is not the demo's."""
    if not value or not value.strip():
        return None
    try:
        shift = parse(value)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    reason = refusal(database_url)
    if reason:
        raise Refused(reason)
    engine = make_engine(database_url)
    try:
        if not may_shift(engine):
            raise Refused(NOT_A_DEMO)
    finally:
        engine.dispose()
    return shift


def parse(text: str) -> timedelta:
    """'+3w', '10d', '+1 w' → how far ahead; a ValueError with a Dutch message otherwise."""
    match = _SHIFT.match(text.strip().lower())
    days = int(match[1]) * _UNITS[match[2]] if match else None
    if days is None:
        raise ValueError(
            f"De demo-klok gaat een aantal dagen of weken vooruit, bijvoorbeeld +3w of"
            f" +10d; '{text.strip()[:20]}' begrijp ik niet (alleen d voor dagen en w voor"
            " weken)."
        )
    if not 0 < days <= MAX_DAYS:
        raise ValueError(f"De demo-klok gaat 1 tot {MAX_DAYS} dagen vooruit.")
    return timedelta(days=days)


def refusal(database_url: str) -> str | None:
    """Why the clock may not move with this database (before anything touches it)."""
    if not database_url.startswith("sqlite"):
        scheme = database_url.split(":", 1)[0]
        return (
            "De demo-klok (--clock of THUISZITTERTAFEL_DEMO_CLOCK) werkt alleen met de eigen"
            f" SQLite-database van de demo, niet met een echte database ({scheme}). Er is"
            " niets gewijzigd."
        )
    return None


def may_shift(engine: Engine) -> bool:
    """Empty (the demo is about to seed it) or holding the demo region (its accounts), not
    an installation's data; asked before the demo migrates or seeds anything."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if not {"organisations", "users"} <= tables:
            return not tables - {"alembic_version"}
        if conn.scalar(select(Organisation.id).limit(1)) is None:
            return True
        demo = conn.scalar(
            select(func.count()).select_from(User).where(User.email.like(f"%{DEMO_MAIL}"))
        )
    return bool(demo)


NOT_A_DEMO = (
    "De demo-klok (--clock of THUISZITTERTAFEL_DEMO_CLOCK) werkt alleen met de eigen"
    " database van de demo; deze SQLite-database bevat geen demoregio. Er is niets gewijzigd."
)
