"""API: the accounts of one's own organisation, for its beheerder (DESIGN §8).

Anyone else gets 403 (not 404): the route exists for every user, the refusal says who may.
Deactivating ends the account's sessions and API tokens in the same transaction, and its
live sockets right after the commit, in every process (auth.live_guard).
"""

from __future__ import annotations

from typing import Any

from flask import g, url_for

from .. import clock
from ..auth import admin
from ..auth.models import User
from ..extensions import db
from ..web.transaction import revoke_after_commit
from .context import audit as _audit
from .once import idempotent
from .payload import MAX_INT, check_query, json_body, paging
from .routes import bp
from .schemas import read
from .schemas import users as schema
from .schemas.users import UserCreate, UserUpdate


def user_json(user: User, password: str | None = None) -> dict[str, Any]:
    return user_shape(user, password).dump()


def user_shape(user: User, password: str | None = None) -> schema.User:
    """The account; with the one-time password only when it was just made."""
    once = {"password": password} if password is not None else {}
    return schema.User(
        id=user.id,
        username=user.username,
        name=user.name,
        email=user.email,
        roles=user.roles,
        active=user.active,
        org_id=user.org_id,
        two_factor=user.totp_secret is not None,
        **once,
    )


@bp.get("/users")
def list_users():
    check_query(("page", "per_page"), ("page", "per_page"))
    page, per_page = paging()
    users = admin.own_users(db.session, g.user)
    shown = users[(page - 1) * per_page : page * per_page]
    _audit("api.user.list", detail={"ids": [u.id for u in shown]})
    items = [user_shape(u) for u in shown]
    return schema.UserList(items=items, total=len(users), page=page, per_page=per_page).dump()


@bp.post("/users")
@idempotent
def create_user():
    data = json_body()
    admin.require_own_beheerder(g.user)
    read(UserCreate, data)
    user, password = admin.add_user(
        db.session, g.user, data, now=clock.now(), own_organisation=True
    )
    _audit(
        "api.user.create",
        object_type="user",
        object_id=user.id,
        detail={"roles": user.roles, "org_id": user.org_id},
    )
    # A password made here is shown this once and stored nowhere.
    return user_json(user, password), 201, {"Location": url_for("api.list_users")}


@bp.patch("/users/<int:user_id>")
def patch_user(user_id: int):
    data = json_body()
    user_id = user_id if user_id <= MAX_INT else 0  # beyond the integer range: none
    was_active = admin.own_user(db.session, g.user, user_id).active
    read(UserUpdate, data)
    user = admin.update_user(db.session, g.user, user_id, data, now=clock.now())
    _audit(
        "api.user.update",
        object_type="user",
        object_id=user.id,
        detail={k: data[k] for k in ("active", "roles") if k in data} | {"fields": sorted(data)},
    )
    if was_active and not user.active:
        revoke_after_commit()  # its live connections end now, in every process
    return user_json(user)
