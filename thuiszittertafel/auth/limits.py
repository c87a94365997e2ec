"""Rate limits. Failed logins (DESIGN §8): per account, per account from one address,
and per address across accounts. Only failed attempts count: every attempt is counted
BEFORE the password is checked (one atomic increment, so parallel guesses cannot slip past
the limit between check and count) and a successful login takes its count back. While over
a limit every attempt is refused without checking the password, so a right guess cannot
slip through either.

The counts live where the limits library (Flask-Limiter's core) keeps them: in memory in
the single-process default, in Redis when THUISZITTERTAFEL_REDIS_URL is set, so every web
process counts the same attempts. If Redis is unreachable, logging in still works: the
counts fall back to this process's memory until Redis answers again.

Live joins (a socket joining a case, meeting or consultation room) are limited per user:
each join asks the visibility policy and writes an audit row, and a client looping over
ids must not turn that into a fast probe or a flood of the audit log.
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
# A page joins once when it opens (and again after a reconnect): a minute of clicking
# through cases stays far below this; a script walking ids does not.
LIVE_JOINS = parse("60 per minute")
LIVE_JOIN_MESSAGE = (
    "U opent te veel casussen of overleggen tegelijk live. Wacht een minuut en laad de"
    " pagina dan opnieuw."
)


class _Counts:
    """Counts in the configured store (memory, or Redis), in memory while Redis is down."""

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

    def _hit(self, item, identifiers, cost: int) -> bool:
        try:
            return FixedWindowRateLimiter(self._storage).hit(
                item, self._prefix, *identifiers, cost=cost
            )
        except Exception as exc:  # noqa: BLE001 - the store is down: count in memory instead
            log.warning("rate limits: storage unavailable (%s); counting in memory", exc)
            return FixedWindowRateLimiter(self._fallback).hit(
                item, self._prefix, *identifiers, cost=cost
            )


class FailedLogins(_Counts):
    def _keys(self, username: str, address: str):
        name = username.strip().lower()[:200]
        return (
            (ACCOUNT_AT_ADDRESS, ("account-address", name, address)),
            (ACCOUNT, ("account", name)),
            (ADDRESS, ("address", address)),
        )

    def attempt(self, username: str, address: str) -> bool:
        """Count this attempt; False when it is over a limit (refuse it unchecked)."""
        results = [self._hit(item, ids, 1) for item, ids in self._keys(username, address)]
        return all(results)

    def succeeded(self, username: str, address: str) -> None:
        """A successful login never counts: take its attempt back."""
        for item, ids in self._keys(username, address):
            self._hit(item, ids, -1)


class LiveJoins(_Counts):
    limit = LIVE_JOINS

    def per_minute(self, joins: int) -> None:
        """The installation's limit (THUISZITTERTAFEL_LIVE_JOINS_PER_MINUTE)."""
        self.limit = parse(f"{joins} per minute")

    def attempt(self, user_id: int) -> bool:
        """Count this join; False when the user is over the limit (refuse it unchecked)."""
        return self._hit(self.limit, ("live-join", str(user_id)), 1)


failed_logins = FailedLogins()
live_joins = LiveJoins()
