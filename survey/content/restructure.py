"""Adding, removing and moving the items of a draft policy in the workshop: pure functions on
its data (`survey.content.edit.Draft`). A new goal, requirement or question starts from the
sentence of the policy it quotes, with words a person can publish as they are and improve;
removing an item removes what only it needed, and `dependants` says beforehand what that is.
"""
from __future__ import annotations

import re

from survey.content import answer_kinds
from survey.content import questionnaire as q
from survey.content.edit import Draft, set_rule_target
from survey.content.edit_question import clamp, remove_question
from survey.i18n import Text

MAX_ITEMS = 400
TOO_MANY = Text("edit.too_many", "Utkastet har redan %(n)s mål och krav, så många som ett utkast kan ha.")
PREFIXES = {"kommunstyrelse": "KS", "nämnd": "N", "förvaltning": "F", "bolag": "BO"}
HELP = ("Svara Ja om det gäller fullt ut under året, Delvis om arbetet har påbörjats eller bara gäller en del "
        "av verksamheten och Nej om det inte har gjorts.")
ADVICE = "Utse en ansvarig och gör en plan med tidpunkter för hur detta ska uppfyllas."
GOAL_SECTION = "Verksamhetens bidrag till policyns mål"


def short(sentence: str, limit: int = 90) -> str:
    """A title from a quoted sentence: its words up to a limit, without the full stop."""
    words = sentence.strip().rstrip(".:;").split()
    title = ""
    for word in words:
        if len(title) + len(word) + 1 > limit:
            return title + " …"
        title = f"{title} {word}".strip()
    return title[:1].upper() + title[1:]


def unique(existing, stem: str) -> str:
    name, n = stem, 2
    while name in existing:
        name, n = f"{stem}_{n}", n + 1
    return name


def full(draft: Draft) -> bool:
    """Whether the draft has as many goals and requirements as a policy may have."""
    return len(draft.goals) + len(draft.requirements) >= MAX_ITEMS


def _ids(draft: Draft) -> set[str]:
    return {g["id"] for g in draft.goals} | {r["id"] for r in draft.requirements}


def _new_id(used: set[str], prefix: str) -> str:
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


def _question(draft: Draft, section_name: str, serves: list[str], source: str, stem: str, title: str) -> str:
    """Add a Ja/Delvis/Nej question to a section, and two criteria on it to the requirements it serves."""
    section = draft.sections[section_name]
    name = unique(section["properties"], re.sub(r"[^a-z0-9_]", "_", stem.lower()))
    section["properties"][name] = answer_kinds.schema_for("ja-delvis-nej", {}, lines=[]) | {
        "title": title, "description": HELP, "x-serves": serves, "x-source": source}
    section.setdefault("required", []).append(name)
    for rule in draft.requirements:
        if rule["id"] in serves:
            at = f"/answers/{section_name}/{name}"
            rule["criteria"][:0] = [
                {"label": "Arbetet har åtminstone påbörjats", "path": at, "schema": {"enum": ["ja", "delvis"]}},
                {"label": "Uppfylls fullt ut", "path": at, "schema": {"const": "ja"}}]
    return name


def _rule(rid: str, kind: str, title: str, source: str, goals: list[str]) -> dict:
    return {"id": rid, "kind": kind, "title": title, "source": source, "applies_to": [], "goals": goals,
            "criteria": [], "levels": {"met": "all", "partly_met": 1}, "advice": ADVICE}


def section_for(draft: Draft, kind: str) -> str:
    """A new section for the duties of one kind of unit; its name."""
    stem = "ansvar_" + re.sub(r"[^a-z0-9]+", "_", kind.translate(str.maketrans("åäö", "aao"))).strip("_")
    name = unique(draft.sections, stem)
    draft.sections[name] = {"type": "object", "title": f"Ansvar: {kind}", "additionalProperties": False,
                            "required": [], "properties": {}, "x-applies-to": [kind]}
    draft.questionnaire.setdefault("required", []).append(name)
    return name


def add_requirement(draft: Draft, section_name: str, quote: str) -> str:
    """A new duty quoting a sentence, asked in this section and addressing its units; its id."""
    section = draft.sections[section_name]
    target = q.applies_to(draft.questionnaire, section)
    prefix = PREFIXES.get(target.kinds[0], "K") if len(target.kinds) == 1 and not target.tags else "K"
    rid = _new_id(_ids(draft), prefix)
    title = short(quote)
    rule = _rule(rid, "responsibility", title, quote, [])
    set_rule_target(draft, rule, target)
    draft.requirements.append(rule)
    _question(draft, section_name, [rid], quote, rid, f"Har verksamheten under året arbetat enligt kravet ”{title}”?")
    return rid


def add_goal(draft: Draft, quote: str) -> str:
    """A new goal quoting a sentence, with its contribution question and requirement; its id."""
    gid = _new_id(_ids(draft), "M")
    title = short(quote)
    draft.goals.append({"id": gid, "title": title, "source": quote})
    rid = _new_id(_ids(draft), "B")
    rule = _rule(rid, "goal", f"Bidrag till målet: {title}", quote, [gid])
    set_rule_target(draft, rule, q.Target(q.policy_kinds(draft.questionnaire), (), ()))
    draft.requirements.append(rule)
    goal_ids = {g["id"] for g in draft.goals}
    section_name = next((n for n, s in draft.sections.items()
                         if any(set(p["x-serves"]) & goal_ids for p in s["properties"].values())), None)
    if section_name is None:
        section_name = unique(draft.sections, "mal")
        draft.sections[section_name] = {"type": "object", "title": GOAL_SECTION, "additionalProperties": False,
                                        "required": [], "properties": {}}
        draft.questionnaire.setdefault("required", []).append(section_name)
    _question(draft, section_name, [gid, rid], quote, f"{gid}_bidrag",
              f"Har verksamheten under året bidragit till målet ”{title}”?")
    return gid


def add_question(draft: Draft, section_name: str, serves: str, quote: str) -> str | None:
    """Another question for an existing goal or requirement, quoting a sentence; None when it does not exist."""
    item = draft.requirement(serves) or draft.goal(serves)
    if item is None or section_name not in draft.sections:
        return None
    return _question(draft, section_name, [serves], quote, serves, f"Ny fråga om ”{item['title']}”: formulera om")


def add_criterion(draft: Draft, rid: str) -> bool:
    """A criterion on the first question serving the requirement; False when no question serves it."""
    rule = draft.requirement(rid)
    found = next(((s, n, schema) for s, n, schema in q.questions(draft.questionnaire)
                  if rid in schema.get("x-serves", [])), None)
    if rule is None or found is None:
        return False
    section_name, name, schema = found
    code, words = answer_kinds.conditions(schema)[0]
    rule["criteria"].append({"label": short(f"{schema['title']} {words}", 120), "path": f"/answers/{section_name}/{name}",
                             "schema": answer_kinds.schema_of(code, 1)})
    return True


def remove_criterion(draft: Draft, rid: str, index: int) -> bool:
    rule = draft.requirement(rid)
    if rule is None or not 0 <= index < len(rule["criteria"]):
        return False
    del rule["criteria"][index]
    clamp(rule)
    return True


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


def remove_section(draft: Draft, name: str) -> None:
    """Remove a section, its questions, and the requirements no question is left to judge."""
    for question in list(draft.sections[name]["properties"]):
        if question in draft.sections[name]["properties"]:
            remove_question(draft, name, question)
    del draft.sections[name]
    draft.questionnaire["required"] = [n for n in draft.questionnaire.get("required", []) if n != name]
    asked = {s for _sn, _n, schema in q.questions(draft.questionnaire) for s in schema["x-serves"]}
    draft.ruleset["requirements"] = [r for r in draft.requirements if r["id"] in asked]


def _unserve(draft: Draft, gone: set[str]) -> None:
    for section_name, section in draft.sections.items():
        for name, schema in list(section["properties"].items()):
            if name not in section["properties"]:
                continue
            schema["x-serves"] = [s for s in schema["x-serves"] if s not in gone]
            if not schema["x-serves"]:
                remove_question(draft, section_name, name)


def remove(draft: Draft, key: str) -> bool:
    kind, _sep, ident = key.partition(":")
    if kind == "goal" and draft.goal(ident):
        remove_goal(draft, ident)
    elif kind == "requirement" and draft.requirement(ident):
        remove_requirement(draft, ident)
    elif kind == "question" and draft.question(key) is not None:
        remove_question(draft, *ident.split("/", 1))
    elif kind == "section" and ident in draft.sections and len(draft.sections) > 1:
        remove_section(draft, ident)
    else:
        return False
    return True


def items(draft: Draft) -> dict[str, str]:
    """Every goal, requirement, section and question of a draft: key → title."""
    found = {f"goal:{g['id']}": g["title"] for g in draft.goals}
    found |= {f"requirement:{r['id']}": r["title"] for r in draft.requirements}
    for section_name, section in draft.sections.items():
        found[f"section:{section_name}"] = section.get("title", section_name)
        found |= {f"question:{section_name}/{n}": s.get("title", n) for n, s in section["properties"].items()}
    return found


def dependants(draft: Draft, key: str) -> tuple[dict[str, str], int]:
    """What removing an item would remove with it: (items by key and title, number of criteria)."""
    trial = Draft.of(draft.questionnaire, draft.ruleset)
    if not remove(trial, key):
        return {}, 0
    before, after = items(draft), items(trial)
    kept = {r["id"]: len(r["criteria"]) for r in trial.requirements}
    criteria = sum(len(r["criteria"]) - kept[r["id"]] for r in draft.requirements if r["id"] in kept)
    return {k: t for k, t in before.items() if k not in after and k != key}, criteria


def _moved(items_: list, index: int, step: int) -> list:
    other = index + step
    if 0 <= index < len(items_) and 0 <= other < len(items_):
        items_[index], items_[other] = items_[other], items_[index]
    return items_


def move(draft: Draft, key: str, step: int) -> bool:
    """Move an item one place up (-1) or down (+1) among its siblings; False when it does not exist."""
    kind, _sep, ident = key.partition(":")
    if kind == "goal" and draft.goal(ident):
        _moved(draft.goals, [g["id"] for g in draft.goals].index(ident), step)
    elif kind == "requirement" and draft.requirement(ident):
        _moved(draft.requirements, [r["id"] for r in draft.requirements].index(ident), step)
    elif kind == "section" and ident in draft.sections:
        names = _moved(list(draft.sections), list(draft.sections).index(ident), step)
        draft.questionnaire["properties"] = {n: draft.sections[n] for n in names}
    elif kind == "question" and draft.question(key) is not None:
        section_name, _sep, name = ident.partition("/")
        section = draft.sections[section_name]
        names = _moved(list(section["properties"]), list(section["properties"]).index(name), step)
        section["properties"] = {n: section["properties"][n] for n in names}
    else:
        return False
    return True

