"""The organisation register: units and people of one organisation, kept over time.

Nothing is deleted: a deactivated unit keeps its history and past results and is left
out of new rounds; a deactivated user can no longer sign in, and their past saves stay
attributed to them.
"""
from __future__ import annotations

import re
import unicodedata

from sqlite_utils import Database
from werkzeug.security import generate_password_hash

from survey.content.questionnaire import UNIT_KINDS
from survey.i18n import Text
from survey.store.db import NotFound, StorageError, get, now, one

UNKNOWN_KIND = Text("unit.unknown_kind", "Okänd enhetstyp '%(kind)s'; välj en av %(kinds)s.")
UNIT_NAME_MISSING = Text("unit.name_missing", "Ange enhetens namn.")
UNIT_EXISTS = Text("unit.exists", "Enheten '%(name)s' finns redan.")
NO_SUCH_UNIT = Text("unit.not_found", "Enheten '%(name)s' finns inte.")
UNKNOWN_ROLE = Text("user.unknown_role", "Okänd roll '%(role)s'; välj en av %(roles)s.")
PERSON_NAME_MISSING = Text("user.name_missing", "Ange personens namn.")
EMAIL_TAKEN = Text("user.email_taken", "Det finns redan en användare med e-postadressen %(email)s.")
NO_SUCH_USER = Text("user.not_found", "Ingen användare har e-postadressen %(email)s.")
UNIT_GONE = Text("unit.gone", "Enheten finns inte.")
UNIT_LOOP = Text("unit.loop", "En enhet kan inte ligga under sig själv.")
UNIT_NAME_TAKEN = Text("unit.name_taken", "Det finns redan en enhet som heter '%(name)s'.")
PERSON_GONE = Text("user.gone", "Personen finns inte.")
BAD_EMAIL = Text("user.bad_email", "Ogiltig e-postadress: '%(email)s'.")
PERSON_ROLE = Text("user.role", "En person i en kommun är samordnare eller enhetsansvarig.")

ROLES = ("admin", "coordinator", "manager")

EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[a-z]{2,}$", re.IGNORECASE)


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")



def organisation(db: Database, name: str) -> int:
    """The id of the organisation with this name, created if new."""
    slug = slugify(name)
    row = one(db, "select id from organisations where slug = ?", [slug])
    if row:
        return row["id"]
    return db["organisations"].insert({"slug": slug, "name": name}).last_pk


def check_kind(kind: str) -> None:
    if kind not in UNIT_KINDS:
        raise StorageError(UNKNOWN_KIND(kind=kind, kinds=", ".join(UNIT_KINDS)))


def add_unit(db: Database, organisation_id: int, name: str, kind: str, parent_id: int | None = None) -> int:
    check_kind(kind)
    name = name.strip()
    if not name:
        raise StorageError(UNIT_NAME_MISSING())
    if one(db, "select id from units where organisation_id = ? and name = ?", [organisation_id, name]):
        raise StorageError(UNIT_EXISTS(name=name))
    record = {"organisation_id": organisation_id, "name": name, "kind": kind,
              "parent_id": parent_id, "created_at": now()}
    return db["units"].insert(record).last_pk


def unit_by_name(db: Database, organisation_id: int, name: str) -> dict:
    row = one(db, "select * from units where organisation_id = ? and name = ?", [organisation_id, name])
    if row is None:
        raise NotFound(NO_SUCH_UNIT(name=name))
    return row


def add_user(db: Database, email: str, name: str, password: str | None, role: str,
             organisation_id: int | None = None) -> int:
    """A new user; without a password they sign in only through invitation links."""
    if role not in ROLES:
        raise StorageError(UNKNOWN_ROLE(role=role, roles=", ".join(ROLES)))
    if not name.strip():
        raise StorageError(PERSON_NAME_MISSING())
    email = email.strip().lower()
    if one(db, "select id from users where email = ?", [email]):
        raise StorageError(EMAIL_TAKEN(email=email))
    record = {"email": email, "name": name.strip(), "role": role, "organisation_id": organisation_id,
              "password_hash": generate_password_hash(password) if password else None, "created_at": now()}
    return db["users"].insert(record).last_pk


def organisations(db: Database) -> list[dict]:
    return list(db.query("select * from organisations order by name"))


def users(db: Database) -> list[dict]:
    """Every user, in the order they were added."""
    return list(db.query("select * from users order by id"))


def user_by_email(db: Database, email: str) -> dict:
    found = one(db, "select * from users where email = ?", [email.strip().lower()])
    if found is None:
        raise NotFound(NO_SUCH_USER(email=email))
    return found


def active_user(db: Database, user_id: int) -> dict | None:
    return one(db, "select * from users where id = ? and active = 1", [user_id])


def set_user_active(db: Database, user_id: int, active: bool) -> None:
    db["users"].update(user_id, {"active": int(active)})


def kind_order_sql(column: str) -> str:
    """An SQL expression ordering unit kinds as people expect: kommunstyrelse, nämnd, förvaltning, bolag, others."""
    cases = " ".join(f"when '{kind}' then {i}" for i, kind in enumerate(UNIT_KINDS))
    return f"case {column} {cases} else {len(UNIT_KINDS)} end"


ROLE_LABELS = {"admin": "administratör", "coordinator": "samordnare", "manager": "enhetsansvarig"}


def units(db: Database, organisation_id: int, *, active_only: bool = False) -> list[dict]:
    """The organisation's units with their parent's name and their managers, in the natural order."""
    rows = db.query(f"""
        select units.*, parent.name as parent_name,
               (select group_concat(users.name, ', ') from unit_managers um join users on users.id = um.user_id
                where um.unit_id = units.id and users.active = 1) as managers
        from units left join units parent on parent.id = units.parent_id
        where units.organisation_id = ? {"and units.active = 1" if active_only else ""}
        order by units.active desc, {kind_order_sql("units.kind")}, units.name""", [organisation_id])
    return list(rows)


def unit_of(db: Database, organisation_id: int, unit_id: int) -> dict:
    unit = one(db, "select * from units where id = ? and organisation_id = ?", [unit_id, organisation_id])
    if unit is None:
        raise NotFound(UNIT_GONE())
    return unit


def _check_parent(db: Database, organisation_id: int, unit_id: int | None, parent_id: int | None) -> None:
    """A parent is another unit of the same organisation, and not one of the unit's own descendants."""
    seen = set()
    current = parent_id
    while current is not None:
        if current == unit_id or current in seen:
            raise StorageError(UNIT_LOOP())
        seen.add(current)
        current = unit_of(db, organisation_id, current)["parent_id"]


def update_unit(db: Database, organisation_id: int, unit_id: int, *, name: str, kind: str,
                parent_id: int | None) -> None:
    """Rename, re-kind or move a unit."""
    name = name.strip()
    if not name:
        raise StorageError(UNIT_NAME_MISSING())
    check_kind(kind)
    unit_of(db, organisation_id, unit_id)
    _check_parent(db, organisation_id, unit_id, parent_id)
    clash = one(db, "select id from units where organisation_id = ? and name = ? and id != ?",
                [organisation_id, name, unit_id])
    if clash:
        raise StorageError(UNIT_NAME_TAKEN(name=name))
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
        raise NotFound(PERSON_GONE())
    return user


def check_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise StorageError(BAD_EMAIL(email=email))
    return email


def _check_role(role: str) -> None:
    if role not in ("coordinator", "manager"):
        raise StorageError(PERSON_ROLE())


def add_person(db: Database, organisation_id: int, *, email: str, name: str, role: str,
               password: str | None = None) -> int:
    """A new user of the organisation. Without a password they sign in through invitation links."""
    _check_role(role)
    return add_user(db, check_email(email), name, password, role, organisation_id)


def update_person(db: Database, organisation_id: int, user_id: int, *, name: str, role: str) -> None:
    person_of(db, organisation_id, user_id)
    _check_role(role)
    if not name.strip():
        raise StorageError(PERSON_NAME_MISSING())
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


def remove_managers_except(db: Database, organisation_id: int, unit_id: int, emails: set[str]) -> None:
    """Leave a unit with only the managers who have these emails (an import that replaces managers)."""
    unit_of(db, organisation_id, unit_id)
    marks = ", ".join("?" for _ in emails) or "null"
    db.execute(f"""delete from unit_managers where unit_id = ? and user_id not in
                   (select id from users where email in ({marks}))""", [unit_id, *sorted(emails)])


def managers_of(db: Database, unit_id: int) -> list[dict]:
    """The active managers of a unit (who reminders go to)."""
    return list(db.query("""select users.* from unit_managers um join users on users.id = um.user_id
                            where um.unit_id = ? and users.active = 1 order by users.name""", [unit_id]))


def organisation_of(db: Database, organisation_id: int) -> dict:
    return get(db, "organisations", organisation_id)
