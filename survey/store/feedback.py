"""The coordinator's feedback on a unit's requirement result: one comment per requirement and round."""
from __future__ import annotations

from sqlite_utils import Database

from survey.i18n import Text
from survey.store.db import StorageError, now

MAX_COMMENT = 2000

TOO_LONG = Text("feedback.too_long", "Återkopplingen får vara högst %(limit)s tecken (nu %(n)s).")


def write(db: Database, round_id: int, unit_id: int, requirement: str, comment: str, *,
          user_id: int | None) -> None:
    """Set the feedback on one requirement result; an empty comment removes it."""
    comment = comment.strip().replace("\r\n", "\n")
    if len(comment) > MAX_COMMENT:
        raise StorageError(TOO_LONG(limit=MAX_COMMENT, n=len(comment)))
    if not comment:
        db.execute("delete from feedback where round_id = ? and unit_id = ? and requirement = ?",
                   [round_id, unit_id, requirement])
        return
    db["feedback"].upsert({"round_id": round_id, "unit_id": unit_id, "requirement": requirement,
                           "comment": comment, "written_by": user_id, "written_at": now()},
                          pk=("round_id", "unit_id", "requirement"))


def of_response(db: Database, round_id: int, unit_id: int) -> dict[str, dict]:
    """The feedback on a unit's results in a round, by requirement."""
    rows = db.query("""
        select feedback.*, users.name as written_by_name from feedback
        left join users on users.id = feedback.written_by
        where round_id = ? and unit_id = ?""", [round_id, unit_id])
    return {row["requirement"]: row for row in rows}


def previous(db: Database, round_id: int, unit_id: int) -> dict[str, dict]:
    """The feedback the unit got on last year's results of the same policy, by requirement."""
    rows = db.query("""
        select feedback.*, users.name as written_by_name from feedback
        join rounds prev on prev.id = feedback.round_id
        join rounds cur on cur.policy_id = prev.policy_id and prev.year = cur.year - 1
        left join users on users.id = feedback.written_by
        where cur.id = ? and feedback.unit_id = ? order by feedback.requirement""", [round_id, unit_id])
    return {row["requirement"]: row for row in rows}


def of_round(db: Database, round_id: int) -> list[dict]:
    """Every unit's feedback in a round, by unit and requirement: the list the coordinator exports."""
    return list(db.query("""
        select units.name as unit, feedback.*, users.name as written_by_name from feedback
        join units on units.id = feedback.unit_id
        left join users on users.id = feedback.written_by
        where round_id = ? order by units.name, feedback.requirement""", [round_id]))
