"""Checks of criteria and conditions: they read what exists and can both be met and failed."""
from __future__ import annotations

import json
from typing import Any, Iterator

import jsonschema

from survey.content import questionnaire as q
from survey.content.criteria import compile_schema, pattern_refusal
from survey.content.files import Problem
from survey.content.lint import domain
from survey.content.lint.policy import Policy
from survey.content.pointer import split
from survey.content.validation import TYPE_NAMES, message
from survey.i18n import Msg, Text

BAD_SCHEMA = Text("lint.bad_schema", "schemat är inget giltigt JSON Schema vid %(where)s: %(detail)s")
NOT_A_QUESTION = Text("lint.not_a_question", "ska peka på en fråga: /answers/<avsnitt>/<fråga>")
NO_SUCH_QUESTION = Text("lint.no_such_question", "frågan %(question)s finns inte i %(file)s")
NOT_SERVED = Text("lint.not_served", "frågan %(question)s anger inte %(rule)s i x-serves")
SECTION_HIDDEN = Text("lint.section_hidden", "avsnittet %(section)s visas inte för %(kinds)s")
SECTION_HIDDEN_TAGS = Text("lint.section_hidden_tags", "avsnittet %(section)s visas inte för enheter med taggen "
                                                       "%(tags)s, som kravet gäller; lägg till taggen i avsnittets "
                                                       "x-applies-to-tags eller ta bort den ur kravets applies_to_tags")
SECTION_HIDDEN_UNITS = Text("lint.section_hidden_units", "avsnittet %(section)s visas inte för enheten %(units)s, "
                                                         "som kravet gäller; lägg till enheten i avsnittets "
                                                         "x-applies-to-units eller ta bort den ur kravets "
                                                         "applies_to_units")
NOT_A_CHOICE = Text("lint.not_a_choice", "%(value)s är inget svarsalternativ på frågan")
NOT_BOOLEAN = Text("lint.not_boolean", "%(value)s kan aldrig vara svaret: frågan besvaras med ja eller nej, "
                                       "som skrivs true eller false; skriv true eller false i stället")
OUT_OF_RANGE = Text("lint.out_of_range", "%(value)s ligger utanför frågans gränser %(minimum)s–%(maximum)s; "
                                         "ändra värdet eller frågans minimum och maximum")
WRONG_TYPE = Text("lint.wrong_type", "%(value)s kan aldrig vara svaret: frågan besvaras med %(type)s")
NEVER = Text("lint.never", "kriteriet kan aldrig uppfyllas: inget svar som frågan %(question)s tillåter "
                           "uppfyller schemat (möjliga svar är t.ex. %(examples)s); ändra schemat")
ALWAYS = Text("lint.always", "kriteriet är alltid uppfyllt: varje svar som frågan %(question)s tillåter "
                             "uppfyller schemat (t.ex. %(examples)s); skärp schemat eller ta bort kriteriet")
NEVER_APPLIES = Text("lint.never_applies", "villkoret kan aldrig uppfyllas, så kravet blir alltid ej tillämpligt: "
                                           "inget svar som frågan %(question)s tillåter uppfyller schemat "
                                           "(möjliga svar är t.ex. %(examples)s); ändra schemat")
ALWAYS_APPLIES = Text("lint.always_applies", "villkoret är alltid uppfyllt: varje svar som frågan %(question)s "
                                             "tillåter uppfyller schemat (t.ex. %(examples)s); skärp schemat "
                                             "eller ta bort applies_if")
NEVER_ASKED = Text("lint.never_asked", "villkoret kan aldrig uppfyllas, så följdfrågan ställs aldrig: inget svar "
                                       "som frågan %(question)s tillåter uppfyller det (möjliga svar är t.ex. "
                                       "%(examples)s); ändra villkoret")
FOLLOW_UP_REQUIRED = Text("lint.follow_up_required", "frågan %(question)s är en följdfråga (allOf/%(rule)s) och får "
                                                     "inte stå i avsnittets required, för då kan ingen vars svar "
                                                     "inte uppfyller villkoret skicka in; ta bort den ur required")
UNKNOWN_PATH = Text("lint.unknown_path", "%(path)s finns inte i bedömningsunderlaget; tillåtna är "
                                         "/answers/<avsnitt>/<fråga>, /previous/answers/<avsnitt>/<fråga>, "
                                         "/unit/kind, /unit/name, /unit/tags, /round/year, /actions/round, "
                                         "/actions/previous och /actions/unplanned")
SLOW_PATTERN = {
    "too_long": Text("lint.pattern.too_long", "mönstret %(pattern)s är för långt (högst 200 tecken); förenkla det"),
    "invalid": Text("lint.pattern.invalid", "mönstret %(pattern)s är inget giltigt reguljärt uttryck; rätta det"),
    "nested": Text("lint.pattern.nested", "mönstret %(pattern)s har en upprepning inuti en upprepning (eller ett "
                                          "val med | inuti en), som kan ta mycket lång tid; skriv om det utan "
                                          "nästlade upprepningar"),
    "backreference": Text("lint.pattern.backreference", "mönstret %(pattern)s använder en bakåtreferens (\\1), "
                                                        "som kan ta mycket lång tid; skriv om det utan"),
    "lookaround": Text("lint.pattern.lookaround", "mönstret %(pattern)s använder (?=…) eller (?!…), som kan ta "
                                                  "mycket lång tid; skriv om det utan"),
}
ROOTS = {("unit", "kind"), ("unit", "name"), ("unit", "tags"), ("round", "year"),
         ("actions", "round"), ("actions", "previous"), ("actions", "unplanned")}
YEARS = list(range(2000, 2101))


def question_of(tokens: tuple[str, ...]) -> tuple[str, str] | None:
    """The (section, question) an /answers/… or /previous/answers/… pointer reads."""
    if tokens[:1] == ("previous",):
        tokens = tokens[1:]
    if len(tokens) >= 3 and tokens[0] == "answers":
        return tokens[1], tokens[2]
    return None


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)


def examples(values: list) -> str:
    return ", ".join(_show(v) for v in values[:4]) or "inga"


def check_criteria(p: Policy) -> Iterator[Problem]:
    """Criteria are valid schemas, read a context path that exists and can be met and failed."""
    for i, rule, at, criterion in p.criteria():
        schema, path = criterion["schema"], criterion["path"]
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            where = "/".join(map(str, error.path)) or "/"
            yield Problem(p.r_file, f"{at}/schema", BAD_SCHEMA(where=where, detail=message(error)))
            continue
        slow = [(pattern, pattern_refusal(pattern)) for pattern in domain.walk(schema, "pattern")]
        for pattern, reason in slow:
            if reason:
                yield Problem(p.r_file, f"{at}/schema", SLOW_PATTERN[reason](pattern=repr(pattern)))
        tokens = split(path) if path.startswith("/") else ("",)
        key = question_of(tokens)
        if tokens[0] in ("answers", "previous") and key is None:
            yield Problem(p.r_file, f"{at}/path", NOT_A_QUESTION())
            continue
        if key is None:
            if tuple(tokens[:2]) not in ROOTS:
                yield Problem(p.r_file, f"{at}/path", UNKNOWN_PATH(path=path))
            elif tokens == ("unit", "kind"):
                target = q.rule_applies_to(rule)
                kinds = list(target.kinds) if not target.tags and not target.units else list(p.kinds)
                yield from _verdict(p.r_file, f"{at}/schema", schema, kinds, path,
                                    "applies_if" in at, may_miss=False, may_be_absent=False)
            elif tokens == ("round", "year"):
                yield from _verdict(p.r_file, f"{at}/schema", schema, YEARS, path, "applies_if" in at,
                                    may_miss=False, may_be_absent=False)
            continue
        question = p.questions.get(key)
        name = "/".join(key)
        if question is None:
            yield Problem(p.r_file, f"{at}/path", NO_SUCH_QUESTION(question=name, file=p.q_file))
            continue
        if rule["id"] not in question["x-serves"]:
            yield Problem(p.r_file, f"{at}/path", NOT_SERVED(question=name, rule=rule["id"]))
        for hidden in _hidden(p, rule, key[0]):
            yield Problem(p.r_file, f"{at}/path", hidden)
        if len(tokens) > (4 if tokens[0] == "previous" else 3):
            continue  # reads inside an answer: judged by the rows' own checks
        wrong = list(impossible_values(p.r_file, f"{at}/schema", schema, question))
        yield from wrong
        if not wrong and not any(slow_reason for _, slow_reason in slow):
            values = domain.candidates(question, schema)
            if values:
                # An answer that may be absent makes "always met" a check that it was given.
                absent = tokens[0] == "previous" or key[1] in q.conditions(p.questionnaire, key[0]) \
                    or key[1] not in p.sections[key[0]].get("required", [])
                yield from _verdict(p.r_file, f"{at}/schema", schema, values, name, "applies_if" in at,
                                    may_miss=bool(slow) and domain.open_ended(question),
                                    may_be_absent=absent)


def _hidden(p: Policy, rule: dict, section_name: str) -> Iterator[Msg]:
    """Whom a requirement addresses who never see the section its criterion reads.

    A tag or a named unit sees a section addressed to all the policy's kinds, or one that names that tag or unit;
    a unit's kind is not known from its tag or name, so a section for some kinds only does not count.
    """
    seen = q.applies_to(p.questionnaire, p.sections[section_name])
    target = q.rule_applies_to(rule)
    everyone = set(p.kinds) <= set(seen.kinds)
    kinds = sorted(set(target.kinds) - set(seen.kinds))
    tags = [] if everyone else sorted(set(target.tags) - set(seen.tags))
    units = [] if everyone else sorted(set(target.units) - set(seen.units))
    if kinds:
        yield SECTION_HIDDEN(section=section_name, kinds=", ".join(kinds))
    if tags:
        yield SECTION_HIDDEN_TAGS(section=section_name, tags=", ".join(tags))
    if units:
        yield SECTION_HIDDEN_UNITS(section=section_name, units=", ".join(units))


def _verdict(file: str, at: str, schema: Any, values: list, name: str, condition: bool,
             may_miss: bool, may_be_absent: bool) -> Iterator[Problem]:
    """'Never met' and 'always met' for a criterion tried on the answers a question allows.

    A criterion on an answer that may be absent (a follow-up, an optional question, last
    year's answer) is not "always met": it tells an answer from none.
    """
    check = compile_schema(schema)
    met = [v for v in values if check(v)]
    failed = [v for v in values if not check(v)]
    if not met and not may_miss:
        yield Problem(file, at, (NEVER_APPLIES if condition else NEVER)(question=name, examples=examples(values)))
    elif not failed and not may_be_absent:
        yield Problem(file, at, (ALWAYS_APPLIES if condition else ALWAYS)(question=name, examples=examples(values)))


def impossible_values(file: str, at: str, schema: Any, question: dict) -> Iterator[Problem]:
    """Values a criterion names that the question can never give, each named once."""
    answer = domain.item_schema(question)
    offered = domain.choices(answer)
    kind = answer.get("type")
    if kind == "object":  # a structured list's row: each field against what the criterion says of it
        for key, field in answer.get("properties", {}).items():
            for said in domain.field_criteria(schema, key):
                yield from impossible_values(file, at, said, field)
        return
    for value in dict.fromkeys(domain.named(schema)):
        if offered is not None and kind == "boolean" and not isinstance(value, bool):
            yield Problem(file, at, NOT_BOOLEAN(value=_show(value)))
        elif offered is not None:
            if not any(value == o and type(value) is type(o) for o in offered):
                yield Problem(file, at, NOT_A_CHOICE(value=repr(value)))
        elif kind in ("integer", "number"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                yield Problem(file, at, WRONG_TYPE(value=_show(value), type=TYPE_NAMES[kind]()))
            elif not answer.get("minimum", -domain.LIMIT) <= value <= answer.get("maximum", domain.LIMIT):
                yield Problem(file, at, OUT_OF_RANGE(value=_show(value), minimum=answer.get("minimum", "–"),
                                                     maximum=answer.get("maximum", "–")))
        elif kind == "string" and not isinstance(value, str):
            yield Problem(file, at, WRONG_TYPE(value=_show(value), type=TYPE_NAMES["string"]()))


def check_follow_ups(p: Policy) -> Iterator[Problem]:
    """A follow-up is not required unconditionally, and its condition can be met."""
    for section_name, section in p.sections.items():
        at = f"/properties/{section_name}"
        asked_if = {name: k for k, rule in enumerate(section.get("allOf", [])) for branch in ("then", "else")
                    for name in rule.get(branch, {}).get("required", [])}
        for k, name in enumerate(section.get("required", [])):
            if name in asked_if:
                yield Problem(p.q_file, f"{at}/required/{k}", FOLLOW_UP_REQUIRED(question=repr(name), rule=asked_if[name]))
        for k, rule in enumerate(section.get("allOf", [])):
            for name, condition in rule.get("if", {}).get("properties", {}).items():
                question = section.get("properties", {}).get(name)
                if question is None:
                    continue
                where = f"{at}/allOf/{k}/if/properties/{name}"
                wrong = list(impossible_values(p.q_file, where, condition, question))
                yield from wrong
                values = domain.candidates(question, condition)
                if not wrong and values and not any(compile_schema(condition)(v) for v in values):
                    yield Problem(p.q_file, where, NEVER_ASKED(question=f"{section_name}/{name}",
                                                                examples=examples(values)))
