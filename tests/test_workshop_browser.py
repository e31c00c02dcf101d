"""The policy workshop in a real browser: a coordinator uploads a policy, edits a question,
previews the form as a nämnd, publishes and opens a round; a manager answers and submits.
axe-core checks every workshop page on the way. Fixtures in conftest.py, helpers in tests/browser.py.
"""
from __future__ import annotations

import io
import json
import re
import zipfile

import documents
import pytest

from survey.content import questionnaire as q
from tests.browser import Audit, fill_section, flash, login

pytestmark = pytest.mark.browser
TITLE = "Testpolicy för verkstaden"
WORDING = "Har nämnden öppnat sina arbetsplatser för språkpraktik under året?"


def test_upload_edit_preview_publish_open_a_round_and_a_manager_submits(new_page):
    audit = Audit()
    page = new_page()
    login(page, "samordnare@olofstrom.demo.se")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Policyverkstad").click()
    page.wait_for_url(re.compile(r"/verkstad/$"))
    audit.check(page, "verkstaden")

    page.set_input_files("#file", files=[{"name": "policy.docx", "buffer": documents.docx_bytes(
        documents.seed("olofstrom")), "mimeType": "application/octet-stream"}])
    page.fill("#policy_id", "olofstrom-verkstadstest")
    page.get_by_role("button", name="Ladda upp och härled utkast").click()
    page.wait_for_url(re.compile(r"/verkstad/\d+$"))
    draft_url = page.url
    assert "Utkastet är härlett" in flash(page)
    audit.check(page, "utkastet")

    policy_form = page.locator("#i-policy")
    policy_form.get_by_label("Titel").fill(TITLE)
    policy_form.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert "Sparat." in flash(page)

    question = page.locator("form[id^='i-question-']").first
    question.get_by_label("Frågan").fill(WORDING)
    question.get_by_label("Ja / Nej").check()
    question.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert "Sparat." in flash(page)
    assert page.locator("form[id^='i-question-']").first.get_by_label("Frågan").input_value() == WORDING
    audit.check(page, "utkastet efter en ändring")
    page.set_viewport_size({"width": 320, "height": 800})  # reflow: no sideways scrolling at 320 CSS px
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # one column: the policy text scrolls in its place instead of sticking over the forms
    assert page.evaluate("getComputedStyle(document.querySelector('.policy-text')).position") != "sticky"
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="nämnd", exact=True).click()
    page.wait_for_url(re.compile(r"/forhandsvisning/"))
    assert WORDING in page.locator("main").inner_text()
    audit.check(page, "förhandsvisning som nämnd")

    page.goto(draft_url)
    page.get_by_role("button", name="Publicera").click()
    page.wait_for_load_state()
    assert "Publicerat" in flash(page)
    audit.check(page, "utkastet, publicerat")
    archive = zipfile.ZipFile(io.BytesIO(page.request.get(draft_url + "/filer.zip").body()))
    questionnaire = json.loads(archive.read("questionnaires/olofstrom-verkstadstest.json"))

    page.goto("/samordna/")
    page.select_option("#policy", label=f"Olofströms kommun: {TITLE}")
    page.fill("#year", "2027")
    page.get_by_role("button", name="Öppna omgången").click()
    page.wait_for_url(re.compile(r"/samordna/omgang/\d+$"))
    assert "Omgången är öppnad." in flash(page)
    audit.assert_clean()

    manager = new_page()
    login(manager, "chef.socialnamnden@olofstrom.demo.se")
    manager.locator("main table tbody tr").filter(has_text=TITLE).locator("a").first.click()
    manager.wait_for_url(re.compile(r"/svar/\d+/\d+/$"))
    overview = manager.url
    view = q.for_unit(questionnaire, {"kind": "nämnd"})
    for name, section in q.sections(view):
        manager.goto(overview + f"avsnitt/{name}")
        if WORDING in json.dumps(section, ensure_ascii=False):
            assert WORDING in manager.locator("main").inner_text()
        fill_section(manager, name, section)
        manager.locator('button[name="x-action"][value="save"]').click()
        manager.wait_for_load_state()
        assert manager.locator(".error-summary").count() == 0, manager.locator(".error-summary").inner_text()
    manager.goto(overview)
    manager.get_by_role("link", name="Granska och lämna in").click()
    manager.get_by_role("button", name="Lämna in självskattningen").click()
    manager.wait_for_url(re.compile(r"/resultat$"))
    assert "Tack! Självskattningen är inlämnad." in flash(manager)
