"""Storage of organisations, units, users, content versions and rounds.

Plain functions over a sqlite-utils Database. Domain errors are small exceptions
here; the web app and the CLI turn them into messages at the edge. Responses,
their history and scores are in `survey.responses`.
"""
from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError
from werkzeug.security import generate_password_hash

from survey.content import Content
from survey.db import now
from survey.questionnaire import UNIT_KINDS

ROLES = ("admin", "coordinator", "manager")


class StorageError(Exception):
    """A request the stored data does not allow; the message is for people (Swedish)."""


class NotFound(StorageError):
    pass


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def one(db: Database, sql: str, params: Any = ()) -> dict | None:
    """The first row of a query as a dict, or None."""
    return next(db.query(sql, params), None)


def get(db: Database, table: str, row_id: int, what: str) -> dict:
    try:
        return db[table].get(row_id)
    except NotFoundError:
        raise NotFound(f"{what} {row_id} finns inte.") from None


def organisation(db: Database, name: str) -> int:
    """The id of the organisation with this name, created if new."""
    slug = slugify(name)
    row = one(db, "select id from organisations where slug = ?", [slug])
    if row:
        return row["id"]
    return db["organisations"].insert({"slug": slug, "name": name}).last_pk


def check_kind(kind: str) -> None:
    if kind not in UNIT_KINDS:
        raise StorageError(f"Okänd enhetstyp {kind!r}; välj en av {', '.join(UNIT_KINDS)}.")


def add_unit(db: Database, organisation_id: int, name: str, kind: str, parent_id: int | None = None) -> int:
    check_kind(kind)
    name = name.strip()
    if not name:
        raise StorageError("Ange enhetens namn.")
    if one(db, "select id from units where organisation_id = ? and name = ?", [organisation_id, name]):
        raise StorageError(f"Enheten {name!r} finns redan.")
    record = {"organisation_id": organisation_id, "name": name, "kind": kind,
              "parent_id": parent_id, "created_at": now()}
    return db["units"].insert(record).last_pk


def unit_by_name(db: Database, organisation_id: int, name: str) -> dict:
    row = one(db, "select * from units where organisation_id = ? and name = ?", [organisation_id, name])
    if row is None:
        raise NotFound(f"Enheten {name!r} finns inte.")
    return row


def add_user(db: Database, email: str, name: str, password: str | None, role: str,
             organisation_id: int | None = None) -> int:
    """A new user; without a password they sign in only through invitation links."""
    if role not in ROLES:
        raise StorageError(f"Okänd roll {role!r}; välj en av {', '.join(ROLES)}.")
    if not name.strip():
        raise StorageError("Ange personens namn.")
    email = email.strip().lower()
    if one(db, "select id from users where email = ?", [email]):
        raise StorageError(f"Det finns redan en användare med e-postadressen {email}.")
    record = {"email": email, "name": name.strip(), "role": role, "organisation_id": organisation_id,
              "password_hash": generate_password_hash(password) if password else None, "created_at": now()}
    return db["users"].insert(record).last_pk


def assign_manager(db: Database, user_id: int, unit_id: int) -> None:
    db["unit_managers"].insert({"user_id": user_id, "unit_id": unit_id}, ignore=True)


def store_version(db: Database, kind: str, name: str, digest: str, data: Any) -> tuple[int, bool]:
    """The id of this exact content version, and whether it was new."""
    row = one(db, "select id from content_versions where kind = ? and name = ? and digest = ?",
              [kind, name, digest])
    if row:
        return row["id"], False
    record = {"kind": kind, "name": name, "digest": digest,
              "body": json.dumps(data, ensure_ascii=False), "loaded_at": now()}
    return db["content_versions"].insert(record).last_pk, True


_PARSED: dict[str, dict] = {}


def version_digest(db: Database, version_id: int) -> str:
    """The digest of a stored content version: its identity, for caches."""
    row = one(db, "select digest from content_versions where id = ?", [version_id])
    if row is None:
        raise NotFound(f"Innehållsversion {version_id} finns inte.")
    return row["digest"]


def version_body(db: Database, version_id: int) -> dict:
    """A stored content version, parsed once per process (versions never change). Do not mutate it."""
    digest = version_digest(db, version_id)
    parsed = _PARSED.get(digest)
    if parsed is None:
        if len(_PARSED) > 64:
            _PARSED.clear()
        body = one(db, "select body from content_versions where id = ?", [version_id])["body"]
        parsed = _PARSED[digest] = json.loads(body)
    return parsed


def load_content(db: Database, content: Content) -> list[dict]:
    """Store every content file as a version (only when changed), point policies at them, and make
    them the current content: the loaded report definitions replace the previous set."""
    report = []
    with db.atomic():
        ids = {}
        for (kind, name), file in sorted(content.files.items()):
            ids[kind, name], created = store_version(db, kind, name, file.digest, file.data)
            report.append({"kind": kind, "name": name, "version": ids[kind, name], "new": created})
        db.execute("delete from current_content where kind = 'report'")
        db.conn.executemany("insert or replace into current_content (kind, name, version_id) values (?, ?, ?)",
                       [(kind, name, version_id) for (kind, name), version_id in ids.items()])
        for name, questionnaire in content.questionnaires.items():
            meta = questionnaire["x-policy"]
            org_id = organisation(db, meta["municipality"])
            record = {"organisation_id": org_id, "name": name, "title": meta["title"],
                      "questionnaire_version_id": ids["questionnaire", name],
                      "ruleset_version_id": ids["ruleset", name], "updated_at": now()}
            existing = one(db, "select id from policies where organisation_id = ? and name = ?", [org_id, name])
            if existing:
                db["policies"].update(existing["id"], record)
            else:
                db["policies"].insert(record)
    return report


def current_reports(db: Database) -> dict[str, dict]:
    """The report definitions loaded last, by name (parsed once per version)."""
    rows = db.query("select name, version_id from current_content where kind = 'report' order by name")
    return {row["name"]: version_body(db, row["version_id"]) for row in rows}


def policy_by_name(db: Database, name: str) -> dict:
    row = one(db, "select * from policies where name = ?", [name])
    if row is None:
        raise NotFound(f"Policyn {name!r} är inte inläst. Kör 'survey load' först.")
    return row


def open_round(db: Database, policy_id: int, year: int, *, deadline: str | None = None,
               title: str | None = None, unit_kinds: list[str] | None = None) -> int:
    """Open the yearly round of a policy, on its current content versions, for the active
    units of the chosen kinds (default: every kind)."""
    policy = get(db, "policies", policy_id, "Policyn")
    if one(db, "select id from rounds where policy_id = ? and year = ?", [policy_id, year]):
        raise StorageError(f"Det finns redan en omgång {year} för {policy['title']}.")
    kinds = list(unit_kinds or UNIT_KINDS)
    unknown = set(kinds) - set(UNIT_KINDS)
    if unknown:
        raise StorageError(f"Okänd enhetstyp: {', '.join(sorted(unknown))}.")
    record = {"policy_id": policy_id, "year": year, "title": title or f"Självskattning {year}",
              "status": "open", "deadline": deadline,
              "questionnaire_version_id": policy["questionnaire_version_id"],
              "ruleset_version_id": policy["ruleset_version_id"], "created_at": now()}
    with db.atomic():
        round_id = db["rounds"].insert(record).last_pk
        marks = ", ".join("?" for _ in kinds)
        db.execute(f"""insert into round_units (round_id, unit_id) select ?, id from units
                       where organisation_id = ? and active = 1 and kind in ({marks})""",
                   [round_id, policy["organisation_id"], *kinds])
    return round_id


def set_round_status(db: Database, round_id: int, status: str) -> None:
    if status not in ("open", "closed"):
        raise StorageError(f"Okänd status {status!r}.")
    get(db, "rounds", round_id, "Omgången")
    db["rounds"].update(round_id, {"status": status})


def in_round(db: Database, round_id: int, unit_id: int) -> bool:
    return one(db, "select 1 as yes from round_units where round_id = ? and unit_id = ?", [round_id, unit_id]) is not None


def round_by_year(db: Database, policy_id: int, year: int) -> dict:
    row = one(db, "select * from rounds where policy_id = ? and year = ?", [policy_id, year])
    if row is None:
        raise NotFound(f"Det finns ingen omgång {year} för policyn.")
    return row


def round_info(db: Database, round_id: int) -> dict:
    """A round with its policy, organisation and content."""
    row = one(db, """
        select rounds.*, policies.name as policy, policies.title as policy_title,
               policies.organisation_id, organisations.name as organisation
        from rounds join policies on policies.id = rounds.policy_id
        join organisations on organisations.id = policies.organisation_id
        where rounds.id = ?""", [round_id])
    if row is None:
        raise NotFound(f"Omgången {round_id} finns inte.")
    return row
