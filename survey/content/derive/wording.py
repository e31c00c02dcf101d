"""Questions in plain Swedish that a unit's manager can answer with Ja, Delvis or Nej.

"Fastställa mål på kort och lång sikt …" under "Nämnderna ska" becomes "Har nämnden
fastställt mål på kort och lång sikt …?": the verb's supine comes from the word list in
`supines.py`. A compound duty ("stötta föreningar … samt underlätta …") is asked as one question
per part. Where the verb is not known, the wording is a general one that needs no conjugation
("Har nämnden under året gjort det som policyn kräver här (se citatet)?"): the quote is shown
beside every question, never pasted into it, so no question is broken Swedish.
"""
from __future__ import annotations

import re

from .supines import infinitive, supine

NEUTRAL = "under året gjort det som policyn kräver här"  # the general wording, where no rule words the duty
SUBJECTS = {"kommunstyrelse": "kommunstyrelsen", "nämnd": "nämnden", "förvaltning": "förvaltningen",
            "bolag": "bolaget"}
ADVERB = re.compile(r"^(årligen|kontinuerligt|löpande|regelbundet|aktivt|alltid|gemensamt|systematiskt|"
                    r"fortlöpande|tydligt|särskilt|även|också|minst|årsvis|tillsammans|dessutom|vidare|varje|år)$", re.IGNORECASE)
COORDINATORS = {"och", "samt", "eller"}
PARTICLES = {"upp", "ut", "in", "fram", "till", "av", "om", "på", "bort", "ned", "ner", "igen", "över", "undan"}
NOT_VERBS = {"samma", "andra", "alla", "nya", "egna", "olika", "lika", "hela", "goda", "stora", "svenska", "sina", "mina",
             "dina", "våra", "era", "dessa", "vissa", "flera", "båda", "övriga", "enskilda", "nationella", "två", "fyra"}
DUTY = re.compile(r"\b(ska|skall|måste)\b\s+", re.IGNORECASE)
INVERTED_SUBJECT = re.compile(
    r"^((de |den |det |alla |samtliga |varje )?(kommunala |berörda )?(verksamheterna|verksamheter|verksamheten|"
    r"nämnderna|nämnden|förvaltningarna|förvaltningen|bolagen|bolaget|kommunstyrelsen|kommunen)|den|de)\s+")
REFLEXIVE = re.compile(r"\b(sin|sitt|sina)\b")
OUR = {"sin": "er", "sitt": "ert", "sina": "era"}
AND_THAT = re.compile(r",? (?:och|samt) (?:för )?att ")
RESPONSIBLE_FOR = re.compile(r"\b((ansvarar|svarar) (som [a-zåäö]+ )?för|har ([a-zåäö]+ ){0,2}ansvar(et)? för|har hand om) (?!att\b)",
                             re.IGNORECASE)
# "X:s ansvar är att …", "har till uppgift att …", "Det åligger X att …", "åtar sig att …": the task follows "att"
CHARGED = re.compile(r"\b((ansvar|uppgift|uppdrag) är (också |även )?att|har (till|som) uppgift att|"
                     r"(har|får|ges) i uppdrag att|åtar sig att|är skyldiga? att|har (en )?skyldighet att|uppdras att|"
                     r"^det (åligger|åvilar|ankommer på) .+? att|uppdrar åt .+? att|"
                     r"^till .+?s (uppgifter|ansvar) hör (särskilt |också |även )?att)\s+", re.IGNORECASE)
# "Ansvaret för (att) … ligger hos X", "Ansvarig för … är X": what X answers for stands first
LIES_WITH = re.compile(r"^(ansvaret för (?P<that>att )?(?P<what>.+) (ligger|vilar) (hos|på) \S.*|"
                       r"(huvud)?ansvariga? för (?P<thing>.+?) är \S.*)$", re.IGNORECASE)
ACTOR_COLON = re.compile(r"^[^:]{2,60}:\s+(?=[a-zåäö])")  # "Kommunstyrelsen: samordnar arbetet …"
RESPONSIBLE = re.compile(r"\b((ansvarar|svarar) (dessutom |också |även |särskilt |som [a-zåäö]+ )?för att|är ansvariga? för att|"
                         r"har ([a-zåäö]+ ){0,2}ansvar(et)? för att)\s+", re.IGNORECASE)


def subject(kinds: list[str]) -> str:
    """The unit as the question's subject: "nämnden" for one kind, else "verksamheten"."""
    return SUBJECTS[kinds[0]] if len(kinds) == 1 else "verksamheten"


def clause_questions(clause: str, who: str, listed: bool = False) -> list[str] | None:
    """The questions of an infinitive clause, one per part of a compound ("stötta föreningar … samt
    underlätta …" → two), or None when a verb is unknown. A verb joined to the next without an object
    of its own ("leda och samordna arbetet") stays one part. `listed`: the clause is a list item or the
    task after an actor's colon, which may be in the present tense in lower case."""
    words = _bare(clause).split(" ")
    adverbs = []
    while words and ADVERB.match(words[0]):
        adverbs.append(words.pop(0).lower())
    if not words:
        return None
    at = next((k for k, w in enumerate(words[:6]) if _infinitive(w.rstrip(","))), 0)
    opening = words[0].rstrip(",").lower()
    if at and (supine(opening) is None or opening in NOT_VERBS) and not opening.endswith("r") \
            and not any(w.lower() in ("inte", "ej", "aldrig") for w in words[:at]):
        adverbs, words = adverbs + words[:at], words[at:]  # "tillsammans med medarbetaren göra …"
    # a table's task cell or a list's item in the present tense: "Leder och samordnar …", "planerar matsedlar …"
    head = words[0].rstrip(",")
    present = head.endswith("r") and (head[:1].isupper() or listed and infinitive(head) not in (None, head))
    first = supine(infinitive(head) or "") if present else supine(head)
    if first is None or not present and not words[0].lower().rstrip(",").endswith(("a", "å", "e", "o", "y", "as")):
        return None
    parts = [[first + ("," if words[0].endswith(",") else "")]]
    verbs = {first}  # the verb forms put in, which are no object
    for before, word in zip(words, words[1:]):
        joined = before.rstrip(",") in COORDINATORS or before.endswith(",")
        within_att = "att" in parts[-1]  # "… bland annat att ordna och förteckna": the att-clause's own verbs
        bare = word.rstrip(",")
        verb = infinitive(bare) if present else bare if _infinitive(bare) else None
        form = supine(verb) if joined and verb and not within_att else None
        if form and word.islower() and bare not in NOT_VERBS:
            objects = [w for w in parts[-1] if w.rstrip(",") not in COORDINATORS and w.rstrip(",") not in verbs]
            has_object = len(objects) >= 2 or (len(objects) == 1 and objects[0].rstrip(",") not in PARTICLES)
            if has_object and before.rstrip(",") != "eller":  # the part before has a verb and an object
                if parts[-1][-1] in COORDINATORS:
                    parts[-1].pop()
                parts[-1][-1] = parts[-1][-1].rstrip(",")
                parts.append([])
            parts[-1].append(form + ("," if word.endswith(",") else ""))
            verbs.add(form)
        else:
            parts[-1].append(word)
    if any(word in ("ska", "skall", "får", "kan", "bör", "måste") and before in COORDINATORS
           for part in parts for before, word in zip(part, part[1:])):  # "… och får inte …": a new clause
        return None
    parts = [_later_verbs(part) for part in parts]
    if parts[0][0] == "haft" and len(parts[0]) > 1:  # "ha en rutin för …": "Har nämnden en rutin för …?"
        parts[0] = parts[0][1:]
    lead = " ".join(adverbs)
    return [f"Känner {who} till {' '.join(part[2:])}?"  # knowing is asked in the present
            if part[:2] == ["känt", "till"] and len(part) > 2 and part[2] not in COORDINATORS and not (lead and n == 0)
            else f"Har {who} {lead + ' ' if lead and n == 0 else ''}{' '.join(part)}?".replace("  ", " ")
            for n, part in enumerate(parts)]


ARTICLES = {"en", "ett", "den", "det", "de", "denna", "detta", "sin", "sitt", "sina", "att", "som", "kan", "ska",
            "skall", "får", "bör", "vill", "måste", "för", "till", "om", "av", "i", "på", "med"}


def _later_verbs(part: list[str]) -> list[str]:
    """A part with an infinitive after "och" and an adverbial ("följt instruktionerna och utan dröjsmål
    rapportera …") in its supine, as the first verb is."""
    out = list(part)
    if out[0].rstrip(",") == "kunnat":  # "kunnat besvara … och mäta …": "kunnat" governs them all
        return out
    for at in range(2, len(out)):
        word = out[at]
        if word.endswith("a") and word.islower() and word not in NOT_VERBS and out[at - 1] not in ARTICLES \
                and any(w in COORDINATORS for w in out[max(1, at - 3):at]) and "att" not in out[:at] \
                and supine(word):
            out[at] = supine(word)
    return out


def sentence_questions(sentence: str, who: str, actor: str = "") -> list[str] | None:
    """The questions of "X ska upprätta …" / "X ansvarar för att …", one per part, or None. `actor`
    is the duty's subject as the text words it, which may stand after the modal ("Om … skall den
    externa mottagaren i stället lämna …")."""
    sentence = re.split(r",? (?:och|men) (?:bör|kan|får) ", sentence, maxsplit=1)[0]  # "… och bör …": advice, not asked
    if actor and sentence.lower().startswith(actor.lower()) and re.search(r"\bansvar(ar|ig|iga)?\b", actor):
        sentence = "Hen" + sentence[len(actor):]  # "Den som ansvarar för X ska …": the subject's own "ansvarar"
    active = _active(sentence, who, actor)
    if active:
        return [active]
    lies = LIES_WITH.match(_bare(sentence))
    if lies:
        return [f"Har {who} sett till att {lies.group('what')}?" if lies.group("that") else
                f"Har {who} tagit ansvar för {lies.group('what') or lies.group('thing')}?"]
    second = re.split(r",? (?:och|samt) (?:ska|skall) ", sentence, maxsplit=1)
    if len(second) == 2:  # "ansvarar för X och ska prioritera Y": two duties, two questions
        first, then = sentence_questions(second[0], who, actor), clause_questions(second[1], who)
        return (first or []) + then if then else None  # "Styrelsen fastställer … och ska …": the duty is the second
    colon = ACTOR_COLON.match(sentence)
    charged = CHARGED.search(sentence)
    if colon or charged:  # the task after the actor's colon or after "att", each part its own question
        asked = []
        for rest in AND_THAT.split(_bare(sentence[(colon or charged).end():])):
            worded = clause_questions(rest, who, listed=bool(colon))
            if worded is None:
                return None
            asked += worded
        return asked
    responsible = RESPONSIBLE.search(sentence)
    if responsible:  # "ansvarar för att samordna arbetet och för att chefer erbjuds utbildning": two parts
        asked = []
        for rest in AND_THAT.split(_bare(sentence[responsible.end():])):
            rest, *thing = re.split(r" (?:och|samt) för (?!att\b)", rest, maxsplit=1)  # "… och för markpolitiken"
            asked += clause_questions(rest, who) or [f"Har {who} sett till att {rest}?"]
            asked += [f"Har {who} tagit ansvar för {t}?" for t in thing]
        return asked
    charged = RESPONSIBLE_FOR.search(sentence)
    if charged:  # "Varje nämnd ansvarar för vården av sitt arkiv (och för att …)": what it answers for
        first, *rest = AND_THAT.split(_bare(sentence[charged.end():]))
        asked = []
        for n, part in enumerate([first] + rest):
            task = re.split(r" (?:och|samt) (?=[a-zåäö]+r )", part, maxsplit=1)  # "… och utser en chef"
            verb = task[1].split()[0] if len(task) == 2 else ""
            later = clause_questions(task[1], who, listed=True) if verb and infinitive(verb) not in (None, verb) else None
            part = task[0] if later else part
            asked.append(f"Har {who} tagit ansvar för {part}?" if n == 0 else f"Har {who} sett till att {part}?")
            asked += later or []
        return asked
    for duty in DUTY.finditer(sentence):
        rest = _bare(sentence[duty.end():])
        inverted = (re.match(re.escape(actor) + r"\s+", rest, re.IGNORECASE) if actor else None) or \
            INVERTED_SUBJECT.match(rest)  # "… ska de kommunala verksamheterna utifrån … sätta upp …"
        words = rest[inverted.end():].split(" ") if inverted else rest.split(" ")
        if words[0] in ("vara", "bli"):  # "För att det ska bli konkret ska …"
            continue
        at = next((k for k, w in enumerate(words[:9]) if _infinitive(w.rstrip(","))), None)
        if at is None:  # a later "ska" belongs to a subordinate clause ("… vilka tjänster de ska införa")
            return None
        if not inverted and all(ADVERB.match(w) for w in words[:at]):  # "X ska [årligen] upprätta …"
            return clause_questions(" ".join(words), who)
        if any(w.lower() in ("inte", "aldrig", "ej") for w in words[:at]):
            return None  # "ska inte …": a yes would mean it was not done
        # "X ska senast 2025 ta fram …": "Har X senast 2025 tagit fram …?"
        worded = clause_questions(" ".join(words[at:]), who)
        if worded and at:
            worded[0] = worded[0].replace(f"Har {who} ", f"Har {who} {' '.join(words[:at])} ", 1)
        return worded
    return None


def _infinitive(word: str) -> bool:
    """An infinitive: ends in -a ("upprätta"), or one of the short verbs that do not ("se", "ge", "utse")."""
    ending = word.endswith("a") or (len(word) <= 4 and word.endswith(("e", "å")))
    return word.islower() and ending and word not in NOT_VERBS and supine(word) is not None


def questions(quote: str, kinds: list[str], clause: bool, tag: str | None = None,
              actor: str = "", lead: str = "") -> list[tuple[str, bool]]:
    """The questions of a duty, one per part of a compound, each with whether it was worded by rule
    (False for the general wording used when a verb is unknown). A duty of a group ("varje chef",
    "medarbetarna") is asked of "ni": the unit answers for its own people."""
    who = "ni" if tag else subject(kinds)
    worded = clause_questions(quote, who, listed=True) if clause else sentence_questions(quote, who, actor)
    if not worded and clause and lead:
        worded = _completed(_bare(quote), who, lead)
    if worded:
        if who == "ni":  # "undersöka arbetsmiljön på sin arbetsplats" → "… på er arbetsplats"
            worded = [_yours(text) for text in worded]
        return [(text[0].upper() + text[1:], True) for text in worded]
    return [(f"Har {who} {NEUTRAL} (se citatet)?", False)]


def _active(sentence: str, who: str, actor: str) -> str | None:
    """A passive duty with its agent asked in the active: "En plan ska tas fram av kommunstyrelsen
    varje år" → "Har kommunstyrelsen tagit fram en plan varje år?"."""
    if not actor:
        return None
    agent, verb = rf"av {re.escape(actor)}", r"(?P<verb>[a-zåäö]+s)(?P<particle> (?:fram|upp|in|ut|över))?"
    passive = None
    for order in (rf"(?P<adverb>(?:[a-zåäö]+ ){{0,3}}?){verb} {agent}", rf"{agent} {verb}"):  # the agent after, before
        passive = passive or re.match(rf"^(?P<object>.+?) (?:ska|skall) {order}(?P<rest>.*?)(?:,? (?:och|samt) .*)?$",
                                      _bare(sentence), re.IGNORECASE)
    form = supine(passive.group("verb")[:-1]) if passive else None
    if form is None:
        return None
    thing = passive.group("object")
    thing = thing[:1].lower() + thing[1:] if thing[1:2].islower() else thing
    adverb = passive.groupdict().get("adverb") or ""
    return f"Har {who} {adverb}{form}{passive.group('particle') or ''} {thing}{passive.group('rest')}?"


def _yours(question: str) -> str:
    """A question asked of "ni" with its reflexives made "er"/"ert"/"era", up to a relative or
    "att" clause, whose "sina" is its own subject's ("… från föreningar som vill överlåta sina nät",
    "… att de börjat i sin roll")."""
    relative = re.search(r" (som|där|vars|att) ", question)
    main, rest = (question[:relative.start()], question[relative.start():]) if relative else (question, "")
    return re.sub(r"\bsig\b", "er", REFLEXIVE.sub(lambda m: OUR[m.group(0)], main)) + rest


def _completed(item: str, who: str, lead: str) -> list[str] | None:
    """A list item that completes its lead-in's verb or "att": "Bolaget ska till kommunstyrelsen lämna:"
    + "delårsrapport per den 31 augusti" → "Har bolaget lämnat delårsrapport per den 31 augusti?",
    "Chefer har ansvar för att:" + "nyanställda får en introduktion" → "Har ni sett till att …?"."""
    words = lead.rstrip(": ").split()
    if words and words[-1].lower() == "att":
        return [f"Har {who} sett till att {item}?"]
    if RESPONSIBLE_FOR.search(lead.rstrip(": ") + " "):  # "Nämnden ansvarar för:" + "bygglov och rivningslov"
        return [f"Har {who} tagit ansvar för {item}?"]
    form = supine(words[-1].lower()) if words and _infinitive(words[-1].lower()) else None
    return [f"Har {who} {form} {item}?"] if form else None


def question(quote: str, kinds: list[str], clause: bool) -> tuple[str, bool]:
    """The first question of a duty (`questions`)."""
    return questions(quote, kinds, clause)[0]


def goal_question(goal: str, short: str) -> str:
    """What the unit did for a goal, not an opinion of it; the goal quoted whole when it is short."""
    return f"Har ni under året genomfört åtgärder för målet ”{_bare(goal) if len(goal) <= 110 else short}”?"


def title(text: str, limit: int = 70) -> str:
    """A short title: the text up to its first comma, or cut at a word before `limit`."""
    text = _bare(text)
    text = text[0].upper() + text[1:] if text else text
    first = text.split(",")[0]
    if len(first) <= limit:
        return first
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _bare(text: str) -> str:
    return re.sub(r"[.,;:]+$", "", text.strip())
