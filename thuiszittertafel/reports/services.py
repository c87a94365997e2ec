"""The thuiszitter report: who may ask, the figures per municipality, totals, suppression."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from ..auth.models import Role, User
from ..cases import law
from ..core.errors import Forbidden, ValidationFailed
from ..organisations.models import OrgKind
from . import queries, shapes, suppression, verzuim
from .definitions import (
    BLOCKER_DAY_KEYS,
    BLOCKER_KEYS,
    COUNT_KEYS,
    EDUCATION_KEYS,
    KEYS,
    OUTCOME_KEYS,
    STATISTIC_KEYS,
    SUPPRESS_BELOW,
)
from .schoolyear import SchoolYear

FORMATS = ("json", "csv", "xlsx")
_BLOCKER_KEY_OF = {kind: key for key, kind in BLOCKER_KEYS.items()}


def may_report(actor: User) -> bool:
    """Leerplicht and the gemeente account for thuiszitters; coordinators steer on them.

    Workers of schools and partners have their case list and start page; a report over
    the handful of cases they take part in adds nothing and is not offered.
    """
    org = actor.organisation
    return org.kind in (OrgKind.leerplicht, OrgKind.gemeente) or actor.has_role(Role.coordinator)


def require_report_access(actor: User) -> None:
    if not may_report(actor):
        raise Forbidden(
            "Rapportages zijn er voor leerplicht, de gemeente en coördinatoren"
            " (SWV, school, partners)."
        )


@dataclass
class ReportRequest:
    year: SchoolYear
    format: str = "json"
    publication: bool = False


def parse_request(
    args, today: date, *, default_format: str = "json", formats: tuple[str, ...] = FORMATS
) -> ReportRequest:
    """school_year, format and publication from a query string, with Dutch 400s."""
    year = SchoolYear.parse(args.get("school_year"), today)
    fmt = (args.get("format") or default_format).strip().lower()
    if fmt not in formats:
        listed = ", ".join(formats[:-1]) + " of " + formats[-1]
        raise ValidationFailed({"format": f"Kies als formaat {listed}."})
    publication = parse_publication(args)
    if publication and fmt == "json":
        raise ValidationFailed(
            {
                "publication": "Een versie voor publicatie (kleine aantallen"
                f" als '<5') is er als {' of '.join(f for f in formats if f != 'json')}."
            }
        )
    return ReportRequest(year=year, format=fmt, publication=publication)


def parse_publication(args) -> bool:
    """publication=true|false|1|0 (absent: false), with a Dutch 400."""
    raw = (args.get("publication") or "false").strip().lower()
    if raw not in ("true", "false", "1", "0"):
        raise ValidationFailed({"publication": "publication is true of false."})
    return raw in ("true", "1")


def median(values: list[int]) -> float | int | None:
    if not values:
        return None
    m = statistics.median(values)
    return int(m) if float(m).is_integer() else m


def p90(values: list[int]) -> int | None:
    """Nearest rank: the value at position ⌈0.9 n⌉ of the sorted values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


@dataclass
class Report:
    year: SchoolYear
    reference_date: date
    rows: list[dict]
    total: dict
    durations: list[int] = field(default_factory=list)
    # Per thuiszitter case, the days of the year (to the peildatum) the law made it one.
    thuiszitter_runs: list[list[law.Span]] = field(default_factory=list)

    def shape(self) -> shapes.ThuiszitterReport:
        return shapes.ThuiszitterReport(
            school_year=self.year.label,
            reference_date=self.reference_date,
            rows=[shapes.ThuiszitterReportRow(**row) for row in self.rows],
            total=shapes.ThuiszitterReportRow(**self.total),
        )

    def json(self) -> dict:
        """The report as the API returns it."""
        return self.shape().dump()


def _empty_row(name: str) -> dict:
    row = {key: 0 for key in KEYS}
    row["municipality"] = name
    for key in STATISTIC_KEYS:
        row[key] = None
    return row


def thuiszitter_report(
    session: Session,
    actor: User,
    year: SchoolYear,
    today: date,
    load=verzuim.load,
    *,
    yc: queries.YearCases | None = None,
) -> Report:
    """The report over the cases the actor may see; totals are sums of the rows (`load`:
    `verzuim.load`, or a `verzuim.SharedLoads` of a page that counts the period twice;
    `yc`: the year's cases when the page reads them for its charts too)."""
    require_report_access(actor)
    yc = yc or queries.YearCases(session, actor, year, today)
    counted = queries.count_rows(session, yc)
    reference_date = year.reference_date(today)
    verzuimers = _verzuimers(session, actor, year.start, reference_date, load)
    blockers = queries.blocker_rows(session, yc)
    durations = queries.return_durations(session, yc)
    names = queries.municipality_names(session, {r["municipality_id"] for r in counted})
    by_id: dict[int, dict] = {}
    for found in counted:
        row = by_id[found["municipality_id"]] = _empty_row(names[found["municipality_id"]])
        for key, value in found.items():
            if key in row:
                row[key] = int(value or 0)
        law_counts = verzuimers.counts.get(found["municipality_id"], {})
        row["thuiszitters"] = law_counts.get("thuiszitters", 0)
        row["relatief_langdurig"] = law_counts.get("relatief_langdurig", 0)
        row["relatief_kort"] = int(found["relatief"] or 0) - row["relatief_langdurig"]
    for municipality_id, kind, count, days in blockers:
        row = by_id[municipality_id]
        key = _BLOCKER_KEY_OF[kind]
        row[key] += count
        row[f"{key}_days"] += days
        row["blockers"] += count
        row["blocker_days"] += days
    per_municipality: dict[int, list[int]] = defaultdict(list)
    for municipality_id, days in durations:
        per_municipality[municipality_id].append(days)
    for municipality_id, row in by_id.items():
        values = per_municipality.get(municipality_id, [])
        row["median_days_to_return"], row["p90_days_to_return"] = median(values), p90(values)
    rows = sorted(by_id.values(), key=lambda r: r["municipality"].lower())
    total = _empty_row("Totaal")
    for key in COUNT_KEYS:
        total[key] = sum(r[key] for r in rows)
    every = [d for _, d in durations]
    total["median_days_to_return"], total["p90_days_to_return"] = median(every), p90(every)
    return Report(
        year=year,
        reference_date=reference_date,
        rows=rows,
        total=total,
        durations=every,
        thuiszitter_runs=verzuimers.runs,
    )


@dataclass
class _Verzuimers:
    counts: dict[int, dict[str, int]]  # municipality id → thuiszitters, relatief_langdurig
    runs: list[list[law.Span]]


def _verzuimers(session: Session, actor: User, first: date, last: date, load) -> _Verzuimers:
    """Cases (not pupils) that were thuiszitter, and relatief cases that were langdurig
    relatief verzuimer, on a day of [first, last], as the law decides."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    runs = []
    for facts in load(session, actor, first, last):
        s = facts.situation
        # law.thuiszitter_spans, with the langdurig relatief runs asked once for both counts
        langdurig = law.langdurig_relatief_spans(s, first, last)
        found = law.absoluut_verzuimer_spans(s, first, last) + langdurig
        if not found:
            continue
        runs.append(found)
        counts[facts.municipality_id]["thuiszitters"] += 1
        if s.kind == "relatief" and langdurig:
            counts[facts.municipality_id]["relatief_langdurig"] += 1
    return _Verzuimers(counts=counts, runs=runs)


# Within a row, the figures that add up (a total and its parts), for secondary suppression.
ADDS_UP: tuple[tuple[str, ...], ...] = (
    ("cases", "closed", "open_at_end"),
    ("cases", "carried_in", "new"),
    (
        "cases",
        "absoluut",
        "relatief_langdurig",
        "relatief_kort",
        "dreigend",
        "vrijstelling_traject",
    ),
    ("cases", *EDUCATION_KEYS),
    ("closed", *OUTCOME_KEYS),
    ("blockers", *BLOCKER_KEYS),
    ("blocker_days", *BLOCKER_DAY_KEYS),
)


def _sums(n_rows: int) -> list[list[tuple[int, str]]]:
    """The cells of the table that add up: each figure over the gemeenten and the total row
    (the last), and within each row the totals and their parts."""
    columns = [[(i, key) for i in range(n_rows)] for key in COUNT_KEYS]
    rows = [[(i, key) for key in group] for i in range(n_rows) for group in ADDS_UP]
    return columns + rows


def table(report: Report, publication: bool) -> list[dict]:
    """The rows and then the total row, as exported. For publication (suppression.py):
    counts 1–4 as '<5', and 'x' where subtraction from a total would give a hidden count
    away; statistics over fewer than 5 returns as 'n<5'."""
    rows = [*report.rows, report.total]
    if not publication:
        return rows
    values = {(i, key): row[key] for i, row in enumerate(rows) for key in COUNT_KEYS}
    hidden = suppression.secondary(values, _sums(len(rows)))
    out = []
    for i, row in enumerate(rows):
        shown = dict(row)
        for key in COUNT_KEYS:
            shown[key] = suppression.shown(row[key], (i, key) in hidden)
        if 0 < row["returned"] < SUPPRESS_BELOW:
            for key in STATISTIC_KEYS:
                shown[key] = f"n<{SUPPRESS_BELOW}"
        out.append(shown)
    return out
