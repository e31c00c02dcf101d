"""Tasks written without a subject, as a table's cells and list items are ("Ta fram en plan",
"Leder och samordnar arbetet"), the actor a table gives them, and a routine's steps in the present
tense ("Sjuksköterskan dokumenterar bedömningen")."""
from __future__ import annotations

import re

from . import supines
from .actors import DETERMINERS, KINDS, actor, heading_actor, is_whole, tag_of
from .classify import ADVERBIALS, INVERTING, MODAL, Reading, excluded, read_sentence
from .documents import DOCUMENT_NAMED
from .structure import Block, heading_name, sentences

def is_clause(text: str) -> bool:
    """A list item that reads as a task ("ha en plan för …", "Samordna arbetet."): three words or more,
    in lower case, ending as a sentence does, or led by an infinitive (not a line of contents)."""
    return len(text.split()) >= 3 and (text[:1].islower() or text.endswith((".", ",", ";")) or is_task(text))


SUBORDINATOR = re.compile(r"\b(att|som|om|när|där|hur)\b")
FINITE = {"bör", "kan", "får", "är", "har", "ska", "skall", "måste", "behöver", "vill", "kommer"}  # "Chefer bör …"


def is_task(text: str, least: int = 4) -> bool:
    """Led by a verb and its object, as a table's task cell is ("Införa ett gemensamt …", "Se till att …",
    "Leder och samordnar arbetet"): four words or more (`least`: three beside its actor's cell), the first
    a verb the word list knows, as an infinitive or in the present tense (not "Alla verksamheter som …"),
    the second in lower case (or an abbreviation, a number or a name's genitive: "Pröva IOP …", "Anlägga 300 …",
    "Höja Strandvägens profil") and no relative pronoun (a noun's: "Åtgärder som kräver …"), and an "och" only
    between two verbs (not "Trygga och säkra skolor")."""
    words, modal = text.split(), MODAL.search(text)
    return len(words) >= least and supines.is_verb(words[0]) and (
        words[1][:1].islower() or words[1].isupper() or words[1][:1].isdigit()
        or words[1].endswith("s") and words[2][:1].islower()) \
        and words[1] not in FINITE | {"som", "vars", "där"} and (words[1] != "och" or supines.is_verb(words[2])) \
        and not (modal and modal.group("must") and (modal.start() == 0 or not SUBORDINATOR.search(text[:modal.start()])))
    # "… och ansvarar för att" may follow, and a "ska" of a clause within ("Besluta om att kamerabevakning ska …")


RESPONSIBLE_CELL = re.compile(r"^(ansvarar|svarar|har ansvar) för \S+ \S+", re.IGNORECASE)
GLUED = re.compile(r"^(?P<task>.+[.!])\s+(?P<who>[A-ZÅÄÖ][^.!?]{1,60})$")
TASK_COLUMN = {"vad", "uppgift", "uppgifter", "åtgärd", "åtgärder", "aktivitet", "aktiviteter", "insats", "insatser"}
ACTOR_COLUMN = {"vem", "ansvarig", "ansvariga", "ansvar", "huvudansvarig", "ansvarar", "aktör", "aktörer", "roll", "funktion",
                "part", "parter"}
ANSWERS_FOR = {"ansvar", "ansvarar"}  # beside a column that names the actors, the tasks
OTHER_COLUMN = {"när", "tid", "tidplan", "klart", "datum", "år", "hur", "kommentar", "status", "mål", "kostnad",
                "resurser", "uppföljning", "nr", "delaktiga", "samverkan", "med", "stöd", "från", "till", "steg",
                "ska", "som", "göras", "görs", "senast", "tidpunkt", "klar"}
COLUMN = TASK_COLUMN | ACTOR_COLUMN | OTHER_COLUMN


def _words(block: Block) -> list[str]:
    return [w.strip(":|").lower() for w in block.text.split()]


def _unnamed_column(block: Block, following: list[Block]) -> bool:
    """A header cell of one or two words the column lists do not know, just before one they know that
    names the actors or the tasks ("Moment" before "Ansvarig")."""
    after = _words(following[0]) if following else []
    return block.heading and 1 <= len(block.text.split()) <= 2 and bool(after) and all(w in COLUMN for w in after) \
        and any(w in TASK_COLUMN | ACTOR_COLUMN for w in after)


def actors_after_tasks(parts: list[Block]) -> dict[int, tuple[str, str]]:
    """In a table whose task column comes before its actor column ("Vad | Vem | När"), each task cell
    and the actor in the cell after it: index of the task's block → (the actor's words, the task). A
    task and its actor run together in one block, as a PDF may give them ("Kalla till samtal. Rektor"),
    are parted at the task's full stop; in a table whose actor column comes first ("Ansvarig | Åtgärd"),
    only such blocks are found (its separate cells are headings and their text)."""
    found: dict[int, tuple[str, str]] = {}
    header: list[str] = []
    active = actor_first = False
    for index, block in enumerate(parts):
        words = _words(block)
        if words and all(w in COLUMN for w in words) or _unnamed_column(block, parts[index + 1:index + 2]):
            header += words
            continue
        if header:
            # a column the list does not know ("Moment | Ansvarig | Tidpunkt") holds the tasks when none does
            tasks = [i for i, w in enumerate(header) if w in TASK_COLUMN] or [
                i for i, w in enumerate(header) if w not in COLUMN]
            actors = [i for i, w in enumerate(header) if w in ACTOR_COLUMN]
            if not tasks and len(actors) > 1:  # "Part | Ansvar": the column of what the party answers for
                tasks = [i for i in actors if header[i] in ANSWERS_FOR]
                actors = [i for i in actors if header[i] not in ANSWERS_FOR]
            # the last of each: a section's heading may stand just over the header ("Åtgärder", "Ansvar")
            active = bool(tasks and actors and tasks[-1] < actors[-1])
            actor_first, header = bool(tasks and actors and actors[-1] < tasks[-1]), []
        following = parts[index + 1].text if index + 1 < len(parts) else ""
        if actor_first and block.heading and len(words) <= 5 and not re.search(r"\d", block.text) \
                and heading_actor(block.text) is None and is_task(following):
            found[index + 1] = (block.text, following)  # the actor column names it: "Löneadministrationen"
        if actor_first and not block.heading:  # "Ansvarig | Åtgärd" run together: "Beställaren Beskriver behovet."
            who = leading_name(block.text, heading_actor)
            rest = block.text[len(who):].strip() if who else ""
            if who and rest[:1].isupper() and is_task(rest):  # a cell of its own starts anew, in upper case
                found[index] = (who, rest)
        if not active:
            continue
        glued = GLUED.match(block.text)
        if glued and leading_name(glued.group("who"), heading_actor) == glued.group("who") \
                and is_task(glued.group("task")):
            found[index] = (glued.group("who"), glued.group("task"))
            continue
        who = leading_name(following, heading_actor)
        # "Ansvarar för inköp av medier …": a task cell may state the responsibility itself
        modal = MODAL.search(block.text)  # a sentence with a subject of its own is prose: "Kommunen … ska", "Vid … ska X"
        reading = read_sentence(block.text) if modal and modal.start() > 0 else None
        own = modal and modal.start() > 0 and (actor(block.text[:modal.start()]) is not None
                                               or reading is not None and reading.kind == "duty")
        prose = not block.heading and len(sentences(block.text)) > 1  # a paragraph after the table, no cell
        task = not own and not prose and not excluded(block.text) \
            and (is_task(block.text) or is_clause(block.text) or bool(RESPONSIBLE_CELL.match(block.text)))
        if task and who:
            found[index] = (who, block.text)
        elif prose or not task and not who and len(words) > 6 and block.text.endswith("."):
            active = False  # prose again: the table has ended
    return found


def leading_name(text: str, resolve=actor) -> str | None:
    """The actor a cell begins with ("Stadsmiljöförvaltningen 2025", "AB Ekhem"), with the capitalised
    words of its name; None when it begins with no actor."""
    raw = text.split()
    words = [w.strip(",.;") for w in raw]
    for n in range(1, min(6, len(words)) + 1):
        if resolve(" ".join(words[:n])) is not None and not any(ch.isdigit() for ch in words[n - 1]) \
                and not (n < len(words) and DETERMINERS.fullmatch(" ".join(words[:n]) + " ")):  # not "Ansvarig" of "Ansvarig sjuksköterska"
            while n < len(words) and words[n - 1].endswith("s") and resolve(" ".join(words[:n + 1])) is not None:
                n += 1  # "Förvaltningens beredskapssamordnare": what the genitive owns
            while n < len(words):
                if words[n] in ("och", "samt", "eller") and n + 1 < len(words) and actor(words[n + 1]) is not None:
                    n += 2  # "Lärare och mentor": both
                elif raw[n - 1].endswith(",") and actor(words[n]) is not None:
                    n += 1  # "Sjuksköterskan, arbetsterapeuten eller …": one of several
                elif words[n][:1].isupper() and actor(" ".join(words[:n + 1])) is not None:
                    n += 1  # the rest of a name: "Bostads AB Hamrahem"
                else:
                    break
            return " ".join(raw[:n]).rstrip(",.;")
    return None


# "Kanslichefen följer upp rutinen årligen", "Socialchefen sammanställer varje år … och redovisar": the follow-up
YEARLY_REPORT = re.compile(r"\b(följer upp|utvärderar|redovisar|sammanställer)\b.*\b(årligen|varje år|en gång per år|"
                           r"två gånger per år|halvår|tertial|kvartal)|\b(årligen|varje år)\b.*\b(följer upp|utvärderar|"
                           r"redovisar|sammanställer)\b", re.IGNORECASE)
# present tenses that say what someone is, may or has, not a step they take
NO_STEP = {"är", "har", "kan", "får", "bör", "finns", "gäller", "består", "behöver", "vill", "kommer", "brukar",
           "heter", "ingår", "omfattas", "saknar"}


def step_duty(sentence: str) -> Reading | None:
    """A routine's step: a role or named body and what it does, in the present tense ("Biståndshandläggaren
    kontaktar patienten inom ett dygn", "Enhetschefen ser också till att …"); None for anything else."""
    if excluded(sentence) or DOCUMENT_NAMED.search(sentence) or YEARLY_REPORT.search(sentence):
        return None  # nor the routine's own follow-up
    name, words, verb = leading_name(sentence), sentence.split(), ""
    if name is None and words and words[0].lower() in INVERTING:  # "Om oron kvarstår kontaktar kundvärden …"
        at = next((n for n in range(1, len(words) - 1) if _present(words[n].lower())
                   and leading_name(" ".join(words[n + 1:])) is not None), None)
        name, verb = (leading_name(" ".join(words[at + 1:])), words[at].lower()) if at is not None else (None, "")
    elif name is not None:
        rest = [w.lower().strip(",.") for w in sentence[len(name):].split()]
        if rest[:1] and rest[0] in ("i", "inom", "på", "vid", "hos"):  # "Sjuksköterskan i kommunens hemsjukvård läser …"
            rest = rest[next((n for n in range(1, min(5, len(rest))) if _present(rest[n])), 0):]
        verb = next((w for w in rest[:3] if w not in ADVERBIALS), "")
    found = actor(name) if name else None
    modal = MODAL.search(sentence)  # a step's clause may have one ("beslutar … om ärendet ska gå vidare")
    if found is None or is_whole(name) or not _present(verb) \
            or modal and modal.start() < sentence.lower().find(f" {verb}"):
        return None
    return Reading("duty", name, tuple(found[0]), found[1])


def _present(word: str) -> bool:
    """A verb in the present tense that says what someone does ("kontaktar", "ser"), not what they are or may."""
    infinitive = supines.infinitive(word) if word.endswith("r") else None
    return infinitive is not None and word != infinitive and word not in NO_STEP


ROUTINE = re.compile(r"rutin", re.IGNORECASE)
PROCEDURE_HEADING = re.compile(r"^(arbetsgång|arbetsgången|tillvägagångssätt|så här gör (du|vi)|gör så här|steg för steg|"
                               r"handläggning|handläggningen|flöde|flödet|processen|rutin|rutinen)\b")


def among_steps(title: str, heading: str) -> bool:
    """Does a present-tense sentence state a step: in a routine (by its title), or under a heading for the steps?"""
    return bool(ROUTINE.search(title) or PROCEDURE_HEADING.match(heading_name(heading)))


# "Ta fram en vägledning. Ansvar: Regionservice.", "Kartlägga behovet (ansvarig: HR-avdelningen)": a task with
# its actor after it, as an action plan lists its activities
TASK_THEN_ACTOR = re.compile(r"^(?P<task>.+?)(?:[.;,]\s+|\s+\()(?:huvud)?(?:ansvar|ansvarig|ansvariga)\s*:\s*"
                             r"(?P<who>[^:()]+?)\.?\)?\.?$", re.IGNORECASE)
WITH_OTHERS = re.compile(r"\s+(?:i samverkan med|i samråd med|tillsammans med|med stöd av)\s+|\s*,\s*|\s+och\s+(?=\S+$)")


def task_then_actor(text: str) -> Reading | None:
    """The duty of a task that names its actor after it: the first actor named, however it is called."""
    found = TASK_THEN_ACTOR.match(text)
    if found is None or not is_task(found.group("task"), 3):
        return None
    who = WITH_OTHERS.split(found.group("who").strip())[0]
    kinds, tag = heading_actor(who) or (list(KINDS), tag_of(who))
    return Reading("duty", who, tuple(kinds), tag)
