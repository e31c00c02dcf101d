"""What stands between a draft and publishing it, in plain words at the item it concerns.

Lint's problems name files and JSON Pointers; a coordinator needs the item, what is wrong in
words, and the fix. Each `Finding` holds the item's key, a plain message, the fix the workshop
offers (an action and its words), and the lint problem itself for an expert's eye. Texts still
waiting to be written (placeholders) are findings too: a draft with any cannot be published.
"""
from __future__ import annotations

from dataclasses import dataclass

from survey.content import lint
from survey.content.edit import Draft, placeholders
from survey.content.files import Problem
from survey.i18n import Msg, Text

PLACEHOLDER = Text("finding.placeholder", "Texten är en platshållare: skriv in den.")
QUOTE_MISSING = Text("finding.quote_missing", "Citatet står inte ordagrant i policytexten.")
UNASKED = Text("finding.unasked", "Ingen fråga hör till %(what)s, så det kan inte bedömas.")
UNRULED = Text("finding.unruled", "Inget krav bedömer verksamhetens bidrag till målet.")
HIDDEN = Text("finding.hidden", "Kravet gäller enheter som inte får frågorna som det bedöms med.")
LEVELS = Text("finding.levels", "Nivåerna kräver fler uppfyllda kriterier än kravet har.")
NEVER = Text("finding.never", "Ett kriterium kan aldrig uppfyllas med de svar frågan tillåter.")
ALWAYS = Text("finding.always", "Ett kriterium är uppfyllt vilket svar som än ges.")
NOBODY = Text("finding.nobody", "Ingen enhet får det här: välj enhetstyper, taggar eller enheter.")
NEVER_ASKED = Text("finding.never_asked", "Följdfrågan ställs aldrig: villkoret kan inte uppfyllas.")
THE_REQUIREMENT = Text("finding.the_requirement", "kravet")
THE_GOAL = Text("finding.the_goal", "målet")
FIX_QUOTE = Text("fix.quote", "Välj meningen i policytexten")
FIX_QUESTION = Text("fix.question", "Lägg till en fråga")
FIX_FOLLOW = Text("fix.follow", "Låt kravet gälla samma enheter som avsnittet")
FIX_OPEN = Text("fix.open", "Öppna och rätta")
FIX_WRITE = Text("fix.write", "Skriv texten")
PLAIN = {
    "lint.section_hidden": HIDDEN, "lint.section_hidden_tags": HIDDEN, "lint.section_hidden_units": HIDDEN,
    "lint.too_few": LEVELS, "lint.partly_too_high": LEVELS, "lint.never": NEVER, "lint.always": ALWAYS,
    "lint.nobody": NOBODY, "lint.nobody_section": NOBODY, "lint.never_asked": NEVER_ASKED,
    "lint.goal_unruled": UNRULED,
}


@dataclass(frozen=True)
class Finding:
    key: str  # the item ("" for the policy as a whole)
    message: Msg
    action: str  # the workshop's action that fixes it, with the item: "pick", "question", "follow" or "open"
    fix: Msg
    field: str | None = None
    problem: Problem | None = None  # lint's words, file and pointer: the expert's detail


def item_of(draft: Draft, problem: Problem) -> str:
    """The key of the item a lint problem is about ("" when it is about none in particular)."""
    parts = problem.pointer.strip("/").split("/")
    rules = [r["id"] for r in draft.requirements]
    goals = [g["id"] for g in draft.goals]
    if problem.file.startswith("rules/") and parts[0] == "requirements" and len(parts) > 1 \
            and parts[1].isdigit() and int(parts[1]) < len(rules):
        return f"requirement:{rules[int(parts[1])]}"
    if problem.file.startswith("questionnaires/") and parts[0] == "properties" and len(parts) > 1:
        if len(parts) > 3 and parts[2] == "properties":
            return f"question:{parts[1]}/{parts[3]}"
        return f"section:{parts[1]}"
    if parts[:2] == ["x-policy", "goals"] and len(parts) > 2 and parts[2].isdigit() and int(parts[2]) < len(goals):
        return f"goal:{goals[int(parts[2])]}"
    return "policy" if parts[0] == "x-policy" else ""


def _plain(draft: Draft, problem: Problem) -> Finding:
    key = item_of(draft, problem)
    code = problem.message.code if isinstance(problem.message, Msg) else ""
    if code == "lint.not_quoted":
        field = "x-source" if key.startswith("question:") else "source"
        return Finding(key, QUOTE_MISSING(), "pick", FIX_QUOTE(), field, problem)
    if code in ("lint.rule_unasked", "lint.goal_unasked"):
        ident = problem.message.params.get("id", "")
        key = f"requirement:{ident}" if code == "lint.rule_unasked" else f"goal:{ident}"
        what = THE_REQUIREMENT() if code == "lint.rule_unasked" else THE_GOAL()
        return Finding(key, UNASKED(what=what), "question", FIX_QUESTION(), None, problem)
    if code in ("lint.section_hidden", "lint.section_hidden_tags", "lint.section_hidden_units") \
            and key.startswith("requirement:"):
        return Finding(key, HIDDEN(), "follow", FIX_FOLLOW(), "target", problem)
    if code in PLAIN:
        return Finding(key, PLAIN[code](), "open", FIX_OPEN(), None, problem)
    return Finding(key, problem.message, "open", FIX_OPEN(), None, problem)


def findings(draft: Draft, name: str, text: str) -> list[Finding]:
    """Everything that keeps a draft from being published, in the order of its items."""
    found = [Finding(key, PLACEHOLDER(), "open", FIX_WRITE(), field) for key, field in placeholders(draft)]
    problems = lint.lint_data({("questionnaire", name): draft.questionnaire, ("ruleset", name): draft.ruleset},
                              {name: text})
    found += [_plain(draft, problem) for problem in problems]
    seen: set = set()
    return [f for f in found if (key := (f.key, f.field, f.message)) not in seen and not seen.add(key)]


def by_item(found: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in found:
        grouped.setdefault(finding.key, []).append(finding)
    return grouped
