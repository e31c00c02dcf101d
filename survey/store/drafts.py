"""Policy workshop drafts: the policy text, questionnaire and rule set a coordinator is editing.

One draft per organisation and policy id. Every save names the version it was based on
(compare-and-swap, like an answer): a stale save is refused with the stored draft, so the
page can show it beside what the person typed. Every version is kept in `draft_history`.
"""
from __future__ import annotations

import json

from sqlite_utils import Database

from survey.i18n import Text
from survey.store.db import NotFound, StorageError, now, one, write_transaction

NO_DRAFT = Text("draft.not_found", "Utkastet finns inte (nummer %(id)s).")
STALE = Text("draft.stale", "Utkastet har sparats av %(who)s (version %(version)s, %(at)s) sedan du öppnade det. "
                            "Din ändring är inte sparad än: det du skrev står kvar, jämför och spara igen.")
SOMEONE = Text("draft.someone", "någon annan")
NOTHING_TO_UNDO = Text("draft.nothing_to_undo", "Det finns ingen ändring att ångra.")
NOTHING_TO_REDO = Text("draft.nothing_to_redo", "Det finns ingen ångrad ändring att göra om.")
UPLOADED = '[{"code": "upload", "params": {}}]'
UNDONE = '[{"code": "undo", "params": {}}]'
REDONE = '[{"code": "redo", "params": {}}]'


class NothingToUndo(StorageError):
    """The draft is as it was uploaded."""


class NothingToRedo(StorageError):
    """No change has been undone since the last edit."""


class StaleDraft(StorageError):
    """The draft changed since the editor loaded it; carries the stored draft."""

    def __init__(self, current: dict):
        self.current = current
        super().__init__(STALE(who=current["updated_by_name"] or SOMEONE(), version=current["version"],
                               at=current["updated_at"]))


def _parsed(row: dict) -> dict:
    for key in ("questionnaire", "ruleset", "review", "comparison"):
        row[key] = json.loads(row[key]) if row[key] else None
    return row


def draft(db: Database, draft_id: int) -> dict:
    """A draft with its JSON parsed and the name of who saved it last."""
    row = one(db, """select drafts.*, users.name as updated_by_name from drafts
                     left join users on users.id = drafts.updated_by where drafts.id = ?""", [draft_id])
    if row is None:
        raise NotFound(NO_DRAFT(id=draft_id))
    return _parsed(row)


def drafts_of(db: Database, organisation_ids: list[int] | None) -> list[dict]:
    """The drafts of these organisations (None: all), newest first, without their bodies."""
    rows = db.query("""select drafts.id, drafts.organisation_id, drafts.name, drafts.version, drafts.updated_at,
                              drafts.published_at, organisations.name as organisation,
                              json_extract(drafts.questionnaire, '$."x-policy".title') as title
                       from drafts join organisations on organisations.id = drafts.organisation_id
                       order by drafts.updated_at desc, drafts.id desc""")
    return [row for row in rows if organisation_ids is None or row["organisation_id"] in organisation_ids]


def create(db: Database, organisation_id: int, name: str, *, text: str, questionnaire: dict, ruleset: dict,
           review: list, user_id: int | None, comparison: dict | None = None) -> int:
    """Start a draft from an uploaded document; an earlier draft of the same policy is replaced (its history kept)."""
    stamp = now()
    record = {"text": text, "questionnaire": json.dumps(questionnaire, ensure_ascii=False),
              "ruleset": json.dumps(ruleset, ensure_ascii=False), "review": json.dumps(review, ensure_ascii=False),
              "comparison": json.dumps(comparison, ensure_ascii=False) if comparison else None,
              "updated_by": user_id, "updated_at": stamp, "published_at": None}
    with write_transaction(db):
        existing = one(db, "select id, version from drafts where organisation_id = ? and name = ?",
                       [organisation_id, name])
        if existing:
            draft_id, version = existing["id"], existing["version"] + 1
            db["drafts"].update(draft_id, record | {"version": version})
        else:
            version = 1
            draft_id = db["drafts"].insert(record | {"organisation_id": organisation_id, "name": name, "version": 1,
                                                     "created_by": user_id, "created_at": stamp}).last_pk
        _remember(db, draft_id, version, UPLOADED, record, user_id, stamp)
    return draft_id


def save(db: Database, draft_id: int, questionnaire: dict, ruleset: dict, *, base_version: int,
         user_id: int | None, action: str) -> dict:
    """Save an edit made to version `base_version`; StaleDraft when someone saved in between."""
    stamp = now()
    with write_transaction(db):
        current = draft(db, draft_id)
        if current["version"] != base_version:
            raise StaleDraft(current)
        version = base_version + 1
        record = {"questionnaire": json.dumps(questionnaire, ensure_ascii=False),
                  "ruleset": json.dumps(ruleset, ensure_ascii=False), "version": version,
                  "updated_by": user_id, "updated_at": stamp}
        db["drafts"].update(draft_id, record)
        _remember(db, draft_id, version, action, record, user_id, stamp)
    return draft(db, draft_id)


def body_at(db: Database, draft_id: int, version: int) -> tuple[dict, dict] | None:
    """The questionnaire and rule set of one saved version of a draft (None when it has no such version)."""
    row = one(db, "select questionnaire, ruleset from draft_history where draft_id = ? and version = ? "
                  "order by id desc limit 1", [draft_id, version])
    return (json.loads(row["questionnaire"]), json.loads(row["ruleset"])) if row else None


def undo(db: Database, draft_id: int, *, base_version: int, user_id: int | None) -> dict:
    """Go back one change: save the version before the last change again, as a new version.

    Undoing again goes back further: an undo (or redo) entry remembers the version it went to.
    StaleDraft when someone saved in between; NothingToUndo at the uploaded version.
    """
    with write_transaction(db):
        current = _current(db, draft_id, base_version)
        reached, _top = _undo_state(db, draft_id, current["version"])
        if reached <= 1 or body_at(db, draft_id, reached - 1) is None:
            raise NothingToUndo(NOTHING_TO_UNDO())
        _go_to(db, current, reached - 1, UNDONE, user_id)
    return draft(db, draft_id)


def redo(db: Database, draft_id: int, *, base_version: int, user_id: int | None) -> dict:
    """Make an undone change again: forward one version along the changes undone since the last edit.

    A new edit ends what can be redone, as in any editor. StaleDraft when someone saved in between;
    NothingToRedo when nothing was undone since the last edit.
    """
    with write_transaction(db):
        current = _current(db, draft_id, base_version)
        reached, top = _undo_state(db, draft_id, current["version"])
        if reached >= top:
            raise NothingToRedo(NOTHING_TO_REDO())
        _go_to(db, current, reached + 1, REDONE, user_id)
    return draft(db, draft_id)


def can_redo(db: Database, draft_id: int, version: int) -> bool:
    reached, top = _undo_state(db, draft_id, version)
    return reached < top


def _current(db: Database, draft_id: int, base_version: int) -> dict:
    current = draft(db, draft_id)
    if current["version"] != base_version:
        raise StaleDraft(current)
    return current


def _undo_state(db: Database, draft_id: int, version: int) -> tuple[int, int]:
    """(the version whose content the draft now has, the version the current run of undos and redos started
    from): both the current version when the last entry is an edit."""
    rows = list(db.query("select version, action, undone_to from draft_history where draft_id = ? order by id desc",
                         [draft_id]))
    streak = 0
    while streak < len(rows) and rows[streak]["action"] in (UNDONE, REDONE):
        streak += 1
    if not streak:
        return version, version
    top = rows[streak]["version"] if streak < len(rows) else version
    return rows[0]["undone_to"], top


def _go_to(db: Database, current: dict, target: int, action: str, user_id: int | None) -> None:
    """Save version `target`'s content again, as the next version, remembering where it went."""
    questionnaire, ruleset = body_at(db, current["id"], target)
    stamp, version = now(), current["version"] + 1
    record = {"questionnaire": json.dumps(questionnaire, ensure_ascii=False),
              "ruleset": json.dumps(ruleset, ensure_ascii=False), "version": version,
              "updated_by": user_id, "updated_at": stamp, "published_at": current["published_at"]}
    db["drafts"].update(current["id"], record)
    _remember(db, current["id"], version, action, record, user_id, stamp, undone_to=target)


def mark_published(db: Database, draft_id: int) -> None:
    with write_transaction(db):
        db["drafts"].update(draft_id, {"published_at": now()})


def history(db: Database, draft_id: int) -> list[dict]:
    """Who saved which version of a draft, and how, newest first."""
    return list(db.query("""select draft_history.version, draft_history.action, draft_history.saved_at,
                                   users.name as saved_by from draft_history
                            left join users on users.id = draft_history.saved_by
                            where draft_id = ? order by draft_history.id desc""", [draft_id]))


def _remember(db: Database, draft_id: int, version: int, action: str, record: dict, user_id: int | None,
              stamp: str, undone_to: int | None = None) -> None:
    db["draft_history"].insert({"draft_id": draft_id, "version": version, "action": action,
                                "questionnaire": record["questionnaire"], "ruleset": record["ruleset"],
                                "saved_by": user_id, "saved_at": stamp, "undone_to": undone_to})
