"""Derived pupil facts: initials, age, identity. Leerplicht and kwalificatieplicht are the
law's (cases/law.py)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# Letters Unicode does not decompose into a base letter and a mark.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)


def search_key(text: str) -> str:
    """The text as search compares it, the same on SQLite and PostgreSQL: letter case,
    accents and diacritics ignored ('Öztürk', 'ozturk'; 'Łukasz Wiśniewski', 'lukasz
    wisniewski'; 'Eëlco', 'eelco'; the ligature 'ĳ' as 'ij'), spaces collapsed."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in folded if not unicodedata.combining(c)).translate(_FOLD)
    return " ".join(bare.split())


def search_name(given_name: str, family_name: str) -> str:
    """The stored search form of a pupil's full name (`Pupil.search_name`)."""
    return search_key(f"{given_name} {family_name}")


# Tussenvoegsels (as the BRP knows them, the common ones): the words before a family name
# that a Dutch list passes over when it sorts.
_WORDS = (
    "van de der den het 't te ten ter in op uit aan bij onder voor over tot 's"
    " la le les l' du d' da das di do dos del della von vom zu zum zur dem des"
)
TUSSENVOEGSELS = frozenset(_WORDS.split())


def sort_name(given_name: str, family_name: str) -> str:
    """The stored form a list sorts a pupil's name by (`Pupil.sort_name`), as Dutch lists
    do: the family name without its tussenvoegsels first ('Maxime van Dijk' under D, as
    'dijk van maxime'), then the tussenvoegsels, then the given name; letter case, accents
    and diacritics ignored as in search (by the bytes, 'de Vries' came after 'Zwart' and
    'Öztürk' after both)."""
    words = family_name.split()
    lead = 0
    while lead < len(words) - 1 and words[lead].casefold() in TUSSENVOEGSELS:
        lead += 1
    return search_key(" ".join([*words[lead:], *words[:lead], given_name]))


def initials(given_name: str, family_name: str) -> str:
    """Initials of given and family name, skipping tussenvoegsels: 'Maxime van Dijk' → 'M.D.'."""
    main = _main_family_word(family_name)
    return "".join(f"{c.upper()}." for c in (given_name[:1], main[:1]) if c)


def _main_family_word(family_name: str) -> str:
    """The family name without tussenvoegsels: 'van Dijk' → 'Dijk'."""
    words = family_name.split()
    return next((w for w in reversed(words) if w[:1].isupper()), words[-1] if words else "")


def age(birth_date: date, on: date) -> int:
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def identity(given_name: str, family_name: str, birth_date: date) -> tuple[str, str, date]:
    """Who the child is, for counting children rather than cases: the same name (case and
    accents as written, letter case ignored) and birth date, as the intake's duplicate
    check compares them. Each case keeps its own pupil row."""
    return given_name.casefold(), family_name.casefold(), birth_date


def _comparable(given_name: str, family_name: str) -> str:
    # Dutch spelling: 'Dyk' and 'Dijk' are one name written two ways.
    return search_name(given_name, family_name).replace("ij", "y").replace("-", " ")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute one letter)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


LIKELY_SAME_EDITS = 2


def alike(one, other) -> bool:
    """Two pupils' names that are likely the same child (the caller compares birth date and
    gemeente): within two edits after folding, or the same initials."""
    a = _comparable(one.given_name, one.family_name)
    b = _comparable(other.given_name, other.family_name)
    if edit_distance(a, b) <= LIKELY_SAME_EDITS:
        return True
    return initials(one.given_name, one.family_name) == initials(
        other.given_name, other.family_name
    )


def _fold_char(c: str) -> str:
    folded = unicodedata.normalize("NFKD", c.casefold())
    return "".join(x for x in folded if not unicodedata.combining(x)).translate(_FOLD)


def masked(text: str, given_name: str, family_name: str) -> str:
    """`text` with the pupil's name replaced by the initials, wherever free text wrote it:
    the whole name, the family name (with or without tussenvoegsel) and each given name,
    ignoring case and accents ('Noah', 'noah', 'Ozturk' for 'Öztürk'). For texts shown
    under initials only (the minutes); a word that merely looks like a name part goes too,
    which is the safe side."""
    main = _main_family_word(family_name)
    parts = {f"{given_name} {family_name}", family_name, main, *given_name.split()}
    keys = sorted({search_key(p) for p in parts if len(search_key(p)) >= 2}, key=len, reverse=True)
    if not keys or not text:
        return text
    folded, origin = [], []  # the folded text, and for each of its characters the original
    for i, c in enumerate(text):
        for x in _fold_char(c):
            folded.append(x)
            origin.append(i)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keys) + r")s?(?!\w)")
    out, last = [], 0
    for match in pattern.finditer("".join(folded)):
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        out += [text[last:start], initials(given_name, family_name)]
        last = end
    return "".join(out) + text[last:]
