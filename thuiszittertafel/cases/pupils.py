"""Derived pupil facts: age, leerplicht and kwalificatieplicht (DESIGN §4)."""

from __future__ import annotations

from datetime import date


def initials(given_name: str, family_name: str) -> str:
    """Initials of given and family name, skipping tussenvoegsels: 'Maxime van Dijk' → 'M.D.'."""
    words = family_name.split()
    main = next((w for w in reversed(words) if w[:1].isupper()), words[-1] if words else "")
    return "".join(f"{c.upper()}." for c in (given_name[:1], main[:1]) if c)


def age(birth_date: date, on: date) -> int:
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def school_year_end(on: date) -> date:
    """The last day (31 July) of the school year that contains `on`."""
    return date(on.year if on.month < 8 else on.year + 1, 7, 31)


def _birthday(birth_date: date, years: int) -> date:
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:  # 29 February
        return date(birth_date.year + years, 3, 1)


def leerplichtig(birth_date: date, on: date) -> bool:
    """From the first of the month after the 5th birthday to the end of the school year
    in which the child turns 16."""
    fifth = _birthday(birth_date, 5)
    start = date(fifth.year + (fifth.month == 12), fifth.month % 12 + 1, 1)
    return start <= on <= school_year_end(_birthday(birth_date, 16))


def kwalificatieplichtig(birth_date: date, on: date, has_startkwalificatie: bool) -> bool:
    """After leerplicht ends, until the 18th birthday or a startkwalificatie."""
    if has_startkwalificatie or on <= school_year_end(_birthday(birth_date, 16)):
        return False
    return on < _birthday(birth_date, 18)


def identity(given_name: str, family_name: str, birth_date: date) -> tuple[str, str, date]:
    """Who the child is, for counting children rather than cases: the same name (case and
    accents as written, letter case ignored) and birth date, as the intake's duplicate
    check compares them. Each case keeps its own pupil row."""
    return given_name.casefold(), family_name.casefold(), birth_date
