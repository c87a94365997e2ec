"""The rules, table-driven: the pure engine given a state and `now` (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from thuiszittertafel.escalation import calendar as cal
from thuiszittertafel.escalation import engine
from thuiszittertafel.escalation.engine import AgreementState, CaseState, Rules

AMS = ZoneInfo("Europe/Amsterdam")
RULES = Rules(reminder_days=2, escalation_days=5)
CAL = cal.load()


def local(*args) -> datetime:
    return datetime(*args, tzinfo=AMS)


def rules_at(agreement: AgreementState, now: datetime) -> list[str]:
    return [
        n.rule for n in engine.due_notices([agreement], [], now, rules=RULES, calendar=CAL, tz=AMS)
    ]


# Due Friday 4 December 2026 17:00 (no holiday near): reminder Wednesday 2-12 17:00,
# escalation 5 school days later: Friday 11-12 17:00.
DUE = local(2026, 12, 4, 17, 0)


@pytest.mark.parametrize(
    "now, expected",
    [
        (local(2026, 12, 2, 16, 59), []),
        (local(2026, 12, 2, 17, 0), ["agreement_reminder"]),
        (local(2026, 12, 4, 16, 59), ["agreement_reminder"]),
        (local(2026, 12, 4, 17, 0), ["agreement_overdue"]),
        (local(2026, 12, 11, 16, 59), ["agreement_overdue"]),
        (local(2026, 12, 11, 17, 0), ["agreement_overdue", "agreement_escalated"]),
    ],
)
def test_school_day_term_moments(now, expected):
    assert rules_at(AgreementState(1, 1, DUE.astimezone(UTC)), now) == expected


@pytest.mark.parametrize(
    "due, day_count, region, reminder, escalation",
    [
        # Monday term: 2 school days before is the Thursday, the weekend does not count.
        (local(2026, 12, 7, 9, 0), "school", "midden", date(2026, 12, 3), date(2026, 12, 14)),
        # Calendar days: the weekend counts.
        (local(2026, 12, 7, 9, 0), "calendar", "midden", date(2026, 12, 5), date(2026, 12, 12)),
        # Due just before the Christmas holiday (19-12 t/m 3-1): escalation after it.
        (local(2026, 12, 17, 12, 0), "school", "midden", date(2026, 12, 15), date(2027, 1, 7)),
        # Herfstvakantie differs per region in 2026: noord 10-18 Oct, zuid 17-25 Oct.
        (local(2026, 10, 9, 12, 0), "school", "noord", date(2026, 10, 7), date(2026, 10, 23)),
        (local(2026, 10, 9, 12, 0), "school", "zuid", date(2026, 10, 7), date(2026, 10, 16)),
        # The meivakantie ends 2-5-2027; Hemelvaartsdag 6-5 does not count, the Friday does.
        (local(2027, 5, 5, 12, 0), "school", "midden", date(2027, 5, 3), date(2027, 5, 13)),
        # A term inside the meivakantie (25-4 t/m 3-5-2026): counting starts around it.
        (local(2026, 4, 28, 12, 0), "school", "midden", date(2026, 4, 23), date(2026, 5, 8)),
        # Tweede pinksterdag Monday 17-5-2027 does not count.
        (local(2027, 5, 14, 12, 0), "school", "midden", date(2027, 5, 12), date(2027, 5, 24)),
        # Beyond the shipped calendar (2030-2031): only weekends and public holidays pause.
        (local(2030, 10, 16, 12, 0), "school", "midden", date(2030, 10, 14), date(2030, 10, 23)),
    ],
)
def test_school_days_vs_calendar_days(due, day_count, region, reminder, escalation):
    a = AgreementState(1, 1, due.astimezone(UTC), day_count=day_count, region=region)
    moments = engine.agreement_moments(a, RULES, CAL, AMS)
    assert moments["agreement_reminder"].date() == reminder
    assert moments["agreement_escalated"].date() == escalation
    assert moments["agreement_reminder"].astimezone(AMS).time() == due.time()


def test_term_on_the_day_of_a_dst_change_keeps_local_time():
    # Due Monday 29 March 2027 09:00 CEST (clocks went forward on Sunday 28 March).
    due = local(2027, 3, 29, 9, 0)
    m = engine.agreement_moments(AgreementState(1, 1, due.astimezone(UTC)), RULES, CAL, AMS)
    assert m["agreement_reminder"] == local(2027, 3, 25, 9, 0)  # Thursday, CET
    assert m["agreement_reminder"].utcoffset() != due.utcoffset()
    assert m["agreement_reminder"].astimezone(UTC).hour == 8 and due.astimezone(UTC).hour == 7
    # A term on the autumn change day itself (Sunday 31 October 2027, 02:30 happens twice).
    autumn = local(2027, 10, 31, 2, 30).astimezone(UTC)
    cm = engine.agreement_moments(
        AgreementState(1, 1, autumn, day_count="calendar"), RULES, CAL, AMS
    )
    assert cm["agreement_reminder"].astimezone(AMS).hour == 2
    assert cm["agreement_escalated"] == local(2027, 11, 5, 2, 30)


@pytest.mark.parametrize(
    "occurrence, term_version, paused_until, now, expected",
    [
        (2, 1, None, local(2026, 12, 4, 17, 0), ["agreement_overdue"]),
        (1, 1, date(2026, 12, 20), local(2026, 12, 11, 17, 0), []),  # paused: nothing
        (
            1,
            1,
            date(2026, 12, 10),
            local(2026, 12, 11, 17, 0),
            ["agreement_overdue", "agreement_escalated"],
        ),  # pause ended
    ],
)
def test_recurrence_and_pause(occurrence, term_version, paused_until, now, expected):
    a = AgreementState(
        7,
        1,
        DUE.astimezone(UTC),
        occurrence=occurrence,
        term_version=term_version,
        paused_until=paused_until,
    )
    notices = list(engine.due_notices([a], [], now, rules=RULES, calendar=CAL, tz=AMS))
    assert [n.rule for n in notices] == expected
    assert all(f":o{occurrence}:" in n.key for n in notices)


def test_keys_differ_per_occurrence_and_term():
    a = AgreementState(7, 1, DUE.astimezone(UTC))
    keys = {
        n.key
        for n in engine.due_notices(
            [
                a,
                AgreementState(7, 1, DUE.astimezone(UTC), occurrence=2),
                AgreementState(7, 1, DUE.astimezone(UTC), term_version=2),
            ],
            [],
            local(2026, 12, 5),
            rules=RULES,
            calendar=CAL,
            tz=AMS,
        )
    }
    assert len(keys) == 3


@pytest.mark.parametrize(
    "absent_since, phase_due_on, now, expected",
    [
        (date(2026, 11, 2), date(2026, 11, 16), local(2026, 11, 16, 23, 59), []),
        (date(2026, 11, 2), date(2026, 11, 16), local(2026, 11, 17, 0, 0), ["phase_term_breached"]),
        (date(2026, 10, 28), None, local(2026, 11, 25, 0, 0), ["case_4_weeks"]),
        (date(2026, 10, 28), None, local(2026, 11, 24, 23, 59), []),
        (date(2026, 8, 1), None, local(2026, 11, 1, 0, 0), ["case_4_weeks", "case_3_months"]),
        (date(2026, 8, 1), None, local(2026, 10, 30, 23, 0), ["case_4_weeks"]),
    ],
)
def test_case_clocks_never_pause(absent_since, phase_due_on, now, expected):
    c = CaseState(3, absent_since, 1, phase_due_on)
    assert [
        n.rule for n in engine.due_notices([], [c], now, rules=RULES, calendar=CAL, tz=AMS)
    ] == expected


@pytest.mark.parametrize(
    "day, region, name",
    [
        # Checked against the published schedules (see the head of schoolvakanties.toml).
        (date(2024, 10, 28), "midden", "herfstvakantie"),
        (date(2024, 10, 28), "zuid", None),
        (date(2026, 2, 23), "noord", "voorjaarsvakantie"),
        (date(2026, 2, 23), "midden", None),
        (date(2027, 7, 12), "noord", "zomervakantie"),
        (date(2027, 7, 12), "zuid", None),
        (date(2028, 7, 10), "midden", "zomervakantie"),
        (date(2028, 7, 10), "zuid", None),
        (date(2028, 5, 2), "zuid", "meivakantie"),
        (date(2029, 7, 9), "midden", "zomervakantie"),
        (date(2029, 8, 27), "midden", None),
    ],
)
def test_school_holidays_follow_the_published_schedule(day, region, name):
    assert CAL.holiday_name(day, region) == name


def test_calendar_data():
    assert set(CAL.years) == {"2024-2025", "2025-2026", "2026-2027", "2027-2028", "2028-2029"}
    assert CAL.years["2027-2028"].status == "definitief"
    assert "Rijksoverheid" in CAL.source
    assert CAL.holiday_name(date(2025, 4, 30), "midden") == "meivakantie"
    assert CAL.holiday_name(date(2025, 5, 5), "midden").startswith("Bevrijdingsdag")
    assert cal.public_holidays(2030)[date(2030, 5, 5)].startswith("Bevrijdingsdag")
    assert date(2026, 5, 5) not in cal.public_holidays(2026)
    assert cal.easter(2027) == date(2027, 3, 28)
    assert CAL.missing_years(date(2029, 3, 1)) == ["2029-2030"]


def test_invalid_calendar_names_the_year_and_field():
    with pytest.raises(cal.CalendarError, match="schooljaar 2026-2027.*status"):
        cal.parse('[[school_years]]\nyear = "2026-2027"\nstatus = "misschien"\n', "v.toml")
    with pytest.raises(cal.CalendarError, match="herfstvakantie.noord"):
        cal.parse(
            '[[school_years]]\nyear = "2026-2027"\nstatus = "definitief"\n'
            'herfstvakantie = { noord = ["2026-10-10"] }\n',
            "v.toml",
        )


def test_the_summer_holiday_runs_on_into_the_next_school_year():
    # Zomervakantie midden 2026-2027: 17-7 t/m 29-8-2027. Its August days belong to the
    # school year 2027-2028 but are no school days.
    assert CAL.holiday_name(date(2027, 8, 23), "midden") == "zomervakantie"
    assert CAL.holiday_name(date(2027, 8, 30), "midden") is None
    assert CAL.shift(date(2027, 7, 16), 1, "midden") == date(2027, 8, 30)
    assert CAL.shift(date(2027, 8, 30), -1, "midden") == date(2027, 7, 16)
