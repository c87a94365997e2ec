"""Agreement test helpers: a case with the school and leerplicht involved."""

from __future__ import annotations

import pytest

from tests.api.conftest import anonymous, api  # noqa: F401 - fixtures for the API tests
from thuiszittertafel import clock
from thuiszittertafel.cases.services import add_participation


@pytest.fixture
def case(session, world, make_case):
    c = make_case(world.teacher, given_name="Maxime", family_name="de Vries")
    add_participation(session, world.teacher, c, "participant",
                      {"org_id": world.leerplicht.id, "contact_user_id": world.lpa.id},
                      now=clock.now())
    session.commit()
    return c
