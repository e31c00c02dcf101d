"""Long unbroken words wrap instead of widening the page (WCAG 2.1 AA, 1.4.10, at 320 CSS px).

Every free text a page shows gets a 200-character word that has no place to break: the names
of the organisation, units, people and rounds, the policy's title, goals, section and question
titles and help texts, the requirements' titles, criteria and advice, an action's texts, the
coordinator's feedback, an evidence link and file. Then every kind of page the manager and the
coordinator reach by following links is opened at 320 × 640 CSS px: none may be wider (a data
table may scroll inside its own focusable region).
"""
from __future__ import annotations

import copy
import shutil

import pytest

from survey.content.files import digest
from survey.store import actions, evidence, feedback
from survey.store import content as store_content
from survey.store import db as store_db
from tests.browser import NARROW, OVERFLOW, crawl, login, serving
from tests.web import COORDINATOR, OTHER_CHEF, ids

pytestmark = pytest.mark.browser

LONG = ("Integrationsuppföljningssamordningsarbetsgruppsmedlemsutbildning" * 4)[:200]
MANAGER = "chef.kommunstyrelsen@falkoping.demo.se"  # a submitted response: results, actions, feedback
MAX_PAGES = 45
TEXTS = ("title", "description", "label", "advice")  # keys whose values people read


def _lengthened(data):
    """Content with the long word added to every title, help text, criterion label and piece of advice."""
    if isinstance(data, dict):
        return {key: f"{value} {LONG}" if key in TEXTS and isinstance(value, str) else _lengthened(value)
                for key, value in data.items()}
    if isinstance(data, list):
        return [_lengthened(item) for item in data]
    return data


def _lengthen_content(db) -> None:
    """Each policy's questionnaire and rule set stored anew with long texts, and everything pointed at them."""
    columns = {"questionnaire": [("rounds", "questionnaire_version_id"), ("policies", "questionnaire_version_id"),
                                 ("responses", "questionnaire_version_id")],
               "ruleset": [("rounds", "ruleset_version_id"), ("policies", "ruleset_version_id"),
                           ("scores", "ruleset_version_id")]}
    for policy in store_content.policies(db):
        for kind, pointers in columns.items():
            old = policy[f"{kind}_version_id"]
            body = _lengthened(copy.deepcopy(store_content.version_body(db, old)))
            new, _created = store_content.store_version(db, kind, policy["name"], digest(body), body)
            for table, column in pointers:
                db.execute(f"update {table} set {column} = ? where {column} = ?", [new, old])
    db.execute("update policies set title = title || ' ' || ?", [LONG])


def _lengthen_the_rest(db, evidence_dir) -> None:
    """Long names, and an action, feedback and an evidence link with long texts on Kommunstyrelsen's results."""
    for table, column in (("organisations", "name"), ("units", "name"), ("users", "name"), ("rounds", "title")):
        db.execute(f"update {table} set {column} = {column} || ' ' || ?", [LONG])
    round_id, unit_id = ids(db, f"Kommunstyrelsen {LONG}")
    requirement = actions.unmet_requirements(db, round_id, unit_id)[0]
    actions.add(db, round_id, unit_id, requirement, {"what": LONG, "responsible": LONG, "due": "2026-12-31",
                                                      "status": "planerad", "comment": LONG}, user_id=None)
    feedback.write(db, round_id, unit_id, requirement, LONG, user_id=None)
    evidence.add_link(db, round_id, unit_id, "/ks/mangfaldsplan", f"https://www.example.se/{LONG}", user_id=None)
    evidence.add_file(db, evidence_dir, round_id, unit_id, "/ks/mangfaldsplan", LONG[:190] + ".pdf",
                      b"%PDF-1.4 underlag", user_id=None)
    db.conn.commit()


@pytest.fixture(scope="module")
def long_server(demo_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("long-words")
    path = folder / "survey.db"
    shutil.copyfile(demo_template, path)
    db = store_db.connect(path)
    _lengthen_content(db)
    _lengthen_the_rest(db, folder / "evidence")
    db.close()
    with serving(path, EVIDENCE_DIR=str(folder / "evidence")) as address:
        yield address


def test_every_page_wraps_long_words_at_320_px(browser, long_server):
    wide, visited = [], []
    for email in (MANAGER, OTHER_CHEF, COORDINATOR):  # OTHER_CHEF's draft: the section pages
        context = browser.new_context(base_url=long_server, locale="sv-SE", viewport=NARROW)
        context.set_default_timeout(10_000)
        page = context.new_page()
        login(page, email)
        for url in crawl(page, "/", MAX_PAGES):
            visited.append(url)
            measured = page.evaluate(OVERFLOW)
            if measured["scroll"] > measured["width"]:
                wide.append(f"{email} {url}: {measured['scroll']} px; {measured['wide']}")
        context.close()
    assert len(visited) >= 15, visited
    assert any("/resultat" in url for url in visited) and any("/avsnitt/" in url for url in visited), visited
    assert not wide, f"{len(wide)} av {len(visited)} sidor är bredare än 320 px:\n" + "\n".join(wide)
