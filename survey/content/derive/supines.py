"""Swedish supines ("fastställt", "upprättat", "tillsatt") for turning duties into questions.

The word list `supines.txt` (infinitive and supine, one pair a line) is built offline from
the Swedish forms shipped in simplemma (MIT): candidate supines are generated from each
infinitive by the conjugation rules below and a candidate is kept only when the word list
knows it as a form of that verb. Run `python -m survey.content.derive.supines` (with
simplemma installed) to rebuild it; at run time only the text file is read.

Licence of the word list: simplemma's code is MIT, but its Swedish data come from the
Lemmatization lists by Michal Měchura (Open Database License 1.0), Wiktionary via Kaikki
(CC BY-SA) and other sources; `supines.txt`, derived from them, is offered under the ODbL
1.0 with that attribution (see simplemma's `licenses` folder).
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

WORDS = Path(__file__).with_name("supines.txt")
IRREGULAR = {
    "ha": "haft", "vara": "varit", "göra": "gjort", "ta": "tagit", "dra": "dragit", "ge": "gett",
    "se": "sett", "gå": "gått", "stå": "stått", "få": "fått", "be": "bett", "bli": "blivit",
    "säga": "sagt", "lägga": "lagt", "välja": "valt", "sälja": "sålt", "vilja": "velat",
    "kunna": "kunnat", "veta": "vetat", "stödja": "stött", "bidra": "bidragit", "anta": "antagit",
    "leda": "lett", "tillsätta": "tillsatt", "hålla": "hållit", "känna": "känt", "slå": "slagit",
    "föreslå": "föreslagit", "avslå": "avslagit", "anslå": "anslagit", "vidta": "vidtagit", "iaktta": "iakttagit",
    "åta": "åtagit",
}
ABLAUT = [("i", "u"), ("ä", "a"), ("ä", "å"), ("y", "u"), ("i", "e"), ("a", "u"), ("å", "u")]


def candidates(infinitive: str) -> list[str]:
    """Supine forms the conjugation rules allow, most likely first."""
    if not infinitive.endswith("a"):
        return [infinitive + "tt"]
    stem = infinitive[:-1]
    plain = [stem + "at", stem + "t", stem + "it"]
    if stem.endswith(("d", "t")):
        plain.append(stem[:-1] + "tt" if stem[-2:-1] in "aeiouyåäö" else stem[:-1] + "t")
    vowel = re.search(r"[aeiouyåäö](?=[^aeiouyåäö]*$)", stem)
    if vowel:
        at = vowel.start()
        for old, new in ABLAUT:
            if stem[at] == old:
                changed = stem[:at] + new + stem[at + 1:]
                plain += [changed + "it", changed + "t"]
    collapsed = (re.sub(r"(.)\1\1", r"\1\1", c) for c in plain)
    return [c for c in collapsed if c != stem or not stem.endswith(("tt", "dd"))]


@cache
def table() -> dict[str, str]:
    """Infinitive → supine, read once from the word list."""
    pairs = (line.split("\t") for line in WORDS.read_text(encoding="utf-8").splitlines() if line)
    return {**dict(pairs), **IRREGULAR}


PRESENT = {"gör": "göra", "har": "ha", "är": "vara"}
NOT_PRESENT = {"för", "var", "där", "här", "nur", "ur", "bör", "inför"}  # a stem in r, or a preposition or adverb


def infinitive(word: str) -> str | None:
    """The infinitive of a verb written as an infinitive or in the present tense ("samordnar" →
    "samordna", "leder" → "leda", "ser" → "se", "gör" → "göra"), or None when the word list does
    not know it."""
    word = word.lower().strip(",.")
    if word in PRESENT:
        return PRESENT[word]
    candidates = [word] + ([word[:-1]] if word.endswith("r") else []) + ([word[:-2] + "a"] if word.endswith("er") else []) \
        + ([word + "a"] if word.endswith("r") and word not in NOT_PRESENT else [])  # "begär", "kör": a stem in r
    known = table()
    if word.endswith("as") and word[:-1] in known:
        return word  # a deponent verb, "träffas", "samverkas": its own infinitive
    return next((c for c in candidates if c in known or any(c.endswith(verb) and len(c) >= len(verb) + 2
                                                         for verb in IRREGULAR if len(verb) >= 4)), None)


def is_verb(word: str) -> bool:
    """A verb as written first in a task: "samordna", "samordnar", "leder", "ser", "gör"."""
    return infinitive(word) is not None


@cache
def _supines() -> frozenset[str]:
    return frozenset(table().values())


def is_supine(word: str) -> bool:
    """A supine, also of a compound ("genomgått"): after "ha" it makes the perfect, a thing done."""
    word = word.lower().strip(",.")
    return any(word[cut:] in _supines() for cut in range(0, max(1, len(word) - 3)))


def supine(infinitive: str) -> str | None:
    """The supine of a verb (also a compound: "fast|ställa"), or None when it is not known."""
    word = infinitive.lower()
    known = table()
    if word in known:
        return known[word]
    if word.endswith("as") and word[:-1] in known:
        return known[word[:-1]] + "s"  # "träffas" → "träffats"
    for cut in range(1, len(word) - 2):
        tail = word[cut:]
        if tail in known and len(tail) >= 3:
            return word[:cut] + known[tail]
    return None


def build() -> dict[str, str]:
    """Infinitive → supine for every verb whose supine the simplemma word list confirms."""
    from simplemma.strategies.dictionaries.dictionary_factory import (
        DefaultDictionaryFactory,
    )

    forms = DefaultDictionaryFactory().get_dictionary("sv")
    lemma_of = {form: lemma for form, lemma in forms.items()}
    found = {}
    for infinitive in sorted(set(lemma_of.values())):
        if not infinitive.isalpha() or not infinitive.islower() or len(infinitive) < 2:
            continue
        stem = infinitive[:-1]
        for form in candidates(infinitive):
            lemma = lemma_of.get(form)
            if lemma == infinitive or (lemma and lemma != form and lemma in (stem + "ad", stem + "d")):
                found[infinitive] = form
                break
    return found


if __name__ == "__main__":
    pairs = build()
    WORDS.write_text("".join(f"{inf}\t{sup}\n" for inf, sup in sorted(pairs.items())), encoding="utf-8")
    print(f"{len(pairs)} verb i {WORDS}")
