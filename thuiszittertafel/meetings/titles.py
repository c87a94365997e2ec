"""A meeting's title carries its date ("Thuiszitterstafel Rivierenland — di 8 december
2026"), so the meetings of a series can be told apart in every list."""

from __future__ import annotations

from datetime import datetime

from .. import clock
from ..core.dates import nl_date

WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
SEPARATOR = " — "


def day_label(moment: datetime) -> str:
    """'di 8 december 2026' for a moment, in Dutch local time."""
    day = clock.local(moment).date()
    return f"{WEEKDAYS[day.weekday()]} {nl_date(day)}"


def with_date(title: str, moment: datetime) -> str:
    """The title with the date of `moment` after it, unless it carries that date already."""
    label = day_label(moment)
    return title if label in title else f"{title}{SEPARATOR}{label}"
