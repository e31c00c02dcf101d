"""Quoted sentences are the policy's own words: each occurs in `policies/<policy>.txt`.

Compared after normalising what layout changes: whitespace, quote marks, soft hyphens,
hyphenation at line breaks, bullets and the case of the first letter. A quote that joins a
list's lead-in to one of its items ("Kommunen ska" + "verka för …,") counts when both
parts occur, in that order.
"""
from __future__ import annotations

import difflib
import re
from typing import Iterator

from survey.content import questionnaire as q
from survey.content.files import Problem
from survey.content.lint.policy import Policy
from survey.i18n import Text

NO_TEXT = Text("lint.no_text", "policyns text saknas: lägg den som ren text i policies/%(name)s.txt, så att "
                               "citaten kan jämföras med den")
NOT_QUOTED = Text("lint.not_quoted", "citatet finns inte i policies/%(name)s.txt; skriv meningen exakt som i "
                                     "policyn. Närmast i texten: ”%(closest)s”")
_QUOTES = re.compile("[\"'”“’‘„«»]")
_SPACE = re.compile(r"[^\S\n]+")
_LINES = re.compile(r"\s*\n\s*")
_MARKER = re.compile(r"(?m)^(?:[-–*•▶]|\d{1,2}[.)])\s*")
_HYPHENATED = re.compile(r"(\w)[-\u00ad]\s*\n\s*(\w)")
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\n\s*\n|\n\s*[-•▶*–]\s*")
MAX_SHOWN = 240


def _plain(text: str) -> str:
    """Lowercase text without quote marks, soft hyphens or list markers, one space between words."""
    text = _QUOTES.sub("", text.replace("\u00ad\n", "").replace("\u00ad", ""))
    text = _LINES.sub("\n", _SPACE.sub(" ", text)).strip().lower()
    while _MARKER.search(text):
        text = _MARKER.sub("", text)
    return text


def passages(text: str) -> tuple[str, str]:
    """The text normalised twice, lines kept: hyphens at line breaks kept (as in 'kommun- och') and joined."""
    return _plain(text), _plain(_HYPHENATED.sub(r"\1\2", text))


def quoted(text: str, quote: str) -> bool:
    plain = _plain(quote).replace("\n", " ").rstrip(".,;: ")
    words = plain.split(" ")
    for version in passages(text):
        if plain in version.replace("\n", " "):
            return True
        for cut in range(2, len(words) - 1):  # a lead-in line ("Kommunen ska:") and one item of its list
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            start = max(version.find(head + ":\n"), version.find(head + "\n"))
            if start >= 0 and version.find("\n" + tail, start) >= 0:
                return True
    return False


def closest(text: str, quote: str) -> str:
    """The sentence of the text most like the quote, as a person would read it."""
    sentences = [_SPACE.sub(" ", s).strip() for s in _SENTENCE.split(_HYPHENATED.sub(r"\1\2", text))]
    sentences = [s for s in sentences if s]
    if not sentences:
        return ""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote.lower())
    best = max(sentences, key=lambda s: (matcher.set_seq1(s.lower()), matcher.ratio())[1])
    return best if len(best) <= MAX_SHOWN else best[:MAX_SHOWN] + "…"


_ITEM = re.compile(r"^(?:[-–*•▶]|\d{1,2}[.)])\s+")
_ENDS = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")


def sentences(text: str) -> list[str]:
    """The sentences a quote can be chosen from, in the order of the text: a list's items joined to
    their lead-in ("Nämnderna ska" + "ta fram …"), paragraphs split at full stops, headings left out.
    Each is `quoted` in the text by construction (one pass over the text, whatever its length)."""
    found: list[str] = []
    lead = None
    for raw in _HYPHENATED.sub(r"\1\2", text).split("\n"):
        line = _SPACE.sub(" ", raw).strip()
        if not line:
            continue
        marker = _ITEM.match(line)
        if marker:
            body = line[marker.end():].strip()
            found.append(f"{lead} {body}" if lead else body[:1].upper() + body[1:])
            continue
        lead = line.rstrip(":").strip() if line.endswith(":") else None
        if lead is None and line.endswith((".", "!", "?", ";")):
            found += _ENDS.split(line)
        elif lead is None and len(line.split()) > 8:
            found.append(line)
    return list(dict.fromkeys(found))


def sources(p: Policy) -> Iterator[tuple[str, str, str]]:
    """Every quoted sentence: (file, pointer, quote)."""
    for k, goal in enumerate(q.goals(p.questionnaire)):
        if goal.get("source"):
            yield p.q_file, f"/x-policy/goals/{k}/source", goal["source"]
    for i, rule in enumerate(p.ruleset["requirements"]):
        if rule.get("source"):
            yield p.r_file, f"/requirements/{i}/source", rule["source"]
    for (section, name), schema in p.questions.items():
        if schema.get("x-source"):
            yield p.q_file, f"/properties/{section}/properties/{name}/x-source", schema["x-source"]


def check_quotes(p: Policy) -> Iterator[Problem]:
    if p.text is None:
        yield Problem(p.q_file, "/x-policy", NO_TEXT(name=p.name))
        return
    for file, at, quote in sources(p):
        if not quoted(p.text, quote):
            yield Problem(file, at, NOT_QUOTED(name=p.name, closest=closest(p.text, quote)))
