"""The one clock. Domain code asks it for the time; tests freeze or move it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

LOCAL_TZ: tzinfo = ZoneInfo("Europe/Amsterdam")
_frozen: datetime | None = None
# The demo's moved clock (`thuiszittertafel demo --clock +3w`): the real time plus this.
_shift = timedelta(0)


def set_timezone(name: str) -> None:
    global LOCAL_TZ
    LOCAL_TZ = ZoneInfo(name)


def now() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return _frozen if _frozen is not None else datetime.now(UTC) + _shift


def today() -> date:
    """Return today's date in the region's time zone (Europe/Amsterdam)."""
    return now().astimezone(LOCAL_TZ).date()


def freeze(at: datetime | None) -> None:
    """Pin the clock at `at` (aware); None releases it."""
    global _frozen
    if at is not None and at.tzinfo is None:
        raise ValueError("freeze() needs an aware datetime")
    _frozen = at.astimezone(UTC) if at is not None else None


def local(dt: datetime) -> datetime:
    return dt.astimezone(LOCAL_TZ)


def shift(by: timedelta) -> None:
    """Run the real clock `by` ahead (the demo only; a frozen clock stays where it is)."""
    global _shift
    _shift = by


def shifted_by() -> timedelta:
    return _shift
