"""A small policy with follow-ups (`else`, and on another section's question), written into a content folder by the tests."""
from __future__ import annotations

import json
from pathlib import Path

NAME = "testkommun-tillganglighetspolicy"
Q = f"questionnaires/{NAME}.json"
TEXT = """Tillgänglighetspolicy för Testkommun

Kommunens verksamheter ska vara tillgängliga för alla.

Nämnderna ska ha en plan för tillgänglighet.

Nämnderna ska följa upp planen varje år.
"""
GOAL = "Kommunens verksamheter ska vara tillgängliga för alla."
PLAN = "Nämnderna ska ha en plan för tillgänglighet."
FOLLOW = "Nämnderna ska följa upp planen varje år."


def _question(title: str, source: str, **schema) -> dict:
    return {"title": title, "x-serves": ["N1"], "x-source": source} | schema


def questionnaire() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Uppföljning av tillgänglighetspolicyn",
        "type": "object",
        "additionalProperties": False,
        "required": ["plan", "uppfoljning"],
        "x-policy": {"id": NAME, "municipality": "Testkommun", "title": "Tillgänglighetspolicy",
                     "adopted_by": "Kommunfullmäktige", "adopted_date": None, "revision": None, "follow_up": None,
                     "goals": [{"id": "M1", "title": "Tillgänglig verksamhet", "source": GOAL}]},
        "properties": {
            "plan": {
                "type": "object", "title": "Plan", "additionalProperties": False, "required": ["finns"],
                "properties": {
                    "finns": _question("Finns en tillgänglighetsplan?", PLAN, type="boolean",
                                       **{"x-serves": ["M1", "N1"]}),
                    "lank": _question("Länk till planen", PLAN, type="string", format="uri"),
                    "varfor_inte": _question("Varför finns ingen plan?", PLAN, type="string", maxLength=500),
                },
                "allOf": [{"if": {"properties": {"finns": {"const": True}}, "required": ["finns"]},
                           "then": {"required": ["lank"]}, "else": {"required": ["varfor_inte"]}}],
            },
            "uppfoljning": {
                "type": "object", "title": "Uppföljning", "additionalProperties": False,
                "required": ["genomford"],
                "properties": {
                    "genomford": _question("Har planen följts upp i år?", FOLLOW, type="string", oneOf=[
                        {"const": "ja", "title": "Ja"}, {"const": "delvis", "title": "Delvis"},
                        {"const": "nej", "title": "Nej"}]),
                    "datum": _question("När följdes planen upp senast?", FOLLOW, type="string", format="date"),
                    "hinder": _question("Vad hindrar arbetet med en plan?", FOLLOW, type="string", maxLength=500),
                },
            },
        },
        "allOf": [{"if": {"properties": {"plan": {"properties": {"finns": {"const": True}}, "required": ["finns"]}},
                          "required": ["plan"]},
                   "then": {"properties": {"uppfoljning": {"required": ["datum"]}}},
                   "else": {"properties": {"uppfoljning": {"required": ["hinder"]}}}}],
    }


def ruleset() -> dict:
    return {"policy": NAME, "requirements": [{
        "id": "N1", "kind": "responsibility", "title": "Plan för tillgänglighet", "source": PLAN,
        "applies_to": ["nämnd"], "goals": ["M1"],
        "criteria": [{"label": "Plan finns", "path": "/answers/plan/finns", "schema": {"const": True}}],
        "levels": {"met": "all"}, "advice": "Ta fram en plan för tillgänglighet."}]}


def write(root: Path, questionnaire_body: dict | None = None, ruleset_body: dict | None = None) -> Path:
    for folder in ("policies", "questionnaires", "rules", "reports"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "policies" / f"{NAME}.txt").write_text(TEXT, encoding="utf-8")
    (root / Q).write_text(json.dumps(questionnaire_body or questionnaire(), ensure_ascii=False), encoding="utf-8")
    (root / "rules" / f"{NAME}.json").write_text(json.dumps(ruleset_body or ruleset(), ensure_ascii=False),
                                                 encoding="utf-8")
    return root
