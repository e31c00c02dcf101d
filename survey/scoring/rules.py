"""The rules engine: score one response against a policy's requirements.

Pure functions over plain data. `compile_ruleset` turns a rule set into tuples of
predicates once; `score` applies them to a scoring context
`{"answers": …, "unit": {"name", "kind", "tags"}, "round": {"year"}, "previous": {"answers"} | None,
"actions": {"round", "previous", "unplanned"}}` (see docs/content-format.md)
and returns one plain dict per requirement. `summarize` and `by_goal` roll results up.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Iterable, NamedTuple, Sequence

from survey.content.criteria import Predicate, compile_schema
from survey.content.pointer import MISSING, resolve, split
from survey.i18n import Joined, Msg, Plural, Text

LEVELS = ("met", "partly_met", "not_met", "not_applicable", "not_assessed")
LEVEL_LABELS = {
    "met": Text("level.met", "Uppfyllt"),
    "partly_met": Text("level.partly_met", "Delvis uppfyllt"),
    "not_met": Text("level.not_met", "Ej uppfyllt"),
    "not_applicable": Text("level.not_applicable", "Ej tillämpligt"),
    "not_assessed": Text("level.not_assessed", "Ej bedömt"),
}
# Why a requirement was not scored: stored in the result as {"code": …, …params}, worded at the edge.
REASONS = {
    "other_kind": Text("reason.other_kind", "Kravet gäller inte enheter av typen %(kind)s."),
    "not_addressed": Text("reason.not_addressed", "Kravet gäller inte enheten: %(why)s."),
    "condition_unanswered": Text("reason.condition_unanswered", "Obesvarat om kravet gäller: %(label)s."),
    "unanswered": Text("reason.unanswered", "Frågorna till kravet är obesvarade."),
}
# Why a requirement that names tags or units does not address a unit, one clause per list it names.
NOT_OF_KIND = Text("reason.not_of_kind", "typen %(kind)s är inte bland typerna %(kinds)s")
NOT_TAGGED = Text("reason.not_tagged", "den har ingen av taggarna %(tags)s")
NOT_NAMED = Text("reason.not_named", "den är ingen av enheterna %(units)s")
EXPLAIN_REASON = Text("explain.reason", "%(level)s. %(reason)s")
UNMET_ITEM = Text("explain.unmet_item", "%(label)s (svar: %(answer)s)")
NO_ANSWER = Text("answer.none", "inget svar")
YES = Text("answer.yes", "ja")
NO = Text("answer.no", "nej")
NOTHING_CHOSEN = Text("answer.nothing_chosen", "inget valt")
LIST = Text("answer.list", "%(items)s")
DEFAULT_POINTS = {"met": 2, "partly_met": 1, "not_met": 0}


class Criterion(NamedTuple):
    label: str
    path: str
    tokens: tuple[str, ...]
    question: tuple[str, str] | None  # (section, question) when the path is /answers/<section>/<question>
    check: Predicate
    ignore_missing: bool
    reads_answers: bool


class Requirement(NamedTuple):
    id: str
    kinds: frozenset[str]
    tags: frozenset[str]
    units: frozenset[str]
    condition: Criterion | None
    criteria: tuple[Criterion, ...]
    need_met: int | None
    need_partly: int | None
    points: dict[str, float]
    max_points: float
    reads_answers: bool
    advice: str


def _criterion(spec: dict) -> Criterion:
    path = spec["path"]
    tokens = split(path)
    return Criterion(
        label=spec["label"],
        path=path,
        tokens=tokens,
        question=(tokens[1], tokens[2]) if len(tokens) == 3 and tokens[0] == "answers" else None,
        check=compile_schema(spec["schema"]),
        ignore_missing=spec.get("missing") == "ignore",
        reads_answers=path.startswith("/answers/"),
    )


def compile_ruleset(ruleset: dict) -> tuple[Requirement, ...]:
    """The rule set as predicates, ready to score many responses."""
    scale = ruleset.get("points", DEFAULT_POINTS)
    compiled = []
    for spec in ruleset["requirements"]:
        weight = spec.get("weight", 1)
        criteria = tuple(_criterion(c) for c in spec["criteria"])
        met = spec["levels"]["met"]
        compiled.append(Requirement(
            id=spec["id"],
            kinds=frozenset(spec["applies_to"]),
            tags=frozenset(spec.get("applies_to_tags", ())),
            units=frozenset(spec.get("applies_to_units", ())),
            condition=_criterion(spec["applies_if"]) if "applies_if" in spec else None,
            criteria=criteria,
            need_met=None if met == "all" else met,
            need_partly=spec["levels"].get("partly_met"),
            points={level: weight * value for level, value in scale.items()},
            max_points=weight * scale["met"],
            reads_answers=any(c.reads_answers for c in criteria),
            advice=spec["advice"],
        ))
    return tuple(compiled)


def _value(criterion: Criterion, context: dict) -> Any:
    """The value a criterion reads, or None when absent (null counts as unanswered)."""
    value = resolve(criterion.tokens, context)
    return None if value is MISSING else value


def _unscored(rule: Requirement, level: str, reason: dict) -> dict:
    return {"requirement": rule.id, "level": level, "points": None, "max_points": None,
            "met_criteria": 0, "criteria": 0, "unmet": [], "reason": reason, "advice": None}


def _not_addressed(rule: Requirement, unit: dict) -> dict | None:
    """Why a requirement does not address a unit (as a stored reason), or None when it does."""
    kind = unit["kind"]
    if kind in rule.kinds or unit.get("name") in rule.units or not rule.tags.isdisjoint(unit.get("tags") or ()):
        return None
    if not rule.tags and not rule.units:
        return {"code": "other_kind", "kind": kind}
    return {"code": "not_addressed", "kind": kind, "kinds": sorted(rule.kinds), "tags": sorted(rule.tags),
            "units": sorted(rule.units)}


def _score(rule: Requirement, context: dict, unit: dict, kind: str, answers: dict) -> dict:
    """One requirement's level, points and explanation for one response (of a unit of this kind)."""
    if kind not in rule.kinds and (reason := _not_addressed(rule, unit)):
        return _unscored(rule, "not_applicable", reason)
    if rule.condition is not None:
        value = _value(rule.condition, context)
        if value is None:
            return _unscored(rule, "not_assessed", {"code": "condition_unanswered", "label": rule.condition.label})
        if not rule.condition.check(value):
            condition = {"label": rule.condition.label, "path": rule.condition.path, "answer": value}
            return _unscored(rule, "not_applicable", {"code": "condition_false"}) | {"condition": condition}
    met = counted = 0
    answered = not rule.reads_answers
    unmet = []
    for criterion in rule.criteria:
        label, path, _, question, check, ignore_missing, reads_answers = criterion
        if question is None:
            value = _value(criterion, context)
        else:  # the common path /answers/<section>/<question>, inlined: this runs for every criterion
            value = answers.get(question[0])
            value = value.get(question[1]) if value.__class__ is dict else None
        if value is None:
            if not ignore_missing:
                counted += 1
                unmet.append({"label": label, "path": path, "answer": None})
            continue
        answered = answered or reads_answers
        counted += 1
        if check(value):
            met += 1
        else:
            unmet.append({"label": label, "path": path, "answer": value})
    if not answered or counted == 0:
        return _unscored(rule, "not_assessed", {"code": "unanswered"})
    need = counted if rule.need_met is None else min(rule.need_met, counted)
    if met >= need:
        level = "met"
    elif rule.need_partly is not None and met >= rule.need_partly:
        level = "partly_met"
    else:
        level = "not_met"
    return {"requirement": rule.id, "level": level, "points": rule.points[level],
            "max_points": rule.max_points, "met_criteria": met, "criteria": counted,
            "unmet": unmet, "reason": None, "advice": None if level == "met" else rule.advice}


def score(rules: Sequence[Requirement], context: dict) -> list[dict]:
    """Every requirement's result for one response, in rule-set order."""
    unit = context["unit"]
    answers = context.get("answers")
    answers = answers if answers.__class__ is dict else {}
    kind = unit["kind"]
    return [_score(rule, context, unit, kind, answers) for rule in rules]


NO_ACTIONS = {"round": [], "previous": [], "unplanned": None}


def context(answers: dict, unit: dict, year: int, previous: dict | None = None,
            actions: dict | None = None) -> dict:
    """The scoring context of one response; `actions` as survey.store.actions.scoring_context gives them."""
    return {
        "answers": answers,
        "unit": {"name": unit.get("name"), "kind": unit["kind"], "tags": sorted(unit.get("tags") or ())},
        "round": {"year": year},
        "previous": None if previous is None else {"answers": previous},
        "actions": NO_ACTIONS if actions is None else actions,
    }


def summarize(results: Iterable[dict]) -> dict:
    """Points, compliance % over assessed applicable requirements, and counts per level.

    `applicable` is always reported beside the percentage, so that units scored on
    different sets of requirements are not compared as if they were alike.
    """
    results = list(results)
    counts = Counter(r["level"] for r in results)
    scored = [r for r in results if r["max_points"] is not None]
    points = sum(r["points"] for r in scored)
    max_points = sum(r["max_points"] for r in scored)
    return {
        "points": points,
        "max_points": max_points,
        "compliance": round(100 * points / max_points, 1) if max_points else None,
        "applicable": len(results) - counts["not_applicable"],
        "assessed": len(scored),
        "counts": {level: counts[level] for level in LEVELS},
    }


def by_goal(results: Iterable[dict], ruleset: dict) -> dict[str, dict]:
    """A summary per goal, over the requirements that serve it."""
    goals_of = {spec["id"]: spec["goals"] for spec in ruleset["requirements"]}
    grouped: dict[str, list[dict]] = {}
    for result in results:
        for goal in goals_of.get(result["requirement"], ()):
            grouped.setdefault(goal, []).append(result)
    return {goal: summarize(grouped[goal]) for goal in sorted(grouped)}


def format_answer(value: Any) -> Msg | str:
    """An answer as a person reads it (choice values as given; content labels are the edge's business)."""
    if value is None or value is MISSING:
        return NO_ANSWER()
    if value is True:
        return YES()
    if value is False:
        return NO()
    if isinstance(value, list):
        return LIST(items=Joined([format_answer(v) for v in value], ", ")) if value else NOTHING_CHOSEN()
    return str(value)


EXPLAIN_MET_ONE = Text("explain.met_one", "%(level)s: kriteriet är uppfyllt.")
EXPLAIN_MET_BOTH = Text("explain.met_both", "%(level)s: båda kriterierna är uppfyllda.")
EXPLAIN_MET_ALL = Text("explain.met_all", "%(level)s: alla %(n)s kriterierna är uppfyllda.")
EXPLAIN_SOME = Plural("explain.some_met", "%(level)s: %(met)s av %(n)s kriterium uppfyllt. Inte uppfyllt: %(unmet)s.",
                      "%(level)s: %(met)s av %(n)s kriterier uppfyllda. Inte uppfyllt: %(unmet)s.")
EXPLAIN_NOT_APPLYING = Text("explain.not_applying", "%(level)s. Kravet gäller inte: %(label)s (svar: %(answer)s).")


def explain(result: dict, describe: Callable[[str, Any], Any] = lambda _path, value: format_answer(value)) -> Msg:
    """Why a result has its level, as a message; `describe(path, value)` shows an answer as the reader knows it."""
    level = LEVEL_LABELS[result["level"]]()
    reason = result["reason"]
    if result.get("condition"):  # the answer that made the requirement not apply
        condition = result["condition"]
        answer = describe(condition["path"], condition["answer"])
        return EXPLAIN_NOT_APPLYING(level=level, label=condition["label"], answer=answer)
    if isinstance(reason, str):  # results stored before reasons were data
        return EXPLAIN_REASON(level=level, reason=reason)
    if reason and reason["code"] == "not_addressed":
        return EXPLAIN_REASON(level=level, reason=REASONS["not_addressed"](why=_why_not(reason)))
    if reason:
        return EXPLAIN_REASON(level=level, reason=REASONS[reason["code"]](
            **{key: value for key, value in reason.items() if key != "code"}))
    if result["level"] == "met":
        count = result["criteria"]
        chosen = EXPLAIN_MET_ONE if count == 1 else EXPLAIN_MET_BOTH if count == 2 else EXPLAIN_MET_ALL
        return chosen(level=level, n=count)
    unmet = Joined([UNMET_ITEM(label=u["label"], answer=describe(u["path"], u["answer"])) for u in result["unmet"]],
                   "; ")
    return EXPLAIN_SOME(result["criteria"], level=level, met=result["met_criteria"], unmet=unmet)


def _why_not(reason: dict) -> Joined:
    """The clauses of a "not addressed" reason: the unit's kind, tags and name against those the requirement names."""
    clauses = []
    if reason["kinds"]:
        clauses.append(NOT_OF_KIND(kind=reason["kind"], kinds=Joined(reason["kinds"])))
    if reason["tags"]:
        clauses.append(NOT_TAGGED(tags=Joined(reason["tags"])))
    if reason["units"]:
        clauses.append(NOT_NAMED(units=Joined(reason["units"])))
    return Joined(clauses, "; ")
