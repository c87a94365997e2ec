"""Case test helpers: the API client fixture for the tests that check page and API alike,
and a phase decision made in another tab."""

import pytest

from tests.api.conftest import api  # noqa: F401 - the API client fixture


@pytest.fixture
def move_phase_elsewhere():
    """Move `case` one phase on through `client` (another tab of the same user) from the
    version `seen`: the change made since a form was shown."""

    def move(client, case, seen: int) -> None:
        moved = client.post(
            f"/casussen/{case.id}/fase",
            {"phase": str(case.phase + 1), "reason": "Geen voortgang", "version": str(seen)},
        )
        assert moved.status_code == 302

    return move
