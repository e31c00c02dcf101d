"""The read API's errors as problem details (RFC 9457): `application/problem+json`.

`title` and `detail` are in the reader's language (Accept-Language: Swedish unless English is
preferred), and `titles` gives the title in both; `code` names the problem for programs, and
`instance` is the path asked for.
"""
from __future__ import annotations

import json
from typing import Any

from flask import Response, request
from werkzeug.exceptions import HTTPException

from survey.i18n import LANGUAGES, Msg, Text, render

MEDIA_TYPE = "application/problem+json"

TITLES = {
    400: Text("api.title.bad_request", "Felaktig begäran"),
    401: Text("api.title.unauthorized", "Ingen giltig API-nyckel"),
    404: Text("api.title.not_found", "Finns inte"),
    405: Text("api.title.method_not_allowed", "Metoden är inte tillåten"),
    429: Text("api.title.too_many_requests", "För många förfrågningar"),
    500: Text("api.title.internal", "Internt fel"),
}
DETAILS = {
    "missing_token": Text("api.missing_token", "Skicka API-nyckeln i huvudet Authorization: Bearer <nyckel>. "
                          "En samordnare skapar nycklar under Rapporter."),
    "invalid_token": Text("api.invalid_token", "API-nyckeln är ogiltig, har gått ut eller har återkallats. "
                          "Be en samordnare om en ny."),
    "not_found": Text("api.not_found", "Det finns inget sådant här, eller så når nyckeln det inte."),
    "method_not_allowed": Text("api.method_not_allowed", "API:t kan bara läsas: använd GET."),
    "rate_limited": Text("api.rate_limited", "Nyckeln får göra högst %(limit)s förfrågningar i minuten. "
                         "Försök igen om %(seconds)s sekunder."),
    "bad_request": Text("api.bad_request", "Begäran kunde inte tolkas."),
    "internal": Text("api.internal", "Ett oväntat fel inträffade. Försök igen; kvarstår felet, kontakta driften."),
}


class Problem(Exception):
    """A problem to answer with: the HTTP status, a code for programs, the detail as a message, and any
    extension members (`parameter`, say) and headers."""

    def __init__(self, status: int, code: str, detail: Msg, *, headers: dict[str, str] | None = None,
                 **members: Any):
        self.status, self.code, self.detail, self.headers, self.members = status, code, detail, headers or {}, members
        super().__init__(str(detail))


def locale() -> str:
    """The reader's language: the first in Accept-Language (by quality) that is Swedish or English,
    `en-GB` counting as English; Swedish when there is none."""
    for tag, _quality in request.accept_languages:
        language = tag.lower().replace("_", "-").split("-")[0]
        if language in LANGUAGES:
            return language
    return "sv"


def response(problem: Problem) -> Response:
    lang = locale()
    title = TITLES.get(problem.status, TITLES[400])()
    body = {"type": "about:blank", "title": render(title, lang), "status": problem.status,
            "detail": render(problem.detail, lang), "instance": request.path, "code": problem.code,
            "titles": {language: render(title, language) for language in LANGUAGES}, **problem.members}
    return Response(json.dumps(body, ensure_ascii=False), status=problem.status, mimetype=MEDIA_TYPE,
                    headers={"Content-Language": lang, "Cache-Control": "no-store", **problem.headers})


def from_http(error: HTTPException) -> Response:
    """A problem for an error raised by Flask or Werkzeug: an unknown address, a method the API does not
    take (the Allow header kept), or an unexpected failure."""
    status = error.code if error.code in TITLES else 400 if 400 <= (error.code or 500) < 500 else 500
    code = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}.get(status, "internal")
    allowed = getattr(error, "valid_methods", None)
    headers = {"Allow": ", ".join(allowed)} if status == 405 and allowed else {}
    return response(Problem(status, code, DETAILS[code](), headers=headers))
