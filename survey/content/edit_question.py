"""Editing a question of a draft in the workshop: its words, the kind of answer it asks for (and
the alternatives, bounds or unit of that kind), whether it must be answered, whether evidence
(files and links) can be attached, when it is asked (a follow-up) and what it serves. Criteria
and follow-ups that read the question keep only conditions its new kind still offers.
"""
from __future__ import annotations

import copy

from survey.content import answer_kinds
from survey.content.edit import BAD_CHOICE, TOO_LONG, Draft, Form, one, text_field
from survey.content.edit_rule import BAD_NUMBER
from survey.i18n import Msg, Text

ALWAYS = "always"
KEEP = "keep"  # asked on a condition the workshop does not offer (another section's answer, an `else`)
TOO_FEW_OPTIONS = Text("edit.too_few_options", "Skriv minst två alternativ, ett per rad.")
TOO_MANY_OPTIONS = Text("edit.too_many_options", "Högst %(n)s alternativ.")
OPTION_TWICE = Text("edit.option_twice", "Alternativet ”%(label)s” står två gånger.")
BOUNDS = Text("edit.bounds", "Det minsta värdet ska vara mindre än det största.")
NO_SERVES = Text("edit.no_serves", "Välj minst ett mål eller krav som frågan hör till.")
NO_ROW_FIELDS = Text("edit.no_row_fields", "Skriv minst ett fält, ett per rad.")
TOO_MANY_ROW_FIELDS = Text("edit.too_many_row_fields", "Högst %(n)s fält per rad.")
FIELD_TWICE = Text("edit.field_twice", "Fältet ”%(label)s” står två gånger.")
FOLLOW_UP_CODES = ("is:", "in:", "true", "false")
ANSWER_KEYS = ("type", "oneOf", "enum", "items", "format", "minimum", "maximum", "x-labels", "x-exclusive",
               "x-widget", "maxLength", "maxItems", "uniqueItems", "x-unit", "x-row-title")


def _asked_when(section: dict, name: str) -> tuple[str, dict | None]:
    """How the workshop shows when a question is asked: always, on an answer of its section, or otherwise."""
    for rule in section.get("allOf", []):
        if name in rule.get("then", {}).get("required", []):
            (question, check), = rule["if"]["properties"].items()
            condition = answer_kinds.condition_of(check)
            if condition is None or condition[1] is not None:
                return KEEP, rule
            return f"{question}|{condition[0]}", rule
        if name in rule.get("else", {}).get("required", []):
            return KEEP, rule
    return ALWAYS, None


def follow_up_choices(section: dict, name: str) -> list[tuple[str, str, Msg]]:
    """The answers a follow-up can be asked on: those of the questions before it in its section, and the
    one it is asked on now, as (value, question, condition)."""
    asked, _rule = _asked_when(section, name)
    names = list(section["properties"])
    before = set(names[:names.index(name)]) | {asked.partition("|")[0]}
    return [(f"{other}|{code}", schema["title"], words) for other, schema in section["properties"].items()
            if other in before for code, words in answer_kinds.conditions(schema)
            if code.startswith(FOLLOW_UP_CODES)]


def question_values(draft: Draft, section_name: str, name: str) -> Form:
    section = draft.sections[section_name]
    schema = section["properties"][name]
    kind = answer_kinds.kind_of(schema)
    asked, _rule = _asked_when(section, name)
    found: Form = {
        "title": [schema.get("title", "")], "description": [schema.get("description", "")], "kind": [kind],
        "options": ["\n".join(answer_kinds.option_lines(schema))],
        "minimum": [_shown(schema.get("minimum"))], "maximum": [_shown(schema.get("maximum"))],
        "unit": [schema.get("x-unit", "")], "required": ["on"] if name in section.get("required", []) else [],
        "evidence": ["on"] if schema.get("x-evidence") else [], "condition": [asked],
        "serves": list(schema.get("x-serves", [])), "shared": [schema.get("x-shared", "")],
    }
    if kind == "rader":
        found["row_title"] = [schema.get("x-row-title", "")]
        found["fields"] = ["\n".join(answer_kinds.row_field_lines(schema))]
    return found


def _shown(number) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else str(number)


def _bound(form: Form, name: str, errors: dict) -> float | None:
    value = one(form, name).replace(",", ".").replace(" ", "")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        errors[name] = BAD_NUMBER()
        return None


def _lines(form: Form, field: str, errors: dict, *, least: int, most: int, too_few, too_many, twice) -> list[str]:
    """A field written one item a line (alternatives, a row's fields): between `least` and `most`
    lines of at most 200 characters, none twice; the problem in errors[field]."""
    lines = [line.strip() for line in one(form, field).split("\n") if line.strip()]
    if len(lines) < least:
        errors[field] = too_few()
    elif len(lines) > most:
        errors[field] = too_many(n=most)
    elif any(len(line) > 200 for line in lines):
        errors[field] = TOO_LONG(n=200)
    elif again := next((line for line in lines if lines.count(line) > 1), None):
        errors[field] = twice(label=again)
    return lines


def _options(form: Form, errors: dict) -> list[str]:
    return _lines(form, "options", errors, least=2, most=answer_kinds.MAX_OPTIONS, too_few=TOO_FEW_OPTIONS,
                  too_many=TOO_MANY_OPTIONS, twice=OPTION_TWICE)


def _row_fields(form: Form, errors: dict) -> list[str]:
    return _lines(form, "fields", errors, least=1, most=answer_kinds.MAX_ROW_FIELDS, too_few=NO_ROW_FIELDS,
                  too_many=TOO_MANY_ROW_FIELDS, twice=FIELD_TWICE)


def edit_question(draft: Draft, section_name: str, name: str, form: Form,
                  shared: dict[str, dict] | None = None) -> dict[str, Msg]:
    """Apply a question's form. `shared` is the organisation's shared questions by key: a question
    linked to one takes its key, words and kind of answer."""
    errors: dict[str, Msg] = {}
    section = draft.sections[section_name]
    schema = section["properties"][name]
    link = one(form, "shared") if "shared" in form else schema.get("x-shared", "")
    linking = link and link != schema.get("x-shared")
    if linking and link not in (shared or {}):
        errors["shared"] = BAD_CHOICE()
    title = text_field(form, "title", errors, limit=500)
    description = text_field(form, "description", errors, required=False)
    kind = one(form, "kind")
    if kind not in answer_kinds.KINDS:
        errors["kind"] = BAD_CHOICE()
    lines = _options(form, errors) if kind in answer_kinds.WITH_OPTIONS else []
    low, high = _bound(form, "minimum", errors), _bound(form, "maximum", errors)
    if kind in answer_kinds.WITH_BOUNDS and low is not None and high is not None and low >= high:
        errors["maximum"] = BOUNDS()
    unit = text_field(form, "unit", errors, required=False, limit=10)
    ids = [g["id"] for g in draft.goals] + [r["id"] for r in draft.requirements]
    serves = [i for i in ids if i in form.get("serves", [])]
    if not serves:
        errors["serves"] = NO_SERVES()
    condition = one(form, "condition") or ALWAYS
    offered = {value for value, _q, _w in follow_up_choices(section, name)}
    if condition not in offered | {ALWAYS, KEEP}:
        errors["condition"] = BAD_CHOICE()
    row_title = text_field(form, "row_title", errors, required=False, limit=60)
    fields = _row_fields(form, errors) if kind == "rader" and "fields" in form else None
    if errors:
        return errors
    wanted = answer_kinds.schema_for(kind, schema, lines=lines, minimum=low, maximum=high, unit=unit)
    wanted["title"] = title
    if description:
        wanted["description"] = description
    else:
        wanted.pop("description", None)
    wanted["x-serves"] = serves
    if linking:
        model = shared[link]
        wanted = {k: v for k, v in wanted.items() if k not in ANSWER_KEYS} | {
            k: copy.deepcopy(v) for k, v in model.items() if k in ANSWER_KEYS + ("title",)}
    if link:
        wanted["x-shared"] = link
    else:
        wanted.pop("x-shared", None)
    if form.get("evidence"):
        wanted["x-evidence"] = True
    else:
        wanted.pop("x-evidence", None)
    if kind == "rader":
        if row_title:
            wanted["x-row-title"] = row_title
        if fields:
            wanted["items"] = answer_kinds.row_items(fields, wanted)
    section["properties"][name] = wanted
    _keep_conditions(draft, section_name, name)
    _set_asked(section, name, condition, required=bool(form.get("required")) and not scored_on_presence(
        draft, section_name, name))
    return errors


def scored_on_presence(draft: Draft, section_name: str, name: str) -> bool:
    """Whether a criterion is met by any answer to the question: then the question must be optional."""
    return any(c["path"].strip("/").split("/")[-3:] == ["answers", section_name, name]
               and answer_kinds.condition_of(c["schema"]) == (answer_kinds.PRESENCE, None)
               for rule in draft.requirements for c in rule["criteria"])


def set_scale(draft: Draft, section_name: str, name: str, kind: str) -> None:
    """Ask a question on another scale; criteria and follow-ups on it keep the values it still offers."""
    section = draft.sections[section_name]
    section["properties"][name] = answer_kinds.schema_for(kind, section["properties"][name], lines=[])
    _keep_conditions(draft, section_name, name)


def _keep_conditions(draft: Draft, section_name: str, name: str) -> None:
    """Criteria and follow-up conditions reading a question keep only conditions it still offers."""
    schema = draft.sections[section_name]["properties"][name]
    offered = dict(answer_kinds.conditions(schema))
    first = next(iter(offered))
    for rule in draft.requirements:
        for criterion in rule["criteria"]:
            if criterion["path"].strip("/").split("/")[-3:] != ["answers", section_name, name]:
                continue
            current = answer_kinds.condition_of(criterion["schema"])
            if current is None or current[0] not in offered:
                criterion["schema"] = answer_kinds.schema_of(first, 1)
    section = draft.sections[section_name]
    kept = []
    for rule in section.get("allOf", []):
        check = rule["if"]["properties"].get(name)
        condition = answer_kinds.condition_of(check) if check is not None else None
        if check is not None and condition is not None and condition[1] is None:
            codes = condition[0].partition(":")[2].split(",") if condition[0].startswith("in:") else None
            if codes is not None:
                still = [v for v in codes if f"is:{v}" in offered]
                if not still:
                    continue
                rule["if"]["properties"][name] = {"enum": still} if len(still) > 1 else {"const": still[0]}
            elif condition[0] not in offered:
                continue
        kept.append(rule)
    _set_conditions(section, kept)


def _set_asked(section: dict, name: str, condition: str, *, required: bool) -> None:
    """Make a question always asked (required or not) or a follow-up of another question's answer."""
    current, _rule = _asked_when(section, name)
    if condition == KEEP or (condition == current and condition != ALWAYS):
        return
    if current != ALWAYS:
        for rule in section.get("allOf", []):
            if "then" in rule:
                rule["then"]["required"] = [n for n in rule["then"]["required"] if n != name]
        _set_conditions(section, [r for r in section.get("allOf", [])
                                   if r.get("then", {}).get("required") or r.get("else", {}).get("required")])
    required_now = [n for n in section.get("required", []) if n != name]
    if condition == ALWAYS:
        section["required"] = required_now + ([name] if required else [])
        return
    section["required"] = required_now
    other, _sep, code = condition.partition("|")
    check = answer_kinds.schema_of(code, None)
    test = {"properties": {other: check}, "required": [other]}
    same = next((r for r in section.get("allOf", []) if r["if"] == test and "then" in r), None)
    if same:
        same["then"]["required"].append(name)
    else:
        section.setdefault("allOf", []).append({"if": test, "then": {"required": [name]}})


def _set_conditions(section: dict, rules: list[dict]) -> None:
    """A section's conditions; none at all rather than an empty `allOf`, which the format refuses."""
    if rules:
        section["allOf"] = rules
    else:
        section.pop("allOf", None)


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
    _set_conditions(section, kept)
    for rule in draft.requirements:
        rule["criteria"] = [c for c in rule["criteria"] if c["path"].strip("/").split("/")[-3:]
                            != ["answers", section_name, name]]
        clamp(rule)
    for follow_up in follow_ups:
        if follow_up in section["properties"]:
            remove_question(draft, section_name, follow_up)


def follow_ups_of(section: dict, name: str) -> list[str]:
    """The questions asked only because of this question's answer."""
    return [f for rule in section.get("allOf", []) if name in rule["if"]["properties"]
            for branch in ("then", "else") for f in rule.get(branch, {}).get("required", [])]


def clamp(rule: dict) -> None:
    """Keep a rule's levels possible after criteria were removed."""
    count, levels = len(rule["criteria"]), rule["levels"]
    if levels["met"] != "all" and levels["met"] > count:
        levels["met"] = "all"
    met = count if levels["met"] == "all" else levels["met"]
    if levels.get("partly_met", 0) >= met:
        levels["partly_met"] = max(0, met - 1)
