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


def parse(text: str, source: str = "<model>") -> EscalationModel:
    """Parse and validate a model; errors name the source, the line or phase and the field."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{source}: ongeldige TOML: {exc}") from exc
    raw_phases = data.get("phases")
    if not isinstance(raw_phases, list) or not raw_phases:
        raise ModelError(f"{source}: geen [[phases]] gevonden")
    phases = []
    for i, raw in enumerate(raw_phases, start=1):
        where = f"{source}: fase {i}"
        for key in ("number", "name", "regie", "max_weeks"):
            if key not in raw:
                raise ModelError(f"{where}: veld '{key}' ontbreekt")
        if raw["number"] != i:
            raise ModelError(f"{where}: 'number' moet {i} zijn (fasen oplopend vanaf 1)")
        if raw["regie"] not in _KINDS:
            raise ModelError(f"{where}: 'regie' = {raw['regie']!r} is geen soort organisatie")
        if not isinstance(raw["max_weeks"], int) or raw["max_weeks"] < 1:
            raise ModelError(f"{where}: 'max_weeks' moet een geheel getal van 1 of meer zijn")
        phases.append(Phase(
            number=i, name=str(raw["name"]), regie=raw["regie"],
            must_participate=_kinds(raw.get("must_participate", []), where, "must_participate"),
            advised=_kinds(raw.get("advised", []), where, "advised"),
            also_regie=_kinds(raw.get("also_regie", []), where, "also_regie"),
            max_weeks=raw["max_weeks"], informed=raw.get("informed"),
        ))
    return EscalationModel(name=str(data.get("name", "Opschalingsmodel")),
                           phases=tuple(phases), rules=dict(data.get("rules", {})))


@lru_cache(maxsize=8)
def load(path: str | None = None) -> EscalationModel:
    """Load the model in force (the shipped default unless a path is configured)."""
    file = Path(path) if path else DEFAULT_PATH
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(f"{file}: kan het opschalingsmodel niet lezen ({exc.strerror})") from exc
    return parse(text, str(file))
