"""A small policy whose one question is a structured list (rows), written into a content folder by the tests."""
from __future__ import annotations

import json
from pathlib import Path

NAME = "rader-policy"
TEXT = """Aktivitetspolicy för Exempelby kommun

Kommunen ska genomföra aktiviteter för invånarna varje år.
Nämnderna skall nå unga med minst en aktivitet om året.
"""
GOAL = "Kommunen ska genomföra aktiviteter för invånarna varje år."
DUTY = "Nämnderna skall nå unga med minst en aktivitet om året."
ROWS = {
    "title": "Vilka aktiviteter har ni genomfört under året?",
    "type": "array", "maxItems": 5, "x-row-title": "Aktivitet",
    "items": {
        "type": "object", "additionalProperties": False, "required": ["namn", "datum"],
        "properties": {
            "namn": {"type": "string", "title": "Aktivitet", "maxLength": 200, "examples": ["Öppet hus", "Språkcafé"]},
            "datum": {"type": "string", "format": "date", "title": "Datum"},
            "malgrupp": {"type": "string", "title": "Målgrupp",
                         "oneOf": [{"const": "unga", "title": "Unga"}, {"const": "vuxna", "title": "Vuxna"},
                                   {"const": "alla", "title": "Alla"}]},
            "antal": {"type": "integer", "title": "Antal deltagare", "minimum": 0, "maximum": 100000},
            "andel": {"type": "number", "title": "Andel nöjda", "minimum": 0, "maximum": 100, "x-unit": "%"},
            "lank": {"type": "string", "format": "uri", "title": "Länk"},
            "utvarderad": {"type": "boolean", "title": "Utvärderad"},
        },
    },
    "x-serves": ["M1", "N1"], "x-source": DUTY,
}
CRITERIA = [
    {"label": "Minst två aktiviteter", "path": "/answers/arbete/aktiviteter", "schema": {"minItems": 2}},
    {"label": "En aktivitet för unga", "path": "/answers/arbete/aktiviteter",
     "schema": {"contains": {"properties": {"malgrupp": {"const": "unga"}}, "required": ["malgrupp"]}}},
]


def questionnaire(rows: dict = ROWS) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Aktivitetspolicy",
        "type": "object", "additionalProperties": False, "required": ["arbete"],
        "x-policy": {"id": NAME, "municipality": "Exempelby kommun", "title": "Aktivitetspolicy",
                     "adopted_by": None, "adopted_date": None, "revision": None, "follow_up": None,
                     "goals": [{"id": "M1", "title": "Aktiviteter för invånarna", "source": GOAL}]},
        "properties": {"arbete": {
            "type": "object", "title": "Aktiviteter", "additionalProperties": False, "required": ["aktiviteter"],
            "properties": {"aktiviteter": rows}}},
    }


def ruleset(criteria: list = CRITERIA) -> dict:
    return {"policy": NAME, "requirements": [{
        "id": "N1", "kind": "responsibility", "title": "Unga nås", "source": DUTY,
        "applies_to": ["nämnd"], "goals": ["M1"], "criteria": criteria,
        "levels": {"met": "all", "partly_met": 1}, "advice": "Genomför fler aktiviteter, också för unga."}]}


def write_content(root: Path, q: dict | None = None, r: dict | None = None) -> Path:
    for folder in ("policies", "questionnaires", "rules", "reports"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "policies" / f"{NAME}.txt").write_text(TEXT, encoding="utf-8")
    for folder, data in (("questionnaires", q or questionnaire()), ("rules", r or ruleset())):
        (root / folder / f"{NAME}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return root
