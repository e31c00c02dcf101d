"""Scores: the rules' results stored per response and rule-set version, and the long table.

Scores are read under each round's own rule-set version, so a report of an old year is
reproduced as it was scored, whatever the rule set says today.
"""
from __future__ import annotations

import json
from typing import Iterator

from sqlite_utils import Database

from survey.scoring import rules
from survey.store.content import compiled, version_body
from survey.store.db import now


def compiled_ruleset(db: Database, version_id: int) -> tuple[rules.Requirement, ...]:
    """A rule-set version compiled once per process (versions never change)."""
    return compiled(db, version_id, rules.compile_ruleset)


def score_and_store(db: Database, response: dict, unit: dict, year: int, previous: dict | None,
                    version_id: int, actions: dict | None = None) -> list[dict]:
    """Score a response and replace its stored results under the rule-set version used.

    Plain statements, no transaction of its own: the caller's transaction decides, so a
    submit and its scores are written together or not at all.
    """
    context = rules.context(response["answers"], unit, year, previous, actions)
    results = rules.score(compiled_ruleset(db, version_id), context)
    stamp = now()
    db.execute("delete from scores where response_id = ? and ruleset_version_id = ?", [response["id"], version_id])
    db.conn.executemany(
        "insert into scores (response_id, ruleset_version_id, requirement, level, points, max_points, details, "
        "scored_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        [(response["id"], version_id, r["requirement"], r["level"], r["points"], r["max_points"],
          json.dumps(r, ensure_ascii=False), stamp) for r in results])
    return results


def stored_results(db: Database, response_id: int, ruleset_version_id: int) -> list[dict]:
    """The stored results of a response under one rule-set version."""
    rows = db.query("select details from scores where response_id = ? and ruleset_version_id = ? order by id",
                    [response_id, ruleset_version_id])
    return [json.loads(row["details"]) for row in rows]


def score_rows(db: Database, *, organisation_id: int | None = None, policy: str | None = None,
               year: int | None = None, ruleset_version_id: int | None = None) -> Iterator[dict]:
    """Rows of the long table (see survey.reports.build.COLUMNS), in rule-set order per response.

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
            "applicable": row["level"] != "not_applicable", "comment": str(rules.explain(details))}
