"""A hand-built case set for the report; every expected figure is worked out in the tests.

Today is frozen at 2026-11-25. School years: 2024-2025, 2025-2026 (1 Aug 2025 – 31 Jul 2026)
and the running 2026-2027. Day counts (end − start) are written next to each case.
"""

from __future__ import annotations

from datetime import date, datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from tests.api.conftest import anonymous, api  # noqa: F401 - the API client fixtures
from tests.meetings.conftest import meeting, other_case, published  # noqa: F401 - a meeting
from thuiszittertafel import clock
from thuiszittertafel.cases.models import AbsenceReport, Blocker, Exemption
from thuiszittertafel.cases.participation import add_participation

AMS = ZoneInfo("Europe/Amsterdam")


def local(day: date, at: time = time(12, 0)) -> datetime:
    return datetime.combine(day, at, AMS)


def close(
    session, case, closed: date | datetime, outcome: str, resumed: date | None = None
) -> None:
    """Close a case on a past date (the service only closes 'now')."""
    case.status, case.outcome = "closed", outcome
    case.closed_at = closed if isinstance(closed, datetime) else local(closed)
    case.education_resumed_on = resumed
    session.flush()


def blocker(session, case, kind: str, since: date, until: date | None, by) -> None:
    session.add(Blocker(case_id=case.id, kind=kind, since=since, until=until, recorded_by_id=by.id))
    session.flush()


def exemption(session, case, article, starts, ends, by, decision="toegekend") -> None:
    """A vrijstelling as leerplicht records it (decided the day it starts)."""
    session.add(
        Exemption(
            case_id=case.id,
            article=article,
            advice_on=starts,
            decided_on=starts,
            decision=decision,
            starts_on=starts,
            ends_on=ends,
            recorded_by_id=by.id,
        )
    )
    session.flush()


def melding(session, case, kind: str, on: date, by) -> None:
    """A verzuimmelding of `kind` dated `on`, by the user's organisation."""
    session.add(
        AbsenceReport(
            case_id=case.id,
            reported_on=on,
            type=kind,
            hours=16 if kind == "wettelijk" else None,
            reporter_org_id=by.org_id,
            recorded_by_id=by.id,
            recorded_at=local(on),
        )
    )
    session.flush()


@pytest.fixture
def report_cases(session, world, make_case, make_user):
    """The cases A–L of the report tests (see the module docstring of test_figures.py)."""
    w = world
    c = SimpleNamespace()
    # A: Zaltbommel, relatief, home 2 Jun 2025 – 15 Sep 2025 (105 days), open across 1 Aug.
    c.A = make_case(w.teacher, given_name="Anna", absent_since=date(2025, 6, 2))
    # The wijkteam takes part in A only (with the parents' consent).
    add_participation(
        session,
        w.teacher,
        c.A,
        "participant",
        {"org_id": w.wijkteam.id, "consent_basis": "toestemming-ouders-en-jongere"},
        now=clock.now(),
    )
    close(session, c.A, date(2025, 9, 20), "teruggeleid-zelfde-school", date(2025, 9, 15))
    blocker(session, c.A, "wachtlijst-zorg", date(2025, 6, 15), date(2025, 9, 10), w.teacher)
    # B: Zaltbommel, relatief, 1 Oct – 20 Oct 2025 (19 days), back at another school.
    c.B = make_case(
        w.teacher,
        given_name="Bram",
        family_name="Bakker",
        birth_date=date(2012, 1, 1),
        absent_since=date(2025, 10, 1),
    )
    close(session, c.B, date(2025, 10, 21), "teruggeleid-andere-school", date(2025, 10, 20))
    # E: the same pupil as B again (a later case): 4 May – 1 Jun 2026 (28 days), so-vso.
    session.commit()
    c.E = make_case(
        w.teacher,
        given_name="Bram",
        family_name="Bakker",
        birth_date=date(2012, 1, 1),
        absent_since=date(2026, 5, 4),
    )
    close(session, c.E, date(2026, 6, 3), "so-vso", date(2026, 6, 1))
    # C: Zaltbommel, absoluut since 2 Mar 2026, still open.
    c.C = make_case(w.teacher, given_name="Cas", kind="absoluut", absent_since=date(2026, 3, 2))
    blocker(session, c.C, "wachtlijst-onderwijs", date(2026, 4, 1), None, w.teacher)
    # D: Tiel, dreigend, 12 Jan – closed 1 Feb 2026 (moved), no return date.
    c.D = make_case(
        w.teacher,
        given_name="Dina",
        kind="dreigend",
        municipality=w.tiel,
        absent_since=date(2026, 1, 12),
    )
    close(session, c.D, date(2026, 2, 1), "verhuisd")
    # F: Tiel, vrijstelling-traject 2 Sep 2024 – closed 15 Jul 2025: only in 2024-2025.
    c.F = make_case(
        w.teacher,
        given_name="Fenna",
        kind="vrijstelling-traject",
        municipality=w.tiel,
        absent_since=date(2024, 9, 2),
    )
    close(session, c.F, date(2025, 7, 15), "vrijstelling")
    blocker(session, c.F, "geen-passend-aanbod", date(2024, 10, 1), date(2025, 7, 15), w.teacher)
    # G: Tiel, relatief since 20 Jul 2026, open: 12 days by 1 Aug, 128 days by today.
    c.G = make_case(
        w.teacher, given_name="Gijs", municipality=w.tiel, absent_since=date(2026, 7, 20)
    )
    blocker(session, c.G, "uit-beeld", date(2026, 7, 25), None, w.teacher)
    # H: Zaltbommel, relatief since 7 Sep 2026 (79 days today): only in 2026-2027.
    c.H = make_case(w.teacher, given_name="Hugo", absent_since=date(2026, 9, 7))
    # J: Zaltbommel, relatief since 4 Jul 2026, closed 1 Aug 2026 00:30 Amsterdam time
    # (31 Jul 22:30 UTC): 28 days by the local date, 27 by the UTC date.
    c.J = make_case(w.teacher, given_name="Jet", absent_since=date(2026, 7, 4))
    close(session, c.J, local(date(2026, 8, 1), time(0, 30)), "verhuisd")
    # L: Tiel, RSG Lingecollege pupil, 3 Nov – 1 Dec 2025 (28 days), back at the same school.
    c.L = make_case(
        w.school2_worker, given_name="Lot", municipality=w.tiel, absent_since=date(2025, 11, 3)
    )
    close(session, c.L, date(2025, 12, 2), "teruggeleid-zelfde-school", date(2025, 12, 1))
    # K: another region (Elders, SWV Elders), po, relatief since 1 Sep 2025, open.
    c.K = make_case(
        w.far_worker,
        given_name="Kim",
        education_type="po",
        birth_date=date(2016, 3, 3),
        absent_since=date(2025, 9, 1),
    )
    c.wijkteam_coordinator = make_user(w.wijkteam, "coordinator", username="wijkco")
    session.commit()
    return c
