from flask import Blueprint

bp = Blueprint("cases", __name__)


@bp.route("/casussen")
def index():
    return "casussen"
