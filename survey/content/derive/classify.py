"""What a policy sentence is: a goal, a duty of an actor, or neither (background, law, definition,
scope, follow-up, revision, advice).

A sentence with "ska"/"skall"/"måste" (or "ansvarar för", "har ansvar för", "svarar för", "har
skyldighet att", "uppdras att", "förväntas", "det åligger X att", "X:s ansvar är att", …) states
a duty when its subject is an actor of the organisation (`actors.actor`) and a goal when it is
not ("Invånarna ska …", "Lidsjö ska vara …", "Andelen … ska öka"). Quoted law, definitions,
the document speaking of itself, follow-up and revision sentences and "bör" are neither.
Headings are evidence, used by the caller (`analyse`), never a gate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .actors import (DETERMINERS, HEAD_ENDS, KINDS, PUBLIC as PUBLIC_PERSON, actor, heading_actor, is_role, is_whole,
                     owned_thing, tag_of)
from .documents import DOCUMENT, DOCUMENT_NAMED, FOLLOW_OR_REVISE, KEPT_CURRENT, KIND_OF_DOCUMENT
from .neither import BY_LAW, DEFINITION, LAW, LAW_BY_NAME, OTHERS_GOAL, PARTY, SFS
from .supines import is_supine, is_verb

MODAL = re.compile(r"\b(?P<must>ska|skall|måste)\b|\b(?P<duty>ansvara[r]? (?:(?:också|även|dessutom|därutöver|särskilt|"
                   r"vidare|gemensamt|själv|själva) |som [a-zåäö]+ )?(?:för|över)|"
                   r"ansvarar(?= (?:\S+ ){1,5}?för (?:att|följande|\w+(?:en|et|na|erna|arna))\b)|uppdras(?= (?:\S+ ){1,5}?att\b)|"  # "… ansvarar X för att", "ansvarar tillsammans med Y för"
                   r"har (?:som [a-zåäö]+ )?(?:det |ett |en )?(?:(?!inget |inte |ej |haft |[a-zåäö]+it )[a-zåäö]+ ){0,2}"
                   r"[a-zåäö]*ansvar(?:et)? (?:för|att)|"  # "har som huvudman det övergripande ansvaret för"
                   r"(?:har|ges|får) (?:(?:även|också|dessutom|särskilt|därutöver|därtill|vidare) )?(?:i uppdrag|till uppgift) att|har hand om|åtar sig att|svarar för|har (?:en )?skyldighet att|"
                   r"(?:är|äro) skyldiga? att|är ansvariga? för|åläggs att|uppdras att|förväntas|"
                   r"har att (?=\w+ (?:för|att|till)\b))\b", re.IGNORECASE)  # "har att svara för": an old "ska"
GOAL_STATEMENT = re.compile(r"\b(har som (mål|målsättning) att|(målet|målsättningen) är (också |även |dessutom )?att|"
                            r"^(målet|målsättningen) är (en|ett|minst) |"
                            r"ett (annat )?mål är att|är (målet|målsättningen) att|"
                            r"(vår |kommunens |regionens |stadens )?(vision|visionen|ambitionen) är att|"
                            r"har en (noll)?vision|(vision|visionen|nollvision|nollvisionen) är|"
                            r"strävar (efter|mot) att|(\w+s|vårt|vår) (mål|målsättning|ambition) är (också |även )?att|"
                            r"är (\w+s|vårt|vår|det övergripande) (mål|målsättning) att)\b|"
                            r"^vi vill (också |även |dessutom )?att\b|"
                            r"^(?!.*\bsom vill\b)(\S+\s+){1,3}vill (vara|bli)\b", re.IGNORECASE)
# "Det innebär att nämnden ska …": what follows is read, the consequence is no definition
CONSEQUENCE = re.compile(r"^(det|detta|det här|vilket) (innebär|betyder) (också |även |bland annat )?att\s+",
                         re.IGNORECASE)
OBLIGED = re.compile(r"^(det (åligger|åvilar|ankommer på) (?P<actor>.+?) att|(?P<subject>(\S+\s+){0,3}?\S+) åligger att|"
                     r"det är (?P<owner>.+?)s (ansvar|uppgift|uppdrag)(?: (?:inom|för|i|på|vid) [^,]{3,40}?)? att|"
                     r"det är (ditt|ert) (ansvar|uppgift|uppdrag) som (?P<yours>\S+) att|"
                     r"(?P<holder>(\S+\s+){0,5}?\S+?)s (ansvar|uppgift|uppdrag) är att|"
                     r"till (?P<belongs>.+?)s (uppgifter|ansvar) hör (särskilt |också |även )?att|"
                     r"\S+ (uppdrar åt (?P<tasked>.+?)|ger (?P<given>.+?) i uppdrag) att)\b|"
                     r"^ansvaret för .+ (ligger|vilar) (hos|på) (?P<lies>[^,.]+?)[.,]?$|"
                     r"^(huvud)?ansvariga? för .+? är (?P<named>[^,.]+?)[.,]?$", re.IGNORECASE)
# "Om X, är det ditt ansvar att …": the same after a clause or an adverbial first
INVERTED_OBLIGED = re.compile(r"\b(är|åligger|åvilar|ankommer på) det\b", re.IGNORECASE)
# "Kommunstyrelsen: samordnar arbetet …": an actor (a few words), a colon and its task in lower case
ACTOR_FIRST = re.compile(r"^(?P<who>[^:\s]+(\s+[^:\s]+){0,3}):\s+(?P<task>[a-zåäö]\S*\s+\S.*)$")
NUMERALS = {"en", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio"}
# "Kommunens soliditet, inklusive pensionsåtaganden, ska …": an aside within the subject
PARENTHESIS = re.compile(r",\s+(inklusive|exklusive|utom|förutom|bland annat|till exempel|t\.\s?ex\.|det vill säga|"
                         r"dvs\.?|liksom|såsom)\b[^,]*,$", re.IGNORECASE)
PRONOUNS = {"den", "de", "dessa", "denna", "det"}
SUBORDINATE = re.compile(r"\b(för att|så att|eftersom|därför att|hur|vad|vilka|vilken|vilket|huruvida|om att|"
                         r"(vill|anser|menar|tycker|önskar|förväntar sig|kräver|betonar|understryker) att)\b",
                         re.IGNORECASE)
# a condition put first by its verb: "Är ärendet av principiell betydelse ska delegaten …", "Har klaganden inte …"
CONDITIONAL_VERBS = {"är", "finns", "saknas", "behövs", "uppstår", "blir", "har", "kan", "sker", "inträffar", "upptäcks",
                     "misstänks", "bedöms", "visar", "överskrids", "uppfylls", "avviker", "inkommer"}
INVERTING = {"i", "inom", "på", "vid", "under", "med", "genom", "från", "efter", "före", "till", "som", "dessutom",
             "därför", "samtidigt", "också", "senast", "alltid", "därtill", "för", "när", "om", "då",
             "eftersom", "innan", "sedan", "utöver", "bland", "mot", "hos", "inför", "utifrån", "tillsammans",
             "fortsättningsvis", "framöver", "härutöver", "även", "gemensamt", "vidare"} | CONDITIONAL_VERBS
SUBORDINATING = {"när", "om", "då", "eftersom", "innan", "sedan"} | CONDITIONAL_VERBS
STATE_VERBS = {"vara", "bli", "ha", "kunna", "få", "känna", "uppleva", "veta", "präglas", "känneteckna",
               "kännetecknas", "öka", "minska", "finnas", "ges", "erbjudas", "mötas", "behandlas", "uppgå"}
# "Bolagets arbete ska leda till att …", "Bolagens sjukfrånvaro ska understiga 4,5 procent": an aim
OUTCOME_VERBS = {"leda", "bidra", "resultera", "medföra", "öka", "minska", "understiga", "överstiga", "uppgå", "sjunka"}
# a pronoun for the actor the sentence before began with ("Direktionen ska … Den ska också …"); "den", "de"
# and "dessa" may stand for a thing ("Nämnden tar fram en plan. Den ska beskriva …"), so not before what a thing does
PERSONAL = {"hen", "han", "hon", "denne", "den", "de", "dessa", "du", "ni"}  # "du": whom the section addresses
PAIRED_PRONOUN = re.compile(r"(hon|han) (eller|och|/) (han|hon)|hon/han|han/hon", re.IGNORECASE)  # "Hon eller han ska …"
PERSONAL_OBJECTS = {"hen", "honom", "henne", "denne", "dem", "dessa"}
THING_VERBS = {"innehålla", "omfatta", "beskriva", "ange", "gälla", "utgå", "bygga", "grunda", "utgöra", "ligga",
               "tydliggöra", "spegla", "täcka", "avse", "motsvara", "följa", "kompletteras"} | STATE_VERBS
WHOEVER_CHARGED = re.compile(r"^(den|de) som (ansvarar|är ansvariga?|har ansvar(et)?) för (?P<what>.+)$", re.IGNORECASE)
HOLDING = re.compile(r"^(den|de|var och en|envar) som är (?P<role>\S+( \S+)?)$", re.IGNORECASE)
WHOEVER = re.compile(r"^(den|de|var och en|envar) som\b", re.IGNORECASE)
ANYONE_AT_WORK = re.compile(r"^(den|de|var och en|alla|envar) som\b.*\b(kollega|kollegor|kollegan|chef|chefen|"
                            r"arbete|arbetet|arbetsplats|arbetsplatsen|tjänst|tjänsten|medarbetare|anställd|"
                            r"anställning|uppdrag|uppdraget|arbetstid|arbetstiden|arbetar|jobbar)\b(?!.*\b(bor|besöker)\b)",
                            re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """A sentence read: "goal" or "duty"; for a duty the actor's words, kinds and tag."""

    kind: str
    actor: str = ""
    kinds: tuple[str, ...] = ()
    tag: str | None = None


def excluded(sentence: str) -> bool:
    """Law, definitions, others' goals and questions: never a goal or a duty (a sentence that says it
    states a goal is one, whatever words it holds, unless the goal is someone else's)."""
    text = sentence.strip()
    cited, modal, by_law = SFS.search(text), MODAL.search(text), BY_LAW.search(text)
    return text.endswith("?") or bool(LAW.search(text)) or bool(LAW_BY_NAME.match(text)) \
        or bool(cited and (modal is None or cited.start() < modal.start())) \
        or bool(by_law and (modal is None or len(text[modal.end():by_law.start()].split()) <= 2)) \
        or bool(OTHERS_GOAL.match(text)) or bool(DEFINITION.search(text)) and not GOAL_STATEMENT.search(text)


def read_sentence(sentence: str, context_actor: str | None = None, antecedent: str | None = None) -> Reading | None:
    """A goal, a duty (with its actor) or None. `context_actor` is who a subjectless sentence
    ("Ska i sina verksamhetsplaner …", "Ansvarar för att …") is about: a heading or table cell;
    `antecedent` who a pronoun ("Hen ska …", "Det åligger dem att …") stands for: the actor the
    sentence before began with."""
    sentence = CONSEQUENCE.sub("", sentence.strip())
    if excluded(sentence):
        return None
    if GOAL_STATEMENT.search(sentence):
        return Reading("goal")
    inverted = INVERTED_OBLIGED.search(sentence) if sentence.split()[0].lower() in INVERTING else None
    obliged = OBLIGED.match(f"det {inverted.group(1)}{sentence[inverted.end():]}" if inverted else sentence.strip())
    if obliged:
        who = next(obliged.group(name) for name in ("actor", "subject", "owner", "yours", "holder", "belongs", "tasked",
                                                    "given", "lies", "named") if obliged.group(name))
        return _duty(antecedent if antecedent and who.lower().split()[0] in PERSONAL_OBJECTS else who)  # "dem också"
    listed = ACTOR_FIRST.match(sentence.strip())
    first = listed.group("task").split()[0] if listed else ""
    if listed and actor(listed.group("who")) is not None and is_verb(first) and first not in NUMERALS:
        return _duty(listed.group("who"))
    if PARTY.match(sentence.strip()):
        return None  # a requirement on a sponsor, an applicant, a supplier: no unit's duty, no goal
    for match in MODAL.finditer(sentence):
        reading = _at(sentence, match, context_actor, antecedent)
        if reading is not None:
            # "Policyn följs upp …", "Arbetet ska utvärderas …": follow-up, not a goal; not "Andelen … som
            # uppdateras ska öka", where the words stand in the subject's clause
            if reading.kind == "goal" and (FOLLOW_OR_REVISE.match(sentence)
                                           or FOLLOW_OR_REVISE.search(sentence, match.start())):
                return None
            if reading.kind == "duty" and KEPT_CURRENT.search(sentence) and DOCUMENT_NAMED.search(sentence):
                return None  # "HR-chefen ansvarar för att riktlinjen hålls aktuell": about the document
            return reading if reading.kind else None
    return None


def _at(sentence: str, match: re.Match, context_actor: str | None, antecedent: str | None = None) -> Reading | None:
    """The reading at one modal: None to try the next modal, an empty kind for neither."""
    before = PARENTHESIS.sub("", sentence[:match.start()].strip())
    after = sentence[match.end():].split()
    verb = _verb(after)
    must = match.group("must") is not None
    if antecedent and DOCUMENT.match(antecedent) and before.lower() in PERSONAL:
        return Reading("")  # "Rutinen gäller för … Den ska användas …": the document of itself
    pronoun = before.lower() in PERSONAL or PAIRED_PRONOUN.fullmatch(before) \
        or before.lower() == "det" and bool(antecedent) and antecedent.lower().endswith("et")  # "Teamet … Det ska …"
    if antecedent and pronoun and (before.lower() not in ("den", "de", "dessa", "det") or not (
            verb in THING_VERBS or _passive(verb))):
        return _duty(antecedent)
    if not before:
        if context_actor is None:
            return Reading("")
        return _duty(context_actor, verb, heading_actor)
    first = before.split()[0].lower().strip(",")
    if first in ("varje", "var", "vart") and re.match(r"^\w+ (år|månad|vecka|gång|kvartal|termin)", before.lower()):
        first = "i"  # "Varje år ska …": a time first, the subject after the modal
    if DOCUMENT.match(before) or KIND_OF_DOCUMENT.match(before):  # unless someone is to act on it ("ska tas fram av X")
        itself = DOCUMENT.match(before) and (FOLLOW_OR_REVISE.search(sentence) or KEPT_CURRENT.search(sentence))
        agent = _agent(after) if must and not itself else None
        return _duty(agent) if agent else Reading("")
    if first in INVERTING or before.endswith(","):
        subject = _subject_after(after)
        if subject:
            return _duty(subject, _verb_after(after, subject))
        whoever = _whoever_after(after) if must else None
        if whoever:  # "Innan en resa bokas ska den som kallar till mötet pröva …": whoever does that
            return _at_work(whoever) if ANYONE_AT_WORK.match(whoever) else Reading("duty", whoever, tuple(KINDS),
                                                                                 tag_of(whoever))
        antecedent = _leading_actor(before.split()[1:]) if first in SUBORDINATING else None
        if antecedent and after and after[0].lower().strip(",") in PRONOUNS:
            return _duty(antecedent)  # "Om en nämnd befarar ett underskott ska den …": the pronoun's actor
        agent = _agent(after) if must else None
        if agent:
            return _duty(agent)  # "Innan beslut fattas ska förslaget remitteras av trafikenheten …"
        if first in SUBORDINATING or before.lower().startswith("för att") or before.endswith(","):
            return None  # the modal belongs to a subordinate clause: the main clause's comes later
        return Reading("goal") if must else Reading("")
    if WHOEVER.fullmatch(before):
        return None  # "Den som ansvarar för …": the relative clause's own verb; the main clause's comes later
    relative = RELATIVE.search(before)
    if relative and trailing_actor(before[:relative.start()].split()):
        return _duty(trailing_actor(before[:relative.start()].split()))  # "… sköts av nämnden, som ska …"
    if WHOEVER.match(before) and context_actor is not None and (heading_actor(context_actor) or ([], None))[1]:
        return _duty(context_actor, "", heading_actor)  # "Den som inte kan svara ska …" under "Alla medarbetare"
    charged = WHOEVER_CHARGED.match(before)
    if charged:  # "Den som ansvarar för flaggningen ska …": whoever has that charge, a role of its own
        return Reading("duty", before, tuple(KINDS), tag_of(f"ansvarig för {charged.group('what').split()[0]}"))
    holding = HOLDING.match(before)
    if holding and is_role(holding.group("role")):
        return _duty(holding.group("role"))  # "Den som är chef ska …": whoever holds that role
    if ANYONE_AT_WORK.match(before):
        return _at_work(before)  # "Den som märker att en kollega …": whoever at work, i.e. every employee
    if WHOEVER.match(before) and (must and verb not in STATE_VERBS and not _passive(verb) or match.group("duty")):
        return Reading("duty", before, tuple(KINDS), tag_of(before))  # "Den som skickar post … ska", "… ansvarar för"
    if SUBORDINATE.search(before):  # "En plan för att minska X ska tas fram av nämnden": the passive's agent
        agent = _agent(after) if must else None
        return _duty(agent) if agent else None
    leading = _leading_actor(before.split()[:3])
    verb_after_subject = before.split()[len(leading.split()):][:1] if leading else []
    if verb_after_subject and verb_after_subject[0].endswith("r") and is_verb(verb_after_subject[0].lower()) \
            and not re.search(r"\b(och|samt|men)$", before):
        return None  # "Kommundirektören beslutar om staben ska aktiveras": the modal of a clause within
    found = actor(before)
    if re.search(r"\b(och|samt|men)$", before):  # "Styrelsen fastställer policyn och ska …", "… men ska …"
        leading = _leading_actor(before.split()[:3])
        if leading and before.split()[len(leading.split()):][:1] and is_verb(before.split()[len(leading.split())]):
            before, found = leading, actor(leading)
    if found is None and " ".join(after[:2]).lower().strip(":,") == "som arbetsgivare":
        found = (list(KINDS), None)  # "Forsås kommun ska som arbetsgivare: …": the organisation as employer
    if found is None and (_named_alone(before, match.group("duty")) if not must else _acts_alone(before, after)):
        return Reading("duty", before, tuple(KINDS), tag_of(before))  # "Vårdhygien ansvarar för …", "Elnät ska kontrollera …"
    if found is None:
        agent = _agent(after) if must else None
        if agent:
            return _duty(agent)  # "En plan ska tas fram av kommunstyrelsen": the passive's agent does it
        return Reading("goal") if must else Reading("")
    kinds, tag = found
    agent = _agent(after) if must and _passive(verb) else None
    if agent:  # "Miljökontoret skall underrättas av ekonomienheten": the one who informs it acts
        return _duty(agent)
    rest = [w.lower().strip(",.") for w in after]
    following = rest[rest.index(verb) + 1] if verb in rest and rest.index(verb) + 1 < len(rest) else ""
    # "ska ha en rutin", "ska ha genomgått utbildningen": a task
    having = verb == "ha" and (following in ("en", "ett", "egen", "eget", "egna", "skriftliga", "dokumenterade")
                               or is_supine(following))
    knowing = verb == "känna" and following == "till"  # "ska känna till riktlinjen": a task, not a feeling
    able = verb == "kunna" and tag is not None and not is_role(before)  # "Kontaktcenter ska kunna besvara …"
    if must and verb == "få" and not is_role(before) and not is_whole(before) and following not in ("ta", "del"):
        return Reading("")  # "Styrelsen ska få en sammanställning": what it receives, someone else's duty
    if must and verb in OUTCOME_VERBS and owned_thing(before):
        return Reading("goal")  # what an actor's work shall lead to, not a task
    watching = verb == "vara" and (following in ("uppmärksam", "uppmärksamma", "observant", "observanta")
                                   or tag is not None and following in ("nåbar", "anträffbar")
                                   or is_role(before) and following in ("tillgänglig", "tillgängliga"))  # a task
    # "Lindåsahem AB ska minska energianvändningen …": a named body that reduces something acts
    reducing = verb in ("öka", "minska") and tag is not None and not is_role(before) and following \
        and following not in HEAD_ENDS | {"med", "inte", "fram"}
    if must and verb in STATE_VERBS and not (having or knowing or able or watching or reducing) \
            and (tag is not None or is_whole(before)):
        return Reading("goal")  # "Medarbetarna ska ha inflytande", "Kommunen ska vara …": a state, not a task
    return Reading("duty", before, tuple(kinds), tag)


ADVERBIALS = {"varje", "år", "också", "även", "alltid", "löpande", "årligen", "dessutom", "vidare", "senast", "i",
              "första", "hand", "regelbundet", "gemensamt", "särskilt", "aktivt", "tydligt"}


def _verb(after: list[str]) -> str:
    """The verb after the modal, past an adverbial ("ska varje år få", "ska också se till")."""
    words = [w.lower().strip(",.") for w in after]
    for word in words[:4]:
        if word not in ADVERBIALS:
            return word
    return words[0] if words else ""


def _duty(phrase: str, verb: str = "", resolve=actor) -> Reading:
    found = resolve(phrase)
    if found is None:
        return Reading("goal")
    kinds, tag = found
    return Reading("duty", phrase, tuple(kinds), tag)


# people a responsibility may be put on who are no unit: "Eleven ansvarar för …", "Var och en har ansvar för …"
PEOPLE = re.compile(r"^(alla|ingen|man|envar|samtliga|elev(en|er|erna)?|barn(et|en)?|patient(en|er|erna)?|"
                    r"kund(en|er|erna)?|individ(en|er|erna)?|klient(en|er|erna)?|förälder(n)?|föräldrar(na)?|"
                    r"ägare(n|na)?|person(en|er|erna)?|deltagare(n|na)?)$", re.IGNORECASE)


# a group by its plural ("Kommunerna", "Medlemmarna": a unit's own name is singular), the council that
# gives the duties, and the state's bodies
OUTSIDE = re.compile(r"(na|fullmäktige|^staten|^regeringen|^riksdagen|^länsstyrelsen|^polisen|^försäkringskassan|"
                     r"^arbetsförmedlingen|^migrationsverket|^skatteverket)$")


def _a_name(phrase: str) -> bool:
    """One capitalised word that may be a unit's name ("Vårdhygien", "Kundtjänst"): no pronoun, no person of
    the public, no group, council or state body, no document."""
    return len(phrase.split()) == 1 and phrase[:1].isupper() and phrase.isalpha() \
        and phrase.lower() not in PRONOUNS | PERSONAL and not PEOPLE.match(phrase) and not DOCUMENT.match(phrase) \
        and not PUBLIC_PERSON.search(phrase.lower()) and not OUTSIDE.search(phrase.lower())


def _named_alone(phrase: str, responsibility: str | None) -> bool:
    """A unit by its name alone that takes on a responsibility ("Vårdhygien ansvarar för …", "har till
    uppgift att"; not "förväntas" or "svarar för", which a thing may do)."""
    return bool(responsibility) and not re.match(r"(förväntas|svarar|har hand)", responsibility, re.IGNORECASE) \
        and _a_name(phrase)


# what a thing, not a unit, is said to do: "Tekniken ska underlätta …", "Kulturen ska stärka …"
THING_DOES = {"underlätta", "främja", "stärka", "stödja", "gynna", "möjliggöra", "genomsyra", "skapa", "utvecklas",
              "förbättra", "motverka", "ske", "gå", "nå", "fungera", "prioriteras", "vila", "komma", "hålla", "göra"}
ABSTRACT = re.compile(r"(ning|het|tion|else|ande|ende|ism|itet|en|an|et|na|a|re)$")  # and "Lönen", "Nyanlända"


def _acts_alone(phrase: str, after: list[str]) -> bool:
    """A unit by its name alone that shall do a task ("Kundservice ska besvara samtal", "Elnät ska varje månad
    kontrollera …"): one capitalised word, no abstract or definite thing ("Tekniken", "Arbetet", "Lönen"),
    no group ("Nyanlända"), with a verb that does something to something, not one a thing or a state does."""
    verbs = [w for w in (w.lower().strip(",.") for w in after[:6]) if is_verb(w)]  # past "varje månad"
    verb = verbs[1] if verbs[:1] in (["kunna"], ["försöka"]) and len(verbs) > 1 else verbs[0] if verbs else ""
    return _a_name(phrase) and not ABSTRACT.search(phrase.lower()) and is_verb(verb) \
        and verb not in STATE_VERBS | THING_VERBS | OUTCOME_VERBS | THING_DOES and not _passive(verb)


def _whoever_after(words: list[str]) -> str | None:
    """"den som kallar till mötet" after an inverted modal: the words up to the main verb, the first
    infinitive after the relative clause's own verb."""
    if [w.lower() for w in words[:2]] not in (["den", "som"], ["de", "som"]):
        return None
    at = next((n for n, w in enumerate(words[3:], start=3) if is_verb(w.lower().strip(",.")) and not w.endswith("r")), None)
    return " ".join(words[:at]) if at else None


def _at_work(phrase: str) -> Reading:
    kinds, tag = actor("medarbetare") or (list(KINDS), None)
    return Reading("duty", phrase, tuple(kinds), tag)


def _subject_after(words: list[str]) -> str | None:
    """The subject after an inverted modal ("I X ska alla barn …", "…, ska de kommunala verksamheterna …",
    "… ska chefen ta upp det"): the shortest run of its first words that names an actor, made longer only
    where that names more kinds ("nämnderna och bolagen")."""
    best, kinds = None, set()
    for n in range(1, min(6, len(words)) + 1):
        if best is not None and words[n - 1].lower() in HEAD_ENDS:
            break  # "ska Åby Vatten AB i samråd med kommunens …": the subject ends before a preposition
        phrase = " ".join(words[:n]).strip(",")
        found = actor(phrase)
        if found is not None and not phrase.endswith((" och", " samt", " att")) and (
                best is None or set(found[0]) > kinds):
            best, kinds = phrase, set(found[0])
    return best


RELATIVE = re.compile(r",\s*som$")


def trailing_actor(words: list[str]) -> str | None:
    """The longest run of last words that names an actor ("kultur- och fritidsnämnden" before ", som")."""
    for n in range(min(5, len(words)), 0, -1):
        phrase = " ".join(words[-n:]).strip(",")
        if actor(phrase) is not None and not phrase.split()[0].lower() in ("av", "för", "till", "hos"):
            return phrase
    return None


def _leading_actor(words: list[str]) -> str | None:
    """The shortest run of first words that names an actor ("en nämnd" in "en nämnd befarar …")."""
    for n in range(1, min(6, len(words)) + 1):
        phrase = " ".join(words[:n]).strip(",.;")
        if actor(phrase) is not None and not (n < len(words) and DETERMINERS.fullmatch(f"{phrase} ")):
            return phrase  # not "ansvarig" of "ansvarig handläggare"
    return None


def _agent(words: list[str]) -> str | None:
    """The agent of a passive after the modal: an actor after "av" ("tas fram av kommunstyrelsen", "ska
    utan dröjsmål redovisas av förvaltningschefen"), or before the verb ("ska av förvaltningschefen
    anmälas")."""
    lower = [w.lower().strip(",.") for w in words]
    if lower[:1] == ["av"]:
        who = _leading_actor(words[1:])
        after = lower[1 + len(who.split()):] if who else []
        return who if after and _passive(after[0]) else None
    at = next((i for i, word in enumerate(lower[:4]) if _passive(word)), None)
    if at is None or "av" not in lower[at + 1:at + 8]:
        return None
    return _leading_actor(words[lower.index("av", at + 1) + 1:])


def _passive(word: str) -> bool:
    """A passive infinitive: "redovisas", "tas", "anmälas", also of a compound ("beslutsattesteras")."""
    return len(word) >= 3 and word.endswith("s") and (is_verb(word[:-1]) or any(
        is_verb(word[at:-1]) for at in range(3, len(word) - 6)))


def _verb_after(words: list[str], subject: str) -> str:
    rest = words[len(subject.split()):]
    return rest[0].lower() if rest else ""
