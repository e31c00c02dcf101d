"""Scores: the rules' results stored per response and rule-set version, and the long table.

Scores are read under each round's own rule-set version, so a report of an old year is
reproduced as it was scored, whatever the rule set says today.
"""
from __future__ import annotations

import json
from typing import Iterable, Iterator

from sqlite_utils import Database

from survey.i18n import Msg
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


# The long table's rows: one query, whose selection, order and paging vary by caller. A requirement's
# goals and kind live in its rule set, so a filter on them becomes the (rule-set version, requirement)
# pairs that have them. The joins are made in the written order (CROSS JOIN), policy by policy, which
# the indexes keep in PAGE_KEY order: whatever the filters, SQLite never starts from all the scores.
_COLUMNS = """
    organisations.name as organisation, policies.name as policy, rounds.id as round_id, rounds.year,
    units.id as unit_id, units.name as unit, units.kind as unit_kind, scores.requirement, scores.level,
    scores.points, scores.max_points, scores.details, scores.ruleset_version_id"""
_FROM = """
    from policies
    cross join rounds on rounds.policy_id = policies.id
    cross join responses on responses.round_id = rounds.id and responses.status = 'submitted'
    cross join scores on scores.response_id = responses.id
     and scores.ruleset_version_id = coalesce(:version, rounds.ruleset_version_id)
    join organisations on organisations.id = policies.organisation_id
    join units on units.id = responses.unit_id"""
FILTER_COLUMNS = {"policy": "policies.name", "year": "rounds.year", "round": "rounds.id", "unit": "units.name",
                  "unit_kind": "units.kind", "requirement": "scores.requirement", "level": "scores.level"}
SPEC_FILTERS = ("goal", "kind")
PAGE_KEY = ("policy", "year", "unit_id", "requirement")  # the order of a page: unique, and the indexes' own
_PAGE_ORDER = "policies.name, rounds.year, responses.unit_id, scores.requirement"


def _selection(db: Database, organisation_id: int | None, filters: dict[str, list],
               version: int | None = None) -> tuple[str, dict] | None:
    """The query's conditions and parameters for the filters, by column or by rule-set property;
    None when a rule-set property matches no requirement at all."""
    params: dict = {"org": organisation_id, "version": version}
    sql = ["policies.organisation_id = :org"] if organisation_id is not None else []

    def marks(values: list) -> str:
        names = [f"p{len(params) + i}" for i in range(len(values))]
        params.update(zip(names, values))
        return ", ".join(f":{name}" for name in names)

    for name, column in FILTER_COLUMNS.items():
        if filters.get(name):
            sql.append(f"{column} in ({marks(filters[name])})")
    if any(filters.get(name) for name in SPEC_FILTERS):
        pairs = [(version, spec["id"]) for version in _ruleset_versions(db, organisation_id)
                 for spec in version_body(db, version)["requirements"]
                 if (not filters.get("goal") or set(spec["goals"]) & set(filters["goal"]))
                 and (not filters.get("kind") or spec["kind"] in filters["kind"])]
        if not pairs:
            return None
        sql.append("(scores.ruleset_version_id, scores.requirement) in (values "
                   + ", ".join(f"({marks(list(pair))})" for pair in pairs) + ")")
    return " where " + " and ".join(sql or ["1"]), params


def _ruleset_versions(db: Database, organisation_id: int | None) -> list[int]:
    return [row["version"] for row in db.query("""
        select distinct rounds.ruleset_version_id as version from rounds join policies on policies.id = rounds.policy_id
        where :org is null or policies.organisation_id = :org""", {"org": organisation_id})]


def _long_rows(db: Database, rows: Iterable[dict]) -> Iterator[dict]:
    """Query rows as rows of the long table: the requirement's title, goals and kind from its rule set, and
    the explanation of its level."""
    specs: dict[int, dict[str, dict]] = {}  # rule-set version → requirement id → requirement
    explained: dict[str, Msg] = {}  # stored details → explanation: the same result is explained once
    for row in rows:
        version = row.pop("ruleset_version_id")
        if version not in specs:
            specs[version] = {spec["id"]: spec for spec in version_body(db, version)["requirements"]}
        spec = specs[version][row["requirement"]]
        details = row.pop("details")
        comment = explained.get(details)
        if comment is None:
            comment = explained[details] = rules.explain(json.loads(details))  # in words at the edge, per reader
        row.update(requirement_title=spec["title"], goal=",".join(spec["goals"]), kind=spec["kind"],
                   applicable=row["level"] != "not_applicable", comment=comment)
        yield row


def score_rows(db: Database, *, organisation_id: int | None = None, policy: str | None = None,
               year: int | None = None, ruleset_version_id: int | None = None) -> Iterator[dict]:
    """Rows of the long table (see survey.reports.build.COLUMNS), in rule-set order per response.

    By default each round's own rule-set version; `ruleset_version_id` reproduces the results
    as that version scored them (before a re-scoring, say).
    """
    filters = {"policy": [policy] if policy else [], "year": [year] if year is not None else []}
    where, params = _selection(db, organisation_id, filters, ruleset_version_id)
    rows = db.query(f"select {_COLUMNS} {_FROM} {where} order by policies.name, rounds.year, units.name, scores.id",
                    params)
    return _long_rows(db, rows)


def result_page(db: Database, organisation_id: int, filters: dict[str, list], *, after: list | None = None,
                limit: int = 1000) -> list[dict]:
    """Up to `limit` rows of the organisation's long table that match the filters (the values wanted, by the
    names in FILTER_COLUMNS and SPEC_FILTERS), in PAGE_KEY order, after the row whose key is `after`.

    The order is the indexes' own, so a page costs about the same wherever it starts.
    """
    selection = _selection(db, organisation_id, filters)
    if selection is None:
        return []
    where, params = selection
    if after is not None:
        where += f" and ({_PAGE_ORDER}) > (:after0, :after1, :after2, :after3)"
        params.update({f"after{i}": value for i, value in enumerate(after)})
    rows = db.query(f"select {_COLUMNS} {_FROM} {where} order by {_PAGE_ORDER} limit :limit", params | {"limit": limit})
    return list(_long_rows(db, rows))


def result_count(db: Database, organisation_id: int, filters: dict[str, list]) -> int:
    """How many rows of the organisation's long table match the filters (as `result_page` reads them)."""
    selection = _selection(db, organisation_id, filters)
    if selection is None:
        return 0
    where, params = selection
    return db.execute(f"select count(*) {_FROM} {where}", params).fetchone()[0]
