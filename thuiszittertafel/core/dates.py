"""Dates and times as Dutch readers expect them ("8 december 2026", "08-12-2026 14:30"),
in the installation's time zone: for pages, meeting titles, mail and exports alike."""

from __future__ import annotations

from datetime import date, datetime

from .. import clock

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def nl_date(value: date | datetime | None, short: bool = False) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = clock.local(value).date()
    if short:
        return value.strftime("%d-%m-%Y")
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def nl_datetime(value: datetime | None) -> str:
    if value is None:
        return "—"
    local = clock.local(value)
    return f"{nl_date(local.date())} {local:%H:%M}"


def nl_time(value: datetime | str | None) -> str:
    """HH:MM in Europe/Amsterdam, from a moment or its ISO text (as the JSON states hold)."""
    if not value:
        return "—"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return f"{clock.local(value):%H:%M}"
