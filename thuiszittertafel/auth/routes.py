"""Login and logout pages."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, login_manager
from .forms import LoginForm
from .limits import MESSAGE, failed_logins
from .models import User
from .services import authenticate
from .sockets import disconnect_sockets

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None  # deactivated: logged out


def safe_next(target: str | None) -> str | None:
    """Only our own absolute paths: no scheme, no host, no '//' or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    # Only the form's own fields: Flask-WTF would also read a JSON body or file parts.
    form = LoginForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        address = request.remote_addr or ""
        if not failed_logins.attempt(form.username.data, address):
            return render_template("errors/error.html", message=MESSAGE), 429
        user = authenticate(db.session, form.username.data, form.password.data)
        if user is not None:
            failed_logins.succeeded(form.username.data, address)
            login_user(user)
            session["login_id"] = secrets.token_hex(8)  # this login's sockets: see logout
            return redirect(safe_next(form.next.data) or url_for("home.index"))
        form.password.errors.append("Gebruikersnaam of wachtwoord klopt niet.")
    return render_template(
        "auth/login.html", form=form
    ), 200 if request.method == "GET" or not form.errors else 400


@bp.route("/uitloggen", methods=["POST"])
@login_required
def logout():
    disconnect_sockets(current_user.id, session.pop("login_id", None))
    logout_user()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("auth.login"))
