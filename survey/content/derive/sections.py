"""What a heading or a list's lead-in says: a goal area, a vision, a section on law, the actor it names, and
what a lead-in gives the items under it (an actor's duty or a goal)."""
from __future__ import annotations

import re

from .actors import KINDS, actor, heading_actor, is_issuer
from .classify import MODAL, Reading, read_sentence
from .documents import DOCUMENT
from .references import LEAD_IN
from .structure import Block, heading_name

GOAL_HEADING = re.compile(
    r"^((övergripande|strategiska|långsiktiga|policyns|kommunens|regionens|stadens|våra|gemensamma)\s+)?"
    r"(mål|målen|målsättning|målsättningar|målområde|målområden|målbild|målbilden|målbilder)\b|"
    r"^(?!(uppföljning|utvärdering|redovisning|revidering|ansvar|nationella|globala|internationella)\b)\w+\s+"
    r"(mål|målen|målsättningar)$|"
    r"^(del|effekt|resultat|inriktnings|kvalitets|verksamhets|finansiella |ekonomiska )?mål(en)?$|"
    r"^(det här|detta|vad|så här) (vill vi|vi vill) (uppnå|åstadkomma)|^önskat läge|^förväntade (effekter|resultat)")
VISION_HEADING = re.compile(r"^((vår|våra|kommunens|regionens|stadens|policyns)\s+)?(vision|visionen|viljeinriktning|"
                            r"inriktning|ambition|ambitioner)\b")
# a target in figures: "ska uppgå till minst 20 procent", "ska minska med 15 %"
TARGET = re.compile(r"\b(ska|skall) (\w+ ){0,4}(öka|minska|uppgå|vara|ligga|nå|understiga|överstiga)\b.*\b\d+([,.]\d+)? ?(procent|%)")
GOAL_WORDS = re.compile(r"\b(mål|målen|målet|målsättning|målsättningar|målsättningen)\b", re.IGNORECASE)
ROLE_WORDS = re.compile(r"\s+(ansvar|ansvaret|roll|rollen|roller|uppdrag|uppdraget|uppgifter|åtaganden)$", re.IGNORECASE)
OWNER = re.compile(r"^(?P<actor>.+?)s? (ansvar|uppgifter|uppgift|uppdrag|åtaganden)( är( att)?| omfattar)?$|"
                   r"^(följande|detta) (gäller|åligger) (för )?(?P<for>.+)$|"
                   r"^(?P<charged>\S+(?: \S+){0,3}?) (?:ansvarar|svarar|har (?:\w+ )?ansvar(?:et)?)\b.*\bför$", re.IGNORECASE)
SECTION = re.compile(r"^((vårt|vår|våra|kommunens|regionens|stadens|nämndernas|\w+s)\s+)?(ansvar|ansvaret|"
                     r"ansvarsfördelning|roller|roll|uppgifter|åtaganden|åtgärder|genomförande|uppföljning|"
                     r"utvärdering|revidering|revision|bakgrund|inledning|syfte|definitioner|begrepp|organisation|"
                     r"finansiering|riktlinjer|principer|arbetssätt|förutsättningar|styrning|ikraftträdande|"
                     r"bilaga|bilagor|referenser|kontakt|relaterade)\b")
NUMBERED_HEADING = re.compile(r"^\d+(\.\d+)*\.?\s+[A-ZÅÄÖ§]")
STATE_GOAL = re.compile(r"^\S+( \S+)? (ska|skall) (vara|bli)\b", re.IGNORECASE)
# "Planen har fyra mål …", "Målen gäller nämnderna": a sentence about the goals or the document, no goal
ABOUT_GOALS = re.compile(rf"^(målen|målet|dessa mål|de här målen|följande mål)\b|{DOCUMENT.pattern}", re.IGNORECASE)
LAW_HEADING = re.compile(r"^((gällande|styrande|relevant|aktuell)\s+)?(lagstiftning|lagar|lagstöd|lagkrav|lagrum|"
                         r"regelverk|författningar|rättsliga (förutsättningar|utgångspunkter|ramar)|"
                         r"juridiska (förutsättningar|utgångspunkter|ramar))\b")
# a lead-in whose items are goals whoever it names: what is to be reached, what the document is to bring about
GOALS_FOLLOW = re.compile(r"\b((nå|uppnå|har|ha|arbeta mot|sträva mot) (följande|dessa|nedanstående)( \w+a)? (mål|målsättningar|"
                          r"delmål|effektmål)|(bidra|syftar|syfta) till att)$", re.IGNORECASE)
# who commits to the tasks listed under: "Region Tjärnbotten åtar sig att", "Åby kommun ska"
COMMITS = re.compile(r"^(?P<who>.+?)\s+(ska|skall|åtar sig att|förbinder sig att|ansvarar för att)$", re.IGNORECASE)
PREAMBLE_END = re.compile(r"(:|\b(ska|skall|måste|att|är|bör|följande)|\b(ansvarar|ansvara|ansvar)\b.*\bför)$",
                          re.IGNORECASE)  # "Nämnden ansvarar inom sitt område för" over the list of what


def goal_areas_with_items(parts: list[Block]) -> dict[str, bool]:
    """For each goal heading: whether its area holds a list of goals (not one a named body's lead-in gives
    its duties: "Vi ska:" in a company's policy)."""
    areas: dict[str, bool] = {}
    heading = None
    lead = None
    for block in parts:
        if block.heading:
            heading = block.text if GOAL_HEADING.match(heading_name(block.text)) else None
            if heading:
                areas.setdefault(heading, False)
        elif not block.item:
            lead = preamble(block.text, None) if PREAMBLE_END.search(block.text) else None
        elif heading and not (lead is not None and lead.kind == "duty" and lead.tag is not None):
            areas[heading] = True
    return areas


def plain_visions(parts: list[Block]) -> set[str]:
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


def heading_names(heading: str) -> str | None:
    """The actor a heading names ("4.2 Nämnderna", "Chefens ansvar", "Kommunen som arbetsgivare")."""
    name = ROLE_WORDS.sub("", re.sub(r"^\d+(\.\d+)*\.?\s*", "", heading)).strip()
    if len(name.split()) > 5 or DOCUMENT.match(name):  # "Reglemente för krisledningsnämnden" names a document
        return None
    return name if heading_actor(name) is not None else None


def preamble(sentence: str, context_actor: str | None) -> Reading | None:
    """What a list's lead-in gives its items: a duty of its actor ("Nämnderna ska:", "Nämndernas
    uppgifter är att:", "Följande gäller för bolagen:"), a goal, or nothing."""
    sentence = sentence.rstrip(":").strip()
    owner = OWNER.match(sentence)
    phrase = owner and (owner.group("actor") or owner.group("for") or owner.group("charged"))
    found = actor(phrase) if phrase else None
    if found is not None:
        return Reading("duty", phrase, tuple(found[0]), found[1])
    if GOALS_FOLLOW.search(sentence):  # "Under planperioden ska förbundet nå följande mål:", "Rutinen ska bidra till att:"
        return Reading("goal")
    reading = read_sentence(sentence, context_actor)
    if reading is not None and reading.kind == "duty":
        return reading
    committed = COMMITS.match(sentence)
    if committed and is_issuer(committed.group("who")):  # "Region Tjärnbotten åtar sig att:" in its own plan
        return Reading("duty", committed.group("who"), tuple(KINDS), None)
    lead = LEAD_IN.match(sentence)
    found = heading_actor(lead.group("who")) if lead else None
    if found is not None:  # "Den externa mottagaren skall:": who the list's tasks are given to, as a table's actor
        return Reading("duty", lead.group("who"), tuple(found[0]), found[1])
    if GOAL_WORDS.search(sentence) or reading is not None:
        return Reading("goal")
    return None
