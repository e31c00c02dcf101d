"""When a policy is revised and how its work is followed up: the rule a revision sentence or a validity
states ("revideras vart fjärde år", "gäller till och med 2027"), and the sentence that says the work is
followed up every year."""
from __future__ import annotations

import re
from typing import Iterator

from .dates import dates
from .documents import DOCUMENT_WORD
from .structure import Block, sentences, trim

ORDINALS = {"varje": 1, "vartannat": 2, "vart annat": 2, "vart tredje": 3, "var tredje": 3, "vart fjärde": 4,
            "var fjärde": 4, "vart femte": 5, "var femte": 5, "vart sjätte": 6, "var sjätte": 6}
NUMBERS = {"två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "åtta": 8, "tio": 10}
REVISED_WORDS = (r"revider|revision|aktualitetspröv|ses över|\böversyn|uppdater|omprövas|"
                 rf"(?:se|ser) över (?:denna |detta |dessa )?\w*{DOCUMENT_WORD}\b|"
                 rf"^(?:denna |detta )?\w*{DOCUMENT_WORD} (?:ska |skall )?prövas\b|"
                 rf"\w*{DOCUMENT_WORD} behöver (?:ändras|revideras|uppdateras)\b|"
                 r"ny \w*(?:policy|plan|program|strategi|riktlinje)\w* (?:tas fram|antas|ska tas fram)")
REVISED = re.compile(rf"({REVISED_WORDS})", re.IGNORECASE)  # says the policy is revised
# "en åtgärdsplan som uppdateras varje år", "årligen revidera en plan för …": another document's revision
OTHER_REVISED = re.compile(r"\bsom (\w+ ){0,2}(revideras|uppdateras|ses över|aktualitetsprövas)\b|"
                           r"\b(revidera|uppdatera|se över) (en|ett|sin|sitt|sina) ")
# "Från och med 2025-01-01, tills vidare": when it begins to apply, not when it is revised
SINCE = re.compile(r"\b(från och med|fr\.\s?o\.\s?m\.|från)\s+(den\s+)?\d[\d-]*(\s+\w+\s+\d{4})?")
REVISION = re.compile(rf"({REVISED_WORDS}|giltig|gäller\b.*\b(till och med|t\.\s?o\.\s?m\.|till(?=\s*(\d|$)))|"
                      r"gäller (för |under )?(perioden |åren )?\d{4}\s*[–-]\s*\d{4})",
                      re.IGNORECASE)  # or only how long it is valid
FOLLOW_UP = re.compile(r"\b(årligen|varje år|en gång per år|per år|årlig|årliga|årligt|årsvis|vartannat år|vart annat år|"
                       r"vart (tredje|fjärde) år|varje mandatperiod|varje (termin|kvartal|tertial|halvår|månad)|"
                       r"per (termin|kvartal|tertial|halvår)|(termins|kvartals|tertial|halvårs)vis|"
                       r"(två|tre|fyra) gånger (per|om|varje) år)\b", re.IGNORECASE)
FOLLOW_HEADING = re.compile(r"^(\d+(\.\d+)*\.?\s*)?(uppföljning|rapportering|utvärdering)", re.IGNORECASE)
FOLLOW_VERB = re.compile(r"(följ|uppfölj|redovis|utvärder|rapporter)", re.IGNORECASE)


def revision(parts: list[Block]) -> dict | None:
    """The revision rule and its sentence, or None when the text states none. A sentence that says the
    policy is revised wins over one that only says how long it is valid ("Giltighetstid 2025–2030")."""
    found = list(_revision_rules(parts))
    return next((stated for strong, stated in found if strong), None) or next((stated for _s, stated in found), None)


def _revision_rules(parts: list[Block]) -> Iterator[tuple[bool, dict]]:
    """(whether it says the policy is revised, the rule) for every sentence or labelled cell with a rule."""
    for index, block in enumerate(parts):
        value = parts[index + 1].text if index + 1 < len(parts) else ""
        label = block.heading and REVISION.search(block.text) and len(block.text.split()) <= 3 \
            and not re.search(r"\d", block.text) and len(value.split()) <= 6 and not REVISION.search(value) \
            and not rule(block.text.lower())  # "Revideras varje mandatperiod" says it all itself
        # a sentence, or a label and its value in two table cells ("Revideras | Vart fjärde år"): the value is quoted
        for sentence, lower in ([(value, f"{block.text} {value}".lower())] if label else
                                [(s, s.lower()) for s in sentences(block.text)]):
            if not REVISION.search(lower) or OTHER_REVISED.search(lower):
                continue
            stated = rule(lower)
            if stated:
                yield bool(REVISED.search(lower)), stated | {"source": sentence}


def rule(lower: str) -> dict | None:
    """The rule a revision sentence states: every mandate period, every n years, or by a date."""
    if "mandatperiod" in lower:
        return {"rule": "mandate_period"}
    if re.search(r"\b(årligen|en gång (per|om|varje) år)\b", lower) and not FOLLOW_VERB.search(lower):
        return {"rule": "years", "years": 1}
    years = re.search(r"\b(varje|vartannat|vart annat|vart tredje|var tredje|vart fjärde|var fjärde|vart femte|"
                      r"var femte|vart sjätte|var sjätte)\s+år\b", lower)
    if years:
        return {"rule": "years", "years": ORDINALS[years.group(1)]}
    number = re.search(r"\b(?:var|vart|efter|inom|senast)\s+(\d{1,2}|" + "|".join(NUMBERS) + r")(?::e)?\s+år", lower)
    if number:
        value = number.group(1)
        return {"rule": "years", "years": int(value) if value.isdigit() else NUMBERS[value]}
    period = re.search(r"\bgäller (för |under )?(perioden |åren )?\d{4}\s*[–-]\s*(\d{4})\b", lower)
    if period:  # "Programmet gäller för perioden 2024–2027": valid to the end of its last year
        return {"rule": "date", "date": f"{period.group(3)}-12-31"}
    stated = dates(SINCE.sub("", lower))  # "aktualitetsprövas senast 2027-06-30"; a validity's end: "2025-01-01 – 2030-12-31"
    if stated:
        return {"rule": "date", "date": max(stated)[1] if not REVISED.search(lower) else min(stated)[1]}
    year = re.search(r"\b(senast|till och med|t\.\s?o\.\s?m\.|före utgången av)\s+(år\s+)?(\d{4})\b", lower)
    if year:  # "revideras senast 2029", "gäller till och med 2027": by the end of that year
        return {"rule": "date", "date": f"{year.group(3)}-12-31"}
    return None


def follow_up(parts: list[Block]) -> str | None:
    """The sentence that says the work is followed up or reported every year: the first under a
    follow-up heading, else the first anywhere."""
    followed, under, values = [], False, set()
    for index, block in enumerate(parts):
        if block.heading:
            under = bool(FOLLOW_HEADING.match(block.text))
            if under and len(block.text.split()) <= 3 and index + 1 < len(parts) \
                    and len(parts[index + 1].text.split()) <= 8:
                values.add(index + 1)  # a label and its value in two table cells ("Uppföljning | Årligen")
        elif under:
            followed.append(index)
    everywhere = range(len(parts))
    for indexes, periodic in ((followed, True), (everywhere, True), (followed, False)):
        for index in indexes:
            block = parts[index]
            for sentence in sentences(block.text):
                if (FOLLOW_VERB.search(sentence) or index in values) and (not periodic or FOLLOW_UP.search(sentence)):
                    return trim(sentence) if block.item else sentence
    return None
