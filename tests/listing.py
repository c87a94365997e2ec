"""The plain statement a counted list (core.listing.counted_lists) must equal, for tests
that check each list of a page against it."""

from __future__ import annotations

from sqlalchemy import func, select


def ids(row) -> tuple:
    """A row with each entity replaced by its id."""
    return tuple(getattr(part, "id", part) for part in row)


def plain_list(session, stmt, key, order, *, limit: int, offset: int = 0, load=None):
    """(count, page as `ids` rows) of `stmt` by one count and one ordered, limited
    statement. With `load` (statement, key), as `counted_lists` takes it, the page's keys
    come from `stmt` and its rows from `load` (a base that selects only keys)."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    ordered = stmt.order_by(*order).offset(offset).limit(limit)
    if load is None:
        return total, [ids(row) for row in session.execute(ordered)]
    keys = list(session.scalars(ordered.with_only_columns(key)))
    load_stmt, load_key = load
    rows = session.execute(load_stmt.add_columns(load_key).where(load_key.in_(keys)))
    loaded = {row[-1]: ids(row[:-1]) for row in rows}
    assert all(key in loaded[key] for key in keys)  # each loaded row is the listed one
    return total, [loaded[key] for key in keys]
