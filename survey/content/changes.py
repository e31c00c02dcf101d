"""What changed between two versions of a policy, in words: the workshop's history entries
("Frågan ”Mål på kort sikt” togs bort") and the summary shown when a policy is published.

A change is data, `{"code": …, "params": {…}}`, so it can be stored and put into the reader's
language when it is shown (`message`).
"""
from __future__ import annotations

import json

from survey.content import questionnaire as q
from survey.i18n import Msg, Plural, Text

WORDS = {
    "goal.added": Text("change.goal_added", "Målet ”%(title)s” lades till."),
    "goal.removed": Text("change.goal_removed", "Målet ”%(title)s” togs bort."),
    "goal.changed": Text("change.goal_changed", "Målet ”%(title)s” ändrades."),
    "requirement.added": Text("change.requirement_added", "Kravet ”%(title)s” lades till."),
    "requirement.removed": Text("change.requirement_removed", "Kravet ”%(title)s” togs bort."),
    "requirement.changed": Text("change.requirement_changed", "Kravet ”%(title)s” ändrades."),
    "section.added": Text("change.section_added", "Avsnittet ”%(title)s” lades till."),
    "section.removed": Text("change.section_removed", "Avsnittet ”%(title)s” togs bort."),
    "section.changed": Text("change.section_changed", "Avsnittet ”%(title)s” ändrades."),
    "question.added": Text("change.question_added", "Frågan ”%(title)s” lades till."),
    "question.removed": Text("change.question_removed", "Frågan ”%(title)s” togs bort."),
    "question.changed": Text("change.question_changed", "Frågan ”%(title)s” ändrades."),
    "policy.changed": Text("change.policy_changed", "Uppgifterna om policyn ändrades."),
    "order.changed": Text("change.order_changed", "Ordningen ändrades."),
    "upload": Text("change.upload", "Dokumentet laddades upp och utkastet härleddes ur det."),
    "undo": Text("change.undo", "Den senaste ändringen ångrades."),
    "redo": Text("change.redo", "Den ångrade ändringen gjordes igen."),
    "nothing": Text("change.nothing", "Inget ändrades."),
}
MORE = Plural("change.more", "och %(n)s ändring till.", "och %(n)s ändringar till.")
LEGACY = Text("change.legacy", "Ändring: %(what)s")
SIZE = Text("change.size", "%(goals)s mål, %(requirements)s krav och %(questions)s frågor.")
SHOWN = 6


def _items(questionnaire: dict, ruleset: dict) -> dict[str, tuple[str, str, str]]:
    """kind:ident → (kind, title, its content as JSON) for every item of a policy."""
    found = {f"goal:{g['id']}": ("goal", g["title"], json.dumps(g, sort_keys=True)) for g in q.goals(questionnaire)}
    found |= {f"requirement:{r['id']}": ("requirement", r["title"], json.dumps(r, sort_keys=True))
              for r in ruleset.get("requirements", [])}
    for name, section in q.sections(questionnaire):
        bare = {k: v for k, v in section.items() if k != "properties"}
        found[f"section:{name}"] = ("section", section.get("title", name), json.dumps(bare, sort_keys=True))
        found |= {f"question:{name}/{n}": ("question", s.get("title", n), json.dumps(s, sort_keys=True))
                  for n, s in section.get("properties", {}).items()}
    return found


def describe(before: tuple[dict, dict], after: tuple[dict, dict]) -> list[dict]:
    """The changes from one (questionnaire, rule set) to another, as data, in the order of the items."""
    old, new = _items(*before), _items(*after)
    changes = [{"code": f"{kind}.removed", "params": {"title": title}}
               for key, (kind, title, _body) in old.items() if key not in new]
    for key, (kind, title, body) in new.items():
        if key not in old:
            changes.append({"code": f"{kind}.added", "params": {"title": title}})
        elif old[key][2] != body:
            changes.append({"code": f"{kind}.changed", "params": {"title": title}})
    meta = [{k: v for k, v in doc.get("x-policy", {}).items() if k not in ("goals", "x-review")}
            for doc in (before[0], after[0])]
    if meta[0] != meta[1]:
        changes.insert(0, {"code": "policy.changed", "params": {}})
    if not changes and [k for k in old if k in new] != [k for k in new if k in old]:
        changes.append({"code": "order.changed", "params": {}})
    return changes


def message(change: dict) -> Msg:
    return WORDS[change["code"]](**change.get("params", {}))


def stored(changes: list[dict]) -> str:
    """Changes as the draft's history keeps them."""
    return json.dumps(changes, ensure_ascii=False)


def messages(kept: str) -> list[Msg]:
    """A history entry in words: the first few changes and how many more (an entry from before words: as it is)."""
    try:
        changes = json.loads(kept)
    except ValueError:
        changes = None
    if not isinstance(changes, list) or not all(isinstance(c, dict) and c.get("code") in WORDS for c in changes):
        return [LEGACY(what=kept)]
    shown = [message(c) for c in changes[:SHOWN]] or [WORDS["nothing"]()]
    return shown + ([MORE(len(changes) - SHOWN)] if len(changes) > SHOWN else [])


def size(questionnaire: dict, ruleset: dict) -> Msg:
    return SIZE(goals=len(q.goals(questionnaire)), requirements=len(ruleset.get("requirements", [])),
                questions=sum(1 for _question in q.questions(questionnaire)))
