"""The workshop in a real browser, one walk: a coordinator onboards a policy document written by the
test (3 goals, 5 duties, one the derivation misses on purpose), only through the UI: fixes titles,
sets metadata, adds the missed duty with its quote selected in the policy text, turns on file
evidence for one question, removes a duty read by mistake (asked first), previews as two kinds,
publishes, opens the round; a manager answers with a file, submits and sees the scored results.
Every page visited passes axe-core (WCAG 2.2 AA tags) and reflows at 320 px. The coordinator's
interactions are counted and printed (target: at most 60).
"""
from __future__ import annotations

import json
import re

import pytest

from survey.content import questionnaire as q
from tests.browser import NARROW, OVERFLOW, WCAG_TAGS, Audit, fill_section, flash, login
from tests.workshop import MISSED, policy_docx

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MARK = """() => { const el = document.activeElement; if (!el || el === document.body) return null;
  if (!el.dataset.stop) el.dataset.stop = String(Math.random()); return el.dataset.stop; }"""
SELECT = """sentence => {
  const box = document.querySelector(".policy-text .text");
  const node = box.firstChild, at = node.textContent.indexOf(sentence);
  const range = document.createRange();
  range.setStart(node, at); range.setEnd(node, at + sentence.length);
  const chosen = window.getSelection(); chosen.removeAllRanges(); chosen.addRange(range);
  box.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}"""


class Walk:
    """Counts what a person does, and checks every page they see: axe-core and reflow at 320 px."""

    def __init__(self):
        self.audit, self.actions, self.wide = Audit(WCAG_TAGS + ["wcag22aa"]), 0, []

    def do(self, action, *args, **kwargs):
        self.actions += 1
        return action(*args, **kwargs)

    def saw(self, page, what: str) -> None:
        page.wait_for_load_state()
        self.audit.check(page, what)
        size = page.viewport_size
        page.set_viewport_size(NARROW)
        measured = page.evaluate(OVERFLOW)
        if measured["scroll"] > measured["width"]:
            self.wide.append(f"{what}: {measured['scroll']} px; {measured['wide']}")
        page.set_viewport_size(size)


def _tab_stops(page, limit: int = 1000) -> int:
    """How many times Tab moves the focus before it comes round again: the page's tab stops."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        mark = page.evaluate(MARK)
        if mark in seen:
            break
        if mark is not None:
            seen.append(mark)
    return len(seen)


def _saved(item) -> None:
    item.locator("[data-status]").filter(has_text=re.compile("Sparat")).wait_for()


def test_a_coordinator_onboards_a_policy_in_the_browser_and_a_manager_answers_it(new_page):
    walk, page = Walk(), new_page()
    walk.actions += 3  # signing in: address, password, button
    login(page, "samordnare@olofstrom.demo.se")
    walk.do(page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Policyverkstad").click)
    walk.saw(page, "verkstaden")
    walk.do(page.set_input_files, "#file", files=[{"name": "mangfaldspolicy.docx", "buffer": policy_docx(),
                                                   "mimeType": "application/octet-stream"}])
    walk.do(page.get_by_role("button", name="Ladda upp och härled utkast").click)
    page.wait_for_url(re.compile(r"/verkstad/\d+$"))
    draft_url = page.url
    assert "Dokumentet nämner Orts kommun" in page.locator("main").inner_text()
    walk.saw(page, "utkastet")
    stops = _tab_stops(page)  # every item folded: its summary is one stop, the outline leads to each
    print(f"tab stops on the draft page: {stops}")
    assert stops <= 120

    for goal, title in (("m1", "Likvärdigt bemötande"), ("m2", "Medarbetare som speglar befolkningen"),
                        ("m3", "Information som når alla")):
        item = page.locator(f"#i-goal-{goal}")
        walk.do(item.locator("summary").click)
        walk.do(item.get_by_label("Kort titel").fill, title)
        walk.do(item.get_by_label("Kort titel").press, "Tab")
        _saved(item)

    meta = page.locator("#i-policy")
    walk.do(meta.locator("summary").click)
    for label, value in (("Antagen av", "Kommunfullmäktige"), ("Antagen (datum)", "2024-05-13"),
                         ("Paragraf (§)", "41")):
        walk.do(meta.get_by_label(label, exact=True).fill, value)
    walk.do(meta.get_by_label("Paragraf (§)").press, "Tab")
    _saved(meta)

    question = page.locator("details[id^='i-question-ansvar-namnd-']").first
    walk.do(question.locator("summary").click)
    walk.do(question.get_by_label("Den svarande kan bifoga filer eller länkar som underlag").check)
    _saved(question)
    walk.saw(page, "utkastet under arbete")

    walk.do(page.evaluate, SELECT, MISSED)
    walk.do(page.select_option, "#selection-target", label="Nytt krav i ett nytt avsnitt för bolag")
    walk.do(page.get_by_role("button", name="Använd markeringen").click)
    page.wait_for_url(re.compile(r"open=requirement"))
    added = page.locator("details.item[open]").filter(has_text=MISSED)
    assert added.count() == 1 and "Sparat." in added.inner_text()

    section = page.locator("details[id^='i-section-']").filter(has_text="Ansvar för alla verksamheter")
    walk.do(section.locator("summary").click)
    walk.do(section.get_by_role("button", name="Ta bort").click)
    page.wait_for_url(re.compile(r"/ta-bort\?"))
    assert "Kommunens verksamheter ska känna till policyn" in page.locator("main").inner_text()
    walk.saw(page, "ta bort, bekräfta")
    walk.do(page.locator("main").get_by_role("button", name="Ta bort").click)
    page.wait_for_url(re.compile(r"/verkstad/\d+$"))
    assert "togs bort" in flash(page)
    assert page.locator(".findings-box").count() == 0, page.locator(".findings-box").inner_text()

    walk.do(page.locator(".steps-box").get_by_role("link", name="nämnd", exact=True).click)
    page.wait_for_url(re.compile(r"/forhandsvisning"))
    assert page.locator("input[type=file][name^='e-file-']").count() == 1
    walk.saw(page, "förhandsvisning som nämnd")
    walk.do(page.select_option, "#som", label="bolag")
    walk.do(page.get_by_role("button", name="Visa", exact=True).click)
    assert "Bolagen redovisar varje år" in page.locator("main").inner_text()
    walk.saw(page, "förhandsvisning som bolag")
    walk.do(page.get_by_role("link", name="Tillbaka till utkastet").first.click)

    walk.do(page.locator(".steps-box").get_by_role("button", name="Publicera").click)
    page.wait_for_url(re.compile(r"/publicerad$"))
    assert "första version" in page.locator("main").inner_text()
    walk.saw(page, "publicerat")
    walk.do(page.get_by_role("link", name="Öppna omgången").click)
    walk.saw(page, "öppna omgången")
    walk.do(page.locator("#ny").locator("..").get_by_role("button", name="Öppna omgången").click)
    page.wait_for_url(re.compile(r"/samordna/omgang/\d+$"))
    assert "Nästa steg" in flash(page)
    walk.saw(page, "omgången")
    print(f"coordinator's interactions in the browser: {walk.actions}")
    assert walk.actions <= 60

    archive = page.request.get(draft_url + "/filer.zip")
    import io
    import zipfile
    files = zipfile.ZipFile(io.BytesIO(archive.body()))
    questionnaire = json.loads(next(files.read(n) for n in files.namelist() if n.startswith("questionnaires/")))

    manager = new_page()
    login(manager, "chef.socialnamnden@olofstrom.demo.se")
    manager.locator("main table tbody tr").filter(has_text="Mångfaldspolicy").locator("a").first.click()
    manager.wait_for_url(re.compile(r"/svar/\d+/\d+/$"))
    overview = manager.url
    walk.saw(manager, "chefens översikt")
    for name, schema in q.sections(q.for_unit(questionnaire, {"kind": "nämnd"})):
        manager.goto(overview + f"avsnitt/{name}")
        fill_section(manager, name, schema)
        files_here = manager.locator("input[type=file][name^='e-file-']")
        if files_here.count():
            files_here.first.set_input_files(files=[{"name": "handlingsplan.pdf", "buffer": PDF,
                                                     "mimeType": "application/pdf"}])
            walk.saw(manager, "avsnitt med underlag")
        manager.locator('button[name="x-action"][value="save"]').click()
        manager.wait_for_load_state()
        assert manager.locator(".error-summary").count() == 0, manager.locator(".error-summary").inner_text()
    manager.goto(overview)
    manager.get_by_role("link", name="Granska och lämna in").click()
    manager.get_by_role("button", name="Lämna in självskattningen").click()
    manager.wait_for_url(re.compile(r"/resultat$"))
    results = manager.locator("main").inner_text()
    assert "Tack! Självskattningen är inlämnad." in flash(manager)
    assert "handlingsplan.pdf" in results and "Uppfyllt" in results
    walk.saw(manager, "resultat")
    assert not walk.wide, "\n".join(walk.wide)
    walk.audit.assert_clean()
