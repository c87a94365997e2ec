"""Derived pupil facts: initials, age, identity. Leerplicht and kwalificatieplicht are the
law's (cases/law.py)."""

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


def identity(given_name: str, family_name: str, birth_date: date) -> tuple[str, str, date]:
    """Who the child is, for counting children rather than cases: the same name (case and
    accents as written, letter case ignored) and birth date, as the intake's duplicate
    check compares them. Each case keeps its own pupil row."""
    return given_name.casefold(), family_name.casefold(), birth_date
