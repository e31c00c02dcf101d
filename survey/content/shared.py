"""Shared questions: a question's `x-shared` key says it is the same question in every policy that carries it.

In a yearly follow-up such a question is asked once, and its answer is written into each policy's response.
"""
from __future__ import annotations

from survey.content.questionnaire import questions


def shared_key(question: dict) -> str | None:
    """The question's shared key, or None for a question of its policy alone."""
    key = question.get("x-shared")
    return key if isinstance(key, str) and key else None


def shared_questions(questionnaires: dict[str, dict]) -> dict[str, list[tuple[str, str, str]]]:
    """Each shared key with where it is asked: [(policy, section, property)], in the given policies' order.

    A key found in one place only is kept too: it is shared in the content, with nothing to share it with yet.
    """
    found: dict[str, list[tuple[str, str, str]]] = {}
    for policy, questionnaire in questionnaires.items():
        for section, name, schema in questions(questionnaire):
            key = shared_key(schema)
            if key is not None:
                found.setdefault(key, []).append((policy, section, name))
    return found
