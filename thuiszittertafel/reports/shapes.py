"""The reports as the API returns them (DESIGN §8): the thuiszitter report, the
leerplichttelling and an entry of the list behind one of its numbers, the jaarverslag and the
SWV figures.

A row has one key per definition (definitions.py, telling_definitions.py,
jaarverslag_definitions.py), so its model is made from those definitions (`create_model`):
what a row may hold, what it is checked against and what the document lists come from the
same place. Keys that are no Python name ("outcome.verhuisd", "5-11", "closed") are aliases.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import ConfigDict, Field, TypeAdapter, WithJsonSchema, create_model, model_validator

from ..cases.vocabulary import ABSENCE_REPORT_TYPES, BLOCKER_KINDS, CASE_KINDS, EXEMPTION_ARTICLES
from ..shapes import Among, Count, Id, Shape, maybe
from . import jaarverslag_definitions as jd
from . import telling_definitions as td
from .definitions import COLUMNS, STATISTIC_KEYS, SUPPRESS_BELOW
from .suppression import SECONDARY, SMALL

COUNT = {"type": "integer", "minimum": 0}
# The thuiszitter report's medians and percentiles: an int where the value is whole.
ReportStatistic = Annotated[int | float | None, WithJsonSchema({"type": ["number", "null"]})]
# A count, or for publication "<5" (1–4) and "x" where it would give a hidden count away.
PublishedCount = Annotated[
    Count | Literal["<5", "x"],
    WithJsonSchema(
        {
            "oneOf": [COUNT, {"type": "string", "enum": [SMALL, SECONDARY]}],
            "description": "Aantal leerlingen; met publication=true 1–4 als '<5', en 'x' waar"
            " het een verborgen aantal via een totaal zou verraden (secundaire onderdrukking).",
        }
    ),
]
# A percentage, days or median; "n<5" over 1–4 pupils for publication.
PublishedStatistic = Annotated[
    int | float | None | Literal["n<5", "x"],
    WithJsonSchema(
        {
            "oneOf": [
                {"type": ["number", "null"]},
                {"type": "string", "enum": [f"n<{SUPPRESS_BELOW}", SECONDARY]},
            ],
            "description": "null zonder gegevens; met publication=true over 1–4 leerlingen"
            " 'n<5', en 'x' bij een aantal dat als 'x' verborgen is.",
        }
    ),
]
FIGURE_DEFINITIONS = "Per sleutel van een rij (en regie.<fase>.<soort>): wat er geteld wordt."


class Row(Shape):
    """A row of a report: its keys are the definitions' keys (aliases where they are no
    Python name)."""

    model_config = ConfigDict(serialize_by_alias=True)


class Part(Row):
    """A group of counts inside a row, written out in place."""

    component: ClassVar[bool] = False


def _field(
    key: str, kind: Any, description: str | None = None, always: bool = True
) -> tuple[str, tuple[Any, Any]]:
    """(Python name, (type, field)) for a row key; the key itself is the alias where it is no
    Python name. `always`: required (else sent only when written)."""
    name = key if key.isidentifier() and not hasattr(Row, key) else None
    info = Field(... if always else None, description=description, alias=None if name else key)
    return name or "k_" + re.sub(r"\W", "_", key), (kind, info)


Spec = tuple[str, Any] | tuple[str, Any, str | None] | tuple[str, Any, str | None, bool]


def _row(name: str, base: type[Row], doc: str, fields: list[Spec]) -> Any:
    made: dict[str, Any] = dict(_field(*f) for f in fields)
    return create_model(name, __base__=base, __doc__=doc, **made)


# The thuiszitter report.
_report_row = _row(
    "ThuiszitterReportRow",
    Row,
    "One municipality (or the total) of reports.services.Report.",
    [
        (
            key,
            str if key == "municipality" else ReportStatistic if key in STATISTIC_KEYS else Count,
            f"{label}. {definition}",
        )
        for key, (label, definition) in COLUMNS.items()
    ],
)

# The leerplichttelling: the counts of a row and of each of its groups (by age, by plicht).
_vrijstelling = _row(
    "TellingVrijstelling",
    Part,
    "New and active exemptions of one article.",
    [(state, Count) for state in td.VRIJSTELLING_STATES],
)
_vrijstellingen = _row(
    "TellingVrijstellingen",
    Part,
    "The exemptions per article.",
    [(article, _vrijstelling) for article in EXEMPTION_ARTICLES],
)
_meldingen = _row(
    "TellingMeldingen",
    Part,
    "The meldingen per type.",
    [(kind, Count) for kind in ABSENCE_REPORT_TYPES],
)
_handhaving = _row(
    "TellingHandhaving",
    Part,
    "The handhaving steps (leerplicht only).",
    [(key, Count) for key in td.HANDHAVING],
)


def _figure_fields() -> list[Spec]:
    nested = td.NESTED
    return [
        *((key, Count, f"{label}. {text}") for key, (label, text) in td.FIELDS.items()),
        ("vrijstellingen", _vrijstellingen, nested["vrijstellingen"][1]),
        ("meldingen", _meldingen, nested["meldingen"][1]),
        (
            "handhaving",
            _handhaving,
            nested["handhaving"][1] + " Ontbreekt voor andere organisaties.",
            False,
        ),
    ]


_telling_figures = _row(
    "TellingFigures",
    Row,
    "The counts of a row of the telling, and of each of its groups.",
    _figure_fields(),
)
_by_age = _row(
    "TellingByAge",
    Part,
    "The counts per age band.",
    [(band, _telling_figures) for band in td.AGE_BANDS],
)
_telling_row = _row(
    "TellingRow",
    Row,
    "One municipality of reports.telling.Telling.",
    [
        ("municipality", str, td.MUNICIPALITY[1]),
        *_figure_fields(),
        ("consultaties", Count, td.NESTED["consultaties"][1]),
        ("by_age", _by_age, td.NESTED["by_age"][1]),
        *((p, _telling_figures, td.NESTED[p][1]) for p in td.PLICHTEN),
    ],
)

# The jaarverslag and the SWV figures.
REGIE_KEY = re.compile(r"^regie\.[0-9]+\.[a-z-]+$")
_PUBLISHED_COUNT: TypeAdapter[Any] = TypeAdapter(PublishedCount)


class RegieRow(Row):
    """A jaarverslag row: beyond its fields, one count per phase and kind of lead that has
    pupils (regie.<fase>.<soort>)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "patternProperties": {REGIE_KEY.pattern: _PUBLISHED_COUNT.json_schema()}
        },
    )
    about: ClassVar[str | None] = (
        "Eén gemeente (of het totaal) in één schooljaar, in verschillende leerlingen. Elke"
        " sleutel met een aantal is ook het getal (field) van de lijst op"
        " /rapportages/jaarverslag/casussen."
    )

    @model_validator(mode="after")
    def _regie_counts(self) -> RegieRow:
        for key, value in (self.model_extra or {}).items():
            if not REGIE_KEY.match(key):
                raise ValueError(f"onbekende sleutel {key!r}")
            _PUBLISHED_COUNT.validate_python(value)
        return self


def _jaarverslag_fields() -> list[Spec]:
    only_leerplicht = "; alleen voor leerplicht, ontbreekt voor anderen."  # Wet politiegegevens
    counts = [
        (path, PublishedCount, label + only_leerplicht, False)
        if path in jd.PROCESS_HANDHAVING
        else (path, PublishedCount, label)
        for path, (label, _) in jd.FIGURES.items()
    ]
    days = [
        (f"blocker.{kind}.{what}", PublishedStatistic)
        for kind in BLOCKER_KINDS
        for what in ("days", "median_days")
    ]
    return [
        ("municipality", str, "Gemeente, of 'Totaal' (elke leerling één keer)."),
        ("school_year", str),
        ("pupils", Count | None, jd.PUPILS[1]),
        *(
            (f"pupils_{part}", Count | None, jd.PLICHT_PUPILS[1])
            for part in ("leerplichtig", "kwalificatieplichtig")
        ),
        ("cases_percentage", PublishedStatistic),
        ("thuiszitters_percentage", PublishedStatistic),
        *counts,
        *days,
    ]


_jaarverslag_row = _row(
    "JaarverslagRow",
    RegieRow,
    "One municipality (or the total) in one school year of the jaarverslag.",
    _jaarverslag_fields(),
)
_swv_row = _row(
    "SwvRow",
    Row,
    "One school (or the total) of a samenwerkingsverband.",
    [
        ("swv", str),
        ("swv_id", Id),
        ("sector", str | None),
        (
            "school",
            str | None,
            "De school; 'Zonder school' (school_id 0) voor casussen zonder school; null"
            " in de totaalrij van het samenwerkingsverband.",
        ),
        ("school_id", Count | None),
        *((path, PublishedCount, label) for path, (label, _) in jd.CASE_FIGURES.items()),
    ],
)

# mypy cannot see the fields of a model made by create_model; to it a row is a Row.
if TYPE_CHECKING:
    ThuiszitterReportRow = Row
    TellingFigures = Row
    TellingRow = Row
    JaarverslagRow = Row
    SwvRow = Row
else:
    ThuiszitterReportRow = _report_row
    TellingFigures = _telling_figures
    TellingRow = _telling_row
    JaarverslagRow = _jaarverslag_row
    SwvRow = _swv_row


class ThuiszitterReport(Shape):
    """What reports.services.Report.json returns."""

    school_year: str = Field(description="Bijvoorbeeld 2025-2026 (1 augustus t/m 31 juli).")
    reference_date: date = Field(
        description="Peildatum: het einde van het schooljaar, of vandaag voor het lopende jaar."
    )
    rows: list[ThuiszitterReportRow] = Field(description="Eén rij per woongemeente, op naam.")
    total: ThuiszitterReportRow = Field(
        description="Aantallen: som van de rijen; mediaan en p90 over alle casussen samen."
        " municipality is 'Totaal'."
    )


class Leerplichttelling(Shape):
    """What reports.telling.Telling.json returns."""

    school_year: str
    peildatum: date
    definitions: dict[str, str] = Field(description="Per sleutel van een rij: wat er geteld wordt.")
    rows: list[TellingRow] = Field(
        description="Eén rij per gemeente van uw organisatie (leerplicht, gemeente) of regio"
        " (coördinator van het samenwerkingsverband)."
    )
    no_figures: str = maybe(
        "Alleen aanwezig als u geen enkele casus ziet (uw organisatie neemt er aan geen deel):"
        " waarom elk getal 0 is en wie de telling wel kan maken. De nullen zijn dan geen"
        " echte telling."
    )


class ListedCase(Shape):
    """A case behind an entry of the list behind a number."""

    component: ClassVar[bool] = False

    id: Id = maybe()
    kind: Annotated[str, Among(CASE_KINDS)] = maybe()
    absent_since: date = maybe()
    status: Annotated[str, Among(["open", "closed"])] = maybe()


class Listed(Shape):
    """What reports.drilldown.listed_json returns: one entry of the list behind a number."""

    component: ClassVar[bool] = False

    pupil: str | None = maybe(
        "Naam (als u die mag zien), anders initialen; null bij een consultatie."
    )
    age: int | None = maybe()
    note: str | None = maybe()
    consultation_id: int | None = maybe()
    cases: list[ListedCase] = maybe()


class Jaarverslag(Shape):
    """What reports.jaarverslag_export.jaarverslag_json returns."""

    school_year: str
    peildatum: date
    previous_school_year: str
    previous_peildatum: date
    publication: bool
    definitions: dict[str, str] = Field(description=FIGURE_DEFINITIONS)
    rows: list[JaarverslagRow] = Field(
        description="Per gemeente van uw organisatie dit schooljaar en het vorige, daarna het"
        " totaal van beide."
    )


class SwvFigures(Shape):
    """What reports.jaarverslag_export.swv_json returns."""

    school_year: str
    peildatum: date
    publication: bool
    definitions: dict[str, str] = Field(description=FIGURE_DEFINITIONS)
    rows: list[SwvRow] = Field(
        description="Per samenwerkingsverband zijn scholen, daarna zijn totaal."
    )
