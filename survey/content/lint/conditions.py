"""Checks of follow-up conditions beyond one section: the top-level `allOf`, `else`, and cycles.

A section's own conditions are checked in `rules.check_follow_ups`; here: a condition on a
question of another section names sections and questions that exist and values the question
can take, its follow-ups are not required unconditionally, an `else` can be reached, each
`if` requires at most its own question, and no question is a follow-up of itself.
"""
from __future__ import annotations

from typing import Iterator

from survey.content import questionnaire as q
from survey.content.criteria import compile_schema
from survey.content.files import Problem
from survey.content.lint import domain
from survey.content.lint.policy import Policy
from survey.content.lint.rules import NEVER_ASKED, examples, impossible_values
from survey.i18n import Joined, Text

NO_SECTION = Text("lint.condition.no_section", "avsnittet %(section)s finns inte; ange ett av %(allowed)s")
NO_QUESTION = Text("lint.condition.no_question", "frågan %(question)s finns inte i avsnittet %(section)s")
SAME_SECTION = Text("lint.condition.same_section", "villkoret gäller en fråga i samma avsnitt (%(section)s) som "
                                                   "följdfrågan %(question)s; skriv det i avsnittets allOf i stället, "
                                                   "så att sidan kan visa och dölja frågan direkt")
OTHER_REQUIRED = Text("lint.condition.other_required", "villkoret prövar %(question)s men kräver %(name)s; ett villkor "
                                                       "gäller en fråga: skriv required: [%(question)s] eller []")
CROSS_REQUIRED = Text("lint.condition.cross_required", "frågan %(question)s är en följdfråga (allOf/%(rule)s på "
                                                       "frågeformulärets översta nivå) och får inte stå i avsnittets "
                                                       "required, för då kan ingen vars svar inte uppfyller villkoret "
                                                       "skicka in; ta bort den ur required")
ELSE_UNREACHABLE = Text("lint.condition.else_unreachable", "villkoret uppfylls av varje svar som frågan %(question)s "
                                                           "tillåter (t.ex. %(examples)s), så följdfrågorna i else "
                                                           "ställs bara tills frågan är besvarad; ändra villkoret")
SELF = Text("lint.condition.self", "frågan %(question)s är en följdfråga till sig själv; ett villkor ska gälla en "
                                   "annan fråga")
UNSEEN = Text("lint.condition.unseen", "avsnittet %(section)s, som villkoret läser, visas inte för alla som ser "
                                       "följdfrågorna i %(target)s (%(who)s), så för dem gäller villkoret aldrig; "
                                       "låt avsnittet %(section)s gälla dem också eller flytta villkoret")
UNSEEN_KIND = Text("lint.condition.unseen_kind", "typen %(name)s")
UNSEEN_TAG = Text("lint.condition.unseen_tag", "taggen %(name)s")
UNSEEN_UNIT = Text("lint.condition.unseen_unit", "enheten %(name)s")
CYCLE = Text("lint.condition.cycle", "följdfrågorna bildar en ring (%(cycle)s): ingen av dem kan ställas först; "
                                     "bryt ringen")


def _if_requires(p: Policy, where: str, condition: dict, question: str, known: dict) -> Iterator[Problem]:
    """An `if` requires its own question or nothing: a condition reads one answer (unknown names are
    reported by `check_names`)."""
    for k, name in enumerate(condition.get("required", [])):
        if name != question and name in known:
            yield Problem(p.q_file, f"{where}/required/{k}", OTHER_REQUIRED(question=repr(question), name=repr(name)))


def _values(p: Policy, where: str, name: str, question: dict, rule: dict, has_else: bool) -> Iterator[Problem]:
    """The rule names values the question can give, can be met, and (with `else`) can fail."""
    wrong = list(impossible_values(p.q_file, where, rule, question))
    yield from wrong
    values = domain.candidates(question, rule)
    if wrong or not values:
        return
    check = compile_schema(rule)
    if not any(check(v) for v in values):
        yield Problem(p.q_file, where, NEVER_ASKED(question=name, examples=examples(values)))
    elif has_else and all(check(v) for v in values):
        yield Problem(p.q_file, where, ELSE_UNREACHABLE(question=name, examples=examples(values)))


def _cross(p: Policy, k: int, rule: dict) -> Iterator[Problem]:
    """One condition of the top-level `allOf`: what it reads and what it asks."""
    at = f"/allOf/{k}"
    for j, name in enumerate(rule["if"]["required"]):
        if name not in rule["if"]["properties"]:
            yield Problem(p.q_file, f"{at}/if/required/{j}", OTHER_REQUIRED(
                question=repr(next(iter(rule["if"]["properties"]))), name=repr(name)))
    (source, inner), = rule["if"]["properties"].items()
    where = f"{at}/if/properties/{source}"
    if source not in p.sections:
        yield Problem(p.q_file, where, NO_SECTION(section=repr(source), allowed=", ".join(p.sections)))
    else:
        (name, check), = inner["properties"].items()
        question = p.sections[source]["properties"].get(name)
        yield from _if_requires(p, where, inner, name, p.sections[source]["properties"])
        if question is None:
            yield Problem(p.q_file, f"{where}/properties/{name}", NO_QUESTION(question=repr(name), section=source))
        else:
            yield from _values(p, f"{where}/properties/{name}", f"{source}/{name}", question, check, "else" in rule)
    for branch in ("then", "else"):
        for target, shape in rule.get(branch, {}).get("properties", {}).items():
            there = f"{at}/{branch}/properties/{target}"
            section = p.sections.get(target)
            if section is None:
                yield Problem(p.q_file, there, NO_SECTION(section=repr(target), allowed=", ".join(p.sections)))
                continue
            if source in p.sections and source != target and (who := _unseen(p, source, target)):
                yield Problem(p.q_file, where, UNSEEN(section=source, target=target, who=Joined(who)))
            for j, name in enumerate(shape["required"]):
                if name not in section["properties"]:
                    yield Problem(p.q_file, f"{there}/required/{j}", NO_QUESTION(question=repr(name), section=target))
                elif target == source:
                    yield Problem(p.q_file, f"{there}/required/{j}", SAME_SECTION(section=target, question=repr(name)))
                if name in section.get("required", []):
                    i = section["required"].index(name)
                    yield Problem(p.q_file, f"/properties/{target}/required/{i}",
                                  CROSS_REQUIRED(question=repr(name), rule=k))


def _unseen(p: Policy, source: str, target: str) -> list:
    """Who sees the follow-ups' section but not the section the condition reads: kinds, tags and units."""
    read = q.applies_to(p.questionnaire, p.sections[source])
    if set(read.kinds) >= set(q.policy_kinds(p.questionnaire)):
        return []
    asked = q.applies_to(p.questionnaire, p.sections[target])
    return ([UNSEEN_KIND(name=k) for k in asked.kinds if k not in read.kinds]
            + [UNSEEN_TAG(name=t) for t in asked.tags if t not in read.tags]
            + [UNSEEN_UNIT(name=u) for u in asked.units if u not in read.units])


def _section_rules(p: Policy) -> Iterator[Problem]:
    """A section's own conditions: the `if` requires its own question; an `else` can be reached."""
    for section_name, section in p.sections.items():
        for k, rule in enumerate(section.get("allOf", [])):
            (name, check), = rule["if"]["properties"].items()
            where = f"/properties/{section_name}/allOf/{k}/if"
            yield from _if_requires(p, where, rule["if"], name, section["properties"])
            question = section["properties"].get(name)
            if "else" in rule and question is not None:
                values = domain.candidates(question, check)
                test = compile_schema(check)
                if values and all(test(v) for v in values) and not list(
                        impossible_values(p.q_file, where, check, question)):
                    yield Problem(p.q_file, f"{where}/properties/{name}", ELSE_UNREACHABLE(
                        question=f"{section_name}/{name}", examples=examples(values)))


def _edges(p: Policy) -> Iterator[tuple[tuple[str, str], tuple[str, str], str]]:
    """(follow-up, the question its condition reads, the condition's pointer) for every condition."""
    for section_name, section in p.sections.items():
        for k, rule in enumerate(section.get("allOf", [])):
            (name, _check), = rule["if"]["properties"].items()
            for branch in ("then", "else"):
                for follow_up in rule.get(branch, {}).get("required", []):
                    yield (section_name, follow_up), (section_name, name), f"/properties/{section_name}/allOf/{k}"
    for k, rule in enumerate(p.questionnaire.get("allOf", [])):
        (source, inner), = rule["if"]["properties"].items()
        (name, _check), = inner["properties"].items()
        for branch in ("then", "else"):
            for target, shape in rule.get(branch, {}).get("properties", {}).items():
                for follow_up in shape["required"]:
                    yield (target, follow_up), (source, name), f"/allOf/{k}"


def _cycles(p: Policy) -> Iterator[Problem]:
    """No question is a follow-up of itself, directly or through other follow-ups."""
    reads: dict[tuple[str, str], list[tuple[tuple[str, str], str]]] = {}
    for follow_up, source, at in _edges(p):
        if follow_up == source:
            yield Problem(p.q_file, at, SELF(question="/".join(follow_up)))
        else:
            reads.setdefault(follow_up, []).append((source, at))
    reported: set[frozenset] = set()
    for start in reads:
        path, at = _cycle_from(reads, start)
        if path and frozenset(path) not in reported:
            reported.add(frozenset(path))
            yield Problem(p.q_file, at, CYCLE(cycle=" → ".join("/".join(key) for key in path + [path[0]])))


def _cycle_from(reads: dict, start: tuple[str, str]) -> tuple[list, str]:
    """A ring of conditions through `start`, and the pointer of its first condition; empty when there is none."""
    stack = [(start, [start], None)]
    seen = set()
    while stack:
        node, path, first = stack.pop()
        for source, at in reads.get(node, []):
            if source == start:
                return path, first or at
            if source not in seen:
                seen.add(source)
                stack.append((source, path + [source], first or at))
    return [], ""


def check_conditions(p: Policy) -> Iterator[Problem]:
    """Follow-ups beyond one section's `then`: other sections' questions, `else`, and rings."""
    for k, rule in enumerate(p.questionnaire.get("allOf", [])):
        yield from _cross(p, k, rule)
    yield from _section_rules(p)
    yield from _cycles(p)
