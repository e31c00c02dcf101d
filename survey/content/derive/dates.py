"""Dates as Swedish documents write them: 2012-03-05, 5 mars 2012, femte mars 2012, 5/3 2012."""
from __future__ import annotations

import re

DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MONTHS = {m: i for i, m in enumerate(["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                                      "september", "oktober", "november", "december"], 1)}
TEXT_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
# a day in words: "den tolfte mars 2025"
DAYS = {word: n for n, word in enumerate(
    ["första", "andra", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde", "tionde", "elfte",
     "tolfte", "trettonde", "fjortonde", "femtonde", "sextonde", "sjuttonde", "artonde", "nittonde", "tjugonde",
     "tjugoförsta", "tjugoandra", "tjugotredje", "tjugofjärde", "tjugofemte", "tjugosjätte", "tjugosjunde",
     "tjugoåttonde", "tjugonionde", "trettionde", "trettioförsta"], 1)}
WORD_DATE = re.compile(r"\b(" + "|".join(DAYS) + r")\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/|\s+)(\d{4})\b")  # "28/11/2023", "15/3 2021": day first


def first_date(text: str) -> str | None:
    """The first date in a text, written 2012-03-05, 5 mars 2012, femte mars 2012 or 5/3 2012."""
    found = dates(text)
    return min(found)[1] if found else None


def dates(text: str) -> list[tuple[int, str]]:
    """(position, ISO date) of every date in a text."""
    found = [(m.start(), m.group(0)) for m in DATE.finditer(text)] + [
        (m.start(), f"{m.group(3)}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}") for m in TEXT_DATE.finditer(text)]
    found += [(m.start(), f"{m.group(3)}-{MONTHS[m.group(2).lower()]:02d}-{DAYS[m.group(1).lower()]:02d}")
              for m in WORD_DATE.finditer(text)]
    found += [(m.start(), f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}") for m in SLASH_DATE.finditer(text)
              if 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(1)) <= 31]
    return found
