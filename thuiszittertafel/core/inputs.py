"""Typed reading of user input (forms and JSON alike), collecting Dutch error messages."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from .errors import ValidationFailed

MAX_ID = 2**31 - 1  # PostgreSQL integer; anything larger is no id of ours
CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
# The years a date in a case's history may fall in (agreements' terms, blockers, leerplicht
# records): a typo like 01-01-0001 or 9999-12-31 is refused, not stored.
CASE_YEARS = (2000, 2100)


def is_small_number(value: str) -> bool:
    """ASCII digits only ('²'.isdigit() is True too) and small enough for an integer column."""
    return value.isascii() and value.isdigit() and len(value) <= 10 and int(value) <= MAX_ID


def has_control_characters(value: str) -> bool:
    """NUL and other control characters (tab and newlines are fine; PostgreSQL refuses NUL),
    and lone surrogates, which no database can store as UTF-8."""
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class Input:
    """Read fields from a mapping; errors collect per field, `done()` raises them at once."""

    def __init__(self, data: Mapping[str, Any] | None):
        if data is not None and not isinstance(data, Mapping):
            raise ValidationFailed({"": "Verwacht een object met velden."})
        self.data = data or {}
        self.errors: dict[str, str] = {}

    def _raw(self, name: str) -> Any:
        value = self.data.get(name)
        return value.strip() if isinstance(value, str) else value

    def present(self, name: str) -> bool:
        return name in self.data

    def text(
        self, name: str, label: str, *, required: bool = False, max_length: int = 200
    ) -> str | None:
        value = self._raw(name)
        if value in (None, ""):
            if required:
                self.errors[name] = f"Vul {label} in."
            return None
        if not isinstance(value, str):
            self.errors[name] = f"{label.capitalize()} moet tekst zijn."
            return None
        if len(value) > max_length:
            self.errors[name] = f"{label.capitalize()} mag hoogstens {max_length} tekens hebben."
            return None
        if has_control_characters(value):
            self.errors[name] = f"{label.capitalize()} bevat ongeldige tekens."
            return None
        return value

    def integer(self, name: str, label: str, *, required: bool = False) -> int | None:
        value = self._raw(name)
        if value in (None, ""):
            if required:
                self.errors[name] = f"Kies {label}."
            return None
        if isinstance(value, bool):
            value = None
        elif isinstance(value, str) and is_small_number(value):
            value = int(value)
        if not isinstance(value, int) or value < 0 or value > MAX_ID:
            self.errors[name] = f"{label.capitalize()} is geen geldig nummer."
            return None
        return value

    def day(
        self, name: str, label: str, *, required: bool = False, years: tuple[int, int] | None = None
    ) -> date | None:
        """A date (dd-mm-jjjj or ISO); `years`: the first and last year allowed."""
        value = self._raw(name)
        if value in (None, ""):
            if required:
                self.errors[name] = f"Vul {label} in (dd-mm-jjjj)."
            return None
        parsed = _parse_day(value)
        if parsed is None:
            self.errors[name] = f"{label.capitalize()} is geen geldige datum; gebruik dd-mm-jjjj."
        elif years is not None and not years[0] <= parsed.year <= years[1]:
            self.errors[name] = out_of_range(label, years)
            return None
        return parsed

    def choice(
        self,
        name: str,
        label: str,
        choices: Mapping[str, str] | list[str],
        *,
        required: bool = False,
    ) -> str | None:
        value = self._raw(name)
        if value in (None, ""):
            if required:
                self.errors[name] = f"Kies {label}."
            return None
        if not isinstance(value, str) or value not in choices:
            options = ", ".join(choices)
            self.errors[name] = f"Onbekende waarde voor {label}; kies uit: {options}."
            return None
        return value

    def flag(self, name: str) -> bool:
        value = self._raw(name)
        return value is True or (
            isinstance(value, str) and value.lower() in ("true", "1", "on", "ja")
        )

    def boolean(self, name: str, label: str) -> bool:
        """A yes/no field: JSON true/false, or a form's "true"/"1"/"on"/"ja" (absent: no)."""
        value = self._raw(name)
        if value in (None, "") or isinstance(value, bool):
            return bool(value)
        if isinstance(value, str) and value.lower() in ("true", "1", "on", "ja"):
            return True
        if isinstance(value, str) and value.lower() in ("false", "0", "off", "nee"):
            return False
        self.errors[name] = f"{label.capitalize()} moet ja of nee (true of false) zijn."
        return False

    def client_id(self, *, generate: bool = False) -> str | None:
        """The client-chosen idempotency key `client_id` (letters, digits, - _ . :), or a
        new one when absent and `generate`; None (and an error) when it is malformed."""
        value = self.text("client_id", "de client-id", max_length=64)
        if value is None:
            return uuid.uuid4().hex if generate and "client_id" not in self.errors else None
        if not CLIENT_ID.match(value):
            self.fail("client_id", "De client-id mag alleen letters, cijfers en - _ . : bevatten.")
            return None
        return value

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def done(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def out_of_range(label: str, years: tuple[int, int]) -> str:
    return f"{label.capitalize()} ligt buiten het bereik {years[0]}-{years[1]}."


def _parse_day(value) -> date | None:
    if isinstance(value, str):
        for parse in (date.fromisoformat, _dutch_date):
            try:
                return parse(value)
            except ValueError:
                continue
    return None


def _dutch_date(value: str) -> date:
    day, month, year = value.replace("/", "-").split("-")
    if len(year) != 4:
        raise ValueError(value)
    return date(int(year), int(month), int(day))
