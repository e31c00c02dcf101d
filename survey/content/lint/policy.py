"""A policy as the lint checks see it: a questionnaire, its rule set and its text."""
from __future__ import annotations

from typing import Iterator

from survey.content import questionnaire as q
from survey.content.files import Content


class Policy:
    """A questionnaire and its rule set, with the indexes the checks share."""

    def __init__(self, content: Content, name: str):
        self.name = name
        self.questionnaire = content.questionnaires[name]
        self.ruleset = content.rulesets[name]
        self.text = content.texts.get(name)
        self.q_file = content.label("questionnaire", name)
        self.r_file = content.label("ruleset", name)
        self.goals = [g["id"] for g in q.goals(self.questionnaire)]
        self.requirements = [r["id"] for r in self.ruleset["requirements"]]
        self.questions = {(s, n): schema for s, n, schema in q.questions(self.questionnaire)}
        self.sections = dict(q.sections(self.questionnaire))
        self.kinds = q.policy_kinds(self.questionnaire)
        self.tags = q.policy_tags(self.questionnaire)

    def criteria(self) -> Iterator[tuple[int, dict, str, dict]]:
        """Every criterion and applicability condition: (rule index, rule, pointer, criterion)."""
        for i, rule in enumerate(self.ruleset["requirements"]):
            if "applies_if" in rule:
                yield i, rule, f"/requirements/{i}/applies_if", rule["applies_if"]
            for j, criterion in enumerate(rule["criteria"]):
                yield i, rule, f"/requirements/{i}/criteria/{j}", criterion
