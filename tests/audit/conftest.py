"""Audit test helpers: the API fixtures."""

from __future__ import annotations

from tests.api.conftest import anonymous, api  # noqa: F401 - fixtures for the API tests
