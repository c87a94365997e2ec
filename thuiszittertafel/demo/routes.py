"""/demo: the demo accounts, on the demo server only (`thuiszittertafel demo`)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from .. import clock
from .seed import demo_accounts

bp = Blueprint("demo", __name__)


@bp.get("/demo")
def accounts():
    if not current_app.config.get("DEMO_SERVER"):
        abort(404)  # a real installation has no such page
    return render_template(
        "demo/accounts.html",
        accounts=demo_accounts(),
        today=clock.today(),
        ahead=clock.shifted_by().days,
    )
