"""The long score table from storage: one row per submitted response and requirement.

Scores are read under each round's own rule-set version, so a report of an old year
is reproduced as it was scored, whatever the rule set says today.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Iterator

from sqlite_utils import Database

from survey import rules


@lru_cache(maxsize=64)
def _requirements(body: str) -> dict[str, dict]:
    return {spec["id"]: spec for spec in json.loads(body)["requirements"]}


def score_rows(db: Database, *, organisation_id: int | None = None, policy: str | None = None,
               year: int | None = None, ruleset_version_id: int | None = None) -> Iterator[dict]:
    """Rows of the long table (see survey.reports.COLUMNS), in rule-set order per response.

    By default each round's own rule-set version; `ruleset_version_id` reproduces the results
    as that version scored them (before a re-scoring, say).
    """
    rows = db.query("""
        select organisations.name as organisation, policies.name as policy, rounds.year,
               units.name as unit, units.kind as unit_kind, scores.requirement, scores.level,
               scores.points, scores.max_points, scores.details, content_versions.body as ruleset
        from scores
        join responses on responses.id = scores.response_id and responses.status = 'submitted'
        join rounds on rounds.id = responses.round_id
         and scores.ruleset_version_id = coalesce(:version, rounds.ruleset_version_id)
        join policies on policies.id = rounds.policy_id
        join organisations on organisations.id = policies.organisation_id
        join units on units.id = responses.unit_id
        join content_versions on content_versions.id = scores.ruleset_version_id
        where (:org is null or organisations.id = :org) and (:policy is null or policies.name = :policy)
          and (:year is null or rounds.year = :year)
        order by policies.name, rounds.year, units.name, scores.id""",
        {"org": organisation_id, "policy": policy, "year": year, "version": ruleset_version_id})
    for row in rows:
        spec = _requirements(row.pop("ruleset"))[row["requirement"]]
        details = json.loads(row.pop("details"))
        yield row | {
            "requirement_title": spec["title"], "goal": ",".join(spec["goals"]), "kind": spec["kind"],
            "applicable": row["level"] != "not_applicable", "comment": rules.explain(details)}
