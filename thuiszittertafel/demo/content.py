"""The demo's content as data: TOML files in demo/data/, inside the package so the wheel
carries them (hatch packages every file of `thuiszittertafel/`)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """demo/data/<name>.toml, parsed once (treat it as read-only)."""
    text = files(__package__).joinpath("data", f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
