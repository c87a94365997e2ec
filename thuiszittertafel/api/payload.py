"""Reading what a client sent: a JSON object body and query parameters, checked for shape.

The services validate meaning (with Dutch messages per field); this module makes sure that
whatever reaches them has a shape they can read, so no odd input becomes a 500. Which fields
a body may have, and which of them are ids, its model in api/schemas says.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from flask import request
from werkzeug.exceptions import UnsupportedMediaType

from ..cases.filters import MAX_PER_PAGE
from ..core.errors import ValidationFailed
from ..core.inputs import Input
from ..core.versions import read_version

# PostgreSQL's integer: ids and page numbers beyond it cannot exist.
MAX_INT = 2**31 - 1
MAX_DEPTH = 20


def json_body() -> dict[str, Any]:
    """The request's JSON object; 415 if it is not JSON, 400 if it is not an object."""
    if not request.is_json:
        raise UnsupportedMediaType()
    try:
        data = json.loads(request.get_data(cache=True) or b"null")
    except (ValueError, RecursionError):  # bad JSON or UTF-8, overlong numbers, deep nesting
        raise ValidationFailed({"": "De gegevens zijn geen geldige JSON."}) from None
    if not isinstance(data, dict):
        raise ValidationFailed(
            {"": 'Stuur een JSON-object met velden, bijvoorbeeld {"kind": "relatief"}.'}
        )
    problem = _unreadable(data, 0)
    if problem:
        raise ValidationFailed(problem)
    return data


def _unreadable(value: Any, depth: int, field: str = "") -> dict[str, str] | None:
    """A field whose value no database can store: NUL, lone surrogates, absurd nesting."""
    if depth > MAX_DEPTH:
        return {field: "De gegevens zijn te diep genest."}
    if isinstance(value, str):
        return _bad_text(value, field)
    items: Iterable = ()
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = ((field, v) for v in value)
    for key, item in items:
        problem = _bad_text(key, key) or _unreadable(item, depth + 1, field or key)
        if problem:
            return problem
    return None


def _bad_text(text: str, field: str) -> dict[str, str] | None:
    if "\x00" in text:
        return {field: "Tekst mag geen NUL-teken bevatten."}
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return {field: "Tekst bevat ongeldige tekens."}
    return None


def if_match() -> int | None:
    """The version the client saw, from `If-Match: "<version>"` (the ETag it was given)."""
    return read_version(request.headers.get("If-Match"))


def with_etag(body: dict[str, Any], status: int = 200):
    """A response carrying the row's version as its ETag, for a later If-Match."""
    return body, status, {"ETag": f'"{body["version"]}"'}


def check_query(allowed: Iterable[str], integers: Iterable[str] = ()) -> None:
    """Refuse unknown parameters, NUL characters and integers out of range, in Dutch."""
    errors: dict[str, str] = {}
    allowed = set(allowed)
    for name in request.args:
        if name not in allowed:
            errors[name] = (
                f"Onbekende parameter '{name[:50]}'; mogelijk zijn: {', '.join(sorted(allowed))}."
            )
    for name, value in request.args.items(multi=True):
        if "\x00" in value:
            errors[name] = "Tekst mag geen NUL-teken bevatten."
    for name in integers:
        raw = (request.args.get(name) or "").strip()
        if raw and not (len(raw) <= 10 and raw.isascii() and raw.isdigit() and int(raw) <= MAX_INT):
            errors[name] = f"'{name}' moet een geheel getal tussen 1 en {MAX_INT} zijn."
    if errors:
        raise ValidationFailed(errors)


def paging(default_per_page: int = 25) -> tuple[int, int]:
    """page and per_page (at most 100) from the query string, with Dutch errors."""
    i = Input(request.args)
    page = i.integer("page", "de pagina")
    per_page = i.integer("per_page", "het aantal per pagina")
    # 0 is a number, not "absent": the document says minimum 1, so it is refused.
    if page == 0:
        i.fail("page", "De pagina begint bij 1.")
    if per_page == 0:
        i.fail("per_page", "Het aantal per pagina is minstens 1.")
    if per_page is not None and per_page > MAX_PER_PAGE:
        i.fail("per_page", f"Aantal per pagina mag hoogstens {MAX_PER_PAGE} zijn.")
    i.done()
    return page or 1, per_page or default_per_page
