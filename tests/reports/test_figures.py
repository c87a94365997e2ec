"""The thuiszitter report over the hand-built cases of conftest.py, every figure by hand.

Cases in 2025-2026 (1 Aug 2025 – 31 Jul 2026, peildatum 31 Jul 2026) seen by leerplicht
Rivierenland (Zaltbommel + Tiel), with days at home up to the return, closing, or 1 Aug 2026.
Langdurig relatief verzuim is the law's (cases/law.py): still absent on day 28 — a child
back on day 28 (28 days at home) never was one.

  A  Zaltbommel relatief   2 Jun 2025 → back 15 Sep 2025: 105 d, carried in, closed,
                           returned > 91 d, langdurig since 30 Jun 2025
  B  Zaltbommel relatief   1 Oct → back 20 Oct 2025: 19 d (kort), returned ≤ 91 d
  E  Zaltbommel relatief   4 May → back 1 Jun 2026: 28 d (kort: back on day 28), same pupil as B
  C  Zaltbommel absoluut   2 Mar 2026, open: 152 d by 1 Aug, thuiszitter
  J  Zaltbommel relatief   4 Jul 2026, closed 1 Aug 2026 00:30 local: open at the peildatum,
                           absent until 31 Jul (day 27): kort
  D  Tiel dreigend         12 Jan → closed 1 Feb 2026 (verhuisd), no return
  G  Tiel relatief         20 Jul 2026, open: 12 d by 1 Aug (kort)
  L  Tiel relatief         3 Nov → back 1 Dec 2025: 28 d (kort: back on day 28), RSG Lingecollege
Not in 2025-2026: F (closed 15 Jul 2025), H (from 7 Sep 2026); K lives in Elders.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from thuiszittertafel.core.errors import Forbidden
from thuiszittertafel.reports import queries
from thuiszittertafel.reports.definitions import COUNT_KEYS
from thuiszittertafel.reports.schoolyear import SchoolYear
from thuiszittertafel.reports.services import median, p90, thuiszitter_report

TODAY = date(2026, 11, 25)
Y2024, Y2025, Y2026 = SchoolYear(2024), SchoolYear(2025), SchoolYear(2026)


def report(session, user, year=Y2025):
    return thuiszitter_report(session, user, year, TODAY)


def nonzero(row: dict) -> dict:
    return {k: v for k, v in row.items() if v not in (0, None)}


ZALTBOMMEL_2025 = {
    "municipality": "Zaltbommel",
    "cases": 5,
    "carried_in": 1,
    "new": 4,
    "closed": 3,
    "open_at_end": 2,
    "thuiszitters": 2,  # A, C
    "absoluut": 1,
    "relatief_langdurig": 1,  # A
    "relatief_kort": 3,  # B, E, J
    "outcome_teruggeleid_zelfde_school": 1,
    "outcome_teruggeleid_andere_school": 1,
    "outcome_so_vso": 1,
    "returned": 3,
    "returned_within_3_months": 2,
    "median_days_to_return": 28,
    "p90_days_to_return": 105,
    "education_vo": 5,
    "blockers": 2,
    "blocker_days": 40 + 122,
    "blocker_wachtlijst_zorg": 1,
    "blocker_wachtlijst_zorg_days": 40,
    "blocker_wachtlijst_onderwijs": 1,
    "blocker_wachtlijst_onderwijs_days": 122,
}
TIEL_2025 = {
    "municipality": "Tiel",
    "cases": 3,
    "new": 3,
    "closed": 2,
    "open_at_end": 1,
    "relatief_kort": 2,  # G, L
    "dreigend": 1,
    "outcome_verhuisd": 1,
    "outcome_teruggeleid_zelfde_school": 1,
    "returned": 1,
    "returned_within_3_months": 1,
    "median_days_to_return": 28,
    "p90_days_to_return": 28,
    "education_vo": 3,
    "blockers": 1,
    "blocker_days": 7,
    "blocker_uit_beeld": 1,
    "blocker_uit_beeld_days": 7,
}


def test_leerplicht_2025_2026_by_hand(session, world, report_cases):
    r = report(session, world.lpa)
    assert r.reference_date == date(2026, 7, 31)
    assert [row["municipality"] for row in r.rows] == ["Tiel", "Zaltbommel"]
    assert nonzero(r.rows[1]) == ZALTBOMMEL_2025
    assert nonzero(r.rows[0]) == TIEL_2025
    assert nonzero(r.total) == {
        "municipality": "Totaal",
        "cases": 8,
        "carried_in": 1,
        "new": 7,
        "closed": 5,
        "open_at_end": 3,
        "thuiszitters": 2,
        "absoluut": 1,
        "relatief_langdurig": 1,
        "relatief_kort": 5,
        "dreigend": 1,
        "outcome_teruggeleid_zelfde_school": 2,
        "outcome_teruggeleid_andere_school": 1,
        "outcome_so_vso": 1,
        "outcome_verhuisd": 1,
        "returned": 4,
        "returned_within_3_months": 3,
        # over all four returns [19, 28, 28, 105], not the rows' medians
        "median_days_to_return": 28,
        "p90_days_to_return": 105,
        "education_vo": 8,
        "blockers": 3,
        "blocker_days": 169,
        "blocker_wachtlijst_zorg": 1,
        "blocker_wachtlijst_zorg_days": 40,
        "blocker_wachtlijst_onderwijs": 1,
        "blocker_wachtlijst_onderwijs_days": 122,
        "blocker_uit_beeld": 1,
        "blocker_uit_beeld_days": 7,
    }


def test_totals_are_sums_of_rows_and_balance(session, world, report_cases):
    for year in (Y2024, Y2025, Y2026):
        r = report(session, world.lpa, year)
        for key in COUNT_KEYS:
            assert r.total[key] == sum(row[key] for row in r.rows), (year, key)
        for row in (*r.rows, r.total):
            assert row["cases"] == row["carried_in"] + row["new"]
            assert row["cases"] == row["closed"] + row["open_at_end"]
            assert row["cases"] == sum(
                row[k]
                for k in (
                    "absoluut",
                    "relatief_langdurig",
                    "relatief_kort",
                    "dreigend",
                    "vrijstelling_traject",
                )
            )
            assert row["closed"] == sum(v for k, v in row.items() if k.startswith("outcome_"))


def test_previous_year_counts_the_case_open_across_the_boundary(session, world, report_cases):
    """2024-2025: A (new, still home on 31 Jul: 60 days by 1 Aug) and F (closed 15 Jul)."""
    r = report(session, world.lpa, Y2024)
    assert nonzero(r.total) == {
        "municipality": "Totaal",
        "cases": 2,
        "new": 2,
        "closed": 1,
        "open_at_end": 1,
        "thuiszitters": 1,
        "relatief_langdurig": 1,
        "vrijstelling_traject": 1,
        "outcome_vrijstelling": 1,
        "education_vo": 2,
        "blockers": 2,
        "blocker_days": 47 + 287,
        "blocker_wachtlijst_zorg": 1,
        "blocker_wachtlijst_zorg_days": 47,  # 15 Jun – 1 Aug 2025
        "blocker_geen_passend_aanbod": 1,
        "blocker_geen_passend_aanbod_days": 287,  # 1 Oct 2024 – 15 Jul 2025
    }
    assert r.total["median_days_to_return"] is None  # A came back in the next year


def test_running_year_counts_up_to_today(session, world, report_cases):
    """2026-2027 up to 25 Nov 2026: C, J (closed 1 Aug local time), G, H."""
    r = report(session, world.lpa, Y2026)
    assert r.reference_date == TODAY
    zaltbommel, tiel = r.rows[1], r.rows[0]
    # J closed on 1 Aug by the local date: absent until 31 Jul, no day of verzuim this year.
    assert nonzero(zaltbommel) == {
        "municipality": "Zaltbommel",
        "cases": 3,
        "carried_in": 2,
        "new": 1,
        "closed": 1,
        "open_at_end": 2,
        "thuiszitters": 2,  # C, H
        "absoluut": 1,
        "relatief_langdurig": 1,  # H
        "relatief_kort": 1,  # J
        "outcome_verhuisd": 1,
        "education_vo": 3,
        "blockers": 1,
        "blocker_days": 116,
        "blocker_wachtlijst_onderwijs": 1,
        "blocker_wachtlijst_onderwijs_days": 116,
    }
    # G: 128 days by today; its blocker from 1 Aug to today.
    assert nonzero(tiel) == {
        "municipality": "Tiel",
        "cases": 1,
        "carried_in": 1,
        "open_at_end": 1,
        "thuiszitters": 1,
        "relatief_langdurig": 1,
        "education_vo": 1,
        "blockers": 1,
        "blocker_days": 116,
        "blocker_uit_beeld": 1,
        "blocker_uit_beeld_days": 116,
    }


def test_reopened_pupil_counts_as_two_cases(session, world, report_cases):
    c = report_cases
    # The same child (name and birth date; the intake may or may not reuse the pupil row).
    same = [(x.pupil.given_name, x.pupil.family_name, x.pupil.birth_date) for x in (c.B, c.E)]
    assert same[0] == same[1] and c.B.id != c.E.id
    r = report(session, world.zorgco)
    zaltbommel = next(row for row in r.rows if row["municipality"] == "Zaltbommel")
    assert zaltbommel["cases"] == 5  # A, B, C, E, J: B and E both count


def test_at_home_by_month(session, world, report_cases):
    yc = queries.YearCases(session, world.lpa, Y2025, TODAY)
    runs = report(session, world.lpa).thuiszitter_runs
    months = {d: (home, tz) for d, home, tz in queries.at_home_by_month(session, yc, runs)}
    assert len(months) == 12
    assert months[date(2025, 8, 1)] == (1, 1)  # A, 60 days
    assert months[date(2025, 10, 1)] == (1, 0)  # B, first day
    assert months[date(2025, 11, 1)] == (0, 0)  # L starts 3 Nov
    assert months[date(2026, 2, 1)] == (0, 0)  # D closed on 1 Feb
    assert months[date(2026, 4, 1)] == (1, 1)  # C absoluut
    assert months[date(2026, 7, 1)] == (1, 1)  # C (E back on 1 Jun, G from 20 Jul)


def test_days_at_home_buckets(session, world, report_cases):
    """A 105, B 19, C 152, D 20, E 28, G 12, J 28, L 28."""
    yc = queries.YearCases(session, world.lpa, Y2025, TODAY)
    assert queries.days_at_home_buckets(session, yc) == [
        ("minder dan 4 weken", 3),
        ("4 weken tot 3 maanden", 3),
        ("3 tot 6 maanden", 2),
        ("6 tot 12 maanden", 0),
        ("een jaar of langer", 0),
    ]


def test_median_and_p90_definitions():
    assert median([]) is None and p90([]) is None
    assert median([19, 28, 105]) == 28 and p90([19, 28, 105]) == 105
    assert median([10, 21]) == 15.5
    assert p90(list(range(1, 11))) == 9  # ⌈0.9 × 10⌉ = 9th value
    assert p90(list(range(1, 12))) == 10  # ⌈9.9⌉ = 10th value


# --- scope: only the cases the asker may see ------------------------------------------


def test_leerplicht_sees_only_its_municipalities(session, world, report_cases):
    other = report(session, world.other_lpa)
    assert [row["municipality"] for row in other.rows] == ["Elders"]
    # K: relatief, po, since 1 Sep 2025, open: 334 days by 1 Aug 2026.
    assert nonzero(other.total) == {
        "municipality": "Totaal",
        "cases": 1,
        "new": 1,
        "open_at_end": 1,
        "thuiszitters": 1,
        "relatief_langdurig": 1,
        "education_po": 1,
    }
    assert "Elders" not in [row["municipality"] for row in report(session, world.lpa).rows]


def test_school_sees_only_its_pupils(session, world, report_cases, make_user):
    r = report(session, world.zorgco)
    tiel = next(row for row in r.rows if row["municipality"] == "Tiel")
    assert tiel["cases"] == 2  # D and G; L is a pupil of RSG Lingecollege
    assert r.total["cases"] == 7
    rsg = report(session, make_user(world.school2, "coordinator"))
    assert [(row["municipality"], row["cases"]) for row in rsg.rows] == [("Tiel", 1)]  # L


def test_swv_coordinator_sees_its_region(session, world, report_cases):
    swv = report(session, world.swv_coordinator)
    lpa = report(session, world.lpa)
    assert swv.rows == lpa.rows and swv.total == lpa.total  # A–L minus K and F/H
    assert report(session, world.other_swv_coordinator).total["cases"] == 1  # K


def test_wijkteam_coordinator_sees_its_participant_cases(session, world, report_cases):
    r = report(session, report_cases.wijkteam_coordinator)
    assert [(row["municipality"], row["cases"]) for row in r.rows] == [("Zaltbommel", 1)]


def test_gemeente_without_participations_sees_nothing(session, world, report_cases):
    r = report(session, world.gemeente_worker)
    assert r.rows == [] and r.total["cases"] == 0


@pytest.mark.parametrize("username", ["teacher", "swv_worker", "wijkteam_worker", "ggd_doctor"])
def test_workers_have_no_report(session, world, report_cases, username):
    with pytest.raises(Forbidden):
        report(session, getattr(world, username))


def test_thuiszitters_are_the_laws(session, world, make_case):
    """A vrijstelling, or the 18th birthday, ends verzuim; day 28 is the boundary."""
    from tests.reports.conftest import exemption

    exempt = make_case(world.teacher, absent_since=date(2026, 9, 1))
    exemption(session, exempt, "5-a", date(2026, 9, 1), None, world.lpa)
    adult = make_case(world.teacher, birth_date=date(2008, 12, 20), absent_since=date(2026, 9, 1))
    adult.pupil.birth_date = date(2008, 9, 20)  # (the intake refuses an 18-year-old)
    make_case(world.teacher, absent_since=date(2026, 10, 28))  # day 28 today
    make_case(world.teacher, absent_since=date(2026, 10, 29))  # day 27
    session.commit()
    zaltbommel = report(session, world.lpa, Y2026).rows[0]
    # adult: langdurig from 29 Sep, 18 on 20 Sep → never; the exempt one never.
    assert (zaltbommel["cases"], zaltbommel["thuiszitters"]) == (4, 1)
    assert (zaltbommel["relatief_langdurig"], zaltbommel["relatief_kort"]) == (1, 3)


def test_holding_on_counts_as_the_law_asks_each_case():
    """`holding_on` (one pass, by bisection) gives what asking `law.holds_on` for every case
    on every day gives: runs ending or starting on a day, a case with several runs, runs
    before, between and after the days, overlapping runs of one case counted once."""
    import random

    from thuiszittertafel.cases import law

    days = [date(2025, 8, 1) + timedelta(days=30 * i) for i in range(12)]
    rnd = random.Random(7)
    cases = [[(days[2], days[2])], [(days[0], days[0]), (days[11], date(2027, 1, 1))]]
    cases += [[(date(2025, 1, 1), date(2025, 7, 31))], [(days[3], days[5]), (days[4], days[6])]]
    for _ in range(300):
        runs = []
        for _ in range(rnd.randint(0, 3)):
            first = date(2025, 7, 1) + timedelta(days=rnd.randint(0, 400))
            runs.append((first, first + timedelta(days=rnd.randint(0, 120))))
        cases.append(runs)
    expected = [sum(1 for runs in cases if law.holds_on(runs, d)) for d in days]
    assert queries.holding_on(days, cases) == expected
    assert expected[2] >= 1 and expected[0] >= 1 and max(expected) < len(cases)
    assert queries.holding_on(days, []) == [0] * 12
