"""Responses: saving drafts, submitting, reopening, their history and their scores.

Every save names the version it started from. The write is a compare-and-swap on
that version, so of two people saving the same response the second is refused
(`StaleVersion`) instead of silently overwriting the first. Every save is also
appended to `response_history`, which triggers keep append-only.
"""
from __future__ import annotations

import json

from sqlite_utils import Database

from survey import rules
from survey.db import now, write_transaction
from survey.storage import StorageError, get, in_round, one, round_info, version_body, version_digest


class StaleVersion(StorageError):
    """The response changed since the saver loaded it; carries the stored response."""

    def __init__(self, current: dict | None):
        self.current = current
        saved = f" (version {current['version']}, {current['updated_at']})" if current else ""
        super().__init__(
            f"Svaret har sparats av någon annan{saved} sedan du öppnade det. "
            "Dina ändringar är inte sparade än: jämför och spara igen."
        )


class ReadOnly(StorageError):
    """A submitted response, or one in a closed round, cannot be changed."""


def _decode(row: dict | None) -> dict | None:
    if row is not None:
        row = dict(row)
        row["answers"] = json.loads(row["answers"])
        for key in ("carried", "confirmed"):
            if key in row:
                row[key] = json.loads(row[key] or "[]")
    return row


def get_response(db: Database, round_id: int, unit_id: int) -> dict | None:
    return _decode(one(db, "select * from responses where round_id = ? and unit_id = ?", [round_id, unit_id]))


def response_by_id(db: Database, response_id: int) -> dict:
    return _decode(get(db, "responses", response_id, "Svaret"))


def save(db: Database, round_id: int, unit_id: int, answers: dict, *, user_id: int | None,
         base_version: int, submit: bool = False, action: str | None = None,
         marks: dict[str, list[str]] | None = None, invitation_id: int | None = None) -> dict:
    """Store a new version of a unit's response; submitting also scores it.

    `marks` replaces the carry-over marks: answer pointers still `carried` from last
    year, and those `confirmed` unchanged by the manager.
    """
    round_ = round_info(db, round_id)
    if round_["status"] != "open":
        raise ReadOnly("Omgången är stängd; svaren kan inte ändras.")
    if not in_round(db, round_id, unit_id):
        raise StorageError("Enheten ingår inte i omgången.")
    status = "submitted" if submit else "draft"
    stamp = now()
    fields = {"status": status, "answers": json.dumps(answers, ensure_ascii=False),
              "updated_at": stamp, "updated_by": user_id, "submitted_at": stamp if submit else None}
    if marks is not None:
        fields |= {key: json.dumps(sorted(marks.get(key, []))) for key in ("carried", "confirmed")}
    with write_transaction(db):
        current = get_response(db, round_id, unit_id)
        if current is not None and current["status"] == "submitted":
            raise ReadOnly("Svaret är inlämnat och kan inte ändras förrän samordnaren öppnar det igen.")
        if (current["version"] if current else 0) != base_version:
            raise StaleVersion(current)
        if current is None:
            fields |= {"round_id": round_id, "unit_id": unit_id, "version": 1, "created_at": stamp,
                       "questionnaire_version_id": round_["questionnaire_version_id"]}
            names = ", ".join(fields)
            response_id = db.execute(f"insert into responses ({names}) values ({', '.join(':' + n for n in fields)})",
                                     fields).lastrowid
        else:
            response_id = current["id"]
            assignments = ", ".join(f"{name} = :{name}" for name in fields)
            db.execute(f"update responses set {assignments}, version = version + 1 where id = :id",
                       fields | {"id": response_id})
        _record(db, response_id, action or ("submit" if submit else "save"), user_id, invitation_id=invitation_id)
    if submit:
        score_response(db, response_id)
    return response_by_id(db, response_id)


def _record(db: Database, response_id: int, action: str, user_id: int | None, note: str | None = None,
            invitation_id: int | None = None) -> None:
    db.execute("""
        insert into response_history (response_id, version, status, answers, action, note, saved_by, saved_at,
                                      invitation_id)
        select id, version, status, answers, ?, ?, ?, ?, ? from responses where id = ?""",
               [action, note, user_id, now(), invitation_id, response_id])


def reopen(db: Database, response_id: int, *, user_id: int | None, reason: str) -> dict:
    """Make a submitted response editable again; the reason is kept in the history."""
    if not reason.strip():
        raise StorageError("Ange varför svaret öppnas igen.")
    with write_transaction(db):
        cursor = db.execute(
            "update responses set status = 'draft', version = version + 1, updated_at = ?, "
            "updated_by = ?, submitted_at = null where id = ? and status = 'submitted'",
            [now(), user_id, response_id])
        if cursor.rowcount != 1:
            raise StorageError("Bara ett inlämnat svar kan öppnas igen.")
        _record(db, response_id, "reopen", user_id, reason.strip())
    return response_by_id(db, response_id)


def history(db: Database, response_id: int) -> list[dict]:
    rows = db.query("""
        select h.*, users.name as saved_by_name from response_history h
        left join users on users.id = h.saved_by
        where response_id = ? order by h.id""", [response_id])
    return [_decode(row) for row in rows]


def previous_response(db: Database, round_id: int, unit_id: int) -> dict | None:
    """The unit's submitted response in the same policy's round the year before."""
    return _decode(one(db, """
        select r.* from responses r
        join rounds prev on prev.id = r.round_id
        join rounds cur on cur.policy_id = prev.policy_id and prev.year = cur.year - 1
        where cur.id = ? and r.unit_id = ? and r.status = 'submitted'""", [round_id, unit_id]))


def previous_answers(db: Database, round_id: int, unit_id: int) -> dict | None:
    previous = previous_response(db, round_id, unit_id)
    return previous["answers"] if previous else None


_COMPILED: dict[str, tuple[rules.Requirement, ...]] = {}


def compiled_ruleset(db: Database, version_id: int) -> tuple[rules.Requirement, ...]:
    """A rule-set version compiled once per process (versions never change)."""
    digest = version_digest(db, version_id)
    if digest not in _COMPILED:
        if len(_COMPILED) > 64:
            _COMPILED.clear()
        _COMPILED[digest] = rules.compile_ruleset(version_body(db, version_id))
    return _COMPILED[digest]


def score_response(db: Database, response_id: int, ruleset_version_id: int | None = None) -> list[dict]:
    """Score a response and store the results under the rule-set version used."""
    response = response_by_id(db, response_id)
    round_ = round_info(db, response["round_id"])
    unit = get(db, "units", response["unit_id"], "Enheten")
    version_id = ruleset_version_id or round_["ruleset_version_id"]
    previous = previous_answers(db, round_["id"], unit["id"])
    context = rules.context(response["answers"], unit, round_["year"], previous)
    results = rules.score(compiled_ruleset(db, version_id), context)
    stamp = now()
    with db.atomic():
        db.execute("delete from scores where response_id = ? and ruleset_version_id = ?", [response_id, version_id])
        db["scores"].insert_all(
            {"response_id": response_id, "ruleset_version_id": version_id, "requirement": r["requirement"],
             "level": r["level"], "points": r["points"], "max_points": r["max_points"],
             "details": json.dumps(r, ensure_ascii=False), "scored_at": stamp}
            for r in results)
    return results


def score_round(db: Database, round_id: int, ruleset_version_id: int | None = None) -> int:
    """Re-score every submitted response of a round; return how many."""
    ids = [row["id"] for row in db.query(
        "select id from responses where round_id = ? and status = 'submitted' order by id", [round_id])]
    for response_id in ids:
        score_response(db, response_id, ruleset_version_id)
    return len(ids)


def stored_results(db: Database, response_id: int, ruleset_version_id: int | None = None) -> list[dict]:
    """The stored results of a response (under the round's rule set unless told otherwise)."""
    if ruleset_version_id is None:
        response = response_by_id(db, response_id)
        ruleset_version_id = round_info(db, response["round_id"])["ruleset_version_id"]
    rows = db.query("select details from scores where response_id = ? and ruleset_version_id = ? order by id",
                    [response_id, ruleset_version_id])
    return [json.loads(row["details"]) for row in rows]


def round_summary(db: Database, round_id: int) -> list[dict]:
    """Every unit in the round: response status, last save and score summary."""
    round_ = round_info(db, round_id)
    rows = db.query("""
        select units.id as unit_id, units.name as unit, units.kind, r.id as response_id,
               coalesce(r.status, 'not_started') as status, r.updated_at, users.name as updated_by
        from round_units ru join units on units.id = ru.unit_id
        left join responses r on r.unit_id = units.id and r.round_id = ru.round_id
        left join users on users.id = r.updated_by
        where ru.round_id = ?
        order by case units.kind when 'kommunstyrelse' then 0 when 'nämnd' then 1
                 when 'förvaltning' then 2 else 3 end, units.name""", [round_id])
    summary = []
    for row in rows:
        results = stored_results(db, row["response_id"], round_["ruleset_version_id"]) \
            if row["status"] == "submitted" else []
        summary.append(row | {"summary": rules.summarize(results) if results else None})
    return summary



def rescore_preview(db: Database, round_id: int, ruleset_version_id: int) -> list[dict]:
    """What re-scoring a round under another rule-set version would change, without storing it."""
    round_ = round_info(db, round_id)
    compiled = compiled_ruleset(db, ruleset_version_id)
    changes = []
    for row in db.query("""
            select responses.id, units.name as unit, units.kind, units.id as unit_id from responses
            join units on units.id = responses.unit_id
            where round_id = ? and status = 'submitted' order by units.name""", [round_id]):
        response = response_by_id(db, row["id"])
        previous = previous_answers(db, round_id, row["unit_id"])
        context = rules.context(response["answers"], row, round_["year"], previous)
        before = {r["requirement"]: r["level"] for r in stored_results(db, row["id"], round_["ruleset_version_id"])}
        for result in rules.score(compiled, context):
            was = before.get(result["requirement"])
            if was != result["level"]:
                changes.append({"unit": row["unit"], "requirement": result["requirement"],
                                "before": was, "after": result["level"]})
    return changes


def rescore(db: Database, round_id: int, ruleset_version_id: int) -> int:
    """Score a round under a new rule-set version and make it the round's; old scores are kept."""
    count = score_round(db, round_id, ruleset_version_id)
    db["rounds"].update(round_id, {"ruleset_version_id": ruleset_version_id})
    return count
