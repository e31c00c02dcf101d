"""Who a policy sentence addresses: the organisation's unit kinds, or a group or named body.

An actor phrase is the subject of a duty ("Nämnderna", "Varje förvaltning", "Stadens förvaltningar
och bolag", "Kommunstyrelsen", "HR-avdelningen", "Varje chef med personalansvar"). `actor` resolves
it to unit kinds and, when it is no kind (a role such as "chef" or a named body), a tag: a short
slug the organisation's register can give the units concerned. A phrase that names no one in the
organisation (a place, the inhabitants, a state of things) is no actor: its sentence is a goal.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

KINDS = ("kommunstyrelse", "nämnd", "förvaltning", "bolag")
HEAD_ENDS = {"som", "vars", "där", "för", "i", "inom", "på", "hos", "mot", "om", "av", "till", "från", "med", "vid",
             "under", "genom", "ska", "skall", "att"}
DETERMINERS = re.compile(
    r"^((var och en av|vart och ett av|var och en|alla|all|samtliga|båda|bägge|varje|var|respektive|de|den|det|dess|denna|vår|våra|en|ett|"
    r"egna|berörda|berörd|ansvarig|ansvariga|"
    r"aktuell|aktuella|samma|"
    r"(kommun|region|stad)ens|kommunala|regionala|helägda|kommunägda|enskilda|enskilde|enskild)\s+)+", re.IGNORECASE)
BOARD = re.compile(r"^(kommun|region|stads)styrelse(n|ns)?$")
GENERIC = {
    "nämnd": re.compile(r"^(fack|drifts?|verksamhets)?nämnd(en|er|erna|ens|ernas)?$"),
    "förvaltning": re.compile(r"^(fack)?förvaltning(en|ar|arna|ens|arnas)?$"),
    "bolag": re.compile(r"^((dotter)?bolag(et|en|ets|ens)?|(bolags)?styrelse(r|rna|rnas)?)$"),
}
WHOLE = re.compile(r"^((kommun|region|stad)en|(kommun|region|stad)ens verksamhet(er|erna)?|verksamheten$|"
                   r"(all|alla) (kommunal|regional)a? verksamhet(er)?|(kommunal|regional)a? verksamhet(er|erna)?|"
                   r"verksamhet(er|erna)|organisationen|förvaltningsorganisationen|koncernen)\b")
BODY_SUFFIX = re.compile(r"(nämnden|förvaltningen|enheten|avdelningen|funktionen|kontoret|center|centret|beredningen|"
                         r"administrationen|administration|"
                         r"centralen|direktionen|förbundet|medlemskommunerna|"
                         r"sekretariatet|staben|stab|kansliet|kansli|gruppen|teamet|rådet|utskottet|byrån|presidiet|(?<!hand)ledningen|"
                         r"kommittén|kommitté|"
                         r"avdelning|enhet|kontor|sekretariat)$")
# roles that also name a compound ("säkerhetsskyddschefen", "arkivredogöraren", "föreningsutvecklaren")
ROLE_NOUN = (r"(chef|chefen|chefer|cheferna|chefens|direktör|direktören|direktörer|direktörerna|ansvarig|ansvariga|ansvarige|"
             r"lärare|läraren|lärarna|"
             r"huvudman|huvudmannen|huvudmän|huvudmännen|"
             r"samordnare|samordnaren|samordnarna|ombud|ombudet|ombuden|strateg|strategen|strateger|handläggare|"
             r"handläggaren|handläggarna|redaktör|redaktören|redaktörer|redaktörerna|ledare|ledaren|ledarna|"
             r"redogörare|redogöraren|redogörarna|utvecklare|utvecklaren|utvecklarna|ordförande|ordföranden|"
             r"sekreterare|sekreteraren|sekreterarna|inspektör|inspektören|inspektörer|inspektörerna|"
             r"administratör|administratören|administratörer|administratörerna|kortinnehavare|kortinnehavaren|"
             r"koordinator|koordinatorn|koordinatorer|koordinatorerna|ekonom|ekonomen|ekonomer|ekonomerna|"
             r"jurist|juristen|jurister|juristerna|kommunikatör|kommunikatören|kommunikatörer|kommunikatörerna|"
             r"värd|värden|värdar|värdarna|arkivarie|arkivarien|bibliotekarie|bibliotekarien|bibliotekarier|bibliotekarierna|rådgivare|rådgivaren|rådgivarna|konsulent|konsulenten|konsulenter|"
             r"konsulenterna|specialist|specialisten|specialister|specialisterna|utredare|utredaren|utredarna|"
             r"planerare|planeraren|planerarna|registrator|registratorn|controller|controllern|controllers|"
             r"kontaktperson|kontaktpersonen|kontaktpersoner|kontaktpersonerna|läkare|läkaren|läkarna|"
             r"sjuksköterska|sjuksköterskan|sjuksköterskor|sjuksköterskorna|undersköterska|undersköterskan|"
             r"undersköterskor|undersköterskorna|kurator|kuratorn|kuratorer|kuratorerna|psykolog|psykologen|"
             r"psykologer|psykologerna|mentor|mentorn|mentorer|mentorerna|pedagog|pedagogen|pedagoger|"
             r"pedagogerna|personal|personalen|tjänsteman|tjänstemannen|tjänsteperson|tjänstepersonen|förvaltare|"
             r"förvaltaren|förvaltarna|ekolog|ekologen|ekologer|ekologerna|biolog|biologen|biologer|biologerna|"
             r"antikvarie|antikvarien|antikvarier|antikvarierna|terapeut|terapeuten|terapeuter|terapeuterna|"
             r"förare|föraren|förarna|chaufför|chauffören|chaufförer|chaufförerna|delegat|delegaten|delegater|"
             r"delegaterna|ledamot|ledamoten|ersättare|ersättaren|ersättarna|revisor|revisorn|revisorer|revisorerna|"
             r"assistent|assistenten|assistenter|assistenterna|vaktmästare|vaktmästaren|vaktmästarna|tekniker|"
             r"teknikern|teknikerna|ingenjör|ingenjören|ingenjörer|ingenjörerna|väktare|väktaren|väktarna|vikarie|"
             r"vikarien|vikarier|vikarierna|praktikant|praktikanten|praktikanter|praktikanterna|fadder|faddern|"
             r"faddrar|faddrarna)")
ROLES = re.compile(r"^([a-zåäö]+t ansvariga? för \w+|"  # "Medicinskt ansvarig för rehabilitering"
                   r"(förvaltnings|verksamhets|enhets|avdelnings|lönesättande |närmaste |ansvarig |ansvariga |"
                   r"[a-zåäö]+t ansvariga? |"
                   r"verkställande |vice |[a-zåäö]+(ande|ende|ade|ad) )?"
                   r"(medarbetare|medarbetaren|medarbetarna|anställd|anställda|"
                   r"förtroendevald|förtroendevalda|politiker|politikerna|skyddsombud|skyddsombuden|arbetsledare|"
                   r"arbetsledarna|personal|personalen|arbetsgivaren|ledamöter|ledamöterna|tjänstepersoner|"
                   r"tjänstemän|rektor|rektorn|rektorer|rektorerna|vd|mas|mar(?!s\b)|sas|(system|informations|process|"
                   rf"data)ägare(n|na)?|{ROLE_NOUN})s?\b)", re.IGNORECASE)
ROLE_SUFFIX = re.compile(rf"^[a-zåäö-]{{2,}}{ROLE_NOUN}$")
NAMED_SUFFIX = re.compile(r"^[a-zåäö-]{3,}(nämnden|förvaltningen|enheten|avdelningen|kontoret|kansliet|staben|teamet|"
                          r"sekretariatet|kommittén|gruppen|beredningen|utskottet|direktionen)$")
# bodies that serve the public, alone or in a compound: "Räddningstjänsten", "Folkbiblioteket", "Regionarkivet"
SERVICE = re.compile(r"^[a-zåäö-]*(räddningstjänsten|socialtjänsten|hemtjänsten|kundtjänsten|biblioteket|biblioteken|omsorgen|"
                     r"arkivet|elevhälsan|museet|kontaktcenter|institution|institutionen|institutioner|mottagningen|"
                     r"mottagningarna|kliniken|klinikerna|vaktmästeri|vaktmästeriet|registraturen|receptionen|växeln|"
                     r"arbetslaget|arbetslagen|institutionerna|psykiatrin|primärvården|hemsjukvården|vårdcentralen|"
                     r"vårdcentralerna)$")
# several bodies of a kind by their compound's plural ("Stadsdelsnämnderna", "stadsdelsförvaltningarna"): one
# named sort of body, each a unit, tagged as the text names one of them ("Stadsdelsnämnden")
PLURAL_COMPOUND = re.compile(r"^(?P<stem>[a-zåäö-]{3,}?)(?P<kind>nämnd|förvaltning|styrelse)(er|erna|ar|arna|r|rna)$")
SINGULAR = {"nämnd": "nämnden", "förvaltning": "förvaltningen", "styrelse": "styrelsen"}
# a förbund's or a company's owners: "Varje medlemskommun", "Ägarkommunerna"
MEMBERS = re.compile(r"^((medlems|ägar)kommun(en|er|erna)?|(de )?(samverkande|deltagande) kommuner(na)?)$")
# the organisation by its name as employer: "Kvarnfors kommun som arbetsgivare" (by its name alone it may be
# another organisation, or a goal: "Region Åby ansvarar för vården", "Åby kommun ska vara …")
NAMED_WHOLE = re.compile(r"^([A-ZÅÄÖ][\w-]+ (kommun|stad)|Region [A-ZÅÄÖ][\w-]+) som arbetsgivare$")
# the organisation's authorities are its boards (the law's "myndighet"): "Varje myndighet", "Myndigheterna"
AUTHORITY = re.compile(r"^myndighet(en|er|erna|ens|ernas)?$")
UNIT = re.compile(r"^(för|grund|gymnasie)?(skola|skolan|skolor|skolorna|enhet|enheter|enheterna|arbetsplats|"
                  r"arbetsplatser|arbetsplatserna|boende|boenden)$")
EACH = re.compile(r"^(varje|alla|samtliga|respektive)\s", re.IGNORECASE)
EACH_UNIT = re.compile(r"^(?P<who>\S+) (i|inom|på|för) (?P<unit>(varje|respektive|alla|samtliga) \S+)$", re.IGNORECASE)
GENITIVE_KIND = re.compile(r"^((kommun|region|stads)styrelsens|nämndens|nämndernas|förvaltningens|förvaltningarnas|"
                           r"bolagets|bolagens|styrelsens|styrelsernas)$")
_KNOWN_AS: ContextVar[dict[str, tuple[list[str], str | None]]] = ContextVar("known_as", default={})
_ISSUER: ContextVar[str | None] = ContextVar("issuer", default=None)
WHOLE_WORDS = {"kommunen", "regionen", "staden", "vi"}
UNIT_OF = re.compile(r"[a-zåäö-]+(förvaltning|avdelning|enhet|kontor|kansli|stab|sekretariat|funktion|central)")
NAMED_KIND = {"nämnden", "förvaltningen", "bolaget"}  # "Tekniska förvaltningen": a kind word with a name before it


def actor(phrase: str) -> tuple[list[str], str | None] | None:
    """(unit kinds, tag) for an actor phrase; all kinds and a tag for a role or named body; None
    when the phrase names no one in the organisation."""
    text = without_you(" ".join(phrase.replace("\u00ad", "").split()).strip(" ,:"))
    bare = DETERMINERS.sub("", text)
    lower = bare.lower()
    words = lower.split()
    if not words:
        return None
    if UNIT.match(lower) and EACH.match(text) and not (lower == "boende" and re.match(r"(alla|samtliga)\s", text, re.I)):
        return list(KINDS), tag_of(text)  # "Varje skola ska …": every unit of that sort ("Alla boende": residents)
    known = _KNOWN_AS.get().get(lower) or _KNOWN_AS.get().get(words[0])
    last = _KNOWN_AS.get().get(words[-1]) if 1 < len(words) <= 3 and all(
        w.isalpha() and w.islower() and w not in HEAD_ENDS for w in words[:-1]) \
        and not (len(words) == 2 and words[1] in NAMED_KIND and words[0].endswith("a")) \
        else None  # "den externa mottagaren" where it named "mottagaren" (not "Enhetschefen för larmpatrullen",
    # nor "Tekniska nämnden": a name of its own)
    pair = any(w in ("och", "samt", "eller") for w in words[:-1])  # "Nämnden och bolaget": both, the first's tag
    if known is None and not pair:
        known = last
    if known is not None and len(words) > 1 and words[0].endswith("s") and known[1] is not None \
            and words[1] not in ("styrelse", "direktion"):  # its board is the body itself
        # "Bolagets VD", "Förbundets förebyggande avdelning": a role or body it has; "Bolagets resultat": a thing
        return (list(KINDS), tag_of(bare)) if _names_someone(words[1:]) else None
    if known is not None:
        return known
    if GENITIVE_KIND.match(words[0]) and len(words) > 1:
        owned = _owned(bare, words)
        if owned is not None:
            return owned
    if BOARD.match(words[0]) and words[1:2] not in (["och"], ["samt"]):  # not "Kommunstyrelsen och nämnderna"
        return ["kommunstyrelse"], None
    if AUTHORITY.match(words[0]) and words[1:2] != ["för"]:  # not a state agency ("Myndigheten för …")
        return ["kommunstyrelse", "nämnd"], None
    if text != bare and len(words) == 1 and UNIT_OF.fullmatch(lower):  # "Regionens IT-förvaltning", "kommunens
        return list(KINDS), tag_of(bare)  # HR-avdelning": a unit the genitive's owner has, named indefinite
    if SERVICE.match(words[0]) or MEMBERS.match(lower):
        return list(KINDS), tag_of(bare)
    if _named_body(bare) or len(words) == 2 and words[1] in NAMED_KIND and (bare[:1].isupper() or words[0].endswith("a")) \
            or "AB" in bare.split()[:4] and len(words) <= 4:  # "Bostads AB Älvsundahem", "AB Ekhem": a named bolag
        return list(KINDS), tag_of(bare)
    sort = PLURAL_COMPOUND.match(lower)
    if sort and not any(p.match(lower) for p in GENERIC.values()) and not BOARD.match(lower) \
            and not sort.group("stem").endswith(("bolags", "bolag")):
        return list(KINDS), tag_of(sort.group("stem") + SINGULAR[sort.group("kind")])
    if len(words) > 2 and words[1] == "som" and text.lower() != lower and BODY_SUFFIX.fullmatch(words[0]):
        return list(KINDS), tag_of(words[0])  # "Den avdelning som utreder klagomålet": whichever does that
    head = _head(words)
    kinds = [kind for kind, pattern in GENERIC.items() if any(pattern.match(w.strip(",")) for w in head)]
    if any(BOARD.match(w.strip(",")) for w in head):
        kinds.insert(0, "kommunstyrelse")
    if kinds:
        return [k for k in KINDS if k in kinds], None
    if WHOLE.match(lower) or lower == "vi" or NAMED_WHOLE.match(bare):  # "Vi ska …": the organisation of itself
        return list(KINDS), None
    owner = re.match(r"^(\w+s (och|eller) )?\w+s (?P<owned>.+)$", lower)  # "arbetsplatsens chef"
    role = ROLES.match(lower) or ROLE_SUFFIX.match(words[0]) or owner and ROLES.match(owner.group("owned")) \
        or len(words) == 2 and re.fullmatch(r"[a-zåäö]+(ande|ende)|förste|vice|tillförordnad|närmaste", words[0]) \
        and ROLE_SUFFIX.match(words[1])
    # "förskolans och skolans personal", "Beredskapshavande drifttekniker", "förste socialsekreterare": roles too
    if role:
        return list(KINDS), tag_of(_role_words(text))
    if lower in ("styrelsen", "styrelsens", "direktionen", "förbundsdirektionen", "förbundsstyrelsen"):
        return list(KINDS), tag_of(lower.removesuffix("s"))  # a board of its own: a company's, a förbund's
    within = EACH_UNIT.match(bare)
    if within and actor(within.group("unit")) is not None:  # "Styrelsen i respektive bolag": each bolag's
        role = actor(within.group("who"))
        return role if role is not None and is_role(within.group("who")) else actor(within.group("unit"))
    return _compound(bare, words) or (last if pair else None)


def _names_someone(words: list[str]) -> bool:
    """Do the words after a genitive name a role or a body ("VD", "förebyggande avdelning"), not a thing it
    has ("resultat efter finansiella poster")?"""
    head = _head(words)
    return bool(head) and (actor(" ".join(words)) is not None or bool(BODY_SUFFIX.search(head[-1]))
                           or bool(ROLES.match(head[-1]) or ROLE_SUFFIX.match(head[-1])))


def _compound(bare: str, words: list[str]) -> tuple[list[str], str | None] | None:
    """Two compounds sharing their last part ("Budget- och skuldrådgivaren", "Individ- och
    familjeomsorgen"): who the last one is, by the whole name; two named bodies ("Dammbo Vatten AB och
    samhällsbyggnadsnämnden"): both kinds, under the first one's tag."""
    if len(words) > 2 and words[0].endswith("-") and words[1] in ("och", "eller"):
        found = actor(" ".join(bare.split()[2:]))
        return (found[0], tag_of(bare)) if found is not None and found[1] is not None else found
    for at, word in enumerate(words[1:-1], start=1):
        if word in ("och", "samt"):
            first, second = actor(" ".join(bare.split()[:at])), actor(" ".join(bare.split()[at + 1:]))
            if first is not None and second is not None and first[1] and second[1]:  # two named bodies
                return [k for k in KINDS if k in first[0] or k in second[0]], first[1]
    return None


# who does something by what they do: "Beställaren", "den externa mottagaren", "Budgetansvarig beställare",
# "Beslutsattestanten", "Arkivisten", "Montören"; not the public ("Invånare", "Besökare"), nor a comparative
# ("Kortare handläggningstider")
AGENT = re.compile(r"^[a-zåäö-]{3,}(are|aren|ant|anten|ör|ören|ist|isten)$")
PUBLIC = re.compile(r"(invånar|medborgar|brukar|besökar|företagar|näringsidkar|pendlar|deltagar|fastighetsägar|"
                    r"vårdgivar|läsar|väljar|skattebetalar|innehavar|bidragsmottagar)(e|en)$")


def cell_actor(phrase: str) -> tuple[list[str], str | None]:
    """Whoever a table's actor column names, known or not ("Löneadministrationen", "Faddern"): its
    position says it is responsible, so an unknown name is a tag of its own."""
    return heading_actor(phrase) or (list(KINDS), tag_of(phrase))


def heading_actor(phrase: str) -> tuple[list[str], str | None] | None:
    """`actor` for a heading or a table's cell that names who is responsible: there an agent noun
    ("Beställaren", "Den externa mottagaren") is a role too, not the public or a description ("Invånaren som
    medskapare"); in running text it may be the public ("Mottagaren ska förstå budskapet")."""
    found = actor(phrase)
    words = DETERMINERS.sub("", " ".join(phrase.split()).strip(" ,:")).lower().split()
    if found is None and words and len(words) <= 3 and AGENT.match(words[-1]) and not any(map(PUBLIC.search, words)) \
            and "som" not in words and all(w[:1].islower() and w.isalpha() for w in words[:-1]):
        return list(KINDS), tag_of(" ".join(words))
    return found


def owned_thing(phrase: str) -> bool:
    """Does the phrase name a thing an actor has, not the actor ("Bolagets informationssäkerhetsarbete",
    "Kommunens arbete")?"""
    words = DETERMINERS.sub("", " ".join(phrase.split()).strip(" ,:")).split()
    return len(words) >= 2 and words[0].endswith("s") and actor(words[0][:-1]) is not None \
        and actor(" ".join(words[1:])) is None


def is_role(phrase: str) -> bool:
    """Does the phrase name people by their role ("Kommunens medarbetare", "Varje chef"), not a body?"""
    bare = DETERMINERS.sub("", " ".join(phrase.split()).strip(" ,:")).lower()
    return bool(bare) and bool(ROLES.match(bare) or ROLE_SUFFIX.match(bare.split()[0]))


def _owned(phrase: str, words: list[str]) -> tuple[list[str], str | None] | None:
    """A body or role of a kind ("Kommunstyrelsens kansli", "bolagens verkställande direktörer",
    "nämndernas förvaltningar"): the kind of what is owned, or the whole phrase as a tag."""
    rest = " ".join(words[1:])
    owned = actor(rest)
    if owned is not None and owned[1] is None:
        return owned
    if owned is not None or BODY_SUFFIX.search(_head(words[1:])[-1] if _head(words[1:]) else ""):
        return list(KINDS), tag_of(phrase)
    return None


@contextmanager
def known_as(names: dict[str, tuple[list[str], str | None]], issuer: str | None = None) -> Iterator[None]:
    """While reading one document, a name it gives an actor ("Regionstyrelsen är arkivmyndighet")
    stands for that actor, in any of its forms ("arkivmyndigheten"); `issuer`: the organisation's own name."""
    forms = {f"{name}{ending}": found for name, found in names.items()
             for ending in ("", "s", "en", "et", "n", "ens", "ets")}
    token, own = _KNOWN_AS.set(forms), _ISSUER.set(issuer.lower() if issuer else None)
    try:
        yield
    finally:
        _KNOWN_AS.reset(token)
        _ISSUER.reset(own)


def is_whole(phrase: str) -> bool:
    """Does the phrase name the organisation as a whole ("Kommunen", "Vi", "Tjärnby kommun som arbetsgivare")?"""
    text = " ".join(phrase.split())
    return text.lower() in WHOLE_WORDS or bool(NAMED_WHOLE.match(text))


def is_issuer(phrase: str) -> bool:
    """Is the phrase the document's issuer by its name ("Region Tjärnbotten" in its own plan)? Where it
    commits itself to a list of tasks it is the organisation as a whole; elsewhere its name may describe
    ("Åby kommun ansvarar för 140 km gator") or state a goal ("Åby kommun ska ha en lönestruktur …")."""
    return " ".join(phrase.split()).lower() == _ISSUER.get()


def _named_body(phrase: str) -> bool:
    """A body with a name: "Stadsbyggnadsnämnden", "Miljö- och byggnämnden", "HR-avdelningen",
    "Kontaktcenter", "Kommundirektörens stab" (not "Nämnden" or "Förvaltningarna")."""
    words = phrase.split()
    if len(words) == 1 and NAMED_SUFFIX.search(words[0]) and not any(p.match(words[0]) for p in GENERIC.values()):
        return True  # a compound that names one body, also in running text: "det åligger stadsbyggnadsnämnden"
    if len(words) == 3 and words[0].endswith("-") and words[1] in ("och", "eller") and _named_body(words[2]):
        return True  # "kultur- och fritidsnämnden", also in running text
    if not words or not words[0][:1].isupper():
        return False
    at = next((n for n, w in enumerate(words[:4]) if BODY_SUFFIX.search(w.lower().strip(",."))), None)
    if at is None or any(w.lower() in HEAD_ENDS | {"mellan", "åt", "efter"} for w in words[:at]):
        return False  # "Tvister mellan förbundet …": a thing about a body, no body
    head = words[at]
    head = head.lower().strip(",.")
    if any(p.match(head) for p in GENERIC.values()) or BOARD.match(head) or head.startswith("målgrupp"):
        return False
    return head != "stab" or words[0].lower().endswith("s")


def _head(words: list[str]) -> list[str]:
    """The words of a phrase before a preposition or relative clause, at most six: where the kind
    words of its head stand ("förvaltningarna och bolagen", not "barn som berörs av nämndens …")."""
    head = []
    for word in words[:6]:
        if word in HEAD_ENDS:
            break
        head.append(word)
    return head


def without_you(phrase: str) -> str:
    """"Du som medarbetare" is a medarbetare."""
    return re.sub(r"^(du|ni|vi) som\s+", "", phrase, flags=re.IGNORECASE)


def named_part(phrase: str) -> str:
    """The words that name an actor, before a relative clause or what narrows it ("Varje chef" of
    "Varje chef som rekryterar", "medarbetare" of "Du som medarbetare")."""
    return re.split(r"\s+(?:som|vars|där|med ansvar|i|inom|hos|vid)\b", without_you(phrase), maxsplit=1)[0]


def _role_words(phrase: str) -> str:
    """A role as a tag's words: without "varje"/"alla" and what follows a relative clause."""
    return DETERMINERS.sub("", named_part(phrase))


def tag_of(phrase: str) -> str:
    """A unit tag for an actor that is no unit kind, as the register holds tags: lower-case words
    (å, ä and ö kept) joined by hyphens, at most 40 characters, starting with a letter."""
    words = re.findall(r"[a-zåäö0-9]+", phrase.lower().translate(str.maketrans("éü", "eu")))
    tag = "-".join(words[:4])[:40].rstrip("-") or "okand"
    return tag if tag[:1].isalpha() else f"t-{tag}"[:40].rstrip("-")


def slug(text: str) -> str:
    table = str.maketrans("åäöéü", "aaoeu")
    words = re.findall(r"[a-z0-9]+", text.lower().translate(table))
    return "-".join(words[:4]) or "okand"
