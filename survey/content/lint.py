"""Cross-file checks of content, and loading content that passed them.

Each check is a small function that yields `Problem`s for one policy (a
questionnaire and its rule set) or one report; `lint` runs them all.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterator

import jsonschema

from survey.content import questionnaire as q
from survey.content.files import (
    FOLDERS,
    Content,
    ContentError,
    ContentFile,
    Problem,
    check_meta,
    digest,
    read,
)


class Policy:
    """A questionnaire and its rule set, with the indexes the checks share."""

    def __init__(self, content: Content, name: str):
        self.name = name
        self.questionnaire = content.questionnaires[name]
        self.ruleset = content.rulesets[name]
        self.q_file = content.label("questionnaire", name)
        self.r_file = content.label("ruleset", name)
        self.goals = [g["id"] for g in q.goals(self.questionnaire)]
        self.requirements = [r["id"] for r in self.ruleset["requirements"]]
        self.questions = {(s, n): schema for s, n, schema in q.questions(self.questionnaire)}
        self.sections = dict(q.sections(self.questionnaire))

    def criteria(self) -> Iterator[tuple[int, dict, str, dict]]:
        """Every criterion and applicability condition: (rule index, rule, pointer, criterion)."""
        for i, rule in enumerate(self.ruleset["requirements"]):
            if "applies_if" in rule:
                yield i, rule, f"/requirements/{i}/applies_if", rule["applies_if"]
            for j, criterion in enumerate(rule["criteria"]):
                yield i, rule, f"/requirements/{i}/criteria/{j}", criterion

    def question_of(self, path: str) -> tuple[str, str] | None:
        """The (section, question) an /answers/… or /previous/answers/… pointer reads."""
        parts = path.strip("/").split("/")
        if parts[0] == "previous":
            parts = parts[1:]
        if len(parts) >= 3 and parts[0] == "answers":
            return parts[1], parts[2]
        return None


def check_ids(p: Policy) -> Iterator[Problem]:
    for gid, count in Counter(p.goals).items():
        if count > 1:
            yield Problem(p.q_file, "/x-policy/goals", f"målet {gid} finns {count} gånger")
    for rid, count in Counter(p.requirements).items():
        if count > 1:
            at = p.requirements.index(rid)
            yield Problem(p.r_file, f"/requirements/{at}/id", f"kravet {rid} finns {count} gånger")
    for rid in set(p.goals) & set(p.requirements):
        at = p.requirements.index(rid)
        yield Problem(p.r_file, f"/requirements/{at}/id", f"{rid} är redan ett mål i {p.q_file}")
    if p.questionnaire["x-policy"]["id"] != p.name:
        yield Problem(p.q_file, "/x-policy/id", f"ska vara filnamnet utan .json: {p.name!r}")
    if p.ruleset["policy"] != p.name:
        yield Problem(p.r_file, "/policy", f"ska vara {p.name!r}, som frågeformulärets fil")


def check_names(p: Policy) -> Iterator[Problem]:
    """Names in `required` and in conditions must be questions that exist."""
    for name in p.questionnaire.get("required", []):
        if name not in p.sections:
            yield Problem(p.q_file, "/required", f"avsnittet {name!r} finns inte")
    for section_name, section in p.sections.items():
        at = f"/properties/{section_name}"
        for name in section.get("required", []):
            if name not in section["properties"]:
                yield Problem(p.q_file, f"{at}/required", f"frågan {name!r} finns inte i avsnittet")
        for k, rule in enumerate(section.get("allOf", [])):
            named = list(rule["if"]["properties"]) + rule["if"]["required"] + rule["then"]["required"]
            for name in named:
                if name not in section["properties"]:
                    yield Problem(p.q_file, f"{at}/allOf/{k}", f"frågan {name!r} finns inte i avsnittet")


def check_choices(p: Policy) -> Iterator[Problem]:
    """Choice values unique; examples valid answers of their question."""
    for (section_name, name), schema in p.questions.items():
        at = f"/properties/{section_name}/properties/{name}"
        for where, choices in (("/oneOf", schema.get("oneOf")), ("/items/oneOf", schema.get("items", {}).get("oneOf"))):
            values = [c["const"] for c in choices or []]
            for value, count in Counter(values).items():
                if count > 1:
                    yield Problem(p.q_file, at + where, f"alternativet {value!r} finns {count} gånger")
        validator = jsonschema.Draft202012Validator(schema)
        for k, example in enumerate(schema.get("examples", [])):
            if not validator.is_valid(example):
                yield Problem(p.q_file, f"{at}/examples/{k}", "exemplet är inget giltigt svar på frågan")


def check_references(p: Policy) -> Iterator[Problem]:
    """x-serves and rule goals name goals and requirements that exist."""
    known = set(p.goals) | set(p.requirements)
    for (section_name, name), schema in p.questions.items():
        for k, ref in enumerate(schema["x-serves"]):
            if ref not in known:
                at = f"/properties/{section_name}/properties/{name}/x-serves/{k}"
                yield Problem(p.q_file, at, f"{ref} är varken ett mål eller ett krav")
    for i, rule in enumerate(p.ruleset["requirements"]):
        for k, goal in enumerate(rule["goals"]):
            if goal not in p.goals:
                yield Problem(p.r_file, f"/requirements/{i}/goals/{k}", f"målet {goal} finns inte i {p.q_file}")


def check_criteria(p: Policy) -> Iterator[Problem]:
    """Criteria read questions that exist, serve their rule, and can be met."""
    for i, rule, at, criterion in p.criteria():
        try:
            jsonschema.Draft202012Validator.check_schema(criterion["schema"])
        except jsonschema.SchemaError as error:
            yield Problem(p.r_file, f"{at}/schema", f"ogiltigt JSON Schema: {error.message}")
        key = p.question_of(criterion["path"])
        if criterion["path"].startswith(("/answers", "/previous/answers")) and key is None:
            yield Problem(p.r_file, f"{at}/path", "ska peka på en fråga: /answers/<avsnitt>/<fråga>")
        if key is None:
            continue
        schema = p.questions.get(key)
        if schema is None:
            yield Problem(p.r_file, f"{at}/path", f"frågan {'/'.join(key)} finns inte i {p.q_file}")
            continue
        if rule["id"] not in schema["x-serves"]:
            yield Problem(p.r_file, f"{at}/path", f"frågan {'/'.join(key)} anger inte {rule['id']} i x-serves")
        hidden_for = set(rule["applies_to"]) - set(q.applies_to(p.sections[key[0]]))
        if hidden_for:
            kinds = ", ".join(sorted(hidden_for))
            yield Problem(p.r_file, f"{at}/path", f"avsnittet {key[0]} visas inte för {kinds}")
        offered = {c["const"] for c in schema.get("oneOf", [])}
        for value in _values_required(criterion["schema"]):
            if offered and value not in offered:
                yield Problem(p.r_file, f"{at}/schema", f"{value!r} är inget svarsalternativ på frågan")


def _values_required(schema: dict | bool) -> list:
    """The values a criterion schema accepts when it lists them (const or enum)."""
    if not isinstance(schema, dict):
        return []
    if "const" in schema:
        return [schema["const"]]
    return list(schema.get("enum", []))


def check_levels(p: Policy) -> Iterator[Problem]:
    for i, rule in enumerate(p.ruleset["requirements"]):
        count, levels = len(rule["criteria"]), rule["levels"]
        met = count if levels["met"] == "all" else levels["met"]
        if met > count:
            yield Problem(p.r_file, f"/requirements/{i}/levels/met", f"kräver {met} av bara {count} kriterier")
        if levels.get("partly_met", 0) >= met:
            yield Problem(p.r_file, f"/requirements/{i}/levels/partly_met", "ska vara mindre än nivån för uppfyllt")


def check_coverage(p: Policy) -> Iterator[Problem]:
    """Every goal has a question and a rule; every requirement a question, unless it reads only actions."""
    served = {ref for schema in p.questions.values() for ref in schema["x-serves"]}
    ruled_goals = {goal for rule in p.ruleset["requirements"] for goal in rule["goals"]}
    for k, goal in enumerate(p.goals):
        if goal not in served:
            yield Problem(p.q_file, f"/x-policy/goals/{k}", f"ingen fråga anger målet {goal} i x-serves")
        if goal not in ruled_goals:
            yield Problem(p.q_file, f"/x-policy/goals/{k}", f"inget krav i {p.r_file} bedömer målet {goal}")
    on_actions = {rule["id"] for rule in p.ruleset["requirements"]
                  if all(c["path"].startswith("/actions/") for c in rule["criteria"])}
    for i, rid in enumerate(p.requirements):
        if rid not in served and rid not in on_actions:  # a rule over the unit's actions alone asks no question
            yield Problem(p.r_file, f"/requirements/{i}", f"ingen fråga anger kravet {rid} i x-serves")


POLICY_CHECKS: list[Callable[[Policy], Iterator[Problem]]] = [
    check_ids, check_names, check_choices, check_references, check_criteria, check_levels, check_coverage,
]


def check_pairs(content: Content, seen: set[tuple[str, str]]) -> Iterator[Problem]:
    """Each questionnaire has its rule set and each rule set its questionnaire."""
    for kind, other in (("questionnaire", "ruleset"), ("ruleset", "questionnaire")):
        for name in content.of_kind(kind):
            if (other, name) not in seen:
                yield Problem(content.label(kind, name), "", f"saknar {content.label(other, name)}")


def lint_content(content: Content, seen: set[tuple[str, str]] | None = None) -> list[Problem]:
    """Cross-file problems of content whose files each passed their meta-schema."""
    seen = set(content.files) if seen is None else seen
    problems = list(check_pairs(content, seen))
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


def lint_data(files: dict[tuple[str, str], Any]) -> list[Problem]:
    """Every problem of content held in memory, by (kind, name): what `lint` reports for the same files."""
    content = Content(Path("."))
    problems: list[Problem] = []
    for (kind, name), data in files.items():
        label = content.label(kind, name)
        file_problems = list(check_meta(kind, data, label))
        problems += file_problems
        if not file_problems:
            content.files[kind, name] = ContentFile(kind, name, Path(label), data, digest(data))
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
