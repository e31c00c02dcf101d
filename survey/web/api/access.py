"""Who reads the API: a bearer token of one organisation, within its rate limit, noted in the audit log.

No cookies and no sessions: the token in `Authorization: Bearer …` is the only credential,
so a signed-in browser gets nothing here that it did not ask for with a token (and there is
no form to forge: the API only reads). Every token may make API_RATE_LIMIT requests in any
60 seconds (0: no limit); requests without a valid token count against the client's address.
"""
from __future__ import annotations

import math
import threading
import time
from collections import deque

from flask import current_app, g, request

from survey.web.api.problems import DETAILS, Problem
from survey.store import audit, tokens
from survey.web.db import get_db

WINDOW = 60.0  # seconds
REALM = 'Bearer realm="policyuppfoljning"'


class RateLimiter:
    """At most `limit` requests per key in any WINDOW seconds (a sliding window), in this process."""

    def __init__(self) -> None:
        self._seen: dict[object, deque] = {}
        self._lock = threading.Lock()

    def hit(self, key: object, limit: int, moment: float | None = None) -> tuple[float, int]:
        """Count a request unless the key is at its limit: (seconds to wait, 0 when counted; requests left)."""
        moment = time.monotonic() if moment is None else moment
        with self._lock:
            if len(self._seen) > 10_000:  # forget keys that have been quiet for a window
                self._seen = {k: q for k, q in self._seen.items() if q and q[-1] > moment - WINDOW}
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= moment - WINDOW:
                seen.popleft()
            if len(seen) >= limit:
                return seen[0] + WINDOW - moment, 0
            seen.append(moment)
            return 0.0, limit - len(seen)


def _limited(key: object) -> int | None:
    """Requests left for the key (None without a limit); Problem 429 when it has none."""
    limit = int(current_app.config["API_RATE_LIMIT"])
    if limit <= 0:
        return None
    wait, left = current_app.extensions["api_limiter"].hit(key, limit)
    if wait:
        seconds = max(1, math.ceil(wait))
        raise Problem(429, "rate_limited", DETAILS["rate_limited"](limit=limit, seconds=seconds),
                      headers={"Retry-After": str(seconds), "RateLimit-Limit": str(limit),
                               "RateLimit-Remaining": "0", "RateLimit-Reset": str(seconds)})
    return left


def authenticate() -> None:
    """Before every API request but the OpenAPI document: the token's organisation in `g.api_token`."""
    header = request.headers.get("Authorization", "")
    scheme, _space, secret = header.strip().partition(" ")
    db = get_db()
    token = tokens.authenticate(db, secret.strip()) if scheme.lower() == "bearer" and secret.strip() else None
    if token is None:
        _limited(("client", request.remote_addr))
        code = "invalid_token" if header else "missing_token"
        challenge = REALM + (', error="invalid_token"' if header else "")
        raise Problem(401, code, DETAILS[code](), headers={"WWW-Authenticate": challenge})
    left = _limited(("token", token["id"]))
    if left is not None:
        g.api_rate = (int(current_app.config["API_RATE_LIMIT"]), left)
    if tokens.mark_used(db, token):
        audit.record(db, "api_use", actor=f"API-nyckel {token['hint']}… ({token['name']})",
                     organisation_id=token["organisation_id"], subject=request.path,
                     detail={"token_id": token["id"]}, client=request.remote_addr)
    g.api_token = token


def rate_headers(response):
    """After an API request within its limit: how many requests the token has left."""
    if "api_rate" in g:
        limit, left = g.api_rate
        response.headers["RateLimit-Limit"] = str(limit)
        response.headers["RateLimit-Remaining"] = str(left)
    return response
