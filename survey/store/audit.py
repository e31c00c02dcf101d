"""The audit log: who did what, when, for which organisation; append-only (triggers refuse changes).

Recorded by the web routes and CLI commands that sign people in, open and close rounds,
reopen and rescore responses, change the register, load content and export data.
"""
from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from survey.store.db import now

ACTIONS = frozenset({
    "sign_in", "sign_in_refused", "sign_out", "round_open", "round_close", "response_reopen", "rescore",
    "invitation", "invitation_revoke", "unit_add", "unit_change", "person_add", "person_change",
    "register_import", "response_import", "content_load", "export", "backup", "restore", "kind_add", "kind_remove",
    "token_create", "token_revoke", "api_use",
    "policy_publish",
})
PAGE_SIZE = 100
TEXT_LIMIT = 500  # what someone typed (an address at a refused sign-in) is kept, but bounded


def record(db: Database, action: str, *, actor_id: int | None = None, actor: str | None = None,
           organisation_id: int | None = None, subject: str = "", detail: dict[str, Any] | None = None,
           client: str | None = None) -> None:
    """Append one entry and commit; call it once the action itself has been done."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    db.execute(
        "insert into audit_log (at, action, actor_id, actor, organisation_id, subject, detail, client) "
        "values (?, ?, ?, ?, ?, ?, ?, ?)",
        [now(), action, actor_id, (actor or "")[:TEXT_LIMIT], organisation_id, subject[:TEXT_LIMIT],
         json.dumps(detail, ensure_ascii=False) if detail else None, (client or "")[:100]])
    db.conn.commit()


def entries(db: Database, organisation_id: int | None = None, *, page: int = 1,
            page_size: int = PAGE_SIZE) -> list[dict]:
    """Newest first; one organisation's, or everything when `organisation_id` is None."""
    rows = db.query("""
        select audit_log.*, organisations.name as organisation from audit_log
        left join organisations on organisations.id = audit_log.organisation_id
        where :org is null or audit_log.organisation_id = :org
        order by audit_log.id desc limit :limit offset :offset""",
                    {"org": organisation_id, "limit": page_size, "offset": (max(page, 1) - 1) * page_size})
    return [row | {"detail": json.loads(row["detail"]) if row["detail"] else {}} for row in rows]


def count(db: Database, organisation_id: int | None = None) -> int:
    return db.execute("select count(*) from audit_log where ? is null or organisation_id = ?",
                      [organisation_id, organisation_id]).fetchone()[0]
