"""Cross-file checks of content, and loading content that passed them.

Each check is a small function that yields `Problem`s for one policy (a questionnaire,
its rule set and its text) or one report; `lint` runs them all. A problem's message is a
`Msg`: Swedish on the command line, the reader's language in the workshop.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterator

from survey.content import choices
from survey.content.files import (
    FOLDERS,
    Content,
    ContentError,
    ContentFile,
    Problem,
    check_meta,
    digest,
    read,
    resolve,
)
from survey.content.lint.conditions import check_conditions
from survey.content.lint.policy import Policy
from survey.content.lint.quotes import check_quotes
from survey.content.lint.rules import check_criteria, check_follow_ups
from survey.content.lint.library import check_library, wording
from survey.content.lint.shared import check_shared, proposals
from survey.content.lint.targets import check_targets
from survey.content.pointer import join as pointer_join
from survey.content.validation import validator
from survey.i18n import Text

GOAL_TWICE = Text("lint.goal_twice", "målet %(id)s finns %(n)s gånger; ge varje mål ett eget id")
RULE_TWICE = Text("lint.rule_twice", "kravet %(id)s finns %(n)s gånger")
ALREADY_GOAL = Text("lint.already_goal", "%(id)s är redan ett mål i %(file)s")
ID_IS_FILE = Text("lint.id_is_file", "ska vara filnamnet utan .json: %(name)s")
POLICY_IS_FILE = Text("lint.policy_is_file", "ska vara %(name)s, som frågeformulärets fil")
NO_SECTION = Text("lint.no_section", "avsnittet %(name)s finns inte")
NOT_IN_SECTION = Text("lint.not_in_section", "frågan %(name)s finns inte i avsnittet")
CHOICE_TWICE = Text("lint.choice_twice", "alternativet %(value)s finns %(n)s gånger")
BAD_EXAMPLE = Text("lint.bad_example", "exemplet är inget giltigt svar på frågan")
UNKNOWN_REF = Text("lint.unknown_ref", "%(id)s är varken ett mål eller ett krav")
NO_GOAL = Text("lint.no_goal", "målet %(id)s finns inte i %(file)s")
TOO_FEW = Text("lint.too_few", "kräver %(met)s av bara %(n)s kriterier")
PARTLY_TOO_HIGH = Text("lint.partly_too_high", "ska vara mindre än nivån för uppfyllt")
GOAL_UNASKED = Text("lint.goal_unasked", "ingen fråga anger målet %(id)s i x-serves")
GOAL_UNRULED = Text("lint.goal_unruled", "inget krav i %(file)s bedömer målet %(id)s")
RULE_UNASKED = Text("lint.rule_unasked", "ingen fråga anger kravet %(id)s i x-serves")
NOT_A_FIELD = Text("lint.not_a_field", "fältet %(name)s finns inte i raden; lägg till det i items/properties "
                                       "eller ta bort det ur required")
LABELS_WITHOUT_ENUM = Text("lint.labels_without_enum", "x-labels ger etiketter åt värdena i enum, men frågan har "
                                                       "ingen enum; lägg till enum eller ta bort x-labels")
LABEL_NOT_A_CHOICE = Text("lint.label_not_a_choice", "etiketten gäller %(value)s, som inte finns i enum (%(choices)s); "
                                                     "rätta värdet eller lägg till det i enum")
EXCLUSIVE_WITHOUT_CHOICES = Text("lint.exclusive_without_choices", "x-exclusive gäller bara en fråga med flera "
                                                                   "val (type array med alternativ i items); "
                                                                   "ta bort x-exclusive")
EXCLUSIVE_NOT_A_CHOICE = Text("lint.exclusive_not_a_choice", "%(value)s i x-exclusive är inget av frågans "
                                                             "alternativ (%(choices)s); rätta värdet")
MISSING_PAIR = Text("lint.missing_pair", "saknar %(file)s")


def check_ids(p: Policy) -> Iterator[Problem]:
    for gid, count in Counter(p.goals).items():
        if count > 1:
            yield Problem(p.q_file, "/x-policy/goals", GOAL_TWICE(id=gid, n=count))
    for rid, count in Counter(p.requirements).items():
        if count > 1:
            at = p.requirements.index(rid)
            yield Problem(p.r_file, f"/requirements/{at}/id", RULE_TWICE(id=rid, n=count))
    for rid in set(p.goals) & set(p.requirements):
        at = p.requirements.index(rid)
        yield Problem(p.r_file, f"/requirements/{at}/id", ALREADY_GOAL(id=rid, file=p.q_file))
    if p.questionnaire["x-policy"]["id"] != p.name:
        yield Problem(p.q_file, "/x-policy/id", ID_IS_FILE(name=repr(p.name)))
    if p.ruleset["policy"] != p.name:
        yield Problem(p.r_file, "/policy", POLICY_IS_FILE(name=repr(p.name)))


def check_names(p: Policy) -> Iterator[Problem]:
    """Names in `required` and in conditions must be questions that exist."""
    for name in p.questionnaire.get("required", []):
        if name not in p.sections:
            yield Problem(p.q_file, "/required", NO_SECTION(name=repr(name)))
    for section_name, section in p.sections.items():
        at = f"/properties/{section_name}"
        for name in section.get("required", []):
            if name not in section["properties"]:
                yield Problem(p.q_file, f"{at}/required", NOT_IN_SECTION(name=repr(name)))
        for k, rule in enumerate(section.get("allOf", [])):
            named = list(rule["if"]["properties"]) + rule["if"]["required"] + rule["then"]["required"] \
                + rule.get("else", {}).get("required", [])
            for name in dict.fromkeys(named):
                if name not in section["properties"]:
                    yield Problem(p.q_file, f"{at}/allOf/{k}", NOT_IN_SECTION(name=repr(name)))


def check_choices(p: Policy) -> Iterator[Problem]:
    """Choice values unique; examples valid answers of their question."""
    for (section_name, name), schema in p.questions.items():
        at = f"/properties/{section_name}/properties/{name}"
        for where, alternatives in (("/oneOf", schema.get("oneOf")),
                                    ("/items/oneOf", schema.get("items", {}).get("oneOf"))):
            values = [c["const"] for c in alternatives or []]
            for value, count in Counter(values).items():
                if count > 1:
                    yield Problem(p.q_file, at + where, CHOICE_TWICE(value=repr(value), n=count))
        yield from check_labels(p.q_file, at, schema)
        answers = validator(schema)
        for k, example in enumerate(schema.get("examples", [])):
            if not answers.is_valid(example):
                yield Problem(p.q_file, f"{at}/examples/{k}", BAD_EXAMPLE())


def check_rows(p: Policy) -> Iterator[Problem]:
    """A structured list's row requires fields it has; each field's choices are unique and its examples valid."""
    for (section_name, name), schema in p.questions.items():
        items = schema.get("items", {})
        if schema.get("type") != "array" or items.get("type") != "object":
            continue
        at = f"/properties/{section_name}/properties/{name}/items"
        for k, field in enumerate(items.get("required", [])):
            if field not in items["properties"]:
                yield Problem(p.q_file, f"{at}/required/{k}", NOT_A_FIELD(name=repr(field)))
        for key, field in items["properties"].items():
            for value, count in Counter(c["const"] for c in field.get("oneOf", [])).items():
                if count > 1:
                    yield Problem(p.q_file, f"{at}/properties/{key}/oneOf", CHOICE_TWICE(value=repr(value), n=count))
            check = validator(field)
            for k, example in enumerate(field.get("examples", [])):
                if not check.is_valid(example):
                    yield Problem(p.q_file, f"{at}/properties/{key}/examples/{k}", BAD_EXAMPLE())


def check_labels(file: str, at: str, schema: dict) -> Iterator[Problem]:
    """Labels (`x-labels`) and exclusive values (`x-exclusive`) name choices the question offers."""
    for where, answer in (("", schema), ("/items", schema.get("items"))):
        if not isinstance(answer, dict):
            continue
        offered = answer.get("enum") if isinstance(answer.get("enum"), list) else None
        for value in answer.get("x-labels", {}):
            if offered is None:
                yield Problem(file, f"{at}{where}/x-labels", LABELS_WITHOUT_ENUM())
                break
            if value not in offered:
                yield Problem(file, at + where + pointer_join(["x-labels", value]),
                              LABEL_NOT_A_CHOICE(value=repr(value), choices=", ".join(map(repr, offered))))
    if "x-exclusive" in schema:
        offered = choices.values(schema.get("items")) if schema.get("type") == "array" else None
        if offered is None:
            yield Problem(file, f"{at}/x-exclusive", EXCLUSIVE_WITHOUT_CHOICES())
            return
        for k, value in enumerate(schema["x-exclusive"]):
            if value not in offered:
                yield Problem(file, f"{at}/x-exclusive/{k}",
                              EXCLUSIVE_NOT_A_CHOICE(value=repr(value), choices=", ".join(map(repr, offered))))


def check_references(p: Policy) -> Iterator[Problem]:
    """x-serves and rule goals name goals and requirements that exist."""
    known = set(p.goals) | set(p.requirements)
    for (section_name, name), schema in p.questions.items():
        for k, ref in enumerate(schema["x-serves"]):
            if ref not in known:
                at = f"/properties/{section_name}/properties/{name}/x-serves/{k}"
                yield Problem(p.q_file, at, UNKNOWN_REF(id=ref))
    for i, rule in enumerate(p.ruleset["requirements"]):
        for k, goal in enumerate(rule["goals"]):
            if goal not in p.goals:
                yield Problem(p.r_file, f"/requirements/{i}/goals/{k}", NO_GOAL(id=goal, file=p.q_file))


def check_levels(p: Policy) -> Iterator[Problem]:
    for i, rule in enumerate(p.ruleset["requirements"]):
        count, levels = len(rule["criteria"]), rule["levels"]
        met = count if levels["met"] == "all" else levels["met"]
        if met > count:
            yield Problem(p.r_file, f"/requirements/{i}/levels/met", TOO_FEW(met=met, n=count))
        if levels.get("partly_met", 0) >= met:
            yield Problem(p.r_file, f"/requirements/{i}/levels/partly_met", PARTLY_TOO_HIGH())


def check_coverage(p: Policy) -> Iterator[Problem]:
    """Every goal has a question and a rule; every requirement a question, unless it reads only actions."""
    served = {ref for schema in p.questions.values() for ref in schema["x-serves"]}
    ruled_goals = {goal for rule in p.ruleset["requirements"] for goal in rule["goals"]}
    for k, goal in enumerate(p.goals):
        if goal not in served:
            yield Problem(p.q_file, f"/x-policy/goals/{k}", GOAL_UNASKED(id=goal))
        if goal not in ruled_goals:
            yield Problem(p.q_file, f"/x-policy/goals/{k}", GOAL_UNRULED(id=goal, file=p.r_file))
    on_actions = {rule["id"] for rule in p.ruleset["requirements"]
                  if all(c["path"].startswith("/actions/") for c in rule["criteria"])}
    for i, rid in enumerate(p.requirements):
        if rid not in served and rid not in on_actions:  # a rule over the unit's actions alone asks no question
            yield Problem(p.r_file, f"/requirements/{i}", RULE_UNASKED(id=rid))


POLICY_CHECKS: list[Callable[[Policy], Iterator[Problem]]] = [
    check_ids, check_names, check_choices, check_rows, check_references, check_criteria, check_follow_ups, check_conditions,
    check_levels, check_coverage, check_quotes, check_targets,
]


def check_pairs(content: Content, seen: set[tuple[str, str]]) -> Iterator[Problem]:
    """Each questionnaire has its rule set and each rule set its questionnaire."""
    for kind, other in (("questionnaire", "ruleset"), ("ruleset", "questionnaire")):
        for name in content.of_kind(kind):
            if (other, name) not in seen:
                yield Problem(content.label(kind, name), "", MISSING_PAIR(file=content.label(other, name)))


def lint_content(content: Content, seen: set[tuple[str, str]] | None = None) -> list[Problem]:
    """Cross-file problems of content whose files each passed their meta-schema."""
    seen = set(content.files) if seen is None else seen
    problems = list(check_pairs(content, seen)) + list(check_shared(content)) + list(check_library(content))
    for name in content.questionnaires:
        if name in content.rulesets:
            policy = Policy(content, name)
            for check in POLICY_CHECKS:
                problems += check(policy)
    return problems


def lint(root: Path) -> list[Problem]:
    """Every problem of the content below root: per file, then across files."""
    content, problems = read(root)
    seen = set(content.files) | {_key(problem) for problem in problems}
    return problems + lint_content(content, seen)


def advice(root: Path) -> list[Problem]:
    """What lint proposes without finding it wrong: questions of two policies to share, shared copies in other words."""
    content, _problems = read(root)
    return proposals(content) + wording(content)


def lint_data(files: dict[tuple[str, str], Any], texts: dict[str, str]) -> list[Problem]:
    """Every problem of content held in memory, by (kind, name), with the policies' texts by name:
    what `lint` reports for the same files."""
    content = Content(Path("."), texts=dict(texts))
    problems: list[Problem] = []
    for (kind, name), data in files.items():
        label = content.label(kind, name)
        resolved, file_problems = resolve(kind, data, label)
        file_problems = file_problems or list(check_meta(kind, resolved, label))
        problems += file_problems
        if not file_problems:
            content.files[kind, name] = ContentFile(kind, name, Path(label), resolved, digest(data),
                                                    data if resolved is not data else None)
    seen = set(content.files) | set(files)
    return problems + lint_content(content, seen)


def _key(problem: Problem) -> tuple[str, str]:
    """(kind, name) of the file a problem is about, so a broken file is not also 'missing'."""
    folder, _, filename = problem.file.partition("/")
    kind = next(k for k, f in FOLDERS.items() if f == folder)
    return kind, filename.removesuffix(".json")


def load(root: Path) -> Content:
    """Read and fully check the content below root; raise ContentError on any problem."""
    content, problems = read(root)
    problems += lint_content(content)
    if problems:
        raise ContentError(problems)
    return content
