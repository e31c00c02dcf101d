"""Import of units and their managers from a spreadsheet (CSV or XLSX).

Nothing is written before the coordinator has seen what will happen: `read_table` turns
the file into rows, `plan` compares them with the register, and `apply` plans again from
the same rows (never trusting a stored plan) and writes everything in one transaction, or
nothing. The import only creates, changes and reactivates: units and managers missing from
the file are left as they are, so importing the same file twice changes nothing.

A unit may stand on several rows, one per manager, as long as its kind, parent and tags agree.
The kinds are the organisation's (`register.kinds`); a `taggar` column (comma separated) sets
a unit's tags.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from sqlite_utils import Database

from survey.content.questionnaire import UNIT_KINDS
from survey.store import db as store_db
from survey.store import register
from survey.uploads.sheet import Problem, Row, read_table

__all__ = ["Plan", "Problem", "Row", "apply", "plan", "read_table"]

KIND_SPELLINGS = {  # after register.slugify: case and å/ä/ö do not matter
    "kommunstyrelse": ("kommunstyrelse", "kommunstyrelsen", "ks"),
    "nämnd": ("namnd", "namnden", "namnder", "namnderna"),
    "förvaltning": ("forvaltning", "forvaltningen", "forvaltningar", "forvaltningarna"),
    "bolag": ("bolag", "bolaget", "bolagen", "kommunalt-bolag", "kommunala-bolag"),
}
KINDS = {spelling: kind for kind, spellings in KIND_SPELLINGS.items() for spelling in spellings}
FAILED = "Importen innehåller fel; inget har sparats."


@dataclass
class ManagerStep:
    """A manager row: "create" (new person, made manager), "assign" (existing person made
    manager of the unit) or "unchanged" (already manager)."""
    line: int
    name: str
    email: str
    action: str
    looks_like: list[str] = field(default_factory=list)  # people already registered with the same name


@dataclass
class UnitStep:
    """What the import does to one unit: "create", "change" or "unchanged". `changes` says in
    Swedish what will be written besides creating the unit; `move` means its parent is set
    or changed, `reactivate` that it is deactivated now."""
    line: int
    unit: str
    kind: str
    parent: str | None
    action: str
    tags: list[str] | None = None  # None: the file has no tags column, the unit keeps its tags
    changes: list[str] = field(default_factory=list)
    managers: list[ManagerStep] = field(default_factory=list)
    move: bool = False
    reactivate: bool = False
    others: list[str] = field(default_factory=list)  # managers now, not in the file: kept unless replaced


@dataclass
class Plan:
    """The preview: one step per unit in the file (in file order; rows with a blocking problem
    are left out) and every problem, by line."""
    units: list[UnitStep]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not any(problem.blocking for problem in self.problems)

    @property
    def look_alikes(self) -> list[ManagerStep]:
        """New people whose name someone registered already has, under another email."""
        return [m for step in self.units for m in step.managers if m.looks_like]

    @property
    def counts(self) -> dict[str, int]:
        """Units to create, change and leave alone, and new people."""
        counts = {"create": 0, "change": 0, "unchanged": 0}
        for step in self.units:
            counts[step.action] += 1
        counts["people"] = sum(m.action == "create" for step in self.units for m in step.managers)
        return counts


def kind_of(text: str, kinds: Sequence[str] = UNIT_KINDS) -> str | None:
    """The one of `kinds` (the organisation's) a cell means, whatever its case or, for a default
    kind, its Swedish form ("Nämnder" → nämnd)."""
    name = text.strip().lower()
    if name in kinds:
        return name
    slug = register.slugify(text)
    found = next((kind for kind in kinds if register.slugify(kind) == slug), None) or KINDS.get(slug)
    return found if found in kinds else None


def _choose(kinds: Sequence[str]) -> str:
    return f"välj en av {', '.join(kinds)}."


def _tags(row: Row) -> list[str] | None:
    """The tags a row's cell names, sorted; None when the file has no tags column or the cell has a
    tag that cannot be used (a problem of the row)."""
    try:
        return None if row.tags is None else register.check_tags(row.tags.split(","))
    except store_db.StorageError:
        return None


def _key(name: str) -> str:
    """Unit names and emails match whatever their case."""
    return name.casefold()


@dataclass
class _Entry:
    """A unit as the file defines it: its first row, and one (line, name, email) per manager."""
    line: int
    name: str
    kind: str | None
    parent: str | None
    tags: list[str] | None = None
    managers: list[tuple[int, str, str]] = field(default_factory=list)


def _row_problems(row: Row, entry: _Entry | None, names: dict[str, tuple[int, str]],
                  kinds: Sequence[str]) -> list[str]:
    """What is wrong with a row by itself, or against the earlier rows of the same unit and
    person (`entry`, and the name each email was first given with)."""
    found = []
    if not row.unit:
        found.append("Ange enhetens namn.")
    if not row.kind:
        found.append(f"Ange enhetstyp; {_choose(kinds)}")
    elif kind_of(row.kind, kinds) is None:
        found.append(f"Okänd enhetstyp {row.kind!r}; {_choose(kinds)}")
    if row.tags is not None:
        try:
            register.check_tags(row.tags.split(","))
        except store_db.StorageError as error:
            found.append(str(error))
    email = row.email.lower()
    if email:
        try:
            register.check_email(email)
        except store_db.StorageError as error:
            found.append(str(error))
        if not row.manager:
            found.append(f"Ange ansvarigs namn för {email}.")
        elif email in names and _key(names[email][1]) != _key(row.manager):
            found.append(f"E-postadressen {email} har namnet {names[email][1]!r} på rad {names[email][0]}.")
    elif row.manager:
        found.append(f"Ange e-postadress för {row.manager}.")
    if entry is not None:
        if kind_of(row.kind, kinds) != entry.kind or _key(row.parent or "") != _key(entry.parent or ""):
            found.append(f"Enheten {row.unit!r} finns redan på rad {entry.line} "
                         "med en annan typ eller överordnad enhet.")
        elif None not in (_tags(row), entry.tags) and _tags(row) != entry.tags:
            found.append(f"Enheten {row.unit!r} finns redan på rad {entry.line} med andra taggar.")
        elif not email or email in (managed for _, _, managed in entry.managers):
            found.append(f"Enheten {row.unit!r} finns redan på rad {entry.line}.")
    return found


def _read_entries(rows: Iterable[Row], problems: list[Problem], kinds: Sequence[str]) -> dict[str, _Entry]:
    """The units the rows define, by key; each row's problems are added to `problems` and the row
    adds no manager. A unit whose first row has a problem is kept so references to it hold."""
    entries: dict[str, _Entry] = {}
    names: dict[str, tuple[int, str]] = {}
    for row in rows:
        entry = entries.get(_key(row.unit)) if row.unit else None
        found = _row_problems(row, entry, names, kinds)
        problems.extend(Problem(row.line, message) for message in found)
        if row.unit and entry is None:
            entry = entries[_key(row.unit)] = _Entry(row.line, row.unit, kind_of(row.kind, kinds), row.parent,
                                                     _tags(row))
        email = row.email.lower()
        if email and not found:
            entry.managers.append((row.line, row.manager, email))
            names.setdefault(email, (row.line, row.manager))
    return entries


def _check_parents(entries: dict[str, _Entry], existing: dict[str, dict], problems: list[Problem]) -> None:
    """Every parent named is a unit of the register or of the file, and no unit ends up under itself."""
    parents = {key: _key(unit["parent_name"]) if unit["parent_name"] else None for key, unit in existing.items()}
    for key, entry in entries.items():
        if entry.parent is None:
            continue
        parent = _key(entry.parent) if entry.parent else None
        if parent is not None and parent not in entries and parent not in existing:
            problems.append(Problem(entry.line, f"Den överordnade enheten {entry.parent!r} "
                                                "finns varken i registret eller i filen."))
            parent = None
        parents[key] = parent
    for key, entry in entries.items():
        chain, current = [key], parents.get(key)
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        if current == key:
            path = " → ".join(_display(k, entries, existing) for k in [*chain, key])
            problems.append(Problem(entry.line, f"Enheten {entry.name!r} kan inte ligga under sig själv ({path})."))


def _display(key: str, entries: dict[str, _Entry], existing: dict[str, dict]) -> str:
    """A unit's name as the register spells it, or as the file first does."""
    return existing[key]["name"] if key in existing else entries[key].name


def _check_people(db: Database, organisation_id: int, entries: dict[str, _Entry],
                  problems: list[Problem]) -> tuple[dict[str, dict], set[str]]:
    """The existing users the file names, by email, and the emails that cannot become managers here."""
    first_line: dict[str, int] = {}
    for entry in entries.values():
        for line, _, email in entry.managers:
            first_line[email] = min(line, first_line.get(email, line))
    users, refused = {}, set()
    for email, line in sorted(first_line.items(), key=lambda item: item[1]):
        user = store_db.one(db, "select * from users where email = ?", [email])
        if user is None:
            continue
        if user["role"] != "manager":
            role = register.ROLE_LABELS[user["role"]]
            message = f"E-postadressen {email} tillhör en {role} och kan inte bli enhetsansvarig."
        elif user["organisation_id"] != organisation_id:
            message = f"E-postadressen {email} tillhör en användare i en annan organisation."
        elif not user["active"]:
            message = f"Personen med e-postadressen {email} är inaktiverad; aktivera personen i registret först."
        else:
            users[email] = user
            continue
        problems.append(Problem(line, message))
        refused.add(email)
    return users, refused


def _person_key(name: str) -> str:
    """A name as people are told apart: case, accents' case and spacing do not count."""
    return " ".join(name.casefold().split())


def plan(db: Database, organisation_id: int, rows: Iterable[Row], problems: Iterable[Problem] = ()) -> Plan:
    """What importing the rows would do to the organisation's register, and every problem:
    those of reading the file, passed in, and those found here. A new person who has the
    name of someone registered (or of another new person) is flagged as a look-alike."""
    problems = list(problems)
    entries = _read_entries(rows, problems, register.kinds(db, organisation_id))
    existing = {_key(unit["name"]): unit for unit in register.units(db, organisation_id)}
    _check_parents(entries, existing, problems)
    users, refused = _check_people(db, organisation_id, entries, problems)
    blocked = {problem.line for problem in problems if problem.blocking}
    managed = {(row["unit_id"], row["email"]) for row in db.query(
        """select um.unit_id, users.email from unit_managers um join users on users.id = um.user_id
           join units on units.id = um.unit_id where units.organisation_id = ?""", [organisation_id])}
    people: dict[str, list[str]] = {}
    for person in register.people(db, organisation_id):
        people.setdefault(_person_key(person["name"]), []).append(f"{person['name']} <{person['email']}>")
    current: dict[int, list[tuple[str, str]]] = {}
    for row in db.query("""select um.unit_id, users.name, users.email from unit_managers um
                           join users on users.id = um.user_id join units on units.id = um.unit_id
                           where units.organisation_id = ? order by users.name""", [organisation_id]):
        current.setdefault(row["unit_id"], []).append((row["name"], row["email"]))
    created: set[str] = set()
    steps = []
    for key, entry in entries.items():
        if entry.line in blocked:
            continue
        unit = existing.get(key)
        new_parent = _display(_key(entry.parent), entries, existing) if entry.parent else None
        if unit is None:
            step = UnitStep(entry.line, entry.name, entry.kind, new_parent, "create", tags=entry.tags,
                            move=new_parent is not None)
        else:
            parent = unit["parent_name"] if entry.parent is None else new_parent
            step = UnitStep(entry.line, unit["name"], entry.kind, parent, "unchanged", tags=entry.tags,
                            move=_key(parent or "") != _key(unit["parent_name"] or ""), reactivate=not unit["active"])
            if unit["kind"] != entry.kind:
                step.changes.append(f"typ: {unit['kind']} → {entry.kind}")
            if entry.tags is not None and entry.tags != unit["tags"]:
                step.changes.append(f"taggar: {', '.join(unit['tags']) or '–'} → {', '.join(entry.tags) or '–'}")
            if step.move:
                step.changes.append(f"överordnad: {unit['parent_name'] or '–'} → {parent or '–'}")
            if step.reactivate:
                step.changes.append("återaktiveras")
        for line, name, email in entry.managers:
            if email in refused:
                continue
            if email in users:
                name = users[email]["name"]
                action = "unchanged" if unit and (unit["id"], email) in managed else "assign"
            else:
                action = "assign" if email in created else "create"
                if action == "create":
                    alike = people.setdefault(_person_key(name), [])
                    looks_like = list(alike)
                    alike.append(f"{name} <{email}>")
                else:
                    looks_like = []
                created.add(email)
            step.managers.append(ManagerStep(line, name, email, action,
                                             looks_like if action == "create" else []))
            if action != "unchanged":
                step.changes.append(f"ny ansvarig: {name} ({email})" + (", nytt konto" if action == "create" else ""))
        if unit is not None:
            named = {manager.email for manager in step.managers}
            step.others = [f"{name} <{email}>" for name, email in current.get(unit["id"], []) if email not in named]
        if unit is not None and step.changes:
            step.action = "change"
        steps.append(step)
    return Plan(steps, sorted(problems, key=lambda problem: problem.line))


def apply(db: Database, organisation_id: int, rows: Iterable[Row], *, replace_managers: bool = False) -> Plan:
    """Plan the rows again and carry the plan out in one transaction; the plan carried out.
    Managers are added; with `replace_managers` a unit in the file also loses the managers
    the file does not name. Raises StorageError, writing nothing, when the rows have a
    blocking problem."""
    with db.atomic():
        result = plan(db, organisation_id, rows)
        if not result.ok:
            raise store_db.StorageError(FAILED)
        _write(db, organisation_id, result)
        if replace_managers:
            for step in result.units:
                if step.others:
                    unit = register.unit_by_name(db, organisation_id, step.unit)
                    keep = {manager.email for manager in step.managers}
                    register.remove_managers_except(db, organisation_id, unit["id"], keep)
    return result


def _write(db: Database, organisation_id: int, result: Plan) -> None:
    """Units first, then parents (once every unit exists, moved units detached first so no step
    makes a loop), then new people, then manager assignments."""
    existing = {_key(unit["name"]): unit for unit in register.units(db, organisation_id)}
    ids = {key: unit["id"] for key, unit in existing.items()}
    for step in result.units:
        if step.action == "create":
            ids[_key(step.unit)] = register.add_unit(db, organisation_id, step.unit, step.kind, tags=step.tags or ())
        elif step.action == "change":
            unit = existing[_key(step.unit)]
            if step.reactivate:
                register.set_unit_active(db, organisation_id, unit["id"], True)
            if step.tags is not None and step.tags != unit["tags"]:
                register.set_tags(db, unit["id"], step.tags)
            if step.move or unit["kind"] != step.kind:
                register.update_unit(db, organisation_id, unit["id"], name=unit["name"], kind=step.kind,
                                     parent_id=None if step.move else unit["parent_id"])
    for step in result.units:
        if step.move and step.parent:
            register.update_unit(db, organisation_id, ids[_key(step.unit)], name=step.unit, kind=step.kind,
                                 parent_id=ids[_key(step.parent)])
    people = {}
    for step in result.units:
        for manager in step.managers:
            if manager.action == "create":
                people[manager.email] = register.add_person(db, organisation_id, email=manager.email,
                                                            name=manager.name, role="manager")
    for step in result.units:
        for manager in step.managers:
            if manager.action != "unchanged":
                user_id = people.get(manager.email) or store_db.one(
                    db, "select id from users where email = ?", [manager.email])["id"]
                register.add_manager(db, organisation_id, user_id, ids[_key(step.unit)])
