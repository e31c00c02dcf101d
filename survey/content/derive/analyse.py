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

from .actors import KINDS, actor, cell_actor, heading_actor, is_role, known_as, slug, tag_of
from .classify import ACTOR_FIRST, GOAL_STATEMENT, MODAL, OBLIGED, Reading, excluded, read_sentence
from .documents import DOCUMENT
from .metadata import metadata
from .references import named_in, names, same, short_forms
from .sections import (ABOUT_GOALS, GOAL_HEADING, GOAL_WORDS, LAW_HEADING, NUMBERED_HEADING, PREAMBLE_END, SECTION,
                       STATE_GOAL, TARGET, VISION_HEADING, goal_areas_with_items, heading_names, plain_visions, preamble)
from .structure import NUMBERING, PARAGRAPH_NUMBER, Block, blocks, heading_name, sentences, trim
from .tables import actor_words, table_duties, table_goals
from .supines import is_verb
from .tasks import actors_after_tasks, among_steps, is_clause, is_task, step_duty, task_then_actor

__all__ = ["KINDS", "Analysis", "Duty", "Goal", "analyse", "slug", "tag_of"]



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
    lead: str = ""  # the list's lead-in the clause completes ("Bolaget ska till kommunstyrelsen lämna:")


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
    law: bool = False  # under "Lagstiftning", "Lagar och regler": what the law says, no one's duty here


def analyse(text: str, headings: dict[str, int | None] | None = None, tables=()) -> Analysis:
    """Metadata, goals and duties of a policy's clean text (`headings`: those the document marks itself;
    `tables`: each table's rows, where the reader kept them)."""
    parts = blocks(text, headings)
    _mark_preambles(parts)
    analysis = Analysis(meta=metadata(parts))
    with known_as(names(parts, tables), analysis.meta.get("municipality")):
        taken = _from_tables(parts, tables, analysis)
        skipped = _read(parts, analysis, taken)
    analysis.review = _review(analysis, skipped)
    return analysis


def _from_tables(parts: list[Block], tables, analysis: Analysis) -> set[str]:
    """The goals and duties a table's rows give (`tables.py`), each under the heading over its table;
    returns the texts they take, which the block by block reading then leaves alone."""
    in_tables = {cell for table in tables for row in table for cell in row}
    over, heading = {}, ""
    for index, block in enumerate(parts):
        if block.heading and not _cell_among_cells(parts, index, in_tables):
            heading = block.text
        over.setdefault(block.text, heading)
    goals, goal_tables = table_goals(tables)
    for text in goals:
        if text in over and not any(goal.source == text for goal in analysis.goals):
            analysis.goals.append(Goal(f"M{len(analysis.goals) + 1}", text, over[text]))
            if over[text] and over[text] not in analysis.goal_headings:
                analysis.goal_headings.append(over[text])
    spelled = short_forms(parts)
    given: set[tuple[str, str]] = set()
    for text, who in table_duties(tables):
        who = actor_words(spelled.get(who, who))  # "HSN" in a matrix's header: "hälso- och sjukvårdsnämnden"
        if text not in over or (text, who) in given:
            continue
        given.add((text, who))
        found = cell_actor(who)
        for name, kinds, tag in _each_body(Reading("duty", who, tuple(found[0]), found[1])):
            analysis.duties.append(Duty(text, over[text], name, kinds, tag, clause=True))
        if over[text] and over[text] not in analysis.duty_headings:
            analysis.duty_headings.append(over[text])
    return goal_tables | {text for text, _ in given}


def _cell_among_cells(parts: list[Block], index: int, cells: set[str]) -> bool:
    """Is the block a table's cell, beside another (a header cell "Mål" is no heading over what follows)?"""
    beside = {b.text for b in parts[max(0, index - 1):index + 2] if b is not parts[index]}
    return parts[index].text in cells and bool(beside & cells)


def _mark_preambles(parts: list[Block]) -> None:
    """A line that leads a list ("Falköpings kommun ska", "Nämnderna ska:") is no heading, and its paragraph's
    number ("6 § Nämnden har till uppgift att") no part of its words."""
    for block, following in zip(parts, parts[1:]):
        if block.heading and following.item and PREAMBLE_END.search(block.text):
            block.heading = False
            block.text = PARAGRAPH_NUMBER.sub("", block.text)


def _read(parts: list[Block], analysis: Analysis, taken: set[str]) -> list[str]:
    """Goals and duties of every block, in order, but for the texts already `taken` (from tables);
    returns the "ska" sentences read as neither."""
    strong = any(b.heading and GOAL_HEADING.match(heading_name(b.text)) for b in parts)
    area_items = goal_areas_with_items(parts)
    visions = plain_visions(parts)
    place = _Place()
    skipped: list[str] = []
    seen: set[str] = set(taken)
    tabled = set(analysis.goal_headings)  # goal areas whose goals a table gave: their prose introduces them
    title = analysis.meta.get("title") or ""
    # the sentence that says when the document is revised is its metadata, no goal ("Avtalet skall omprövas …")
    revised = (analysis.meta.get("revision") or {}).get("source")

    def goal(text: str, stated: bool = False) -> None:
        # where a document has a heading for its goals they stand there, unless the text says it is one
        # (`stated`: a vision, a lead-in "Ägarens mål är följande:")
        if (place.goal_area or stated or not strong or GOAL_STATEMENT.search(text)) and text not in seen \
                and text != revised:
            seen.add(text)
            analysis.goals.append(Goal(f"M{len(analysis.goals) + 1}", text, place.heading))
            if place.heading and place.heading not in analysis.goal_headings:
                analysis.goal_headings.append(place.heading)

    def duty(text: str, reading: Reading, clause: bool, cell: bool = False, lead: str = "") -> None:
        modal = MODAL.search(text)
        charged = cell or reading.tag is not None and (not is_role(reading.actor) or modal and modal.group("duty"))
        if place.goal_area and strong and not charged:
            return goal(text)  # "Kommunen ska …", "Medarbetarna ska …" among the goals are goals; "Folkbiblioteket
            # ska …", "Rektor ansvarar för …" and a table's task beside its actor are duties
        if text in seen:
            return
        seen.add(text)
        heading = f"{place.heading} – {place.preamble.rstrip(':')}" if place.preamble \
            and place.preamble != place.heading else place.heading
        for who, kinds, tag in _each_body(reading):
            analysis.duties.append(Duty(text, heading, who, kinds, tag, clause, lead))
        if place.heading and place.heading not in analysis.duty_headings:
            analysis.duty_headings.append(place.heading)

    def prose(said: list[str], before: str = "") -> None:
        """The sentences of a paragraph; "Bolaget ska" after "Bostads AB Hem är …" is that bolag's duty. A
        pronoun stands for the actor the sentence before began with (`before`: the paragraph before's last)."""
        listed = place.goal_area and strong and area_items.get(place.heading)
        for at, sentence in enumerate(said):
            previous = said[at - 1] if at else before
            document = DOCUMENT.match(previous)  # "Rutinen gäller … Den ska …": the document itself
            antecedent = named_in([previous], any_actor=True) or (document.group() if document else None)
            reading = same(read_sentence(sentence, place.actor, antecedent or place.actor),
                           named_in(said[:at]) or place.actor)
            if listed:  # a goal area with a list: its goals are the items, the prose introduces them,
                if GOAL_STATEMENT.search(sentence) or STATE_GOAL.match(sentence) and reading is not None \
                        and reading.kind == "goal":  # unless it states one ("Staden ska vara en föregångare")
                    goal(sentence)
            elif reading is None and (place.goal_area and strong or place.heading in visions) \
                    and place.heading not in tabled \
                    and not MODAL.search(sentence) and not excluded(sentence) and len(sentence.split()) >= 4 \
                    and not ABOUT_GOALS.match(sentence) and not sentence.endswith(":"):
                goal(sentence, stated=True)  # a goal heading's or a vision's prose without a list: its goals
            elif reading is None and place.actor and (sentence[:1].islower() or is_task(sentence)) \
                    and is_clause(sentence) and not excluded(sentence):
                found = heading_actor(place.actor)  # a task in the cell beside its actor's ("ta fram en plan.")
                duty(sentence, Reading("duty", place.actor, tuple(found[0]), found[1]), clause=True)
            elif reading is None and among_steps(title, place.heading) and (step := step_duty(sentence)) is not None:
                duty(sentence, step, clause=False)  # a routine's step in the present tense
            elif reading is None:
                if MODAL.search(sentence) and not excluded(sentence):
                    skipped.append(sentence)
            elif reading.kind == "goal":  # a vision states it, and so does a target in figures
                goal(sentence, stated=place.vision and "vision" in place.heading.lower() or bool(TARGET.search(sentence)))
            else:
                duty(sentence, reading, clause=False)

    actor_after = actors_after_tasks(parts)
    for index, block in enumerate(parts):
        if index in actor_after:  # "Vad | Vem | När": the actor's cell follows the task's
            who, task = actor_after[index]
            found = cell_actor(who)
            duty(task, Reading("duty", who, tuple(found[0]), found[1]), clause=True, cell=True)
            continue
        beside = index > 0 and parts[index - 1].text == place.actor  # just after the actor's cell
        if block.heading and place.actor and is_task(block.text, 3 if beside else 4):  # a task beside its actor
            found = heading_actor(place.actor)
            duty(block.text, Reading("duty", place.actor, tuple(found[0]), found[1]), clause=True)
            continue
        if block.heading and _cell_among_cells(parts, index, taken):
            continue  # a cell of a table already read
        if block.heading:
            name = heading_name(block.text)
            who = heading_names(block.text)
            # a heading inside the goals (an area, a table's cells) keeps them, until one opens another section
            within = place.goal_area and who is None and not GOAL_HEADING.match(name) and not SECTION.match(name) \
                and not VISION_HEADING.match(name) and _inside(block, place)
            place = _Place(place.heading, True, level=place.level) if within else _Place(
                block.text, bool(GOAL_HEADING.match(name)), bool(VISION_HEADING.match(name)), who, level=block.level,
                law=bool(LAW_HEADING.match(name)))
            continue
        if place.law:
            continue
        task = NUMBERING.sub("", block.text)
        given = task_then_actor(task)
        if given is not None:  # "1. Ta fram en vägledning. Ansvar: Regionservice."
            duty(trim(task), given, clause=True, cell=True)
            continue
        if not block.item:
            place.preamble = place.preamble_reading = None
            said = sentences(block.text)
            if index + 1 < len(parts) and parts[index + 1].item and (
                    PREAMBLE_END.search(block.text) or MODAL.search(block.text) and not block.text.endswith(".")):
                prose(said[:-1])  # what the paragraph says before the list's lead-in
                reading = preamble(said[-1], place.actor)
                place.preamble, place.preamble_reading = block.text, same(reading,
                                                                           named_in(said[:-1]) or place.actor)
                continue
            previous = parts[index - 1] if index else None
            prose(said, sentences(previous.text)[-1] if previous and not (previous.heading or previous.item) else "")
            continue
        text = trim(block.text)
        lead = place.preamble_reading  # a subjectless item is the lead-in's actor's, not the heading's
        own = read_sentence(block.text, place.actor if lead is None else None) \
            if MODAL.search(block.text) or ACTOR_FIRST.match(block.text) or OBLIGED.match(block.text) else None
        completes = lead is not None and text[:1].islower() and is_verb(text.split()[0])  # "se till att …" after "X ska:"
        aims = lead is not None and lead.kind == "goal" and bool(GOAL_WORDS.search(place.preamble or ""))
        if own is not None and (lead is None or own.kind == "duty" and own.actor and not (aims and is_role(own.actor))) \
                and not completes:  # under "Målen är att", "all personal ska ha fått utbildning" is a goal
            goal(text) if own.kind == "goal" else duty(text, own, clause=False)
        elif lead is not None:
            if lead.kind == "goal":  # a lead-in that says its items are goals ("Ägarens mål är följande:") is heard
                goal(text, stated=bool(GOAL_WORDS.search(place.preamble or "")))
            else:
                duty(text, lead, clause=True, lead=place.preamble or "")
        elif place.goal_area or place.vision and not strong:
            goal(text)
        elif among_steps(title, place.heading) and step_duty(text) is not None:
            duty(text, step_duty(text), clause=False)  # a numbered step naming its role
        elif place.actor and place.preamble is None and is_clause(text) and not excluded(block.text):
            found = heading_actor(place.actor)
            duty(text, Reading("duty", place.actor, tuple(found[0]), found[1]), clause=True)
    return skipped


def _each_body(reading: Reading) -> list[tuple[str, list[str], str | None]]:
    """Whom a duty is for, one by one where it names two bodies ("Hälso- och sjukvårdsnämnden och
    tandvårdsnämnden har ansvar för …"): each gets the duty under its own tag."""
    parts = re.split(r"\s+(?:och|samt)\s+(?=\S+$|\S+ \S+$)", reading.actor.strip()) if reading.tag else []
    found = [(part, actor(part)) for part in parts] if len(parts) == 2 else []
    if found and all(f is not None and f[1] is not None and not is_role(part) for part, f in found):
        return [(part, list(f[0]), f[1]) for part, f in found]
    return [(reading.actor, list(reading.kinds), reading.tag)]


def _inside(block: Block, place: _Place) -> bool:
    """Is a heading within the section of the heading before it: deeper by its level, or by its number
    ("3.1" within "3"); where neither tells, a heading with no number (an area's name, a table's cell)."""
    if block.level is not None and place.level is not None:
        return block.level > place.level
    number, parent = NUMBERED_HEADING.match(block.text), NUMBERED_HEADING.match(place.heading)
    if number and parent:
        return block.text.split()[0].startswith(place.heading.split()[0].rstrip(".") + ".")
    return not number


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
