"""The escalation model (opschalingsmodel): phases and rule parameters from a TOML file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..organisations.models import OrgKind

DEFAULT_PATH = Path(__file__).with_name("default.toml")
_KINDS = {k.value for k in OrgKind}
# Case kinds a model may give their own phases (cases/vocabulary.py CASE_KINDS).
CASE_KINDS = ("absoluut", "relatief", "dreigend", "vrijstelling-traject")
# Parties (cirkel 0) own agreements and sit at the table, never regie (DESIGN §4).
PARTIES = ("ouders", "jongere")


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
    parties: tuple[str, ...] = ()  # ouders / jongere at the table in this phase

    @property
    def max_days(self) -> int:
        return self.max_weeks * 7


@dataclass(frozen=True)
class EscalationModel:
    name: str
    phases: tuple[Phase, ...]
    rules: dict = field(default_factory=dict)
    # Per case kind, phases that differ from the general ones (same numbers; DESIGN §6:
    # e.g. `absoluut`: leerplicht leads from phase 1, there is no school).
    by_kind: dict[str, tuple[Phase, ...]] = field(default_factory=dict)

    def phases_for(self, kind: str | None) -> tuple[Phase, ...]:
        return self.by_kind.get(kind or "", self.phases)

    def phase(self, number: int, kind: str | None = None) -> Phase:
        for p in self.phases_for(kind):
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
    "parties",
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
        if raw["number"] != i:
            raise ModelError(f"{where('number')}: 'number' moet {i} zijn (fasen oplopend vanaf 1)")
        phases.append(_phase(raw, Phase(i, "", "school", (), 1), where))
    by_kind = _kind_phases(data.get("kinds", {}), phases, source)
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
        name=str(data.get("name", "Opschalingsmodel")),
        phases=tuple(phases),
        rules=rules,
        by_kind=by_kind,
    )


def _phase(raw: dict, base: Phase, where) -> Phase:
    """One phase from its TOML table: every field given replaces the one of `base`."""
    unknown = sorted(set(raw) - PHASE_FIELDS)
    if unknown:
        raise ModelError(
            f"{where(unknown[0])}: onbekend veld '{unknown[0]}'; mogelijk:"
            f" {', '.join(sorted(PHASE_FIELDS))}"
        )
    if "regie" in raw and raw["regie"] in PARTIES:
        raise ModelError(
            f"{where('regie')}: 'regie' = {raw['regie']!r}: ouders en jongere zijn partij"
            " (cirkel 0), nooit regie; noem ze onder 'parties'"
        )
    if "regie" in raw and raw["regie"] not in _KINDS:
        raise ModelError(f"{where('regie')}: 'regie' = {raw['regie']!r} is geen soort organisatie")
    weeks = raw.get("max_weeks", base.max_weeks)
    if not isinstance(weeks, int) or isinstance(weeks, bool) or weeks < 1:
        raise ModelError(
            f"{where('max_weeks')}: 'max_weeks' moet een geheel getal van 1 of meer zijn"
        )
    parties = raw.get("parties", list(base.parties))
    if not isinstance(parties, list) or any(p not in PARTIES for p in parties):
        raise ModelError(f"{where('parties')}: 'parties' kent alleen {', '.join(PARTIES)}")
    fields: dict = {"max_weeks": weeks, "parties": tuple(parties)}
    if "name" in raw:
        fields["name"] = str(raw["name"])
    if "regie" in raw:
        fields["regie"] = raw["regie"]
    for key in ("must_participate", "advised", "also_regie"):
        if key in raw:
            fields[key] = _kinds(raw[key], where(key), key)
    if "informed" in raw:
        fields["informed"] = raw["informed"]
    return replace(base, **fields)


def _kind_phases(raw_kinds, phases: list[Phase], source: str) -> dict[str, tuple[Phase, ...]]:
    """[kinds.<soort>] tables: per case kind the phases that differ, by number; fields not
    given are the general phase's."""
    if not isinstance(raw_kinds, dict):
        raise ModelError(f"{source}: [kinds] moet een tabel zijn")
    by_kind = {}
    for kind, table in raw_kinds.items():
        where_kind = f"{source}: kinds.{kind}"
        if kind not in CASE_KINDS:
            raise ModelError(
                f"{where_kind}: onbekende soort casus; kies uit {', '.join(CASE_KINDS)}"
            )
        overrides = table.get("phases") if isinstance(table, dict) else None
        if not isinstance(overrides, list) or set(table) != {"phases"}:
            raise ModelError(f"{where_kind}: verwacht alleen [[kinds.{kind}.phases]]")
        own = list(phases)
        for raw in overrides:
            number = raw.get("number")
            if not isinstance(number, int) or not 1 <= number <= len(phases):
                raise ModelError(
                    f"{where_kind}: 'number' moet een bestaande fase zijn (1 tot en met"
                    f" {len(phases)})"
                )

            def where(key: str | None, number=number, at=where_kind) -> str:
                return f"{at}, fase {number}" + (f", veld '{key}'" if key else "")

            own[number - 1] = _phase(raw, own[number - 1], where)
        by_kind[kind] = tuple(own)
    return by_kind


@lru_cache(maxsize=8)
def load(path: str | None = None) -> EscalationModel:
    """Load the model in force (the shipped default unless a path is configured)."""
    file = Path(path) if path else DEFAULT_PATH
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(f"{file}: kan het opschalingsmodel niet lezen ({exc.strerror})") from exc
    return parse(text, str(file))
