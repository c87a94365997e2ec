"""Secondary suppression in the publication variant (issue 13): where a hidden small number
could be recovered by subtraction from its total and the other parts, the smallest other
non-zero part is hidden as well ("x"); "<5" stays for the small numbers themselves.

Designed figures, worked out by hand: the rule itself (suppression.secondary), the
leerplichttelling's groups (totaal = leerplichtig + kwalificatieplichtig = the age bands)
and the jaarverslag's (the gemeenten and their total; the outcomes and "Totaal gesloten").
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

from openpyxl import load_workbook

from tests.reports import test_telling
from thuiszittertafel.reports import jaarverslag_export, jaarverslag_tables, suppression
from thuiszittertafel.reports.exports import telling_csv
from thuiszittertafel.reports.jaarverslag import Jaarverslag, SwvView, YearFigures
from thuiszittertafel.reports.schoolyear import SchoolYear
from thuiszittertafel.reports.telling import Member, Telling, TellingRequest, published
from thuiszittertafel.reports.verzuim import PupilFacts

YEAR = SchoolYear(2025)
PARTS = ("leerplichtig", "kwalificatieplichtig")
URL = test_telling.URL
pupils = test_telling.pupils  # the fixture of its designed pupils


def test_a_part_recoverable_by_subtraction_is_hidden_with_another():
    # totaal 9 = leerplichtig 7 + kwalificatieplichtig 2: "<5" alone gives 2 = 9 − 7 away.
    values = {"totaal": 9, "lp": 7, "kp": 2}
    assert suppression.secondary(values, [["totaal", "lp", "kp"]]) == {"lp"}


def test_two_small_parts_need_nothing_more():
    values = {"totaal": 10, "a": 2, "b": 3, "c": 5}
    assert suppression.secondary(values, [["totaal", "a", "b", "c"]]) == set()


def test_zeros_are_never_hidden():
    # The only other non-zero cell is the total: hidden; the zero stays a zero.
    values = {"totaal": 3, "a": 3, "b": 0}
    assert suppression.secondary(values, [["totaal", "a", "b"]]) == set()
    values = {"totaal": 8, "a": 0, "b": 2, "c": 0}  # a residue (18+) outside the bands
    assert suppression.secondary(values, [["totaal", "a", "b", "c"]]) == {"totaal"}


def test_no_small_number_no_suppression():
    values = {"totaal": 20, "a": 0, "b": 20}
    assert suppression.secondary(values, [["totaal", "a", "b"]]) == set()


def test_repeated_until_no_group_has_one_hidden_cell():
    # Hiding "a2" for group 1 leaves group 2 with exactly one hidden cell: hide again.
    values = {"t1": 12, "a1": 2, "a2": 10, "t2": 30, "b1": 20}
    groups = [["t1", "a1", "a2"], ["t2", "a2", "b1"]]
    assert suppression.secondary(values, groups) == {"a2", "b1"}


def _pupil(n: int, birth: date) -> PupilFacts:
    return PupilFacts((f"kind{n}", "b", birth), f"Kind{n}", "B", birth, False)


def _telling(counts: dict[str, tuple[int, int, int, int]]) -> Telling:
    """Zaltbommel's figures: per figure (5–11, 12–15, 16–17, 18 en ouder) pupils; the
    18-year-olds are kwalificatieplichtig, the others leerplichtig."""
    m = SimpleNamespace(id=1, name="Zaltbommel")
    req = TellingRequest(YEAR, date(2026, 7, 31), (m,), "csv", publication=True)
    cells: dict = {}
    groups: dict = {}
    n = 0
    for figure, per_band in counts.items():
        cell = cells.setdefault((1, figure), {})
        for band, plicht, size in zip(
            ("5-11", "12-15", "16-17", None),
            ("leerplichtig",) * 3 + ("kwalificatieplichtig",),
            per_band,
            strict=True,
        ):
            for _ in range(size):
                n += 1
                pupil = _pupil(n, date(2010, 1, 1))
                cell[pupil.key] = Member(pupil, {n: "full"})
                groups[pupil.key] = (band, plicht)
    return Telling(req, cells, groups)


def test_telling_publication_hides_what_subtraction_would_reveal():
    t = _telling(
        {
            # totaal 12: LP 10 + KP 2, bands 3 + 4 + 3: KP "<5" → LP "x"; bands all "<5".
            "absoluut_verzuimers": (3, 4, 3, 2),
            # totaal 20: LP 17 + KP 3 → LP "x"; bands 0, 10, 7 and no small band.
            "langdurig_relatief_verzuimers": (0, 10, 7, 3),
            # two small parts of one total: nothing more; a zero stays 0.
            "absoluut_op_peildatum": (0, 2, 3, 0),
        }
    )
    shown = published(t, 1)
    assert [
        shown[g]["absoluut_verzuimers"] for g in (None, "leerplichtig", "kwalificatieplichtig")
    ] == [12, "x", "<5"]
    assert [shown[g]["absoluut_verzuimers"] for g in ("5-11", "12-15", "16-17")] == ["<5"] * 3
    lr = "langdurig_relatief_verzuimers"
    assert [shown[g][lr] for g in (None, "leerplichtig", "kwalificatieplichtig")] == [20, "x", "<5"]
    assert [shown[g][lr] for g in ("5-11", "12-15", "16-17")] == [0, 10, 7]
    op = "absoluut_op_peildatum"
    assert [shown[g][op] for g in (None, "5-11", "12-15", "16-17")] == [5, 0, "<5", "<5"]
    assert [shown[g][op] for g in ("leerplichtig", "kwalificatieplichtig")] == [5, 0]
    assert shown[None]["absoluut_opgelost"] == 0  # zeros are never hidden


def test_telling_csv_with_and_without_publication():
    t = _telling({"absoluut_verzuimers": (3, 4, 3, 2)})
    for publication, expected in ((False, ["12", "10", "2"]), (True, ["12", "x", "<5"])):
        t.request = replace(t.request, publication=publication)
        rows = _csv(telling_csv(t))
        column = rows[0].index("absoluut_verzuimers")
        by_group = {row[1]: row[column] for row in rows[1:]}
        assert [by_group[g] for g in ("totaal", *PARTS)] == expected


def _csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8")), delimiter=";"))


def test_api_publication_csv_and_xlsx_of_designed_pupils(api, world, pupils):
    """test_telling's Zaltbommel: 7 absoluut verzuimers, 6 leerplichtig and Fien (18)
    kwalificatieplichtig: "<5" alone would give her away (7 − 6), so 6 shows as "x". The
    age bands (Bo 11; Abel, Cor, Daan, Eva; Hein 16) are all small: nothing more."""
    client = api(world.lpa)
    query = "?school_year=2025-2026&municipality=Zaltbommel&format=csv"
    plain = _csv(client.get(URL + query).get_data())
    public = _csv(client.get(URL + query + "&publication=true").get_data())
    column = plain[0].index("absoluut_verzuimers")
    groups = ("totaal", *PARTS, "5-11", "12-15", "16-17")
    assert {r[1]: r[column] for r in plain[1:]} == dict(
        zip(groups, ["7", "6", "1", "1", "4", "1"], strict=True)
    )
    assert {r[1]: r[column] for r in public[1:]} == dict(
        zip(groups, ["7", "x", "<5", "<5", "<5", "<5"], strict=True)
    )
    book = load_workbook(
        io.BytesIO(client.get(URL + query.replace("csv", "xlsx") + "&publication=true").data)
    )
    sheet = list(book["Leerplichttelling"].values)
    column = sheet[0].index("absoluut_verzuimers")
    by_group = {row[1]: row[column] for row in sheet[2:]}
    assert [by_group[g] for g in ("totaal", *PARTS)] == [7, "x", "<5"]
    legend = [row for row in book["Definities"].values if row[0] == "Legenda"]
    assert legend and suppression.SECONDARY_LEGEND in legend[0][1]
    definitions = [row[1] for row in book["Definities"].values if row[0] == "Herleiding voorkomen"]
    assert definitions == [suppression.SECONDARY_RULE]


def _jaarverslag(counts: dict[str, tuple[int, int]]) -> Jaarverslag:
    """Tiel (1) and Zaltbommel (2): per figure the pupils of each in 2025-2026."""
    towns = [SimpleNamespace(id=1, name="Tiel"), SimpleNamespace(id=2, name="Zaltbommel")]
    this = YearFigures(YEAR, date(2026, 7, 31))
    previous = SchoolYear(2024)
    n = 0
    for figure, sizes in counts.items():
        for town, size in zip(towns, sizes, strict=True):
            for _ in range(size):
                n += 1
                this.add(town.id, figure, _pupil(n, date(2012, 1, 1)), n)
    last = YearFigures(previous, previous.end)
    return Jaarverslag(YEAR, previous, towns, this, last, {})  # type: ignore[arg-type]


def test_jaarverslag_hides_a_gemeente_that_the_total_would_give_away():
    # cases: Tiel 2, Zaltbommel 10, Totaal 12: Tiel "<5" → Zaltbommel "x" (and its %).
    # thuiszitters: Tiel 2, Zaltbommel 3: two small parts, Totaal 5 stays.
    r = _jaarverslag({"cases": (2, 10), "thuiszitters": (2, 3), "returned": (0, 6)})
    rows = {
        (row["municipality"], row["school_year"]): row
        for row in jaarverslag_export.jaarverslag_rows(r, True)
    }
    this = [rows[(name, "2025-2026")] for name in ("Tiel", "Zaltbommel", "Totaal")]
    assert [row["cases"] for row in this] == ["<5", "x", 12]
    assert [row["cases_percentage"] for row in this][:2] == ["n<5", "x"]
    assert [row["thuiszitters"] for row in this] == ["<5", "<5", 5]
    assert [row["returned"] for row in this] == [0, 6, 6]  # zeros are never hidden
    plain = jaarverslag_export.jaarverslag_rows(r, False)
    assert [row["cases"] for row in plain if row["school_year"] == "2025-2026"] == [2, 10, 12]
    tables = jaarverslag_tables.tables(r, {}, publication=True)
    cases = {row[0].text: row[6].text for row in tables[0].rows}
    assert cases == {"Tiel": "<5", "Zaltbommel": "x", "Totaal": "12"}
    assert all(jaarverslag_tables.LEGEND in t.definitions for t in tables)
    ordinary = jaarverslag_tables.tables(r, {}, publication=False)
    assert {row[0].text: row[6].text for row in ordinary[0].rows}["Zaltbommel"] == "10"
    assert all(jaarverslag_tables.LEGEND not in t.definitions for t in ordinary)


def test_jaarverslag_regie_hides_what_the_row_total_gives_away():
    """Regie in phase 1: school 2 pupils ("<5"), SWV 10, Totaal 12 pupils. The Totaal is at
    most the kinds added up, so 12 - 10 would give the school's 2 away: the SWV's 10 (the
    smallest other) becomes "x". Phase 2 (SWV 6, leerplicht 7, Totaal 13): nothing small,
    nothing hidden."""
    from thuiszittertafel.reports.jaarverslag_definitions import regie_figure

    r = _jaarverslag(
        {
            regie_figure(1, "school"): (2, 0),
            regie_figure(1, "swv"): (5, 5),
            regie_figure(2, "swv"): (6, 0),
            regie_figure(2, "leerplicht"): (0, 7),
        }
    )

    def shown(publication: bool) -> dict[str, list[str]]:
        (table,) = [t for t in jaarverslag_tables.tables(r, {}, publication) if t.id == "jv-regie"]
        assert table.headers[1:] == ["School", "Samenwerkingsverband", "Leerplicht", "Totaal"]
        return {row[0].text: [c.text for c in row[1:]] for row in table.rows}

    assert shown(True) == {"1.": ["<5", "x", "0", "12"], "2.": ["0", "6", "7", "13"]}
    assert shown(False) == {"1.": ["2", "10", "0", "12"], "2.": ["0", "6", "7", "13"]}


def test_swv_view_hides_a_school_that_the_swv_total_would_give_away():
    """School A 2, school B 10, SWV total 12 cases: A "<5", so B "x"; returned: A 0,
    B 6 (zeros stay)."""
    swv = SimpleNamespace(id=10, name="SWV Rivierenland", sector="vo")
    per_swv, per_school = YearFigures(YEAR, YEAR.end), YearFigures(YEAR, YEAR.end)
    n = 0
    for row, figures, counts in (
        (10, per_swv, {"cases": 12, "returned": 6}),
        (1, per_school, {"cases": 2}),
        (2, per_school, {"cases": 10, "returned": 6}),
    ):
        for figure, size in counts.items():
            for i in range(size):
                figures.add(row, figure, _pupil(n + i, date(2012, 1, 1)), n + i)
        n += 100
    view = SwvView(YEAR, [swv], per_swv, {10: ([(1, "A"), (2, "B")], per_school)})  # type: ignore[list-item]
    public = {r["school"]: r for r in jaarverslag_export.swv_rows(view, True)}
    assert [public[s]["cases"] for s in ("A", "B", None)] == ["<5", "x", 12]
    assert [public[s]["returned"] for s in ("A", "B", None)] == [0, 6, 6]
    plain = {r["school"]: r for r in jaarverslag_export.swv_rows(view, False)}
    assert [plain[s]["cases"] for s in ("A", "B", None)] == [2, 10, 12]
    assert jaarverslag_tables.swv_count_text(view, 10, 2, "cases", True) == "x"
    assert jaarverslag_tables.swv_count_text(view, 10, 2, "cases", False) == "10"


def _report(*rows: dict):
    from thuiszittertafel.reports.services import Report, _empty_row

    total = _empty_row("Totaal")
    for key, value in total.items():
        if isinstance(value, int):
            total[key] = sum(r[key] for r in rows)
    return Report(year=YEAR, reference_date=date(2026, 7, 31), rows=list(rows), total=total)


def _row(name: str, **figures):
    from thuiszittertafel.reports.services import _empty_row

    return {**_empty_row(name), **figures}


def test_the_thuiszitter_report_hides_what_a_row_total_gives_away():
    """/rapportages for publication, within a row: cases = closed + open on the peildatum,
    and closed = its outcomes. Buren: 9 cases, 6 closed (all moved away), 3 still open."""
    from thuiszittertafel.reports.services import table

    buren = _row("Buren", cases=9, new=9, closed=6, open_at_end=3, relatief_kort=9)
    buren.update(education_vo=9, outcome_verhuisd=6)
    shown = {r["municipality"]: r for r in table(_report(buren), publication=True)}
    for name in ("Buren", "Totaal"):
        assert shown[name]["open_at_end"] == "<5" and shown[name]["cases"] == 9
        # 9 − 6 would give the 3 away: closed goes too, and then its only outcome.
        assert shown[name]["closed"] == "x" and shown[name]["outcome_verhuisd"] == "x"
        assert shown[name]["new"] == 9 and shown[name]["absoluut"] == 0  # zeros stay
    plain = {r["municipality"]: r for r in table(_report(buren), publication=False)}
    assert plain["Buren"]["closed"] == 6 and plain["Buren"]["open_at_end"] == 3


def test_the_thuiszitter_report_hides_what_a_column_total_gives_away():
    """Down a column: Tiel's 3 cases as "<5" beside Buren's 9 and the total 12 would be
    12 − 9; the smaller of Buren and the total goes too."""
    from thuiszittertafel.reports.services import table

    tiel = _row("Tiel", cases=3, new=3, open_at_end=3, relatief_kort=3, education_vo=3)
    buren = _row("Buren", cases=9, new=9, open_at_end=9, relatief_kort=9, education_vo=9)
    shown = {r["municipality"]: r for r in table(_report(tiel, buren), publication=True)}
    assert shown["Tiel"]["cases"] == "<5"
    assert (shown["Buren"]["cases"], shown["Totaal"]["cases"]) == ("x", 12)
