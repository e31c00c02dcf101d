"""The OpenAPI 3.1 document of the read API, served at /api/v1/openapi.json.

Written beside the code it describes: the items' schemas are survey.web.api.schemas (which also
give the CSV columns), the lists and their filters are declared here once. The tests check
the document with openapi-spec-validator and every response of the API against it.
"""
from __future__ import annotations

from survey.i18n import LANGUAGES
from survey.scoring.rules import LEVELS
from survey.web.api import lists, schemas

TEXT, INTEGER = {"type": "string"}, {"type": "integer"}


def _filter(name: str, description: str, kind: dict = TEXT, values: tuple | None = None) -> dict:
    items = dict(kind) | ({"enum": list(values)} if values else {})
    return {"name": name, "in": "query", "required": False, "style": "form", "explode": True,
            "description": description + " Kan upprepas: rader som har något av värdena.",
            "schema": {"type": "array", "items": items, "maxItems": lists.MAX_VALUES}}


POLICY = _filter("policy", "Policyns namn, t.ex. falkoping-integrationspolicy.")
YEAR = _filter("year", "År.", INTEGER)
ROUND = _filter("round", "Omgångens id.", INTEGER)
UNIT = _filter("unit", "Enhetens namn.")
UNIT_KIND = _filter("unit_kind", "Enhetstyp, t.ex. nämnd.")
REQUIREMENT = _filter("requirement", "Kravets id.")
REQUIREMENT_KIND = _filter("kind", "Kravets slag.", values=("responsibility", "goal"))
GOAL = _filter("goal", "Målets id: krav som bidrar till målet.")

# path, operation id, summary, item schema, filters
LISTS = [
    ("/policies", "policies", "Kommunens policyer med metadata och revideringsstatus", "policy", []),
    ("/goals", "goals", "Policyernas övergripande mål", "goal", [POLICY]),
    ("/requirements", "requirements", "Kraven i policyernas aktuella regeluppsättningar", "requirement",
     [POLICY, REQUIREMENT_KIND]),
    ("/rounds", "round_list", "Omgångarna: en policys självskattning ett år", "round",
     [POLICY, YEAR, _filter("status", "Omgångens status.", values=("open", "closed"))]),
    ("/units", "units", "Enheterna", "unit", [
        _filter("kind", "Enhetstyp."), _filter("tag", "Tagg."),
        _filter("active", "true: aktiva enheter; false: inaktiva.", values=("true", "false"))]),
    ("/results", "results", "Resultattabellen: en rad per enhet, år och krav (inlämnade svar)", "result",
     [POLICY, YEAR, ROUND, UNIT, UNIT_KIND, REQUIREMENT, GOAL, REQUIREMENT_KIND,
      _filter("level", "Nivå.", values=LEVELS)]),
    ("/goal-summaries", "goal_summaries", "Måluppfyllelse per enhet, år och mål", "goal_summary",
     [POLICY, YEAR, UNIT, UNIT_KIND, _filter("goal", "Målets id.")]),
    ("/actions", "actions", "Åtgärder med status och klart-datum", "action",
     [POLICY, YEAR, ROUND, UNIT, REQUIREMENT, _filter("status", "Status.", values=schemas.ACTION_STATUSES)]),
    ("/evidence", "evidence", "Underlag: länkar och filer bifogade till svaren", "evidence",
     [POLICY, YEAR, ROUND, UNIT, _filter("kind", "Länk eller fil.", values=("link", "file"))]),
    ("/reports", "reports", "Rapportdefinitionerna", "report", []),
]
SINGLE = [("/policies/{policy_id}", "policy", "En policy", "policy"),
          ("/rounds/{round_id}", "round_", "En omgång", "round"),
          ("/units/{unit_id}", "unit", "En enhet", "unit")]
PAGING = [
    {"name": "limit", "in": "query", "required": False, "description": (
        f"Rader per sida, 1–{lists.MAX_LIMIT} (standard {lists.DEFAULT_LIMIT}). I CSV ger limit eller cursor en "
        "sida; utan dem kommer hela listan."),
     "schema": {"type": "integer", "minimum": 1, "maximum": lists.MAX_LIMIT}},
    {"name": "cursor", "in": "query", "required": False,
     "description": "Var sidan börjar: next_cursor från förra sidan.", "schema": {"type": "string"}},
    {"name": "format", "in": "query", "required": False, "description": (
        "json (standard), csv (komma, punkt) eller csv-excel (semikolon, decimalkomma, BOM: för svenska Excel). "
        "Samma som Accept: text/csv för csv."), "schema": {"type": "string", "enum": list(lists.FORMATS)}},
]
ACCEPT_LANGUAGE = {"name": "Accept-Language", "in": "header", "required": False, "schema": {"type": "string"},
                   "description": "sv (standard) eller en: språket i nivåer i ord, meddelanden och rubriker."}


def _name(item: str) -> str:
    return "".join(part.title() for part in item.split("_"))


def _header(description: str, schema: dict = TEXT) -> dict:
    return {"description": description, "schema": schema}


HEADERS = {
    "ETag": _header("Svarets version: skicka den i If-None-Match så kommer 304 när inget ändrats."),
    "X-Total-Count": _header("Antalet rader i hela listan.", INTEGER),
    "Link": _header('Nästa sida, som <adress>; rel="next" (när det finns en).'),
    "RateLimit-Limit": _header("Förfrågningar nyckeln får göra per minut.", INTEGER),
    "RateLimit-Remaining": _header("Förfrågningar kvar den här minuten.", INTEGER),
}


def _problem(description: str, headers: dict | None = None) -> dict:
    response = {"description": description,
                "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    return response | ({"headers": headers} if headers else {})


ERRORS = {
    "400": _problem("En parameter är okänd eller har ett ogiltigt värde (parameter säger vilken)."),
    "401": _problem("API-nyckel saknas, är ogiltig, har gått ut eller har återkallats.",
                    {"WWW-Authenticate": _header("Bearer")}),
    "429": _problem("För många förfrågningar den här minuten.", {
        "Retry-After": _header("Sekunder att vänta.", INTEGER), "RateLimit-Limit": HEADERS["RateLimit-Limit"],
        "RateLimit-Remaining": HEADERS["RateLimit-Remaining"],
        "RateLimit-Reset": _header("Sekunder tills en förfrågan till tas emot.", INTEGER)}),
}
NOT_MODIFIED = {"304": {"description": "Oförändrat sedan ETag i If-None-Match.",
                        "headers": {"ETag": HEADERS["ETag"]}}}
NOT_FOUND = {"404": _problem("Finns inte, eller hör till en annan kommun.")}


def _page(item_ref: dict, extra: dict | None = None) -> dict:
    properties = (extra or {}) | {
        "items": {"type": "array", "items": item_ref},
        "total": {"type": "integer", "minimum": 0, "description": "Rader i hela listan."},
        "limit": {"type": "integer", "minimum": 1, "maximum": lists.MAX_LIMIT},
        "next": {"type": ["string", "null"], "description": "Nästa sidas adress; null på sista sidan."},
        "next_cursor": {"type": ["string", "null"], "description": "Nästa sidas cursor; null på sista sidan."}}
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def _list_operation(operation: str, summary: str, page: dict, filters: list, extra_parameters: list | None = None,
                    errors: dict | None = None) -> dict:
    csv = {"schema": {"type": "string", "description": "CSV i exportens dialekter (format=csv eller csv-excel)."}}
    return {"get": {
        "operationId": operation, "summary": summary,
        "parameters": (extra_parameters or []) + filters + PAGING + [ACCEPT_LANGUAGE],
        "responses": {"200": {"description": summary, "headers": HEADERS,
                              "content": {"application/json": {"schema": page}, "text/csv": csv}},
                      **NOT_MODIFIED, **ERRORS, **(errors or {})}}}


def _single_operation(operation: str, summary: str, schema: dict, parameters: list) -> dict:
    return {"get": {"operationId": operation, "summary": summary, "parameters": parameters + [ACCEPT_LANGUAGE],
                    "responses": {"200": {"description": summary, "headers": {"ETag": HEADERS["ETag"]},
                                          "content": {"application/json": {"schema": schema}}},
                                  **NOT_MODIFIED, **ERRORS, **NOT_FOUND}}}


def _id(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "integer", "minimum": 0}}


REPORT_EXTRA = {
    "name": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"},
    "policy": {"type": "string", "description": "Policyn rapporten gäller."},
    "filters": {"type": "object", "description": "Urvalet (år, enhetstyp, enhet) som tabellen visar.",
                "properties": {"year": {"type": ["integer", "null"]}, "unit_kind": {"type": ["string", "null"]},
                               "unit": {"type": ["string", "null"]}},
                "required": ["year", "unit_kind", "unit"], "additionalProperties": False},
    "warnings": {"type": "array", "items": {"type": "string"}, "description": "Det läsaren bör veta om jämförelsen."},
    "columns": {"type": "array", "items": {"type": "string"}, "description": "Kolumnernas rubriker, i ordning."},
}
REPORT_ROW = {"type": "object", "description": "En rad i rapportens tabell, med kolumnrubrikerna som nycklar.",
              "additionalProperties": {"type": ["string", "number", "integer", "null"]}}
INDEX = {"type": "object", "required": ["organisation", "token", "resources", "openapi"], "properties": {
    "organisation": {"type": "object", "required": ["id", "name"], "properties": {
        "id": INTEGER, "name": TEXT}},
    "token": {"type": "object", "required": ["name", "hint", "expires_at"], "properties": {
        "name": TEXT, "hint": TEXT, "expires_at": {"type": "string", "format": "date-time"}}},
    "resources": {"type": "object", "additionalProperties": {"type": "string"}},
    "openapi": TEXT}}
PROBLEM = {
    "type": "object", "description": "Problemdetaljer (RFC 9457).",
    "required": ["type", "title", "status", "detail", "instance", "code", "titles"],
    "properties": {
        "type": {"type": "string", "const": "about:blank"},
        "title": {"type": "string", "description": "Problemets rubrik på läsarens språk (Accept-Language)."},
        "status": {"type": "integer"}, "detail": {"type": "string"}, "instance": {"type": "string"},
        "code": {"type": "string", "description": "Problemet för program.", "enum": [
            "bad_parameter", "bad_request", "missing_token", "invalid_token", "not_found", "method_not_allowed",
            "rate_limited", "internal"]},
        "titles": {"type": "object", "description": "Rubriken på svenska och engelska.",
                   "properties": {lang: TEXT for lang in LANGUAGES}, "required": list(LANGUAGES),
                   "additionalProperties": False},
        "parameter": {"type": "string", "description": "Parametern som är fel (vid bad_parameter)."}},
    "additionalProperties": False}
DESCRIPTION = """Läs-API för dashboards (Power BI, Excel, egna): en kommuns policyer, omgångar, enheter,
resultat, måluppfyllelse, åtgärder, underlag och rapporter. Samma siffror som webbens rapporter och
exporter.

**Nyckel:** en samordnare skapar en API-nyckel (Rapporter → API-nycklar, eller `survey token create`);
skicka den i `Authorization: Bearer <nyckel>`. Nyckeln läser bara, och bara sin kommuns data.

**Sidor:** listor ger `items`, `total` och `next` (nästa sidas adress) eller `next_cursor` (samma sida som
parameter `cursor`, för Power BI:s schemalagda uppdatering). Ordningen är stabil.

**CSV:** `Accept: text/csv`, `format=csv` eller `format=csv-excel` (svenska Excel) ger hela listan i ett svar.

**Fel** är problemdetaljer (RFC 9457) på svenska eller engelska (Accept-Language)."""


def document(server: str) -> dict:
    """The whole document, for the API at `server` (its /api/v1 address)."""
    components = {_name(name): schema for name, schema in schemas.ITEMS.items()}
    paths: dict[str, dict] = {
        "/": _single_operation("index", "Vad nyckeln når: kommunen, nyckeln och listornas adresser",
                               {"$ref": "#/components/schemas/Index"}, []),
    }
    for path, operation, summary, item, filters in LISTS:
        paths[path] = _list_operation(operation, summary, _page({"$ref": f"#/components/schemas/{_name(item)}"}),
                                      filters)
    for path, operation, summary, item in SINGLE:
        name = path.split("{")[1].rstrip("}")
        paths[path] = _single_operation(operation, summary, {"$ref": f"#/components/schemas/{_name(item)}"},
                                        [_id(name, "Id:t.")])
    paths["/reports/{name}"] = _list_operation(
        "report", "En rapports tabell, som webbsidan och dess nedladdningar visar den",
        _page(REPORT_ROW, REPORT_EXTRA), [
            _filter("policy", "Policyns namn (standard: kommunens första)."),
            _filter("year", "År (standard: det senaste med resultat, för rapporter om ett år).", INTEGER),
            _filter("unit_kind", "Enhetstyp."), _filter("unit", "Enhet (behövs för en rapport om en enhet, av slaget unit_profile).")],
        [{"name": "name", "in": "path", "required": True, "description": "Rapportens namn (se /reports).",
          "schema": {"type": "string"}}], NOT_FOUND)
    paths["/evidence/{evidence_id}/file"] = {"get": {
        "operationId": "evidence_file", "summary": "Ett underlags fil (samma regler som i webben)",
        "parameters": [_id("evidence_id", "Underlagets id.")],
        "responses": {"200": {"description": "Filen, med sin egen typ (PDF, Word, Excel, bild …).",
                              "content": {"*/*": {}}},  # bytes: OpenAPI 3.1 gives binary no schema
            **NOT_MODIFIED, **ERRORS, **NOT_FOUND}}}
    paths["/openapi.json"] = {"get": {
        "operationId": "openapi_document", "summary": "Det här dokumentet (kräver ingen nyckel)", "security": [],
        "responses": {"200": {"description": "OpenAPI 3.1.", "content": {"application/json": {
            "schema": {"type": "object"}}}}, **NOT_MODIFIED}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Policyuppföljning – läs-API", "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": server}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"schemas": components | {"Problem": PROBLEM, "Index": INDEX},
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "API-nyckeln, som börjar med pu_."}}},
    }
