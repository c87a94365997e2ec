"""Regie per phase over a school year, from the case's regie history (case_regie_history),
over the hand-built cases of conftest.py. Every expected number is worked out by hand.

History written here (day it was entered in the system; stand = phase, regie kind):
  A  Anna  opened 3 Jun 2025: 1 school; 15 Jul 2025: 3 swv (before the year); closed
           20 Sep 2025                                   → 2025-2026: (3, swv)
  B  Bram  opened 2 Oct 2025: 1 school; closed 21 Oct     → (1, school)
  E  Bram  opened 5 May 2026: 1 school; 20 May 2026: 2 school; closed 3 Jun
                                                          → (1, school), (2, school)
  C  Cas   opened 5 Mar 2026: 1 leerplicht; 10 May: 2 leerplicht; 1 Jun: 2 swv; open
                                                          → (1, lp), (2, lp), (2, swv)
  D  Dina  opened 13 Jan 2026: 1, nobody has regie; closed 1 Feb → (1, geen)
  G  Gijs  opened 21 Jul 2026: 1 school; 5 Aug 2026: 2 leerplicht (after the year)
                                                          → (1, school)
  J  Jet   opened 5 Jul 2026, L Lot opened 4 Nov 2025: no history (from before it was
           kept): their present stand, phase 1 with the school, from the opening.
2025-2026, all of leerplicht's gemeenten (pupils, each once per cell):
  (1, school) Bram, Gijs, Jet, Lot = 4 (Bram has two cases) · (2, school) Bram = 1
  (1, leerplicht) Cas · (2, leerplicht) Cas · (2, swv) Cas · (3, swv) Anna · (1, geen) Dina
  Per phase: 1 → Bram, Cas, Dina, Gijs, Jet, Lot = 6; 2 → Bram, Cas = 2; 3 → Anna = 1.
Peildatum 15 May 2026: (1, school) Bram (B), Lot = 2; (1, lp) and (2, lp) Cas; no (2, swv),
no (2, school) (E moves on 20 May), Gijs and Jet not yet opened.
"""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import delete, select

from tests.reports.conftest import local
from thuiszittertafel.cases.models import RegieRecord
from thuiszittertafel.reports import jaarverslag
from thuiszittertafel.reports.schoolyear import SchoolYear

TODAY = date(2026, 11, 25)
Y2025 = SchoolYear(2025)


@pytest.fixture
def history(session, world, report_cases):
    c, w = report_cases, world
    stands = {
        c.A: (date(2025, 6, 3), [(date(2025, 6, 3), 1, w.school), (date(2025, 7, 15), 3, w.swv)]),
        c.B: (date(2025, 10, 2), [(date(2025, 10, 2), 1, w.school)]),
        c.E: (
            date(2026, 5, 5),
            [(date(2026, 5, 5), 1, w.school), (date(2026, 5, 20), 2, w.school)],
        ),
        c.C: (
            date(2026, 3, 5),
            [
                (date(2026, 3, 5), 1, w.leerplicht),
                (date(2026, 5, 10), 2, w.leerplicht),
                (date(2026, 6, 1), 2, w.swv),
            ],
        ),
        c.D: (date(2026, 1, 13), [(date(2026, 1, 13), 1, None)]),
        c.G: (
            date(2026, 7, 21),
            [(date(2026, 7, 21), 1, w.school), (date(2026, 8, 5), 2, w.leerplicht)],
        ),
        c.J: (date(2026, 7, 5), []),
        c.L: (date(2025, 11, 4), []),
    }
    for case, (opened, rows) in stands.items():
        case.opened_at = local(opened, time(9, 0))
        session.execute(delete(RegieRecord).where(RegieRecord.case_id == case.id))
        for day, phase, org in rows:
            session.add(
                RegieRecord(
                    case_id=case.id,
                    since=local(day, time(10, 0)),
                    phase=phase,
                    lead_org_id=org.id if org else None,
                )
            )
    session.commit()
    return c


def regie(figures, ids) -> dict[str, int]:
    return {f: figures.total(ids, f) for f in sorted(figures.figure_names("regie."))}


def test_regie_per_phase_over_the_year_by_hand(session, world, history):
    r = jaarverslag.jaarverslag(session, world.lpa, Y2025, TODAY)
    assert regie(r.this, r.ids) == {
        "regie.1.geen": 1,  # Dina
        "regie.1.leerplicht": 1,  # Cas
        "regie.1.school": 4,  # Bram (B and E), Gijs, Jet, Lot
        "regie.2.leerplicht": 1,  # Cas
        "regie.2.school": 1,  # Bram (E)
        "regie.2.swv": 1,  # Cas
        "regie.3.swv": 1,  # Anna
    }
    assert regie(r.this, [world.zaltbommel.id])["regie.1.school"] == 2  # Bram, Jet
    assert regie(r.this, [world.tiel.id])["regie.1.school"] == 2  # Gijs, Lot
    columns = r.regie_columns()
    assert set(columns) == {(1, "school"), (1, "leerplicht"), (1, "geen")} | {
        (2, "school"),
        (2, "swv"),
        (2, "leerplicht"),
        (3, "swv"),
    }
    assert [p for p, _ in columns] == sorted(p for p, _ in columns)
    # The phase totals of the table: each pupil once per phase.
    from thuiszittertafel.reports.jaarverslag_tables import regie as regie_table

    table = regie_table(r, {})
    totals = {cells[0].text.split(".")[0]: cells[-1].text for cells in table.rows}
    assert totals == {"1": "6", "2": "2", "3": "1"}
    # The year before: Anna from 3 Jun 2025 (1, school) and from 15 Jul (3, swv).
    assert regie(r.last, r.ids) == {"regie.1.school": 1, "regie.3.swv": 1}


def test_regie_up_to_a_peildatum(session, world, history):
    r = jaarverslag.jaarverslag(session, world.lpa, Y2025, TODAY, date(2026, 5, 15))
    assert regie(r.this, r.ids) == {
        "regie.1.geen": 1,
        "regie.1.leerplicht": 1,
        "regie.1.school": 2,  # Bram (B), Lot
        "regie.2.leerplicht": 1,
        "regie.3.swv": 1,
    }


def test_regie_drilldown_lists_the_pupils_with_their_cases(session, world, history, browser):
    b = browser(world.lpa)
    url = "/rapportages/jaarverslag/casussen?school_year=2025-2026&field=regie.1.school"
    html = b.get(url).get_data(as_text=True)
    assert html.count('class="jv-member"') == 4
    bram = html[html.index("Bram Bakker") : html.index("</tr>", html.index("Bram Bakker"))]
    assert f"/casussen/{history.B.id}" in bram and f"/casussen/{history.E.id}" in bram
    page = b.get("/rapportages/jaarverslag?school_year=2025-2026").get_data(as_text=True)
    assert "Regie per fase, 2025-2026 tot en met 31-07-2026" in page
    assert "regiegeschiedenis" in page  # the definition printed below the table


def test_every_phase_or_regie_change_is_recorded(session, world, make_case):
    case = make_case(world.teacher, given_name="Nina")
    rows = lambda: session.execute(  # noqa: E731
        select(RegieRecord.phase, RegieRecord.lead_org_id)
        .where(RegieRecord.case_id == case.id)
        .order_by(RegieRecord.id)
    ).all()
    lead = case.lead_org_id
    # Opened (phase 1, nobody yet), then the regie the intake gives in the same moment.
    assert rows() == [(1, None), (1, lead)]
    case.summary = "Iets anders"  # no phase or regie change: nothing recorded
    session.commit()
    assert len(rows()) == 2
    case.phase = 2
    session.commit()
    case.lead_org_id = world.swv.id
    session.commit()
    assert rows()[2:] == [(2, lead), (2, world.swv.id)]
