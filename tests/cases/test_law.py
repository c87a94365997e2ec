"""The legal definitions (DESIGN §4a), table-tested on boundary dates, and their SQL twins
checked against the pure functions on the same cases (both databases)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from thuiszittertafel.cases import law
from thuiszittertafel.cases.law import Situation

D = date


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        (D(2010, 3, 15), D(2015, 3, 31), False),  # 5 today-ish: starts the month after
        (D(2010, 3, 15), D(2015, 4, 1), True),
        (D(2010, 12, 5), D(2016, 1, 1), True),  # December birthday: January next year
        (D(2010, 12, 5), D(2015, 12, 31), False),
        (D(2010, 3, 15), D(2026, 7, 31), True),  # turns 16 in school year 2025-2026
        (D(2010, 3, 15), D(2026, 8, 1), False),  # the day after that school year
        (D(2010, 9, 1), D(2027, 7, 31), True),  # turns 16 on 1 Sept: school year 2026-2027
        (D(2010, 9, 1), D(2027, 8, 1), False),
        (D(2012, 2, 29), D(2017, 3, 31), False),  # 29 Feb: 5th "birthday" on 1 March
        (D(2012, 2, 29), D(2017, 4, 1), True),
    ],
)
def test_leerplichtig(birth, on, expected):
    assert law.leerplichtig(birth, on) is expected


@pytest.mark.parametrize(
    ("birth", "on", "startkwalificatie", "expected"),
    [
        (D(2010, 3, 15), D(2026, 7, 31), False, False),  # still leerplichtig
        (D(2010, 3, 15), D(2026, 8, 1), False, True),
        (D(2010, 3, 15), D(2026, 8, 1), True, False),  # a startkwalificatie ends it
        (D(2010, 3, 15), D(2028, 3, 14), False, True),  # the day before the 18th birthday
        (D(2010, 3, 15), D(2028, 3, 15), False, False),  # 18 today
    ],
)
def test_kwalificatieplichtig(birth, on, startkwalificatie, expected):
    assert law.kwalificatieplichtig(birth, on, startkwalificatie) is expected


def sit(**kw) -> Situation:
    base = {
        "birth_date": D(2012, 5, 4),
        "kind": "relatief",
        "enrolled": True,
        "absent_since": D(2026, 10, 1),
    }
    return Situation(**{**base, **kw})


GRANTED_5A = (D(2026, 10, 20), D(2027, 7, 31), "toegekend")

CASES = [
    # (label, situation, on, thuiszitter, langdurig relatief, absoluut)
    ("relatief day 27", sit(), D(2026, 10, 28), False, False, False),
    ("relatief day 28", sit(), D(2026, 10, 29), True, True, False),
    (
        "authorised (sick) day 100",
        sit(kind="dreigend", absence_authorised=True),
        D(2027, 1, 9),
        False,
        False,
        False,
    ),
    ("dreigend, partial attendance", sit(kind="dreigend"), D(2027, 1, 9), False, False, False),
    (
        "not enrolled, day 1",
        sit(kind="absoluut", enrolled=False),
        D(2026, 10, 1),
        True,
        False,
        True,
    ),
    (
        "not enrolled, before the first day",
        sit(kind="absoluut", enrolled=False),
        D(2026, 9, 30),
        False,
        False,
        False,
    ),
    (
        "vrijstelling starts on the date",
        sit(exemptions=(GRANTED_5A,)),
        D(2026, 10, 20),
        False,
        False,
        False,
    ),
    (
        "the day before the vrijstelling",
        sit(exemptions=(GRANTED_5A,)),
        D(2026, 10, 19),
        False,
        False,
        False,
    ),
    (
        "vrijstelling ends on the date",
        sit(exemptions=(GRANTED_5A,)),
        D(2027, 7, 31),
        False,
        False,
        False,
    ),
    (
        "the day after the vrijstelling",
        sit(exemptions=(GRANTED_5A,)),
        D(2027, 8, 1),
        True,
        True,
        False,
    ),
    (
        "vrijstelling refused",
        sit(exemptions=((D(2026, 10, 20), None, "afgewezen"),)),
        D(2026, 11, 1),
        True,
        True,
        False,
    ),
    (
        "vrijstelling not yet decided",
        sit(exemptions=((D(2026, 10, 20), None, None),)),
        D(2026, 11, 1),
        True,
        True,
        False,
    ),
    (
        "absoluut with a vrijstelling",
        sit(kind="absoluut", enrolled=False, exemptions=((D(2026, 9, 1), None, "van-rechtswege"),)),
        D(2026, 11, 1),
        False,
        False,
        False,
    ),
    (
        "16: the last day of leerplicht",
        sit(birth_date=D(2010, 3, 15), absent_since=D(2026, 6, 1)),
        D(2026, 7, 31),
        True,
        True,
        False,
    ),
    (
        "kwalificatieplichtig after it",
        sit(birth_date=D(2010, 3, 15), absent_since=D(2026, 6, 1)),
        D(2026, 8, 1),
        True,
        True,
        False,
    ),
    (
        "startkwalificatie",
        sit(birth_date=D(2008, 3, 15), has_startkwalificatie=True),
        D(2026, 11, 1),
        False,
        False,
        False,
    ),
    (
        "the day before the 18th birthday",
        sit(birth_date=D(2008, 11, 2)),
        D(2026, 11, 1),
        True,
        True,
        False,
    ),
    ("18 today", sit(birth_date=D(2008, 11, 1)), D(2026, 11, 1), False, False, False),
    (
        "20 years old",
        sit(birth_date=D(2006, 1, 1), kind="absoluut", enrolled=False),
        D(2026, 11, 1),
        False,
        False,
        False,
    ),
    ("back at school", sit(absent_until=D(2026, 11, 1)), D(2026, 11, 1), False, False, False),
]


@pytest.mark.parametrize(
    ("label", "s", "on", "thuiszitter", "relatief", "absoluut"), CASES, ids=[c[0] for c in CASES]
)
def test_definitions(label, s, on, thuiszitter, relatief, absoluut):
    assert law.thuiszitter(s, on) is thuiszitter
    assert law.langdurig_relatief_verzuimer(s, on) is relatief
    assert law.absoluut_verzuimer(s, on) is absoluut


def test_geoorloofd_is_never_verzuim():
    sick = sit(kind="dreigend", absence_authorised=True)
    assert law.geoorloofd_afwezig(sick) and not law.is_verzuim(sick)
    assert law.thuiszitter_since(sick) is None
    assert law.days_without_education(sick, D(2026, 10, 29)) == 28  # still shown
    assert law.is_verzuim(sit()) and law.thuiszitter_since(sit()) == D(2026, 10, 29)
    assert law.thuiszitter_since(sit(kind="absoluut", enrolled=False)) == D(2026, 10, 1)


@pytest.mark.parametrize(
    "on",
    [
        D(2026, 7, 31),
        D(2026, 8, 1),
        D(2026, 11, 29),
        D(2027, 2, 28),
        D(2028, 2, 29),
        D(2027, 12, 31),
    ],
)
def test_birth_date_bounds_agree_with_the_functions(on):
    oldest_exclusive, leerplicht_oldest, youngest = law.birth_date_bounds(on)
    for b in (oldest_exclusive, leerplicht_oldest, youngest):
        for d in range(-2, 3):
            birth = b + timedelta(days=d)
            in_leerplicht = leerplicht_oldest <= birth <= youngest
            in_kwalificatie = oldest_exclusive < birth < leerplicht_oldest
            assert law.leerplichtig(birth, on) is in_leerplicht, birth
            assert law.kwalificatieplichtig(birth, on, False) is in_kwalificatie, birth


def test_sql_twins_agree_with_the_pure_functions(session, world, make_case):
    """The same cases through `thuiszitter_condition` and through `thuiszitter`."""
    from thuiszittertafel.cases.models import Case, Exemption

    today = D(2026, 11, 25)
    made = [
        make_case(world.teacher, absent_since=D(2026, 10, 28)),  # day 28
        make_case(world.teacher, absent_since=D(2026, 10, 29)),  # day 27
        make_case(
            world.teacher,
            kind="dreigend",
            absence_authorised="true",
            absence_reason="ziek-medisch",
            absent_since=D(2026, 6, 1),
        ),
        make_case(world.lpa, kind="absoluut", absent_since=D(2026, 11, 20)),
        make_case(world.teacher, birth_date=D(2010, 3, 15), absent_since=D(2026, 6, 1)),
        make_case(world.teacher, birth_date=D(2008, 11, 26), absent_since=D(2026, 6, 1)),
        make_case(world.teacher, birth_date=D(2008, 11, 26), absent_since=D(2026, 6, 1)),
    ]
    made += [  # 17, kwalificatieplichtig: the first obtains a startkwalificatie later
        make_case(world.teacher, birth_date=D(2009, 6, 1), absent_since=D(2026, 6, 1)),
        make_case(world.teacher, birth_date=D(2009, 6, 1), absent_since=D(2026, 6, 1)),
    ]
    # The SQL reads the case's copy of these: it follows the pupil.
    made[6].pupil.birth_date = D(2008, 11, 25)  # opened in time; 18 today
    made[7].pupil.has_startkwalificatie = True
    exempted = make_case(world.teacher, absent_since=D(2026, 6, 1))
    session.add(
        Exemption(
            case_id=exempted.id,
            article="5-a",
            starts_on=D(2026, 11, 1),
            decision="toegekend",
            recorded_by_id=world.lpa.id,
        )
    )
    session.commit()
    made.append(exempted)
    in_sql = set(session.scalars(select(Case.id).where(law.thuiszitter_condition(today))))
    in_python = set()
    for c in made:
        session.refresh(c)
        exemptions = session.scalars(select(Exemption).where(Exemption.case_id == c.id))
        if law.thuiszitter(law.situation(c, exemptions), today):
            in_python.add(c.id)
    assert in_sql == in_python == {made[0].id, made[3].id, made[4].id, made[5].id, made[8].id}
    candidates = set(session.scalars(select(Case.id).where(law.may_be_thuiszitter_condition())))
    assert candidates == {c.id for c in made if law.may_be_thuiszitter(law.situation(c))}
    assert candidates == {c.id for c in made} - {made[2].id}  # all but the sick child


# --- over a period --------------------------------------------------------------------

MORE = [
    # two vrijstellingen with a gap between them, one refused
    sit(
        kind="absoluut",
        enrolled=False,
        exemptions=(
            (D(2026, 10, 10), D(2026, 10, 20), "toegekend"),
            (D(2026, 10, 25), None, "van-rechtswege"),
            (D(2026, 10, 21), None, "afgewezen"),
        ),
    ),
    # leerplicht starts in the period (5th birthday 15 Sep 2026: from 1 Oct)
    sit(birth_date=D(2021, 9, 15), kind="absoluut", enrolled=False, absent_since=D(2026, 8, 20)),
    # the 18th birthday in the period, back at school later
    sit(birth_date=D(2008, 12, 1), absent_until=D(2027, 1, 10)),
    # back before day 28 and back on day 28 and day 29
    sit(absent_until=D(2026, 10, 28)),
    sit(absent_until=D(2026, 10, 29)),
    sit(absent_until=D(2026, 10, 30)),
]


def days(first: date, last: date):
    while first <= last:
        yield first
        first += timedelta(days=1)


@pytest.mark.parametrize("s", [c[1] for c in CASES] + MORE)
def test_spans_are_the_days_the_definitions_hold(s):
    first, last = D(2026, 8, 1), D(2027, 7, 31)
    spans = {
        law.absoluut_verzuimer: law.absoluut_verzuimer_spans(s, first, last),
        law.langdurig_relatief_verzuimer: law.langdurig_relatief_spans(s, first, last),
        law.thuiszitter: law.thuiszitter_spans(s, first, last),
    }
    if spans[law.thuiszitter]:
        assert law.may_be_thuiszitter(s)
    for definition, runs in spans.items():
        assert runs == sorted(runs)
        for day in days(first, last):
            inside = law.holds_on(runs, day)
            assert inside is definition(s, day), (definition.__name__, day)


def test_plicht_span_is_plichtig():
    for birth, sk in [(D(2012, 2, 29), False), (D(2010, 3, 15), True), (D(2008, 12, 1), False)]:
        a, b = law.plicht_span(birth, sk)
        for day in days(a - timedelta(days=3), a + timedelta(days=3)):
            assert law.plichtig(birth, day, sk) is (a <= day <= b)
        for day in days(b - timedelta(days=3), b + timedelta(days=3)):
            assert law.plichtig(birth, day, sk) is (a <= day <= b)


YEAR = (D(2025, 8, 1), D(2026, 7, 31))


def absoluut(**kw) -> Situation:
    """Not enrolled since 1 Sep 2025."""
    return sit(**{"kind": "absoluut", "enrolled": False, "absent_since": D(2025, 9, 1), **kw})


def relatief(until: date | None, outcome: str | None = None, **kw) -> Situation:
    """Relatief verzuim since 1 Oct 2025 (day 28 is 29 Oct)."""
    return sit(**{"absent_since": D(2025, 10, 1), "absent_until": until, "outcome": outcome, **kw})


MARCH_1 = D(2026, 3, 1)
GRANTED_FEB = ((D(2026, 2, 1), None, "toegekend"),)


@pytest.mark.parametrize(
    ("label", "s", "opgelost"),
    [
        ("enrolled on 1 Mar", absoluut(absent_until=MARCH_1, outcome="isk"), True),
        (
            "closed with a vrijstelling",
            absoluut(absent_until=MARCH_1, outcome="vrijstelling"),
            True,
        ),
        ("exempted while open", absoluut(exemptions=GRANTED_FEB), True),
        ("moved away", absoluut(absent_until=MARCH_1, outcome="verhuisd"), False),
        ("enrolled after the year", absoluut(absent_until=D(2026, 8, 1), outcome="isk"), False),
        ("enrolled on the last day", absoluut(absent_until=D(2026, 7, 31), outcome="isk"), True),
        ("turned 18", absoluut(birth_date=D(2008, 3, 1)), False),
        ("still absent", absoluut(), False),
        (
            "exempted before the year",
            absoluut(absent_since=D(2025, 1, 1), exemptions=((D(2025, 6, 1), None, "toegekend"),)),
            False,
        ),
    ],
)
def test_absoluut_opgelost(label, s, opgelost):
    assert law.absoluut_opgelost(s, *YEAR) is opgelost


@pytest.mark.parametrize(
    ("label", "s", "teruggeleid"),
    [
        ("back on day 40", relatief(D(2025, 11, 10), "teruggeleid-zelfde-school"), True),
        ("back on day 28: never langdurig", relatief(D(2025, 10, 29), "so-vso"), False),
        ("back on day 29", relatief(D(2025, 10, 30), "so-vso"), True),
        ("closed as moved", relatief(D(2025, 11, 10), "verhuisd"), False),
        ("exempted, no return", relatief(None, exemptions=GRANTED_FEB), False),
        (
            "back in the next year",
            relatief(D(2026, 8, 20), "isk", absent_since=D(2026, 5, 1)),
            False,
        ),
        (
            "sick, back",
            relatief(D(2025, 12, 1), "so-vso", kind="dreigend", absence_authorised=True),
            False,
        ),
    ],
)
def test_langdurig_relatief_teruggeleid(label, s, teruggeleid):
    assert law.langdurig_relatief_teruggeleid(s, *YEAR) is teruggeleid


@pytest.mark.parametrize(
    ("birth", "sk", "expected"),
    [
        (D(2010, 3, 15), False, "leerplichtig"),  # turns 16 in 2025-2026: leerplichtig all year
        (D(2009, 7, 31), False, "kwalificatieplichtig"),  # 16 in 2025: leerplicht ended 31 Jul
        (D(2009, 7, 31), True, None),
        (D(2008, 3, 1), False, "kwalificatieplichtig"),  # 18 on 1 Mar 2026
        (D(2007, 7, 31), False, None),  # 18 before the year
        (D(2021, 6, 15), False, "leerplichtig"),  # 5 on 15 Jun 2026: leerplichtig from 1 Jul
        (D(2021, 7, 1), False, None),  # from 1 Aug 2026: the next year
    ],
)
def test_plicht_in_a_school_year(birth, sk, expected):
    assert law.plicht_in(birth, sk, *YEAR) == expected


def test_absence_end_is_the_local_day():
    from datetime import UTC, datetime

    # 1 Aug 2026 00:30 in Amsterdam is 31 Jul 22:30 UTC: the case closed on 1 Aug.
    closed = datetime(2026, 7, 31, 22, 30, tzinfo=UTC)
    assert law.absence_end(False, None, closed) == D(2026, 8, 1)
    assert law.absence_end(False, D(2026, 7, 20), closed) == D(2026, 7, 20)
    assert law.absence_end(True, None, None) is None
