"""Reading a questionnaire: its sections, questions, follow-ups and the view of each unit."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Callable, Iterator, NamedTuple

from survey.content.pointer import pointer_of
from survey.content.validation import FieldError, field_errors
from survey.i18n import Text
from survey.scoring.criteria import compile_schema

UNIT_KINDS = ("kommunstyrelse", "nämnd", "förvaltning", "bolag")
# The default kinds' names for people; an organisation's own kinds are shown as they are written.
KIND_LABELS = {"kommunstyrelse": Text("kind.kommunstyrelse", "kommunstyrelse"), "nämnd": Text("kind.nämnd", "nämnd"),
               "förvaltning": Text("kind.förvaltning", "förvaltning"), "bolag": Text("kind.bolag", "bolag")}
NOT_ASKED = Text("not_asked", "Frågan ställs inte med de svar som getts; ta bort svaret.")


def sections(questionnaire: dict) -> list[tuple[str, dict]]:
    """The sections (form pages) in the order they are shown."""
    return list(questionnaire.get("properties", {}).items())


def questions(questionnaire: dict) -> Iterator[tuple[str, str, dict]]:
    """Every question as (section name, question name, question schema)."""
    for section_name, section in sections(questionnaire):
        for name, schema in section.get("properties", {}).items():
            yield section_name, name, schema


def goals(questionnaire: dict) -> list[dict]:
    return questionnaire.get("x-policy", {}).get("goals", [])


class Target(NamedTuple):
    """Whom a section or requirement addresses: units of these kinds, carrying these tags, or so named."""
    kinds: tuple[str, ...]
    tags: tuple[str, ...]
    units: tuple[str, ...]

    def addresses(self, unit: dict) -> bool:
        """Whether a unit ({"name", "kind", "tags"}) is addressed: by its kind, a tag or its name."""
        return unit["kind"] in self.kinds or bool(set(unit.get("tags") or ()) & set(self.tags)) \
            or unit.get("name") in self.units


def policy_kinds(questionnaire: dict) -> tuple[str, ...]:
    """The unit kinds a policy addresses: `x-policy.kinds`, by default the four default kinds."""
    return tuple(questionnaire.get("x-policy", {}).get("kinds", UNIT_KINDS))


def policy_tags(questionnaire: dict) -> tuple[str, ...]:
    """The unit tags a policy uses: `x-policy.tags`, by default none."""
    return tuple(questionnaire.get("x-policy", {}).get("tags", ()))


def applies_to(questionnaire: dict, section: dict) -> Target:
    """Whom a section addresses; a section that names no kind, tag or unit is for all the policy's kinds."""
    target = Target(tuple(section.get("x-applies-to", ())), tuple(section.get("x-applies-to-tags", ())),
                    tuple(section.get("x-applies-to-units", ())))
    return target if any(target) else target._replace(kinds=policy_kinds(questionnaire))


def rule_applies_to(rule: dict) -> Target:
    """Whom a requirement of a rule set addresses."""
    return Target(tuple(rule["applies_to"]), tuple(rule.get("applies_to_tags", ())),
                  tuple(rule.get("applies_to_units", ())))


def for_unit(questionnaire: dict, unit: dict) -> dict:
    """The questionnaire as this unit ({"name", "kind", "tags"}) answers it: sections not addressed to it left out.

    A shallow copy: the sections are shared with the questionnaire, so neither may be mutated.
    """
    shown = {name: section for name, section in sections(questionnaire)
             if applies_to(questionnaire, section).addresses(unit)}
    return questionnaire | {"properties": shown,
                            "required": [name for name in questionnaire.get("required", []) if name in shown]}


def conditions(section: dict) -> dict[str, list[dict]]:
    """For each follow-up question, the `if` schemas under which it is asked."""
    found: dict[str, list[dict]] = {}
    for rule in section.get("allOf", []):
        for name in rule.get("then", {}).get("required", []):
            found.setdefault(name, []).append(rule["if"])
    return found


@lru_cache(maxsize=1024)
def _condition(key: str) -> Callable[[dict], bool]:
    """A compiled `if` of the form the meta-schema allows: one question's value meets a rule."""
    condition = json.loads(key)
    (name, rule), = condition["properties"].items()
    check = compile_schema(rule)
    return lambda answers: name in answers and answers[name] is not None and check(answers[name])


def is_asked(section: dict, name: str, section_answers: dict) -> bool:
    """Whether a question is shown, given the answers of its section so far."""
    asked_if = conditions(section).get(name)
    if not asked_if:
        return True
    return any(_condition(json.dumps(cond, sort_keys=True))(section_answers) for cond in asked_if)


def without_unasked(questionnaire: dict, answers: dict) -> dict:
    """Answers with follow-ups whose condition no longer holds left out."""
    kept: dict[str, Any] = {}
    for section_name, section in sections(questionnaire):
        given = answers.get(section_name)
        if not isinstance(given, dict):
            continue
        kept[section_name] = {
            name: value for name, value in given.items() if is_asked(section, name, given)
        }
    return kept


def check_answers(questionnaire: dict, unit: dict, answers: object, *, complete: bool) -> list[FieldError]:
    """Problems with a unit's answers, one per field, in Swedish.

    `complete=False` checks a draft: types and limits, but nothing is missing yet.
    A follow-up answered although its condition does not hold is a problem too.
    """
    view = for_unit(questionnaire, unit)
    problems = field_errors(view, answers, complete=complete)
    if isinstance(answers, dict):
        for section_name, section in sections(view):
            given = answers.get(section_name)
            if not isinstance(given, dict):
                continue
            for name in given:
                if name in section["properties"] and not is_asked(section, name, given):
                    problems.append(FieldError(pointer_of(section_name, name), NOT_ASKED()))
    return sorted(problems, key=lambda e: e.pointer)
