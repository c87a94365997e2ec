"""Failed logins are rate limited (DESIGN §8): per account, and per address across
accounts. Only failed attempts count; while an account or address is over its limit, every
attempt is refused for the rest of the window, so a correct guess cannot slip through.

Flask-Limiter keeps the counts: in memory in the single-process default, in Redis when
THUISZITTERTAFEL_REDIS_URL is set, so every web process counts the same attempts.
"""

from __future__ import annotations

import json

from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

ACCOUNT_LIMIT = "10 per 15 minutes"
# A school or town hall logs in from one address: generous, but a stop to guessing across
# many accounts.
ADDRESS_LIMIT = "100 per 15 minutes"
MESSAGE = ("Te veel mislukte inlogpogingen. Wacht een kwartier en probeer het dan opnieuw;"
           " bent u uw wachtwoord kwijt, vraag dan de beheerder van uw organisatie.")

limiter = Limiter(get_remote_address, strategy="moving-window", headers_enabled=False)


def login_name() -> str:
    """The account an attempt is for (form or JSON), as the counter's key. Whatever the
    body holds, this never fails: the view itself refuses bad input with a message."""
    if request.is_json:
        try:
            data = json.loads(request.get_data(cache=True) or b"null")
        except (ValueError, RecursionError):
            data = None
    else:
        data = request.form
    name = data.get("username") if isinstance(data, dict) or data is request.form else None
    return "account:" + (name.strip().lower()[:80] if isinstance(name, str) else "")


def failed(response) -> bool:
    return response.status_code in (400, 401)


# One count for the login page and POST /api/v1/tokens together.
_per_account = limiter.shared_limit(ACCOUNT_LIMIT, scope="login-account",
                                    key_func=login_name, methods=["POST"],
                                    deduct_when=failed, error_message=MESSAGE)
_per_address = limiter.shared_limit(ADDRESS_LIMIT, scope="login-address", methods=["POST"],
                                    deduct_when=failed, error_message=MESSAGE)


def limit_failed_logins(view):
    """Decorate a login view (the page's form or POST /api/v1/tokens)."""
    return _per_address(_per_account(view))
