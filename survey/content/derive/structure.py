"""The blocks of a policy's clean text (headings, paragraphs, list items) and its sentences.

Clean text (`read.py`) holds one block a line with a blank line between blocks; a list item
starts with "- ". A heading is a short line without closing punctuation. Quotes are always
taken as they stand in the clean text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

NUMBERING = re.compile(r"^\d+(\.\d+)*\.?\s+")
# a numbered paragraph's number: "3.1 Handläggaren ska …", "4 § Nämnden ska …", "§ 4 Nämnden ska …"
PARAGRAPH_NUMBER = re.compile(r"^(\d+(\.\d+)+\.?|\d+ ?§|§ ?\d+\.?)\s+(?=[A-ZÅÄÖ])")


@dataclass
class Block:
    text: str
    item: bool
    heading: bool = False
    level: int | None = None  # a heading's level where the document gives it (1 the highest)


def blocks(text: str, headings: dict[str, int | None] | None = None) -> list[Block]:
    """The blocks of clean text, each marked as list item or heading: the `headings` the document marks
    itself, where it does, else by their shape."""
    out = []
    for raw in text.split("\n\n"):
        raw = raw.strip()
        if not raw:
            continue
        item = raw.startswith("- ")
        body = raw[2:] if item else raw
        heading = body in headings if headings is not None else looks_like_heading(body)
        if not heading and not item:
            body = body[len(numbered.group()):] if (numbered := PARAGRAPH_NUMBER.match(body)) else body
        out.append(Block(body, item, not item and heading, (headings or {}).get(body) if heading else None))
    return out


QUESTION_WORDS = {"så", "hur", "vad", "varför", "när", "därför", "detta", "här", "vem", "vilka", "vilket"}


def looks_like_heading(text: str) -> bool:
    """A short line without closing punctuation; not one that states what someone shall do
    ("Nämnderna ska hålla sin budget", a table cell), though "Så ska vi arbeta" is a heading."""
    words = text.split()
    stated = len(words) >= 4 and re.search(r"\b(ska|skall|måste)\b", text) and words[0].lower() not in QUESTION_WORDS
    numbered = NUMBERING.match(text)  # "3 Mål", "2.1 Syfte" (not a value: "90 procent", "5 GWh", "12 MSEK")
    named = bool(numbered) and re.match(r"[A-ZÅÄÖ][a-zåäö]|§", text[numbered.end():]) is not None
    preamble = text.endswith(":") and re.search(r"\b(att|ska|skall|åligger)\b", text) is not None  # "4 § Det åligger X att:"
    return not stated and not preamble and (len(text) <= 80 and not text.endswith((".", ",", ";", "!", "?", ":")) and text[:1].isupper()
                           and (named or not numbered)
                           or named and len(text) <= 80 and not text.endswith("."))


def heading_name(heading: str) -> str:
    """A heading without its numbering, lower case, for matching."""
    return NUMBERING.sub("", heading).strip().rstrip(":").lower()


def sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph, exactly as they stand (split after . ! ? before a capital)."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ\"”])", paragraph) if s]


def trim(quote: str) -> str:
    """A list item as a quote: without the trailing comma or joining "samt"/"och"."""
    quote = quote.strip().rstrip(",;")
    return re.sub(r"\s+(samt att|samt|och)$", "", quote).rstrip(",;").strip()
