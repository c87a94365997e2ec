"""The JSON the product answers, declared once (pydantic v2).

A response model (a `Shape` in a domain's `shapes.py`, or in `api/schemas` for what only the
API serialises) is typed. Its serialiser builds it from the rows and dumps it (`dump()`): the
model checks what the serialiser wrote (an unknown key, a missing one, a wrong type fail at
once) and turns dates and times into ISO 8601. The API's OpenAPI document takes its
components from the same models (`schema_of`), so what is documented is what is sent — to the
API and over Socket.IO alike.

This module imports no part of the product: every domain may build its shapes with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

REF_TEMPLATE = "#/components/schemas/{model}"
LINK = "x-component"


def _iso(value: datetime) -> str:
    return value.isoformat()


# A number the database gives a row.
Id = Annotated[int, Field(ge=1)]
Count = Annotated[int, Field(ge=0)]
# A moment as Python writes it (ISO 8601 with the offset as +00:00; pydantic would write Z).
Moment = Annotated[datetime, PlainSerializer(_iso, return_type=str)]
Version = Annotated[
    int,
    Field(
        ge=1, description="Verhoogd bij elke wijziging; stuur hem terug als If-Match (ook de ETag)."
    ),
]


def maybe(description: str | None = None) -> Any:
    """A field that is there only when the serialiser writes it."""
    return Field(None, description=description) if description else Field(None)


@dataclass(frozen=True)
class Among:
    """`Annotated[str, Among(VALUES)]`: one of the values, listed in the document. What the
    database holds is not checked again on the way out."""

    values: tuple[Any, ...]

    def __init__(self, values: Any) -> None:
        object.__setattr__(self, "values", tuple(values))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> JsonSchemaValue:
        out = dict(handler(schema))
        out["enum"] = list(self.values)
        return out


class Shape(BaseModel):
    """A JSON response. Fields without a default are always there; the others only when the
    serialiser writes them. Documented open (a client ignores what it does not know); built
    closed (a serialiser that writes a key no field names fails)."""

    model_config = ConfigDict(extra="forbid")
    # The component's description in the document (not `description`: a shape may have a
    # field of that name).
    about: ClassVar[str | None] = None
    closed: ClassVar[bool] = False
    # False: written out where it is used instead of becoming a component of its own.
    component: ClassVar[bool] = True

    @classmethod
    def of(cls, row: Any) -> Self:
        """Built from a row whose attributes carry the fields' names (every field the row has
        is written; a field it lacks is not sent, or fails when it is always there)."""
        return cls.model_validate(row, from_attributes=True)

    def dump(self) -> dict[str, Any]:
        """The JSON object: every key the serialiser wrote, none it did not."""
        return self.model_dump(mode="json", exclude_unset=True)


class _Schema(GenerateJsonSchema):
    """Plain OpenAPI 3.1 component schemas: no titles; a nullable value is its type or
    "null" (its choices with null); `Any` fields carry only what they document."""

    def any_schema(self, schema: core_schema.AnySchema) -> JsonSchemaValue:
        return {}

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        out = super().model_schema(schema)
        out.pop("title", None)
        out.pop("description", None)  # the docstring is for the reader; `about` is for clients
        return out

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        out = super().default_schema(schema)
        if out.get("default", ...) is None:
            out.pop("default")
        return out

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        if "type" not in inner:
            return {"oneOf": [{"type": "null"}, inner]}
        kinds = inner["type"] if isinstance(inner["type"], list) else [inner["type"]]
        out = {**inner, "type": [*kinds, "null"]}
        if "enum" in inner:
            out["enum"] = [*inner["enum"], None]
        return out


def link(component: str) -> dict[str, str]:
    """A reference to another component from inside a request model's field schema: pydantic
    follows every `$ref` it meets and knows only its own models, so the reference is written
    in afterwards."""
    return {LINK: component}


def _linked(value: Any) -> Any:
    if isinstance(value, dict):
        linked = {k: _linked(v) for k, v in value.items() if k != LINK}
        if LINK in value:
            linked["$ref"] = REF_TEMPLATE.format(model=value[LINK])
        return linked
    if isinstance(value, list):
        return [_linked(v) for v in value]
    return value


def _inlined(value: Any, defs: dict[str, Any]) -> Any:
    """References to models that are no component replaced by their schema (an object or
    null as one object schema whose type may be null)."""
    if isinstance(value, dict):
        ref = value.get("$ref", "")
        name = ref.rsplit("/", 1)[-1]
        if name in defs:
            rest = {k: v for k, v in value.items() if k != "$ref"}
            return {**_inlined(defs[name], defs), **_inlined(rest, defs)}
        out = {k: _inlined(v, defs) for k, v in value.items()}
        match out.get("oneOf"):
            case [{"type": "null"}, {"type": str(kind), **inner}] if "enum" not in inner:
                rest = {k: v for k, v in out.items() if k != "oneOf"}
                return {"type": [kind, "null"], **inner, **rest}
        return out
    if isinstance(value, list):
        return [_inlined(v, defs) for v in value]
    return value


def _written_out(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """The models this one uses that are no component of their own, by name."""
    names: dict[str, type[BaseModel]] = {}
    seen: set[type[BaseModel]] = set()

    def visit(cls: type[BaseModel]) -> None:
        if cls in seen:
            return
        seen.add(cls)
        for field in cls.model_fields.values():
            for used in _models_in(field.annotation):
                if not getattr(used, "component", True):
                    names[used.__name__] = used
                visit(used)

    visit(model)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def _openness(schema: dict[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """Closed only where the model says so; open says nothing (pydantic writes what the
    model's `extra` does)."""
    out = {k: v for k, v in schema.items() if k != "additionalProperties"}
    if getattr(model, "closed", False):
        out["additionalProperties"] = False
    return out


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema as an OpenAPI component (nested components by $ref)."""
    out = model.model_json_schema(ref_template=REF_TEMPLATE, schema_generator=_Schema)
    defs = out.pop("$defs", {})
    inline = _written_out(model)
    written = {name: _openness(s, inline[name]) for name, s in defs.items() if name in inline}
    out = _linked(_inlined(out, written))
    properties = out.get("properties", {})
    needed = [name for name, prop in properties.items() if prop.pop("x-required", False)]
    needed += [name for name in out.get("required", []) if name not in needed]
    out = _openness({"type": "object", **{k: v for k, v in out.items() if k != "type"}}, model)
    if needed:
        out["required"] = [name for name in properties if name in needed]
    else:
        out.pop("required", None)
    if getattr(model, "about", None):
        out["description"] = model.about  # type: ignore[attr-defined]
    return out


def components(*models: type[BaseModel]) -> dict[str, Any]:
    return {model.__name__: schema_of(model) for model in models}
