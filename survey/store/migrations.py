"""Schema changes, each a function applied once, in order, inside a transaction.

Applied migrations are recorded in `_migrations`. A schema change is a new function at
the end of MIGRATIONS, never an edit of an old one and never "drop and recreate".
"""
from __future__ import annotations

from typing import Callable

from sqlite_utils import Database

from survey.store.db import now


def m001_initial(db: Database) -> None:
    db["organisations"].create({"id": int, "slug": str, "name": str}, pk="id", not_null=["slug", "name"])
    db["organisations"].create_index(["slug"], unique=True)
    db["units"].create(
        {"id": int, "organisation_id": int, "name": str, "kind": str, "parent_id": int,
         "active": int, "created_at": str},
        pk="id", not_null=["organisation_id", "name", "kind"], defaults={"active": 1},
        foreign_keys=[("organisation_id", "organisations", "id"), ("parent_id", "units", "id")],
    )
    db["units"].create_index(["organisation_id", "name"], unique=True)
    db["users"].create(
        {"id": int, "email": str, "name": str, "password_hash": str, "role": str,
         "organisation_id": int, "active": int, "created_at": str},
        pk="id", not_null=["email", "name", "role"], defaults={"active": 1},
        foreign_keys=[("organisation_id", "organisations", "id")],
    )
    db["users"].create_index(["email"], unique=True)
    db["unit_managers"].create(
        {"user_id": int, "unit_id": int}, pk=("user_id", "unit_id"),
        foreign_keys=[("user_id", "users", "id"), ("unit_id", "units", "id")],
    )
    db["content_versions"].create(
        {"id": int, "kind": str, "name": str, "digest": str, "body": str, "loaded_at": str},
        pk="id", not_null=["kind", "name", "digest", "body"],
    )
    db["content_versions"].create_index(["kind", "name", "digest"], unique=True)
    db["policies"].create(
        {"id": int, "organisation_id": int, "name": str, "title": str,
         "questionnaire_version_id": int, "ruleset_version_id": int, "updated_at": str},
        pk="id", not_null=["organisation_id", "name", "title"],
        foreign_keys=[("organisation_id", "organisations", "id"),
                      ("questionnaire_version_id", "content_versions", "id"),
                      ("ruleset_version_id", "content_versions", "id")],
    )
    db["policies"].create_index(["organisation_id", "name"], unique=True)
    db["rounds"].create(
        {"id": int, "policy_id": int, "year": int, "title": str, "status": str, "deadline": str,
         "questionnaire_version_id": int, "ruleset_version_id": int, "created_at": str},
        pk="id", not_null=["policy_id", "year", "title", "status"],
        foreign_keys=[("policy_id", "policies", "id"),
                      ("questionnaire_version_id", "content_versions", "id"),
                      ("ruleset_version_id", "content_versions", "id")],
    )
    db["rounds"].create_index(["policy_id", "year"], unique=True)
    db["responses"].create(
        {"id": int, "round_id": int, "unit_id": int, "status": str, "version": int, "answers": str,
         "questionnaire_version_id": int, "created_at": str, "updated_at": str, "updated_by": int,
         "submitted_at": str},
        pk="id", not_null=["round_id", "unit_id", "status", "version", "answers"],
        foreign_keys=[("round_id", "rounds", "id"), ("unit_id", "units", "id"),
                      ("questionnaire_version_id", "content_versions", "id"),
                      ("updated_by", "users", "id")],
    )
    db["responses"].create_index(["round_id", "unit_id"], unique=True)
    db["response_history"].create(
        {"id": int, "response_id": int, "version": int, "status": str, "action": str, "answers": str,
         "note": str, "saved_by": int, "saved_at": str},
        pk="id", not_null=["response_id", "version", "status", "action", "answers", "saved_at"],
        foreign_keys=[("response_id", "responses", "id"), ("saved_by", "users", "id")],
    )
    db["response_history"].create_index(["response_id", "version"])
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER response_history_no_{event.lower()} BEFORE {event} ON response_history "
            "BEGIN SELECT RAISE(ABORT, 'response_history is append-only'); END"
        )
    db["scores"].create(
        {"id": int, "response_id": int, "ruleset_version_id": int, "requirement": str, "level": str,
         "points": float, "max_points": float, "details": str, "scored_at": str},
        pk="id", not_null=["response_id", "ruleset_version_id", "requirement", "level"],
        foreign_keys=[("response_id", "responses", "id"), ("ruleset_version_id", "content_versions", "id")],
    )
    db["scores"].create_index(["response_id", "ruleset_version_id", "requirement"], unique=True)


def m002_invitations_logins_carry_over(db: Database) -> None:
    db["invitations"].create(
        {"id": int, "round_id": int, "unit_id": int, "token_hash": str, "created_by": int,
         "created_at": str, "expires_at": str, "revoked_at": str, "last_used_at": str},
        pk="id", not_null=["round_id", "unit_id", "token_hash", "created_at", "expires_at"],
        foreign_keys=[("round_id", "rounds", "id"), ("unit_id", "units", "id"), ("created_by", "users", "id")],
    )
    db["invitations"].create_index(["token_hash"], unique=True)
    db["login_failures"].create({"id": int, "email": str, "at": str}, pk="id", not_null=["email", "at"])
    db["login_failures"].create_index(["email", "at"])
    # JSON lists of answer pointers: carried over from last year and not yet confirmed or
    # changed; and confirmed unchanged by the manager.
    db["responses"].add_column("carried", str)
    db["responses"].add_column("confirmed", str)
    db["response_history"].add_column("invitation_id", int)


def m003_round_units(db: Database) -> None:
    """The units taking part in a round; rounds opened before this take every active unit."""
    db["round_units"].create(
        {"round_id": int, "unit_id": int}, pk=("round_id", "unit_id"),
        foreign_keys=[("round_id", "rounds", "id"), ("unit_id", "units", "id")],
    )
    db.execute("""
        insert into round_units (round_id, unit_id)
        select rounds.id, units.id from rounds
        join policies on policies.id = rounds.policy_id
        join units on units.organisation_id = policies.organisation_id and units.active = 1""")


def m004_messages(db: Database) -> None:
    """Every email the tool writes: queued until sent; with no SMTP server it is the outbox."""
    db["messages"].create(
        {"id": int, "organisation_id": int, "round_id": int, "unit_id": int, "kind": str, "to_name": str,
         "to_address": str, "subject": str, "body": str, "created_at": str, "sent_at": str, "attempts": int,
         "last_error": str, "created_by": int},
        pk="id", not_null=["organisation_id", "kind", "to_address", "subject", "body", "created_at"],
        defaults={"attempts": 0},
        foreign_keys=[("organisation_id", "organisations", "id"), ("round_id", "rounds", "id"),
                      ("unit_id", "units", "id"), ("created_by", "users", "id")],
    )
    db["messages"].create_index(["round_id", "unit_id", "kind", "created_at"])
    db["messages"].create_index(["sent_at"])


def m005_sign_in_hardening(db: Database) -> None:
    """Failures per client as well as per address, waiting tickets, and sessions ended on the server."""
    db["login_failures"].add_column("client", str)
    db["login_failures"].create_index(["client", "at"])
    db["login_failures"].create_index(["at"])
    db["login_waits"].create({"email": str, "client": str, "not_before": str, "created_at": str},
                             pk=("email", "client"), not_null=["not_before", "created_at"])
    db["sessions"].create(
        {"id": int, "token_hash": str, "user_id": int, "invitation_id": int, "created_at": str, "ended_at": str},
        pk="id", not_null=["token_hash", "created_at"],
        foreign_keys=[("user_id", "users", "id"), ("invitation_id", "invitations", "id")],
    )
    db["sessions"].create_index(["token_hash"], unique=True)


def m006_audit_log(db: Database) -> None:
    """Who did what, when, for which organisation: append-only, like response_history."""
    db["audit_log"].create(
        {"id": int, "at": str, "action": str, "actor_id": int, "actor": str, "organisation_id": int,
         "subject": str, "detail": str, "client": str},
        pk="id", not_null=["at", "action"],
    )
    db["audit_log"].create_index(["organisation_id", "id"])
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )


def m007_current_content(db: Database) -> None:
    """Which version of each content file is current, so a running app serves what was loaded last
    (a report deleted from the content folder is no longer current). Starts from the newest versions."""
    db["current_content"].create(
        {"kind": str, "name": str, "version_id": int}, pk=("kind", "name"), not_null=["version_id"],
        foreign_keys=[("version_id", "content_versions", "id")],
    )
    db.execute("""
        insert into current_content (kind, name, version_id)
        select kind, name, max(id) from content_versions group by kind, name""")


def m008_actions_evidence_feedback(db: Database) -> None:
    """Closing the loop: planned actions per unmet requirement and their yearly follow-up,
    evidence attached to answers, and the coordinator's feedback on a requirement result."""
    db["actions"].create(
        {"id": int, "round_id": int, "unit_id": int, "requirement": str, "what": str, "responsible": str,
         "due": str, "status": str, "comment": str, "created_by": int, "created_at": str,
         "updated_by": int, "updated_at": str},
        pk="id", not_null=["round_id", "unit_id", "requirement", "what", "responsible", "due", "status",
                           "created_at", "updated_at"],
        foreign_keys=[("round_id", "rounds", "id"), ("unit_id", "units", "id"),
                      ("created_by", "users", "id"), ("updated_by", "users", "id")],
    )
    db["actions"].create_index(["round_id", "unit_id", "requirement"])
    # The status of an action as reported in a later round (the next year's follow-up).
    db["action_followups"].create(
        {"action_id": int, "round_id": int, "status": str, "comment": str, "reported_by": int,
         "reported_at": str},
        pk=("action_id", "round_id"), not_null=["status", "reported_at"],
        foreign_keys=[("action_id", "actions", "id"), ("round_id", "rounds", "id"),
                      ("reported_by", "users", "id")],
    )
    db["evidence"].create(
        {"id": int, "round_id": int, "unit_id": int, "question": str, "kind": str, "url": str,
         "sha256": str, "filename": str, "media_type": str, "size": int, "uploaded_by": int,
         "invitation_id": int, "uploaded_at": str},
        pk="id", not_null=["round_id", "unit_id", "question", "kind", "uploaded_at"],
        foreign_keys=[("round_id", "rounds", "id"), ("unit_id", "units", "id"),
                      ("uploaded_by", "users", "id"), ("invitation_id", "invitations", "id")],
    )
    db["evidence"].create_index(["round_id", "unit_id", "question"])
    db["evidence"].create_index(["sha256"])
    db["feedback"].create(
        {"round_id": int, "unit_id": int, "requirement": str, "comment": str, "written_by": int,
         "written_at": str},
        pk=("round_id", "unit_id", "requirement"), not_null=["comment", "written_at"],
        foreign_keys=[("round_id", "rounds", "id"), ("unit_id", "units", "id"),
                      ("written_by", "users", "id")],
    )


def m009_workshop_drafts(db: Database) -> None:
    """Policy workshop drafts: one per organisation and policy, saved with a version check, and their history."""
    db["drafts"].create(
        {"id": int, "organisation_id": int, "name": str, "text": str, "questionnaire": str, "ruleset": str,
         "review": str, "comparison": str, "version": int, "created_by": int, "created_at": str,
         "updated_by": int, "updated_at": str, "published_at": str},
        pk="id", not_null=["organisation_id", "name", "text", "questionnaire", "ruleset", "version"],
        foreign_keys=[("organisation_id", "organisations", "id"), ("created_by", "users", "id"),
                      ("updated_by", "users", "id")],
    )
    db["drafts"].create_index(["organisation_id", "name"], unique=True)
    db["draft_history"].create(
        {"id": int, "draft_id": int, "version": int, "action": str, "questionnaire": str, "ruleset": str,
         "saved_by": int, "saved_at": str},
        pk="id", not_null=["draft_id", "version", "action", "questionnaire", "ruleset", "saved_at"],
        foreign_keys=[("draft_id", "drafts", "id"), ("saved_by", "users", "id")],
    )
    db["draft_history"].create_index(["draft_id", "version"])
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER draft_history_no_{event.lower()} BEFORE {event} ON draft_history "
            "BEGIN SELECT RAISE(ABORT, 'draft_history is append-only'); END"
        )


def m010_unit_kinds_and_tags(db: Database) -> None:
    """Unit kinds are data: each organisation holds its own, starting from the four defaults
    (and keeping any kind its units already have); a unit may carry tags."""
    defaults = ("kommunstyrelse", "nämnd", "förvaltning", "bolag")  # UNIT_KINDS as they were: this never changes
    db["organisation_kinds"].create(
        {"organisation_id": int, "kind": str, "position": int}, pk=("organisation_id", "kind"),
        not_null=["position"], foreign_keys=[("organisation_id", "organisations", "id")],
    )
    db["unit_tags"].create(
        {"unit_id": int, "tag": str}, pk=("unit_id", "tag"), foreign_keys=[("unit_id", "units", "id")],
    )
    db["unit_tags"].create_index(["tag"])
    for position, kind in enumerate(defaults):
        db.execute("insert into organisation_kinds (organisation_id, kind, position) select id, ?, ? from organisations",
                   [kind, position])
    db.execute(f"""
        insert or ignore into organisation_kinds (organisation_id, kind, position)
        select organisation_id, kind, {len(defaults)} + dense_rank() over (partition by organisation_id order by kind)
        from (select distinct organisation_id, kind from units)""")


def m011_session_activity(db: Database) -> None:
    """Sessions expire after a while without requests: their last activity, and an index to forget old ones."""
    db["sessions"].add_column("last_seen_at", str)
    db["sessions"].create_index(["created_at"])


def m013_api_tokens(db: Database) -> None:
    """Read-only API tokens of one organisation each, stored hashed, with a name, an expiry and their last use."""
    db["api_tokens"].create(
        {"id": int, "organisation_id": int, "name": str, "token_hash": str, "hint": str, "created_by": int,
         "created_at": str, "expires_at": str, "revoked_at": str, "revoked_by": int, "last_used_at": str},
        pk="id", not_null=["organisation_id", "name", "token_hash", "hint", "created_at", "expires_at"],
        foreign_keys=[("organisation_id", "organisations", "id"), ("created_by", "users", "id"),
                      ("revoked_by", "users", "id")],
    )
    db["api_tokens"].create_index(["token_hash"], unique=True)
    db["api_tokens"].create_index(["organisation_id"])


def m015_draft_undo(db: Database) -> None:
    """The workshop's undo: a history entry that restores an earlier version names it, so undoing again goes further."""
    db["draft_history"].add_column("undone_to", int)


def m016_yearly_followups(db: Database) -> None:
    """A yearly follow-up: one group of ordinary rounds (one per policy) with one deadline per organisation.

    Existing rounds keep `followup_id` null: they stay single-policy rounds, their answers and scores untouched.
    """
    db["followups"].create(
        {"id": int, "organisation_id": int, "title": str, "year": int, "deadline": str, "per_policy_submit": int,
         "status": str, "created_at": str, "created_by": int},
        pk="id", not_null=["organisation_id", "title", "year", "status"], defaults={"per_policy_submit": 0},
        foreign_keys=[("organisation_id", "organisations", "id"), ("created_by", "users", "id")],
    )
    db["followups"].create_index(["organisation_id", "year"])
    db.execute("alter table rounds add column followup_id integer references followups(id)")  # no table rebuild
    db["rounds"].create_index(["followup_id"])


def m017_user_language(db: Database) -> None:
    """The language a person reads the tool and their e-mail in; everyone so far has read Swedish."""
    db["users"].add_column("language", str, not_null_default="sv")


MIGRATIONS: list[Callable[[Database], None]] = [
    m001_initial, m002_invitations_logins_carry_over, m003_round_units, m004_messages, m005_sign_in_hardening,
    m006_audit_log, m007_current_content, m008_actions_evidence_feedback, m009_workshop_drafts,
    m010_unit_kinds_and_tags,
    m011_session_activity,
    m013_api_tokens,
    m015_draft_undo,
    m016_yearly_followups,
    m017_user_language,
]


def migrate(db: Database) -> list[str]:
    """Apply the migrations not yet applied; return their names."""
    if db.journal_mode != "wal" and not db.memory:
        db.enable_wal()  # kept in the file: every later connection is in WAL mode
    db["_migrations"].create({"name": str, "applied_at": str}, pk="name", if_not_exists=True)
    done = {row["name"] for row in db["_migrations"].rows}
    applied = []
    for migration in MIGRATIONS:
        if migration.__name__ in done:
            continue
        with db.atomic():
            migration(db)
            db["_migrations"].insert({"name": migration.__name__, "applied_at": now()})
        applied.append(migration.__name__)
    return applied
