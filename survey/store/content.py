"""Content versions in the database, and the policies that point at them.

Every content file is stored once per distinct digest, so loading the same content
twice creates nothing, and a round keeps the versions it was opened with.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Hashable

from sqlite_utils import Database

from survey.content import defs
from survey.content.files import Content, ContentError, Problem, digest
from survey.i18n import Text
from survey.store.db import NotFound, now, one
from survey.store.register import organisation

NO_VERSION = Text("content.no_version", "Innehållsversion %(id)s finns inte.")
NOT_LOADED = Text("content.policy_not_loaded", "Policyn '%(name)s' är inte inläst. Kör 'survey load' först.")


def store_version(db: Database, kind: str, name: str, digest: str, data: Any) -> tuple[int, bool]:
    """The id of this exact content version, and whether it was new."""
    row = one(db, "select id from content_versions where kind = ? and name = ? and digest = ?",
              [kind, name, digest])
    if row:
        return row["id"], False
    record = {"kind": kind, "name": name, "digest": digest,
              "body": json.dumps(data, ensure_ascii=False), "loaded_at": now()}
    return db["content_versions"].insert(record).last_pk, True


_MADE: dict[tuple, Any] = {}
CACHE_SIZE = 8192  # a few things made per version and unit in use (20 policies × 60 units × 3)


def version_digest(db: Database, version_id: int) -> str:
    """The digest of a stored content version: its identity, for caches."""
    row = one(db, "select digest from content_versions where id = ?", [version_id])
    if row is None:
        raise NotFound(NO_VERSION(id=version_id))
    return row["digest"]


def compiled(db: Database, version_id: int, make: Callable[..., Any], *key: Hashable, digest: str | None = None) -> Any:
    """What `make(body, *key)` makes of a content version (a rule set compiled, a unit's view of a
    questionnaire …), made once per process: the one cache of content, by digest.

    Versions never change, so nothing made of one goes stale; the key is the digest, not the id,
    so a database restored under a running process is read afresh (pass the `digest` when it came
    with the version's id, as `rounds.round_info` gives it). `make` must be a pure function of its
    arguments, and what it makes must not be mutated.
    """
    return _made(db, version_id, digest or version_digest(db, version_id), make, key)


def version_body(db: Database, version_id: int, digest: str | None = None) -> dict:
    """A stored content version as the program reads it, parsed once per process. Do not mutate it."""
    return _made(db, version_id, digest or version_digest(db, version_id), None, ())


def forget() -> None:
    """Forget everything made of content versions, so the next read parses the stored text again."""
    _MADE.clear()


def _made(db: Database, version_id: int, digest: str, make: Callable[..., Any] | None, key: tuple) -> Any:
    found = _MADE.get((digest, make, key), _MADE)
    if found is _MADE:
        if make is None:
            row = one(db, "select kind, body from content_versions where id = ?", [version_id])
            found = _resolved(row["kind"], json.loads(row["body"]))
        else:
            found = make(_made(db, version_id, digest, None, ()), *key)
        if len(_MADE) >= CACHE_SIZE:
            _MADE.clear()
        _MADE[digest, make, key] = found
    return found


def _resolved(kind: str, data: Any) -> Any:
    """Stored content as the program reads it: a questionnaire's shared definitions resolved, as on reading files.
    A stored version passed its checks when it was loaded, so a problem here is a broken database."""
    if kind != "questionnaire":
        return data
    resolved, problems = defs.resolve(data)
    if problems:
        raise ContentError([Problem(f"content_versions/{kind}", pointer, message) for pointer, message in problems])
    return resolved


def load_content(db: Database, content: Content) -> list[dict]:
    """Store every content file as a version (only when changed), point policies at them, and make
    them the current content: the loaded report definitions replace the previous set."""
    report = []
    with db.atomic():
        ids = {}
        for (kind, name), file in sorted(content.files.items()):
            ids[kind, name], created = store_version(db, kind, name, file.digest, file.stored)
            report.append({"kind": kind, "name": name, "version": ids[kind, name], "new": created})
        db.execute("delete from current_content where kind = 'report'")
        db.conn.executemany("insert or replace into current_content (kind, name, version_id) values (?, ?, ?)",
                            [(kind, name, version_id) for (kind, name), version_id in ids.items()])
        for name, questionnaire in content.questionnaires.items():
            meta = questionnaire["x-policy"]
            _point(db, organisation(db, meta["municipality"]), name, meta["title"],
                   ids["questionnaire", name], ids["ruleset", name])
    return report


def current_reports(db: Database) -> dict[str, dict]:
    """The report definitions loaded last, by name (parsed once per version)."""
    rows = db.query("select name, version_id from current_content where kind = 'report' order by name")
    return {row["name"]: version_body(db, row["version_id"]) for row in rows}


def current_library(db: Database) -> dict[str, dict]:
    """The shared-question library loaded last, by key; empty when the content had none."""
    row = one(db, "select version_id from current_content where kind = 'library' and name = 'questions'", [])
    return version_body(db, row["version_id"])["questions"] if row else {}


def _point(db: Database, org_id: int, name: str, title: str, questionnaire_id: int, ruleset_id: int) -> int:
    """Point the organisation's policy at these versions (the policy is made if new); its id."""
    record = {"organisation_id": org_id, "name": name, "title": title, "questionnaire_version_id": questionnaire_id,
              "ruleset_version_id": ruleset_id, "updated_at": now()}
    existing = one(db, "select id from policies where organisation_id = ? and name = ?", [org_id, name])
    if existing:
        db["policies"].update(existing["id"], record)
        return existing["id"]
    return db["policies"].insert(record).last_pk


def publish(db: Database, org_id: int, name: str, questionnaire: dict, ruleset: dict) -> dict:
    """Store a policy edited in the workshop as content versions, as `load_content` would store
    its files, and point the policy at them; rounds opened earlier keep their versions."""
    with db.atomic():
        qid, _new = store_version(db, "questionnaire", name, digest(questionnaire), questionnaire)
        rid, _new = store_version(db, "ruleset", name, digest(ruleset), ruleset)
        policy_id = _point(db, org_id, name, questionnaire["x-policy"]["title"], qid, rid)
    return {"policy_id": policy_id, "questionnaire_version_id": qid, "ruleset_version_id": rid}



def policy_by_name(db: Database, name: str) -> dict:
    row = one(db, "select * from policies where name = ?", [name])
    if row is None:
        raise NotFound(NOT_LOADED(name=name))
    return row


def policies(db: Database) -> list[dict]:
    """Every policy with its organisation's name."""
    return list(db.query("""
        select policies.*, organisations.name as organisation from policies
        join organisations on organisations.id = policies.organisation_id
        order by organisations.name, policies.title"""))
