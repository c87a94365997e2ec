"""Failed logins are rate limited (DESIGN §8): per account, per account from one address,
and per address across accounts. Only failed attempts count: every attempt is counted
BEFORE the password is checked (one atomic increment, so parallel guesses cannot slip past
the limit between check and count) and a successful login takes its count back. While over
a limit every attempt is refused without checking the password, so a right guess cannot
slip through either.

The counts live where the limits library (Flask-Limiter's core) keeps them: in memory in
the single-process default, in Redis when THUISZITTERTAFEL_REDIS_URL is set, so every web
process counts the same attempts. If Redis is unreachable, logging in still works: the
counts fall back to this process's memory until Redis answers again.
"""

from __future__ import annotations

import logging

from limits import parse
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

log = logging.getLogger(__name__)

# One person mistyping, from their own address.
ACCOUNT_AT_ADDRESS = parse("10 per 15 minutes")
# Guessing one account from many addresses; high enough that a stranger cannot lock a
# colleague out alone.
ACCOUNT = parse("50 per 15 minutes")
# A school or town hall logs in from one address: generous, but a stop to guessing across
# many accounts.
ADDRESS = parse("100 per 15 minutes")
MESSAGE = (
    "Te veel mislukte inlogpogingen. Wacht een kwartier en probeer het dan opnieuw;"
    " bent u uw wachtwoord kwijt, vraag dan de beheerder van uw organisatie."
)


class FailedLogins:
    def __init__(self) -> None:
        self._storage: Storage = MemoryStorage()
        self._fallback: Storage = MemoryStorage()
        self._prefix = "thuiszittertafel"

    def configure(self, redis_url: str | None, prefix: str) -> None:
        self._storage = storage_from_string(redis_url) if redis_url else MemoryStorage()
        self._prefix = prefix

    def reset(self) -> None:
        """Forget every count (tests; the memory storages only)."""
        for storage in (self._storage, self._fallback):
            if isinstance(storage, MemoryStorage):
                storage.reset()

    def _keys(self, username: str, address: str):
        name = username.strip().lower()[:200]
        return (
            (ACCOUNT_AT_ADDRESS, ("account-address", name, address)),
            (ACCOUNT, ("account", name)),
            (ADDRESS, ("address", address)),
        )

    def _hit(self, item, identifiers, cost: int) -> bool:
        try:
            return FixedWindowRateLimiter(self._storage).hit(
                item, self._prefix, *identifiers, cost=cost
            )
        except Exception as exc:  # noqa: BLE001 - the store is down: count in memory instead
            log.warning("login limits: storage unavailable (%s); counting in memory", exc)
            return FixedWindowRateLimiter(self._fallback).hit(
                item, self._prefix, *identifiers, cost=cost
            )

    def attempt(self, username: str, address: str) -> bool:
        """Count this attempt; False when it is over a limit (refuse it unchecked)."""
        results = [self._hit(item, ids, 1) for item, ids in self._keys(username, address)]
        return all(results)

    def succeeded(self, username: str, address: str) -> None:
        """A successful login never counts: take its attempt back."""
        for item, ids in self._keys(username, address):
            self._hit(item, ids, -1)


failed_logins = FailedLogins()
