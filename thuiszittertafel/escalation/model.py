"""The escalation model (opschalingsmodel): phases and rule parameters from a TOML file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..organisations.models import OrgKind

DEFAULT_PATH = Path(__file__).with_name("default.toml")
_KINDS = {k.value for k in OrgKind}


class ModelError(ValueError):
    """The model file is invalid; the message names the file, the phase and the field."""


@dataclass(frozen=True)
class Phase:
    number: int
    name: str
    regie: str
    must_participate: tuple[str, ...]
    max_weeks: int
    advised: tuple[str, ...] = ()
    also_regie: tuple[str, ...] = ()
    informed: str | None = None

    @property
    def max_days(self) -> int:
        return self.max_weeks * 7


@dataclass(frozen=True)
class EscalationModel:
    name: str
    phases: tuple[Phase, ...]
    rules: dict = field(default_factory=dict)

    def phase(self, number: int) -> Phase:
        for p in self.phases:
            if p.number == number:
                return p
        raise KeyError(number)

    @property
    def phase_numbers(self) -> list[int]:
        return [p.number for p in self.phases]


def _kinds(value, where: str, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ModelError(f"{where}: '{name}' moet een lijst van soorten organisatie zijn")
    unknown = [v for v in value if v not in _KINDS]
    if unknown:
        raise ModelError(f"{where}: '{name}' kent {unknown} niet; kies uit {sorted(_KINDS)}")
    return tuple(value)


RULE_DEFAULTS = {
    "reminder_school_days": 2,  # herinnering N schooldagen vóór de termijn
    "overdue_grace_school_days": 5,  # opschaling G schooldagen na de termijn
    "four_weeks_days": 28,
    "three_months_days": 91,
    "reduced_timetable_reminder_days": 7,  # bericht N dagen vóór het einde van een verkort rooster
    "exemption_reminder_days": 42,  # bericht N dagen vóór het einde van een vrijstelling
}
PHASE_FIELDS = {
    "number",
    "name",
    "regie",
    "must_participate",
    "advised",
    "also_regie",
    "max_weeks",
    "informed",
}


def _line(text: str, phase: int | None, key: str | None) -> int | None:
    """The line (1-based) of `key` in the n-th [[phases]] block, or in [rules] / the top."""
    lines = text.splitlines()
    start, end = 0, len(lines)
    if phase is not None:
        headers = [n for n, line in enumerate(lines) if line.strip() == "[[phases]]"]
        if phase - 1 >= len(headers):
            return None
        start = headers[phase - 1]
        later = [n for n, line in enumerate(lines) if n > start and line.strip().startswith("[")]
        end = later[0] if later else len(lines)
        if key is None:
            return start + 1
    elif key is not None and key in RULE_DEFAULTS:
        headers = [n for n, line in enumerate(lines) if line.strip() == "[rules]"]
        start = headers[0] if headers else 0
    for n in range(start, end):
        if key is not None and lines[n].split("=")[0].strip() == key:
            return n + 1
    return start + 1 if phase is not None else None


def _where(source: str, text: str, phase: int | None, key: str | None) -> str:
    line = _line(text, phase, key)
    place = f"{source}, regel {line}" if line else source
    return f"{place}: fase {phase}" if phase is not None else place


def parse(text: str, source: str = "<model>") -> EscalationModel:
    """Parse and validate a model; errors name the source, the line, the phase and the field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{source}: ongeldige TOML: {exc}") from exc
    raw_phases = data.get("phases")
    if not isinstance(raw_phases, list) or not raw_phases:
        raise ModelError(f"{source}: geen [[phases]] gevonden")
    phases = []
    for i, raw in enumerate(raw_phases, start=1):

        def where(key: str | None, i=i) -> str:
            return _where(source, text, i, key)

        for key in ("number", "name", "regie", "max_weeks"):
            if key not in raw:
                raise ModelError(f"{where(None)}: veld '{key}' ontbreekt")
        unknown = sorted(set(raw) - PHASE_FIELDS)
        if unknown:
            raise ModelError(
                f"{where(unknown[0])}: onbekend veld '{unknown[0]}'; mogelijk:"
                f" {', '.join(sorted(PHASE_FIELDS))}"
            )
        if raw["number"] != i:
            raise ModelError(f"{where('number')}: 'number' moet {i} zijn (fasen oplopend vanaf 1)")
        if raw["regie"] not in _KINDS:
            raise ModelError(
                f"{where('regie')}: 'regie' = {raw['regie']!r} is geen soort organisatie"
            )
        if (
            not isinstance(raw["max_weeks"], int)
            or isinstance(raw["max_weeks"], bool)
            or raw["max_weeks"] < 1
        ):
            raise ModelError(
                f"{where('max_weeks')}: 'max_weeks' moet een geheel getal van 1 of meer zijn"
            )
        phases.append(
            Phase(
                number=i,
                name=str(raw["name"]),
                regie=raw["regie"],
                must_participate=_kinds(
                    raw.get("must_participate", []), where("must_participate"), "must_participate"
                ),
                advised=_kinds(raw.get("advised", []), where("advised"), "advised"),
                also_regie=_kinds(raw.get("also_regie", []), where("also_regie"), "also_regie"),
                max_weeks=raw["max_weeks"],
                informed=raw.get("informed"),
            )
        )
    rules = dict(RULE_DEFAULTS)
    raw_rules = data.get("rules", {})
    if not isinstance(raw_rules, dict):
        raise ModelError(f"{source}: [rules] moet een tabel zijn")
    for key, value in raw_rules.items():
        if key not in RULE_DEFAULTS:
            raise ModelError(
                f"{_where(source, text, None, key)}: onbekende regel '{key}';"
                f" mogelijk: {', '.join(RULE_DEFAULTS)}"
            )
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 400:
            raise ModelError(
                f"{_where(source, text, None, key)}: '{key}' moet een geheel"
                " getal van 0 tot 400 zijn"
            )
        rules[key] = value
    return EscalationModel(
        name=str(data.get("name", "Opschalingsmodel")), phases=tuple(phases), rules=rules
    )


@lru_cache(maxsize=8)
def load(path: str | None = None) -> EscalationModel:
    """Load the model in force (the shipped default unless a path is configured)."""
    file = Path(path) if path else DEFAULT_PATH
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(f"{file}: kan het opschalingsmodel niet lezen ({exc.strerror})") from exc
    return parse(text, str(file))
