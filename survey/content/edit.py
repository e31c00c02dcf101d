"""Edits a coordinator makes to a draft policy in the workshop, as pure functions on its data.

A draft is a questionnaire and a rule set in the content format. Each edit changes a copy
(`Draft`) and returns the problems with what was typed, by field, as messages (`Msg`);
nothing is changed when there are problems. Items are named by keys: `policy`,
`goal:<id>`, `requirement:<id>`, `section:<name>` and `question:<section>/<name>`.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date

from survey.content import questionnaire as q
from survey.content.derive.draft import EVIDENCE_HELP, HELP
from survey.i18n import Msg, Text

SCALES = {
    "ja-delvis-nej": [{"const": "ja", "title": "Ja"}, {"const": "delvis", "title": "Delvis"},
                      {"const": "nej", "title": "Nej"}],
    "ja-nej": [{"const": "ja", "title": "Ja"}, {"const": "nej", "title": "Nej"}],
}
MAX_TEXT = 2000
REQUIRED = Text("edit.required", "Fyll i fältet.")
TOO_LONG = Text("edit.too_long", "Högst %(n)s tecken.")
NO_KIND = Text("edit.no_kind", "Välj minst en enhetstyp.")
BAD_DATE = Text("edit.bad_date", "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-18.")
BAD_LEVEL = Text("edit.bad_level", "Ange ett heltal från %(low)s till %(high)s.")
PARTLY_BELOW = Text("edit.partly_below", "Ska vara mindre än antalet för uppfyllt (%(met)s).")
BAD_SCALE = Text("edit.bad_scale", "Välj en av skalorna.")
NO_ITEM = Text("edit.no_item", "Det du ändrade finns inte längre i utkastet. Ladda om sidan.")
NEW_GOAL = "Nytt mål (skriv målet)"
NEW_REQUIREMENT = "Nytt krav (skriv kravet)"
NEW_QUESTION = "Ny fråga (skriv frågan)"


@dataclass
class Draft:
    """A working copy of a draft's questionnaire and rule set."""

    questionnaire: dict
    ruleset: dict

    @classmethod
    def of(cls, questionnaire: dict, ruleset: dict) -> "Draft":
        return cls(copy.deepcopy(questionnaire), copy.deepcopy(ruleset))

    @property
    def policy(self) -> dict:
        return self.questionnaire["x-policy"]

    @property
    def goals(self) -> list[dict]:
        return self.policy["goals"]

    @property
    def requirements(self) -> list[dict]:
        return self.ruleset["requirements"]

    @property
    def sections(self) -> dict[str, dict]:
        return self.questionnaire["properties"]

    def requirement(self, rid: str) -> dict | None:
        return next((r for r in self.requirements if r["id"] == rid), None)

    def goal(self, gid: str) -> dict | None:
        return next((g for g in self.goals if g["id"] == gid), None)


def _text(form: dict, name: str, errors: dict, *, required: bool = True, limit: int = MAX_TEXT) -> str | None:
    value = (form.get(name) or "").strip()
    if required and not value:
        errors[name] = REQUIRED()
    elif len(value) > limit:
        errors[name] = TOO_LONG(n=limit)
    return value or None


def _kinds(form: dict, errors: dict) -> list[str]:
    kinds = [k for k in q.UNIT_KINDS if k in form.get("kinds", [])]
    if not kinds:
        errors["kinds"] = NO_KIND()
    return kinds


def _count(form: dict, name: str, low: int, high: int, errors: dict) -> int | None:
    value = (form.get(name) or "").strip()
    if not value.isdigit() or not low <= int(value) <= high:
        errors[name] = BAD_LEVEL(low=low, high=high)
        return None
    return int(value)


def edit_policy(draft: Draft, form: dict) -> dict[str, Msg]:
    errors: dict[str, Msg] = {}
    title = _text(form, "title", errors, limit=200)
    adopted_by = _text(form, "adopted_by", errors, required=False, limit=200)
    adopted = (form.get("adopted_date") or "").strip() or None
    if adopted:
        try:
            date.fromisoformat(adopted)
        except ValueError:
            errors["adopted_date"] = BAD_DATE()
        else:
            adopted = date.fromisoformat(adopted).isoformat()
    if not errors:
        draft.policy.update(title=title, adopted_by=adopted_by, adopted_date=adopted)
    return errors


def edit_goal(draft: Draft, gid: str, form: dict) -> dict[str, Msg]:
    errors: dict[str, Msg] = {}
    title, source = _text(form, "title", errors, limit=200), _text(form, "source", errors)
    if not errors:
        draft.goal(gid).update(title=title, source=source)
    return errors


def edit_section(draft: Draft, name: str, form: dict) -> dict[str, Msg]:
    errors: dict[str, Msg] = {}
    title, kinds = _text(form, "title", errors, limit=200), _kinds(form, errors)
    if not errors:
        section = draft.sections[name]
        section["title"] = title
        if set(kinds) == set(q.UNIT_KINDS):
            section.pop("x-applies-to", None)
        else:
            section["x-applies-to"] = kinds
    return errors


def edit_requirement(draft: Draft, rid: str, form: dict) -> dict[str, Msg]:
    """Wording, quote, unit kinds, levels (met: all or n criteria; partly met: n) and advice."""
    errors: dict[str, Msg] = {}
    rule = draft.requirement(rid)
    count = len(rule["criteria"])
    title, source = _text(form, "title", errors, limit=300), _text(form, "source", errors)
    advice = _text(form, "advice", errors, required=False)
    kinds = _kinds(form, errors)
    met: int | str | None = "all" if form.get("met") in ("all", str(count)) else _count(form, "met", 1, count, errors)
    partly = _count(form, "partly", 1, max(1, count - 1), errors)
    if met is not None and partly is not None and partly >= (count if met == "all" else met):
        errors["partly"] = PARTLY_BELOW(met=count if met == "all" else met)
    if not errors:
        rule.update(title=title, source=source, applies_to=kinds, levels={"met": met, "partly_met": partly})
        if advice:
            rule["advice"] = advice
        else:
            rule.pop("advice", None)
    return errors


def evidence_of(section: dict, name: str) -> str | None:
    """The text question asked as a follow-up of this question (its evidence field), if any."""
    for rule in section.get("allOf", []):
        if name in rule["if"].get("properties", {}):
            for follow_up in rule["then"]["required"]:
                if section["properties"].get(follow_up, {}).get("type") == "string":
                    return follow_up
    return None


def scale_of(schema: dict) -> str | None:
    """The name of a question's answer scale, when it is one the workshop offers."""
    return next((key for key, choices in SCALES.items() if schema.get("oneOf") == choices), None)


def edit_question(draft: Draft, section_name: str, name: str, form: dict) -> dict[str, Msg]:
    """Wording, help text, and for a scale question its scale and whether it has an evidence field."""
    errors: dict[str, Msg] = {}
    section = draft.sections[section_name]
    schema = section["properties"][name]
    title = _text(form, "title", errors, limit=500)
    description = _text(form, "description", errors, required=False)
    scale = scale_of(schema)
    if scale and form.get("scale") not in SCALES:
        errors["scale"] = BAD_SCALE()
    if errors:
        return errors
    schema["title"] = title
    if description:
        schema["description"] = description
    else:
        schema.pop("description", None)
    if scale:
        _set_scale(draft, section_name, name, form["scale"])
        wanted, evidence = form.get("evidence") == "on", evidence_of(section, name)
        if wanted and not evidence:
            _add_evidence(draft, section_name, name)
        elif evidence and not wanted:
            _remove_question(draft, section_name, evidence)
    return errors


def _reads(criterion: dict, section_name: str, name: str) -> bool:
    return criterion["path"].rstrip("/").split("/")[-2:] == [section_name, name] and "/answers/" in criterion["path"] + "/"


def _set_scale(draft: Draft, section_name: str, name: str, scale: str) -> None:
    """Change the scale; conditions and criteria on the question keep only values it still offers."""
    section = draft.sections[section_name]
    section["properties"][name]["oneOf"] = copy.deepcopy(SCALES[scale])
    offered = {c["const"] for c in SCALES[scale]}
    schemas = [rule["if"]["properties"][name] for rule in section.get("allOf", []) if name in rule["if"]["properties"]]
    schemas += [c["schema"] for r in draft.requirements for c in r["criteria"] if _reads(c, section_name, name)]
    for schema in schemas:
        if isinstance(schema, dict) and "enum" in schema:
            schema["enum"] = [v for v in schema["enum"] if v in offered] or ["ja"]


def _unique(existing, stem: str) -> str:
    name, n = stem, 2
    while name in existing:
        name, n = f"{stem}_{n}", n + 1
    return name


def _add_evidence(draft: Draft, section_name: str, name: str) -> None:
    section = draft.sections[section_name]
    schema = section["properties"][name]
    evidence = _unique(section["properties"], f"{name}_underlag")
    section["properties"][evidence] = {
        "title": "Underlag: länk eller beskrivning", "description": EVIDENCE_HELP, "type": "string",
        "maxLength": 2000, "x-widget": "textarea", "x-serves": list(schema["x-serves"]),
        **({"x-source": schema["x-source"]} if "x-source" in schema else {})}
    started = [v for v in ("ja", "delvis") if v in {c["const"] for c in schema["oneOf"]}]
    section.setdefault("allOf", []).append({"if": {"properties": {name: {"enum": started}}, "required": [name]},
                                            "then": {"required": [evidence]}})
    for rule in draft.requirements:
        if rule["id"] in schema["x-serves"]:
            rule["criteria"].append({"label": "Underlag finns", "path": f"/answers/{section_name}/{evidence}",
                                     "schema": {"type": "string", "minLength": 1}})


def _remove_question(draft: Draft, section_name: str, name: str) -> None:
    """Remove a question, the follow-ups asked only because of it, and the criteria that read it."""
    section = draft.sections[section_name]
    follow_ups = [f for rule in section.get("allOf", []) if name in rule["if"]["properties"]
                  for f in rule["then"]["required"]]
    section["properties"].pop(name, None)
    section["required"] = [n for n in section.get("required", []) if n != name]
    kept = []
    for rule in section.get("allOf", []):
        rule["then"]["required"] = [n for n in rule["then"]["required"] if n != name]
        if name not in rule["if"]["properties"] and rule["then"]["required"]:
            kept.append(rule)
    if "allOf" in section:
        section["allOf"] = kept
    for rule in draft.requirements:
        rule["criteria"] = [c for c in rule["criteria"] if not _reads(c, section_name, name)]
        _clamp(rule)
    for follow_up in follow_ups:
        if follow_up in section["properties"]:
            _remove_question(draft, section_name, follow_up)


def _clamp(rule: dict) -> None:
    """Keep a rule's levels possible after criteria were removed."""
    count, levels = len(rule["criteria"]), rule["levels"]
    if levels["met"] != "all" and levels["met"] > count:
        levels["met"] = "all"
    met = count if levels["met"] == "all" else levels["met"]
    if levels.get("partly_met", 0) >= met:
        levels["partly_met"] = max(0, met - 1)


def _question(draft: Draft, section_name: str, serves: list[str], source: str, stem: str) -> str:
    """Add a Ja/Delvis/Nej question with an evidence field to a section, and criteria to the rules it serves."""
    section = draft.sections[section_name]
    name = _unique(section["properties"], stem)
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
    _add_evidence(draft, section_name, name)
    return name


def _new_id(used: set[str], prefix: str) -> str:
    n = 1
    while f"{prefix}{n}" in used:
        n += 1
    return f"{prefix}{n}"


def _rule(rid: str, kind: str, title: str, source: str, kinds: list[str], goals: list[str]) -> dict:
    return {"id": rid, "kind": kind, "title": title, "source": source, "applies_to": kinds, "goals": goals,
            "criteria": [], "levels": {"met": "all", "partly_met": 1},
            "advice": "Utse en ansvarig och gör en plan med tidpunkter för hur detta ska uppfyllas."}


def _ids(draft: Draft) -> set[str]:
    return {g["id"] for g in draft.goals} | {r["id"] for r in draft.requirements}


def add_requirement(draft: Draft, section_name: str) -> str:
    """A new requirement asked in this section, with its question, evidence field and criteria; its id."""
    section = draft.sections[section_name]
    kinds = list(q.applies_to(section))
    prefix = next((re.sub(r"\d+$", "", s) for n, schema in section["properties"].items()
                   for s in schema["x-serves"] if draft.requirement(s) and draft.requirement(s)["kind"] != "goal"), "K")
    rid = _new_id(_ids(draft), prefix)
    draft.requirements.append(_rule(rid, "responsibility", NEW_REQUIREMENT, NEW_REQUIREMENT, kinds, []))
    _question(draft, section_name, [rid], NEW_REQUIREMENT, rid.lower())
    return rid


def add_goal(draft: Draft) -> str:
    """A new goal with its contribution question and requirement; its id."""
    gid = _new_id(_ids(draft), "M")
    draft.goals.append({"id": gid, "title": NEW_GOAL, "source": NEW_GOAL})
    rid = _new_id(_ids(draft), "B")
    draft.requirements.append(_rule(rid, "goal", f"Bidrag till målet: {NEW_GOAL}", NEW_GOAL, list(q.UNIT_KINDS),
                                    [gid]))
    section_name = next((n for n, s in draft.sections.items()
                         if any(set(p["x-serves"]) & {g["id"] for g in draft.goals} for p in s["properties"].values())),
                        None)
    if section_name is None:
        section_name = _unique(draft.sections, "mal")
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
                _remove_question(draft, section_name, name)


def remove_question(draft: Draft, section_name: str, name: str) -> None:
    _remove_question(draft, section_name, name)


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


def exists(draft: Draft, key: str) -> bool:
    kind, _sep, ident = key.partition(":")
    if kind == "policy":
        return True
    if kind == "goal":
        return draft.goal(ident) is not None
    if kind == "requirement":
        return draft.requirement(ident) is not None
    if kind == "section":
        return ident in draft.sections
    section_name, _sep, name = ident.partition("/")
    return kind == "question" and name in draft.sections.get(section_name, {}).get("properties", {})


def edit(draft: Draft, key: str, form: dict) -> dict[str, Msg]:
    """Apply a form posted for one item; the problems by field (nothing changed when there are any)."""
    if not exists(draft, key):
        return {"": NO_ITEM()}
    kind, _sep, ident = key.partition(":")
    if kind == "policy":
        return edit_policy(draft, form)
    if kind == "goal":
        return edit_goal(draft, ident, form)
    if kind == "requirement":
        return edit_requirement(draft, ident, form)
    if kind == "section":
        return edit_section(draft, ident, form)
    section_name, _sep, name = ident.partition("/")
    return edit_question(draft, section_name, name, form)


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
