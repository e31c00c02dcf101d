"""Evidence posted with a section page: read and checked before anything is saved, stored after.

A question with `"x-evidence": true` gets a file field and a link field in the section's
own form, so a refused file comes back with a Swedish message beside everything else
the respondent typed, and nothing of it (no file, no row) is kept.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from flask import current_app, request
from flask_login import current_user
from sqlite_utils import Database

from survey.content.derive.read import MAX_BYTES as MAX_DOCUMENT
from survey.content.pointer import pointer_of
from survey.store import db as store_db
from survey.store import evidence
from survey.uploads import filecheck
from survey.web.presentation import text

FILE = "e-file-"
LINK = "e-link-"
ERROR_PREFIX = "e:"
# The pages that take files, and how large a post to each may be (other forms keep MAX_CONTENT_LENGTH):
# a file at its largest and the rest of the form.
UPLOAD_LIMITS = {"respond.section": filecheck.MAX_BYTES + 1024 * 1024,
                 "yearly.shared": filecheck.MAX_BYTES + 1024 * 1024,
                 "workshop.upload": MAX_DOCUMENT + 64 * 1024, "workshop.revise_policy": MAX_DOCUMENT + 64 * 1024}


class Posted(NamedTuple):
    question: str
    kind: str  # "file" or "link"
    value: str | bytes
    filename: str


def folder() -> Path:
    """Where evidence files are kept: the setting EVIDENCE_DIR (`survey.settings`), as for backup and restore."""
    return Path(current_app.config["EVIDENCE_DIR"])


def allow_uploads() -> None:
    """Before the CSRF check reads the form: a page that takes files may post more than other forms, as
    multipart only, whose text parts keep the usual limit (MAX_FORM_MEMORY_SIZE)."""
    limit = UPLOAD_LIMITS.get(request.endpoint or "")
    if limit and request.method == "POST" and request.mimetype == "multipart/form-data":
        request.max_content_length = limit


def posted(section: dict) -> tuple[list[Posted], dict[str, str]]:
    """The files and links posted for the section's evidence questions, and what is refused, by question."""
    found: list[Posted] = []
    errors: dict[str, str] = {}
    for name, schema in section["properties"].items():
        if not schema.get("x-evidence"):
            continue
        upload = request.files.get(FILE + name)
        if upload is not None and upload.filename:
            data = upload.stream.read(filecheck.MAX_BYTES + 1)
            try:
                evidence.check_file(data)
            except store_db.StorageError as refused:
                errors[ERROR_PREFIX + name] = text(refused.msg)
            else:
                found.append(Posted(name, "file", data, upload.filename))
        link = request.form.get(LINK + name, "").strip()
        if link:
            try:
                found.append(Posted(name, "link", evidence.check_link(link), ""))
            except store_db.StorageError as refused:
                errors.setdefault(ERROR_PREFIX + name, text(refused.msg))
    return found, errors


def store(db: Database, round_id: int, unit_id: int, section: str, items: list[Posted]) -> None:
    """Attach checked files and links to the unit's answers."""
    who = {"user_id": current_user.user_id, "invitation_id": current_user.invitation_id}
    for item in items:
        question = pointer_of(section, item.question)
        if item.kind == "file":
            evidence.add_file(db, folder(), round_id, unit_id, question, item.filename, item.value, **who)
        else:
            evidence.add_link(db, round_id, unit_id, question, item.value, **who)
