"""The API's responses checked against its OpenAPI document, on every call the suite makes.

`ContractClient` is the Flask test client of the suite's app (tests/conftest.py): each
response to a request under /api/v1/ must have a status the document lists for that path and
method, and a JSON body that validates against the schema documented for that status, with
no key the schema does not name (closed here, open in the document). A mismatch fails the
test that made the call, naming the operation, status and the first error.

Validators are compiled once per operation, status and media type.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from thuiszittertafel.api.openapi import document

PREFIX = "/api/v1"
DOCUMENT_URI = "urn:thuiszittertafel:openapi"
# Methods every route answers without an operation of its own.
AUTOMATIC_METHODS = {"HEAD", "OPTIONS"}


class ContractViolation(AssertionError):
    """The API answered something its OpenAPI document does not describe."""


@functools.cache
def _document() -> dict[str, Any]:
    """The document as a client reads it (a JSON round trip: tuples become lists), with
    every object that lists its properties and says nothing of others closed: responses are
    documented open (a client ignores what it does not know), but here a key a serialiser
    returns and no model declares fails the call, so the models stay the one declaration of
    what the API answers."""
    return _closed(json.loads(json.dumps(document())))


def _closed(node: Any) -> Any:
    if isinstance(node, list):
        return [_closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _closed(value) for key, value in node.items()}
    if "properties" in out and isinstance(out["properties"], dict):
        out.setdefault("additionalProperties", False)
    return out


@functools.cache
def _registry() -> Registry:
    resource = Resource.from_contents(_document(), default_specification=DRAFT202012)
    return Registry().with_resource(DOCUMENT_URI, resource)


@functools.cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    """Path templates as patterns; literal segments win over parameters (/meetings/suggestions
    before /meetings/{meeting_id})."""
    paths = _document()["paths"]

    def pattern(template: str) -> re.Pattern[str]:
        parts = re.split(r"(\{[^}]+\})", template)
        regex = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
        return re.compile(f"^{regex}$")

    ordered = sorted(paths, key=lambda t: (t.count("{"), t))
    return [(pattern(t), t) for t in ordered]


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _pointer(*parts: str) -> str:
    return "/" + "/".join(_escape(p) for p in parts)


def _resolve(node: dict[str, Any]) -> tuple[dict[str, Any], list[str] | None]:
    """Follow a local $ref of a response object; return the node and its pointer parts."""
    ref = node.get("$ref")
    if not ref:
        return node, None
    parts = [p.replace("~1", "/").replace("~0", "~") for p in ref.removeprefix("#/").split("/")]
    target: Any = _document()
    for part in parts:
        target = target[part]
    return target, parts


@functools.cache
def _validator(template: str, method: str, status: str, media: str) -> Draft202012Validator:
    operation = _document()["paths"][template][method]
    response, parts = _resolve(operation["responses"][status])
    parts = parts or ["paths", template, method, "responses", status]
    ref = DOCUMENT_URI + "#" + _pointer(*parts, "content", media, "schema")
    return Draft202012Validator(
        {"$ref": ref}, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _documented_status(responses: dict[str, Any], status: int) -> str | None:
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if key in responses:
            return key
    return None


def operation_for(path: str, method: str) -> tuple[str | None, dict[str, Any] | None]:
    """(template, operation) for a path under /api/v1; operation None if the method is not
    documented there, template None if the path is not."""
    relative = path.removeprefix(PREFIX)
    for regex, template in _templates():
        if regex.match(relative):
            return template, _document()["paths"][template].get(method.lower())
    return None, None


def check(method: str, path: str, status: int, mimetype: str, body: bytes) -> None:
    """Raise ContractViolation when this response is not what the document describes."""
    if not path.startswith(PREFIX + "/") or method in AUTOMATIC_METHODS:
        return
    template, operation = operation_for(path, method)
    where = f"{method} {path}"
    if operation is None:
        # Not a documented operation: only the JSON errors of routing are allowed.
        if status not in (404, 405):
            raise ContractViolation(
                f"{where} answered {status}, but the OpenAPI document has no"
                f" {'operation' if template else 'path'} for it (only 404/405 may come back)."
            )
        _check_error_body(where, status, mimetype, body)
        return
    status_key = _documented_status(operation["responses"], status)
    if status_key is None:
        raise ContractViolation(
            f"{where} ({operation.get('operationId')}) answered {status}, which the OpenAPI"
            f" document does not list for {method.lower()} {template}"
            f" (documented: {', '.join(sorted(operation['responses']))}). Body: {body[:300]!r}"
        )
    response, _ = _resolve(operation["responses"][status_key])
    content = response.get("content") or {}
    if not content:
        if body:
            raise ContractViolation(
                f"{where} answered {status} with a body ({mimetype}), documented without one."
            )
        return
    if mimetype not in content:
        raise ContractViolation(
            f"{where} answered {status} as {mimetype or 'no content type'}; documented:"
            f" {', '.join(content)}."
        )
    if mimetype != "application/json":
        return
    try:
        data = json.loads(body)
    except ValueError:
        raise ContractViolation(f"{where} answered {status} with invalid JSON.") from None
    assert template is not None
    validator = _validator(template, method.lower(), status_key, mimetype)
    error = next(iter(sorted(validator.iter_errors(data), key=lambda e: e.path)), None)
    if error is not None:
        place = "/".join(str(p) for p in error.absolute_path) or "(the body)"
        raise ContractViolation(
            f"{where} ({operation.get('operationId')}) answered {status} with a body that"
            f" does not match the document at {place}: {error.message[:500]}"
            f" (schema rule: {'/'.join(str(p) for p in error.schema_path)})"
        )


@functools.cache
def _error_validator() -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": DOCUMENT_URI + "#/components/schemas/Error"}, registry=_registry()
    )


def _check_error_body(where: str, status: int, mimetype: str, body: bytes) -> None:
    if mimetype != "application/json":
        raise ContractViolation(f"{where} answered {status} as {mimetype}, not a JSON error.")
    error = next(iter(_error_validator().iter_errors(json.loads(body))), None)
    if error is not None:
        raise ContractViolation(f"{where} answered {status} without a JSON error: {error.message}")


class ContractClient(FlaskClient):
    """The Flask test client, checking every /api/v1 response against the OpenAPI document."""

    def open(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        response = super().open(*args, **kwargs)
        request = response.request
        check(
            request.method,
            request.path,
            response.status_code,
            response.mimetype or "",
            response.get_data(),
        )
        return response
