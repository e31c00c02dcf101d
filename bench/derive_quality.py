"""Benchmark: how well `derive` reads policies it was not written for (issue 18).

Every document of the corpus (tests/corpus/: a development half, a held-out half, and the halves
written blind since, each opened for tuning once it had been measured or kept sealed and reported
only; see its README) is built as DOCX, PDF and a messy PDF and derived; the draft is compared with
the document's hand-made answer key. Per document and format, and summed per half and format:

- goals: recall of the key's goals (found as a derived goal);
- duties: recall of the key's duties found as a responsibility requirement with the right actor;
- precision: derived goals and requirements whose quote matches a key item of any class
  (goal, duty, either, optional), or is a part of one (one task of a cell that lists several), over
  all derived;
- metadata: fields right out of 8 (a null is right only when the key's is null);
- quotes: derived quotes not found verbatim in the derived policy text;
- lint: `survey lint` findings on the draft written to a temporary content folder;
- neutral: duty questions in the general wording ("… gjort det som policyn kräver här"), where no
  rule could word the duty, over all duty questions;
- seconds for the derive.

Matching: texts are normalised (case, whitespace, hyphenated line breaks, quotes, dashes, a
leading bullet/number/letter, trailing punctuation). A derived item matches a key item when
one contains the other (the shorter at least 3 words) or when their word sets overlap by at
least OVERLAP (Jaccard). Each derived item is credited to at most one key item, best scores
first, so a paragraph glued into one quote finds one item, not all. The actor is right when
the derived `applies_to` kinds equal the key's and, for a key with a tag, the head noun of the
key's words (the last word before a preposition: "chef" in "varje chef med personalansvar")
begins, or is begun by, a word of a derived tag or unit name (at least 3 letters in common), or one ends with
the other, a compound's head ("pensionärsrådet" for "Rådet"; at least 4 letters), or the key's head is the
initials of a derived tag ("MAS" for "medicinskt-ansvarig-sjuksköterska"); a key's "Bolaget" (an
ägardirektiv's name for its company) is right for a derived tag that names a company ("… AB").

Derived items are read only from the draft's public content: `ruleset["requirements"]` (kind
`responsibility` or `goal`, `source`, `applies_to`, `applies_to_tags`, `applies_to_units`) and
`questionnaire["x-policy"]` (goals and metadata).

`python bench/derive_quality.py [--quick] [--half NAME] [--format docx|pdf|messy] [--doc NAME] [--details]`:
--details lists, for the halves opened for development only (`corpus.OPENED` and the development
half), each key item missed, each derived item that matches nothing and each metadata field wrong; the
held-out, untouched and sealed halves are never itemised. The targets are checked on the held-out half;
the other halves' figures are held against the same targets and printed, but never decide the exit status.
"""
from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "tests"))  # after bench/: tests/web.py must not shadow bench/web.py

import corpus  # noqa: E402
import documents  # noqa: E402

from survey.content.derive.wording import NEUTRAL  # noqa: E402

FORMATS = ("docx", "pdf", "messy")
OVERLAP = 0.6
FIELDS = ("municipality", "title", "adopted_by", "adopted_date", "adopted_paragraph", "replaces",
          "revision", "follow_up")
TARGETS = {"goals": 90.0, "duties": 90.0, "precision": 90.0, "metadata": 90.0}
MESSY_GAP = 5.0
ITEMISED = ("dev", *corpus.OPENED)  # the halves whose misses may be read: tuned on, so no measurement
QUICK = ("integration-lidsjo", "krisberedskap", "arbetsmiljo")
PREPOSITIONS = {"med", "för", "i", "inom", "på", "av", "vid", "om", "till"}


# --- matching -----------------------------------------------------------------------------

def normalise(text: str) -> str:
    text = text.replace("\u00ad", "").translate(str.maketrans("”“„’‘´`–—", "\"\"\"''''--"))
    text = re.sub(r"(?<=[a-zåäö])-\s*\n\s*(?=[a-zåäö])", "", text)
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]", "", text)
    text = re.sub(r"\s+", " ", text).strip().lower()
    text = re.sub(r"^(?:[•▪●◦\-*]|\d+[.)]|[a-z]\))\s+", "", text)
    return text.rstrip(" .,;:")


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def score(a: str, b: str) -> float:
    """How well two normalised texts match: 0.9–1 for containment, else the word overlap
    when it reaches OVERLAP, else 0."""
    shorter, longer = sorted((a, b), key=len)
    if not shorter:
        return 0.0
    if len(shorter.split()) >= 3 and shorter in longer:
        return 0.9 + 0.1 * len(shorter) / len(longer)
    wa, wb = words(a), words(b)
    jaccard = len(wa & wb) / len(wa | wb) if wa | wb else 0.0
    return jaccard if jaccard >= OVERLAP else 0.0


def assign(derived: list[dict], key_items: list[dict]) -> dict[int, int]:
    """derived index → key index, one to one, best scores first."""
    pairs = sorted(((score(d["norm"], k["norm"]), i, j) for i, d in enumerate(derived)
                    for j, k in enumerate(key_items)), reverse=True)
    taken_d, taken_k, out = set(), set(), {}
    for value, i, j in pairs:
        if value <= 0:
            break
        if i not in taken_d and j not in taken_k:
            out[i] = j
            taken_d.add(i)
            taken_k.add(j)
    return out


COMPANY_FORMS = {"ab", "hb", "kb", "ek.", "ekonomisk"}


def head_noun(tag: str) -> str:
    """The last word before a preposition or a relative clause, its last hyphen part: "chef" in "varje
    chef med personalansvar", "medarbetare" in "alla medarbetare som arbetar med …", "verksamhet" in "Den
    verksamhet där verket är placerat", "avdelningen" in "HR-avdelningen", "stab" in "Kommundirektörens stab",
    "Vatten" in "Storåsa Vatten AB", "medarbetare" in "Du som medarbetare"."""
    tokens = tag.lower().translate(str.maketrans("éü", "eu")).split()
    if tokens[:2] in (["du", "som"], ["ni", "som"]):  # "Du som medarbetare": a medarbetare
        tokens = tokens[2:]
    if tokens[:3] in (["den", "som", "är"], ["de", "som", "är"]):  # "den som är dataansvarig": a dataansvarig
        tokens = tokens[3:]
    before = []
    for token in tokens:
        if (token in PREPOSITIONS or token in ("som", "där", "vars")) and before:
            break
        before.append(token)
    while len(before) > 1 and before[-1] in COMPANY_FORMS:
        before.pop()
    return before[-1].split("-")[-1] if before else ""


def same_noun(a: str, b: str) -> bool:
    """The same head noun: one begins the other ("chef", "chefen"), a compound ends with the other, its
    head ("pensionärsrådet" is a "rådet", "räddningsförbundet" a "förbundet"), or both are forms of one
    noun ("nämnden", "nämnderna")."""
    shorter, longer = sorted((a, b), key=len)
    return a == b or len(shorter) >= 3 and longer.startswith(shorter) or len(shorter) >= 4 and longer.endswith(shorter) \
        or len(_stem(a)) >= 5 and _stem(a) == _stem(b)  # "stadsdelsnämnderna" and "stadsdelsnämnden"


def _stem(noun: str) -> str:
    """A noun without its definite or plural ending."""
    return re.sub(r"(erna|arna|orna|na|en|et|er|ar|or|n)$", "", noun)


def actor_right(key_actor: dict, item: dict) -> bool:
    if set(key_actor["kinds"]) != set(item["kinds"]):
        return False
    if not key_actor.get("tag"):
        return True
    # a key naming two bodies ("Hälso- och sjukvårdsnämnden och tandvårdsnämnden") is right for either
    heads = {head_noun(body) for body in re.split(r"\s+och\s+(?=\S+$)|,\s+", key_actor["tag"])}
    parts = {p for name in item["tags"] for p in re.split(r"[-\s_]+", name.lower().translate(str.maketrans("éü", "eu")))
             if p}
    initials = {"".join(p[0] for p in re.split(r"[-\s_]+", name) if p) for name in item["tags"]}
    return "bolaget" in heads and bool(parts & COMPANY_FORMS) \
        or any(same_noun(head, part) for head in heads for part in parts) \
        or any(len(head) >= 2 and head in initials for head in heads)  # "MAS": "medicinskt-ansvarig-sjuksköterska"


# --- reading a draft ----------------------------------------------------------------------

def derived_items(result) -> list[dict]:
    """Goals and requirements of a draft, each once: (class, quote, kinds, tags)."""
    seen, out = set(), []
    policy = result.questionnaire.get("x-policy", {})
    candidates = [("goal", g.get("source") or "", [], []) for g in policy.get("goals", [])]
    for requirement in result.ruleset.get("requirements", []):
        cls = "duty" if requirement.get("kind") == "responsibility" else "goal"
        candidates.append((cls, requirement.get("source") or "", requirement.get("applies_to") or [],
                           (requirement.get("applies_to_tags") or []) + (requirement.get("applies_to_units") or [])))
    for cls, quote, kinds, tags in candidates:
        norm = normalise(quote)
        if (cls, norm) in seen:
            continue
        seen.add((cls, norm))
        out.append({"class": cls, "quote": quote, "norm": norm, "kinds": kinds, "tags": tags})
    return out


from survey.content.derive.draft import PLACEHOLDER  # noqa: E402


def metadata_right(key: dict, policy: dict) -> dict[str, bool]:
    out = {}
    for name in FIELDS:
        want, got = key.get(name), policy.get(name)
        got = None if got == PLACEHOLDER else got  # the draft's mark for "not found": the workshop asks for it
        if name == "follow_up":
            out[name] = bool(got) == bool(want)
        elif want is None or not got:
            out[name] = want is None and not got
        elif name == "revision":
            out[name] = (got.get("rule") == want["rule"] and got.get("years") == want.get("years")
                         and (want["rule"] != "date" or str(got.get("date")) == want["date"]))
        elif name == "adopted_paragraph":
            out[name] = re.sub(r"\D", "", str(got)) == re.sub(r"\D", "", want)
        elif name == "replaces":
            out[name] = score(normalise(str(got)), normalise(want)) > 0
        else:
            out[name] = normalise(str(got)) == normalise(str(want))
    return out


def lint_findings(result) -> int:
    from survey.content import lint

    with tempfile.TemporaryDirectory() as folder:
        documents.write_derived(Path(folder), result)
        return len(lint.lint(Path(folder)))


# --- one document in one format -----------------------------------------------------------

def evaluate(path: Path, fmt: str) -> dict:
    from survey.content.derive import Derived, derive

    key = corpus.key(path)
    data, filename = corpus.build(corpus.load(path), fmt)
    start = time.perf_counter()
    result = derive(data, filename)
    seconds = time.perf_counter() - start
    key_items = [dict(item, cls=cls, norm=normalise(item["text"]))
                 for cls in ("goals", "duties", "either", "optional") for item in key[cls]]
    row = {"doc": path.stem, "half": path.parent.name, "format": fmt, "seconds": seconds,
           "goals_total": len(key["goals"]), "duties_total": len(key["duties"]),
           "goals": 0, "duties": 0, "duties_any_actor": 0, "derived": 0, "matched": 0,
           "metadata": 0, "quotes": 0, "lint": 0, "asked": 0, "neutral": 0, "failure": "", "missed": [], "spurious": [],
           "actors": [], "fields": []}
    if not isinstance(result, Derived):
        row["failure"] = getattr(result, "code", None) or type(result).__name__
        row["metadata"] = sum(v is None or (k == "follow_up" and not v) for k, v in key["metadata"].items())
        row["missed"] = [k["text"] for k in key_items if k["cls"] in ("goals", "duties")]
        return row
    derived = derived_items(result)
    matches = assign(derived, key_items)
    # a derived item matches when it is credited to a key item, or is a part of one (one task of a cell
    # that lists several: derive asks each on its own)
    right = set(matches) | {i for i, d in enumerate(derived) if len(d["norm"].split()) >= 3
                            and any(d["norm"] in k["norm"] for k in key_items)}
    row["derived"], row["matched"] = len(derived), len(right)
    found = {j: derived[i] for i, j in matches.items()}
    for j, item in enumerate(key_items):
        got = found.get(j)
        if item["cls"] == "goals" and got and got["class"] == "goal":
            row["goals"] += 1
        elif item["cls"] == "duties" and got and got["class"] == "duty":
            row["duties_any_actor"] += 1
            if actor_right(item["actor"], got):
                row["duties"] += 1
            else:
                row["actors"].append((item["text"], item["actor"], got["kinds"], got["tags"]))
        elif item["cls"] in ("goals", "duties"):
            row["missed"].append(item["text"] + (f"  [found as {got['class']}]" if got else ""))
    row["spurious"] = [d["quote"] for i, d in enumerate(derived) if i not in right]
    policy = result.questionnaire.get("x-policy", {})
    right = metadata_right(key["metadata"], policy)
    row["metadata"] = sum(right.values())
    row["fields"] = [(name, key["metadata"].get(name), policy.get(name)) for name, ok in right.items() if not ok]
    row["quotes"] = sum(1 for d in derived if d["quote"] not in result.text)
    row["lint"] = lint_findings(result)
    asked = [q["title"] for name, section in result.questionnaire["properties"].items() if name.startswith("ansvar")
             for q in section["properties"].values() if "oneOf" in q]
    row["asked"], row["neutral"] = len(asked), sum(NEUTRAL in title for title in asked)
    return row


# --- reporting ----------------------------------------------------------------------------

def percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def figures(rows: list[dict]) -> dict:
    total = lambda name: sum(r[name] for r in rows)  # noqa: E731
    return {"goals": percent(total("goals"), total("goals_total")),
            "duties": percent(total("duties"), total("duties_total")),
            "precision": percent(total("matched"), total("derived")),
            "metadata": percent(total("metadata"), len(FIELDS) * len(rows)),
            "quotes": total("quotes"), "lint": total("lint"), "seconds": total("seconds"),
            "neutral": percent(total("neutral"), total("asked")),
            "failures": sum(1 for r in rows if r["failure"]), "documents": len(rows)}


def shown(value: float | None) -> str:
    return "   –  " if value is None else f"{value:5.1f}%"


def line(label: str, f: dict) -> str:
    return (f"  {label:<28} goals {shown(f['goals'])}  duties {shown(f['duties'])}  precision {shown(f['precision'])}"
            f"  metadata {shown(f['metadata'])}  quotes {f['quotes']:3d}  lint {f['lint']:3d}"
            f"  neutral {shown(f['neutral'])}"
            f"  failed {f['failures']:2d}  {f['seconds']:5.2f} s")


def report(rows: list[dict], details: bool) -> dict:
    print("derive quality on the corpus (tests/corpus/): recall of goals, of duties with their actor,"
          " precision, metadata")
    print("per document (docx / pdf / messy): goals found/key, duties with actor/key, matched/derived,"
          " metadata/8, quotes not in text, lint")
    for doc in sorted({(r["half"], r["doc"]) for r in rows}):
        cells = []
        for r in (r for r in rows if (r["half"], r["doc"]) == doc):
            cells.append(r["failure"][:22] if r["failure"] else
                         f"G{r['goals']}/{r['goals_total']} D{r['duties']}/{r['duties_total']}"
                         f" P{r['matched']}/{r['derived']} M{r['metadata']} Q{r['quotes']} L{r['lint']}")
        print(f"  {doc[0]:<7} {doc[1]:<22} " + " | ".join(f"{c:<30}" for c in cells))
    summary = {}
    print("per half and format")
    for half in corpus.REPORTED:
        for fmt in FORMATS:
            selected = [r for r in rows if r["half"] == half and r["format"] == fmt]
            if selected:
                summary[half, fmt] = figures(selected)
                print(line(f"{half} {fmt}", summary[half, fmt]))
        selected = [r for r in rows if r["half"] == half]
        if selected:
            summary[half, "all"] = figures(selected)
            print(line(f"{half} all formats", summary[half, "all"]))
    if details:
        for r in rows:
            if r["half"] not in ITEMISED or not (r["missed"] or r["spurious"] or r["actors"] or r["fields"]):
                continue
            print(f"\n  {r['doc']} ({r['format']})")
            for text in r["missed"]:
                print(f"    missed:   {text}")
            for text, want, kinds, tags in r["actors"]:
                print(f"    actor:    {text[:70]} — key {want['kinds']} {want['tag'] or ''}; derived {kinds} {tags}")
            for text in r["spurious"]:
                print(f"    spurious: {text}")
            for name, want, got in r["fields"]:
                print(f"    metadata: {name} — key {want!r}; derived {got!r}")
    return summary


def reaches_targets(summary: dict, half: str) -> bool | None:
    """Whether one half's figures reach the targets (None when the run has none of its
    documents), printing how far the messy PDF falls below the clean formats."""
    whole = summary.get((half, "all"))
    if whole is None:
        return None
    met = all((whole[name] or 0) >= target for name, target in TARGETS.items())
    met = met and whole["quotes"] == 0 and whole["lint"] == 0
    messy = summary.get((half, "messy"))
    for name in TARGETS:
        clean = [summary[(half, fmt)][name] for fmt in ("docx", "pdf") if (half, fmt) in summary]
        if messy and clean and messy[name] is not None and None not in clean:
            gap = sum(clean) / len(clean) - messy[name]
            met = met and gap <= MESSY_GAP
            print(f"  {half} messy PDF {name}: {gap:+.1f} points below the clean formats")
    return met


def targets_met(summary: dict) -> bool:
    """The held-out half decides; the fresh and unseen halves are only reported against the
    same targets."""
    print(f"targets on the held-out half: goals ≥ {TARGETS['goals']:.0f}%, duties with actor ≥"
          f" {TARGETS['duties']:.0f}%, precision ≥ {TARGETS['precision']:.0f}%, metadata ≥"
          f" {TARGETS['metadata']:.0f}%, 0 quotes not in the text, 0 lint findings, messy PDF within"
          f" {MESSY_GAP:.0f} points of DOCX and PDF")
    met = reaches_targets(summary, "heldout")
    print("  no held-out documents in this run" if met is None else "  met" if met else "  not met")
    for half in corpus.LATER:
        reached = reaches_targets(summary, half)
        if reached is not None:
            print(f"  {half} half (reported only, never decides):"
                  f" {'reaches' if reached else 'does not reach'} the same targets")
    return bool(met)


def run(quick: bool = False, halves=corpus.REPORTED, formats=FORMATS, only: str | None = None,
        details: bool = False) -> bool:
    paths = [p for half in halves for p in corpus.sources(half)]
    if quick:
        paths = [p for p in paths if p.stem in QUICK]
    if only:
        paths = [p for p in paths if p.stem == only]
    start = time.perf_counter()
    rows = [evaluate(path, fmt) for path in paths for fmt in formats]
    summary = report(rows, details)
    print(f"  {len(rows)} derives in {time.perf_counter() - start:.1f} s (building the documents included)")
    return targets_met(summary)


def main(arguments: list[str]) -> int:
    def value(flag: str) -> str | None:
        return arguments[arguments.index(flag) + 1] if flag in arguments else None

    half, fmt = value("--half"), value("--format")
    met = run(quick="--quick" in arguments, halves=(half,) if half else corpus.REPORTED,
              formats=(fmt,) if fmt else FORMATS, only=value("--doc"), details="--details" in arguments)
    return 0 if met or "--quick" in arguments else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
