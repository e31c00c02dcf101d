"""Actions (åtgärder): what a unit plans for a requirement it does not meet, and the follow-up.

An action belongs to one unit's submitted response in one round and to one requirement
that was not met or partly met there: what, who is responsible, by when, a status and a
comment. The next year the unit reports each action's status again (`action_followups`),
and may not submit before it has. Rules read actions through the scoring context
(`scoring_context`, documented in docs/content-format.md).
"""
from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from survey.i18n import Msg, Text
from survey.store.db import NotFound, StorageError, now, one, write_transaction

STATUSES = ("planerad", "pågår", "genomförd", "stoppad")
UNMET = ("not_met", "partly_met")
LIMITS = {"what": 500, "responsible": 200, "comment": 1000}
YEARS_AHEAD = 5

WHAT_MISSING = Text("action.what_missing", "Beskriv åtgärden.")
RESPONSIBLE_MISSING = Text("action.responsible_missing", "Ange vem som är ansvarig.")
TOO_LONG = Text("action.too_long", "Högst %(limit)s tecken (nu %(n)s).")
DUE_MISSING = Text("action.due_missing", "Ange när åtgärden ska vara klar, till exempel %(example)s.")
DUE_FORMAT = Text("action.due_format", "Ange datumet som ÅÅÅÅ-MM-DD, till exempel %(example)s.")
DUE_RANGE = Text("action.due_range", "Datumet ska ligga mellan %(first)s och %(last)s.")
STATUS_UNKNOWN = Text("action.status_unknown", "Välj en status: planerad, pågår, genomförd eller stoppad.")
NOT_UNMET = Text("action.not_unmet", "Åtgärder planeras för krav som inte är uppfyllda eller delvis uppfyllda.")
NOT_SUBMITTED = Text("action.not_submitted", "Åtgärder planeras när självskattningen är inlämnad.")
ACTION_GONE = Text("action.not_found", "Åtgärden finns inte.")
NOT_LAST_YEARS = Text("action.not_last_years", "Åtgärden hör inte till enhetens förra år.")


class InvalidAction(StorageError):
    """An action the rules for actions do not accept; carries one message per field."""

    def __init__(self, problems: dict[str, Msg]):
        self.problems = problems
        super().__init__(next(iter(problems.values())))


def _due_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + YEARS_AHEAD, 12, 31)


def check(fields: dict, year: int) -> tuple[dict, dict[str, Msg]]:
    """An action's fields cleaned (text trimmed, date checked against the round's year), and what is wrong."""
    clean = {key: str(fields.get(key) or "").strip().replace("\r\n", "\n") for key in
             ("what", "responsible", "due", "status", "comment")}
    problems: dict[str, Msg] = {}
    for key, missing in (("what", WHAT_MISSING), ("responsible", RESPONSIBLE_MISSING)):
        if not clean[key]:
            problems[key] = missing()
    for key, limit in LIMITS.items():
        if len(clean[key]) > limit:
            problems[key] = TOO_LONG(limit=limit, n=len(clean[key]))
    first, last = _due_range(year)
    example = date(year, 12, 31).isoformat()
    if not clean["due"]:
        problems["due"] = DUE_MISSING(example=example)
    else:
        try:
            due = date.fromisoformat(clean["due"])
        except ValueError:
            problems["due"] = DUE_FORMAT(example=example)
        else:
            if not first <= due <= last:
                problems["due"] = DUE_RANGE(first=first.isoformat(), last=last.isoformat())
            clean["due"] = due.isoformat()
    if clean["status"] not in STATUSES:
        problems["status"] = STATUS_UNKNOWN()
    return clean, problems


def _round(db: Database, round_id: int) -> dict:
    row = one(db, "select * from rounds where id = ?", [round_id])
    if row is None:
        raise NotFound(ACTION_GONE())
    return row


def unmet_requirements(db: Database, round_id: int, unit_id: int) -> list[str]:
    """The requirements the unit's submitted response does not (fully) meet, under the round's rule set."""
    return [row["requirement"] for row in db.query("""
        select scores.requirement from scores
        join responses r on r.id = scores.response_id and r.status = 'submitted'
        join rounds on rounds.id = r.round_id and rounds.ruleset_version_id = scores.ruleset_version_id
        where r.round_id = ? and r.unit_id = ? and scores.level in ('not_met', 'partly_met')
        order by scores.id""", [round_id, unit_id])]


def add(db: Database, round_id: int, unit_id: int, requirement: str, fields: dict, *, user_id: int | None) -> int:
    """Plan an action for a requirement the unit's submitted response does not meet."""
    round_ = _round(db, round_id)
    clean, problems = check(fields, round_["year"])
    if problems:
        raise InvalidAction(problems)
    submitted = one(db, "select 1 as yes from responses where round_id = ? and unit_id = ? and status = 'submitted'",
                    [round_id, unit_id])
    if submitted is None:
        raise StorageError(NOT_SUBMITTED())
    if requirement not in unmet_requirements(db, round_id, unit_id):
        raise StorageError(NOT_UNMET())
    stamp = now()
    return db["actions"].insert(clean | {"round_id": round_id, "unit_id": unit_id, "requirement": requirement,
                                         "created_by": user_id, "created_at": stamp, "updated_by": user_id,
                                         "updated_at": stamp}).last_pk


def action(db: Database, action_id: int) -> dict:
    row = one(db, "select * from actions where id = ?", [action_id])
    if row is None:
        raise NotFound(ACTION_GONE())
    return row


def update(db: Database, action_id: int, fields: dict, *, user_id: int | None) -> None:
    """Change an action's what, who, when, status or comment."""
    found = action(db, action_id)
    clean, problems = check(fields, _round(db, found["round_id"])["year"])
    if problems:
        raise InvalidAction(problems)
    db["actions"].update(action_id, clean | {"updated_by": user_id, "updated_at": now()})


def of_unit(db: Database, round_id: int, unit_id: int) -> list[dict]:
    """The unit's actions in a round, by requirement then in the order planned."""
    return list(db.query("select * from actions where round_id = ? and unit_id = ? order by requirement, id",
                         [round_id, unit_id]))


def _previous_round(db: Database, round_id: int) -> dict | None:
    return one(db, """
        select prev.* from rounds prev join rounds cur on cur.policy_id = prev.policy_id and prev.year = cur.year - 1
        where cur.id = ?""", [round_id])


def previous_actions(db: Database, round_id: int, unit_id: int) -> list[dict]:
    """Last year's actions of the unit, each with the status reported in this round (`reported`) or None."""
    return list(db.query("""
        select a.*, f.status as reported, f.comment as reported_comment, f.reported_at
        from actions a
        join rounds prev on prev.id = a.round_id
        join rounds cur on cur.policy_id = prev.policy_id and prev.year = cur.year - 1
        left join action_followups f on f.action_id = a.id and f.round_id = cur.id
        where cur.id = ? and a.unit_id = ? order by a.requirement, a.id""", [round_id, unit_id]))


def unreported(db: Database, round_id: int, unit_id: int) -> int:
    """How many of last year's actions still have no status reported in this round."""
    return sum(1 for row in previous_actions(db, round_id, unit_id) if row["reported"] is None)


def report(db: Database, round_id: int, unit_id: int, reports: dict[int, dict], *, user_id: int | None) -> None:
    """Record this round's follow-up (status and comment) of last year's actions, all or none;
    an action given neither is left unreported."""
    last_years = {row["id"] for row in previous_actions(db, round_id, unit_id)}
    problems: dict[str, Msg] = {}
    rows = []
    for action_id, given in reports.items():
        if action_id not in last_years:
            raise StorageError(NOT_LAST_YEARS())
        status = str(given.get("status") or "").strip()
        comment = str(given.get("comment") or "").strip().replace("\r\n", "\n")
        if not status and not comment:
            continue  # not reported yet: the submit asks for it
        if status not in STATUSES:
            problems[f"{action_id}.status"] = STATUS_UNKNOWN()
        if len(comment) > LIMITS["comment"]:
            problems[f"{action_id}.comment"] = TOO_LONG(limit=LIMITS["comment"], n=len(comment))
        rows.append({"action_id": action_id, "round_id": round_id, "status": status, "comment": comment,
                     "reported_by": user_id, "reported_at": now()})
    if problems:
        raise InvalidAction(problems)
    with write_transaction(db):
        for row in rows:
            db["action_followups"].upsert(row, pk=("action_id", "round_id"))


def of_round(db: Database, round_id: int, *, unit_id: int | None = None, requirement: str | None = None,
             status: str | None = None) -> list[dict]:
    """Every action planned in a round, with its unit and the status reported the year after (if any)."""
    return list(db.query("""
        select a.*, units.name as unit, f.status as reported, f.comment as reported_comment
        from actions a join units on units.id = a.unit_id
        left join rounds next on next.policy_id = (select policy_id from rounds where id = a.round_id)
         and next.year = (select year from rounds where id = a.round_id) + 1
        left join action_followups f on f.action_id = a.id and f.round_id = next.id
        where a.round_id = :round and (:unit is null or a.unit_id = :unit)
          and (:requirement is null or a.requirement = :requirement) and (:status is null or a.status = :status)
        order by units.name, a.requirement, a.id""",
        {"round": round_id, "unit": unit_id, "requirement": requirement, "status": status}))


def of_organisation(db: Database, organisation_id: int) -> list[dict]:
    """Every action planned in the organisation's rounds, with its round's policy and year, its unit, and
    the status reported the year after (if any); in the order they were planned."""
    return list(db.query("""
        select a.*, units.name as unit, policies.name as policy, rounds.year,
               f.status as reported, f.comment as reported_comment
        from actions a join units on units.id = a.unit_id
        join rounds on rounds.id = a.round_id join policies on policies.id = rounds.policy_id
        left join rounds next on next.policy_id = rounds.policy_id and next.year = rounds.year + 1
        left join action_followups f on f.action_id = a.id and f.round_id = next.id
        where policies.organisation_id = ? order by a.id""", [organisation_id]))


def _plain(row: dict) -> dict:
    return {key: row[key] for key in ("requirement", "what", "responsible", "due", "status", "comment")}


def scoring_context(db: Database, round_id: int, unit_id: int) -> dict:
    """What rules read at `/actions`: this round's actions, last year's with this year's
    reported status, and last year's unmet requirements that got no action (None without
    a submitted response last year)."""
    previous = previous_actions(db, round_id, unit_id)
    prev_round = _previous_round(db, round_id)
    unplanned = None
    if prev_round is not None and one(
            db, "select 1 as yes from responses where round_id = ? and unit_id = ? and status = 'submitted'",
            [prev_round["id"], unit_id]):
        planned = {row["requirement"] for row in previous}
        unplanned = [r for r in unmet_requirements(db, prev_round["id"], unit_id) if r not in planned]
    return {
        "round": [_plain(row) for row in of_unit(db, round_id, unit_id)],
        "previous": [_plain(row) | {"reported": row["reported"]} for row in previous],
        "unplanned": unplanned,
    }

