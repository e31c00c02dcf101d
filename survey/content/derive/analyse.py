"""Find a policy's metadata, goals and duties in its clean text.

Every sentence and list item is read (`classify.read_sentence`): a "ska" sentence whose subject
is an actor of the organisation is a duty wherever it stands, one whose subject is not is a goal.
A list preamble ("Nämnderna ska:", "Kommunen ska som arbetsgivare:", "Staden har fyra mål:")
gives its actor, or its goal, to each item. Headings are evidence: a heading that names an actor
("4.2 Nämnderna", "Lönesättande chef", a table's first cell) is who a subjectless sentence is
about, and a document with a heading for its goals ("Mål", "Övergripande mål") keeps its goals
there. Nothing is invented: what the text does not give stays None and is listed for review.
Every goal and requirement quotes its text exactly as it stands in the clean text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import supines
from .actors import KINDS, actor, known_as, slug, tag_of
from .classify import ACTOR_FIRST, GOAL_STATEMENT, MODAL, Reading, excluded, read_sentence
from .metadata import metadata
from .structure import Block, blocks, heading_name, sentences, trim

__all__ = ["KINDS", "Analysis", "Duty", "Goal", "analyse", "slug", "tag_of"]

GOAL_HEADING = re.compile(
    r"^((övergripande|strategiska|långsiktiga|policyns|kommunens|regionens|stadens|våra|gemensamma)\s+)?"
    r"(mål|målen|målsättning|målsättningar|målområde|målområden)\b|"
    r"^(?!(uppföljning|utvärdering|redovisning|revidering|ansvar)\b)\w+\s+(mål|målen|målsättningar)$")
VISION_HEADING = re.compile(r"^((vår|våra|kommunens|regionens|stadens|policyns)\s+)?(vision|visionen|viljeinriktning|"
                            r"inriktning|ambition|ambitioner)\b")
GOAL_WORDS = re.compile(r"\b(mål|målen|målet|målsättning|målsättningar|målsättningen)\b", re.IGNORECASE)
ROLE_WORDS = re.compile(r"\s+(ansvar|ansvaret|roll|rollen|roller|uppdrag|uppdraget|uppgifter)$", re.IGNORECASE)
OWNER = re.compile(r"^(?P<actor>.+?)s? (ansvar|uppgifter|uppgift|uppdrag|åtaganden)( är( att)?| omfattar)?$|"
                   r"^(följande|detta) (gäller|åligger) (för )?(?P<for>.+)$", re.IGNORECASE)
SECTION = re.compile(r"^((vårt|vår|våra|kommunens|regionens|stadens|nämndernas|\w+s)\s+)?(ansvar|ansvaret|"
                     r"ansvarsfördelning|roller|roll|uppgifter|åtaganden|åtgärder|genomförande|uppföljning|"
                     r"utvärdering|revidering|revision|bakgrund|inledning|syfte|definitioner|begrepp|organisation|"
                     r"finansiering|riktlinjer|principer|arbetssätt|förutsättningar|styrning|ikraftträdande|"
                     r"bilaga|bilagor|referenser|kontakt|relaterade)\b")
NUMBERED_HEADING = re.compile(r"^\d+(\.\d+)*\.?\s+[A-ZÅÄÖ§]")
STATE_GOAL = re.compile(r"^\S+( \S+)? (ska|skall) (vara|bli)\b", re.IGNORECASE)
PREAMBLE_END = re.compile(r"(:|\b(ska|skall|måste|att|är|bör|följande))$", re.IGNORECASE)


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
class _Place:
    """Where the reader stands: the heading, whether it is a goal heading, the actor it names,
    and the preamble of the list being read (its reading, or None for a preamble that is neither)."""

    heading: str = ""
    goal_area: bool = False
    vision: bool = False
    actor: str | None = None
    preamble: str | None = None
    preamble_reading: Reading | None = None
    level: int | None = None  # the heading's level, where the document gives it


def analyse(text: str, headings: dict[str, int | None] | None = None) -> Analysis:
    """Metadata, goals and duties of a policy's clean text (`headings`: those the document marks itself)."""
    parts = blocks(text, headings)
    _mark_preambles(parts)
    analysis = Analysis(meta=metadata(parts))
    with known_as(_names(parts)):
        skipped = _read(parts, analysis)
    analysis.review = _review(analysis, skipped)
    return analysis


def _mark_preambles(parts: list[Block]) -> None:
    """A line that leads a list ("Falköpings kommun ska", "Nämnderna ska:") is no heading."""
    for block, following in zip(parts, parts[1:]):
        if block.heading and following.item and PREAMBLE_END.search(block.text):
            block.heading = False


def _read(parts: list[Block], analysis: Analysis) -> list[str]:
    """Goals and duties of every block, in order; returns the "ska" sentences read as neither."""
    strong = any(b.heading and GOAL_HEADING.match(heading_name(b.text)) for b in parts)
    area_items = _goal_areas_with_items(parts)
    plain_visions = _plain_visions(parts)
    place = _Place()
    skipped: list[str] = []
    seen: set[str] = set()

    def goal(text: str, vision: bool = False) -> None:
        # where a document has a heading for its goals they stand there, unless a sentence says it is one
        # or states the vision
        if (place.goal_area or vision or not strong or GOAL_STATEMENT.search(text)) and text not in seen:
            seen.add(text)
            analysis.goals.append(Goal(f"M{len(analysis.goals) + 1}", text, place.heading))
            if place.heading and place.heading not in analysis.goal_headings:
                analysis.goal_headings.append(place.heading)

    def duty(text: str, reading: Reading, clause: bool) -> None:
        if place.goal_area and strong and reading.tag is None:
            return goal(text)  # "Kommunen ska …" among the goals is one; "Folkbiblioteket ska …" is its duty
        if text in seen:
            return
        seen.add(text)
        heading = f"{place.heading} – {place.preamble.rstrip(':')}" if place.preamble else place.heading
        analysis.duties.append(Duty(text, heading, reading.actor, list(reading.kinds), reading.tag, clause))
        if place.heading and place.heading not in analysis.duty_headings:
            analysis.duty_headings.append(place.heading)

    def prose(said: list[str]) -> None:
        """The sentences of a paragraph; "Bolaget ska" after "Bostads AB Hem är …" is that bolag's duty."""
        listed = place.goal_area and strong and area_items.get(place.heading)
        for at, sentence in enumerate(said):
            reading = _same(read_sentence(sentence, place.actor), _named_in(said[:at]) or place.actor)
            if listed:  # a goal area with a list: its goals are the items, the prose introduces them,
                if GOAL_STATEMENT.search(sentence) or STATE_GOAL.match(sentence) and reading is not None \
                        and reading.kind == "goal":  # unless it states one ("Staden ska vara en föregångare")
                    goal(sentence)
            elif reading is None and (place.goal_area and strong or place.heading in plain_visions) \
                    and not MODAL.search(sentence) and not excluded(sentence) and len(sentence.split()) >= 4:
                goal(sentence, vision=True)  # a goal heading's or a vision's prose without a list: its goals
            elif reading is None and place.actor and (sentence[:1].islower() or _task(sentence)) \
                    and _clause(sentence) and not excluded(sentence):
                found = actor(place.actor)  # a task in the cell beside its actor's ("ta fram en plan.")
                duty(sentence, Reading("duty", place.actor, tuple(found[0]), found[1]), clause=True)
            elif reading is None:
                if MODAL.search(sentence) and not excluded(sentence):
                    skipped.append(sentence)
            elif reading.kind == "goal":
                goal(sentence, vision=place.vision and "vision" in place.heading.lower())  # a vision states it
            else:
                duty(sentence, reading, clause=False)

    actor_after = _actors_after_tasks(parts)
    for index, block in enumerate(parts):
        if index in actor_after:  # "Vad | Vem | När": the actor's cell follows the task's
            found = actor(actor_after[index])
            duty(block.text, Reading("duty", actor_after[index], tuple(found[0]), found[1]), clause=True)
            continue
        if block.heading and place.actor and _task(block.text):  # a task in the cell beside its actor's
            found = actor(place.actor)
            duty(block.text, Reading("duty", place.actor, tuple(found[0]), found[1]), clause=True)
            continue
        if block.heading:
            name = heading_name(block.text)
            who = _heading_actor(block.text)
            # a heading inside the goals (an area, a table's cells) keeps them, until one opens another section
            within = place.goal_area and who is None and not GOAL_HEADING.match(name) and not SECTION.match(name) \
                and not VISION_HEADING.match(name) and _inside(block, place)
            place = _Place(place.heading, True, level=place.level) if within else _Place(
                block.text, bool(GOAL_HEADING.match(name)), bool(VISION_HEADING.match(name)), who, level=block.level)
            continue
        if not block.item:
            place.preamble = place.preamble_reading = None
            said = sentences(block.text)
            if index + 1 < len(parts) and parts[index + 1].item and (
                    PREAMBLE_END.search(block.text) or MODAL.search(block.text) and not block.text.endswith(".")):
                prose(said[:-1])  # what the paragraph says before the list's lead-in
                reading = _preamble(said[-1], place.actor)
                place.preamble, place.preamble_reading = block.text, _same(reading,
                                                                           _named_in(said[:-1]) or place.actor)
                continue
            prose(said)
            continue
        text = trim(block.text)
        lead = place.preamble_reading  # a subjectless item is the lead-in's actor's, not the heading's
        own = read_sentence(block.text, place.actor if lead is None else None) \
            if MODAL.search(block.text) or ACTOR_FIRST.match(block.text) else None
        if own is not None and (lead is None or own.kind == "duty" and own.actor):
            goal(text) if own.kind == "goal" else duty(text, own, clause=False)
        elif lead is not None:
            goal(text) if lead.kind == "goal" else duty(text, lead, clause=True)
        elif place.goal_area or place.vision and not strong:
            goal(text)
        elif place.actor and place.preamble is None and _clause(text) and not excluded(block.text):
            found = actor(place.actor)
            duty(text, Reading("duty", place.actor, tuple(found[0]), found[1]), clause=True)
    return skipped


ANAPHORA = {"bolaget", "nämnden", "förvaltningen", "styrelsen", "enheten", "myndigheten"}
NAMING = re.compile(r"^(?P<who>\S.{1,60}?) är (?P<name>[a-zåäö]{4,})(\s+(i|för|inom|enligt)\b.*)?\.?$")


def _names(parts: list[Block]) -> dict[str, tuple[list[str], str | None]]:
    """Names a document gives an actor ("Regionstyrelsen är arkivmyndighet i Region Sjöland."): the
    name, in any form, then stands for that actor."""
    names = {}
    for block in parts:
        for sentence in sentences(block.text) if not block.heading else ():
            named = NAMING.match(sentence.strip())
            if named and not MODAL.search(sentence):
                found = actor(named.group("who"))
                if found is not None and actor(named.group("name")) is None:
                    names[named.group("name")] = found
    return names


def _named_in(said: list[str]) -> str | None:
    """The last named body or role a paragraph's sentences begin with ("Bostads AB Hem är …"): the
    first words that name it, and the capitalised words of its name after them."""
    named = None
    for sentence in said:
        name = _leading_name(sentence)
        if name and actor(name)[1] is not None:
            named = name
    return named


def _same(reading: Reading | None, named: str | None) -> Reading | None:
    """A duty of "Bolaget"/"Nämnden" is a duty of the body the paragraph named before it."""
    if reading is None or reading.kind != "duty" or not named or reading.actor.lower() not in ANAPHORA:
        return reading
    found = actor(named)
    if found is None or found[1] is None and not set(found[0]) & set(reading.kinds):
        return reading  # "Nämnden" under "Kommunstyrelsen" is some nämnd, not the board
    return Reading("duty", named, tuple(found[0]), found[1])


def _clause(text: str) -> bool:
    """A list item that reads as a task ("ha en plan för …", "Samordna arbetet."): three words or more,
    in lower case, ending as a sentence does, or led by an infinitive (not a line of contents)."""
    return len(text.split()) >= 3 and (text[:1].islower() or text.endswith((".", ",", ";")) or _task(text))


FINITE = {"bör", "kan", "får", "är", "har", "ska", "skall", "måste", "behöver", "vill", "kommer"}  # "Chefer bör …"


def _task(text: str) -> bool:
    """Led by a verb and its object, as a table's task cell is ("Införa ett gemensamt …", "Se till att …",
    "Leder och samordnar arbetet"): four words or more, the first a verb the word list knows, as an
    infinitive or in the present tense (not "Alla verksamheter som …"), the second in lower case, and an
    "och" only between two verbs (not "Trygga och säkra skolor")."""
    words, modal = text.split(), MODAL.search(text)
    return len(words) >= 4 and supines.is_verb(words[0]) and words[1][:1].islower() \
        and words[1] not in FINITE and (words[1] != "och" or supines.is_verb(words[2])) \
        and not (modal and (modal.start() == 0 or modal.group("must")))  # "… och ansvarar för att" may follow



def _goal_areas_with_items(parts: list[Block]) -> dict[str, bool]:
    """For each goal heading: whether its area holds a list."""
    areas: dict[str, bool] = {}
    heading = None
    for block in parts:
        if block.heading:
            heading = block.text if GOAL_HEADING.match(heading_name(block.text)) else None
            if heading:
                areas.setdefault(heading, False)
        elif heading and block.item:
            areas[heading] = True
    return areas


TASK_COLUMN = {"vad", "uppgift", "uppgifter", "åtgärd", "åtgärder", "aktivitet", "aktiviteter", "insats", "insatser"}
ACTOR_COLUMN = {"vem", "ansvarig", "ansvariga", "ansvar", "huvudansvarig", "ansvarar"}
OTHER_COLUMN = {"när", "tid", "tidplan", "klart", "datum", "år", "hur", "kommentar", "status", "mål", "kostnad",
                "resurser", "uppföljning", "nr", "delaktiga", "samverkan", "med", "stöd", "från", "till", "steg",
                "ska", "göras", "görs", "senast", "tidpunkt", "klar"}


def _actors_after_tasks(parts: list[Block]) -> dict[int, str]:
    """In a table whose task column comes before its actor column ("Vad | Vem | När"), each task cell
    and the actor in the cell after it: index of the task's block → the actor's words."""
    found: dict[int, str] = {}
    header: list[str] = []
    active = False
    for index, block in enumerate(parts):
        words = [w.strip(":|").lower() for w in block.text.split()]
        if words and all(w in TASK_COLUMN | ACTOR_COLUMN | OTHER_COLUMN for w in words):
            header += words
            continue
        if header:
            tasks = [i for i, w in enumerate(header) if w in TASK_COLUMN]
            actors = [i for i, w in enumerate(header) if w in ACTOR_COLUMN]
            active, header = bool(tasks and actors and tasks[0] < actors[0]), []
        if not active:
            continue
        following = parts[index + 1].text if index + 1 < len(parts) else ""
        who = _leading_name(following)
        task = _task(block.text) or _clause(block.text)
        if task and who:
            found[index] = who
        elif not task and not who and len(words) > 6 and block.text.endswith("."):
            active = False  # prose again: the table has ended
    return found


def _leading_name(text: str) -> str | None:
    """The actor a cell begins with ("Stadsmiljöförvaltningen 2025", "AB Ekhem"), with the capitalised
    words of its name; None when it begins with no actor."""
    words = [w.strip(",.;") for w in text.split()]
    for n in range(1, min(6, len(words)) + 1):
        if actor(" ".join(words[:n])) is not None and not any(ch.isdigit() for ch in words[n - 1]):
            while n < len(words):
                if words[n] in ("och", "samt") and n + 1 < len(words) and actor(words[n + 1]) is not None:
                    n += 2  # "Lärare och mentor": both
                elif words[n][:1].isupper() and actor(" ".join(words[:n + 1])) is not None:
                    n += 1  # the rest of a name: "Bostads AB Hamrahem"
                else:
                    break
            return " ".join(words[:n])
    return None


def _inside(block: Block, place: _Place) -> bool:
    """Is a heading within the section of the heading before it: deeper by its level, or by its number
    ("3.1" within "3"); where neither tells, a heading with no number (an area's name, a table's cell)."""
    if block.level is not None and place.level is not None:
        return block.level > place.level
    number, parent = NUMBERED_HEADING.match(block.text), NUMBERED_HEADING.match(place.heading)
    if number and parent:
        return block.text.split()[0].startswith(place.heading.split()[0].rstrip(".") + ".")
    return not number


def _plain_visions(parts: list[Block]) -> set[str]:
    """Vision headings whose text says no "ska": the vision is stated as it is ("Biblioteken är öppna
    mötesplatser"), so its sentences are goals; where it says "ska", those sentences are."""
    visions: dict[str, bool] = {}
    heading = None
    for block in parts:
        if block.heading:
            heading = block.text if VISION_HEADING.match(heading_name(block.text)) else None
            if heading:
                visions.setdefault(heading, True)
        elif heading and MODAL.search(block.text):
            visions[heading] = False
    return {heading for heading, plain in visions.items() if plain}


def _heading_actor(heading: str) -> str | None:
    """The actor a heading names ("4.2 Nämnderna", "Chefens ansvar", "Kommunen som arbetsgivare")."""
    name = ROLE_WORDS.sub("", re.sub(r"^\d+(\.\d+)*\.?\s*", "", heading)).strip()
    if len(name.split()) > 5:
        return None
    return name if actor(name) is not None else None


def _preamble(sentence: str, context_actor: str | None) -> Reading | None:
    """What a list's lead-in gives its items: a duty of its actor ("Nämnderna ska:", "Nämndernas
    uppgifter är att:", "Följande gäller för bolagen:"), a goal, or nothing."""
    sentence = sentence.rstrip(":").strip()
    owner = OWNER.match(sentence)
    phrase = owner and (owner.group("actor") or owner.group("for"))
    found = actor(phrase) if phrase else None
    if found is not None:
        return Reading("duty", phrase, tuple(found[0]), found[1])
    reading = read_sentence(sentence, context_actor)
    if reading is not None and reading.kind == "duty":
        return reading
    if GOAL_WORDS.search(sentence) or reading is not None:
        return Reading("goal")
    return None


def _review(analysis: Analysis, skipped: list[str]) -> list[dict]:
    """What a person must check: metadata not found, tags, and "ska" sentences left out."""
    notes = {
        "title": "Titeln hittades inte: ange policyns titel.",
        "municipality": "Kommunens namn hittades inte: ange det.",
        "adopted_by": "Vem som antog policyn hittades inte: ange det.",
        "adopted_date": "Beslutsdatum hittades inte; revisionskontrollen kan inte räkna utan det.",
        "adopted_paragraph": "Paragrafen (§) för beslutet hittades inte.",
        "replaces": "Vad policyn ersätter hittades inte (kan vara riktigt).",
        "revision": "Ingen regel för revidering hittades.",
        "follow_up": "Ingen mening om årlig uppföljning hittades.",
    }
    review = [{"about": key, "note": note} for key, note in notes.items() if analysis.meta.get(key) is None]
    if not analysis.goals:
        review.append({"about": "goals", "note": "Inga mål hittades: lägg till dem med citat ur texten."})
    for sentence in skipped:
        review.append({"about": "duties", "note": f"Inte tagen som mål eller krav: {sentence}"})
    return review
