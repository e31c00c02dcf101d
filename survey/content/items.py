"""The items of a draft policy, whatever their kind: their form fields and their edits.

Items are named by keys: `policy`, `goal:<id>`, `requirement:<id>`, `section:<name>` and
`question:<section>/<name>` (see `survey.content.edit`).
"""
from __future__ import annotations

from survey.content import edit_question, edit_rule
from survey.content.edit import NO_ITEM, Draft, Form, edit_goal, edit_policy, edit_section, exists, policy_values, \
    section_values
from survey.i18n import Msg


def values(draft: Draft, key: str) -> Form:
    """An item's form fields as the workshop shows them."""
    kind, _sep, ident = key.partition(":")
    if kind == "policy":
        return policy_values(draft)
    if kind == "goal":
        return {"title": [draft.goal(ident)["title"]]}
    if kind == "requirement":
        return edit_rule.rule_values(draft, ident)
    if kind == "section":
        return section_values(draft, ident)
    return edit_question.question_values(draft, *ident.split("/", 1))


def edit(draft: Draft, key: str, form: Form, offered_kinds: tuple[str, ...] | None = None,
         shared: dict[str, dict] | None = None) -> dict[str, Msg]:
    """Apply a form posted for one item; the problems by field (nothing changed when there are any).
    `shared` is the organisation's shared questions by key, which a question may be linked to."""
    if not exists(draft, key):
        return {"": NO_ITEM()}
    kind, _sep, ident = key.partition(":")
    if kind == "policy":
        return edit_policy(draft, form, offered_kinds)
    if kind == "goal":
        return edit_goal(draft, ident, form)
    if kind == "requirement":
        return edit_rule.edit_requirement(draft, ident, form)
    if kind == "section":
        return edit_section(draft, ident, form)
    return edit_question.edit_question(draft, *ident.split("/", 1), form, shared)
