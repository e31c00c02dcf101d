"""A policy's metadata from its clean text: title, municipality, adoption, what it replaces,
revision rule and the follow-up sentence.

The adoption is read in any common form: a label and value on one line or in two table cells
("Antagen av: Kommunfullmäktige", "Beslutsdatum | 2019-04-23"), or prose ("Antagen av KF
2012-03-05, § 45", "Fastställd av kommunfullmäktige den 5 mars 2012 § 45", "Policyn antogs av
regionfullmäktige …"). What is not found is None: the caller lists it as not found.
"""
from __future__ import annotations

import re

from .actors import is_role
from .dates import first_date
from .documents import DOCUMENT_WORD
from .references import FEDERATION_NAME, WRAPS, company_cased, one_company, one_federation
from .revision import REVISION, follow_up, revision, rule
from .structure import NUMBERING, Block, sentences

# "antagen", "har fastställts", "beslutades", …: the forms that say a body decided the document
ADOPTED = (r"(antagen|antaget|antagna|antogs|antagits|beslutad|beslutat|beslutats|beslutades|fastställd|fastställt|"
           r"fastställts|fastställdes|godkänd|godkänt|godkänts|godkändes|(?:fastställda|beslutade|godkända)(?= av\b))")
ADOPTED_BY = re.compile(rf"\b{ADOPTED}\s+av\s+(?P<who>(?:[A-ZÅÄÖa-zåäö]\w*-\s+(?:och|eller)\s+)?"
                        r"(?:[A-ZÅÄÖa-zåäö][\w-]*s \w*(?:utskott|utskottet|beredning|beredningen|presidium|presidiet)\b|"
                        r"[A-ZÅÄÖa-zåäö][\w-]*(?:chefen|direktören) för (?:[\w]+- och )?\w+"
                        r"(?:förvaltningen|avdelningen|enheten|kontoret)\b|"  # "förvaltningschefen för teknik- och …"
                        r"[A-ZÅÄÖa-zåäö][\w-]*))",
                        re.IGNORECASE)  # "Kommunstyrelsens personalutskott": a board's committee
OFFICIAL = re.compile(r"(direktören|chefen|utskottet|utskott|nämnden|styrelsen|förvaltningen|direktionen|stämman|"
                      r"beredningen|beredning|presidiet|presidium)$", re.IGNORECASE)
PARAGRAPH = re.compile(r"§\s*(\d+)")
ADOPTION = re.compile(rf"\b({ADOPTED}|beslutsdatum|beslutsinstans|beslutande organ|"
                      r"\w*(fullmäktiges|styrelsens|nämndens|direktionens) beslut(?= (den )?\d)|"
                      rf"(antog|fastställde|godkände|beslutade om)(?= (?:(?:denna|detta|dessa) \w+|\w*{DOCUMENT_WORD}\b)))\b",
                      re.IGNORECASE)  # "Kommunstyrelsen fastställde riktlinjerna den 14 maj 2024"
LABEL = re.compile(r"^(antagen av|antaget av|beslutad av|beslutat av|fastställd av|fastställt av|"
                   r"datum för beslut|datum för antagande|fastställd datum|beslutat datum|antagandedatum|antagen|"
                   r"antaget|beslutad|beslutat|fastställd|fastställt|beslutsdatum|beslutsinstans|beslutande organ|"
                   r"datum och paragraf|datum och §|datum|paragraf|ersätter|beslut(?=\s*:))(?!\w)\s*[:|]?\s*(?P<value>.*)$",
                   re.IGNORECASE)
DATE_LABELS = ("datum", "beslutsdatum", "datum för beslut", "datum för antagande", "fastställd datum", "beslutat datum",
               "antagandedatum")
# each deciding body, also in the genitive ("Kommunfullmäktiges beslut 2023-10-30")
BODIES = [(re.compile(r"\b((?i:kommunfullmäktiges?)|KF)\b"), "Kommunfullmäktige"),
          (re.compile(r"\b(regionfullmäktiges?|RF)\b", re.IGNORECASE), "Regionfullmäktige"),
          (re.compile(r"\b(landstingsfullmäktiges?|LF)\b", re.IGNORECASE), "Landstingsfullmäktige"),
          (re.compile(r"\bkommunstyrelse(n|ns)?\b|\bKS\b", re.IGNORECASE), "Kommunstyrelsen"),
          (re.compile(r"\bregionstyrelse(n|ns)?\b|\bRS\b", re.IGNORECASE), "Regionstyrelsen"),
          (re.compile(r"\bfullmäktiges?\b", re.IGNORECASE), "Fullmäktige"),
          (re.compile(r"\b((?:(?!(?:alla|denna|dessa|berörda|samtliga|andra)\s)[A-ZÅÄÖ]?[a-zåäö]+a\s+)?"  # "Regionala …"
                      r"(?:[A-ZÅÄÖa-zåäö]\w*-\s+(?:och|eller)\s+)?[A-ZÅÄÖa-zåäö][\w-]*nämnd(en)?|"
                      r"[A-ZÅÄÖ]?[a-zåäö]+a nämnden)\b"), None)]  # "Tekniska nämnden"
# the first section of a text, not the rest of its title
OPENING = re.compile(r"^(inledning|bakgrund|syfte|sammanfattning|förord|innehåll|innehållsförteckning|mål|målen|"
                     r"ansvar|omfattning|definitioner|begrepp|vision|organisation|beslut)\b", re.IGNORECASE)
GENERIC_DOCS = {"policy", "program", "plan", "strategi", "riktlinjer", "riktlinje"}
FIELD = re.compile(r"^(dokumenttyp|dokumentägare|dokument|typ|titel|namn|diarienummer|dnr|giltighetstid|giltig|version)\b",
                   re.IGNORECASE)
DOC_WORD = re.compile(rf"{DOCUMENT_WORD}\b", re.IGNORECASE)
NOT_A_NAME = {"i", "inom", "hela", "varje", "alla", "denna", "vår", "den", "en", "som", "att", "för", "med", "på",
              "av", "till", "från", "och", "kommunens", "varför", "policy", "en"}
PLACE = r"[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?"
MUNICIPALITY = re.compile(rf"\b((?:{PLACE}\s+){{0,2}}{PLACE})\s+(kommun|stad)s?\b|\bRegion((?:\s+{PLACE}){{1,2}})\b")
def metadata(parts: list[Block]) -> dict:
    """Title, municipality, adoption, what it replaces, revision rule and follow-up sentence."""
    parts = _paired(parts)
    head = parts[:25]
    adoption = _adoption(head + parts[-20:])
    company = one_company(parts) if adoption["adopted_by"] in ("Styrelsen", "Verkställande direktören") else None
    # a company's board or managing director decided: the company issued it
    alone = next((b.text for b in parts if FEDERATION_NAME.fullmatch(b.text.strip())), None)  # a letterhead
    municipality = _issuer(_front(parts)) or company or one_federation(head) or alone or _municipality(parts) \
        or one_company(parts)  # no municipality named at all: the company the document is by
    return {"title": _title(_front(parts), municipality), "municipality": municipality, **adoption,
            "replaces": _replaces(parts), "revision": revision(parts), "follow_up": follow_up(parts)}


def _paired(parts: list[Block]) -> list[Block]:
    """A table with its labels in one row and their values in the next ("Fastställd av | Datum" over
    "Kommundirektören | 2024-01-15") as label and value side by side, as a two-column table has them."""
    out: list[Block] = []
    index = 0
    while index < len(parts):
        run = 0
        while index + run < len(parts) and parts[index + run].heading and _label(parts[index + run].text):
            run += 1
        values = parts[index + run:index + 2 * run]
        if run >= 3 and len(values) == run and not any(_label(v.text) or len(v.text.split()) > 12
                                                        or re.match(r"^\d+(\.\d+)*\.?\s+[A-ZÅÄÖ]", v.text) for v in values):
            for label, value in zip(parts[index:index + run], values):
                out += [label, value]
            index += 2 * run
        else:
            out.append(parts[index])
            index += 1
    return out


def _label(text: str) -> bool:
    """A metadata label alone: "Fastställd av", "Datum", "Diarienummer", "Giltig till"."""
    return len(text.split()) <= 3 and bool(LABEL.match(text) and not LABEL.match(text).group("value").strip()
                                           or FIELD.match(text) or REVISION.search(text) and not rule(text.lower()))


def _issuer(front: list[Block]) -> str | None:
    """An issuer that is no municipality, named on its own line under the title: a company ("AB
    Stensjöhem") or a kommunalförbund ("Räddningstjänsten Nordslätten – kommunalförbund för …")."""
    for index, block in enumerate(front[:6]):
        text = block.text.strip()
        before = front[index - 1].text.split()[-2:] if index and front[index - 1].heading else []
        if len(before) == 2 and before[0].lower() in WRAPS and before[1][:1].isupper() and not text.startswith("AB"):
            text = f"{before[1]} {text}"  # the title's line before begins the name: "… för Norrsunds" "Hamn AB"
        federation = re.match(r"^(?P<name>[A-ZÅÄÖ][^–,]{2,60}?)\s+[–-]\s+(ett\s+)?(kommunalförbund|samordningsförbund)\b",
                              text)
        if federation:
            return federation.group("name")
        if FEDERATION_NAME.fullmatch(text) or re.fullmatch(
                r"(Kommunalförbundet|Samordningsförbundet)\s+[A-ZÅÄÖ][\w-]*(\s+[\w-]+){0,3}", text):
            return text  # "Gymnasieförbundet Västra Ek", "Myrbackadalens gymnasieförbund", "Kommunalförbundet Ås lönecenter"
        if len(text.split()) <= 4 and re.fullmatch(r"(AB\s+[A-ZÅÄÖ][\w-]*(\s+[A-ZÅÄÖ][\w-]*)*|"
                                                   r"([A-ZÅÄÖ][\w-]*\s+)+AB)", text):
            return company_cased(text)
    return None


def _front(parts: list[Block]) -> list[Block]:
    """The blocks before the first paragraph of prose: where the title stands."""
    front = []
    for block in parts[:25]:
        if not block.heading and not block.item and len(block.text.split()) >= 8 and block.text.endswith("."):
            break
        front.append(block)
    return front


def _title(front: list[Block], municipality: str | None) -> str | None:
    """The longest heading of the front matter that names a kind of document, with a one-word
    name of the document before it ("Integrationspolicy – en policy för …"); footnote marks go,
    and a title wrapped over two lines is joined."""
    texts = [_without_mark(b.text) if b.heading else "" for b in front]
    candidates = [i for i, text in enumerate(texts) if text and DOC_WORD.search(text) and not LABEL.match(text)
                  and not ADOPTION.search(text) and not FIELD.match(text) and " | " not in text
                  and not text.endswith("?")  # "Varför riktlinjer för bemötande?" asks, it does not name
                  and not (i and texts[i - 1].lower().rstrip(": ") == "ersätter")]  # the value of "Ersätter |"
    if municipality:  # a running header "Ort stad – Titel" beside the title itself
        candidates = [i for i in candidates if not any(
            j != i and texts[j] in texts[i] and texts[i].replace(texts[j], "").strip(" –-|,") == municipality
            for j in candidates)] or candidates

    def running_header(text: str) -> bool:  # "Räddningstjänsten X – Riktlinje": the issuer and a kind, no title
        return bool(municipality) and municipality in text \
            and text.replace(municipality, "").strip(" –-|,").lower() in GENERIC_DOCS | {""}
    candidates = [i for i in candidates if not running_header(texts[i])] or [
        i for i, text in enumerate(texts) if len(text.split()) >= 3 and not running_header(text)
        and not LABEL.match(text) and not ADOPTION.search(text) and not FIELD.match(text) and not OPENING.match(text)
        and " | " not in text and not re.search(r"\d", text)][:1]  # a title naming no kind: the first heading
    if not candidates:
        return None
    levels = [front[i].level for i in candidates if front[i].level is not None]
    highest = [i for i in candidates if front[i].level == min(levels)] if levels else candidates
    index = max(highest, key=lambda i: len(texts[i]))  # where the document gives levels, among its highest
    title = texts[index]
    following = texts[index + 1] if index + 1 < len(texts) else ""
    last = title.split()[-1]
    wrapped = following and index + 1 < len(front) and front[index + 1].level == front[index].level and (
        following.startswith("(")  # "Instruktion för tjänsteman i beredskap" over "(TiB)"
        or last[:1].isupper() and len(following.split()) <= 4 and all(w[:1].isupper() for w in following.split())
        and not DOC_WORD.search(following) and not NUMBERING.match(following)  # "… för Eklidens" "Fastigheter AB"
        and not OPENING.match(following))
    if following and (last.lower() in WRAPS or wrapped or municipality and municipality.startswith(f"{last} ")
                      and municipality.endswith(following) or municipality and index + 1 < len(front)
                      and front[index + 1].level == front[index].level
                      and f"{last} {following.split()[0]}" in municipality):  # "… mellan Räddningstjänsten" "Hallfjärden …"
        title = f"{title} {following}"
    elif index + 1 < len(front) and re.fullmatch(r"\d{4}([–-]\d{2,4})?", front[index + 1].text.strip()):
        title = f"{title} {front[index + 1].text.strip()}"  # "… i Fjällåsa" over "2024–2030"
    opening = re.search(r"\s+(\S+)$", title)  # a PDF's line that ran the first section's heading on: "… unga Inledning"
    if opening and opening.group(1) in ("Inledning", "Bakgrund", "Syfte", "Sammanfattning", "Förord", "Innehåll") \
            and len(title.split()) > 3:
        title = title[:opening.start()]
    names = [texts[i] for i in candidates if i < index and len(texts[i].split()) == 1
             and texts[i].lower() not in GENERIC_DOCS and texts[i].lower() not in title.lower()]
    return f"{names[0]} – {title}" if names else title


def _without_mark(text: str) -> str:
    """A heading without a footnote mark after its last word ("Jämställdhetspolicy1", "…policy¹", "… 2026–20291")."""
    return re.sub(r"((?<=[a-zåäö)])|(?<=[\s–-](19|20)\d\d))(\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹]+|\*)$", "", text.strip())


def _municipality(parts: list[Block]) -> str | None:
    """The municipality, city or region that stands alone on a line (a letterhead, a running header),
    else the one the text names most often: "Lidsjö kommun", "Ekholms stad", "Region Västerdal"."""
    counts: dict[str, int] = {}
    alone: set[str] = set()
    for block in parts:  # alone on its line, or on a letterhead's part ("VÄSTERBRINKS STAD | Program för …")
        alone.update(_cased(part) for part in LETTERHEAD_PARTS.split(block.text.strip())
                     if MUNICIPALITY.fullmatch(_cased(part)))
        for match in MUNICIPALITY.finditer(_cased(block.text)):
            if match.group(3):
                words = match.group(3).split()
                name = "Region " + " ".join(words[:1] + [w for w in words[1:2] if not DOC_WORD.search(w)])
            else:
                words = match.group(1).split()
                while words and words[0].lower() in NOT_A_NAME:
                    words = words[1:]
                if not words:
                    continue
                name = f"{' '.join(words)} {match.group(2)}"
            counts[name] = counts.get(name, 0) + 1
    for name in [name for name in counts if name.endswith("s") and name[:-1] in counts]:
        counts[name[:-1]] += counts.pop(name)  # "Region Norrsäljes" (a genitive) is "Region Norrsälje"
    standing = [name for name in counts if name in alone]
    return max(standing or counts, key=counts.get) if counts else None


LETTERHEAD_PARTS = re.compile(r"\s*[|·•\t]\s*|\s{3,}")


def _cased(text: str) -> str:
    """Words in capitals as running text writes them ("KRONSJÖ KOMMUN" → "Kronsjö kommun"); one word
    in capitals is an abbreviation ("SBF Lommeby kommun")."""
    kinds = {"KOMMUN", "STAD", "KOMMUNS", "STADS"}

    def cased(match: re.Match) -> str:
        word = match.group(0)
        return word.lower() if word in kinds else word.capitalize()
    return re.sub(r"\b[A-ZÅÄÖ]{2,}(\s+[A-ZÅÄÖ]{2,})+\b", lambda run: re.sub(r"[A-ZÅÄÖ]+", cased, run.group()), text)


REPLACED = re.compile(r"\b(ersätter|ersätts|upphäver|upphävs)\b", re.IGNORECASE)


def _adoption(blocks: list[Block]) -> dict:
    """Who adopted the policy, when and in which paragraph, from the first lines that say it."""
    snippets = []
    for i, block in enumerate(blocks):
        text = block.text
        label = LABEL.match(text)
        if label and label.group(1).lower() == "ersätter":
            continue
        if not label:  # "Ersätter reglemente fastställt av regionfullmäktige 2017-09-27": the old one's adoption
            text = " ".join(s for s in sentences(text) if not (ADOPTION.search(s) and REPLACED.search(
                s[:ADOPTION.search(s).start()])))
        if not label:  # the sentences that say it was adopted, not a body named in the next ("… som KF beslutat")
            text = " ".join(s for s in sentences(text) if ADOPTION.search(s)) or text
        front_line = i < 6 and not label and PARAGRAPH.search(text) and first_date(text) and _body(text)
        if label or ADOPTION.search(text) or front_line:  # "Regionstyrelsen i Region Åby | 12 mars 2024 | § 55"
            value = label.group("value") if label else text
            if label and not value.strip() and i + 1 < len(blocks):
                value = blocks[i + 1].text  # a label and its value in two table cells
            snippets.append((label.group(1).lower() if label else "", value if label else text))
    # what says who adopted it ("Antagen av …", "Beslutsinstans | …") before a body merely named ("… som
    # fullmäktige har beslutat")
    snippets.sort(key=lambda snippet: not (snippet[0] or ADOPTED_BY.search(snippet[1])))
    found = {"adopted_by": None, "adopted_date": None, "adopted_paragraph": None}
    for label, text in snippets:
        if found["adopted_by"] is None and label not in DATE_LABELS + ("paragraf", "datum och paragraf", "datum och §"):
            found["adopted_by"] = _body(f"{label} {text}" if label.endswith(" av") else text) \
                or (_official(text) if label.endswith(" av") else None)
        if found["adopted_date"] is None and label != "paragraf":
            found["adopted_date"] = first_date(text)
        if found["adopted_paragraph"] is None:
            number = PARAGRAPH.search(text) or (re.fullmatch(r"\s*(\d{1,4})\s*", text) if label == "paragraf" else None)
            found["adopted_paragraph"] = f"§ {number.group(1)}" if number else None
    return found


def _body(text: str) -> str | None:
    """The deciding body: the one named after "antagen av"/"fastställd av" when there is one (an official
    such as "kommundirektören" too), else the body the text names first."""
    named = ADOPTED_BY.search(text)
    if named:
        who = named.group("who")
        for pattern, name in BODIES:
            match = pattern.fullmatch(who)
            if match:
                return name or who[:1].upper() + who[1:]
        if OFFICIAL.search(who):
            return who[:1].upper() + who[1:]
        if who.lower() in SPELLED_OUT:  # "Fastställd av vd"
            return SPELLED_OUT[who.lower()]
    named = [(match.start(), name or match.group(1)[:1].upper() + match.group(1)[1:])
             for pattern, name in BODIES for match in [pattern.search(text)] if match]
    return min(named)[1] if named else None  # the first the text names


SPELLED_OUT = {"vd": "Verkställande direktören", "mas": "Medicinskt ansvarig sjuksköterska",
               "mar": "Medicinskt ansvarig för rehabilitering"}


def _official(value: str) -> str | None:
    """The value of "Fastställd av | …" when it names an official rather than a body ("Medicinskt ansvarig
    sjuksköterska", "vd"): the role, before any date."""
    words = re.split(r"\s+(?=\d)|,", value.strip(), maxsplit=1)[0].strip()
    if words.lower() in SPELLED_OUT:
        return SPELLED_OUT[words.lower()]
    return words[:1].upper() + words[1:] if words and is_role(words) else None


def _replaces(parts: list[Block]) -> str | None:
    """What the policy replaces: a labelled line or cell (at its head or its end), else a sentence
    "… ersätter X"."""
    for i, block in enumerate(parts):  # a label, also on a footer's part ("Antagen … · Ersätter …")
        texts = [block.text] + LETTERHEAD_PARTS.split(block.text.strip())[1:]  # "Ersätter | X" is a label and its value
        label = next((found for found in map(LABEL.match, texts) if found and found.group(1).lower() == "ersätter"),
                     None) if i < 25 or i >= len(parts) - 20 else None
        if label:
            value = label.group("value").strip() or (parts[i + 1].text if i + 1 < len(parts) else "")
            return value.rstrip(".").strip() or None
    for block in parts:
        for sentence in sentences(block.text):
            stated = re.search(r"(^|\b(och|samt)\s|^(de|dessa|den|denna|det|detta)(\s+\w+)?\s+)ersätter\s+(?!inte\b|ej\b)(?P<what>[^.].*?)\.?$",
                               sentence, re.IGNORECASE)  # not "De ersätter inte den prövning …"
            if stated and (sentence.lower().startswith(("ersätter", "den ", "denna ", "det ", "detta ", "de ", "dessa "))
                           or ADOPTION.search(sentence)
                           or DOC_WORD.match(sentence.split()[0]) or stated.group(2)):
                return _replaced(stated.group("what"))  # "Ersätter …", "… beslutades av X och ersätter …"
            match = re.search(rf"^(?:\d{{1,2}}\s+|[¹²³⁴⁵⁶⁷⁸⁹]\s*)?(?:denna |den här )?\w*{DOCUMENT_WORD}\s+(?:[^.]*?\s)?"
                              r"(?:ersätter|upphäver)\s+(?!inte\b|ej\b)(?P<what>.+?)\.?$", sentence, re.IGNORECASE)
            if match:
                return _replaced(match.group("what"))
            ceases = re.search(r"\b(?:då|varvid|samtidigt som)\s+(?P<what>.+?)\s+upphör att gälla", sentence)
            if ceases and re.search(r"\bträder i kraft\b", sentence):  # "… träder i kraft …, då X upphör att gälla"
                return _replaced(ceases.group("what"))
    return None


def _replaced(what: str) -> str:
    """What is replaced, without a clause that goes on about the new document ("… från 2017 och ska ses
    över vart tredje år")."""
    return re.sub(r"\s+(och|samt) (ska|skall|gäller|revideras|ses)\b.*$", "", what)
