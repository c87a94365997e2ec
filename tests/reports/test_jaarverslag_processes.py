"""Seed 000's "Processen per gemeente" and the pupils split leerplichtig / kwalificatieplichtig
in the jaarverslag, over the hand-built cases of conftest.py (test_jaarverslag.py tells them).

2025-2026 (peildatum 31 Jul 2026), by case kind: Zaltbommel relatief Anna (A), Bram (B, E),
Jet (J); absoluut Cas (C). Tiel dreigend Dina (D); relatief Gijs (G), Lot (L). 2024-2025:
Zaltbommel relatief Anna (A); Tiel vrijstelling-traject Fenna (F).
Added here: vrijstellingen on C (5-a from 1 Jun 2026: in the year), on A (ended 1 May 2025:
before it) and on G (afgewezen: never); handhaving Halt on B (10 Oct 2025), proces-verbaal
relatief on E (20 May 2026), luxe on J (15 Jul 2026), a waarschuwing on C (no row) and a Halt
on C dated 5 Aug 2026 (after the peildatum)."""

from __future__ import annotations

import csv
import io
from datetime import date
from html import unescape

import pytest

from tests.reports.conftest import exemption, local
from tests.reports.test_jaarverslag import LINK, PAGE, TODAY, Y2025, pupils  # noqa: F401
from thuiszittertafel import clock
from thuiszittertafel.cases.models import EnforcementStep
from thuiszittertafel.cases.participation import add_participation
from thuiszittertafel.core.errors import Forbidden
from thuiszittertafel.reports import jaarverslag, jaarverslag_tables

PROCESSES = ("zorg-preventie", "relatief", "absoluut", "vrijstelling", "totaal")
HANDHAVING = ("halt", "proces-verbaal")


def step(session, case, kind, on, by, pv_type=None) -> None:
    session.add(
        EnforcementStep(
            case_id=case.id,
            step=kind,
            pv_type=pv_type,
            taken_on=on,
            org_id=by.org_id,
            recorded_by_id=by.id,
            recorded_at=local(on),
        )
    )
    session.flush()


@pytest.fixture
def processes(session, world, report_cases):
    c, lpa = report_cases, world.lpa
    exemption(session, c.C, "5-a", date(2026, 6, 1), None, lpa)
    exemption(session, c.A, "5-b", date(2025, 3, 1), date(2025, 5, 1), lpa)
    exemption(session, c.G, "15", date(2026, 7, 25), None, lpa, decision="afgewezen")
    step(session, c.B, "halt", date(2025, 10, 10), lpa)
    step(session, c.E, "proces-verbaal", date(2026, 5, 20), lpa, "relatief")
    step(session, c.J, "proces-verbaal", date(2026, 7, 15), lpa, "luxe")
    step(session, c.C, "waarschuwing", date(2026, 4, 1), lpa)
    step(session, c.C, "halt", date(2026, 8, 5), lpa)
    session.commit()
    return c


def counts(r, year, m=None, paths=PROCESSES + HANDHAVING) -> dict:
    return {p: r.count(m.id if m else None, f"proces.{p}", year) for p in paths}


def test_processes_by_hand(session, world, processes, pupils):  # noqa: F811
    r = jaarverslag.jaarverslag(session, world.lpa, Y2025, TODAY)
    w, last = world, r.previous
    assert r.handhaving
    assert counts(r, Y2025, w.zaltbommel) == {
        "zorg-preventie": 0,
        "relatief": 3,  # Anna, Bram (B and E once), Jet
        "absoluut": 1,  # Cas
        "vrijstelling": 1,  # Cas: 5-a from 1 Jun 2026
        "totaal": 4,  # Cas once
        "halt": 1,  # Bram; Cas's Halt is after the peildatum
        "proces-verbaal": 2,  # Bram (relatief), Jet (luxe)
    }
    assert counts(r, Y2025, w.tiel) == {
        "zorg-preventie": 1,  # Dina
        "relatief": 2,  # Gijs, Lot
        "absoluut": 0,
        "vrijstelling": 0,  # Gijs's vrijstelling was refused
        "totaal": 3,
        "halt": 0,
        "proces-verbaal": 0,
    }
    assert counts(r, Y2025)["totaal"] == 7
    assert counts(r, last, w.zaltbommel)["relatief"] == 1  # Anna; her 5-b ended in 2024-2025
    assert counts(r, last, w.zaltbommel)["vrijstelling"] == 1
    assert counts(r, last, w.tiel)["vrijstelling"] == 1  # Fenna's vrijstelling-traject
    # The pupils split as functioneel beheer entered them.
    assert r.pupil_total(w.zaltbommel.id, Y2025, "leerplichtig") == 1000
    assert r.pupil_total(None, Y2025, "kwalificatieplichtig") == 400
    assert r.pupil_total(None, last, "leerplichtig") is None  # Tiel has no 2024 count


def test_page_pdf_and_csv_show_processes_and_every_number_lists_its_pupils(
    session,
    world,
    processes,
    pupils,  # noqa: F811
    browser,
):
    b = browser(world.lpa)
    html = unescape(b.get(f"{PAGE}?school_year=2025-2026").get_data(as_text=True))
    table = html[html.index('id="jv-processen"') :]
    table = table[: table.index("</section>")]
    for text in ("Processen per gemeente", "Zorg en preventie", "Waarvan Halt", "Vervangende"):
        assert text in table
    assert "Kwalificatieplichtig 2025-2026" in html
    links = [(u, int(n)) for u, n in LINK.findall(table)]
    assert any("field=proces.halt" in u for u, _ in links)
    assert len(links) > 10
    for url, n in links:
        listed = b.get(url)
        assert listed.status_code == 200, url
        assert listed.get_data(as_text=True).count('class="jv-member"') == n, url
    pdf = b.get(f"{PAGE}?school_year=2025-2026&format=pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    body = b.get(f"{PAGE}?school_year=2025-2026&format=csv").data.decode("utf-8-sig")
    rows = {
        (r["municipality"], r["school_year"]): r
        for r in csv.DictReader(io.StringIO(body), delimiter=";")
    }
    z = rows[("Zaltbommel", "2025-2026")]
    assert (z["proces.relatief"], z["proces.proces-verbaal"]) == ("3", "2")
    assert (z["pupils_leerplichtig"], z["pupils_kwalificatieplichtig"]) == ("1000", "250")


def test_api_has_processes_and_handhaving_for_leerplicht_only(
    session,
    world,
    processes,
    pupils,  # noqa: F811
    api,
):
    body = api(world.lpa).get("/api/v1/reports/jaarverslag?school_year=2025-2026").get_json()
    z = next(r for r in body["rows"] if r["municipality"] == "Zaltbommel")
    assert (z["proces.totaal"], z["proces.halt"], z["proces.proces-verbaal"]) == (4, 1, 2)
    assert (z["pupils_leerplichtig"], z["pupils_kwalificatieplichtig"]) == (1000, 250)
    assert "Wet politiegegevens" in body["definitions"]["proces.halt"]


@pytest.fixture
def gemeente(session, world, processes):
    """The gemeente takes part in Cas's case: it sees a case, so it gets figures."""
    add_participation(
        session,
        world.lpa,
        processes.C,
        "participant",
        {"org_id": world.gemeente.id, "consent_basis": "toestemming-ouders-en-jongere"},
        now=clock.now(),
    )
    session.commit()
    return world.gemeente_worker


def test_the_gemeente_gets_processes_without_handhaving(
    session,
    world,
    gemeente,
    pupils,  # noqa: F811
    browser,
    api,
):
    r = jaarverslag.jaarverslag(session, gemeente, Y2025, TODAY)
    assert not r.handhaving
    assert counts(r, Y2025, world.zaltbommel, PROCESSES) == {
        "zorg-preventie": 0,
        "relatief": 0,
        "absoluut": 1,
        "vrijstelling": 1,
        "totaal": 1,
    }
    assert counts(r, Y2025, world.zaltbommel, HANDHAVING) == {"halt": 0, "proces-verbaal": 0}
    table = jaarverslag_tables.processes(r)
    assert [row[0].text for row in table.rows][-1] == "Totaal"
    b = browser(gemeente)
    html = b.get(f"{PAGE}?school_year=2025-2026").get_data(as_text=True)
    assert "Processen per gemeente" in html and "Halt" not in html
    assert "proces-verbaal" not in html.lower()
    refused = b.get(f"{PAGE}/casussen?school_year=2025-2026&field=proces.halt")
    assert refused.status_code == 403
    assert "Wet politiegegevens" in unescape(refused.get_data(as_text=True))
    with pytest.raises(Forbidden):
        jaarverslag.require_figure_readable(gemeente, "proces.proces-verbaal")
    body = api(gemeente).get("/api/v1/reports/jaarverslag?school_year=2025-2026").get_json()
    assert all("proces.halt" not in row for row in body["rows"])
    assert "proces.halt" not in body["definitions"]
    csv_body = b.get(f"{PAGE}?school_year=2025-2026&format=csv").data.decode("utf-8-sig")
    assert "proces.totaal" in csv_body and "proces.halt" not in csv_body
