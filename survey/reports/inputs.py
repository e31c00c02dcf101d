"""What the reports read from the store: the one place where report building meets the database."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from survey.reports.build import long_table
from survey.scoring import policycheck
from survey.store import actions, responses, rounds
from survey.store.content import version_body
from survey.store.db import NotFound
from survey.store.scores import score_rows


def annual_inputs(db: Database, policy: dict, year: int, today: date, locale: str = "sv") -> dict[str, Any]:
    """What `survey.reports.annual.build` needs for one policy (a `policies` row) and year.

    The policy's metadata is the round's own questionnaire version. The actions are those the units
    planned in the round and in last year's, each with its latest status (for last year's, the one
    reported this year); `today` decides which are overdue and whether the policy is due for revision.
    """
    round_ = rounds.round_by_year(db, policy["id"], year)
    info = rounds.round_info(db, round_["id"])
    meta = version_body(db, round_["questionnaire_version_id"]).get("x-policy") or {"id": policy["name"]}
    meta = {"title": policy["title"], **meta}
    rows = (row for each in (year - 1, year) for row in score_rows(
        db, organisation_id=policy["organisation_id"], policy=policy["name"], year=each))
    revision = policycheck.revision_status(meta, today)
    units = [{"unit": u["unit"], "kind": u["kind"], "status": u["status"]}
             for u in responses.round_summary(db, round_["id"])]
    return {"frame": long_table(rows, locale), "policy": meta, "revision": revision, "units": units,
            "year": year, "actions": _actions(db, policy, year), "today": today,
            "organisation": info["organisation"]}


# The store keeps an action's status as the manager chose it (Swedish words); the document uses codes.
STATUS_CODES = {"planerad": "planned", "pågår": "in_progress", "genomförd": "done", "stoppad": "stopped"}


def _actions(db: Database, policy: dict, year: int) -> list[dict]:
    found = []
    for planned in (year - 1, year):
        try:
            round_ = rounds.round_by_year(db, policy["id"], planned)
        except NotFound:
            continue
        found += [_action(row, planned) for row in actions.of_round(db, round_["id"])]
    return found


def _action(row: dict, planned: int) -> dict:
    status = row.get("reported") or row["status"]
    comment = row.get("reported_comment") or row["comment"]
    return {"unit": row["unit"], "requirement": row["requirement"], "what": row["what"], "who": row["responsible"],
            "due": row["due"], "status": STATUS_CODES.get(status, status), "comment": comment, "year": planned}
