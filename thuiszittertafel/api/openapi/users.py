"""The document's administration: the accounts of one's own organisation (api/users.py)."""

from __future__ import annotations

from typing import Any

from ..schemas import components
from ..schemas.fields import ID
from ..schemas.users import User, UserCreate, UserList, UserUpdate
from .common import PAGING, request_body, responses_for

_USER_ERRORS = ("BadRequest", "Unauthorized", "Forbidden", "UnsupportedMediaType")
USER_ID = {"name": "user_id", "in": "path", "required": True, "schema": ID}
SCHEMAS: dict[str, Any] = {**components(User, UserList, UserCreate, UserUpdate)}
PATHS: dict[str, Any] = {
    "/users": {
        "get": {
            "operationId": "listUsers",
            "tags": ["users"],
            "summary": "De accounts van uw eigen organisatie (alleen voor de beheerder).",
            "parameters": PAGING,
            "responses": responses_for(
                "200", "UserList", "Eén pagina accounts.", "BadRequest", "Unauthorized", "Forbidden"
            ),
        },
        "post": {
            "operationId": "createUser",
            "tags": ["users"],
            "summary": "Een account in uw eigen organisatie aanmaken (beheerder).",
            "requestBody": request_body("UserCreate"),
            "responses": responses_for("201", "User", "Het nieuwe account.", *_USER_ERRORS),
        },
    },
    "/users/{user_id}": {
        "parameters": [USER_ID],
        "patch": {
            "operationId": "updateUser",
            "tags": ["users"],
            "summary": "Een account van uw eigen organisatie wijzigen of uitzetten"
            " (beheerder); elk ander account: 403.",
            "requestBody": request_body("UserUpdate"),
            "responses": responses_for(
                "200",
                "User",
                "Het bijgewerkte account.",
                *_USER_ERRORS,
                "Conflict",
                "NotFound",  # an id that is no whole number matches no route
            ),
        },
    },
}
