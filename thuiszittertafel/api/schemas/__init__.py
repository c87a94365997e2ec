"""Request bodies declared once (pydantic v2): the OpenAPI components and the API's checks;
and `Page`, the typed page of a list the routes send (response shapes: thuiszittertafel/shapes.py).

A body model lists the fields an operation accepts and describes each for the document
(`components()`). `read()` validates a body against it with the API's Dutch messages: an
unknown field, or an id no database column can hold. What a value means (required, dates,
choices, lengths) the services check with their own Dutch message per field — the same
services serve the forms — so the fields here accept any JSON value and only document it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from ...cases.filters import MAX_PER_PAGE
from ...core.errors import ValidationFailed
from ...shapes import Count, Shape, components, link, schema_of
from ...shapes import Id as RowId

__all__ = [
    "Body",
    "Id",
    "Page",
    "Shape",
    "components",
    "link",
    "optional",
    "read",
    "required",
    "schema_of",
]

Item = TypeVar("Item", bound=BaseModel)

# PostgreSQL's integer: ids beyond it cannot exist.
MAX_INT = 2**31 - 1
NOT_A_NUMBER = "geen_nummer"


def fits_integer(value: Any) -> bool:
    """An id the database can hold; digits in ASCII ('²' is no number). Anything else odd is
    left to the service's own Dutch message."""
    if isinstance(value, str) and value.strip().isdigit():
        digits = value.strip()
        return digits.isascii() and len(digits) <= 10 and int(digits) <= MAX_INT
    return not isinstance(value, int) or isinstance(value, bool) or value <= MAX_INT


def _id(value: Any) -> Any:
    if not fits_integer(value):
        raise PydanticCustomError(NOT_A_NUMBER, "geen geldig nummer")
    return value


# An id: a number, or text with digits; refused when no database column can hold it.
Id = Annotated[Any, BeforeValidator(_id)]


def required(*schemas: dict[str, Any], **more: Any) -> Any:
    """A field the document lists as required (the service asks for it in Dutch), accepting
    any JSON value here: the service judges it."""
    return Field(default=None, json_schema_extra=_merge(*schemas, more, {"x-required": True}))


def optional(*schemas: dict[str, Any], **more: Any) -> Any:
    return Field(default=None, json_schema_extra=_merge(*schemas, more))


def _merge(*schemas: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for schema in schemas:
        out.update(schema)
    return out


class Body(BaseModel):
    """A JSON request body. `unknown_first`: the order in which the route's checks used to
    run (an unknown field is named before an id out of range, or after)."""

    model_config = ConfigDict(extra="forbid")
    unknown_first: ClassVar[bool] = True
    # The text of the component's description in the document (not `description`: a body
    # may have a field of that name).
    about: ClassVar[str | None] = None
    # Documented as closed (additionalProperties false) even where the service, not the
    # model, refuses unknown fields with its own message.
    closed: ClassVar[bool] = True


def read(model: type[Body], data: Mapping[str, Any]) -> None:
    """Check a body against its model; ValidationFailed with the API's Dutch message."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        problems = exc.errors()
        unknown = sorted(str(p["loc"][0])[:50] for p in problems if p["type"] == "extra_forbidden")
        numbers = [str(p["loc"][0]) for p in problems if p["type"] == NOT_A_NUMBER]
        refusals = [_unknown(unknown), _number(numbers)]
        if not model.unknown_first:
            refusals.reverse()
        for refusal in refusals:
            if refusal:
                raise ValidationFailed(refusal) from None
        raise  # a model that checks more than the two above: a programming error


def _unknown(names: list[str]) -> dict[str, str]:
    """A field we do not know is a mistake worth telling, not something to drop silently."""
    return {name: f"Onbekend veld '{name}'." for name in names}


def _number(names: list[str]) -> dict[str, str]:
    return {names[0]: f"'{names[0]}' is geen geldig nummer."} if names else {}


class Page(Shape, Generic[Item]):
    """One page of a list (DESIGN §8: items, total, page, per_page). A list's component is a
    named subclass: `class AgreementList(Page[Agreement])`."""

    items: list[Item]
    total: Count
    page: RowId
    per_page: Annotated[int, Field(ge=1, le=MAX_PER_PAGE)]
