"""Meeting test helpers: a thuiszitterstafel chaired by the SWV coordinator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from tests.api.conftest import anonymous, api  # noqa: F401 - fixtures for the API tests
from thuiszittertafel import clock
from thuiszittertafel.meetings import services
from thuiszittertafel.meetings.models import Meeting


def held(session, meeting_id: int) -> None:
    """The meeting started an hour ago (the minutes may be made final from its start)."""
    session.execute(
        update(Meeting)
        .where(Meeting.id == meeting_id)
        .values(starts_at=clock.now() - timedelta(hours=1))
    )
    session.commit()


@pytest.fixture
def other_case(session, world, make_case):
    return make_case(world.school2_worker, given_name="Sem", family_name="Bakker")


@pytest.fixture
def meeting(session, world):
    """A draft thuiszitterstafel; the wijkteam worker and the other school attend."""
    (m,) = services.create_meeting(
        session,
        world.swv_coordinator,
        {
            "kind": "thuiszitterstafel",
            "title": "Thuiszitterstafel december",
            "starts_at": "2026-12-02T14:00",
            "place": "Stadhuis Tiel",
            "attendee_user_ids": [world.wijkteam_worker.id, world.school2_worker.id, world.lpa.id],
        },
        now=clock.now(),
    )
    session.commit()
    return m


@pytest.fixture
def published(session, world, meeting, case, other_case):
    services.add_item(
        session, world.swv_coordinator, meeting, {"case_id": case.id}, now=clock.now()
    )
    services.add_item(
        session, world.swv_coordinator, meeting, {"case_id": other_case.id}, now=clock.now()
    )
    services.publish(session, world.swv_coordinator, meeting, now=clock.now())
    session.commit()
    return meeting
