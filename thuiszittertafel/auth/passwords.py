"""Password hashing with Argon2id."""

from __future__ import annotations

import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Verified against when the username is unknown, so timing does not reveal accounts.
_DUMMY = _hasher.hash("geen-account")

# Each hash takes its memory cost (64 MiB) while it runs and already uses several cores
# (4 lanes). A burst of logins ran dozens at once: a web process peaked at 1.1-1.5 GB
# (bench/load.py, 300 users). Two at a time give nearly the throughput of any number on
# a 2-core machine (bench/password_hashes.py, 40 logins at once: 1 at a time 7.2 s, 2:
# 5.9 s, 4: 5.8 s, 8: 6.8 s; the peak +65, +193, +449 MB) and bound the peak at 128 MiB
# above the process's own; the others wait their turn.
AT_ONCE = 2
_turns = threading.BoundedSemaphore(AT_ONCE)


def hash_password(password: str) -> str:
    with _turns:
        return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        with _turns:
            return _hasher.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
