"""Counted lists in one pass: how many rows a select has, and one page of them, for several
lists over the same rows at once.

A count and a page each passed the whole visible set (leerplicht sees ~80,000 cases at
100k), so a page with five counted lists passed it ten times. `counted_lists` reads the
rows once into a CTE (the row's key, the order keys once, a flag per list), takes each
list's count and page of keys from it in one statement, then loads only the rows shown.
Ranking every row in every list in one pass (window functions) was tried first: it sorted
all rows once per list, to disk.
"""

from __future__ import annotations

from sqlalchemy import case, func, literal, literal_column, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import ColumnClause, UnaryExpression


def counted_lists(
    session: Session,
    base,
    key,
    wanted: list[tuple],
    *,
    limit: int,
    offset: int = 0,
    load: tuple | None = None,
) -> list[tuple[int, list]]:
    """Per list of `wanted` — (condition, or None for every row of `base`; order) — how
    many rows of `base` it has and its rows from `offset`, at most `limit`, in order.
    `key` identifies a row of `base` (a case's id, an agreement's id). A row gone between
    the two statements is left out of its page, still counted. `load`: (statement, key)
    giving the same rows as `base` in a shape that finds a few by key, when `base` is
    written for a pass over all of them (a subquery fenced with OFFSET 0 is read whole
    before the keys can select from it: 10,250 agreements read for a page of 50)."""
    listed, orders = _listed(base, key, wanted)
    n = len(wanted)
    parts = [
        part
        for i in range(n)
        for part in _count_and_page(listed, i, n, orders[i], limit=limit, offset=offset)
    ]
    totals: list[int] = [0] * n
    pages: list[list[int]] = [[] for _ in range(n)]
    for part, value, _rank in sorted(
        session.execute(union_all(*parts)), key=lambda r: (r[0], r[2])
    ):
        if part < n:
            totals[part] = value
        else:
            pages[part - n].append(value)
    load_base, load_key = load or (base, key)
    loaded = _load(session, load_base, load_key, {ident for page in pages for ident in page})
    return [(totals[i], [loaded[k] for k in pages[i] if k in loaded]) for i in range(n)]


def _listed(base, key, wanted: list[tuple]):
    """The CTE, and per list its order as (column name, descending). Narrow rows (a wide
    CTE spills to disk): each order key once, a flag per list."""
    orders = [[(_identity(column), desc) for column, desc in map(_direction, o)] for _, o in wanted]
    plain = {_identity(column): column for _, o in wanted for column, _ in map(_direction, o)}
    names = {text: f"key_{k}" for k, text in enumerate(plain)}
    columns: list = [key.label("row_key")]
    columns += [column.label(names[text]) for text, column in plain.items()]
    for i, (cond, _) in enumerate(wanted):
        flag = literal_column("1") if cond is None else case((cond, 1), else_=0)
        columns.append(flag.label(f"in_{i}"))
    listed = base.order_by(None).with_only_columns(*columns).cte("listed")
    return listed, [[(names[text], desc) for text, desc in order] for order in orders]


def _count_and_page(
    listed, i: int, n: int, order: list[tuple[str, bool]], *, limit: int, offset: int
) -> list:
    """Two selects for the union: (i, count, 0) and (n + i, key, rank) of the page's rows."""
    member = listed.c[f"in_{i}"] == 1

    def by(table) -> list:
        return [table.c[name].desc() if desc else table.c[name] for name, desc in order]

    page = (
        select(listed.c.row_key, *(listed.c[name] for name, _ in order))
        .where(member)
        .order_by(*by(listed))
        .offset(offset)
        .limit(limit)
        .subquery()
    )
    # The subquery's order does not survive the union: rank the page's rows again.
    rank = func.row_number().over(order_by=by(page))
    return [
        select(literal(i), func.count(), literal(0)).where(member),
        select(literal(n + i), page.c.row_key, rank),
    ]


def _load(session: Session, base, key, ids: set[int]) -> dict[int, tuple]:
    """The rows of `base` with these keys, by key."""
    if not ids:
        return {}
    stmt = base.order_by(None).add_columns(key).where(key.in_(ids))
    return {row[-1]: tuple(row[:-1]) for row in session.execute(stmt)}


def _identity(column) -> str:
    """What makes two order keys one column of the CTE: a table column by its name (the
    same column in two lists is read once); any other expression only as itself (two CASEs
    print alike with different values)."""
    if isinstance(getattr(column, "expression", column), ColumnClause):
        return str(column)
    return f"expression {id(column)}"


def _direction(column) -> tuple:
    """(column, descending) of an order key: `x` or `x.desc()`."""
    if isinstance(column, UnaryExpression) and column.modifier is operators.desc_op:
        return column.element, True
    return column, False
