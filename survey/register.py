"""The organisation register: units and people of one organisation, kept over time.

Nothing is deleted: a deactivated unit keeps its history and past results and is left
out of new rounds; a deactivated user can no longer sign in, and their past saves stay
attributed to them.
"""
from __future__ import annotations

import re

from sqlite_utils import Database

from survey.storage import NotFound, StorageError, add_user, check_kind, get, one

EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[a-z]{2,}$", re.IGNORECASE)
ROLE_LABELS = {"admin": "administratör", "coordinator": "samordnare", "manager": "enhetsansvarig"}


def units(db: Database, organisation_id: int, *, active_only: bool = False) -> list[dict]:
    """The organisation's units with their parent's name and their managers, in the natural order."""
    rows = db.query(f"""
        select units.*, parent.name as parent_name,
               (select group_concat(users.name, ', ') from unit_managers um join users on users.id = um.user_id
                where um.unit_id = units.id and users.active = 1) as managers
        from units left join units parent on parent.id = units.parent_id
        where units.organisation_id = ? {"and units.active = 1" if active_only else ""}
        order by units.active desc, case units.kind when 'kommunstyrelse' then 0 when 'nämnd' then 1
                 when 'förvaltning' then 2 else 3 end, units.name""", [organisation_id])
    return list(rows)


def unit_of(db: Database, organisation_id: int, unit_id: int) -> dict:
    unit = one(db, "select * from units where id = ? and organisation_id = ?", [unit_id, organisation_id])
    if unit is None:
        raise NotFound("Enheten finns inte.")
    return unit


def _check_parent(db: Database, organisation_id: int, unit_id: int | None, parent_id: int | None) -> None:
    """A parent is another unit of the same organisation, and not one of the unit's own descendants."""
    seen = set()
    current = parent_id
    while current is not None:
        if current == unit_id or current in seen:
            raise StorageError("En enhet kan inte ligga under sig själv.")
        seen.add(current)
        current = unit_of(db, organisation_id, current)["parent_id"]


def update_unit(db: Database, organisation_id: int, unit_id: int, *, name: str, kind: str,
                parent_id: int | None) -> None:
    """Rename, re-kind or move a unit."""
    name = name.strip()
    if not name:
        raise StorageError("Ange enhetens namn.")
    check_kind(kind)
    unit_of(db, organisation_id, unit_id)
    _check_parent(db, organisation_id, unit_id, parent_id)
    clash = one(db, "select id from units where organisation_id = ? and name = ? and id != ?",
                [organisation_id, name, unit_id])
    if clash:
        raise StorageError(f"Det finns redan en enhet som heter {name!r}.")
    db["units"].update(unit_id, {"name": name, "kind": kind, "parent_id": parent_id})


def set_unit_active(db: Database, organisation_id: int, unit_id: int, active: bool) -> None:
    unit_of(db, organisation_id, unit_id)
    db["units"].update(unit_id, {"active": int(active)})


def people(db: Database, organisation_id: int) -> list[dict]:
    """The organisation's users with the units they are managers of."""
    return list(db.query("""
        select users.id, users.email, users.name, users.role, users.active, users.created_at,
               (select group_concat(units.name, ', ') from unit_managers um join units on units.id = um.unit_id
                where um.user_id = users.id) as units
        from users where organisation_id = ? order by users.active desc, users.name""", [organisation_id]))


def person_of(db: Database, organisation_id: int, user_id: int) -> dict:
    user = one(db, "select * from users where id = ? and organisation_id = ?", [user_id, organisation_id])
    if user is None:
        raise NotFound("Personen finns inte.")
    return user


def check_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise StorageError(f"Ogiltig e-postadress: {email!r}.")
    return email


def _check_role(role: str) -> None:
    if role not in ("coordinator", "manager"):
        raise StorageError("En person i en kommun är samordnare eller enhetsansvarig.")


def add_person(db: Database, organisation_id: int, *, email: str, name: str, role: str,
               password: str | None = None) -> int:
    """A new user of the organisation. Without a password they sign in through invitation links."""
    _check_role(role)
    return add_user(db, check_email(email), name, password, role, organisation_id)


def update_person(db: Database, organisation_id: int, user_id: int, *, name: str, role: str) -> None:
    person_of(db, organisation_id, user_id)
    _check_role(role)
    if not name.strip():
        raise StorageError("Ange personens namn.")
    db["users"].update(user_id, {"name": name.strip(), "role": role})


def set_person_active(db: Database, organisation_id: int, user_id: int, active: bool) -> None:
    person_of(db, organisation_id, user_id)
    db["users"].update(user_id, {"active": int(active)})


def set_managed_units(db: Database, organisation_id: int, user_id: int, unit_ids: list[int]) -> None:
    """Make the person manager of exactly these units of the organisation."""
    person_of(db, organisation_id, user_id)
    for unit_id in unit_ids:
        unit_of(db, organisation_id, unit_id)
    with db.atomic():
        db.execute("delete from unit_managers where user_id = ?", [user_id])
        db["unit_managers"].insert_all([{"user_id": user_id, "unit_id": u} for u in unit_ids], ignore=True)


def add_manager(db: Database, organisation_id: int, user_id: int, unit_id: int) -> None:
    person_of(db, organisation_id, user_id)
    unit_of(db, organisation_id, unit_id)
    db["unit_managers"].insert({"user_id": user_id, "unit_id": unit_id}, ignore=True)


def managers_of(db: Database, unit_id: int) -> list[dict]:
    """The active managers of a unit (who reminders go to)."""
    return list(db.query("""select users.* from unit_managers um join users on users.id = um.user_id
                            where um.unit_id = ? and users.active = 1 order by users.name""", [unit_id]))


def organisation_of(db: Database, organisation_id: int) -> dict:
    return get(db, "organisations", organisation_id, "Organisationen")
