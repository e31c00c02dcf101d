"""Edits a coordinator makes to a draft policy in the workshop, as pure functions on its data.

A draft is a questionnaire and a rule set in the content format. Each edit changes a copy
(`Draft`) and returns the problems with what was typed, by field, as messages (`Msg`);
nothing is changed when there are problems. Items are named by keys: `policy`,
`goal:<id>`, `requirement:<id>`, `section:<name>` and `question:<section>/<name>`.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date

from survey.content import questionnaire as q
from survey.content.derive.draft import EVIDENCE_HELP
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


def _kinds(draft: Draft, form: dict, errors: dict, *, others: bool) -> list[str]:
    """The policy's kinds ticked in the form; none is enough when the item also names tags or units (`others`)."""
    kinds = [k for k in q.policy_kinds(draft.questionnaire) if k in form.get("kinds", [])]
    if not kinds and not others:
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
    section = draft.sections[name]
    others = bool(section.get("x-applies-to-tags") or section.get("x-applies-to-units"))
    title, kinds = _text(form, "title", errors, limit=200), _kinds(draft, form, errors, others=others)
    if not errors:
        section["title"] = title
        if (not others and set(kinds) == set(q.policy_kinds(draft.questionnaire))) or not kinds:
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
    advice = _text(form, "advice", errors)
    kinds = _kinds(draft, form, errors, others=bool(rule.get("applies_to_tags") or rule.get("applies_to_units")))
    met: int | str | None = "all" if form.get("met") in ("all", str(count)) else _count(form, "met", 1, count, errors)
    partly = _count(form, "partly", 1, max(1, count - 1), errors)
    if met is not None and partly is not None and partly >= (count if met == "all" else met):
        errors["partly"] = PARTLY_BELOW(met=count if met == "all" else met)
    if not errors:
        rule.update(title=title, source=source, applies_to=kinds, levels={"met": met, "partly_met": partly},
                    advice=advice)
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
        set_scale(draft, section_name, name, form["scale"])
        wanted, evidence = form.get("evidence") == "on", evidence_of(section, name)
        if wanted and not evidence:
            add_evidence(draft, section_name, name)
        elif evidence and not wanted:
            remove_question(draft, section_name, evidence)
    return errors


def _reads(criterion: dict, section_name: str, name: str) -> bool:
    """Whether a criterion reads this question (this year's or last year's answer)."""
    return criterion["path"].strip("/").split("/")[-3:] == ["answers", section_name, name]


def set_scale(draft: Draft, section_name: str, name: str, scale: str) -> None:
    """Change the scale; conditions and criteria on the question keep only values it still offers."""
    section = draft.sections[section_name]
    section["properties"][name]["oneOf"] = copy.deepcopy(SCALES[scale])
    offered = {c["const"] for c in SCALES[scale]}
    schemas = [rule["if"]["properties"][name] for rule in section.get("allOf", []) if name in rule["if"]["properties"]]
    schemas += [c["schema"] for r in draft.requirements for c in r["criteria"] if _reads(c, section_name, name)]
    for schema in schemas:
        if isinstance(schema, dict) and "enum" in schema:
            schema["enum"] = [v for v in schema["enum"] if v in offered] or ["ja"]


def unique(existing, stem: str) -> str:
    name, n = stem, 2
    while name in existing:
        name, n = f"{stem}_{n}", n + 1
    return name


def add_evidence(draft: Draft, section_name: str, name: str) -> None:
    section = draft.sections[section_name]
    schema = section["properties"][name]
    evidence = unique(section["properties"], f"{name}_underlag")
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


def remove_question(draft: Draft, section_name: str, name: str) -> None:
    """Remove a question, the follow-ups asked only because of it, and the criteria that read it."""
    section = draft.sections[section_name]
    follow_ups = [f for rule in section.get("allOf", []) if name in rule["if"]["properties"]
                  for branch in ("then", "else") for f in rule.get(branch, {}).get("required", [])]
    section["properties"].pop(name, None)
    section["required"] = [n for n in section.get("required", []) if n != name]
    kept = []
    for rule in section.get("allOf", []):
        for branch in ("then", "else"):
            if branch in rule:
                rule[branch]["required"] = [n for n in rule[branch]["required"] if n != name]
        if name not in rule["if"]["properties"] and (rule["then"]["required"] or rule.get("else", {}).get("required")):
            kept.append(rule)
    if "allOf" in section:
        section["allOf"] = kept
    for rule in draft.requirements:
        rule["criteria"] = [c for c in rule["criteria"] if not _reads(c, section_name, name)]
        clamp(rule)
    for follow_up in follow_ups:
        if follow_up in section["properties"]:
            remove_question(draft, section_name, follow_up)


def clamp(rule: dict) -> None:
    """Keep a rule's levels possible after criteria were removed."""
    count, levels = len(rule["criteria"]), rule["levels"]
    if levels["met"] != "all" and levels["met"] > count:
        levels["met"] = "all"
    met = count if levels["met"] == "all" else levels["met"]
    if levels.get("partly_met", 0) >= met:
        levels["partly_met"] = max(0, met - 1)


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
