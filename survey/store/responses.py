"""Responses: saving drafts, submitting, reopening, their history and their scores.

Every save names the version it started from. The write is a compare-and-swap on
that version, so of two people saving the same response the second is refused
(`StaleVersion`) instead of silently overwriting the first. Every save is also
appended to `response_history`, which triggers keep append-only.
"""
from __future__ import annotations

import json

from sqlite_utils import Database

from survey.content.pointer import pointer_of
from survey.content.questionnaire import (
    accepted_for,
    check_answers,
    follow_ups_for,
    for_unit,
    questions,
    view_for,
    without_unasked,
)
from survey.content.validation import FieldError
from survey.i18n import Plural, Text
from survey.scoring import rules
from survey.store import actions, register, scores
from survey.store.content import compiled, version_body
from survey.store.db import NOT_FOUND, THINGS, NotFound, StorageError, get, now, one, rows, write_transaction
from survey.store.register import kind_order_sql
from survey.store.rounds import ROUND_COLUMNS, ROUND_GONE, ROUND_TABLES, round_info

ROUND_CLOSED = Text("response.round_closed", "Omgången är stängd; svaren kan inte ändras.")
NOT_IN_ROUND = Text("response.not_in_round", "Enheten ingår inte i omgången.")
CONFIRM_CARRIED = Text("response.confirm_carried", "Svaret kommer från förra året: bekräfta eller ändra det.")
SUBMITTED = Text("response.submitted", "Svaret är inlämnat och kan inte ändras förrän samordnaren öppnar det igen.")
REOPEN_SUBMITTED_ONLY = Text("response.reopen_submitted_only", "Bara ett inlämnat svar kan öppnas igen.")
ACTIONS_UNREPORTED = Plural("response.actions_unreported",
                            "Rapportera status för förra årets åtgärd innan du lämnar in (1 saknar status).",
                            "Rapportera status för förra årets åtgärder innan du lämnar in (%(n)s saknar status).")
REOPEN_REASON = Text("response.reopen_reason", "Ange varför svaret öppnas igen.")


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


class ActionsUnreported(StorageError):
    """Last year's actions need this year's status before the response can be submitted."""


def decoded(row: dict | None) -> dict | None:
    """A stored response row with its answers and carry-over marks parsed."""
    if row is not None:
        row = dict(row)
        row["answers"] = json.loads(row["answers"])
        for key in ("carried", "confirmed"):
            if key in row:
                row[key] = json.loads(row[key] or "[]")
    return row


def get_response(db: Database, round_id: int, unit_id: int) -> dict | None:
    return decoded(one(db, "select * from responses where round_id = ? and unit_id = ?", [round_id, unit_id]))


def response_by_id(db: Database, response_id: int) -> dict:
    return decoded(get(db, "responses", response_id))


class InvalidAnswers(StorageError):
    """Answers the questionnaire does not accept; carries one problem per field."""

    def __init__(self, problems: list[FieldError]):
        self.problems = problems
        super().__init__("; ".join(f"{p.pointer}: {p.message}" for p in problems))


def check(db: Database, round_: dict, unit: dict, answers: object, *, submit: bool) -> list[FieldError]:
    """What the gate would refuse in these answers: the questionnaire as the unit sees it (kept per content version)."""
    version, digest = round_["questionnaire_version_id"], round_.get("questionnaire_digest")
    key = (unit["kind"], tuple(unit.get("tags") or ()), unit.get("name"))
    return check_answers(version_body(db, version, digest), unit, answers, complete=submit,
                         view=compiled(db, version, view_for, *key, digest=digest),
                         asked=compiled(db, version, follow_ups_for, *key, digest=digest),
                         accepted=compiled(db, version, accepted_for, *key, submit, digest=digest))


def save(db: Database, round_id: int, unit_id: int, answers: object, *, user_id: int | None,
         base_version: int, submit: bool = False, action: str | None = None,
         marks: dict[str, list[str]] | None = None, invitation_id: int | None = None,
         known: tuple[dict, dict] | None = None) -> dict:
    """The one gate for answers: check, store a new version, and on submit score it.

    The answers are checked against the questionnaire as the unit sees it (a draft
    may be incomplete; a submission may not, nor may it hold answers carried over from last
    year and not yet confirmed). The write is a compare-and-swap on `base_version`, and
    submitting scores in the same transaction: a response is never submitted without scores.
    `marks` replaces the carry-over marks: answer pointers still `carried` from last year,
    and those `confirmed` unchanged by the manager. `known` is the round (`round_info` with this unit) and
    the unit as the caller has just read them, so that the gate need not read them again.
    """
    round_, unit = known or (round_info(db, round_id, unit_id), register.unit(db, unit_id))
    if round_["status"] != "open":
        raise ReadOnly(ROUND_CLOSED())
    if not round_["unit_in_round"]:
        raise StorageError(NOT_IN_ROUND())
    problems = check(db, round_, unit, answers, submit=submit)
    if submit:
        before = get_response(db, round_id, unit_id)
        carried = marks.get("carried", []) if marks is not None else (before["carried"] if before else [])
        problems += [FieldError(pointer, CONFIRM_CARRIED())
                     for pointer in sorted(carried)]
    if problems:
        raise InvalidAnswers(problems)
    if submit and (missing := actions.unreported(db, round_id, unit_id)):
        raise ActionsUnreported(ACTIONS_UNREPORTED(missing))
    status = "submitted" if submit else "draft"
    stamp = now()
    fields = {"status": status, "answers": json.dumps(answers, ensure_ascii=False),
              "updated_at": stamp, "updated_by": user_id, "submitted_at": stamp if submit else None}
    if marks is not None:
        fields |= {key: json.dumps(sorted(marks.get(key, []))) for key in ("carried", "confirmed")}
    return _write(db, round_, unit_id, fields, base_version=base_version, editable="draft",
                  action=action or ("submit" if submit else "save"), user_id=user_id, invitation_id=invitation_id,
                  score=submit)


def carry_over(db: Database, round_id: int, unit_id: int, previous: dict, *, user_id: int | None,
               invitation_id: int | None = None) -> tuple[dict, list[FieldError]]:
    """Start a response from last year's answers, through the gate.

    Answers this year's questionnaire does not accept (a question removed, a format
    tightened) are left out and returned as problems at their field; the rest are saved
    marked as carried over until the manager confirms or changes them.
    """
    round_ = round_info(db, round_id)
    unit = register.unit(db, unit_id)
    questionnaire = version_body(db, round_["questionnaire_version_id"])
    view = for_unit(questionnaire, unit)
    asked = {(s, n) for s, n, _schema in questions(view)}
    answers = {s: {n: v for n, v in (given or {}).items() if (s, n) in asked and v is not None}
               for s, given in previous.items() if isinstance(given, dict)}
    answers = without_unasked(view, {s: given for s, given in answers.items() if given})
    refused = check_answers(questionnaire, unit, answers, complete=False)
    for problem in refused:
        section, _sep, rest = problem.pointer[1:].partition("/")
        answers.get(section, {}).pop(rest.split("/")[0], None)
    answers = without_unasked(view, answers)  # a follow-up of an answer left out is not asked either
    answers = {s: given for s, given in answers.items() if given}
    carried = [pointer_of(s, n) for s, given in answers.items() for n in given]
    saved = save(db, round_id, unit_id, answers, user_id=user_id, base_version=0, action="carry_over",
                 marks={"carried": carried, "confirmed": []}, invitation_id=invitation_id)
    return saved, refused


def _write(db: Database, round_: dict, unit_id: int, fields: dict, *, base_version: int | None, editable: str,
           action: str, user_id: int | None, note: str | None = None, invitation_id: int | None = None,
           score: bool = False) -> dict:
    """Write a new version of a response: a compare-and-swap on its version, recorded in its history; the
    response as written.

    `editable` is the status the stored response must have (a new response counts as a
    draft); `base_version` None skips the version check (the coordinator's reopen). The swap is
    one UPDATE whose WHERE holds the checks, so the write lock is held for as few statements as
    can be: only when it changes nothing is the stored response read, to tell why.
    """
    with write_transaction(db):
        assignments = ", ".join(f"{name} = :{name}" for name in fields)
        swap = (f"update responses set {assignments}, version = version + 1 where round_id = :round_id and "
                "unit_id = :unit_id and status = :editable and (:base_version is null or version = :base_version) "
                "returning *")
        written = one(db, swap, fields | {"round_id": round_["id"], "unit_id": unit_id, "editable": editable,
                                          "base_version": base_version})
        current = None if written else get_response(db, round_["id"], unit_id)
        if current is not None:
            if current["status"] != editable:
                raise ReadOnly(SUBMITTED()) if editable == "draft" else StorageError(REOPEN_SUBMITTED_ONLY())
            raise StaleVersion(current)
        if not written:
            if editable != "draft":
                raise StorageError(REOPEN_SUBMITTED_ONLY())
            if base_version not in (None, 0):
                raise StaleVersion(None)
            fields = fields | {"round_id": round_["id"], "unit_id": unit_id, "version": 1,
                               "created_at": fields["updated_at"],
                               "questionnaire_version_id": round_["questionnaire_version_id"]}
            names = ", ".join(fields)
            written = one(db, f"insert into responses ({names}) values ({', '.join(':' + n for n in fields)}) "
                              "returning *", fields)
        _record(db, round_["id"], unit_id, action, user_id, note, invitation_id)
        if score:
            score_response(db, written["id"])
    return decoded(written)


def _record(db: Database, round_id: int, unit_id: int, action: str, user_id: int | None, note: str | None = None,
            invitation_id: int | None = None) -> None:
    """Append the response's version just written to its history."""
    db.conn.execute("""
        insert into response_history (response_id, version, status, answers, action, note, saved_by, saved_at,
                                      invitation_id)
        select id, version, status, answers, ?, ?, ?, ?, ? from responses where round_id = ? and unit_id = ?""",
                    [action, note, user_id, now(), invitation_id, round_id, unit_id])


def reopen(db: Database, response_id: int, *, user_id: int | None, reason: str) -> dict:
    """Make a submitted response editable again; the reason is kept in the history."""
    if not reason.strip():
        raise StorageError(REOPEN_REASON())
    response = response_by_id(db, response_id)
    fields = {"status": "draft", "updated_at": now(), "updated_by": user_id, "submitted_at": None}
    return _write(db, round_info(db, response["round_id"]), response["unit_id"], fields, base_version=None,
                  editable="submitted", action="reopen", user_id=user_id, note=reason.strip())


def history(db: Database, response_id: int) -> list[dict]:
    rows = db.query("""
        select h.*, users.name as saved_by_name from response_history h
        left join users on users.id = h.saved_by
        where response_id = ? order by h.id""", [response_id])
    return [decoded(row) for row in rows]


def previous_response(db: Database, round_id: int, unit_id: int) -> dict | None:
    """The unit's submitted response in the same policy's round the year before."""
    return decoded(one(db, """
        select r.* from responses r
        join rounds prev on prev.id = r.round_id
        join rounds cur on cur.policy_id = prev.policy_id and prev.year = cur.year - 1
        where cur.id = ? and r.unit_id = ? and r.status = 'submitted'""", [round_id, unit_id]))


# A respondent page's first read, in one statement: the round (`round_info` with the unit), the unit with its tags
# (`register.unit`) and the unit's responses in the round and last year's (submitted), each table's columns after
# a column named `next_table`; a row per response, or one without.
_PAGE = f"""
    select {ROUND_COLUMNS},
           exists(select 1 from round_units where round_id = rounds.id and unit_id = :unit) as unit_in_round,
           null as next_table, units.*, (select json_group_array(tag) from unit_tags where unit_id = units.id) as tags,
           null as next_table, r.*
    {ROUND_TABLES}
    left join units on units.id = :unit
    left join responses r on r.unit_id = :unit and (r.round_id = rounds.id or r.status = 'submitted' and r.round_id in
        (select prev.id from rounds prev where prev.policy_id = rounds.policy_id and prev.year = rounds.year - 1))
    where rounds.id = :round
    order by r.id"""


def for_page(db: Database, round_id: int, unit_id: int) -> tuple[dict, dict, dict | None, dict | None]:
    """The round (`round_info` with this unit), the unit (`register.unit`), the unit's response in the round
    (`get_response`) and last year's (`previous_response`), in one statement: what a respondent page reads first."""
    cursor = db.conn.execute(_PAGE, {"round": round_id, "unit": unit_id})
    found = cursor.fetchall()
    if not found:
        raise NotFound(ROUND_GONE(id=round_id))
    names = [column[0] for column in cursor.description]
    unit_at, response_at = (i + 1 for i, name in enumerate(names) if name == "next_table")
    unit = dict(zip(names[unit_at:response_at - 1], found[0][unit_at:response_at - 1]))
    if unit["id"] is None:
        raise NotFound(NOT_FOUND(what=THINGS["units"](), id=unit_id))
    kept: dict[bool, dict] = {}
    for row in found:
        response = dict(zip(names[response_at:], row[response_at:]))
        if response["id"] is not None:
            kept.setdefault(response["round_id"] == round_id, response)
    return (dict(zip(names[:unit_at - 1], found[0][:unit_at - 1])), register.tagged(unit),
            decoded(kept.get(True)), decoded(kept.get(False)))


def previous_answers(db: Database, round_id: int, unit_id: int) -> dict | None:
    previous = previous_response(db, round_id, unit_id)
    return previous["answers"] if previous else None


def score_response(db: Database, response_id: int, ruleset_version_id: int | None = None) -> list[dict]:
    """Score a response and store the results under the rule-set version used (the round's by default)."""
    response = response_by_id(db, response_id)
    round_ = round_info(db, response["round_id"])
    unit = register.unit(db, response["unit_id"])
    previous = previous_answers(db, round_["id"], unit["id"])
    return scores.score_and_store(db, response, unit, round_["year"], previous,
                                  ruleset_version_id or round_["ruleset_version_id"],
                                  actions.scoring_context(db, round_["id"], unit["id"]))


def score_round(db: Database, round_id: int, ruleset_version_id: int | None = None) -> int:
    """Re-score every submitted response of a round in one transaction; return how many."""
    ids = [row["id"] for row in db.query(
        "select id from responses where round_id = ? and status = 'submitted' order by id", [round_id])]
    with write_transaction(db):
        for response_id in ids:
            score_response(db, response_id, ruleset_version_id)
    return len(ids)


def stored_results(db: Database, response_id: int, ruleset_version_id: int | None = None) -> list[dict]:
    """The stored results of a response (under the round's rule set unless told otherwise)."""
    if ruleset_version_id is None:
        ruleset_version_id = round_info(db, response_by_id(db, response_id)["round_id"])["ruleset_version_id"]
    return scores.stored_results(db, response_id, ruleset_version_id)


def round_summary(db: Database, round_id: int) -> list[dict]:
    """Every unit in the round: response status, last save and score summary."""
    round_ = round_info(db, round_id)
    rows = db.query(f"""
        select units.id as unit_id, units.name as unit, units.kind, r.id as response_id,
               coalesce(r.status, 'not_started') as status, r.updated_at, users.name as updated_by
        from round_units ru join units on units.id = ru.unit_id
        left join responses r on r.unit_id = units.id and r.round_id = ru.round_id
        left join users on users.id = r.updated_by
        where ru.round_id = ?
        order by {kind_order_sql("units.kind")}, units.name""", [round_id])
    summary = []
    for row in rows:
        found = scores.stored_results(db, row["response_id"], round_["ruleset_version_id"]) \
            if row["status"] == "submitted" else []
        summary.append(row | {"summary": rules.summarize(found) if found else None})
    return register.with_tags(db, summary, key="unit_id")


def rescore_preview(db: Database, round_id: int, ruleset_version_id: int) -> list[dict]:
    """What re-scoring a round under another rule-set version would change, without storing it."""
    round_ = round_info(db, round_id)
    compiled = scores.compiled_ruleset(db, ruleset_version_id)
    changes = []
    for row in register.with_tags(db, db.query("""
            select responses.id, units.name as unit, units.kind, units.id as unit_id from responses
            join units on units.id = responses.unit_id
            where round_id = ? and status = 'submitted' order by units.name""", [round_id]), key="unit_id"):
        response = response_by_id(db, row["id"])
        previous = previous_answers(db, round_id, row["unit_id"])
        context = rules.context(response["answers"], row, round_["year"], previous,
                                actions.scoring_context(db, round_id, row["unit_id"]))
        before = {r["requirement"]: r["level"]
                  for r in scores.stored_results(db, row["id"], round_["ruleset_version_id"])}
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
