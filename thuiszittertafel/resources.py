"""Where the templates, static files and migrations are: inside the installed package.

The repository keeps them at the top level (`templates/`, `static/`, `migrations/`); the
wheel maps them into the package (pyproject.toml, hatch force-include), where
importlib.resources finds them. A checkout or editable install has no such copy and uses
the repository's own folders.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def resource_dir(name: str) -> Path:
    """Return the folder `name` (templates, static, migrations) of this installation."""
    packaged = files(__package__) / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = _CHECKOUT / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"'{name}' ontbreekt in de installatie van thuiszittertafel")
