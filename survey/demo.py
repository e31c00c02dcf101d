"""Demo content: every policy's municipality with realistic units, people, two years of rounds.

Deterministic: the same seed gives the same answers, so screenshots, tests and
benchmarks can rely on it. Answers are generated from the questionnaire itself
(choices, bounds, `examples`), biased by each unit's "maturity" so that units and
years differ plausibly.
"""
from __future__ import annotations

import random
from datetime import date
from typing import Any

from sqlite_utils import Database

from survey.content import choices
from survey.content import questionnaire as q
from survey.content.files import Content
from survey.store import content as store_content
from survey.store import register, responses, rounds

PASSWORD = "demo2026"
ADMIN = ("admin@demo.se", "Ada Administratör")
DOMAINS = {"Olofströms kommun": "olofstrom.demo.se", "Falköpings kommun": "falkoping.demo.se"}
UNITS = {
    "Olofströms kommun": [
        ("Kommunstyrelsen", "kommunstyrelse"),
        ("Barn- och utbildningsnämnden", "nämnd"),
        ("Socialnämnden", "nämnd"),
        ("Miljö- och byggnadsnämnden", "nämnd"),
        ("Kultur- och fritidsnämnden", "nämnd"),
        ("Kommunledningsförvaltningen", "förvaltning"),
        ("Olofströmshus AB", "bolag"),
    ],
    "Falköpings kommun": [
        ("Kommunstyrelsen", "kommunstyrelse"),
        ("Barn- och utbildningsnämnden", "nämnd"),
        ("Socialnämnden", "nämnd"),
        ("Kompetensnämnden", "nämnd"),
        ("Kultur- och fritidsnämnden", "nämnd"),
        ("Tekniska nämnden", "nämnd"),
        ("Kommunledningsförvaltningen", "förvaltning"),
        ("AB Falköpings Hyresbostäder", "bolag"),
    ],
}
MANAGERS = ["Anna Lindqvist", "Johan Berg", "Fatima Hassan", "Lars Nilsson", "Maria Ek",
            "Ahmed Yusuf", "Karin Holm", "Per Sjöberg"]
YEARS = (2025, 2026)


def _scale(rng: random.Random, maturity: float, values: list[str]) -> str:
    if {"ja", "delvis", "nej"} <= set(values):
        roll = rng.random()
        return "ja" if roll < maturity else "delvis" if roll < maturity + (1 - maturity) * 0.6 else "nej"
    return values[0] if rng.random() < maturity else rng.choice(values)


def value_for(schema: dict, rng: random.Random, maturity: float, year: int) -> Any:
    """A plausible answer to one question."""
    if schema.get("examples"):
        return rng.choice(schema["examples"])
    kind = schema["type"]
    if kind != "array" and choices.values(schema):
        return _scale(rng, maturity, choices.values(schema))
    if kind == "boolean":
        return rng.random() < maturity
    if kind in ("integer", "number"):
        low, high = schema["minimum"], schema["maximum"]
        if schema.get("x-unit") == "%":
            value = min(high, max(low, maturity * 100 + rng.uniform(-15, 10)))
        else:
            value = low + (min(high, low + 25) - low) * maturity * rng.uniform(0.3, 1.0)
        return round(value) if kind == "integer" else round(value, 1)
    if kind == "array" and schema["items"].get("type") == "object":
        return _rows_for(schema, rng, maturity, year)
    if kind == "array":
        return _several(schema, rng, maturity)
    if schema.get("format") == "date":
        return date(year - rng.choice((0, 0, 1)), rng.randint(1, 11), rng.randint(1, 28)).isoformat()
    if schema.get("format") == "uri":
        return "https://www.example.se/styrdokument"
    if schema.get("format") == "email":
        return "registrator@example.se"
    return "Se verksamhetsplanen."


def _rows_for(schema: dict, rng: random.Random, maturity: float, year: int) -> list[dict]:
    """1–3 plausible rows of a structured list (more if `minItems` asks): every required field, most others."""
    items = schema["items"]
    required = set(items.get("required", []))
    count = min(schema["maxItems"], max(schema.get("minItems", 0), rng.randint(1, 3)))
    rows = []
    for i in range(count):
        row = {}
        for key, field in items["properties"].items():
            if key in required or rng.random() < 0.6:
                plain_text = field["type"] == "string" and not {"oneOf", "enum", "format", "examples"} & set(field)
                row[key] = f"{field['title']} {i + 1}"[:field.get("maxLength", 200)] if plain_text \
                    else value_for(field, rng, maturity, year)
        rows.append(row)
    return rows


def _several(schema: dict, rng: random.Random, maturity: float) -> list:
    """A plausible multi-choice: some of the ordinary choices, or now and then one exclusive choice alone."""
    offered = choices.values(schema["items"]) or []
    alone = [v for v in choices.exclusive(schema) if v in offered]
    ordinary = [v for v in offered if v not in alone]
    if alone and (not ordinary or rng.random() > maturity + 0.2):
        return [rng.choice(alone)]
    count = max(0, min(len(ordinary), schema["maxItems"], round(len(ordinary) * maturity * rng.uniform(0.5, 1))))
    return sorted(rng.sample(ordinary, count), key=ordinary.index)


def answers_for(questionnaire: dict, unit: dict, rng: random.Random, maturity: float, year: int) -> dict:
    """A complete, valid response for this unit ({"name", "kind", "tags"})."""
    view = q.for_unit(questionnaire, unit)
    answers = {}
    for section_name, section in q.sections(view):
        required = set(section.get("required", [])) | set(q.conditions(view, section_name))
        answers[section_name] = {
            name: value_for(schema, rng, maturity, year)
            for name, schema in section["properties"].items()
            if name in required or rng.random() < 0.7
        }
    return q.without_unasked(view, answers)


def _coordinator(db: Database, org_id: int, org_name: str) -> tuple[str, str, str]:
    """The organisation's coordinator; the login (email, who, role)."""
    email = "samordnare@" + _domain(org_name)
    register.add_user(db, email, f"Samordnare {org_name}", PASSWORD, "coordinator", org_id)
    return email, f"Samordnare {org_name}", "coordinator"


def _domain(org_name: str) -> str:
    return DOMAINS.get(org_name, register.slugify(org_name) + ".demo.se")


# Units for an organisation the demo has no list for: a plausible set of each kind its policy addresses.
DEFAULT_UNITS = {
    "kommunstyrelse": ["Kommunstyrelsen"],
    "nämnd": ["Socialnämnden", "Barn- och utbildningsnämnden", "Tekniska nämnden"],
    "förvaltning": ["Kommunledningsförvaltningen"],
    "bolag": ["Kommunens bostadsbolag AB"],
}
# A unit of a kind an organisation adds itself; a kind not listed here gets an example unit named after it.
OWN_KIND_UNITS = {"stab": "Kommundirektörens stab", "kommunalförbund": "Räddningstjänstförbundet",
                  "avdelning": "Personalavdelningen", "enhet": "Kommunikationsenheten", "råd": "Pensionärsrådet"}


def addressed_kinds(questionnaire: dict, ruleset: dict) -> list[str]:
    """The unit kinds a policy asks anything of, in the policy's order of kinds."""
    kinds = {kind for rule in ruleset["requirements"] for kind in rule["applies_to"]}
    kinds |= {kind for _name, section in q.sections(questionnaire)
              for kind in q.applies_to(questionnaire, section).kinds}
    return [kind for kind in q.policy_kinds(questionnaire) if kind in kinds]


def named_units(questionnaire: dict, ruleset: dict) -> list[str]:
    """The units a policy's sections and requirements name, in the order they are named."""
    names = [name for _name, section in q.sections(questionnaire)
             for name in q.applies_to(questionnaire, section).units]
    names += [name for rule in ruleset["requirements"] for name in q.rule_applies_to(rule).units]
    return list(dict.fromkeys(names))


def units_for(org_name: str, questionnaire: dict, ruleset: dict) -> list[tuple[str, str, list[str]]]:
    """The demo's units (name, kind, tags) for one policy: the organisation's known list and a unit or a few of
    each other kind the policy addresses, a unit for each unit it names, and each of its tags on one unit."""
    units = dict(UNITS.get(org_name, []))
    for kind in addressed_kinds(questionnaire, ruleset):
        if kind not in units.values():
            units |= {name: kind for name in DEFAULT_UNITS.get(kind, [OWN_KIND_UNITS.get(kind, f"Exempelenhet ({kind})")])}
    kinds = q.policy_kinds(questionnaire)
    own = [kind for kind in kinds if kind not in q.UNIT_KINDS]
    named_kind = own[0] if own else "förvaltning" if "förvaltning" in kinds else kinds[0]
    units |= {name: named_kind for name in named_units(questionnaire, ruleset) if name not in units}
    # Each tag on one unit, förvaltningar first, then the others but kommunstyrelsen, in turn.
    carriers = sorted((name for name, kind in units.items() if kind != "kommunstyrelse"),
                      key=lambda name: units[name] != "förvaltning") or list(units)
    tags: dict[str, list[str]] = {}
    for i, tag in enumerate(q.policy_tags(questionnaire)):
        tags.setdefault(carriers[i % len(carriers)], []).append(tag)
    return [(name, kind, tags.get(name, [])) for name, kind in units.items()]


def declare_kinds(db: Database, org_id: int, kinds: tuple[str, ...]) -> None:
    """Give the organisation each of a policy's kinds it does not have yet."""
    present = register.kinds(db, org_id)
    for kind in kinds:
        if kind not in present:
            register.add_kind(db, org_id, kind)


class _Organisation:
    """What the demo made in one organisation: its units, their managers and maturities."""

    def __init__(self, org_id: int, name: str, rng: random.Random):
        self.id, self.name = org_id, name
        self.managers = rng.sample(MANAGERS, len(MANAGERS))
        self.unit_ids: dict[str, int] = {}
        self.manager_of: dict[int, int] = {}
        self.maturity: dict[int, float] = {}

    def add_units(self, db: Database, wanted: list[tuple[str, str, list[str]]], rng: random.Random) -> list[tuple]:
        """The units a policy needs that are missing, each with a manager, and the tags it needs on units
        that exist; the new managers' logins."""
        logins = []
        for name, kind, tags in wanted:
            if name in self.unit_ids:
                had = register.tags(db, self.unit_ids[name])
                if not set(tags) <= set(had):
                    register.set_tags(db, self.unit_ids[name], set(had) | set(tags))
                continue
            unit_id = self.unit_ids[name] = register.add_unit(db, self.id, name, kind, tags=tags)
            email = f"chef.{register.slugify(name)}@{_domain(self.name)}"
            manager = self.managers[(len(self.unit_ids) - 1) % len(self.managers)]
            self.manager_of[unit_id] = register.add_user(db, email, manager, PASSWORD, "manager", self.id)
            register.add_manager(db, self.id, self.manager_of[unit_id], unit_id)
            self.maturity[unit_id] = rng.uniform(0.25, 0.85)
            logins.append((email, f"enhetsansvarig, {name}", "manager"))
        return logins


def populate(db: Database, content: Content, seed: int = 2026) -> list[tuple[str, str, str]]:
    """Fill an empty database with the demo; return the logins (email, who, role).

    Every loaded policy gets, in its organisation, its kinds and the units it addresses (by kind, tag
    or name), a coordinator and a manager per unit, and two years of plausible responses from the
    units that see any of its questions.
    """
    rng = random.Random(seed)
    store_content.load_content(db, content)
    logins = [(ADMIN[0], ADMIN[1], "admin")]
    register.add_user(db, ADMIN[0], ADMIN[1], PASSWORD, "admin")
    organisations: dict[str, _Organisation] = {}
    for name, questionnaire in content.questionnaires.items():
        org_name = questionnaire["x-policy"]["municipality"]
        if org_name not in organisations:
            organisations[org_name] = _Organisation(register.organisation(db, org_name), org_name, rng)
            logins.append(_coordinator(db, organisations[org_name].id, org_name))
        org = organisations[org_name]
        declare_kinds(db, org.id, q.policy_kinds(questionnaire))
        logins += org.add_units(db, units_for(org_name, questionnaire, content.rulesets[name]), rng)
        units = [register.unit(db, unit_id) for unit_id in org.unit_ids.values()]
        answering = [unit for unit in units if q.sections(q.for_unit(questionnaire, unit))]
        policy = store_content.policy_by_name(db, name)
        for year in YEARS:
            round_id = rounds.open_round(db, policy["id"], year, deadline=f"{year}-12-15")
            for position, unit in enumerate(answering):
                unit_id = unit["id"]
                if year == YEARS[-1]:
                    org.maturity[unit_id] = min(0.95, org.maturity[unit_id] + rng.uniform(-0.05, 0.2))
                    if position == len(answering) - 1:
                        continue  # one unit has not started this year
                answers = answers_for(questionnaire, unit, rng, org.maturity[unit_id], year)
                submit = not (year == YEARS[-1] and position % 3 == 2)
                responses.save(db, round_id, unit_id, answers, user_id=org.manager_of[unit_id],
                               base_version=0, submit=submit)
            if year != YEARS[-1]:
                rounds.set_round_status(db, round_id, "closed")
    return logins


def is_populated(db: Database) -> bool:
    return bool(register.users(db))
