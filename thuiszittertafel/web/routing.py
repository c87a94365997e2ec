"""URL converters."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

from ..core.inputs import MAX_ID


class IdConverter(IntegerConverter):
    """`<int:…>` in every route. An id beyond the integer column becomes 0, an id that never
    exists, so the view answers its ordinary 404 (hidden and missing look alike) instead of
    the database overflowing or the router answering differently."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= MAX_ID else 0
