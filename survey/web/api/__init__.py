"""The read API (`/api/v1/`) for the tools municipalities already use: Power BI, Excel, their own dashboards.

Read-only, and reached only with a bearer token of one organisation (survey.store.tokens):
no cookies, no sessions, so no CSRF either. Its blueprint is survey.web.api.resources; errors
anywhere under /api/ are problem details (survey.web.api.problems), not the web's error pages.
"""
from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from survey.web.api import access, problems, resources
from survey.web.extensions import csrf

PREFIX = "/api/"


def init_app(app: Flask) -> None:
    app.config.setdefault("API_RATE_LIMIT", 60)  # requests per token and minute; 0: no limit
    app.extensions["api_limiter"] = access.RateLimiter()
    csrf.exempt(resources.bp)
    app.register_blueprint(resources.bp)


def problem_for(error: HTTPException) -> Response | None:
    """The API's answer to an error the web app would show as a page (an unknown address, a write method,
    a failure); None outside the API."""
    if not request.path.startswith(PREFIX):
        return None
    return problems.from_http(error)
