"""Revising a policy: what changed between the published version and a draft of the revised
document, and keeping the coordinator's edited questions for what did not change.

Goals and requirements are matched by the similarity of the policy sentences they quote
(difflib): nearly the same quote is unchanged, a similar one reworded, the rest added or removed.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from survey.content import questionnaire as q
from survey.content.answer_kinds import SCALE_VALUES, kind_of
from survey.content.edit import Draft
from survey.content.edit_question import set_scale

SAME = 0.95
SIMILAR = 0.6


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\bskall\b", "ska", text.lower())).strip(" .")


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _normal(a), _normal(b), autojunk=False).ratio()


def _match(old: list[dict], new: list[dict]) -> list[dict]:
    """Pair old and new items by their quotes, best pairs first; every item appears once."""
    pairs = sorted(((similarity(o["source"], n["source"]), i, j) for i, o in enumerate(old)
                    for j, n in enumerate(new)), reverse=True)
    used_old, used_new, rows = set(), set(), []
    for ratio, i, j in pairs:
        if ratio < SIMILAR or i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        rows.append({"status": "unchanged" if ratio >= SAME else "reworded", "old": _brief(old[i]),
                     "new": _brief(new[j]), "ratio": round(ratio, 2), "order": j})
    rows += [{"status": "added", "old": None, "new": _brief(n), "ratio": 0.0, "order": j}
             for j, n in enumerate(new) if j not in used_new]
    rows.sort(key=lambda row: row["order"])
    rows += [{"status": "removed", "old": _brief(o), "new": None, "ratio": 0.0, "order": len(new) + i}
             for i, o in enumerate(old) if i not in used_old]
    return rows


def _brief(item: dict) -> dict:
    return {"id": item["id"], "title": item["title"], "source": item["source"]}


def compare(old_questionnaire: dict, old_ruleset: dict, new_questionnaire: dict, new_ruleset: dict) -> dict:
    """Goals and requirements (not goal contributions) of the published and the revised policy, matched."""
    def duties(ruleset: dict) -> list[dict]:
        return [r for r in ruleset["requirements"] if r.get("kind") != "goal"]

    return {"goals": _match(q.goals(old_questionnaire), q.goals(new_questionnaire)),
            "requirements": _match(duties(old_ruleset), duties(new_ruleset))}


def _scale_questions(questionnaire: dict, ref: str) -> list[tuple[str, str, dict]]:
    return [(s, n, schema) for s, n, schema in q.questions(questionnaire)
            if ref in schema["x-serves"] and "oneOf" in schema]


def keep_edits(draft: Draft, old_questionnaire: dict, old_ruleset: dict, comparison: dict) -> int:
    """Give unchanged goals and requirements their published titles, levels, advice and questions; how many kept."""
    old_rules = {r["id"]: r for r in old_ruleset["requirements"]}
    pairs = [(row["old"]["id"], row["new"]["id"]) for key in ("goals", "requirements")
             for row in comparison[key] if row["status"] == "unchanged"]
    goal_rules = {g: [r["id"] for r in old_ruleset["requirements"] if r.get("kind") == "goal" and r["goals"] == [g]]
                  for g, _new in pairs}
    for old_id, new_id in pairs:
        if draft.goal(new_id):
            old_goal = next(g for g in q.goals(old_questionnaire) if g["id"] == old_id)
            draft.goal(new_id)["title"] = old_goal["title"]
            for new_rule in [r for r in draft.requirements if r.get("kind") == "goal" and r["goals"] == [new_id]]:
                if goal_rules.get(old_id):
                    _keep_rule(new_rule, old_rules[goal_rules[old_id][0]])
        elif draft.requirement(new_id):
            _keep_rule(draft.requirement(new_id), old_rules[old_id])
        kept = _scale_questions(old_questionnaire, old_id)
        for (section, name, schema), (_s, _n, old) in zip(_scale_questions(draft.questionnaire, new_id), kept):
            schema["title"] = old["title"]
            if "description" in old:
                schema["description"] = old["description"]
            if kind_of(old) in SCALE_VALUES:
                set_scale(draft, section, name, kind_of(old))
    return len(pairs)


def _keep_rule(new: dict, old: dict) -> None:
    new["title"] = old["title"]
    if "advice" in old:
        new["advice"] = old["advice"]
    count = len(new["criteria"])
    met = old["levels"]["met"]
    if met == "all" or met <= count:
        new["levels"] = dict(old["levels"])
