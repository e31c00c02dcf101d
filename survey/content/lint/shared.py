"""Shared questions across policies: the copies of one shared question must ask for the same answer,
and questions that look the same in two policies are proposed for sharing.

Copies of one `x-shared` key are answered once in a yearly follow-up and the answer is scored by
every policy that carries it, so they must take the same kind of answer with the same choices
(`check_shared`, a problem). Two questions of different policies with the same wording or the same
quote and no common key are likely the same question (`proposals`, advice that fails nothing).
"""
from __future__ import annotations

import re
from typing import Iterator

from survey.content.files import Content, Problem
from survey.content.pointer import join
from survey.content.questionnaire import questions
from survey.content.shared import shared_key
from survey.i18n import Text

NOT_THE_SAME = Text("lint.shared_differs", "den gemensamma frågan %(key)s tar ett annat slags svar här än i %(file)s "
                                           "(%(other)s); ge kopiorna samma svarstyp och alternativ")
PROPOSE = Text("lint.shared_proposal", "liknar frågan %(pointer)s i %(file)s (samma %(what)s); gör dem till en "
                                       "gemensam fråga med \"x-shared\": \"%(key)s\" i båda, så besvaras den en gång")
WORDING = Text("lint.shared_wording", "formulering")
QUOTE = Text("lint.shared_quote", "citat")
ANSWER_KEYS = ("type", "oneOf", "enum", "items", "format", "minimum", "maximum", "x-labels", "x-exclusive")


def answer_of(schema: dict) -> dict:
    """What kind of answer a question takes: its type, choices and bounds, not its words."""
    return {key: schema[key] for key in ANSWER_KEYS if key in schema}


def places(content: Content) -> list[tuple[str, str, str, str, dict]]:
    """Every question of every policy: (policy, file, section, name, schema)."""
    return [(policy, content.label("questionnaire", policy), section, name, schema)
            for policy, questionnaire in content.questionnaires.items()
            for section, name, schema in questions(questionnaire)]


def check_shared(content: Content) -> Iterator[Problem]:
    """Each copy of a shared question that takes another answer than the key's first copy."""
    first: dict[str, tuple[str, dict]] = {}
    for _policy, file, section, name, schema in places(content):
        key = shared_key(schema)
        if key is None:
            continue
        if key not in first:
            first[key] = (file, answer_of(schema))
        elif answer_of(schema) != first[key][1]:
            other_file, other = first[key]
            yield Problem(file, join(["properties", section, "properties", name]),
                          NOT_THE_SAME(key=key, file=other_file, other=other.get("type", "?")))


def normalised(text: str) -> str:
    return re.sub(r"[^\wåäö]+", " ", text.lower()).strip()


def proposals(content: Content) -> list[Problem]:
    """Questions of two policies with the same wording or quote and no common shared key."""
    found: list[Problem] = []
    seen: dict[tuple[str, str], tuple[str, str, str, str, dict]] = {}
    for place in places(content):
        policy, file, section, name, schema = place
        for what, text in ((WORDING, schema.get("title", "")), (QUOTE, schema.get("x-source", ""))):
            marker = (what.code, normalised(text))
            if not marker[1]:
                continue
            earlier = seen.setdefault(marker, place)
            if earlier[0] == policy:
                continue
            if shared_key(schema) is not None and shared_key(schema) == shared_key(earlier[4]):
                continue
            key = shared_key(earlier[4]) or shared_key(schema) or _suggested(earlier[4].get("title", ""))
            found.append(Problem(file, join(["properties", section, "properties", name]),
                                 PROPOSE(pointer=join(["properties", earlier[2], "properties", earlier[3]]),
                                         file=earlier[1], what=what(), key=key)))
            break
    return found


def _suggested(title: str) -> str:
    """A shared key from a question's words: "Finns en handlingsplan?" → "finns-en-handlingsplan"."""
    words = normalised(title).translate(str.maketrans("åäö", "aao")).split()
    key = "-".join(words[:5])[:60].strip("-")
    return key if key[:1].isalpha() else f"fraga-{key}".strip("-")
