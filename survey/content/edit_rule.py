"""Editing a requirement of a draft in the workshop: its words, goals, weight, whom it addresses,
its criteria (a question and a condition on its answer each) and how many met criteria give
which level. Pure functions on `survey.content.edit.Draft`.
"""
from __future__ import annotations

import re

from survey.content import answer_kinds
from survey.content import questionnaire as q
from survey.content.edit import (
    BAD_CHOICE,
    PARTLY_BELOW,
    Draft,
    Form,
    count_field,
    inherits,
    one,
    set_rule_target,
    text_field,
    target_of,
    target_values,
)
from survey.i18n import Msg, Text

KEEP = "keep"  # a criterion written in a way the workshop does not offer: kept as it is
ANSWER = re.compile(r"^/answers/([^/]+)/([^/]+)$")
BAD_NUMBER = Text("edit.bad_number", "Ange ett tal, till exempel 3.")
NO_GOAL = Text("edit.no_goal", "Välj minst ett mål som kravet bidrar till.")


def criterion_value(criterion: dict) -> tuple[str, str]:
    """(question and condition, number) of a criterion as the workshop's form shows it."""
    found = ANSWER.match(criterion["path"])
    condition = answer_kinds.condition_of(criterion["schema"])
    if not found or condition is None or "missing" in criterion:
        return KEEP, ""
    code, n = condition
    number = "" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    return f"{found.group(1)}/{found.group(2)}|{code}", number


def rule_values(draft: Draft, rid: str) -> Form:
    rule = draft.requirement(rid)
    count = len(rule["criteria"])
    met = rule["levels"]["met"]
    found: Form = {
        "title": [rule["title"]], "advice": [rule.get("advice", "")], "goals": list(rule["goals"]),
        "weight": [str(rule.get("weight", 1)).removesuffix(".0")],
        "met": [str(count if met == "all" else met)], "partly": [str(rule["levels"].get("partly_met", 0))],
        "target": ["section" if inherits(draft, rule) else "own"],
    } | target_values(q.rule_applies_to(rule))
    for i, criterion in enumerate(rule["criteria"]):
        test, number = criterion_value(criterion)
        found |= {f"crit-{i}-label": [criterion["label"]], f"crit-{i}-test": [test], f"crit-{i}-n": [number]}
    return found


def _number(form: Form, name: str, errors: dict) -> float | None:
    value = one(form, name).replace(",", ".").replace(" ", "")
    try:
        number = float(value)
    except ValueError:
        errors[name] = BAD_NUMBER()
        return None
    return int(number) if number.is_integer() else number


def _criteria(draft: Draft, rule: dict, form: Form, errors: dict) -> list[dict]:
    criteria = []
    for i, criterion in enumerate(rule["criteria"]):
        label = text_field(form, f"crit-{i}-label", errors, limit=200)
        test = one(form, f"crit-{i}-test") or KEEP
        if test == KEEP:
            criteria.append(criterion | {"label": label})
            continue
        where, _sep, code = test.partition("|")
        section_name, _sep, name = where.partition("/")
        schema = draft.sections.get(section_name, {}).get("properties", {}).get(name)
        if schema is None or code not in dict(answer_kinds.conditions(schema)):
            errors[f"crit-{i}-test"] = BAD_CHOICE()
            continue
        n = _number(form, f"crit-{i}-n", errors) if code in answer_kinds.NEEDS_NUMBER else None
        criteria.append({"label": label, "path": f"/answers/{section_name}/{name}",
                         "schema": answer_kinds.schema_of(code, n)})
    return criteria


def edit_requirement(draft: Draft, rid: str, form: Form) -> dict[str, Msg]:
    """Words, goals, weight, whom it addresses (its section's units, or its own), criteria, levels, advice."""
    errors: dict[str, Msg] = {}
    rule = draft.requirement(rid)
    count = len(rule["criteria"])
    title, advice = text_field(form, "title", errors, limit=300), text_field(form, "advice", errors)
    goals = [g["id"] for g in draft.goals if g["id"] in form.get("goals", [])]
    if rule["kind"] == "goal" and not goals:
        errors["goals"] = NO_GOAL()
    weight = count_field(form, "weight", 1, 10, errors)
    met = count_field(form, "met", 1, max(1, count), errors)
    partly = count_field(form, "partly", 0, max(0, count - 1), errors)
    if met is not None and partly is not None and partly >= met:
        errors["partly"] = PARTLY_BELOW(met=met)
    home = draft.home(rid)
    follows = one(form, "target") == "section" and home is not None
    target = q.applies_to(draft.questionnaire, draft.sections[home]) if follows else target_of(draft, form, errors)
    criteria = _criteria(draft, rule, form, errors)
    if errors:
        return errors
    rule.update(title=title, advice=advice, goals=goals, criteria=criteria,
                levels={"met": "all" if met == count else met, "partly_met": partly})
    if weight == 1:
        rule.pop("weight", None)
    else:
        rule["weight"] = weight
    set_rule_target(draft, rule, target)
    return errors


def criterion_choices(draft: Draft, rid: str) -> list[tuple[str, list[tuple[str, str, Msg]]]]:
    """The questions a requirement's criteria can read, by section: (section title, [(value, question, condition)]).

    The questions that serve it, and any its criteria read now.
    """
    rule = draft.requirement(rid)
    read = {(found.group(1), found.group(2)) for c in rule["criteria"] if (found := ANSWER.match(c["path"]))}
    groups = []
    for section_name, section in draft.sections.items():
        offered = [(f"{section_name}/{name}|{code}", schema["title"], words)
                   for name, schema in section["properties"].items()
                   if rid in schema.get("x-serves", []) or (section_name, name) in read
                   for code, words in answer_kinds.conditions(schema)]
        if offered:
            groups.append((section.get("title", section_name), offered))
    return groups
