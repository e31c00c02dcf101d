"""The organisation register: units and people of one organisation, kept over time.

Nothing is deleted: a deactivated unit keeps its history and past results and is left
out of new rounds; a deactivated user can no longer sign in, and their past saves stay
attributed to them.
"""
from __future__ import annotations

import json
import re
import unicodedata
from typing import Iterable

from sqlite_utils import Database

from survey.content.questionnaire import UNIT_KINDS
from survey.i18n import DEFAULT_LOCALE, Text
from survey.store.accounts import check_language, hash_password
from survey.store.db import NOT_FOUND, THINGS, NotFound, StorageError, get, now, one, rows

UNKNOWN_KIND = Text("unit.unknown_kind", "Okänd enhetstyp '%(kind)s'; välj en av %(kinds)s.")
BAD_KIND = Text("kind.bad_name", "Enhetstypen '%(name)s' går inte att använda: skriv ett ord med små bokstäver "
                "(a–ö, siffror, - eller _) som börjar med en bokstav, högst %(max)s tecken, till exempel stab.")
KIND_EXISTS = Text("kind.exists", "Enhetstypen '%(kind)s' finns redan.")
KIND_IN_USE = Text("kind.in_use", "Enhetstypen '%(kind)s' kan inte tas bort eftersom enheter har den: %(units)s. "
                   "Byt typ på dem först.")
LAST_KIND = Text("kind.last", "Enhetstypen '%(kind)s' kan inte tas bort: kommunen behöver minst en enhetstyp.")
TOO_MANY_KINDS = Text("kind.too_many", "En kommun kan ha högst %(max)s enhetstyper.")
BAD_TAG = Text("unit.bad_tag", "Taggen '%(name)s' går inte att använda: skriv ett ord med små bokstäver "
               "(a–ö, siffror, - eller _) som börjar med en bokstav, högst %(max)s tecken, "
               "till exempel informatörer.")
TOO_MANY_TAGS = Text("unit.too_many_tags", "En enhet kan ha högst %(max)s taggar.")
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
# The names of kinds and tags: lower-case Swedish words, as content refers to them.
NAME = re.compile(r"^[a-zåäö][a-zåäö0-9_-]*$")
MAX_NAME = 40
MAX_KINDS = 50
MAX_TAGS = 20


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")



def organisation(db: Database, name: str) -> int:
    """The id of the organisation with this name, created if new (with the default unit kinds)."""
    slug = slugify(name)
    row = one(db, "select id from organisations where slug = ?", [slug])
    if row:
        return row["id"]
    with db.atomic():
        organisation_id = db["organisations"].insert({"slug": slug, "name": name}).last_pk
        db["organisation_kinds"].insert_all({"organisation_id": organisation_id, "kind": kind, "position": position}
                                            for position, kind in enumerate(UNIT_KINDS))
    return organisation_id


def kinds(db: Database, organisation_id: int) -> list[str]:
    """The organisation's unit kinds, in the order people expect them (the defaults first, then its own)."""
    return [row["kind"] for row in db.query(
        "select kind from organisation_kinds where organisation_id = ? order by position, kind", [organisation_id])]


def _name(text: str, bad: Text) -> str:
    """A kind or tag as stored: trimmed and lower-case; refused (with `bad`) unless a plain word."""
    name = text.strip().lower()
    if len(name) > MAX_NAME or not NAME.match(name):
        raise StorageError(bad(name=text.strip(), max=MAX_NAME))
    return name


def add_kind(db: Database, organisation_id: int, kind: str) -> str:
    """Give the organisation a unit kind of its own, after the others; returns the name as stored."""
    kind = _name(kind, BAD_KIND)
    present = kinds(db, organisation_id)
    if kind in present:
        raise StorageError(KIND_EXISTS(kind=kind))
    if len(present) >= MAX_KINDS:
        raise StorageError(TOO_MANY_KINDS(max=MAX_KINDS))
    position = one(db, "select coalesce(max(position), -1) + 1 as next from organisation_kinds "
                       "where organisation_id = ?", [organisation_id])["next"]
    db["organisation_kinds"].insert({"organisation_id": organisation_id, "kind": kind, "position": position})
    return kind


def remove_kind(db: Database, organisation_id: int, kind: str) -> str:
    """Take a kind away from the organisation; refused while any unit (active or not) has it.
    Returns the name as it was stored."""
    kind = check_kind(db, organisation_id, kind)
    holders = [row["name"] for row in db.query(
        "select name from units where organisation_id = ? and kind = ? order by name", [organisation_id, kind])]
    if holders:
        raise StorageError(KIND_IN_USE(kind=kind, units=", ".join(holders)))
    if len(kinds(db, organisation_id)) == 1:
        raise StorageError(LAST_KIND(kind=kind))
    db.execute("delete from organisation_kinds where organisation_id = ? and kind = ?", [organisation_id, kind])
    return kind


def check_kind(db: Database, organisation_id: int, kind: str) -> str:
    """The kind as stored, if it is one of the organisation's; otherwise an error listing them."""
    present = kinds(db, organisation_id)
    name = kind.strip().lower()
    if name not in present:
        raise StorageError(UNKNOWN_KIND(kind=kind, kinds=", ".join(present)))
    return name


def check_tags(tags: Iterable[str]) -> list[str]:
    """Tags as stored: each a plain lower-case word, without repeats, sorted."""
    found = sorted({_name(tag, BAD_TAG) for tag in tags if tag.strip()})
    if len(found) > MAX_TAGS:
        raise StorageError(TOO_MANY_TAGS(max=MAX_TAGS))
    return found


def tags(db: Database, unit_id: int) -> list[str]:
    """The unit's tags, sorted."""
    return [row["tag"] for row in rows(db, "select tag from unit_tags where unit_id = ? order by tag", [unit_id])]


def tags_held(db: Database, organisation_id: int) -> set[str]:
    """The tags the organisation's active units hold: a policy's questions for any other tag reach no one."""
    return {row["tag"] for row in rows(db, "select distinct tag from unit_tags join units on units.id = unit_tags.unit_id "
                                           "where units.organisation_id = ? and units.active = 1", [organisation_id])}


def set_tags(db: Database, unit_id: int, tags: Iterable[str]) -> list[str]:
    """Give the unit exactly these tags; returns them as stored."""
    found = check_tags(tags)
    with db.atomic():
        db.execute("delete from unit_tags where unit_id = ?", [unit_id])
        db["unit_tags"].insert_all([{"unit_id": unit_id, "tag": tag} for tag in found])
    return found


def with_tags(db: Database, rows: Iterable[dict], key: str = "id") -> list[dict]:
    """Unit rows (the unit's id under `key`) with their sorted `tags`, read in one query."""
    rows = list(rows)
    ids = sorted({row[key] for row in rows})
    found: dict[int, list[str]] = {unit_id: [] for unit_id in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in db.query(f"select unit_id, tag from unit_tags where unit_id in ({marks}) order by tag", chunk):
            found[row["unit_id"]].append(row["tag"])
    return [row | {"tags": found[row[key]]} for row in rows]


# A unit with its tags, in one statement: the JSON array is sorted as it is read (`tagged`).
UNIT_WITH_TAGS = ("select units.*, (select json_group_array(tag) from unit_tags where unit_id = units.id) as tags "
                  "from units")


def tagged(row: dict) -> dict:
    """A unit row read with its tags as a JSON array (`UNIT_WITH_TAGS`), the tags as a sorted list."""
    return row | {"tags": sorted(json.loads(row["tags"]))}


def unit(db: Database, unit_id: int) -> dict:
    """A unit by its id, with its tags: the unit as content and scoring see it."""
    found = one(db, UNIT_WITH_TAGS + " where units.id = ?", [unit_id])
    if found is None:
        raise NotFound(NOT_FOUND(what=THINGS["units"](), id=unit_id))
    return tagged(found)


def add_unit(db: Database, organisation_id: int, name: str, kind: str, parent_id: int | None = None,
             tags: Iterable[str] = ()) -> int:
    kind = check_kind(db, organisation_id, kind)
    tags = check_tags(tags)
    name = name.strip()
    if not name:
        raise StorageError(UNIT_NAME_MISSING())
    if one(db, "select id from units where organisation_id = ? and name = ?", [organisation_id, name]):
        raise StorageError(UNIT_EXISTS(name=name))
    record = {"organisation_id": organisation_id, "name": name, "kind": kind,
              "parent_id": parent_id, "created_at": now()}
    with db.atomic():
        unit_id = db["units"].insert(record).last_pk
        set_tags(db, unit_id, tags)
    return unit_id


def unit_by_name(db: Database, organisation_id: int, name: str) -> dict:
    row = one(db, "select * from units where organisation_id = ? and name = ?", [organisation_id, name])
    if row is None:
        raise NotFound(NO_SUCH_UNIT(name=name))
    return row | {"tags": tags(db, row["id"])}


def add_user(db: Database, email: str, name: str, password: str | None, role: str,
             organisation_id: int | None = None, *, language: str = DEFAULT_LOCALE) -> int:
    """A new user; without a password they sign in only through invitation links."""
    check_language(language)
    if role not in ROLES:
        raise StorageError(UNKNOWN_ROLE(role=role, roles=", ".join(ROLES)))
    if not name.strip():
        raise StorageError(PERSON_NAME_MISSING())
    email = email.strip().lower()
    if one(db, "select id from users where email = ?", [email]):
        raise StorageError(EMAIL_TAKEN(email=email))
    record = {"email": email, "name": name.strip(), "role": role, "organisation_id": organisation_id,
              "password_hash": hash_password(password) if password else None, "created_at": now(),
              "language": language}
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


def set_user_active(db: Database, user_id: int, active: bool) -> None:
    db["users"].update(user_id, {"active": int(active)})


def kind_order_sql(column: str, organisation_column: str = "units.organisation_id") -> str:
    """An SQL expression ordering unit kinds by their place in the organisation's kinds
    (a kind the organisation no longer has comes last)."""
    return (f"coalesce((select ok.position from organisation_kinds ok where ok.organisation_id = {organisation_column}"
            f" and ok.kind = {column}), {MAX_KINDS * 1000})")


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
    return with_tags(db, rows)


def unit_of(db: Database, organisation_id: int, unit_id: int) -> dict:
    """A unit of this organisation, with its tags; NotFound for any other."""
    found = one(db, UNIT_WITH_TAGS + " where units.id = ? and units.organisation_id = ?", [unit_id, organisation_id])
    if found is None:
        raise NotFound(UNIT_GONE())
    return tagged(found)


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
                parent_id: int | None, tags: Iterable[str] | None = None) -> None:
    """Rename, re-kind, move or re-tag a unit (`tags` None: the tags stay as they are)."""
    name = name.strip()
    if not name:
        raise StorageError(UNIT_NAME_MISSING())
    kind = check_kind(db, organisation_id, kind)
    tags = None if tags is None else check_tags(tags)
    unit_of(db, organisation_id, unit_id)
    _check_parent(db, organisation_id, unit_id, parent_id)
    clash = one(db, "select id from units where organisation_id = ? and name = ? and id != ?",
                [organisation_id, name, unit_id])
    if clash:
        raise StorageError(UNIT_NAME_TAKEN(name=name))
    with db.atomic():
        db["units"].update(unit_id, {"name": name, "kind": kind, "parent_id": parent_id})
        if tags is not None:
            set_tags(db, unit_id, tags)


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
               password: str | None = None, language: str = DEFAULT_LOCALE) -> int:
    """A new user of the organisation. Without a password they sign in through invitation links."""
    _check_role(role)
    return add_user(db, check_email(email), name, password, role, organisation_id, language=language)


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
