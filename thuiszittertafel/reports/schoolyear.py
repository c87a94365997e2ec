"""The school year: 1 August to 31 July, written "2025-2026"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from .. import clock
from ..core.errors import ValidationFailed
from ..core.inputs import Input

_PATTERN = re.compile(r"([0-9]{4})-([0-9]{4})")  # ASCII digits only
FIRST_YEAR = 2000


@dataclass(frozen=True)
class SchoolYear:
    first: int

    @classmethod
    def of(cls, day: date) -> SchoolYear:
        """The school year a day falls in."""
        return cls(day.year if day.month >= 8 else day.year - 1)

    @classmethod
    def parse(cls, value: str | None, today: date) -> SchoolYear:
        """'2025-2026' → SchoolYear(2025); empty → the current one; else a Dutch 400."""
        current = cls.of(today)
        if value is None or not value.strip():
            return current
        match = _PATTERN.fullmatch(value.strip())
        if not match or int(match[2]) != int(match[1]) + 1:
            raise ValidationFailed(
                {
                    "school_year": "Geef het schooljaar als twee opeenvolgende"
                    " jaren, bijvoorbeeld 2025-2026."
                }
            )
        year = cls(int(match[1]))
        if year.first < FIRST_YEAR or year.first > current.first:
            raise ValidationFailed(
                {
                    "school_year": f"Kies een schooljaar van {FIRST_YEAR}-"
                    f"{FIRST_YEAR + 1} tot en met"
                    f" {current.label}."
                }
            )
        return year

    @property
    def label(self) -> str:
        return f"{self.first}-{self.first + 1}"

    @property
    def start(self) -> date:
        return date(self.first, 8, 1)

    @property
    def end(self) -> date:
        return date(self.first + 1, 7, 31)

    def reference_date(self, today: date) -> date:
        """The peildatum: the year's last day, or today while the year runs."""
        return min(self.end, today)

    def instants(self) -> tuple[datetime, datetime]:
        """Local midnight of 1 August and of the next 1 August, as aware datetimes."""
        start = datetime.combine(self.start, time(0), clock.LOCAL_TZ)
        end = datetime.combine(date(self.first + 1, 8, 1), time(0), clock.LOCAL_TZ)
        return start, end

    def month_starts(self) -> list[date]:
        return [date(self.first + (m < 8), m, 1) for m in (*range(8, 13), *range(1, 8))]


def recent_years(today: date, count: int = 6) -> list[SchoolYear]:
    """The current school year and the ones before it, newest first."""
    current = SchoolYear.of(today).first
    return [SchoolYear(y) for y in range(current, max(FIRST_YEAR, current - count + 1) - 1, -1)]


def peildatum_in(i: Input, year: SchoolYear, today: date) -> date:
    """`peildatum` read by `i` (errors collected there): a day of the school year, not in
    the future; absent: the year's end, or today while the year runs."""
    peildatum = i.day("peildatum", "de peildatum")
    if peildatum is None:
        return year.reference_date(today)
    if not year.start <= peildatum <= year.end:
        i.fail(
            "peildatum",
            f"De peildatum ligt in het schooljaar {year.label}: van"
            f" {year.start:%d-%m-%Y} tot en met {year.end:%d-%m-%Y}.",
        )
    elif peildatum > today:
        i.fail("peildatum", "De peildatum ligt in de toekomst.")
    return peildatum
