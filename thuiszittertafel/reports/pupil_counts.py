"""Pupil totals per gemeente and school year (the jaarverslag's denominator), kept by
functioneel beheer on a page and by CSV import. Every change is all or nothing: one bad
field or row and nothing is saved, with a Dutch message for each."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.models import Role, User
from ..core.errors import Forbidden, ValidationFailed
from ..organisations.models import Municipality
from .models import PupilCount
from .schoolyear import SchoolYear

PLICHTEN = {"leerplichtig": "leerplichtig", "kwalificatieplichtig": "kwalificatieplichtig"}
CSV_HEADERS = ("gemeente", "schooljaar", "leerplichtig", "kwalificatieplichtig")
MAX_IMPORT_BYTES = 1_000_000
MAX_IMPORT_ROWS = 5_000
MAX_PUPILS = 10_000_000
# "3723" or, as the jaarverslagen write it, "3.723".
_NUMBER = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+|[0-9]+")


def may_maintain(actor: User) -> bool:
    return actor.is_active and actor.has_role(Role.functioneel_beheer)


def require_maintainer(actor: User) -> None:
    if not may_maintain(actor):
        raise Forbidden("Leerlingaantallen beheert functioneel beheer.")


def counts(
    session: Session, years: Iterable[int], municipality_ids=None
) -> dict[tuple[int, int], PupilCount]:
    """{(municipality id, school year's first calendar year): PupilCount}."""
    stmt = select(PupilCount).where(PupilCount.school_year.in_(list(years)))
    if municipality_ids is not None:
        stmt = stmt.where(PupilCount.municipality_id.in_(list(municipality_ids)))
    return {(c.municipality_id, c.school_year): c for c in session.scalars(stmt)}


def municipalities(session: Session) -> list[Municipality]:
    return list(session.scalars(select(Municipality).order_by(Municipality.name)))


def parse_number(value: str | None, label: str) -> tuple[int | None, str | None]:
    """(number, None) or (None, Dutch message); empty is (None, None)."""
    value = (value or "").strip()
    if not value:
        return None, None
    if not _NUMBER.fullmatch(value):
        return None, f"{label} is geen heel getal van 0 of meer (bijvoorbeeld 3723 of 3.723)."
    number = int(value.replace(".", ""))
    if number > MAX_PUPILS:
        return None, f"{label} is te groot."
    return number, None


def _store(session, actor, year: SchoolYear, found: dict, values: dict, now: datetime) -> int:
    """Write {municipality id: (leerplichtig, kwalificatieplichtig) or None (remove)}."""
    changed = 0
    for municipality_id, pair in values.items():
        row = found.get((municipality_id, year.first))
        if pair is None:
            if row is not None:
                session.delete(row)
                changed += 1
            continue
        if row is None:
            row = PupilCount(municipality_id=municipality_id, school_year=year.first)
            session.add(row)
        elif (row.leerplichtig, row.kwalificatieplichtig) == pair:
            continue
        row.leerplichtig, row.kwalificatieplichtig = pair
        row.updated_at, row.updated_by_id = now, actor.id
        changed += 1
    session.flush()
    return changed


def save_year(
    session: Session, actor: User, year: SchoolYear, form: Mapping[str, str], *, now: datetime
) -> int:
    """The page's form: `leerplichtig-<id>` and `kwalificatieplichtig-<id>` per gemeente;
    both empty removes the gemeente's numbers. Returns how many gemeenten changed."""
    require_maintainer(actor)
    values: dict[int, tuple[int, int] | None] = {}
    errors: dict[str, str] = {}
    for m in municipalities(session):
        pair: list[int | None] = []
        for key, label in PLICHTEN.items():
            number, error = parse_number(form.get(f"{key}-{m.id}"), f"{m.name}: {label}")
            if error:
                errors[f"{key}-{m.id}"] = error
            pair.append(number)
        leerplichtig, kwalificatieplichtig = pair
        if leerplichtig is None and kwalificatieplichtig is None:
            values[m.id] = None
        elif leerplichtig is None or kwalificatieplichtig is None:
            # One of the two is missing (or wrong: its own error says so); nothing is saved.
            if not any(f"{k}-{m.id}" in errors for k in PLICHTEN):
                errors[f"leerplichtig-{m.id}"] = (
                    f"{m.name}: vul zowel leerplichtig als kwalificatieplichtig in,"
                    " of laat beide leeg."
                )
        else:
            values[m.id] = (leerplichtig, kwalificatieplichtig)
    if errors:
        raise ValidationFailed(errors)
    return _store(session, actor, year, counts(session, [year.first]), values, now)


def _read_csv(raw: bytes) -> list[dict[str, str]]:
    if len(raw) > MAX_IMPORT_BYTES:
        raise ValidationFailed({"bestand": "Het bestand is groter dan 1 MB."})
    try:
        text = raw.decode("utf-8-sig")  # a BOM, as Excel writes it, is fine
    except UnicodeDecodeError:
        raise ValidationFailed(
            {"bestand": "Het bestand is geen UTF-8-tekst; sla het op als CSV UTF-8."}
        ) from None
    reader = csv.reader(io.StringIO(text), delimiter=";")
    header = [h.strip().lower() for h in next(reader, [])]
    if sorted(header) != sorted(CSV_HEADERS):
        raise ValidationFailed(
            {
                "bestand": "De eerste regel moet de kolommen noemen, gescheiden door ';': "
                + ";".join(CSV_HEADERS)
                + "."
            }
        )
    rows = [dict(zip(header, line, strict=False)) | {"": str(len(line))} for line in reader]
    if len(rows) > MAX_IMPORT_ROWS:
        raise ValidationFailed({"bestand": f"Hoogstens {MAX_IMPORT_ROWS} regels per bestand."})
    return rows


def import_csv(session: Session, actor: User, raw: bytes, today: date, *, now: datetime) -> int:
    """Import `gemeente;schooljaar;leerplichtig;kwalificatieplichtig` rows; every bad row
    is refused with its line number and nothing is imported. Returns the rows imported."""
    require_maintainer(actor)
    rows = _read_csv(raw)
    by_name = {m.name.casefold(): m for m in municipalities(session)}
    errors: dict[str, str] = {}
    # A None in a pair comes with a problem on its line, and then nothing is stored.
    wanted: dict[tuple[int, int], tuple[int | None, int | None]] = {}
    years: dict[int, SchoolYear] = {}
    for number, row in enumerate(rows, start=2):
        if all(not (row.get(h) or "").strip() for h in CSV_HEADERS):
            continue  # an empty line, as spreadsheets add at the end
        problems = _row_problems(row, by_name, today, wanted, years)
        if problems:
            errors[f"regel-{number}"] = f"Regel {number}: " + "; ".join(problems) + "."
    if errors:
        raise ValidationFailed(errors)
    if not wanted:
        raise ValidationFailed({"bestand": "Het bestand bevat geen regels met leerlingaantallen."})
    found = counts(session, years)
    for first, year in years.items():
        values = {m: pair for (m, y), pair in wanted.items() if y == first}
        _store(session, actor, year, found, values, now)
    return len(wanted)


def _row_problems(
    row: dict[str, str],
    by_name: dict[str, Municipality],
    today: date,
    wanted: dict[tuple[int, int], tuple[int | None, int | None]],
    years: dict[int, SchoolYear],
) -> list[str]:
    """Read one CSV row into `wanted` and `years`; return what is wrong with it."""
    problems = []
    if int(row[""]) != len(CSV_HEADERS):
        problems.append(f"verwacht {len(CSV_HEADERS)} kolommen, gevonden {row['']}")
    name = (row.get("gemeente") or "").strip()
    municipality = by_name.get(name.casefold())
    if municipality is None:
        problems.append(f"onbekende gemeente '{name[:100]}'")
    try:
        year = SchoolYear.parse(row.get("schooljaar") or "-", today)
    except ValidationFailed as exc:
        year = None
        problems.append(exc.message[0].lower() + exc.message[1:].rstrip("."))
    pair = _row_pair(row, problems)
    if municipality is not None and year is not None:
        row_key = (municipality.id, year.first)
        if row_key in wanted:
            problems.append(f"{municipality.name} {year.label} staat al op een eerdere regel")
        wanted[row_key] = pair
        years[year.first] = year
    return problems


def _row_pair(row: dict[str, str], problems: list[str]) -> tuple[int | None, int | None]:
    """The row's leerplichtig and kwalificatieplichtig numbers; add what is wrong to problems."""
    pair: list[int | None] = []
    for key, label in PLICHTEN.items():
        value, error = parse_number(row.get(key), label.capitalize())
        if value is None and error is None:
            error = f"{label.capitalize()} ontbreekt."
        if error:
            problems.append(error[0].lower() + error[1:].rstrip("."))
        pair.append(value)
    return pair[0], pair[1]
