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
    from thuiszittertafel.cases.models import Case, Exemption, Pupil

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
    made[6].pupil.birth_date = D(2008, 11, 25)  # opened in time; 18 today
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
    in_sql = set(
        session.scalars(
            select(Case.id)
            .join(Pupil, Pupil.id == Case.pupil_id)
            .where(law.thuiszitter_condition(today))
        )
    )
    in_python = set()
    for c in made:
        session.refresh(c)
        exemptions = session.scalars(select(Exemption).where(Exemption.case_id == c.id))
        if law.thuiszitter(law.situation(c, exemptions), today):
            in_python.add(c.id)
    assert in_sql == in_python == {made[0].id, made[3].id, made[4].id, made[5].id}
