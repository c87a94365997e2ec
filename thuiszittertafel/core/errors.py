"""Domain errors. Their messages are Dutch: they reach users as they are."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the action; `code` is stable for the API, `message` is for people."""

    code = "ongeldig"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class ValidationFailed(DomainError):
    code = "ongeldige-invoer"
    status = 400

    def __init__(self, errors: dict[str, str] | str, message: str | None = None):
        if isinstance(errors, str):
            errors = {"": errors}
        self.errors = errors
        text = message or "; ".join(errors.values())
        super().__init__(text, field=next(iter(errors), None))


class NotFound(DomainError):
    code = "niet-gevonden"
    status = 404

    def __init__(self, message: str = "Niet gevonden, of u heeft geen toegang."):
        super().__init__(message)


class Forbidden(DomainError):
    code = "geen-toegang"
    status = 403

    def __init__(self, message: str = "U heeft hiervoor geen rechten."):
        super().__init__(message)


class Conflict(DomainError):
    code = "conflict"
    status = 409
