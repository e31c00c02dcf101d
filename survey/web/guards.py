"""Who may reach which object: one guard per kind of object, each returning the object or answering 404.

A 404, never a 403: a person who may not see an object is not told that it exists. An object
the store does not have (`store.db.NotFound`) is a 404 too, answered by the app's error handler.
"""
from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from survey.store import drafts, register, responses, rounds, yearly
from survey.web.db import get_db


def round_and_unit(round_id: int, unit_id: int, *,
                   answer: bool) -> tuple[dict, dict, dict | None, dict | None]:
    """My unit's response: the round and unit if the current account may see (or answer) them, with the unit's
    response in the round and last year's (read in the same statement, `responses.for_page`)."""
    round_, unit, response, previous = responses.for_page(get_db(), round_id, unit_id)
    if unit["organisation_id"] != round_["organisation_id"] or not round_["unit_in_round"]:
        abort(404)
    allowed = current_user.can_answer(unit, round_id) if answer else current_user.can_see(unit, round_id)
    if not allowed:
        abort(404)
    return round_, unit, response, previous


def followup_and_unit(followup_id: int, unit_id: int, *, answer: bool) -> tuple[dict, dict, list[dict]]:
    """My unit's yearly follow-up: the follow-up, the unit (with its tags) and the rounds it takes part in,
    if the current account may see (or answer) at least one of them."""
    db = get_db()
    found = yearly.followup(db, followup_id)
    unit = register.unit(db, unit_id)
    taking_part = yearly.unit_rounds(db, followup_id, unit_id) if unit["organisation_id"] == found["organisation_id"] \
        else []
    allowed = current_user.can_answer if answer else current_user.can_see
    if not any(allowed(unit, round_["id"]) for round_ in taking_part):
        abort(404)
    return found, unit, taking_part


def coordinated_followup(followup_id: int) -> dict:
    """A yearly follow-up of my organisation (or any, for an administrator)."""
    coordinator()
    found = yearly.followup(get_db(), followup_id)
    if not current_user.can_coordinate(found["organisation_id"]):
        abort(404)
    return found


def coordinated_round(round_id: int) -> dict:
    """A round of my organisation (or any, for an administrator)."""
    round_ = rounds.round_info(get_db(), round_id)
    if not current_user.can_coordinate(round_["organisation_id"]):
        abort(404)
    return round_


def organisation_unit(round_: dict, unit_id: int) -> dict:
    """A unit of the round's organisation."""
    return register.unit_of(get_db(), round_["organisation_id"], unit_id)


def coordinated_unit(round_: dict, unit_id: int) -> dict:
    """A unit of the round's organisation that takes part in the round."""
    unit = organisation_unit(round_, unit_id)
    if not rounds.in_round(get_db(), round_["id"], unit_id):
        abort(404)
    return unit


def coordinator() -> None:
    """Coordinators' and administrators' pages: no one else's."""
    if current_user.role not in ("admin", "coordinator"):
        abort(404)


def coordinated_draft(draft_id: int) -> dict:
    """A workshop draft of my organisation."""
    coordinator()
    found = drafts.draft(get_db(), draft_id)
    if not current_user.can_coordinate(found["organisation_id"]):
        abort(404)
    return found


def managed_organisation() -> int:
    """The organisation whose register is managed: the coordinator's own; an administrator picks one (`?org=`)."""
    if current_user.role == "coordinator":
        return current_user.organisation_id
    if current_user.role != "admin":
        abort(404)
    wanted = request.values.get("org", type=int)
    rows = [row["id"] for row in register.organisations(get_db())]
    if not rows:
        abort(404)
    return wanted if wanted in rows else rows[0]


def part_of(row: dict, round_id: int, unit_id: int | None = None) -> dict:
    """A row that belongs to this round (and unit): an action, an evidence item, an invitation."""
    if row["round_id"] != round_id or (unit_id is not None and row["unit_id"] != unit_id):
        abort(404)
    return row
