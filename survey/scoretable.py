"""The long score table from storage: one row per submitted response and requirement.

Scores are read under each round's own rule-set version, so a report of an old year
is reproduced as it was scored, whatever the rule set says today.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any, Iterator

from sqlite_utils import Database

from survey import policycheck, reports, responses, rules, storage
from survey.storage import version_body


def score_rows(db: Database, *, organisation_id: int | None = None, policy: str | None = None,
               year: int | None = None, ruleset_version_id: int | None = None) -> Iterator[dict]:
    """Rows of the long table (see survey.reports.COLUMNS), in rule-set order per response.

    By default each round's own rule-set version; `ruleset_version_id` reproduces the results
    as that version scored them (before a re-scoring, say).
    """
    rows = db.query("""
        select organisations.name as organisation, policies.name as policy, rounds.year,
               units.name as unit, units.kind as unit_kind, scores.requirement, scores.level,
               scores.points, scores.max_points, scores.details, scores.ruleset_version_id
        from scores
        join responses on responses.id = scores.response_id and responses.status = 'submitted'
        join rounds on rounds.id = responses.round_id
         and scores.ruleset_version_id = coalesce(:version, rounds.ruleset_version_id)
        join policies on policies.id = rounds.policy_id
        join organisations on organisations.id = policies.organisation_id
        join units on units.id = responses.unit_id
        where (:org is null or organisations.id = :org) and (:policy is null or policies.name = :policy)
          and (:year is null or rounds.year = :year)
        order by policies.name, rounds.year, units.name, scores.id""",
        {"org": organisation_id, "policy": policy, "year": year, "version": ruleset_version_id})
    specs: dict[int, dict[str, dict]] = {}  # rule-set version → requirement id → requirement
    for row in rows:
        version = row.pop("ruleset_version_id")
        if version not in specs:
            specs[version] = {spec["id"]: spec for spec in version_body(db, version)["requirements"]}
        spec = specs[version][row["requirement"]]
        details = json.loads(row.pop("details"))
        yield row | {
            "requirement_title": spec["title"], "goal": ",".join(spec["goals"]), "kind": spec["kind"],
            "applicable": row["level"] != "not_applicable", "comment": rules.explain(details)}


def annual_inputs(db: Database, policy: dict, year: int, today: date) -> dict[str, Any]:
    """What `survey.annual.build` needs for one policy (a `policies` row) and year, read from storage.

    The policy's metadata is the round's own questionnaire version; actions are not stored yet.
    """
    round_ = storage.round_by_year(db, policy["id"], year)
    info = storage.round_info(db, round_["id"])
    meta = version_body(db, round_["questionnaire_version_id"]).get("x-policy") or {"id": policy["name"]}
    meta = {"title": policy["title"], **meta}
    rows = (row for each in (year - 1, year) for row in score_rows(
        db, organisation_id=policy["organisation_id"], policy=policy["name"], year=each))
    revision = policycheck.revision_status(meta, today) if "revision" in meta else {"status": "unknown"}
    units = [{"unit": u["unit"], "kind": u["kind"], "status": u["status"]}
             for u in responses.round_summary(db, round_["id"])]
    return {"frame": reports.long_table(rows), "policy": meta, "revision": revision, "units": units,
            "year": year, "actions": [], "organisation": info["organisation"]}
