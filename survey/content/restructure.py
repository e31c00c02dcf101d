"""Adding, removing and moving the items of a draft policy in the workshop: pure functions on
its data (`survey.content.edit.Draft`). New items are placeholders a person must write in;
removing one removes what only it needed, so the draft stays consistent.
"""
from __future__ import annotations

import copy
import re

from survey.content import questionnaire as q
from survey.content.derive.draft import HELP
from survey.content.edit import (
    NEW_GOAL,
    NEW_QUESTION,
    NEW_REQUIREMENT,
    SCALES,
    Draft,
    add_evidence,
    exists,
    remove_question,
    unique,
)
from survey.i18n import Text

MAX_ITEMS = 400
TOO_MANY = Text("edit.too_many", "Utkastet har redan %(n)s mål och krav, så många som ett utkast kan ha.")


def _question(draft: Draft, section_name: str, serves: list[str], source: str, stem: str) -> str:
    """Add a Ja/Delvis/Nej question with an evidence field to a section, and criteria to the rules it serves."""
    section = draft.sections[section_name]
    name = unique(section["properties"], stem)
    section["properties"][name] = {"title": NEW_QUESTION, "description": HELP, "type": "string",
                                   "oneOf": copy.deepcopy(SCALES["ja-delvis-nej"]), "x-serves": serves,
                                   "x-source": source}
    section.setdefault("required", []).append(name)
    for rule in draft.requirements:
        if rule["id"] in serves:
            at = f"/answers/{section_name}/{name}"
            rule["criteria"][:0] = [
                {"label": "Arbetet har åtminstone påbörjats", "path": at, "schema": {"enum": ["ja", "delvis"]}},
                {"label": "Uppfylls fullt ut", "path": at, "schema": {"const": "ja"}}]
    add_evidence(draft, section_name, name)
    return name


def full(draft: Draft) -> bool:
    """Whether the draft has as many goals and requirements as a policy may have."""
    return len(draft.goals) + len(draft.requirements) >= MAX_ITEMS


def _new_id(used: set[str], prefix: str) -> str:
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


def _rule(rid: str, kind: str, title: str, source: str, target: q.Target, goals: list[str]) -> dict:
    """A new requirement for whom `target` addresses (tags and units only when it names any)."""
    rule = {"id": rid, "kind": kind, "title": title, "source": source, "applies_to": list(target.kinds)}
    if target.tags:
        rule["applies_to_tags"] = list(target.tags)
    if target.units:
        rule["applies_to_units"] = list(target.units)
    return rule | {"goals": goals, "criteria": [], "levels": {"met": "all", "partly_met": 1},
                   "advice": "Utse en ansvarig och gör en plan med tidpunkter för hur detta ska uppfyllas."}


def _ids(draft: Draft) -> set[str]:
    return {g["id"] for g in draft.goals} | {r["id"] for r in draft.requirements}


def add_requirement(draft: Draft, section_name: str) -> str:
    """A new requirement asked in this section, with its question, evidence field and criteria; its id."""
    section = draft.sections[section_name]
    target = q.applies_to(draft.questionnaire, section)
    prefix = next((re.sub(r"\d+$", "", s) for n, schema in section["properties"].items()
                   for s in schema["x-serves"] if draft.requirement(s) and draft.requirement(s)["kind"] != "goal"), "K")
    rid = _new_id(_ids(draft), prefix)
    draft.requirements.append(_rule(rid, "responsibility", NEW_REQUIREMENT, NEW_REQUIREMENT, target, []))
    _question(draft, section_name, [rid], NEW_REQUIREMENT, rid.lower())
    return rid


def add_goal(draft: Draft) -> str:
    """A new goal with its contribution question and requirement; its id."""
    gid = _new_id(_ids(draft), "M")
    draft.goals.append({"id": gid, "title": NEW_GOAL, "source": NEW_GOAL})
    rid = _new_id(_ids(draft), "B")
    everyone = q.Target(q.policy_kinds(draft.questionnaire), (), ())
    draft.requirements.append(_rule(rid, "goal", f"Bidrag till målet: {NEW_GOAL}", NEW_GOAL, everyone, [gid]))
    section_name = next((n for n, s in draft.sections.items()
                         if any(set(p["x-serves"]) & {g["id"] for g in draft.goals} for p in s["properties"].values())),
                        None)
    if section_name is None:
        section_name = unique(draft.sections, "mal")
        draft.sections[section_name] = {"type": "object", "title": "Verksamhetens bidrag till policyns mål",
                                        "additionalProperties": False, "required": [], "properties": {}, "allOf": []}
        draft.questionnaire.setdefault("required", []).append(section_name)
    _question(draft, section_name, [gid, rid], NEW_GOAL, f"{gid.lower()}_bidrag")
    return gid


def add_question(draft: Draft, section_name: str, serves: str) -> str | None:
    """Another question for an existing requirement or goal in this section; None when it does not exist."""
    if not (draft.requirement(serves) or draft.goal(serves)):
        return None
    return _question(draft, section_name, [serves], NEW_QUESTION, serves.lower())


def remove_requirement(draft: Draft, rid: str) -> None:
    """Remove a requirement and the questions that served only it."""
    draft.ruleset["requirements"] = [r for r in draft.requirements if r["id"] != rid]
    _unserve(draft, {rid})


def remove_goal(draft: Draft, gid: str) -> None:
    """Remove a goal, the requirements that only judged it, and the questions that served only those."""
    draft.policy["goals"] = [g for g in draft.goals if g["id"] != gid]
    gone = {gid} | {r["id"] for r in draft.requirements if r["goals"] == [gid]}
    draft.ruleset["requirements"] = [r for r in draft.requirements if r["id"] not in gone]
    for rule in draft.requirements:
        rule["goals"] = [g for g in rule["goals"] if g != gid]
    _unserve(draft, gone)


def _unserve(draft: Draft, gone: set[str]) -> None:
    for section_name, section in draft.sections.items():
        for name, schema in list(section["properties"].items()):
            if name not in section["properties"]:
                continue
            schema["x-serves"] = [s for s in schema["x-serves"] if s not in gone]
            if not schema["x-serves"]:
                remove_question(draft, section_name, name)


def _moved(items: list, index: int, step: int) -> list:
    other = index + step
    if 0 <= index < len(items) and 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    return items


def move(draft: Draft, key: str, step: int) -> bool:
    """Move an item one place up (-1) or down (+1) among its siblings; False when it does not exist."""
    kind, _sep, ident = key.partition(":")
    if kind == "goal":
        ids = [g["id"] for g in draft.goals]
        if ident in ids:
            _moved(draft.goals, ids.index(ident), step)
            return True
    elif kind == "requirement":
        ids = [r["id"] for r in draft.requirements]
        if ident in ids:
            _moved(draft.requirements, ids.index(ident), step)
            return True
    elif kind == "section" and ident in draft.sections:
        names = _moved(list(draft.sections), list(draft.sections).index(ident), step)
        draft.questionnaire["properties"] = {n: draft.sections[n] for n in names}
        return True
    elif kind == "question":
        section_name, _sep, name = ident.partition("/")
        section = draft.sections.get(section_name)
        if section and name in section["properties"]:
            names = _moved(list(section["properties"]), list(section["properties"]).index(name), step)
            section["properties"] = {n: section["properties"][n] for n in names}
            return True
    return False


def remove(draft: Draft, key: str) -> bool:
    if not exists(draft, key) or key == "policy":
        return False
    kind, _sep, ident = key.partition(":")
    if kind == "goal":
        remove_goal(draft, ident)
    elif kind == "requirement":
        remove_requirement(draft, ident)
    elif kind == "question":
        remove_question(draft, *ident.split("/", 1))
    else:
        return False
    return True
