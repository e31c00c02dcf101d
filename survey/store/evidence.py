"""Evidence (underlag) attached to an answer: a link, or a file kept by its content hash.

Files live in a folder of their own (the instance's `evidence/`), named by the SHA-256 of
their bytes, so the same file uploaded twice is stored once; the database records who
attached what, when, to which unit's response and question. A file is checked
(survey.uploads.filecheck) before anything is written, so a refused file leaves no trace.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from sqlite_utils import Database

from survey.i18n import Text
from survey.store.db import NotFound, StorageError, now, one
from survey.uploads import filecheck

MAX_URL = 2000
MAX_NAME = 200

BAD_LINK = Text("evidence.bad_link", "Ange en fullständig webbadress som börjar med https:// eller http://.")
LINK_TOO_LONG = Text("evidence.link_too_long", "Webbadressen är för lång (högst %(limit)s tecken).")
EVIDENCE_GONE = Text("evidence.not_found", "Underlaget finns inte.")


def check_link(url: str) -> str:
    """A link as stored: trimmed, http(s) with a host; StorageError otherwise."""
    url = url.strip()
    if len(url) > MAX_URL:
        raise StorageError(LINK_TOO_LONG(limit=MAX_URL))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise StorageError(BAD_LINK())
    return url


def check_file(data: bytes) -> filecheck.FileType:
    """The type of an uploaded file, or StorageError with why it is refused."""
    found = filecheck.identify(data)
    if not isinstance(found, filecheck.FileType):
        raise StorageError(found)
    return found


def _clean_name(filename: str, kind: filecheck.FileType) -> str:
    """The name shown and offered on download: the uploader's, without folders, with the true suffix."""
    stem = Path(filename.replace("\\", "/")).name.rsplit(".", 1)[0]
    stem = "".join(c for c in stem if c.isprintable() and c not in '"/\\')[:MAX_NAME].strip() or "underlag"
    return f"{stem}.{kind.suffix}"


def _write(folder: Path, digest: str, data: bytes) -> None:
    """Store the bytes under their hash, atomically (a reader never sees half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / digest
    if target.exists():
        return
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _who(user_id: int | None, invitation_id: int | None) -> dict:
    return {"uploaded_by": user_id, "invitation_id": invitation_id, "uploaded_at": now()}


def add_file(db: Database, folder: Path, round_id: int, unit_id: int, question: str, filename: str,
             data: bytes, *, user_id: int | None, invitation_id: int | None = None) -> int:
    """Attach a checked file to a unit's answer to a question (a JSON Pointer /section/question)."""
    kind = check_file(data)
    digest = hashlib.sha256(data).hexdigest()
    _write(folder, digest, data)
    try:
        return db["evidence"].insert({
            "round_id": round_id, "unit_id": unit_id, "question": question, "kind": "file", "sha256": digest,
            "filename": _clean_name(filename, kind), "media_type": kind.media_type, "size": len(data),
            **_who(user_id, invitation_id)}).last_pk
    except BaseException:
        if one(db, "select 1 as yes from evidence where sha256 = ?", [digest]) is None:
            (folder / digest).unlink(missing_ok=True)
        raise


def add_link(db: Database, round_id: int, unit_id: int, question: str, url: str, *,
             user_id: int | None, invitation_id: int | None = None) -> int:
    """Attach a link to a unit's answer to a question."""
    return db["evidence"].insert({"round_id": round_id, "unit_id": unit_id, "question": question, "kind": "link",
                                  "url": check_link(url), **_who(user_id, invitation_id)}).last_pk


def item(db: Database, evidence_id: int) -> dict:
    row = one(db, "select * from evidence where id = ?", [evidence_id])
    if row is None:
        raise NotFound(EVIDENCE_GONE())
    return row


def path_of(folder: Path, row: dict) -> Path:
    """Where a file's bytes are kept."""
    return folder / row["sha256"]


def remove(db: Database, folder: Path, evidence_id: int) -> None:
    """Detach evidence; the file goes too when no other answer uses the same bytes."""
    row = item(db, evidence_id)
    db.execute("delete from evidence where id = ?", [evidence_id])
    if row["sha256"] and one(db, "select 1 as yes from evidence where sha256 = ?", [row["sha256"]]) is None:
        path_of(folder, row).unlink(missing_ok=True)


def of_response(db: Database, round_id: int, unit_id: int) -> list[dict]:
    """A unit's evidence in a round, by question, with who attached it."""
    return list(db.query("""
        select evidence.*, users.name as uploaded_by_name from evidence
        left join users on users.id = evidence.uploaded_by
        where round_id = ? and unit_id = ? order by question, evidence.id""", [round_id, unit_id]))


def of_round(db: Database, round_id: int) -> list[dict]:
    """Every unit's evidence in a round: the list the coordinator exports."""
    return list(db.query("""
        select units.name as unit, evidence.*, users.name as uploaded_by_name from evidence
        join units on units.id = evidence.unit_id
        left join users on users.id = evidence.uploaded_by
        where round_id = ? order by units.name, question, evidence.id""", [round_id]))


def of_organisation(db: Database, organisation_id: int) -> list[dict]:
    """Every piece of evidence in the organisation's rounds, with its round's policy and year and its unit;
    in the order attached."""
    return list(db.query("""
        select evidence.*, units.name as unit, policies.name as policy, rounds.year from evidence
        join units on units.id = evidence.unit_id
        join rounds on rounds.id = evidence.round_id join policies on policies.id = rounds.policy_id
        where policies.organisation_id = ? order by evidence.id""", [organisation_id]))
