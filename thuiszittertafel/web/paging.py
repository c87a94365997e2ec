"""Paging of the HTML lists: the page asked for (`?page=`), and what the pager shows.

A page number that is no number, or beyond the last page, shows the first or the last page:
a link kept from yesterday still lands somewhere useful (the list may have shrunk since).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import request

from ..core.inputs import is_small_number

MAX_PAGE = 9_999
PER_PAGE = 50  # the work lists


def page_arg(name: str = "page") -> int:
    """The page number asked for; 1 when it is missing or not a whole number 1–9,999."""
    raw = request.args.get(name, "1").strip()
    return int(raw) if is_small_number(raw) and 0 < int(raw) <= MAX_PAGE else 1


@dataclass(frozen=True)
class Paging:
    """One page of a list of `total` rows, `per_page` at a time."""

    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def clamped(self) -> Paging:
        """The same list, on its last page when the page asked for lies beyond it."""
        return Paging(min(self.page, self.pages), self.per_page, self.total)


def paged(load: Callable[[int], tuple[list, int]], per_page: int = PER_PAGE) -> tuple[list, Paging]:
    """One page of a list: `load(offset)` gives its rows and total. The page asked for, or
    the last page when the list has shrunk below it since the link was made."""
    page = page_arg()
    rows, total = load((page - 1) * per_page)
    paging = Paging(page, per_page, total).clamped()
    if paging.page != page:
        rows, total = load(paging.offset)
    return rows, paging
