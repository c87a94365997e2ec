"""Login and logout pages; the user's own sessions (/account)."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from .. import clock
from ..core.errors import DomainError, ValidationFailed
from ..extensions import db, login_manager
from ..web.edge import audit
from ..web.transaction import after_commit, revoke_after_commit
from . import oidc, sessions, two_factor
from .forms import CodeForm, LoginForm
from .limits import MESSAGE, failed_logins
from .models import User
from .services import authenticate, change_password, own_tokens, revoke_own_token
from .sockets import disconnect_sockets

bp = Blueprint("auth", __name__)

EXPIRED = {
    "idle": "U was {minutes} minuten niet actief; uw sessie is daarom beëindigd. Log opnieuw in.",
    "lifetime": "U was langer dan {hours} uur ingelogd; uw sessie is daarom beëindigd."
    " Log opnieuw in.",
}


def lifetimes() -> sessions.Lifetimes:
    return sessions.Lifetimes.of(current_app.config["SETTINGS"])


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user of this cookie's open session; never on the cookie's word alone."""
    now = clock.now()
    row, why = sessions.check(db.session, session.get("sid"), now, lifetimes())
    if row is not None and why in (None, "idle", "lifetime"):
        with db.engine.begin() as connection:
            sessions.record_check(connection, row.id, row.last_seen_at, now, why)
    if why is not None:
        if why in EXPIRED:
            settings = current_app.config["SETTINGS"]
            session["expired"] = EXPIRED[why].format(
                minutes=settings.session_idle_minutes, hours=settings.session_max_hours
            )
        session.pop("sid", None)
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.active or str(user.id) != user_id:
        return None  # deactivated: logged out
    g.login_session = row
    return user


def safe_next(target: str | None) -> str | None:
    """Only our own absolute paths: no scheme, no host, no '//' or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def complete_login(user: User, next_url: str | None):
    """Every check passed: a new server-side session, a fresh cookie, the start page."""
    start_session(user)
    return redirect(safe_next(next_url) or url_for("home.index"))


def start_session(user: User) -> None:
    token, row = sessions.start(
        db.session,
        user.id,
        clock.now(),
        address=request.remote_addr,
        user_agent=request.headers.get("User-Agent"),
    )
    for key in [k for k in session if k != "csrf_token"]:
        session.pop(key)  # nothing from before the login carries over (but the form token)
    session["sid"] = token
    session["login_id"] = str(row.id)  # this login's sockets: see logout
    g.login_session = row
    login_user(user)


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
            if _needs_second_step(user):
                return _second_step(user, form.next.data)
            return complete_login(user, form.next.data)
        form.password.errors.append("Gebruikersnaam of wachtwoord klopt niet.")
    expired = session.pop("expired", None) if request.method == "GET" else None
    return render_template(
        "auth/login.html", form=form, expired=expired
    ), 200 if request.method == "GET" or not form.errors else 400


@bp.route("/uitloggen", methods=["POST"])
@login_required
def logout():
    sessions.end(db.session, g.login_session, clock.now(), "logout")
    after_commit(partial(disconnect_sockets, current_user.id, session.pop("login_id", None)))
    revoke_after_commit()
    provider_logout = oidc.logout_target(
        db.session, session.get("sso_provider"), url_for("auth.login", _external=True)
    )
    logout_user()
    session.clear()
    if provider_logout:  # logged in through the organisation's provider: end that one too
        url, org = provider_logout
        page = render_template("auth/sso_logged_out.html", url=url, org=org)
        flash("U bent uitgelogd.", "info")  # for the login page the provider returns to
        return page
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("auth.login"))


@bp.get("/account")
@login_required
def account():
    return _account_page()


def _account_page(errors: dict | None = None, status: int = 200):
    return render_template(
        "auth/account.html",
        sessions=sessions.own_sessions(db.session, current_user.id, clock.now(), lifetimes()),
        tokens=own_tokens(db.session, current_user, clock.now()),
        current_id=g.login_session.id,
        reasons=sessions.END_REASONS,
        two_factor_on=two_factor.is_enabled(current_user),
        recovery_left=two_factor.remaining_recovery_codes(db.session, current_user),
        errors=errors or {},
    ), status


@bp.post("/account/wachtwoord")
@login_required
def password():
    address = request.remote_addr or ""
    if not failed_logins.attempt(current_user.username, address):
        return render_template("errors/error.html", message=MESSAGE), 429
    form = request.form
    try:
        change_password(
            db.session,
            current_user,
            form.get("current", ""),
            form.get("new", ""),
            form.get("repeat", ""),
            now=clock.now(),
            keep_session=g.login_session.id,
        )
    except ValidationFailed as exc:
        db.session.rollback()
        if "current" not in exc.errors:
            failed_logins.succeeded(current_user.username, address)
        return _account_page(exc.errors, 400)
    failed_logins.succeeded(current_user.username, address)
    audit("auth.password.changed", object_type="user", object_id=current_user.id)
    revoke_after_commit()
    flash("Uw wachtwoord is gewijzigd; uw andere sessies en API-tokens zijn beëindigd.", "success")
    return redirect(url_for(".account"))


@bp.post("/account/tokens/<int:token_id>/intrekken")
@login_required
def revoke_token(token_id: int):
    try:
        revoke_own_token(db.session, current_user, token_id)
    except DomainError as exc:
        db.session.rollback()
        return render_template("errors/error.html", message=exc.message), exc.status
    revoke_after_commit()
    flash("Het API-token is ingetrokken.", "success")
    return redirect(url_for(".account"))


@bp.post("/account/sessies/<int:session_id>/beeindigen")
@login_required
def end_session(session_id: int):
    try:
        row = sessions.end_own(db.session, current_user.id, session_id, clock.now())
    except DomainError as exc:
        db.session.rollback()
        return render_template("errors/error.html", message=exc.message), exc.status
    revoke_after_commit()
    if row.id == g.login_session.id:
        logout_user()
        session.clear()
        flash("Deze sessie is beëindigd; u bent uitgelogd.", "info")
        return redirect(url_for("auth.login"))
    flash("De sessie is beëindigd; die browser moet opnieuw inloggen.", "success")
    return redirect(url_for(".account"))


# Two-factor: after the password, the code (or, where it is required and not yet set up,
# the enrolment). Between the two steps the cookie holds only who passed the password and
# when; nothing counts as logged in until the second step passes.
PENDING_FOR = 300  # seconds


def _needs_second_step(user: User) -> bool:
    roles = current_app.config["SETTINGS"].two_factor_roles
    return two_factor.is_enabled(user) or two_factor.is_required(db.session, user, roles)


def _second_step(user: User, next_url: str | None):
    session["pending"] = {"uid": user.id, "next": next_url or "", "at": clock.now().timestamp()}
    code = request.form.get("totp")
    if code and two_factor.is_enabled(user):  # DESIGN §8: the form may post `totp` at once
        return code_step()
    return redirect(url_for(".code_step" if two_factor.is_enabled(user) else ".enrol_step"))


def _pending_user() -> User | None:
    pending = session.get("pending")
    if not isinstance(pending, dict) or clock.now().timestamp() - pending["at"] > PENDING_FOR:
        session.pop("pending", None)
        return None
    user = db.session.get(User, pending["uid"])
    return user if user is not None and user.active else None


def _expired_step():
    session["expired"] = "Het inloggen duurde te lang; vul uw wachtwoord opnieuw in."
    return redirect(url_for(".login"))


@bp.route("/inloggen/code", methods=["GET", "POST"])
def code_step():
    user = _pending_user()
    if user is None:
        return _expired_step()
    if not two_factor.is_enabled(user):
        return redirect(url_for(".enrol_step"))
    form = CodeForm(formdata=request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        address = request.remote_addr or ""
        if not failed_logins.attempt(user.username, address):
            return render_template("errors/error.html", message=MESSAGE), 429
        if two_factor.verify(db.session, user, form.totp.data, clock.now()):
            failed_logins.succeeded(user.username, address)
            return complete_login(user, session.pop("pending")["next"])
        form.totp.errors.append(two_factor.WRONG)
    return render_template(
        "auth/code.html", form=form
    ), 200 if request.method == "GET" or not form.errors else 400


@bp.route("/inloggen/tweestaps-instellen", methods=["GET", "POST"])
def enrol_step():
    """Two-factor is required for this account and not set up yet: set it up now."""
    user = _pending_user()
    if user is None:
        return _expired_step()
    return _enrol(user, logging_in=True)


@bp.route("/account/tweestaps", methods=["GET", "POST"])
@login_required
def enrol():
    if two_factor.is_enabled(current_user):
        return redirect(url_for(".account"))
    return _enrol(current_user, logging_in=False)


def _enrol(user: User, *, logging_in: bool):
    secret = session.get("enrol_secret") or two_factor.new_secret()
    session["enrol_secret"] = secret
    form = CodeForm(formdata=request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        address = request.remote_addr or ""
        if not failed_logins.attempt(user.username, address):
            return render_template("errors/error.html", message=MESSAGE), 429
        try:
            codes = two_factor.confirm_enrolment(
                db.session, user, secret, form.totp.data, clock.now()
            )
        except ValidationFailed as exc:
            db.session.rollback()
            form.totp.errors.append(exc.errors["totp"])
        else:
            failed_logins.succeeded(user.username, address)
            audit("auth.two_factor.enabled", by=user, object_type="user", object_id=user.id)
            session.pop("enrol_secret", None)
            if logging_in:
                next_url = session.pop("pending")["next"]
                start_session(user)
            else:
                next_url = url_for(".account")
            return render_template(
                "auth/recovery_codes.html", codes=codes, next_url=safe_next(next_url) or "/"
            )
    return render_template(
        "auth/enrol.html",
        form=form,
        qr=two_factor.qr_svg(secret, user.username),
        secret=secret,
        logging_in=logging_in,
    ), 200 if request.method == "GET" or not form.errors else 400
