"""The reports as the API returns them: the thuiszitter report, the leerplichttelling with
the list behind one of its numbers, the jaarverslag and the SWV figures. Their rows are made
from the reports' definitions (reports/shapes.py): one key per definition."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from ...cases.filters import MAX_PER_PAGE
from ...reports import telling_definitions as telling
from ...reports.shapes import (
    Jaarverslag,
    JaarverslagRow,
    Leerplichttelling,
    Listed,
    ListedCase,
    SwvFigures,
    SwvRow,
    TellingFigures,
    TellingRow,
    ThuiszitterReport,
    ThuiszitterReportRow,
)
from ...shapes import Among, Count, Id, Shape


class TellingCases(Shape):
    """What GET /reports/leerplichttelling/cases returns: one page of the list behind a
    number (reports.drilldown.listed_shape per entry)."""

    school_year: str
    peildatum: date
    municipality: str
    field: Annotated[str, Among(telling.FIGURES)]
    group: Annotated[str, Among(telling.GROUPS)] | None
    count: Count = Field(
        description="Het getal in de telling (gelijk aan total; blijft voor bestaande koppelingen)."
    )
    items: list[Listed]
    total: Count = Field(description="Alle regels achter het getal: het getal.")
    page: Id
    per_page: Annotated[int, Field(ge=1, le=MAX_PER_PAGE)]


__all__ = [
    "Jaarverslag",
    "JaarverslagRow",
    "Leerplichttelling",
    "Listed",
    "ListedCase",
    "SwvFigures",
    "SwvRow",
    "TellingCases",
    "TellingFigures",
    "TellingRow",
    "ThuiszitterReport",
    "ThuiszitterReportRow",
]
