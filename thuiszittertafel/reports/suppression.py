"""Small numbers in the publication variant: primary and secondary suppression.

Primary: a count of 1 to 4 shows as "<5". Secondary: where numbers add up (a total and its
parts: leerplichtig + kwalificatieplichtig, the age bands, the gemeenten and their total), a
single hidden part is the total minus the others, so in every such group with exactly one
hidden cell the smallest other non-zero cell is hidden too ("x", CBS's "geheim"), again
until no group has exactly one. Zeros are never hidden: a zero hides nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from .definitions import SUPPRESS_BELOW

K = TypeVar("K", bound=Hashable)

SMALL = f"<{SUPPRESS_BELOW}"
SECONDARY = "x"
SECONDARY_LEGEND = "x = onderdrukt om herleiding van kleine aantallen te voorkomen"
SECONDARY_RULE = (
    "Waar getallen optellen (een totaal en zijn delen: leerplichtig en kwalificatieplichtig,"
    " de leeftijdsgroepen, de gemeenten en hun totaal) zou één verborgen getal terug te"
    " rekenen zijn uit het totaal en de andere delen. Staat er in zo'n groep precies één"
    " verborgen getal, dan is ook het kleinste andere getal boven 0 verborgen, als"
    f" '{SECONDARY}', tot geen groep nog precies één verborgen getal heeft. Nullen worden"
    f" niet verborgen. {SECONDARY_LEGEND}."
)


def small(n: int) -> bool:
    """A count that publication hides by itself: 1 to 4."""
    return 0 < n < SUPPRESS_BELOW


def secondary(values: Mapping[K, int], groups: Iterable[Sequence[K]]) -> set[K]:
    """The cells to hide besides the small ones, so that no group has exactly one hidden
    cell. `values`: every cell's count; `groups`: the cells that add up (a total and its
    parts, in the order in which ties pick the first)."""
    every = [list(g) for g in groups]
    hidden = {key for key, n in values.items() if small(n)}
    extra: set[K] = set()
    changed = True
    while changed:
        changed = False
        for group in every:
            if sum(key in hidden for key in group) != 1:
                continue
            shown = [key for key in group if key not in hidden and values[key] > 0]
            if not shown:
                continue
            pick = min(shown, key=lambda key: values[key])
            hidden.add(pick)
            extra.add(pick)
            changed = True
    return extra


def shown(n: int, hidden: bool) -> int | str:
    """A count as the publication variant shows it."""
    if small(n):
        return SMALL
    return SECONDARY if hidden else n
