"""Designed cases for retention and inzage, on the frozen clock (25 Nov 2026 09:00 UTC).

With the default five years, cases closed before 25 Nov 2021 09:00 UTC are due:
  gone     Anna Bakker    absoluut since 1 Sep 2021, closed 24 Nov 2021 (5 years + 1 day)
  gone     Joris Smit     two cases (one child), both langdurig: relatief 1 Sep → 5 Oct 2021,
                          6 Oct → 15 Nov 2021 (the reports count him once)
  stays    Bram Visser    absoluut since 1 Sep 2021, closed 26 Nov 2021 (5 years − 1 day)
  stays    Open Ooms      relatief since 1 Sep 2021, still open
Every case has a note, an agreement (with a finished occurrence and a term change), a party,
a consent, a blocker and its intake event, each with a text naming the child.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from tests.reports.conftest import close
from thuiszittertafel import clock
from thuiszittertafel.agreements.models import Agreement, AgreementOccurrence, TermChange
from thuiszittertafel.cases.models import Blocker, CaseEvent, Consent, Party

D = date
BIRTH = D(2011, 5, 4)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def details(session, case, by, text: str) -> None:
    """A note, agreement (+ occurrence, term change), party, consent, blocker and event."""
    from thuiszittertafel.notes.models import Note

    at = clock.now()
    session.add(
        Note(
            case_id=case.id,
            author_id=by.id,
            org_id=by.org_id,
            scope="betrokkenen",
            body=f"Notitie over {text}",
            client_id=f"retention-{case.id}",
            created_at=at,
        )
    )
    agreement = Agreement(
        case_id=case.id,
        description=f"Afspraak met {text}",
        owner_org_id=by.org_id,
        due_at=at + timedelta(days=7),
        created_by_id=by.id,
        created_at=at,
    )
    session.add(agreement)
    session.flush()
    session.add(
        AgreementOccurrence(
            agreement_id=agreement.id,
            number=1,
            due_at=at,
            result=f"Gesprek met {text} gehad",
            done_at=at,
            done_by_id=by.id,
        )
    )
    session.add(
        TermChange(
            agreement_id=agreement.id,
            kind="term",
            old_due_at=at,
            new_due_at=at + timedelta(days=7),
            reason=f"{text} was ziek",
            changed_by_id=by.id,
            changed_at=at,
        )
    )
    session.add(
        Party(
            case_id=case.id,
            role="ouder",
            name=f"Ouder van {text}",
            contact="06-12345678",
            note=f"Bellen na drieën ({text})",
            recorded_by_id=by.id,
            recorded_at=at,
        )
    )
    session.add(
        Consent(
            case_id=case.id,
            org_id=by.org_id,
            basis="toestemming-ouders",
            given_on=D(2021, 9, 2),
            given_by=f"Ouders van {text}",
            note=f"Schriftelijk ({text})",
            recorded_by_id=by.id,
        )
    )
    session.add(
        Blocker(
            case_id=case.id,
            kind="wachtlijst-zorg",
            since=D(2021, 9, 1),
            note=f"Wachtlijst voor {text}",
            recorded_by_id=by.id,
        )
    )
    session.add(
        CaseEvent(case_id=case.id, at=at, actor_id=by.id, kind="note", description=f"Over {text}")
    )
    session.flush()


@pytest.fixture
def designed(session, world, make_case):
    t = world.teacher
    p = SimpleNamespace()

    def case(given, family, since, kind="relatief", closed=None, birth=BIRTH):
        c = make_case(
            t, given_name=given, family_name=family, kind=kind, absent_since=since, birth_date=birth
        )
        if closed is not None:
            close(session, c, closed, "teruggeleid-zelfde-school", closed.date())
        details(session, c, t, f"{given} {family}")
        session.commit()
        return c

    p.anna = case(
        "Anna", "Bakker", D(2021, 9, 1), "absoluut", datetime(2021, 11, 24, 9, tzinfo=UTC)
    )
    p.joris1 = case("Joris", "Smit", D(2021, 9, 1), closed=datetime(2021, 10, 5, 12, tzinfo=UTC))
    p.joris2 = case("Joris", "Smit", D(2021, 10, 6), closed=datetime(2021, 11, 15, 12, tzinfo=UTC))
    p.bram = case(
        "Bram", "Visser", D(2021, 9, 1), "absoluut", datetime(2021, 11, 26, 9, tzinfo=UTC)
    )
    p.open = case("Open", "Ooms", D(2021, 9, 1))
    return p
