"""Who a sentence's actor is when the words alone do not say: "Bolaget" after the paragraph named
"Bostads AB Hem" or in a document that names one company, "arkivmyndigheten" where the document
said "Regionstyrelsen är arkivmyndighet"."""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from .actors import DETERMINERS, KINDS, actor, cell_actor, heading_actor, is_role, tag_of
from .classify import MODAL, Reading, trailing_actor
from .documents import DOCUMENT, DOCUMENT_WORD
from .structure import NUMBERING, PARAGRAPH_NUMBER, Block, sentences
from .supines import is_verb
from .tables import actor_words, table_duties
from .tasks import leading_name

# a list's lead-in that names who its items are for: "Den externa mottagaren skall:"
LEAD_IN = re.compile(r"^(?P<who>\S+(\s+\S+){0,2})\s+(ska|skall)$", re.IGNORECASE)
NUMBERED_HEADING_NUMBER = re.compile(r"^\d+(\.\d+)*\.?\s+(?=[A-ZÅÄÖ])")
ANAPHORA = {"bolaget", "nämnden", "förvaltningen", "styrelsen", "enheten", "myndigheten", "rådet"}
NAMING = re.compile(r"^(?P<who>\S.{1,60}?) är (?P<name>[a-zåäö]{4,})(\s+(i|för|inom|enligt)\b.*)?\.?$")
# "Lövsjöhem AB (nedan kallat bolaget)": the drafting convention that gives a name for the rest of the text
CALLED = re.compile(r"(\(|,\s*)(nedan|härefter|i det följande)( kallad| kallat| kallade| benämnd| benämnt| kallas)? "
                    r"(?P<name>[a-zåäö]{4,})(\)|,|\.|$)", re.IGNORECASE)
# an abbreviation the text gives a body: "HSN = hälso- och sjukvårdsnämnden", "socialnämnden (SN)"
SHORT_FOR = re.compile(r"\b(?P<abbr>[A-ZÅÄÖ]{2,6})\s*=\s*(?P<name>[^.,;=]{3,60}?)(?=[.,;]|$)|"
                       r"\((?P<after>[A-ZÅÄÖ]{2,6}|[A-ZÅÄÖ][a-zåäö]{1,2}[A-ZÅÄÖ])\)")  # "(SN)", "(TiB)"
DOCUMENT_FOR = re.compile(rf"^\S*{DOCUMENT_WORD}\s+(för|i)\s+", re.IGNORECASE)  # "Uthyrningspolicy för AB Hem": the company is "AB Hem"
# the words a title wrapped over two lines may end its first on
WRAPS = {"i", "för", "och", "mot", "om", "med", "av", "på", "till", "inom", "vid", "mellan", "kring", "samt", "gällande",
         "avseende"}
# a company's name: "Brännviks Energi AB", "AB Stensjöhem", "Bostads AB Älvsundahem", "Fastigheter i Ort AB"
COMPANY = re.compile(r"(?:[A-ZÅÄÖ][\w-]*\s+(?:(?:i|för)\s+)?){0,3}AB(?:\s+[A-ZÅÄÖ][\w-]*){0,3}")
# a kommunalförbund saying what it is: "Myrbackadalens gymnasieförbund är ett kommunalförbund …",
# "Kommunalförbundets namn är Miljöförbundet Mellanskogen"
FEDERATION = re.compile(r"^(?P<name>(?:[A-ZÅÄÖ][\w-]*\s+){0,3}[\w-]+)\s+är\s+ett\s+(kommunalförbund|samordningsförbund)\b|"
                        r"^(?i:kommunalförbundets|förbundets|samordningsförbundets) namn är "
                        r"(?P<named>(?:[A-ZÅÄÖ][\w-]*\s*){1,4})")  # the name in capitals, the words before in any case
FEDERATION_NAME = re.compile(r"[A-ZÅÄÖ][a-zåäö]*förbundet(\s+[A-ZÅÄÖ][\w-]*){1,3}|"
                             r"([A-ZÅÄÖ][\w-]*\s+)?[A-ZÅÄÖ][\w-]*s\s+[a-zåäö]*förbund")  # "Östra Älvdalens omsorgsförbund"


def names(parts: list[Block], tables=()) -> dict[str, tuple[list[str], str | None]]:
    """Names a document gives an actor ("Regionstyrelsen är arkivmyndighet i Region Sjöland.", a heading
    or a table's actor cell that names one): the name, in any form, then stands for that actor."""
    given = {}
    given.update(_only_bodies(parts))
    given.update(_headed_bodies(parts))
    titled = _titled_body(parts)
    if titled:  # "Reglemente för samhällsbyggnadsnämnden": "Nämnden" is that nämnd
        given.setdefault(titled[0], titled[1])
    board = one_board(parts)
    if board:  # a document about one nämnd's work: "Nämnden" is that nämnd
        given.setdefault("nämnden", actor(board))
    for block in parts:
        for abbreviation, who in _short_forms(block.text) if block.heading else ():
            given[abbreviation.lower()] = _abbreviated(who)  # "Instruktion för tjänsteman i beredskap (TiB)"
        for sentence in sentences(block.text) if not block.heading else ():
            named = NAMING.match(sentence.strip())
            if named and not MODAL.search(sentence):
                found = actor(named.group("who"))
                if found is not None and actor(named.group("name")) is None:
                    given[named.group("name")] = found
            for abbreviation, who in _short_forms(sentence):
                given[abbreviation.lower()] = _abbreviated(who)
            for called in CALLED.finditer(sentence):
                who = trailing_actor(re.sub(r"\s*\([^)]*\)$", "", sentence[:called.start()]).split())
                if who is not None:  # "Hem AB (org.nr 556…), nedan kallat bolaget": the name before its number
                    given[called.group("name").lower()] = actor(who)
    company = one_company(parts)
    if company:  # a document about one company: "Bolaget" is that company, and so is its short name
        given["bolaget"] = given[_core(company).lower()] = actor(company)
        if company in _title(parts) or any(block.text.strip().startswith(company) for index, block in enumerate(parts)
                                           if len(block.text.split()) <= 8 or index < 4):
            given["vi"] = actor(company)  # its own document (its title, letterhead or opening): "vi" is the company
    federation = one_federation(parts)
    if federation:  # a kommunalförbund's own document: "Förbundet" is the förbund
        given["förbundet"] = (list(KINDS), tag_of(federation))
    return given | _declared(parts) | _named_in_tables(tables)


def _declared(parts: list[Block]) -> dict[str, tuple[list[str], str | None]]:
    """Who the document itself names as responsible where the words alone would not tell: an agent
    noun in a heading, a table's cell or a list's lead-in ("Den externa mottagaren skall:"). In
    running text the same noun then names that role too ("… skall den externa mottagaren lämna …")."""
    declared = {}
    for block in parts:
        lead = LEAD_IN.match(block.text.rstrip(":").strip()) if not block.heading else None
        name = PARAGRAPH_NUMBER.sub("", NUMBERED_HEADING_NUMBER.sub("", block.text))  # "3.1 Förskrivaren"
        phrase = lead.group("who") if lead else name if block.heading and len(name.split()) <= 3 else None
        if phrase and actor(phrase) is None and not DOCUMENT.match(phrase):  # not "Instruktion för X"
            found = heading_actor(phrase)
            if found is not None:
                declared[phrase.split()[-1].lower()] = found
    return declared


def _named_in_tables(tables) -> dict[str, tuple[list[str], str | None]]:
    """Units a document names only in a table's actor column ("Kundservice | Tar emot klagomålen"): in
    running text the same name then stands for that unit ("Kundservice ska …")."""
    named = {actor_words(who) for _text, who in table_duties(tables)}
    return {who.lower(): cell_actor(who) for who in named if 1 <= len(who.split()) <= 3 and actor(who) is None}


# a body's last part, which alone means the one body of that sort the document names ("Beredningen" where
# it named "Namnberedningen"); not a kind of unit ("Nämnden" may mean each nämnd)
BODY_WORDS = ("beredningen", "rådet", "utskottet", "kommittén", "gruppen", "enheten", "avdelningen", "direktionen")


def _only_bodies(parts: list[Block]) -> dict[str, tuple[list[str], str | None]]:
    """For each of BODY_WORDS, the one compound of it the document names, where it names one."""
    named: dict[str, dict[str, str]] = {}
    for block in parts:
        for word in re.findall(r"[\w-]+", block.text):
            last = next((w for w in BODY_WORDS if word.lower().endswith(w)), None)
            if last and len(word) >= len(last) + 3 and actor(word.capitalize()) is not None:
                named.setdefault(last, {})[word.lower()] = word.capitalize()
    return {last: actor(next(iter(words.values()))) for last, words in named.items() if len(words) == 1}


# headings that name a part of the text, not who does something
NOT_A_NAME = re.compile(r"^(ansvar|ansvarsfördelning|roller|uppgifter|uppdrag|organisation|genomförande|"
                        r"arbetssätt|arbetsgång|rutin|åtgärder|allmänt|övergripande|gemensamt|alla)\b", re.IGNORECASE)


def _headed_bodies(parts: list[Block]) -> dict[str, tuple[list[str], str | None]]:
    """Units a document names only by a heading over their duties ("Kundtjänst" over "Ansvarar för att
    registrera synpunkterna."): a name of a word or a few, with no verb, whose section begins with a duty
    that has no subject of its own."""
    given = {}
    for block, following in zip(parts, parts[1:]):
        name = NUMBERING.sub("", block.text).strip().rstrip(":")
        words = name.split()
        if block.heading and not following.heading and 1 <= len(words) <= 3 and name[:1].isupper() \
                and all(re.fullmatch(r"[\w-]+", w) and not is_verb(w.lower()) for w in words) \
                and not NOT_A_NAME.match(name) and actor(name) is None \
                and MODAL.match(following.text.strip()):  # "Ansvarar för …", "Ska …"
            given[name.lower()] = (list(KINDS), tag_of(name))
    return given


def short_forms(parts: list[Block]) -> dict[str, str]:
    """The abbreviations a text gives its bodies, and their names: {"HSN": "hälso- och sjukvårdsnämnden"}."""
    return {short: who for block in parts if not block.heading for sentence in sentences(block.text)
            for short, who in _short_forms(sentence)}


def _abbreviated(who: str) -> tuple[list[str], str | None]:
    """The actor an abbreviation stands for, tagged by all the words it shortens ("tjänsteman i beredskap"
    for "TiB", where a role's tag alone would be "tjänsteman")."""
    kinds, tag = actor(who)
    return kinds, tag and tag_of(DETERMINERS.sub("", who))


def _short_forms(sentence: str) -> Iterator[tuple[str, str]]:
    """ "HSN = hälso- och sjukvårdsnämnden", "socialnämnden (SN)": each abbreviation and the body it names."""
    for short in SHORT_FOR.finditer(sentence):
        who = short.group("name") or trailing_actor(sentence[:short.start()].split())
        if who and actor(who) is not None:
            yield short.group("abbr") or short.group("after"), who


PLACE_AFTER = re.compile(r"\s+(i|inom)\s+[A-ZÅÄÖ][\w-]*(\s+(län|kommun|stad|region))?$")  # "… i Ösmarks län"


def _titled_body(parts: list[Block]) -> tuple[str, tuple[list[str], str | None]] | None:
    """The body a document's title is for ("Reglemente för kultur- och fritidsnämnden"), as the word
    the text then calls it by ("nämnden") and its actor."""
    named = trailing_actor(PLACE_AFTER.sub("", DOCUMENT_FOR.sub("", _title(parts).rstrip("."))).split())
    found = actor(named) if named else None
    if found is None:
        return None
    last = named.split()[-1].lower()
    word = next((w for w in ANAPHORA if last.endswith(w)), None)
    return (word, found) if word and named.lower() != word else None


def one_company(parts: list[Block]) -> str | None:
    """The one company a document names, however often ("Uthyrningspolicy för AB Hem" and "AB Hem"
    are one), by its fullest name that is no document's; where it names several, the one its title
    is for ("Ägardirektiv för Stadsnät AB" beside its parent company), the one not named as a
    subsidiary ("… inklusive dotterbolaget Fjällby Elnät AB"), or the one it names most often; None
    where none stands out."""
    named = [_own_name(DOCUMENT_FOR.sub("", " ".join(m.group().split())))
             for block in parts for m in COMPANY.finditer(block.text)]
    found = set(named)
    subsidiaries = {_own_name(" ".join(m.group(1).split())) for block in parts
                    for m in re.finditer(rf"\bdotterbolag(?:et|en)? ({COMPANY.pattern})", block.text)}
    found = found - subsidiaries if len({_core(name) for name in found - subsidiaries}) == 1 else found
    cores = {_core(name) for name in found}
    if len(cores) == 1:
        return max(found, key=len)
    title = _title(parts)
    titled = [name for name in found if DOCUMENT_FOR.match(title) and name in DOCUMENT_FOR.sub("", title)]
    if titled:
        return max(titled, key=len)
    counts = Counter(_core(name) for name in named if _core(name) in cores).most_common(2)
    most = counts[0][0] if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]) else None
    return max((name for name in found if _core(name) == most), key=len) if most else None


# a nämnd by its name ("Socialnämnden", "miljö- och hälsoskyddsnämndens"), and nämnder spoken of in general
NAMED_BOARD = re.compile(r"\b(?i:(?:[a-zåäö]+- och )?[a-zåäö]+nämnd)(?=en\b|ens\b)|\b[A-ZÅÄÖ][a-zåäö]+a nämnd(?=en\b|ens\b)")
BOARDS_AT_LARGE = re.compile(r"\b(nämnder|nämnderna|nämndernas|varje nämnd|respektive nämnd|berörd nämnd|ansvarig nämnd)\b",
                             re.IGNORECASE)


def one_board(parts: list[Block]) -> str | None:
    """The nämnd a document names at least twice as often as any other, where it never speaks of nämnder in
    general ("Varje nämnd ska …"): what its "nämnden" means ("Beslut … fattas av nämnden" in a nämnd's
    guideline)."""
    text = "\n".join(block.text for block in parts)
    if BOARDS_AT_LARGE.search(text):
        return None
    counts = Counter(f"{m.group().lower()}en" for m in NAMED_BOARD.finditer(text)
                     if not re.fullmatch(r"(fack|drifts?|verksamhets)?nämnd", m.group().lower())).most_common(2)
    if not counts or len(counts) == 2 and counts[0][1] < 2 * counts[1][1]:
        return None
    return counts[0][0][:1].upper() + counts[0][0][1:]


def one_federation(parts: list[Block]) -> str | None:
    """The kommunalförbund a document is by: the one that says what it is, the one its title is for
    ("Förbundsordning för Miljöförbundet Mellanskogen"), or the one its opening sentence begins with."""
    for block in parts:
        for sentence in sentences(block.text) if not block.heading else ():
            said = FEDERATION.match(sentence)
            if said:
                return (said.group("name") or said.group("named")).strip()
    title = _title(parts)
    named = FEDERATION_NAME.search(DOCUMENT_FOR.sub("", title)) if DOCUMENT_FOR.match(title) else None
    if named:
        return named.group()
    opening = next((b.text for b in parts[:4] if not b.heading), "")
    presents = re.match(rf"(?P<name>{FEDERATION_NAME.pattern})\s+[a-zåäö]+r\b", opening)  # "Östra Ådalens
    return presents.group("name") if presents else None  # omsorgsförbund bedriver …": it presents itself


def _title(parts: list[Block]) -> str:
    """The first heading that names a document ("Ägardirektiv för …", not a letterhead "ÅBY KOMMUN" or "REGION
    ÖSTERSVALL | Reglemente"), with the heading it runs on in where it ends on a preposition ("… direktören i"
    "Åby Energi AB")."""
    headings = [block.text for block in parts if block.heading]
    at = next((i for i, text in enumerate(headings) if re.search(DOCUMENT_WORD, text, re.IGNORECASE)
               and " | " not in text), 0)
    title = headings[at] if headings else ""
    wrapped = title and title.split()[-1].lower() in WRAPS and at + 1 < len(headings)
    return f"{title} {headings[at + 1]}" if wrapped else title


def company_cased(name: str) -> str:
    """A company's name in capitals as running text writes it ("FJÄLLBY ENERGI AB" → "Fjällby Energi AB")."""
    return " ".join(w.capitalize() if w.isupper() and w != "AB" else w for w in name.split())


def _own_name(name: str) -> str:
    """A company's name without a body of it before ("Styrelsen för Mälsta Återvinning AB") or the document's
    kind (a footer's "Ägardirektiv Mälsta Återvinning AB"), in running text's case."""
    name = re.sub(rf"^\S*{DOCUMENT_WORD}\s+(?=\S+\s)", "", name, flags=re.IGNORECASE)
    first, _, rest = name.partition(" ")
    name = rest.split(" ", 1)[1] if rest.startswith(("för ", "i ")) and actor(first) is not None else name
    return company_cased(name)


def _core(name: str) -> str:
    """The word beside "AB" that tells one company from another: "Hem" in "AB Hem", "Ort" in "Fastigheter i Ort AB"."""
    words = name.split()
    at = words.index("AB")
    return words[at + 1] if at + 1 < len(words) else words[at - 1]


def named_in(said: list[str], any_actor: bool = False) -> str | None:
    """The last named body or role a paragraph's sentences begin with ("Bostads AB Hem är …"), or with
    `any_actor` any actor ("Medlemskommunerna ska …"): the first words that name it, and the capitalised
    words of its name after them."""
    named = None
    for sentence in said:
        name = leading_name(sentence)
        if name and (any_actor or actor(name)[1] is not None):
            named = name
    return named


def same(reading: Reading | None, named: str | None) -> Reading | None:
    """A duty of "Bolaget"/"Nämnden" is a duty of the body the paragraph named before it."""
    if reading is None or reading.kind != "duty" or not named or reading.actor.lower() not in ANAPHORA:
        return reading
    found = actor(named)
    if found is None or is_role(named) or found[1] is None and (reading.tag or not set(found[0]) & set(reading.kinds)):
        return reading  # "Nämnden" under "Kommunstyrelsen" is some nämnd, not the board; "Bolaget" is no employee;
        # the nämnd a reglemente is for stays that nämnd under a heading "Bolag"
    return Reading("duty", named, tuple(found[0]), found[1])
