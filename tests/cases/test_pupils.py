from datetime import date

import pytest

from thuiszittertafel.cases import law, pupils


@pytest.mark.parametrize(
    "given, family, expected",
    [
        ("Maxime", "van Dijk", "M.D."),
        ("Sander", "Bakker", "S.B."),
        ("Aylin", "de la Cruz", "A.C."),
        ("Jan", "van der Berg", "J.B."),
    ],
)
def test_initials_skip_tussenvoegsels(given, family, expected):
    assert pupils.initials(given, family) == expected


@pytest.mark.parametrize(
    "birth, on, leerplichtig, kwalificatieplichtig",
    [
        (date(2021, 3, 5), date(2026, 3, 31), False, False),  # five, not yet the next month
        (date(2021, 3, 5), date(2026, 4, 1), True, False),
        (date(2010, 3, 5), date(2026, 7, 31), True, False),  # end of the year they turn 16
        (date(2010, 3, 5), date(2026, 8, 1), False, True),
        (date(2008, 3, 5), date(2026, 3, 4), False, True),  # day before 18th birthday
        (date(2008, 3, 5), date(2026, 3, 5), False, False),
        (date(2010, 2, 28), date(2026, 7, 31), True, False),
    ],
)
def test_leerplicht_and_kwalificatieplicht(birth, on, leerplichtig, kwalificatieplichtig):
    assert law.leerplichtig(birth, on) is leerplichtig
    assert law.kwalificatieplichtig(birth, on, False) is kwalificatieplichtig


def test_startkwalificatie_ends_kwalificatieplicht():
    assert not law.kwalificatieplichtig(date(2009, 1, 1), date(2026, 9, 1), True)


def test_age_on_birthday_and_leap_day():
    assert pupils.age(date(2012, 2, 29), date(2026, 2, 28)) == 13
    assert pupils.age(date(2012, 2, 29), date(2026, 3, 1)) == 14
