"""JSON error responses: {"error": code, "message": Dutch text}."""

from __future__ import annotations

from flask import jsonify


def json_error(code: str, message: str, status: int, **extra):
    response = jsonify({"error": code, "message": message, **extra})
    response.status_code = status
    return response
