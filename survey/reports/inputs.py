"""What the reports read from the store: the one place where report building meets the database."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlite_utils import Database

from survey.reports.build import long_table
from survey.scoring import policycheck
from survey.store import actions, responses, rounds
from survey.store.content import version_body
from survey.store.scores import score_rows


def annual_inputs(db: Database, policy: dict, year: int, today: date, locale: str = "sv") -> dict[str, Any]:
    """What `survey.reports.annual.build` needs for one policy (a `policies` row) and year.

    The policy's metadata is the round's own questionnaire version; the actions are those the units
    planned in the round, with their status.
    """
    round_ = rounds.round_by_year(db, policy["id"], year)
    info = rounds.round_info(db, round_["id"])
    meta = version_body(db, round_["questionnaire_version_id"]).get("x-policy") or {"id": policy["name"]}
    meta = {"title": policy["title"], **meta}
    rows = (row for each in (year - 1, year) for row in score_rows(
        db, organisation_id=policy["organisation_id"], policy=policy["name"], year=each))
    revision = policycheck.revision_status(meta, today) if "revision" in meta else {"status": "unknown"}
    units = [{"unit": u["unit"], "kind": u["kind"], "status": u["status"]}
             for u in responses.round_summary(db, round_["id"])]
    return {"frame": long_table(rows, locale), "policy": meta, "revision": revision, "units": units,
            "year": year, "actions": [_action(row) for row in actions.of_round(db, round_["id"])],
            "organisation": info["organisation"]}


# The store keeps an action's status as the manager chose it (Swedish words); the document uses codes.
STATUS_CODES = {"planerad": "planned", "pågår": "in_progress", "genomförd": "done", "stoppad": "stopped"}


def _action(row: dict) -> dict:
    return {"unit": row["unit"], "requirement": row["requirement"], "what": row["what"], "who": row["responsible"],
            "due": row["due"], "status": STATUS_CODES.get(row["status"], row["status"]), "comment": row["comment"]}
