"""Find a policy's metadata, goals and responsibilities in its clean text.

Pure functions over the blocks of the clean text (`read.py`). Nothing is invented: what
the text does not say stays None and is listed in `Analysis.review`. Every goal and
requirement quotes its text exactly as it stands in the clean text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = ("kommunstyrelse", "nämnd", "förvaltning", "bolag")
GOAL_HEADING = re.compile(
    r"^((övergripande|strategiska|långsiktiga|policyns|kommunens|våra|gemensamma)\s+)?"
    r"(mål|målen|målsättning|målsättningar|målområde|målområden)\b")
VISION_HEADING = re.compile(r"^(vision|visionen|inriktning|viljeinriktning|ambition|ambitioner)\b")
DUTY_HEADING = re.compile(r"(ansvar|roller|uppdrag|genomförande|organisation och arbetssätt)")
FOLLOW_HEADING = re.compile(r"^(uppföljning|rapportering|utvärdering)")
REVISION_HEADING = re.compile(r"^(revidering|revision|aktualitetsprövning|giltighet)")
LEAVE_HEADING = re.compile(
    r"^(policy|inledning|bakgrund|syfte|definitioner|begrepp|övergripande utgångspunkt|utgångspunkter?|"
    r"omfattning|lagstiftning|styrdokument|referenser|bilagor?|relaterade dokument|vision|inriktning)\b")
DUTY = re.compile(r"\b(ska|skall|ansvarar för|har (det övergripande )?ansvar(et)? för)\b", re.IGNORECASE)
LEAD = re.compile(r"^(?P<actor>.{2,80}?)\s+(ska|skall)\s*:?$", re.IGNORECASE)
STATE_VERBS = {"vara", "bli"}
SUBORDINATE = re.compile(r"^(för att|om|när|genom att|i|inom|utifrån|då)\b", re.IGNORECASE)
FOLLOW_UP = re.compile(r"\b(årligen|varje år|en gång per år|årlig|årsvis)\b", re.IGNORECASE)
FOLLOW_VERB = re.compile(r"(följ|uppfölj|redovis|utvärder|rapporter)", re.IGNORECASE)
DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MONTHS = {m: i for i, m in enumerate(["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                                      "september", "oktober", "november", "december"], 1)}
TEXT_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
PARAGRAPH = re.compile(r"§\s*\d+")
ORDINALS = {"varje": 1, "vartannat": 2, "vart annat": 2, "vart tredje": 3, "vart fjärde": 4, "vart femte": 5,
            "vart sjätte": 6}
DOC_WORD = re.compile(r"(policy|program|plan|strategi|riktlinjer|riktlinje)\b", re.IGNORECASE)
MUNICIPALITY = re.compile(r"\b([A-ZÅÄÖ][a-zåäöé]+(?:[- ][A-ZÅÄÖ][a-zåäöé]+)?s kommun)\b")
ALL_UNITS = re.compile(r"\b(kommunens verksamheter|all kommunal verksamhet|(de )?kommunala verksamhet(er|erna)?|"
                       r"kommunen|[a-zåäö]+s kommun|samtliga verksamheter|alla verksamheter)\b", re.IGNORECASE)
KIND_WORDS = {
    "kommunstyrelse": r"kommunstyrelse(n|ns)?",
    "nämnd": r"(nämnd|nämnden|nämnder|nämnderna|facknämnder(na)?)",
    "förvaltning": r"(förvaltning|förvaltningen|förvaltningar|förvaltningarna)",
    "bolag": r"(bolag|bolaget|bolagen|de kommunala bolagen|helägda bolag)",
}


@dataclass
class Goal:
    id: str
    source: str
    heading: str


@dataclass
class Duty:
    """One responsibility: who (unit kinds or a tag) must do what, quoted."""

    source: str
    heading: str
    actor: str
    kinds: list[str]
    tag: str | None
    clause: bool  # the quote is an infinitive clause after "X ska" (a list item), not a sentence


@dataclass
class Analysis:
    meta: dict
    goals: list[Goal] = field(default_factory=list)
    duties: list[Duty] = field(default_factory=list)
    review: list[dict] = field(default_factory=list)
    goal_headings: list[str] = field(default_factory=list)
    duty_headings: list[str] = field(default_factory=list)


@dataclass
class Block:
    text: str
    item: bool
    heading: bool


def blocks(text: str) -> list[Block]:
    """The blocks of clean text, each marked as list item or heading."""
    out = []
    for raw in text.split("\n\n"):
        raw = raw.strip()
        if not raw:
            continue
        item = raw.startswith("- ")
        body = raw[2:] if item else raw
        heading = not item and _looks_like_heading(body)
        out.append(Block(body, item, heading))
    return out


def _looks_like_heading(text: str) -> bool:
    return (len(text) <= 80 and not text.endswith((".", ",", ";", "!", "?", ":")) and text[:1].isupper()
            or bool(re.match(r"^\d+(\.\d+)*\.?\s+\S", text)) and len(text) <= 80 and not text.endswith("."))


def _name(heading: str) -> str:
    """A heading without its numbering, lower case, for matching."""
    return re.sub(r"^\d+(\.\d+)*\.?\s*", "", heading).strip().rstrip(":").lower()


def sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph, exactly as they stand (split after . ! ? before a capital)."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ\"”])", paragraph) if s]


def trim(quote: str) -> str:
    """A list item as a quote: without the trailing comma or joining "samt"/"och"."""
    quote = quote.strip().rstrip(",;")
    return re.sub(r"\s+(samt att|samt|och)$", "", quote).rstrip(",;").strip()


def analyse(text: str, name: str = "") -> Analysis:
    """Metadata, goals and duties of a policy's clean text."""
    parts = blocks(text)
    analysis = Analysis(meta=metadata(parts, name))
    analysis.goals, analysis.goal_headings = goals(parts)
    analysis.duties, skipped, analysis.duty_headings = duties(parts, analysis.meta)
    analysis.review = _review(analysis, skipped)
    return analysis


def _areas(parts: list[Block], matches) -> list[tuple[str, list[Block]]]:
    """(heading, blocks) of every area whose heading `matches`, up to the next area heading."""
    areas: list[tuple[str, list[Block]]] = []
    current: list[Block] | None = None
    for block in parts:
        if block.heading and not LEAD.match(block.text):
            name = _name(block.text)
            if matches(name):
                current = []
                areas.append((block.text, current))
                continue
            if current is not None and _ends_area(name):
                current = None
        if current is not None:
            current.append(block)
    return areas


def _ends_area(name: str) -> bool:
    return any(p.search(name) for p in (GOAL_HEADING, VISION_HEADING, DUTY_HEADING, FOLLOW_HEADING,
                                         REVISION_HEADING, LEAVE_HEADING))


def goals(parts: list[Block]) -> tuple[list[Goal], list[str]]:
    """Goals: the list items (else the sentences) under goal headings; vision headings only
    when the policy has no goal heading, since a vision is not something a unit can report on."""
    for pattern in (GOAL_HEADING, VISION_HEADING):
        found: list[Goal] = []
        headings = []
        for heading, area in _areas(parts, lambda n, p=pattern: bool(p.match(n))):
            items = [b for b in area if b.item]
            texts = [trim(b.text) for b in items] if items else [
                s for b in area if not b.heading for s in sentences(b.text)]
            headings.append(heading)
            found += [Goal(f"M{len(found) + k + 1}", t, heading) for k, t in enumerate(texts) if t]
        if found:
            return found, headings
    return [], []


def actor_of(phrase: str) -> tuple[list[str], str | None]:
    """Unit kinds an actor phrase names, or a tag (slug) when it names none of them."""
    phrase = phrase.strip().lower()
    kinds = [k for k, words in KIND_WORDS.items() if re.search(rf"\b{words}\b", phrase)]
    if kinds:
        return kinds, None
    if ALL_UNITS.search(phrase):
        return list(KINDS), None
    return list(KINDS), tag_of(phrase)


def tag_of(phrase: str) -> str:
    """A unit tag for an actor that is no unit kind: a slug of at most 40 characters starting with a letter."""
    tag = slug(phrase)[:40].rstrip("-")
    return tag if tag[:1].isalpha() else f"t-{tag}"[:40].rstrip("-")


def slug(text: str) -> str:
    table = str.maketrans("åäöéü", "aaoeu")
    words = re.findall(r"[a-z0-9]+", text.lower().translate(table))
    return "-".join(words[:4]) or "okand"


def duties(parts: list[Block], meta: dict) -> tuple[list[Duty], list[str], list[str]]:
    """Duties under responsibility and follow-up headings: "X ska" lists and sentences.

    Returns the duties, the "ska" sentences left out (a state, "ska vara", not a duty: for
    review) and the headings read.
    """
    found: list[Duty] = []
    skipped: list[str] = []
    headings = []
    is_area = lambda n: bool(DUTY_HEADING.search(n) or FOLLOW_HEADING.match(n))  # noqa: E731
    revision_source = (meta.get("revision") or {}).get("source")
    for heading, area in _areas(parts, is_area):
        headings.append(heading)
        actor, sub = None, heading
        for block in area:
            lead = LEAD.match(block.text)
            if lead:
                actor, sub = lead.group("actor"), f"{heading} – {block.text.rstrip(':')}"
                continue
            if block.heading:
                actor, sub = block.text, f"{heading} – {block.text}"
                continue
            if block.item:
                kinds, tag = actor_of(actor) if actor else (list(KINDS), None)
                found.append(Duty(trim(block.text), sub, actor or "", kinds, tag, clause=actor is not None))
                continue
            if block.text.endswith(":"):
                continue
            for sentence in sentences(block.text):
                if sentence == revision_source:
                    continue
                duty = _sentence_duty(sentence, actor, sub)
                if duty is None:
                    if DUTY.search(sentence):
                        skipped.append(sentence)
                else:
                    found.append(duty)
    follow = meta.get("follow_up")
    if follow and all(follow not in d.source and d.source not in follow for d in found):
        found.append(Duty(follow, "Uppföljning", "", list(KINDS), None, clause=False))
    return found, skipped, headings


def _sentence_duty(sentence: str, heading_actor: str | None, heading: str) -> Duty | None:
    """A sentence with "ska"/"skall"/"ansvarar för" whose verb is an action (not "ska vara")."""
    for match in DUTY.finditer(sentence):
        after = sentence[match.end():].split()
        if match.group(1).lower() in ("ska", "skall") and after and after[0].lower() in STATE_VERBS:
            continue
        subject = sentence[:match.start()].strip()
        if not subject or SUBORDINATE.match(subject) or len(subject.split()) > 8:
            hit = re.search("|".join(KIND_WORDS.values()) + "|" + ALL_UNITS.pattern, sentence, re.IGNORECASE)
            subject = hit.group(0) if hit else ""
        kinds, tag = actor_of(subject) if subject else (list(KINDS), None)
        if tag and heading_actor:
            kinds, tag = actor_of(heading_actor)
        return Duty(sentence, heading, subject, kinds, tag, clause=False)
    return None


def metadata(parts: list[Block], name: str = "") -> dict:
    """Title, municipality, adoption, what it replaces, revision rule and follow-up sentence."""
    head = parts[:15]
    meta: dict = {"title": _title(head) or None, "municipality": _municipality(parts)}
    labelled = {}
    for block in head + parts[-6:]:
        match = re.match(r"^(antagen av|beslutad av|fastställd av|antagen|beslutad|fastställd|datum|"
                         r"beslutsdatum|ersätter|diarienummer|dnr)\s*:\s*(.+)$", block.text, re.IGNORECASE)
        if match:
            labelled.setdefault(match.group(1).lower(), match.group(2).strip())
    by = next((labelled[k] for k in ("antagen av", "beslutad av", "fastställd av") if k in labelled), None)
    when = next((labelled[k] for k in ("datum", "beslutsdatum", "antagen", "beslutad", "fastställd")
                 if k in labelled), None)
    if by and not when and (DATE.search(by) or TEXT_DATE.search(by)):
        when = by
    if by:
        by = re.split(r"\s+(den\s+)?(\d{4}-\d{2}-\d{2}|\d{1,2}\s+[a-zåä]+\s+\d{4}|§)", by)[0].strip() or None
    meta["adopted_by"] = by
    meta["adopted_date"] = _date(when) if when else None
    paragraph = PARAGRAPH.search(when or "")
    meta["adopted_paragraph"] = re.sub(r"§\s*", "§ ", paragraph.group(0)) if paragraph else None
    meta["replaces"] = labelled.get("ersätter")
    meta["revision"] = _revision(parts)
    meta["follow_up"] = _follow_up(parts)
    return meta


def _title(head: list[Block]) -> str | None:
    candidates = [b.text for b in head if b.heading and DOC_WORD.search(b.text) and not LEAD.match(b.text)]
    if not candidates:
        return None
    title = max(candidates, key=len)
    names = [c for c in candidates if len(c.split()) == 1 and c.lower() != "policy" and c.lower() not in title.lower()]
    return f"{names[0]} – {title}" if names else title


def _municipality(parts: list[Block]) -> str | None:
    counts: dict[str, int] = {}
    for block in parts:
        for match in MUNICIPALITY.finditer(block.text):
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return max(counts, key=counts.get) if counts else None


def _date(text: str) -> str | None:
    match = DATE.search(text)
    if match:
        return match.group(0)
    match = TEXT_DATE.search(text)
    if match:
        return f"{match.group(3)}-{MONTHS[match.group(2).lower()]:02d}-{int(match.group(1)):02d}"
    return None


def _revision(parts: list[Block]) -> dict | None:
    """The revision rule and its sentence, or None when the text states none."""
    for block in parts:
        for sentence in sentences(block.text):
            lower = sentence.lower()
            if not re.search(r"(revider|revision|aktualitetspröv|ses över)", lower):
                continue
            if "mandatperiod" in lower:
                return {"rule": "mandate_period", "source": sentence}
            years = re.search(r"\b(varje|vartannat|vart annat|vart tredje|vart fjärde|vart femte|vart sjätte)\s+år\b",
                              lower)
            if years:
                return {"rule": "years", "years": ORDINALS[years.group(1)], "source": sentence}
            number = re.search(r"\b(?:var|vart|efter|inom)\s+(\d{1,2})(?::e)?\s+år", lower)
            if number:
                return {"rule": "years", "years": int(number.group(1)), "source": sentence}
    return None


def _follow_up(parts: list[Block]) -> str | None:
    """The sentence that says the work is followed up or reported every year: the first under
    a follow-up heading, else the first anywhere."""
    followed = [b for _, area in _areas(parts, lambda n: bool(FOLLOW_HEADING.match(n))) for b in area]
    for block in followed + parts:
        for sentence in sentences(block.text):
            if FOLLOW_UP.search(sentence) and FOLLOW_VERB.search(sentence):
                return trim(sentence) if block.item else sentence
    return None


def _review(analysis: Analysis, skipped: list[str]) -> list[dict]:
    """What a person must check: missing metadata, tags, and "ska" sentences left out."""
    notes = {
        "title": "Titeln hittades inte i texten: ange policyns titel.",
        "municipality": "Kommunen nämns inte i texten: ange kommunens namn.",
        "adopted_by": "Texten anger inte vem som antog policyn.",
        "adopted_date": "Texten anger inget beslutsdatum; revisionskontrollen kan inte räkna utan det.",
        "adopted_paragraph": "Texten anger ingen paragraf (§) för beslutet.",
        "replaces": "Texten anger inte vad policyn ersätter (kan vara riktigt).",
        "revision": "Texten anger ingen regel för revidering.",
        "follow_up": "Texten anger inte hur arbetet följs upp varje år.",
    }
    review = [{"about": key, "note": note} for key, note in notes.items() if analysis.meta.get(key) is None]
    if not analysis.goals:
        review.append({"about": "goals", "note": "Inga mål hittades under rubriker som Mål eller Vision."})
    for sentence in skipped:
        review.append({"about": "duties", "note": f"Inte tagen som krav (ett tillstånd, inte en uppgift): {sentence}"})
    return review
