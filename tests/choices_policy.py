"""A small policy written with issue 9's choice features: enum with x-labels, a long choice list,
an exclusive choice, email and a shared definition, as real files in a content folder."""
from __future__ import annotations

import copy
import json
from pathlib import Path

NAME = "testkommun-kommunikation"
Q = f"questionnaires/{NAME}.json"
R = f"rules/{NAME}.json"
GOAL = "Kommunen ska kommunicera tydligt med alla invånare."
N1 = "Nämnderna ska planera sin kommunikation i lämpliga kanaler."
N2 = "Nämnderna ska ge stöd och en kontaktväg för kommunikationsfrågor."
TEXT = f"Kommunikationspolicy för Testkommun\n\nÖvergripande mål\n{GOAL}\n\nAnsvarsfördelning\n{N1}\n{N2}\n"
SCALE = {"type": "string", "oneOf": [{"const": "ja", "title": "Ja"}, {"const": "delvis", "title": "Delvis"},
                                     {"const": "nej", "title": "Nej"}]}
CHANNELS = ["webb", "intranat", "facebook", "instagram", "linkedin", "nyhetsbrev", "press", "affischer"]
LABELS = {"webb": "Webbplatsen", "intranat": "Intranätet", "facebook": "Facebook", "instagram": "Instagram",
          "linkedin": "Linkedin", "nyhetsbrev": "Nyhetsbrev", "press": "Pressmeddelanden"}  # affischer unlabelled


def _question(title: str, serves: list[str], source: str, **schema) -> dict:
    return {"title": title, "x-serves": serves, "x-source": source, **schema}


def questionnaire() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Självskattning av kommunikationspolicyn",
        "type": "object", "additionalProperties": False, "required": ["kanaler"],
        "$defs": {"skala": copy.deepcopy(SCALE)},
        "x-policy": {"id": NAME, "municipality": "Testkommun", "title": "Kommunikationspolicy",
                     "adopted_by": None, "adopted_date": None, "revision": None, "follow_up": None,
                     "goals": [{"id": "M1", "title": "Tydlig kommunikation", "source": GOAL}]},
        "properties": {"kanaler": {
            "type": "object", "title": "Kanaler", "additionalProperties": False, "x-applies-to": ["nämnd"],
            "required": ["huvudkanal", "plan", "plan_inline", "stod", "kontakt"],
            "properties": {
                "huvudkanal": _question("Vilken är er viktigaste kanal?", ["M1"], GOAL, type="string",
                                        enum=list(CHANNELS), **{"x-labels": dict(LABELS)}),
                "sju": _question("Vilken kanal når flest?", ["M1"], GOAL, type="string", enum=CHANNELS[:7]),
                "plan": _question("Finns en kanalplan?", ["N1"], N1, **{"$ref": "#/$defs/skala"}),
                "plan_inline": _question("Finns en kanalplan för året?", ["N3"], N1, **copy.deepcopy(SCALE)),
                "stod": _question("Vilket stöd ges?", ["N2"], N2, type="array", uniqueItems=True, maxItems=4,
                                  items={"type": "string", "enum": ["mallar", "utbildning", "radgivning", "ingen"],
                                         "x-labels": {"mallar": "Mallar", "utbildning": "Utbildning",
                                                      "radgivning": "Rådgivning", "ingen": "Inget stöd"}},
                                  **{"x-exclusive": ["ingen"]}),
                "kontakt": _question("Funktionsadress för kommunikationsfrågor", ["N2"], N2, type="string",
                                     format="email", examples=["kommunikation@testkommun.se"]),
            }}},
    }


def _requirement(ident: str, title: str, source: str, criterion: dict) -> dict:
    return {"id": ident, "kind": "responsibility", "title": title, "source": source, "applies_to": ["nämnd"],
            "goals": ["M1"], "criteria": [criterion], "levels": {"met": "all"}, "advice": "Gör det."}


def ruleset() -> dict:
    return {"policy": NAME, "requirements": [
        _requirement("N1", "Kanalplan", N1, {"label": "Kanalplan finns", "path": "/answers/kanaler/plan",
                                             "schema": {"const": "ja"}}),
        _requirement("N3", "Kanalplan för året", N1, {"label": "Kanalplan finns",
                                                      "path": "/answers/kanaler/plan_inline",
                                                      "schema": {"const": "ja"}}),
        _requirement("N2", "Stöd", N2, {"label": "Stöd ges", "path": "/answers/kanaler/stod",
                                        "schema": {"minItems": 1, "not": {"contains": {"const": "ingen"}}}}),
    ]}


def write(root: Path, q: dict | None = None, r: dict | None = None, with_seeds: bool = False) -> Path:
    """The policy's three files below root (alone, so tests do not depend on the shipped policies)."""
    for folder in ("policies", "questionnaires", "rules", "reports"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "policies" / f"{NAME}.txt").write_text(TEXT, encoding="utf-8")
    (root / Q).write_text(json.dumps(q or questionnaire(), ensure_ascii=False, indent=2), encoding="utf-8")
    (root / R).write_text(json.dumps(r or ruleset(), ensure_ascii=False, indent=2), encoding="utf-8")
    return root


def loaded(root: Path, database: Path, unit: str) -> dict:
    """The policy written below root and loaded into a demo database: the round of this year, a
    unit that has not started and its manager's email."""
    from survey import demo
    from survey.content import lint
    from survey.store import content as store_content
    from survey.store import db as store_db
    from survey.store import register, rounds
    from survey.store.migrations import migrate

    content = lint.load(write(root))
    db = store_db.connect(database)
    migrate(db)
    logins = demo.populate(db, content)
    policy = store_content.policy_by_name(db, NAME)
    round_ = rounds.round_by_year(db, policy["id"], 2026)
    unit_row = register.unit_by_name(db, policy["organisation_id"], unit)
    manager = next(email for email, who, _role in logins if who.endswith(unit))
    return {"db": db, "content": content, "round": round_, "unit": unit_row, "manager": manager,
            "url": f"/svar/{round_['id']}/{unit_row['id']}/avsnitt/kanaler"}
