"""Reading a questionnaire: its sections, questions, follow-ups and unit-kind views."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Callable, Iterator

from survey.content.pointer import pointer_of, split
from survey.content.validation import FieldError, field_errors
from survey.i18n import Text
from survey.scoring.criteria import compile_schema

UNIT_KINDS = ("kommunstyrelse", "nämnd", "förvaltning", "bolag")
# The default kinds' names for people; an organisation's own kinds are shown as they are written.
KIND_LABELS = {"kommunstyrelse": Text("kind.kommunstyrelse", "kommunstyrelse"), "nämnd": Text("kind.nämnd", "nämnd"),
               "förvaltning": Text("kind.förvaltning", "förvaltning"), "bolag": Text("kind.bolag", "bolag")}
IN_ROW = Text("in_row", "Rad %(row)s: %(field)s: %(message)s")
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


def applies_to(section: dict) -> tuple[str, ...]:
    return tuple(section.get("x-applies-to", UNIT_KINDS))


def for_unit_kind(questionnaire: dict, kind: str) -> dict:
    """The questionnaire as a unit of this kind answers it: other kinds' sections left out.

    A shallow copy: the sections are shared with the questionnaire, so neither may be mutated.
    """
    shown = {name: section for name, section in sections(questionnaire) if kind in applies_to(section)}
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


def check_answers(questionnaire: dict, kind: str, answers: object, *, complete: bool) -> list[FieldError]:
    """Problems with a unit's answers, one per field, in Swedish.

    `complete=False` checks a draft: types and limits, but nothing is missing yet.
    A follow-up answered although its condition does not hold is a problem too.
    """
    view = for_unit_kind(questionnaire, kind)
    problems = field_errors(view, answers, complete=complete)
    if isinstance(answers, dict):
        for section_name, section in sections(view):
            given = answers.get(section_name)
            if not isinstance(given, dict):
                continue
            for name in given:
                if name in section["properties"] and not is_asked(section, name, given):
                    problems.append(FieldError(pointer_of(section_name, name), NOT_ASKED()))
    return sorted((_in_row(view, problem) for problem in problems), key=lambda e: e.pointer)


def _in_row(questionnaire: dict, problem: FieldError) -> FieldError:
    """A problem in a row of a structured list, worded with the row's number and the field's title."""
    parts = split(problem.pointer)
    if len(parts) < 4 or not parts[2].isdigit():
        return problem
    schema = questionnaire["properties"].get(parts[0], {}).get("properties", {}).get(parts[1], {})
    fields = schema.get("items", {}).get("properties", {}) if schema.get("type") == "array" else {}
    if not isinstance(fields.get(parts[3]), dict):
        return problem
    title = fields[parts[3]].get("title", parts[3])
    return FieldError(problem.pointer, IN_ROW(row=int(parts[2]) + 1, field=title, message=problem.message))
