"""Case test helpers: the API client fixture for the tests that check page and API alike,
a phase decision made in another tab, and the version a page's form was rendered with."""

import re

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


@pytest.fixture
def form_version():
    """The case version the form posting to `action` carries in the rendered `html`."""

    def read(html: str, action: str) -> int:
        form = html.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
        return int(re.search(r'name="version" value="(\d+)"', form).group(1))

    return read
