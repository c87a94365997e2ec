"""Live joins are rate limited per user (issue 15, item 10): a script walking case ids
over a socket is stopped, in Dutch, and joins nothing while it is over the limit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import FROZEN_NOW
from tests.live import LiveClient, ServerProcess
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.auth.limits import LIVE_JOINS


@pytest.fixture(scope="module")
def fresh_server(database_url, tmp_path_factory):
    """A server of its own: its join counts (in memory) start at zero."""
    process = ServerProcess(
        database_url,
        tmp_path_factory.mktemp("joins"),
        frozen_at=FROZEN_NOW,
        live_joins_per_minute=LIVE_JOINS.amount,
    ).start()
    yield process
    process.stop()


def test_join_case_is_rate_limited_per_user(session, fresh_server, live_clients, world, case):
    teacher = live_clients(LiveClient, fresh_server, world.teacher)
    for _ in range(LIVE_JOINS.amount):
        assert teacher.call("join_case", {"case_id": case.id}) == {"ok": True}
    over = teacher.call("join_case", {"case_id": case.id})
    assert over["ok"] is False and over["error"] == "te-veel-verzoeken"
    assert "Wacht een minuut" in over["message"]
    # Per user, not per socket: a second connection of the same user is refused too, also
    # for an id it may not see (no lookup, no audit row while over the limit) …
    again = live_clients(LiveClient, fresh_server, world.teacher)
    assert again.call("join_case", {"case_id": case.id})["error"] == "te-veel-verzoeken"
    assert again.call("join_meeting", {"meeting_id": 999999})["error"] == "te-veel-verzoeken"
    # … while another user joins as before.
    lpa = live_clients(LiveClient, fresh_server, world.lpa)
    assert lpa.call("join_case", {"case_id": case.id}) == {"ok": True}
    session.expire_all()
    followed = session.scalars(select(AuditEntry.user_id).where(AuditEntry.action == "case.follow"))
    assert sorted(followed) == sorted([world.teacher.id] * LIVE_JOINS.amount + [world.lpa.id])
    assert session.scalar(select(AuditEntry).where(AuditEntry.action.like("denied%"))) is None
