"""The app in a real browser: headless Chromium (Debian's) driven by Playwright, against the
real app served by waitress on a loopback port.

1. A manager fills in a questionnaire that has not been started, page by page, with every
   kind of control; follow-up questions stay hidden until their answer makes them relevant
   (the page script); then saves, submits and reads the results.
2. axe-core checks every respondent and coordinator page against WCAG 2.1 A and AA.
3. The coordinator, signed in once: axe-core on every report, round and register page, also
   with refused forms and import previews; reminders sent and read in the outbox by keyboard.

Without /usr/bin/chromium the tests are skipped, except in CI (CI=true), where they fail.
Run only these with `pytest -m browser`, or leave them out with `-m "not browser"`.
"""
from __future__ import annotations

import re

import pytest

from survey.content import questionnaire as q
from survey.web.forms import PREFIX, control
from tests.browser import (
    Audit,
    add_list_rows,
    fill_section,
    flash,
    login,
    open_questionnaire,
    path,
    questionnaire_for,
)
from tests.helpers import ROOT

pytestmark = pytest.mark.browser


# --- 1. the respondent's whole path -------------------------------------------------------

def test_manager_fills_in_saves_and_submits_a_new_questionnaire(new_page):
    """Olofströmshus AB has not started 2026; its questionnaire has every kind of control."""
    page = new_page()
    login(page, "chef.olofstromshus-ab@olofstrom.demo.se")
    assert page.locator("html").get_attribute("lang") == "sv"
    overview, heading = open_questionnaire(page)
    assert heading.endswith(": Olofströmshus AB")
    assert "Ej påbörjad" in page.locator("main").inner_text()
    view = questionnaire_for("olofstrom-integrationspolicy.json", "bolag")
    sections = q.sections(view)
    kinds = {control(s) for _n, sec in sections for s in sec["properties"].values()}
    assert kinds >= {"choice", "boolean", "checkboxes", "integer", "number", "date", "link", "textarea", "list"}

    # Last year's answers are offered; this manager starts from an empty form.
    page.get_by_role("link", name="Börja med tomt formulär").click()
    page.wait_for_url(re.compile(r"/avsnitt/" + sections[0][0] + "$"))

    lists_added = 0
    for index, (name, section) in enumerate(sections):
        assert path(page).endswith(f"/avsnitt/{name}"), page.url
        assert page.locator("h1").inner_text() == section["title"]
        assert f"Avsnitt {index + 1} av {len(sections)}" in page.locator(".step").inner_text()
        fill_section(page, name, section)
        if index == 0:  # save a draft, come back: everything is still there
            page.locator('button[name="x-action"][value="save"]').click()
            page.wait_for_load_state()
            assert re.search(r"Sparat kl\. \d\d\.\d\d\.", flash(page)), flash(page)
            assert path(page).endswith(f"/avsnitt/{name}")
            for question, schema in section["properties"].items():
                if control(schema) in ("choice", "boolean"):
                    assert page.locator(f'input[name="{PREFIX}{question}"]:checked').count() == 1, question
                elif control(schema) in ("date", "link"):
                    assert page.input_value(f"#{PREFIX}{question}") != "", question
            assert page.locator(".error-summary").count() == 0
        lists_added += add_list_rows(page, section)
        page.locator('.actions button[name="x-action"][value="next"]').click()
        page.wait_for_load_state()
        assert page.locator(".error-summary").count() == 0, page.locator(".error-summary").inner_text()
        assert "Sparat" in flash(page)
    assert lists_added >= 2

    # Back on the overview: every question answered, then submit.
    assert path(page) == overview
    progress = page.locator(".progress label").inner_text()
    answered, asked = map(int, re.search(r"(\d+) av (\d+)", progress).groups())
    assert answered == asked and asked > 15, progress
    assert "Utkast" in page.locator("main").inner_text()
    page.get_by_role("link", name="Granska och lämna in").click()
    assert "Förhandsvisning av resultatet" in page.locator("main").inner_text()
    page.get_by_role("button", name="Lämna in självskattningen").click()
    page.wait_for_url(re.compile(r"/resultat$"))
    assert "Tack! Självskattningen är inlämnad." in flash(page)
    assert page.locator("h1").inner_text() == "Resultat 2026: Olofströmshus AB"
    assert "Måluppfyllelse" in page.locator(".summary").inner_text()
    assert page.locator("table.results tbody tr").count() > 5

    # Submitted: the form pages no longer open, the home list says so.
    page.goto(overview + "avsnitt/" + sections[0][0])
    assert path(page) == overview
    assert "inlämnat" in flash(page)
    page.goto("/")
    row = page.locator("main table tbody tr", has_text="Olofströmshus AB").filter(has_text="2026")
    assert "Inlämnad" in row.inner_text()


def test_a_wrong_number_is_refused_next_to_the_field_and_the_typing_is_kept(new_page):
    page = new_page()
    login(page, "chef.socialnamnden@falkoping.demo.se")
    overview, _unit = open_questionnaire(page)
    page.goto(overview + "avsnitt/medarbetare")
    page.fill(f"#{PREFIX}utbildning_andel", "tolv")
    page.locator('button[name="x-action"][value="save"]').click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "Sidan är inte sparad" in summary.inner_text()
    assert page.input_value(f"#{PREFIX}utbildning_andel") == "tolv"
    field = page.locator(f"#{PREFIX}utbildning_andel")
    assert field.get_attribute("aria-invalid") == "true"
    assert "Ange ett heltal" in page.locator(f"#{PREFIX}utbildning_andel-error").inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == f"{PREFIX}utbildning_andel"


def test_without_javascript_every_follow_up_is_shown_with_when_it_applies(new_page):
    page = new_page(java_script_enabled=False)
    login(page, "chef.socialnamnden@falkoping.demo.se")
    overview, _unit = open_questionnaire(page)
    page.goto(overview + "avsnitt/mal")
    follow_ups = page.locator("[data-show-if]")
    assert follow_ups.count() >= 3
    for wrap in follow_ups.all():
        assert wrap.is_visible()
        assert wrap.locator(".when").inner_text().startswith("Besvaras om svaret på ")


# --- 2. accessibility: axe-core on every page ---------------------------------------------

def test_every_page_passes_axe_wcag21_aa(new_page):
    audit = Audit()

    # Signed out: the login page, and with a failed attempt.
    page = new_page()
    page.goto("/logga-in")
    audit.check(page, "inloggning")
    page.fill("#email", "chef.socialnamnden@olofstrom.demo.se")
    page.fill("#password", "fel-lösenord")
    page.locator("main").get_by_role("button", name="Logga in").click()
    audit.check(page, "inloggning, fel lösenord")
    page.fill("#email", "")  # empty fields are errors too
    page.fill("#password", "")
    page.locator("main").get_by_role("button", name="Logga in").click()
    audit.check(page, "inloggning, tomma fält")

    # A manager with a draft (Olofström: every kind of control).
    login(page, "chef.socialnamnden@olofstrom.demo.se")
    audit.check(page, "mina självskattningar")
    overview, _unit = open_questionnaire(page)
    audit.check(page, "översikt, utkast")
    view = questionnaire_for("olofstrom-integrationspolicy.json", "nämnd")
    for name, section in q.sections(view):
        page.goto(overview + f"avsnitt/{name}")
        audit.check(page, f"avsnitt {name}")
    # With field errors shown.
    page.goto(overview + "avsnitt/rekrytering")
    page.fill(f"#{PREFIX}sprakpraktik_antal", "många")
    page.fill(f"#{PREFIX}arbetsmarknadsatgarder_antal", "-3")
    page.locator('button[name="x-action"][value="save"]').click()
    assert page.locator(".error-summary").count() == 1
    audit.check(page, "avsnitt med fel")
    # After a save (message shown) and with a new list row.
    page.goto(overview + "avsnitt/kunskap")
    page.locator('button[name="x-action"][value="save"]').click()
    assert "Sparat" in flash(page)
    audit.check(page, "avsnitt sparat")
    # A submitted response of last year: overview with the answers, and the results.
    page.goto(re.sub(r"/svar/\d+/", "/svar/3/", overview))
    audit.check(page, "översikt, inlämnad")
    page.get_by_role("link", name="Visa resultatet").click()
    page.wait_for_url(re.compile(r"/resultat$"))
    audit.check(page, "resultat")
    page.goto("/finns-inte")
    audit.check(page, "felsida 404")

    # A manager who starts from last year's answers (Falköping, not started).
    page = new_page()
    login(page, "chef.ab-falkopings-hyresbostader@falkoping.demo.se")
    overview, _unit = open_questionnaire(page)
    audit.check(page, "översikt, ej påbörjad")
    page.get_by_role("button", name="Börja från förra årets svar").click()
    page.wait_for_url(re.compile(r"/avsnitt/"))
    assert page.locator(".question.carried").count() > 0
    audit.check(page, "avsnitt med förra årets svar")
    view = questionnaire_for("falkoping-integrationspolicy.json", "bolag")
    for name, _section in q.sections(view)[1:]:
        page.goto(overview + f"avsnitt/{name}")
        audit.check(page, f"avsnitt {name} (förra årets svar)")
    page.goto(overview)
    audit.check(page, "översikt, förra årets svar att bekräfta")
    page.get_by_role("link", name="Granska och lämna in").click()
    assert "väntar på din bekräftelse" in page.locator(".progress").inner_text()
    assert page.get_by_role("button", name="Lämna in självskattningen").count() == 0
    audit.check(page, "granska, kan inte lämnas in")

    # A coordinator: the rounds, a round, a new invitation link, a response they can reopen.
    page = new_page()
    login(page, "samordnare@falkoping.demo.se")
    audit.check(page, "samordna: omgångar")
    page.get_by_role("link", name=re.compile("2026")).first.click()
    page.wait_for_url(re.compile(r"/samordna/omgang/\d+$"))
    audit.check(page, "samordna: omgång")
    page.get_by_role("button", name=re.compile("Skapa inbjudningslänk")).first.click()
    page.locator(".new-link").wait_for()
    audit.check(page, "samordna: ny inbjudningslänk")
    page.locator("main table tbody tr th a").first.click()
    page.wait_for_url(re.compile(r"/svar/\d+/\d+/$"))
    audit.check(page, "samordna: en enhets svar")

    assert len(audit.pages) >= 20
    audit.assert_clean()


FOCUSED = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  let node = el.parentElement, background = "rgb(255, 255, 255)";
  for (; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") { background = colour; break; }
  }
  return {what: el.tagName + (el.id ? "#" + el.id : "") + " " + (el.innerText || el.value || "").slice(0, 30),
          outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 ? style.outlineColor : null,
          shadow: style.boxShadow, background: background, inside: !el.matches(":focus")};
}"""


def _contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_keyboard_focus_is_visible_against_its_background(new_page):
    """WCAG 1.4.11: the focus indicator contrasts at least 3:1 with the colour next to it (axe does not check this)."""
    page = new_page()
    weak = []

    def tab_through(what: str, presses: int) -> None:
        page.locator("body").focus()
        for _ in range(presses):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused["inside"]:  # in the browser's own part of a control (a date's calendar button)
                continue
            colours = ([focused["outline"]] if focused["outline"] else []) + re.findall(r"rgba?\([^)]*\)",
                                                                                       focused["shadow"])
            best = max((_contrast(c, focused["background"]) for c in colours), default=0)
            if best < 3:
                weak.append(f"{what}: {focused['what']!r} {best:.1f}:1 mot {focused['background']}")

    page.goto("/logga-in")
    tab_through("inloggning", 6)
    login(page, "chef.socialnamnden@olofstrom.demo.se")
    overview, _unit = open_questionnaire(page)
    page.goto(overview + "avsnitt/mal")
    tab_through("avsnitt", 30)
    assert not weak, "fokus syns för svagt:\n" + "\n".join(weak)


# --- 3. the coordinator's pages: reports, rounds, the register -----------------------------

COORDINATOR = "samordnare@falkoping.demo.se"
REPORTS = ["enheter-krav", "mal-enheter", "kravsammanfattning", "utveckling", "enhetsprofil"]
BAD_IMPORT = ("Enhet;Typ;Överordnad;Ansvarig;E-post\n"
              "Nya nämnden;Okänd typ;;Karin Lund;inte-en-adress\n"
              "Nya förvaltningen;Förvaltning;Finns inte;Erik Holm;\n"
              ";;;;\n")


@pytest.fixture(scope="module")
def coordinator(browser, server):
    """The Falköping coordinator, signed in once: a browser profile the coordinator tests share."""
    context = browser.new_context(base_url=server, locale="sv-SE")
    context.set_default_timeout(10_000)
    login(context.new_page(), COORDINATOR)
    yield context
    context.close()


@pytest.fixture
def coordinator_page(coordinator):
    page = coordinator.new_page()
    yield page
    page.close()


def _open_round(page) -> str:
    """From the rounds list, Falköping's 2026 round (open, not everyone has submitted): its address."""
    page.goto("/samordna/")
    page.locator("main table").get_by_role("link", name=re.compile("2026")).first.click()
    page.wait_for_url(re.compile(r"/samordna/omgang/\d+$"))
    return path(page)


def _send_reminders(page, force: bool = False) -> None:
    """On a round page: 'Skicka påminnelser' (to units reminded this week too, with `force`)."""
    form = page.locator("form", has=page.get_by_role("button", name="Skicka påminnelser"))
    if force:
        form.get_by_role("checkbox").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Skicka påminnelser").click()
    assert "Vem får vad" in page.locator("main").inner_text()  # who gets what, before anything is written
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"Skicka \d+ påminnelser")).click()
    assert re.search(r"\d+ meddelanden skrivna", flash(page)), flash(page)


def test_report_pages_pass_axe_wcag21_aa(coordinator_page):
    """Every report with its filters, SVG chart, heatmap or table, and the key to the requirements."""
    audit, page = Audit(), coordinator_page
    page.goto("/rapporter/")
    audit.check(page, "rapporter")
    page.goto("/rapporter/?unit_kind=nämnd")
    audit.check(page, "rapporter, nämnder")
    shown = set()
    for name in REPORTS:
        unit = "unit=Kommunstyrelsen&" if name == "enhetsprofil" else ""
        for kind in ("", "nämnd"):
            page.goto(f"/rapporter/{name}?{unit}unit_kind={kind}")
            assert page.locator("h1").count() == 1, page.url
            shown.update(what for what, selector in (("svg", "svg.chart"), ("heatmap", "table.heatmap"),
                                                      ("key", "details.key"))
                         if page.locator(selector).count())
            audit.check(page, f"rapport {name}" + (f", {kind}" if kind else ""))
    page.goto("/rapporter/enhetsprofil")  # no unit chosen yet
    audit.check(page, "rapport enhetsprofil utan enhet")
    page.goto("/rapporter/enheter-krav")
    page.locator("details.key summary").click()  # the key, open
    audit.check(page, "rapport enheter-krav, kravlistan öppen")
    assert shown == {"svg", "heatmap", "key"}, shown
    audit.assert_clean()


def test_round_pages_pass_axe_wcag21_aa(coordinator_page):
    """The rounds with the new-round form (also refused), a round with its reminder form, re-scoring."""
    audit, page = Audit(), coordinator_page
    page.goto("/samordna/")
    assert page.locator("#year").count() == 1
    audit.check(page, "omgångar med formulär för ny omgång")
    page.locator("#year").press_sequentially("abc")  # a number field: the browser sends nothing
    for box in page.locator('input[name="unit_kinds"]').all():
        box.uncheck()
    page.get_by_role("button", name="Öppna omgången").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    assert "Ange ett år" in page.locator("#year-error").inner_text()
    assert page.locator("#year").get_attribute("aria-invalid") == "true"
    assert "Välj minst en enhetstyp" in page.locator("#unit_kinds-error").inner_text()
    audit.check(page, "ny omgång med fel")

    round_url = _open_round(page)
    assert page.get_by_role("button", name="Skicka påminnelser").count() == 1
    audit.check(page, "omgång med påminnelseformulär")
    _send_reminders(page, force=True)
    audit.check(page, "omgång efter påminnelser")
    page.goto(round_url + "/bedom-om")
    if path(page).endswith("/bedom-om"):
        audit.check(page, "bedöm om")
    else:  # the round already uses the policy's rules: back on the round page, with a message
        assert path(page) == round_url and "redan bedömd" in flash(page)
    audit.assert_clean()


def test_register_pages_pass_axe_wcag21_aa(coordinator_page, tmp_path):
    """Units, people, the spreadsheet import with its previews, and the outbox; forms also refused."""
    audit, page = Audit(), coordinator_page

    page.goto("/samordna/enheter")
    audit.check(page, "enheter")
    page.locator("section.box").get_by_role("button", name="Lägg till").click()  # no name
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    audit.check(page, "enheter, tillägg med fel")
    page.locator("main table tbody th a").first.click()
    page.wait_for_url(re.compile(r"/samordna/enheter/\d+"))
    audit.check(page, "en enhet")

    page.goto("/samordna/personer")
    audit.check(page, "personer")
    page.fill("#name", "Test Testsson")
    page.fill("#email", "inte-en-adress")
    page.locator("section.box").get_by_role("button", name="Lägg till").click()
    page.wait_for_load_state()
    assert "Ogiltig e-postadress" in page.locator("#email-error").inner_text()
    audit.check(page, "personer, tillägg med fel")
    page.locator("main table tbody tr", has_text="enhetsansvarig").first.locator("th a").click()
    page.wait_for_url(re.compile(r"/samordna/personer/\d+"))
    audit.check(page, "en person")

    page.goto("/samordna/import")
    audit.check(page, "import")
    page.get_by_role("button", name="Förhandsgranska").click()  # no file chosen
    page.wait_for_load_state()
    assert page.locator("#file-error").count() == 1
    audit.check(page, "import utan fil")
    page.set_input_files("#file", str(ROOT / "docs" / "exempel-enheter.csv"))
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Genomför importen").count() == 1  # previewed, not imported
    audit.check(page, "import, förhandsgranskning")
    bad = tmp_path / "fel.csv"
    bad.write_text(BAD_IMPORT, encoding="utf-8")
    page.goto("/samordna/import")
    page.set_input_files("#file", str(bad))
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary li").count() >= 3
    assert page.get_by_role("button", name="Genomför importen").count() == 0
    audit.check(page, "import, förhandsgranskning med fel")

    _open_round(page)
    _send_reminders(page, force=True)
    page.goto("/samordna/meddelanden")
    assert page.locator("details.message").count() > 0
    audit.check(page, "utkorg")
    page.locator("details.message summary").first.click()
    audit.check(page, "utkorg, ett meddelande öppet")
    audit.assert_clean()


def test_reminders_then_the_outbox_by_keyboard_shows_the_invitation_link(coordinator_page, server):
    """From a round page, by keyboard only: send reminders, open the outbox, expand the newest message."""
    page = coordinator_page
    _open_round(page)
    force = page.get_by_role("checkbox", name=re.compile("Skicka även till enheter"))
    force.focus()
    page.keyboard.press("Space")  # this week's reminders do not stop these
    assert force.is_checked()
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.innerText") == "Skicka påminnelser":
            break
    assert page.evaluate("document.activeElement.innerText") == "Skicka påminnelser"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_role("button", name=re.compile(r"Skicka \d+ påminnelser")).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    written = int(re.search(r"(\d+) meddelanden skrivna", flash(page)).group(1))
    assert written > 0, flash(page)

    page.get_by_role("link", name="Utkorg och logg").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/samordna/meddelanden"))
    newest = page.locator("details.message").first
    assert "påminnelse" in newest.locator("summary").inner_text()
    link = newest.get_by_text(re.compile(re.escape(server) + r"/inbjudan/\S+"))
    assert not link.is_visible()  # closed until asked for
    page.locator("body").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert newest.locator("summary").evaluate("summary => summary === document.activeElement")
    page.keyboard.press("Enter")
    assert newest.get_attribute("open") is not None
    assert link.is_visible()
