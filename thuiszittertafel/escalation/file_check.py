"""What functioneel beheer checks before and after changing the region's files: the
configured opschalingsmodel read afresh from disk (the cached copy in force may be older),
and which school years the school calendar covers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import calendar
from .model import DEFAULT_PATH, EscalationModel, ModelError, parse


@dataclass(frozen=True)
class ModelCheck:
    path: str
    shipped: bool  # the default that comes with the application
    model: EscalationModel | None
    error: str | None


def check_model(path: str | None) -> ModelCheck:
    """Validate the model file as the loader does at start, without its cache."""
    file = Path(path) if path else DEFAULT_PATH
    try:
        model = parse(file.read_text(encoding="utf-8"), str(file))
    except OSError as exc:
        return ModelCheck(
            str(file), not path, None, f"{file}: kan het bestand niet lezen ({exc.strerror})."
        )
    except ModelError as exc:
        return ModelCheck(str(file), not path, None, str(exc))
    return ModelCheck(str(file), not path, model, None)


@dataclass(frozen=True)
class CalendarCheck:
    source: str
    years: list[tuple[str, str]]  # (school year, definitief / indicatief)
    missing: list[str]  # this school year or the next, not in the file
    error: str | None


def check_calendar(today: date, path: str | None = None) -> CalendarCheck:
    """The school years loaded and the ones missing (this one and the next)."""
    file = Path(path) if path else calendar.DATA_PATH
    try:
        cal = calendar.parse(file.read_text(encoding="utf-8"), str(file))
    except (OSError, calendar.CalendarError) as exc:
        return CalendarCheck(str(file), [], [], str(exc))
    years = [(name, sy.status) for name, sy in sorted(cal.years.items())]
    return CalendarCheck(cal.source, years, cal.missing_years(today), None)
