"""The derive corpus (tests/corpus/): the split is the one recorded, every key is well formed
and quotes its document verbatim, and every format carries the text of every key item."""
import io
import random
import re

import pytest

import corpus

KINDS = {"kommunstyrelse", "nämnd", "förvaltning", "bolag"}
METADATA = {"municipality", "title", "adopted_by", "adopted_date", "adopted_paragraph", "replaces",
            "revision", "follow_up"}
# The plan the split was made from (tests/corpus/README.md): each document's primary trait.
PLAN = {
    "prose": ["barnratt", "integration-prosa", "landsbygd", "friskvard"],
    "table": ["mangfald", "kommunikation", "lonepolicy", "jamstalldhet-tabell", "arbetsmiljo", "personuppgifter"],
    "toc": ["tillganglighet", "sakerhet", "minoriteter", "krisberedskap"],
    "skall": ["jamstalldhet-fotnot", "upphandling", "mutor-jav", "foreningsstod"],
    "region_stad": ["miljo-region", "digitalisering-region", "naringsliv-stad", "klimat-region", "service-stad",
                    "folkhalsa-region"],
    "plain": ["integration-lidsjo", "informationssakerhet", "alkohol-droger", "sociala-medier"],
}
ALL = [path for half in corpus.REPORTED for path in corpus.sources(half)]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_split_is_the_recorded_rule():
    rng = random.Random(18)
    halves = {"dev": set(), "heldout": set()}
    for stratum in sorted(PLAN):
        names = sorted(PLAN[stratum])
        rng.shuffle(names)
        for n, name in enumerate(names):
            halves["dev" if n % 2 == 0 else "heldout"].add(name)
    for half, names in halves.items():
        present = {path.stem for path in corpus.sources(half)}
        assert present == names, (half, sorted(present ^ names))


def test_the_fresh_half_stands_apart_from_the_split():
    """The fresh half (written blind after all tuning) shares no name with the split's plan."""
    fresh = {path.stem for path in corpus.sources(corpus.FRESH)}
    planned = {name for names in PLAN.values() for name in names}
    assert len(fresh) == 10 and not fresh & planned


def test_the_unseen_half_stands_apart_from_every_other_half():
    """The unseen half (written blind once the fresh half was opened for tuning) shares no name
    with the split's plan or the fresh half."""
    unseen = {path.stem for path in corpus.sources(corpus.UNSEEN)}
    planned = {name for names in PLAN.values() for name in names}
    fresh = {path.stem for path in corpus.sources(corpus.FRESH)}
    assert len(unseen) == 10 and not unseen & (planned | fresh)


@pytest.mark.parametrize("half", [half for half in corpus.LATER if half not in (corpus.FRESH, corpus.UNSEEN)])
def test_a_later_blind_half_stands_apart_from_every_other_half(half):
    """The blind half (written once the unseen half was opened for tuning), the untouched half
    (once the blind half was), and the practice and sealed halves (by two new writers, once the
    untouched half had been looked at) share no name with any other half."""
    names = {path.stem for path in corpus.sources(half)}
    others = {path.stem for other in corpus.REPORTED if other != half for path in corpus.sources(other)}
    assert len(names) >= 10 and not names & others


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_key_is_well_formed_and_quotes_the_text(path):
    key = corpus.key(path)
    text = flat(corpus.plain_text(corpus.load(path)))
    assert set(key["metadata"]) == METADATA
    revision = key["metadata"]["revision"]
    assert revision is None or revision["rule"] in ("years", "mandate_period", "date")
    assert key["metadata"]["title"] and key["metadata"]["title"] in text
    for cls in ("goals", "duties", "either", "optional"):
        for item in key[cls]:
            assert flat(item["text"]) in text, (cls, item["text"])
    for duty in key["duties"]:
        actor = duty["actor"]
        assert set(actor["kinds"]) <= KINDS and (actor["kinds"] or actor["tag"]), duty
    assert key["goals"] or key["duties"]


def test_every_format_carries_the_key_items():
    """One document with a table of contents, a table, lists and a footnote mark, in every format."""
    import docx
    import pdfplumber

    for name in ("krisberedskap", "jamstalldhet-fotnot", "arbetsmiljo"):
        path = corpus.CORPUS / "dev" / f"{name}.txt"
        doc, key = corpus.load(path), corpus.key(path)
        words = {w for item in key["goals"] + key["duties"] for w in re.findall(r"\w{4,}", item["text"])}
        for fmt in ("docx", "pdf", "messy"):
            data, filename = corpus.build(doc, fmt)
            if fmt == "docx":
                document = docx.Document(io.BytesIO(data))
                text = "\n".join([p.text for p in document.paragraphs]
                                 + [c.text for t in document.tables for r in t.rows for c in r.cells])
            else:
                with pdfplumber.open(io.BytesIO(data)) as pdf:
                    text = "\n".join(page.extract_text() or "" for page in pdf.pages)
            text = re.sub(r"-\n", "", text)
            missing = {w for w in words if w not in text}
            assert not missing, (name, fmt, sorted(missing)[:5])
            assert "(cid:" not in text, (name, fmt)


def test_messy_pdf_splits_a_list_item_over_a_page_break_and_scanned_has_no_text():
    import pdfplumber

    import corpus_pdf

    doc = corpus.load(corpus.CORPUS / "dev" / "krisberedskap.txt")
    assert corpus_pdf._straddles(corpus_pdf.layout(doc))
    with pdfplumber.open(io.BytesIO(corpus.build(doc, "scanned")[0])) as pdf:
        assert len(pdf.pages) >= 2 and not "".join(page.extract_text() or "" for page in pdf.pages).strip()
