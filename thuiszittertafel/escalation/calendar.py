"""The school calendar: which days count as school days, per region (noord, midden, zuid).

School-day terms pause on weekends, the official regional holiday weeks and the national
public holidays. Beyond the shipped calendar only weekends (and public holidays) pause them
(DESIGN §8), and the model page warns that the school year is missing.
"""

from __future__ import annotations

import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from ..organisations.models import SCHOOL_REGIONS

DATA_PATH = Path(__file__).with_name("schoolvakanties.toml")
HOLIDAY_NAMES = (
    "herfstvakantie",
    "kerstvakantie",
    "voorjaarsvakantie",
    "meivakantie",
    "zomervakantie",
)
# Day numbers precomputed for these years; outside them the arithmetic walks day by day.
_FIRST_YEAR, _LAST_YEAR = 2015, 2045


class CalendarError(ValueError):
    """The holiday file is invalid; the message names the school year and the field."""


def school_year_of(day: date) -> str:
    """'2026-2027' for any day from 1 August 2026 up to and including 31 July 2027."""
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"


def easter(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month = (h + leap - 7 * m + 114) // 31
    day = (h + leap - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def public_holidays(year: int) -> dict[date, str]:
    """National public holidays on which schools are closed."""
    e = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # on a Sunday it moves to Saturday the 26th
        kings_day = date(year, 4, 26)
    days = {
        date(year, 1, 1): "Nieuwjaarsdag",
        e + timedelta(days=1): "Tweede paasdag",
        kings_day: "Koningsdag",
        e + timedelta(days=39): "Hemelvaartsdag",
        e + timedelta(days=50): "Tweede pinksterdag",
        date(year, 12, 25): "Eerste kerstdag",
        date(year, 12, 26): "Tweede kerstdag",
    }
    if year % 5 == 0:
        days[date(year, 5, 5)] = "Bevrijdingsdag (lustrumjaar)"
    return days


# Internal: the same dict per year for the day-by-day walks (callers get their own copy).
_public_holidays = lru_cache(maxsize=64)(public_holidays)


@dataclass(frozen=True)
class SchoolYear:
    year: str
    status: str  # "definitief" or "indicatief"
    holidays: dict[str, dict[str, tuple[date, date]]]  # name -> region -> (first, last)


@dataclass
class SchoolCalendar:
    source: str
    years: dict[str, SchoolYear]
    _school_days: dict[str, list[int]] = field(default_factory=dict, repr=False)

    # --- what the calendar covers ----------------------------------------------------

    def covers(self, day: date) -> bool:
        return school_year_of(day) in self.years

    def missing_years(self, today: date, ahead: int = 1) -> list[str]:
        """This school year and the next `ahead` ones that the data file lacks."""
        start = int(school_year_of(today)[:4])
        wanted = [f"{y}-{y + 1}" for y in range(start, start + ahead + 1)]
        return [y for y in wanted if y not in self.years]

    # --- single days -----------------------------------------------------------------

    def holiday_name(self, day: date, region: str) -> str | None:
        """Why a weekday is no school day (a holiday week or a public holiday), or None."""
        name = _public_holidays(day.year).get(day)
        if name:
            return name
        # The summer holiday runs on into August (the next school year), so the previous
        # school year's holidays are checked too.
        start = int(school_year_of(day)[:4])
        for year in (f"{start}-{start + 1}", f"{start - 1}-{start}"):
            sy = self.years.get(year)
            if sy is None:
                continue
            for holiday, regions in sy.holidays.items():
                first, last = regions[region]
                if first <= day <= last:
                    return holiday
        return None

    def is_school_day(self, day: date, region: str) -> bool:
        return day.weekday() < 5 and self.holiday_name(day, region) is None

    # --- arithmetic ------------------------------------------------------------------

    def _days(self, region: str) -> list[int]:
        days = self._school_days.get(region)
        if days is None:
            first, last = date(_FIRST_YEAR, 1, 1), date(_LAST_YEAR, 12, 31)
            days = [
                d
                for d in range(first.toordinal(), last.toordinal() + 1)
                if self.is_school_day(date.fromordinal(d), region)
            ]
            self._school_days[region] = days
        return days

    def shift(self, day: date, n: int, region: str) -> date:
        """The day `n` school days after `day` (before it when n < 0).

        From a day that is itself no school day, counting starts at the next (or previous)
        school day: 2 school days before a Monday is the Thursday before.
        """
        if n == 0:
            return day
        days = self._days(region)
        o = day.toordinal()
        if days[0] <= o <= days[-1]:
            idx = bisect_right(days, o) + n - 1 if n > 0 else bisect_left(days, o) + n
            if 0 <= idx < len(days):
                return date.fromordinal(days[idx])
        step = 1 if n > 0 else -1
        remaining = abs(n)
        while remaining:
            day += timedelta(days=step)
            if self.is_school_day(day, region):
                remaining -= 1
        return day

    def school_days_between(self, start: date, end: date, region: str) -> int:
        """School days after `start` up to and including `end`."""
        days = self._days(region)
        return bisect_right(days, end.toordinal()) - bisect_right(days, start.toordinal())


def shift_moment(
    moment: datetime,
    n: int,
    *,
    school_days: bool,
    region: str,
    calendar: SchoolCalendar,
    tz: ZoneInfo,
) -> datetime:
    """`moment` moved by n (school) days, keeping its local wall-clock time.

    Arithmetic is on local dates and the wall time is re-attached in the region's zone, so
    a term across a daylight-saving change keeps its hour (09:00 stays 09:00).
    """
    local = moment.astimezone(tz)
    day = local.date()
    target = calendar.shift(day, n, region) if school_days else day + timedelta(days=n)
    return _at(target, local.time().replace(tzinfo=None), tz)


def _at(day: date, wall: time, tz: ZoneInfo) -> datetime:
    # fold=0: an ambiguous wall time (the repeated hour in October) means its first occurrence.
    return datetime.combine(day, wall).replace(tzinfo=tz)


def parse(text: str, source: str = "<schoolvakanties>") -> SchoolCalendar:
    """Parse and validate the holiday file; errors name the school year and the field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CalendarError(f"{source}: ongeldige TOML: {exc}") from exc
    years: dict[str, SchoolYear] = {}
    for raw in data.get("school_years", []):
        name = raw.get("year", "?")
        where = f"{source}: schooljaar {name}"
        if raw.get("status") not in ("definitief", "indicatief"):
            raise CalendarError(f"{where}: 'status' moet 'definitief' of 'indicatief' zijn")
        start = int(name[:4]) if name[:4].isdigit() else None
        if start is None or name != f"{start}-{start + 1}":
            raise CalendarError(f"{where}: 'year' moet de vorm 2026-2027 hebben")
        holidays = {}
        for holiday in HOLIDAY_NAMES:
            regions = raw.get(holiday)
            if not isinstance(regions, dict):
                raise CalendarError(f"{where}: '{holiday}' ontbreekt")
            holidays[holiday] = {}
            for region in SCHOOL_REGIONS:
                span = regions.get(region)
                try:
                    first, last = (date.fromisoformat(s) for s in span)
                except (TypeError, ValueError):
                    raise CalendarError(
                        f"{where}: '{holiday}.{region}' moet twee datums [eerste, laatste] hebben"
                    ) from None
                if last < first or school_year_of(first) != name:
                    raise CalendarError(
                        f"{where}: '{holiday}.{region}' valt niet binnen het"
                        " schooljaar of eindigt vóór het begint"
                    )
                holidays[holiday][region] = (first, last)
        years[name] = SchoolYear(year=name, status=raw["status"], holidays=holidays)
    return SchoolCalendar(source=str(data.get("source", "")), years=years)


@lru_cache(maxsize=4)
def load(path: str | None = None) -> SchoolCalendar:
    """The shipped school calendar (cached; immutable at run time)."""
    file = Path(path) if path else DATA_PATH
    return parse(file.read_text(encoding="utf-8"), str(file))
