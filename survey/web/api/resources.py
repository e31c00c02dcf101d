"""The read API's resources under /api/v1/: the data of the token's organisation, and nothing else.

Every list is a `survey.web.api.lists.Listing` of items shaped as survey.web.api.schemas declares.
Results come from the store's long-table query (survey.store.scores), goal summaries and
reports from the report builder, as the web's pages and exports do, so the numbers agree.
Anything of another organisation is 404, as if it did not exist.
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, g, request, send_file, url_for
from werkzeug.exceptions import HTTPException

from survey.web.api import access, lists, openapi, problems
from survey.web.api.lists import Listing, bad, query, respond
from survey.web.api.problems import Problem
from survey.i18n import Text, render
from survey.reports import build, records
from survey.reports.inputs import STATUS_CODES
from survey.scoring import policycheck
from survey.scoring.rules import LEVELS
from survey.store import actions as store_actions
from survey.store import content as store_content
from survey.store import evidence as store_evidence
from survey.store import register, rounds, scores
from survey.web import attachments
from survey.web.db import get_db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.after_request(access.rate_headers)

UNKNOWN_VALUE = Text("api.unknown_value", "Okänt värde '%(value)s' för %(name)s. Här finns: %(known)s.")
ONE_VALUE = Text("api.one_value", "Ange högst ett värde för %(name)s.")
RESULT_FILTERS = ("policy", "year", "round", "unit", "unit_kind", "requirement", "goal", "kind", "level")


@bp.before_request
def _token() -> None:
    if request.endpoint != "api.openapi_document":
        access.authenticate()


@bp.errorhandler(Problem)
def _problem(problem: Problem):
    return problems.response(problem)


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return problems.from_http(error)


def _org() -> int:
    return g.api_token["organisation_id"]


def _lang() -> str:
    return problems.locale()


def _known(filters: dict, name: str, known: list) -> None:
    """Refuse a value the organisation has none of, naming those it has (a typo would read as no data)."""
    for value in filters.get(name, []):
        if value not in known:
            raise bad(name, UNKNOWN_VALUE(value=value, name=name, known=", ".join(map(str, known)) or "–"))


def _only(filters: dict, name: str):
    values = filters.get(name) or []
    if len(values) > 1:
        raise bad(name, ONE_VALUE(name=name))
    return values[0] if values else None


def _matches(item: dict, filters: dict, fields: dict[str, str]) -> bool:
    return all(not filters.get(name) or item[field] in filters[name] for name, field in fields.items())


def _single(item: dict):
    query(paging=False)
    return lists.finish(lists.json_response(item))


@bp.get("/")
def index():
    token = g.api_token
    endpoints = {"policies": "policies", "goals": "goals", "requirements": "requirements", "rounds": "round_list",
                 "units": "units", "results": "results", "goal_summaries": "goal_summaries", "actions": "actions",
                 "evidence": "evidence", "reports": "reports"}
    return _single({
        "organisation": {"id": token["organisation_id"], "name": token["organisation"]},
        "token": {"name": token["name"], "hint": token["hint"], "expires_at": token["expires_at"]},
        "resources": {name: url_for(f"api.{endpoint}", _external=True) for name, endpoint in endpoints.items()},
        "openapi": url_for("api.openapi_document", _external=True)})


@bp.get("/openapi.json")
def openapi_document():
    query(paging=False)
    return lists.finish(lists.json_response(openapi.document(url_for("api.index", _external=True).rstrip("/"))))


# --- policies, goals, requirements ----------------------------------------------------------------

def _policies() -> list[dict]:
    return [row for row in store_content.policies(get_db()) if row["organisation_id"] == _org()]


def _meta(policy: dict) -> dict:
    return store_content.version_body(get_db(), policy["questionnaire_version_id"]).get("x-policy") or {}


def _policy(row: dict) -> dict:
    meta = _meta(row)
    revision = meta.get("revision")
    status = policycheck.revision_status({"id": row["name"], **meta}, date.today()) if "revision" in meta \
        else {"status": "unknown", "due": None, "message": policycheck.NO_RULE()}
    return {"id": row["id"], "name": row["name"], "title": row["title"], "organisation": row["organisation"],
            "adopted_by": meta.get("adopted_by"), "adopted_date": meta.get("adopted_date"),
            "adopted_paragraph": meta.get("adopted_paragraph"), "replaces": meta.get("replaces"),
            "last_revised": meta.get("last_revised"), "follow_up": meta.get("follow_up"),
            "revision_rule": revision["rule"] if revision else None,
            "revision_years": revision.get("years") if revision else None,
            "revision_date": revision.get("date") if revision else None,
            "revision_status": status["status"], "revision_due": status["due"],
            "revision_message": render(status["message"], _lang()),
            "questionnaire_version": row["questionnaire_version_id"], "ruleset_version": row["ruleset_version_id"],
            "updated_at": row["updated_at"]}


@bp.get("/policies")
def policies():
    query()
    return respond(Listing.of("policy", [([row["id"]], _policy(row)) for row in _policies()], (int,)))


@bp.get("/policies/<int:policy_id>")
def policy(policy_id: int):
    found = next((row for row in _policies() if row["id"] == policy_id), None)
    if found is None:
        abort(404)
    return _single(_policy(found))


def _chosen_policies(filters: dict) -> list[dict]:
    chosen = _policies()
    _known(filters, "policy", [row["name"] for row in chosen])
    return [row for row in chosen if not filters.get("policy") or row["name"] in filters["policy"]]


@bp.get("/goals")
def goals():
    filters = query(("policy",))
    pairs = [([row["name"], position], {"policy": row["name"], "goal": goal["id"], "title": goal["title"],
                                        "source": goal["source"]})
             for row in _chosen_policies(filters) for position, goal in enumerate(_meta(row).get("goals", []))]
    return respond(Listing.of("goal", pairs, (str, int)))


@bp.get("/requirements")
def requirements():
    filters = query(("policy", "kind"))
    _known(filters, "kind", ["responsibility", "goal"])
    db = get_db()
    pairs = []
    for row in _chosen_policies(filters):
        compiled = {rule.id: rule for rule in scores.compiled_ruleset(db, row["ruleset_version_id"])}
        for position, spec in enumerate(store_content.version_body(db, row["ruleset_version_id"])["requirements"]):
            if filters["kind"] and spec["kind"] not in filters["kind"]:
                continue
            pairs.append(([row["name"], position], {
                "policy": row["name"], "requirement": spec["id"], "title": spec["title"], "kind": spec["kind"],
                "goals": spec["goals"], "applies_to": spec["applies_to"],
                "max_points": float(compiled[spec["id"]].max_points), "source": spec["source"],
                "advice": spec.get("advice")}))
    return respond(Listing.of("requirement", pairs, (str, int)))


# --- rounds and units ---------------------------------------------------------------------------------

def _round(row: dict) -> dict:
    return {"id": row["id"], "policy": row["policy"], "policy_title": row["policy_title"], "year": row["year"],
            "title": row["title"], "status": row["status"], "deadline": row["deadline"], "opened_at": row["created_at"],
            "units": row["units"], "submitted": row["submitted"],
            "questionnaire_version": row["questionnaire_version_id"], "ruleset_version": row["ruleset_version_id"]}


@bp.get("/rounds")
def round_list():
    filters = query(("policy", "year", "status"), integers=("year",))
    _known(filters, "status", ["open", "closed"])
    pairs = [([row["id"]], _round(row)) for row in rounds.rounds(get_db(), organisation_id=_org())
             if _matches(row, filters, {"policy": "policy", "year": "year", "status": "status"})]
    return respond(Listing.of("round", pairs, (int,)))


@bp.get("/rounds/<int:round_id>")
def round_(round_id: int):
    found = next((row for row in rounds.rounds(get_db(), organisation_id=_org()) if row["id"] == round_id), None)
    if found is None:
        abort(404)
    return _single(_round(found))


def _unit(row: dict) -> dict:
    return {"id": row["id"], "name": row["name"], "kind": row["kind"], "parent_id": row["parent_id"],
            "parent": row["parent_name"], "tags": row["tags"], "active": bool(row["active"]),
            "created_at": row["created_at"]}


@bp.get("/units")
def units():
    filters = query(("kind", "tag", "active"))
    _known(filters, "active", ["true", "false"])
    pairs = [([row["id"]], _unit(row)) for row in register.units(get_db(), _org())
             if _matches(row, filters, {"kind": "kind"})
             and (not filters["tag"] or set(row["tags"]) & set(filters["tag"]))
             and (not filters["active"] or ("true" if row["active"] else "false") in filters["active"])]
    return respond(Listing.of("unit", pairs, (int,)))


@bp.get("/units/<int:unit_id>")
def unit(unit_id: int):
    found = next((row for row in register.units(get_db(), _org()) if row["id"] == unit_id), None)
    if found is None:
        abort(404)
    return _single(_unit(found))


# --- results and goal summaries: the long table, as the reports read it ----------------------------------

@bp.get("/results")
def results():
    filters = query(RESULT_FILTERS, integers=("year", "round"))
    _known(filters, "policy", [row["name"] for row in _policies()])
    _known(filters, "level", list(LEVELS))
    _known(filters, "kind", ["responsibility", "goal"])
    db, org, lang = get_db(), _org(), _lang()

    def fetch(after: list | None, limit: int) -> list[tuple[list, dict]]:
        return [([row[key] for key in scores.PAGE_KEY], records.result(row, lang))
                for row in scores.result_page(db, org, filters, after=after, limit=limit)]

    return respond(Listing("result", fetch, (str, int, int, str), lambda: scores.result_count(db, org, filters)))


@bp.get("/goal-summaries")
def goal_summaries():
    filters = query(("policy", "year", "unit", "unit_kind", "goal"), integers=("year",))
    _known(filters, "policy", [row["name"] for row in _policies()])
    rows = scores.score_rows(get_db(), organisation_id=_org(), policy=_only_if_one(filters, "policy"),
                             year=_only_if_one(filters, "year"))
    frame = build.select(build.long_table(rows, _lang()),
                         {name: filters[name] for name in ("policy", "year", "unit", "unit_kind")})
    summaries = records.goal_summaries(frame)  # in the builder's order: policy, year, unit, goal
    pairs = [([position], item) for position, item in enumerate(summaries)
             if not filters["goal"] or item["goal"] in filters["goal"]]
    return respond(Listing.of("goal_summary", pairs, (int,)))


def _only_if_one(filters: dict, name: str):
    """The one value wanted, to narrow the query; None when any or several are (the builder narrows those)."""
    values = filters.get(name) or []
    return values[0] if len(values) == 1 else None


# --- actions and evidence ---------------------------------------------------------------------------

@bp.get("/actions")
def actions():
    filters = query(("policy", "year", "round", "unit", "requirement", "status"), integers=("year", "round"))
    _known(filters, "status", list(STATUS_CODES.values()))
    items = [{
        "id": row["id"], "round_id": row["round_id"], "policy": row["policy"], "year": row["year"],
        "unit_id": row["unit_id"], "unit": row["unit"], "requirement": row["requirement"], "what": row["what"],
        "responsible": row["responsible"], "due": row["due"], "status": STATUS_CODES[row["status"]],
        "comment": row["comment"] or None,
        "followed_up_status": STATUS_CODES.get(row["reported"]) if row["reported"] else None,
        "followed_up_comment": row["reported_comment"] or None,
        "created_at": row["created_at"], "updated_at": row["updated_at"],
    } for row in store_actions.of_organisation(get_db(), _org())]
    pairs = [([item["id"]], item) for item in items if _matches(item, filters, {
        "policy": "policy", "year": "year", "round": "round_id", "unit": "unit", "requirement": "requirement",
        "status": "status"})]
    return respond(Listing.of("action", pairs, (int,)))


def _evidence(row: dict) -> dict:
    is_file = row["kind"] == "file"
    return {"id": row["id"], "round_id": row["round_id"], "policy": row["policy"], "year": row["year"],
            "unit_id": row["unit_id"], "unit": row["unit"], "question": row["question"], "kind": row["kind"],
            "url": row["url"], "filename": row["filename"], "media_type": row["media_type"], "size": row["size"],
            "sha256": row["sha256"], "uploaded_at": row["uploaded_at"],
            "download": url_for("api.evidence_file", evidence_id=row["id"], _external=True) if is_file else None}


@bp.get("/evidence")
def evidence():
    filters = query(("policy", "year", "round", "unit", "kind"), integers=("year", "round"))
    _known(filters, "kind", ["link", "file"])
    pairs = [([row["id"]], _evidence(row)) for row in store_evidence.of_organisation(get_db(), _org())
             if _matches(row, filters, {"policy": "policy", "year": "year", "round": "round_id", "unit": "unit",
                                        "kind": "kind"})]
    return respond(Listing.of("evidence", pairs, (int,)))


@bp.get("/evidence/<int:evidence_id>/file")
def evidence_file(evidence_id: int):
    """A file attached as evidence: for the organisation's own rounds only, as its coordinators see them."""
    query(paging=False)
    db = get_db()
    row = store_evidence.item(db, evidence_id)
    organisation = rounds.round_info(db, row["round_id"])["organisation_id"]
    path = store_evidence.path_of(attachments.folder(), row) if row["kind"] == "file" else None
    if organisation != _org() or path is None or not path.exists():
        abort(404)
    response = send_file(path, mimetype=row["media_type"], as_attachment=True, download_name=row["filename"],
                         conditional=True, etag=row["sha256"])
    response.headers["Cache-Control"] = "private, no-cache"
    return response


# --- reports: every definition's table, as the web page shows it ------------------------------------

@bp.get("/reports")
def reports():
    query()
    pairs = [([name], {"name": name, "title": definition["title"], "description": definition.get("description", ""),
                       "kind": definition["kind"], "over_years": definition["kind"] in build.OVER_YEARS})
             for name, definition in store_content.current_reports(get_db()).items()]
    return respond(Listing.of("report", pairs, (str,)))


@bp.get("/reports/<name>")
def report(name: str):
    """A report's table: the policy's (the organisation's first by title unless `policy` names one), for the
    year chosen (by default, as on the web page, the latest with results), unit kind and unit."""
    db = get_db()
    definitions = store_content.current_reports(db)
    if name not in definitions:
        abort(404)
    filters = query(("policy", "year", "unit_kind", "unit"), integers=("year",))
    chosen = _chosen_policies(filters)
    if not chosen:
        abort(404)
    _only(filters, "policy")
    policy = chosen[0]
    years = rounds.years(db, policy["id"])
    _known(filters, "year", years)
    _known(filters, "unit_kind", register.kinds(db, policy["organisation_id"]))
    _known(filters, "unit", sorted(unit["name"] for unit in register.units(db, policy["organisation_id"])))
    definition = definitions[name]
    frame = build.long_table(scores.score_rows(db, organisation_id=policy["organisation_id"], policy=policy["name"]),
                             _lang())
    wanted = {"year": _only(filters, "year"), "unit_kind": _only(filters, "unit_kind"), "unit": _only(filters, "unit")}
    if wanted["year"] is None:
        wanted["year"] = build.default_year(definition, frame, years)
    built = build.build(name, definition, frame, wanted)
    table, items = records.report_table(built, _lang())
    listing = Listing.of(name, [([position], item) for position, item in enumerate(items)], (int,),
                         frame=lambda pairs: table.iloc[[key[0] for key, _item in pairs]])
    return respond(listing, {
        "name": name, "title": built.title, "description": built.description, "policy": policy["name"],
        "filters": wanted, "warnings": [render(warning, _lang()) for warning in built.warnings],
        "columns": [str(column) for column in table.columns]})
