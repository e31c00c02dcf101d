"""Demo content: both municipalities with realistic units, people, two years of rounds.

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
    if kind == "array":
        return _several(schema, rng, maturity)
    if schema.get("format") == "date":
        return date(year - rng.choice((0, 0, 1)), rng.randint(1, 11), rng.randint(1, 28)).isoformat()
    if schema.get("format") == "uri":
        return "https://www.example.se/styrdokument"
    if schema.get("format") == "email":
        return "registrator@example.se"
    return "Se verksamhetsplanen."


def _several(schema: dict, rng: random.Random, maturity: float) -> list:
    """A plausible multi-choice: some of the ordinary choices, or now and then one exclusive choice alone."""
    offered = choices.values(schema["items"]) or []
    alone = [v for v in choices.exclusive(schema) if v in offered]
    ordinary = [v for v in offered if v not in alone]
    if alone and (not ordinary or rng.random() > maturity + 0.2):
        return [rng.choice(alone)]
    count = max(0, min(len(ordinary), schema["maxItems"], round(len(ordinary) * maturity * rng.uniform(0.5, 1))))
    return sorted(rng.sample(ordinary, count), key=ordinary.index)


def answers_for(questionnaire: dict, kind: str, rng: random.Random, maturity: float, year: int) -> dict:
    """A complete, valid response for a unit of this kind."""
    view = q.for_unit_kind(questionnaire, kind)
    answers = {}
    for section_name, section in q.sections(view):
        required = set(section.get("required", [])) | set(q.conditions(section))
        answers[section_name] = {
            name: value_for(schema, rng, maturity, year)
            for name, schema in section["properties"].items()
            if name in required or rng.random() < 0.7
        }
    return q.without_unasked(view, answers)


def _people(db: Database, org_id: int, org_name: str, unit_ids: dict[str, int],
            rng: random.Random) -> tuple[list[tuple], dict[int, int]]:
    """A coordinator and one manager per unit; the logins and each unit's manager."""
    domain = DOMAINS.get(org_name, register.slugify(org_name) + ".demo.se")
    logins = [("samordnare@" + domain, f"Samordnare {org_name}", "coordinator")]
    register.add_user(db, logins[0][0], logins[0][1], PASSWORD, "coordinator", org_id)
    names = rng.sample(MANAGERS, len(MANAGERS))
    manager_of = {}
    for i, (unit, unit_id) in enumerate(unit_ids.items()):
        email = f"chef.{register.slugify(unit)}@{domain}"
        user_id = register.add_user(db, email, names[i % len(names)], PASSWORD, "manager", org_id)
        register.add_manager(db, org_id, user_id, unit_id)
        manager_of[unit_id] = user_id
        logins.append((email, f"enhetsansvarig, {unit}", "manager"))
    return logins, manager_of


def _maturities(rng: random.Random, unit_ids: dict[str, int]) -> dict[int, float]:
    return {unit_id: rng.uniform(0.25, 0.85) for unit_id in unit_ids.values()}


# Units for an organisation the demo has no list for: a plausible set of each kind its policy addresses.
DEFAULT_UNITS = {
    "kommunstyrelse": ["Kommunstyrelsen"],
    "nämnd": ["Socialnämnden", "Barn- och utbildningsnämnden", "Tekniska nämnden"],
    "förvaltning": ["Kommunledningsförvaltningen"],
    "bolag": ["Kommunens bostadsbolag AB"],
}


def addressed_kinds(questionnaire: dict, ruleset: dict) -> list[str]:
    """The unit kinds a policy asks anything of, in the usual order."""
    kinds = {kind for rule in ruleset["requirements"] for kind in rule["applies_to"]}
    kinds |= {kind for _name, section in q.sections(questionnaire) for kind in q.applies_to(section)}
    return [kind for kind in q.UNIT_KINDS if kind in kinds]


def units_for(org_name: str, questionnaire: dict, ruleset: dict) -> list[tuple[str, str]]:
    """The demo's units of an organisation: its known list, or defaults for the kinds its policy addresses."""
    if org_name in UNITS:
        return UNITS[org_name]
    return [(unit, kind) for kind in addressed_kinds(questionnaire, ruleset) for unit in DEFAULT_UNITS[kind]]


def populate(db: Database, content: Content, seed: int = 2026) -> list[tuple[str, str, str]]:
    """Fill an empty database with the demo; return the logins (email, who, role).

    Every loaded policy gets its organisation's units (made once per organisation), a
    coordinator and a manager per unit, and two years of plausible responses.
    """
    rng = random.Random(seed)
    store_content.load_content(db, content)
    logins = [(ADMIN[0], ADMIN[1], "admin")]
    register.add_user(db, ADMIN[0], ADMIN[1], PASSWORD, "admin")
    organisations: dict[str, tuple[dict[str, int], dict[str, str], dict[int, int], dict[int, float]]] = {}
    for name, questionnaire in content.questionnaires.items():
        org_name = questionnaire["x-policy"]["municipality"]
        if org_name not in organisations:
            org_id = register.organisation(db, org_name)
            kinds = dict(units_for(org_name, questionnaire, content.rulesets[name]))
            unit_ids = {unit: register.add_unit(db, org_id, unit, kind) for unit, kind in kinds.items()}
            people, manager_of = _people(db, org_id, org_name, unit_ids, rng)
            logins += people
            organisations[org_name] = (unit_ids, kinds, manager_of, _maturities(rng, unit_ids))
        unit_ids, kinds, manager_of, maturity = organisations[org_name]
        policy = store_content.policy_by_name(db, name)
        for year in YEARS:
            round_id = rounds.open_round(db, policy["id"], year, deadline=f"{year}-12-15")
            for position, (unit, unit_id) in enumerate(unit_ids.items()):
                if year == YEARS[-1]:
                    maturity[unit_id] = min(0.95, maturity[unit_id] + rng.uniform(-0.05, 0.2))
                    if position == len(unit_ids) - 1:
                        continue  # one unit has not started this year
                answers = answers_for(questionnaire, kinds[unit], rng, maturity[unit_id], year)
                submit = not (year == YEARS[-1] and position % 3 == 2)
                responses.save(db, round_id, unit_id, answers, user_id=manager_of[unit_id],
                               base_version=0, submit=submit)
            if year != YEARS[-1]:
                rounds.set_round_status(db, round_id, "closed")
    return logins


def is_populated(db: Database) -> bool:
    return bool(register.users(db))
