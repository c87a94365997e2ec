"""Case test helpers: the API client fixture for the tests that check page and API alike."""

from tests.api.conftest import api  # noqa: F401 - the API client fixture
