"""No N+1: the SQL statements a request sends do not grow with the rows it shows.

The demo region with 10 bulk cases, then with 1,000 (demo-data's loader, the escalation pass
after each, as bench/web.py does): the case table (page and API), the start page and the
work lists, as leerplicht, the SWV coordinator and a school, must send the same number of
statements at both sizes. The case page, whose statements depend on what the case has, must
send as many after its notes, agreements and events were tripled.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from tests.conftest import Browser, _wipe
from tests.live import AUDIT_KEY, SECRET_KEY
from thuiszittertafel import clock
from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.agreements.next_term import refresh_next_due
from thuiszittertafel.auth.models import User
from thuiszittertafel.cases.models import Case, CaseEvent, Pupil
from thuiszittertafel.config import Settings
from thuiszittertafel.core import policy
from thuiszittertafel.demo.bulk import generate
from thuiszittertafel.demo.region import DEMO_PASSWORD
from thuiszittertafel.escalation.jobs import run_escalations
from thuiszittertafel.extensions import db
from thuiszittertafel.notes.models import Note
from thuiszittertafel.notifications import queries as notification_queries

# The school is one whose lists all have rows at 100 cases: an empty list skips its eager
# loads, which would differ without being an N+1. So does a list whose cases an earlier list
# of the page already loaded (the identity map has them): which school that spares depends on
# the demo's data (Praktijkschool De Brug since the demo has notes, ZATs and consultations;
# the Bommelerwaard school since the start page lists cases reaching a clock this week).
USERS = ("lpa.zaltbommel", "swv.coordinator", "zorgco.bommelerwaard")
PAGES = (
    "/api/v1/cases?per_page=50",
    "/api/v1/cases?per_page=50&sort=next_term",
    "/casussen",
    "/casussen?per_page=100&status=all",
    "/",
    "/berichten",
    "/mijn-afspraken",
    "/termijnbewaking",
    "/regie",
)
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@contextmanager
def counting(engine):
    """Count the statements sent to the database inside the block."""
    counted = []

    def count(*_):
        counted.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _login(app, username: str) -> Browser:
    browser = Browser(app.test_client())
    page = browser.get("/inloggen")
    token = CSRF_RE.search(page.get_data(as_text=True)).group(1)
    response = browser.client.post(
        "/inloggen", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, username
    browser.csrf_token = token
    return browser


def _busiest_case(session: Session, user: User) -> int:
    """The visible case with the most notes and agreements: the longest case page."""
    notes = select(func.count()).where(Note.case_id == Case.id).scalar_subquery()
    agreements = select(func.count()).where(Agreement.case_id == Case.id).scalar_subquery()
    return session.scalar(
        select(Case.id)
        .join(Pupil, Pupil.id == Case.pupil_id)
        .where(policy.case_full_access(user))
        .order_by((notes + agreements).desc(), Case.id)
        .limit(1)
    )


def _statements(app, pages: dict[str, tuple[str, ...]]) -> dict[tuple[str, str], int | None]:
    """Per (user, page): the statements of one request (the second: caches warm);
    None where the user may not open the page."""
    counts = {}
    for name, paths in pages.items():
        browser = _login(app, name)
        for path in paths:
            browser.get(path)
            with counting(db.engine) as counted:
                status = browser.get(path).status_code
            assert status in (200, 403), (name, path, status)
            counts[name, path] = len(counted) if status == 200 else None
    return counts


def _busiest_cases() -> dict[str, int]:
    with Session(db.engine) as session:
        users = session.scalars(select(User).where(User.username.in_(USERS)))
        return {u.username: _busiest_case(session, u) for u in users}


def _triple(case_id: int) -> None:
    """Add two copies of every note, agreement and event of the case."""
    with db.engine.begin() as conn:
        for table in (Note.__table__, Agreement.__table__, CaseEvent.__table__):
            columns = [c for c in table.columns if c.name != "id"]
            for n in range(2):
                copied = [c + f"-{n}" if c.name == "client_id" else c for c in columns]
                conn.execute(
                    insert(table).from_select(
                        [c.name for c in columns],
                        select(*copied).where(table.c.case_id == case_id).order_by(table.c.id),
                    )
                )
        refresh_next_due(conn, [case_id])  # the copies bypassed the session


@pytest.fixture(scope="module")
def region(app, database_url):
    """The demo region; emptied before and after."""
    settings = Settings(database_url=database_url, secret_key=SECRET_KEY, audit_key=AUDIT_KEY)
    with app.app_context():
        _wipe(db.engine)
    yield settings
    with app.app_context():
        _wipe(db.engine)


def _grow(app, settings: Settings, cases: int, seed: int) -> None:
    with app.app_context():
        generate(settings, cases=cases, seed=seed)
        run_escalations(db.engine, settings, clock.now(), live=False)


def test_statements_do_not_grow_with_the_rows_shown(app, region, monkeypatch):
    # No app context around the requests: each request has its own, and its own session.
    lists = dict.fromkeys(USERS, PAGES)

    def both_ways() -> dict[tuple[str, str, str], int | None]:
        """The statements of each page for each way notifications are counted (per notice
        up to `PER_NOTIFICATION` of them, else through the visible set: one more statement
        where the visible set reads values first); each way must stay the same size."""
        counts = {}
        for way, limit in (("per-notice", 10**9), ("visible-set", 0)):
            monkeypatch.setattr(notification_queries, "PER_NOTIFICATION", limit)
            counts.update({(*k, way): n for k, n in _statements(app, lists).items()})
        return counts

    # Both sizes big enough that every list has rows: a relationship loaded for the rows
    # of a list costs one statement once the list is not empty, whatever its length.
    _grow(app, region, 100, seed=3)
    small = both_ways()
    _grow(app, region, 900, seed=4)
    large = both_ways()
    assert {k: (small[k], large[k]) for k in small if small[k] != large[k]} == {}


def test_the_case_page_sends_as_many_statements_for_a_fuller_case(app, region):
    _grow(app, region, 200, seed=5)
    busiest = _busiest_cases()
    pages = {name: (f"/casussen/{case_id}",) for name, case_id in busiest.items()}
    before = _statements(app, pages)
    for case_id in set(busiest.values()):
        _triple(case_id)
    after = _statements(app, pages)
    assert after == before
