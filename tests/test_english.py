"""In the English UI nothing is Swedish except content: every page each role can reach, crawled."""
import html
import json
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from survey.store import db as store_db
from tests.helpers import ROOT
from tests.web import csrf_token, login

# Swedish words of the interface: none may remain once content (questions, quotes, names, answers) is taken away.
SWEDISH = ["och", "är", "inte", "för", "med", "eller", "till", "av", "Spara", "Sparat", "Lämna", "Avsnitt",
           "Omgång", "omgång", "omgången", "Enhet", "enhet", "Enheter", "enheter", "Logga", "Utkast", "Inlämnad",
           "påbörjad", "Uppfyllt", "uppfyllt", "tillämplig", "Tillämpliga", "Måluppfyllelse", "Förändring",
           "sparning", "sparningar", "Rapporter", "Samordna", "Personer", "Meddelanden", "Historik", "Resultat",
           "Hela kommunen", "nämnd", "förvaltning", "bolag", "kommunstyrelse", "krav", "Krav", "Mål"]
WORDS = re.compile(r"(?<![\wåäöÅÄÖ])(" + "|".join(map(re.escape, SWEDISH)) + r")(?![\wåäöÅÄÖ])")
ROLES = {"admin": "admin@demo.se", "coordinator": "samordnare@falkoping.demo.se",
         "manager": "chef.socialnamnden@falkoping.demo.se"}
SKIP = re.compile(r"(export\.|tabell\.|logg\.csv|arsredovisning\.|/logga-ut|/sprak|\.(csv|xlsx|json|docx|pdf|zip)\b)")
MAX_PAGES = 120


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.fixture
def content_strings(app) -> list[str]:
    """Every text that is content: the content files, and what the database holds (names, answers, emails)."""
    found = []
    for folder in ("questionnaires", "rules", "reports"):
        for path in (ROOT / folder).glob("*.json"):
            found += _strings(json.loads(path.read_text(encoding="utf-8")))
    db = store_db.connect(app.config["DATABASE"])
    for sql in ("select name from organisations", "select name from units", "select name from users",
                "select title from policies", "select title from rounds", "select answers from responses",
                "select subject || ' ' || body from messages", "select email from users"):
        for (value,) in db.execute(sql).fetchall():
            found += _strings(json.loads(value)) if sql.startswith("select answers") else [value]
    db.close()
    pieces = {s.strip() for s in found for s in [s, *re.split(r"[\n.;:]\s*", s)] if len(s.strip()) >= 3}
    return sorted(pieces, key=len, reverse=True)


def _visible(page: str) -> str:
    page = re.sub(r"<(script|style|code)\b.*?</\1>", " ", page, flags=re.S)  # code: literal data, not words
    attributes = " ".join(re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + attributes)


def _links(page: str, here: str) -> list[str]:
    found = []
    for href in re.findall(r'href="([^"#]+)', page):
        url = urljoin(here, html.unescape(href))
        parts = urlsplit(url)
        if parts.netloc in ("", "localhost") and parts.path.startswith("/") and not SKIP.search(url):
            found.append(parts.path + ("?" + parts.query if parts.query else ""))
    return found


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_page_a_role_reaches_in_english_has_no_swedish_outside_content(client, content_strings, role):
    login(client, ROLES[role])
    start = client.get("/", follow_redirects=True)
    client.post("/sprak", data={"lang": "en", "next": "/", "csrf_token": csrf_token(start.text)})
    seen, queue, leaks = set(), deque(["/"]), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        page = client.get(url, follow_redirects=True)
        if page.status_code != 200 or "text/html" not in page.content_type:
            continue
        assert '<html lang="en">' in page.text, url
        text = _visible(page.text)
        for piece in content_strings:
            if piece in text:
                text = text.replace(piece, " ")
        words = sorted(set(WORDS.findall(text)))
        if words:
            leaks[url] = words
        queue.extend(link for link in _links(page.text, url) if link not in seen)
    assert len(seen) > 3, "the crawl reached too few pages"
    assert not leaks, "Swedish interface words in the English UI:\n" + "\n".join(
        f"  {url}: {', '.join(words)}" for url, words in sorted(leaks.items()))
