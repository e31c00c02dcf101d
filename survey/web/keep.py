"""Nothing typed is lost: answers posted with an expired session or security code are kept.

When a section page is posted after the person was signed out (in another tab, say) or the
form's CSRF code no longer matches the session, the posted fields are signed with the app's
secret and carried through the sign-in page; after signing in the person sees them again
in a form that saves them with one click. Nothing is stored before the person saves.
"""
from __future__ import annotations

from flask import current_app, g, render_template, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "kept-answers"
MAX_AGE = 24 * 3600
KEPT_ENDPOINTS = ("respond.section",)


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def posted() -> dict | None:
    """The posted fields worth keeping (everything but the stale security code) of a refused post
    of a section page, or None when the request is no such post."""
    if request.method != "POST" or request.endpoint not in KEPT_ENDPOINTS:
        return None
    fields = request.form.to_dict(flat=False)
    fields.pop("csrf_token", None)
    return {"path": request.path, "fields": fields}


def sign(kept: dict) -> str:
    """Kept answers as a token to carry through the sign-in page."""
    return _signer().dumps(kept)


def restore(token: str | None) -> dict | None:
    """Kept answers from a signed token, or None when absent, altered or older than a day."""
    if not token:
        return None
    try:
        kept = _signer().loads(token, max_age=MAX_AGE)
    except BadSignature:
        return None
    path = kept.get("path", "") if isinstance(kept, dict) else ""
    return kept if path.startswith("/svar/") and isinstance(kept.get("fields"), dict) else None


def page(kept: dict, status: int = 200):
    """The kept answers in a form that saves them where they were typed."""
    g.pop("csrf_token", None)  # a sign-in just began a new session: the form needs that session's code
    return render_template("keep.html", kept=kept), status
