"""Reading a questionnaire: its sections, questions, follow-ups and the view of each unit."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any, Callable, Iterator, NamedTuple

from survey.content.criteria import compile_schema
from survey.content.pointer import pointer_of, split
from survey.content.quickcheck import Predicate, accepts, compile_answers
from survey.content.validation import REQUIRED, FieldError, control_characters, field_errors
from survey.i18n import Text

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


def view_for(questionnaire: dict, kind: str, tags: tuple[str, ...], name: str) -> dict:
    """`for_unit` of the unit of this kind, tags and name: arguments a cache of views can key on."""
    return for_unit(questionnaire, {"kind": kind, "tags": list(tags), "name": name})


class Condition(NamedTuple):
    """When a follow-up is asked: a rule's `if` holds (the follow-up is in its `then`) or fails (`else`).

    The `if` names one question and one rule. A section's own rule reads that section's answers;
    a rule in the questionnaire's top-level `allOf` reads another section's (`whole`).
    """

    section: str  # the section of the question the `if` reads
    question: str
    rule: dict  # const, enum, minimum or maximum
    test: str  # the whole `if`, as canonical JSON: the key of its compiled check
    whole: bool  # the `if` is applied to all the answers, not to one section's
    holds: bool  # asked when the `if` holds (`then`) or when it fails (`else`)

    @property
    def needs_answer(self) -> bool:
        """Whether the `if` fails when the question is unanswered (its `required` names it)."""
        condition = json.loads(self.test)
        if self.whole:
            condition = condition["properties"][self.section] if self.section in condition.get("required", []) else {}
        return self.question in condition.get("required", [])


def _follow_ups(rule: dict, branch: str) -> Iterator[tuple[str | None, str]]:
    """The (section or None for the rule's own, question) a `then` or `else` requires."""
    shape = rule.get(branch) or {}
    for name in shape.get("required", []):
        yield None, name
    for section_name, inner in shape.get("properties", {}).items():
        for name in inner.get("required", []):
            yield section_name, name


def conditions(questionnaire: dict, section_name: str) -> dict[str, list[Condition]]:
    """For each follow-up of a section, the conditions under which it is asked (any one suffices).

    Its own section's `allOf` and the questionnaire's top-level `allOf` (a condition on a
    question of another section) alike; a `then` asks when the `if` holds, an `else` when it fails.
    """
    section = questionnaire.get("properties", {}).get(section_name, {})
    found: dict[str, list[Condition]] = {}
    for rule in section.get("allOf", []):
        (question, check), = rule["if"]["properties"].items()
        test = json.dumps(rule["if"], sort_keys=True)
        for branch in ("then", "else"):
            for _none, name in _follow_ups(rule, branch):
                found.setdefault(name, []).append(
                    Condition(section_name, question, check, test, False, branch == "then"))
    for rule in questionnaire.get("allOf", []):
        (source, inner), = rule["if"]["properties"].items()
        (question, check), = inner["properties"].items()
        test = json.dumps(rule["if"], sort_keys=True)
        for branch in ("then", "else"):
            for target, name in _follow_ups(rule, branch):
                if target == section_name:
                    found.setdefault(name, []).append(Condition(source, question, check, test, True, branch == "then"))
    return found


def follow_ups(questionnaire: dict) -> dict[tuple[str, str], list[Condition]]:
    """Every follow-up of the questionnaire by (section, question), with its conditions."""
    return {(section_name, name): found for section_name, _section in sections(questionnaire)
            for name, found in conditions(questionnaire, section_name).items()}


def follow_ups_for(questionnaire: dict, kind: str, tags: tuple[str, ...], name: str) -> dict[tuple[str, str], list]:
    """`follow_ups` of a unit's view (`view_for`): what a cache of content keeps, for `without_unasked` and
    `check_answers`."""
    return follow_ups(view_for(questionnaire, kind, tags, name))


def accepted_for(questionnaire: dict, kind: str, tags: tuple[str, ...], name: str, complete: bool) -> Predicate:
    """A unit's view (`view_for`) compiled to a quick yes for answers its schema accepts (survey.content.quickcheck),
    for a submission or a draft: what a cache of content keeps, for `check_answers`."""
    return compile_answers(view_for(questionnaire, kind, tags, name), draft=not complete)


@lru_cache(maxsize=1024)
def _check(test: str) -> Callable[[Any], bool]:
    """A compiled `if`: the JSON Schema answer, cached by its canonical JSON."""
    return compile_schema(json.loads(test))


def holds(condition: Condition, answers: dict) -> bool:
    """Whether a condition asks its follow-up, judged on the answers as given (JSON Schema's `if`)."""
    if condition.whole:
        met = _check(condition.test)(answers)
    else:
        given = answers.get(condition.section)
        met = _check(condition.test)(given if isinstance(given, dict) else {})
    return met == condition.holds


def is_asked(questionnaire: dict, section_name: str, name: str, answers: dict) -> bool:
    """Whether a question is shown, given all the answers so far (a follow-up may hang on another section)."""
    found = conditions(questionnaire, section_name).get(name)
    return not found or any(holds(c, answers) for c in found)


def without_unasked(questionnaire: dict, answers: dict,
                    asked: dict[tuple[str, str], list[Condition]] | None = None) -> dict:
    """Answers with follow-ups whose condition no longer holds left out (`asked`: the questionnaire's
    `follow_ups`, when the caller keeps them).

    A condition is judged on what is kept of the question it reads, so a follow-up of a
    dropped follow-up is judged as the gate will see the answers (JSON Schema's `if` on them).
    """
    asked = follow_ups(questionnaire) if asked is None else asked
    verdict: dict[tuple[str, str], bool] = {}

    def kept(key: tuple[str, str]) -> bool:
        section_name, name = key
        given = answers.get(section_name)
        if not isinstance(given, dict) or name not in given:
            return False
        if key not in asked:
            return True
        if key not in verdict:
            verdict[key] = False  # a cycle (refused by lint) counts as unanswered
            verdict[key] = any(holds(c, _as_kept(c, answers, kept)) for c in asked[key])
        return verdict[key]

    result: dict[str, Any] = {}
    for section_name, _section in sections(questionnaire):
        given = answers.get(section_name)
        if isinstance(given, dict):
            result[section_name] = {name: value for name, value in given.items() if kept((section_name, name))}
    return result


def _as_kept(condition: Condition, answers: dict, kept: Callable[[tuple[str, str]], bool]) -> dict:
    """The answers a condition reads, as far as they are kept: the question's section with it or without."""
    section = answers.get(condition.section)
    if not isinstance(section, dict):
        return {}
    key = (condition.section, condition.question)
    return {condition.section: {condition.question: section[condition.question]} if kept(key) else {}}


def check_answers(questionnaire: dict, unit: dict, answers: object, *, complete: bool, view: dict | None = None,
                  asked: dict[tuple[str, str], list[Condition]] | None = None,
                  accepted: Predicate | None = None) -> list[FieldError]:
    """Problems with a unit's answers, one per field, in Swedish.

    `complete=False` checks a draft: types and limits, but nothing is missing yet.
    A follow-up answered although its condition does not hold is a problem too, and a
    follow-up asked but missing is one at its own field (even beside other missing answers).
    `view` (`for_unit`), `asked` (its `follow_ups`) and `accepted` (`accepted_for`) are given when the caller
    keeps them: when `accepted` says yes, the schema has nothing to say and jsonschema is not asked.
    """
    view = for_unit(questionnaire, unit) if view is None else view
    asked = follow_ups(view) if asked is None else asked
    problems = list(control_characters(answers))  # in place of the schema's findings at the same field
    refused = {problem.pointer for problem in problems}
    if accepted is None or not accepts(accepted, answers):
        problems += [e for e in field_errors(view, answers, complete=complete) if e.pointer not in refused]
    if isinstance(answers, dict):
        for (section_name, name), found in asked.items():
            given = answers.get(section_name)
            if not isinstance(given, dict) or name not in view["properties"][section_name]["properties"]:
                continue
            asked = any(holds(c, answers) for c in found)
            if name in given and not asked:
                problems.append(FieldError(pointer_of(section_name, name), NOT_ASKED()))
            elif complete and asked and name not in given:
                problems.append(FieldError(pointer_of(section_name, name), REQUIRED()))
    return sorted((_in_row(view, problem) for problem in dict.fromkeys(problems)), key=lambda e: e.pointer)


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
