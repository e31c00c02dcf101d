"""Helpers for driving the real app in headless Chromium (Debian's) with Playwright: serve it on a
loopback port, sign in, fill in sections like a person would, run axe-core, measure reflow.
The fixtures that use them (`browser`, `server`, `new_page`) are in conftest.py."""
from __future__ import annotations

import json
import os
import re
import threading
from collections import deque
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from survey.content import questionnaire as q
from survey.web.forms import PREFIX, control

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "demo2026"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@contextmanager
def serving(path: Path, **settings) -> Iterator[str]:
    """The real app on waitress over this database, at a free loopback port: its address."""
    from waitress.server import create_server

    from survey.web import create_app

    app = create_app({"DATABASE": str(path), "SECRET_KEY": "browser-tests"} | settings)
    wsgi = create_server(app, host="127.0.0.1", port=0, threads=4, ident="survey-test")
    thread = threading.Thread(target=wsgi.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{wsgi.effective_port}"
    finally:
        wsgi.close()
        thread.join(timeout=5)


def login(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/logga-in")
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main").get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/(samordna/)?$"))


def path(page) -> str:
    """The page's address without the fragment (a redirect keeps the fragment of the request)."""
    return page.url.partition("#")[0]


def flash(page) -> str:
    return page.locator(".flash").inner_text() if page.locator(".flash").count() else ""


# --- filling in a section like a person would -------------------------------------------

def _follow_ups(section: dict) -> dict[str, list[q.Condition]]:
    """The section's own follow-ups asked when a condition holds (`then`), with those conditions."""
    found = q.conditions({"properties": {"section": section}}, "section")
    return {name: conds for name, conds in found.items() if all(c.holds and not c.whole for c in conds)}


def _triggers(section: dict) -> dict[str, dict]:
    """For each question that controls follow-ups: one condition that makes them asked."""
    found: dict[str, dict] = {}
    for conds in _follow_ups(section).values():
        found.setdefault(conds[0].question, conds[0].rule)
    return found


def _satisfying(schema: dict, rule: dict | None, satisfy: bool = True):
    """A value for a choice, yes/no or number question that does (or does not) meet `rule`."""
    kind = control(schema)
    if kind == "boolean":
        values = ["ja", "nej"]
    elif kind == "choice":
        values = [c["const"] for c in schema["oneOf"]]
    else:
        low, high = schema.get("minimum", 0), schema.get("maximum", 1000)
        values = [str(v) for v in (max(low, 3), low, high) if low <= v <= high]
    if rule is None:
        return values[0] if satisfy else None

    def holds(text: str) -> bool:
        value = {"ja": True, "nej": False}.get(text, text) if kind == "boolean" else text
        if kind in ("integer", "number"):
            value = float(text)
        if "const" in rule:
            return value == rule["const"]
        if "enum" in rule:
            return value in rule["enum"]
        if "minimum" in rule:
            return value >= rule["minimum"]
        return value <= rule["maximum"]

    return next((v for v in values if holds(v) == satisfy), None)


def fill_question(page, name: str, schema: dict, rule: dict | None = None) -> None:
    """Answer one question with a valid value (meeting `rule` where it controls follow-ups)."""
    kind, field = control(schema), PREFIX + name
    if kind in ("choice", "boolean"):
        page.locator(f'input[name="{field}"][value="{_satisfying(schema, rule)}"]').check()
    elif kind == "checkboxes":
        for option in schema["items"]["oneOf"][:2]:
            page.locator(f'input[name="{field}"][value="{option["const"]}"]').check()
    elif kind == "integer":
        page.fill(f"#{field}", _satisfying(schema, rule))
    elif kind == "number":
        low, high = schema.get("minimum", 0), schema.get("maximum", 1000)
        page.fill(f"#{field}", "12,5" if low <= 12.5 <= high else str(low))
    elif kind == "date":
        page.fill(f"#{field}", "2026-02-10")
    elif kind == "link":
        page.fill(f"#{field}", f"https://www.example.se/dokument/{name}.pdf")
    elif kind == "textarea":
        page.fill(f"#{field}", "Vi har följt upp arbetet.\nNästa år gör vi mer.")
    elif kind == "list":
        page.locator(f'input[name^="{field}-"]').first.fill(_list_item(schema, 1))
    else:
        page.fill(f"#{field}", "Svar")


def _list_item(schema: dict, n: int) -> str:
    if schema["items"].get("format") == "uri":
        return f"https://www.example.se/underlag-{n}.pdf"
    return f"Exempel nummer {n}"


def visible(page, name: str) -> bool:
    return page.locator(f"#wrap-{PREFIX}{name}").is_visible()


def fill_section(page, section_name: str, section: dict) -> None:
    """Fill every question of the open section page, checking the follow-ups on the way."""
    follow_ups = _follow_ups(section)
    triggers = _triggers(section)
    for name in follow_ups:  # a page not yet answered: no follow-up is relevant
        assert not visible(page, name), f"{section_name}/{name} visas innan den är aktuell"
        assert page.locator(f"#wrap-{PREFIX}{name}").count() == 1  # but it is in the page (works without JS)
    for name, schema in section["properties"].items():
        if name in follow_ups:
            continue
        if name in triggers:
            dependants = [f for f, conds in follow_ups.items() if any(c.question == name for c in conds)]
            other = _satisfying(schema, triggers[name], satisfy=False)
            if other is not None:  # an answer that does not make them relevant keeps them hidden
                if control(schema) in ("integer", "number"):
                    page.fill(f"#{PREFIX}{name}", other)
                else:
                    page.locator(f'input[name="{PREFIX}{name}"][value="{other}"]').check()
                for follow in dependants:
                    assert not visible(page, follow), f"{section_name}/{follow} visas för svaret {other!r}"
            fill_question(page, name, schema, triggers[name])
            for follow in dependants:
                page.locator(f"#wrap-{PREFIX}{follow}").wait_for(state="visible")
        else:
            fill_question(page, name, schema)
    for name in follow_ups:
        if visible(page, name):
            fill_question(page, name, section["properties"][name])


def add_list_rows(page, section: dict) -> int:
    """For each list question: 'save and add a row', then type into the new row."""
    added = 0
    for name, schema in section["properties"].items():
        if control(schema) != "list" or not visible(page, name):
            continue
        rows = page.locator(f'input[name^="{PREFIX}{name}-"]')
        before = rows.count()
        page.locator(f'button[name="x-action"][value="add:{name}"]').click()
        page.wait_for_load_state()
        assert "Sparat" in flash(page)
        assert rows.count() > before, f"{name}: ingen ny rad"
        assert rows.first.input_value() == _list_item(schema, 1)  # what was typed was saved
        rows.nth(1).fill(_list_item(schema, 2))
        added += 1
    return added


def open_questionnaire(page) -> tuple[str, str]:
    """From the home list, the first 2026 response not started (else a draft): (overview url, heading)."""
    page.goto("/")
    rows = page.locator("main table tbody tr")
    for wanted in ("Ej påbörjad", "Utkast"):
        row = rows.filter(has_text="2026").filter(has_text=wanted).first
        if row.count():
            row.locator("a").first.click()
            page.wait_for_url(re.compile(r"/svar/\d+/\d+/$"))
            return page.url, page.locator("h1").inner_text()
    raise AssertionError("ingen ej påbörjad självskattning 2026 för chefen")


def questionnaire_for(path: str, unit_kind: str) -> dict:
    body = json.loads((ROOT / "questionnaires" / path).read_text(encoding="utf-8"))
    return q.for_unit(body, {"kind": unit_kind})


def unavailable(reason: str):
    """Skip on a developer's machine; fail in CI, where the browser must be there."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: webbläsartesterna får inte hoppas över)", pytrace=False)
    pytest.skip(reason)


class Audit:
    """Runs axe-core on pages and gathers the WCAG 2.1 A/AA violations of all of them (`tags`: others too)."""

    def __init__(self, tags: list[str] | None = None):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.tags = tags or WCAG_TAGS
        self.found: list[str] = []
        self.pages: list[str] = []

    def check(self, page, what: str) -> None:
        page.wait_for_load_state()
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": self.tags},
                                              "resultTypes": ["violations"]})
        self.pages.append(what)
        for violation in results.response["violations"]:
            for node in violation["nodes"]:
                self.found.append(f"{what} ({page.url}): {violation['id']} [{violation['impact']}] "
                                  f"{violation['help']}: {' '.join(map(str, node['target']))}\n"
                                  f"    {node['html'][:200]}\n    {node.get('failureSummary', '')}")

    def assert_clean(self) -> None:
        assert not self.found, f"{len(self.found)} brister enligt axe-core:\n" + "\n".join(self.found)


NARROW = {"width": 320, "height": 640}
NOT_PAGES = re.compile(r"/(export|tabell|arsredovisning|logg|atgarder|underlag)\.[\w-]+$|/underlag/\d+$|\.zip$|/inbjudan/|/logga-ut|/sprak")


def page_kind(url: str) -> str:
    """Pages that differ only in ids or filter values are one kind of page."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def crawl(page, start: str, max_pages: int) -> Iterator[str]:
    """Every kind of page reachable by links from `start`, breadth first, each opened in `page`."""
    queue, seen = deque([start]), {page_kind(start)}
    while queue and len(seen) <= max_pages:
        url = queue.popleft()
        response = page.goto(url)
        if response is None or response.status >= 400 or not response.headers.get("content-type", "").startswith(
                "text/html"):
            continue
        yield url
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(href)
            if parts.netloc != urlsplit(page.url).netloc or NOT_PAGES.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if page_kind(target) not in seen:
                seen.add(page_kind(target))
                queue.append(target)


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const scroller = el.parentElement && el.parentElement.closest(".table-scroll");
    if (scroller && scroller.getBoundingClientRect().right <= width + 1) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.right)}px`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 4)};
}"""


def fits(page) -> None:
    """The page reflows: nothing makes it scroll sideways (a data table scrolls in its own region)."""
    measured = page.evaluate(OVERFLOW)
    assert measured["scroll"] <= measured["width"], (page.url, measured)
