"""Helpers for the read API's tests: tokens, and a reader whose every response is checked against the
OpenAPI document the app serves (openapi-core), CSV turned back into rows to compare with JSON."""
from __future__ import annotations

import csv
import gzip
import io
import json
from functools import lru_cache

import jsonschema
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response

from survey.scoring import rules
from survey.store import bulk, register, rounds, tokens
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store.migrations import migrate
from tests.helpers import complete_answers

DOCUMENT = "/api/v1/openapi.json"
# How the document's media types are read: CSV as text, problem details as JSON.
CONFIG = Config(extra_media_type_deserializers={"text/csv": lambda data: data.decode("utf-8"),
                                                "application/problem+json": json.loads})


def token(db, organisation: str, name: str = "Power BI", **options) -> str:
    """A new token for the named organisation: the secret."""
    return tokens.create(db, register.organisation(db, organisation), name, **options)["secret"]


def many_results(path, content, policy: str, units: int, years: range) -> str:
    """A database of one organisation, "Storstad", whose units have all submitted every year: written in bulk
    (survey.store.bulk), each unit's results scored by the real rules from complete answers. Its name."""
    db = store_db.connect(path)
    migrate(db)
    org = register.organisation(db, "Storstad")
    policy_id = store_content.publish(db, org, policy, content.questionnaires[policy],
                                      content.rulesets[policy])["policy_id"]
    compiled = rules.compile_ruleset(content.rulesets[policy])
    kinds = ("kommunstyrelse", "nämnd", "förvaltning", "bolag")
    scored = {kind: rules.score(compiled, rules.context(complete_answers(content.questionnaires[policy], kind),
                                                        {"kind": kind, "name": kind, "tags": []}, years[-1]))
              for kind in kinds}
    members = [(register.add_unit(db, org, f"Enhet {i:03d}", kinds[i % 4]), kinds[i % 4]) for i in range(units)]
    for year in years:
        bulk.add_results(db, rounds.open_round(db, policy_id, year), {unit: scored[kind] for unit, kind in members})
    db.close()
    return "Storstad"


def plain(response: Response) -> Response:
    """The response as sent before gzip: what the document describes."""
    if response.headers.get("Content-Encoding") != "gzip":
        return response
    copy = Response(gzip.decompress(response.get_data()), status=response.status, headers=Headers(response.headers))
    del copy.headers["Content-Encoding"]
    return copy


@lru_cache(maxsize=4)
def _openapi(document: str) -> OpenAPI:
    """The document, read once per test session (reading it is slow)."""
    return OpenAPI.from_dict(json.loads(document), config=CONFIG)


class Reader:
    """GETs (or any method) with a bearer token; every response is validated against the served document:
    through its operation where there is one, else (an unknown address, a write method) as a Problem."""

    def __init__(self, client, secret: str | None = None, **headers: str):
        self.client = client
        self.headers = ({"Authorization": f"Bearer {secret}"} if secret else {}) | headers
        self.document = client.get(DOCUMENT).get_json()
        self.openapi = _openapi(json.dumps(self.document, sort_keys=True))

    def get(self, url: str, **headers: str) -> Response:
        return self.open(url, "GET", **headers)

    def open(self, url: str, method: str, **headers: str) -> Response:
        response = self.client.open(url, method=method, headers=self.headers | headers)
        self.check(response)
        return response

    def check(self, response: Response) -> None:
        sent = plain(response)
        request = WerkzeugOpenAPIRequest(response.request)
        try:
            if response.status_code < 300:
                self.openapi.validate_request(request)
            self.openapi.validate_response(request, WerkzeugOpenAPIResponse(sent))
        except (PathNotFound, OperationNotFound):
            assert response.mimetype == "application/problem+json", (response.status, response.data[:200])
            self.problem(sent.get_json())
        else:
            if response.mimetype == "application/problem+json":
                self.problem(sent.get_json())

    def problem(self, body: dict) -> None:
        schema = self.document["components"]["schemas"]["Problem"]
        jsonschema.Draft202012Validator(schema).validate(body)

    def pages(self, url: str) -> list[dict]:
        """Every item of a list, following `next` from the first page."""
        items = []
        while url:
            page = self.get(url).get_json()
            items += page["items"]
            url = page["next"]
        return items


def csv_rows(data: bytes, fmt: str = "csv") -> list[dict]:
    """A CSV answer as rows of text, by header."""
    text = data.decode("utf-8-sig" if fmt == "csv-excel" else "utf-8")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if fmt == "csv-excel" else ","))


def as_csv(item: dict, fmt: str = "csv") -> dict:
    """A JSON item as its CSV row reads: lists joined by commas, nothing as empty, numbers as pandas writes them."""
    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, list):
            return ",".join(value)
        if isinstance(value, float):
            return str(value).replace(".", "," if fmt == "csv-excel" else ".")
        if isinstance(value, str) and value.lstrip("'").startswith(("=", "+", "-", "@", "\t", "\r")):
            return "'" + value
        return str(value)
    return {key: cell(value) for key, value in item.items()}
