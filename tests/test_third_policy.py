"""A third policy end to end (issue 9): Sjöbacka kommun's kommunikationspolicy.

The policy is test data (tests/thirdpolicy/), written to use every new format feature at
once, in a content folder of its own with the shipped reports. Lint is clean; `survey load`
and `survey demo` take it; every section renders for every unit of the demo (every kind,
the unit carrying the tag, the named unit) without JavaScript (with it, in headless Chromium:
test_third_policy_browser.py); a response is imported and others saved and submitted through
the section forms; all are scored; every report page, every export and the annual report work.
"""
from __future__ import annotations

import json
import re
import shutil

import pytest

from survey.cli import cli
from survey.content import lint
from survey.content import questionnaire as q
from survey.reports import annual_render, export
from survey.store import db as store_db
from survey.store import responses
from survey.store import scores as scoretable
from survey.web import create_app
from survey.web.forms import PREFIX
from tests import thirdpolicy
from tests.thirdpolicy import (  # noqa: F401 (folder and demo are fixtures)
    ANSWERS,
    NAME,
    NAMED_UNIT,
    NEW_YEAR,
    TAG,
    YEAR,
    demo,
    folder,
    follow_ups_across,
    input_tag,
    levels_of,
    nodes,
    plain,
    questionnaire_of,
    round_of,
    units_of,
    why_not,
)
from tests.web import form_fields, login, post_form

EXCLUSIVE = "”Ingen” kan inte väljas tillsammans med andra alternativ."
TARGET_GROUPS = thirdpolicy.questionnaire()["properties"]["dialog"]["properties"]["aktiviteter"]["items"][
    "properties"]["malgrupp"]["x-labels"]


# --- the app on the third policy's demo ------------------------------------------------------

@pytest.fixture
def app(demo, tmp_path):
    """The real app on a fresh copy of the third policy's demo database."""
    path = tmp_path / "app.db"
    shutil.copyfile(demo[0], path)
    return create_app({"DATABASE": str(path), "SECRET_KEY": "test", "TESTING": True,
                       "EVIDENCE_DIR": str(tmp_path / "evidence")})


@pytest.fixture
def app_db(app):
    handle = store_db.connect(app.config["DATABASE"])
    yield handle
    handle.close()


# --- the content ---------------------------------------------------------------------------

def test_the_policy_uses_every_new_format_feature():
    """So that nobody trims the test data below what the end-to-end test claims to cover."""
    questionnaire, ruleset = thirdpolicy.questionnaire(), thirdpolicy.ruleset()
    every = list(nodes(questionnaire))
    meta = questionnaire["x-policy"]
    assert meta["revision"] is None and meta["adopted_date"] is None
    assert "stab" in meta["kinds"] and TAG in meta["tags"]
    assert any("enum" in n and "x-labels" in n and n.get("type") == "string" for n in every)
    assert any(len(n.get("oneOf", [])) > 7 for n in every)  # rendered as a select
    assert any({"ingen", "vet_ej"} <= set(n.get("x-exclusive", [])) for n in every)
    assert any(n.get("format") == "email" for n in every)
    assert sum(n.get("$ref") == "#/$defs/skala" for n in every) >= 3
    assert any(n.get("items", {}).get("type") == "object" for n in every if isinstance(n.get("items"), dict))
    assert any("else" in c for s in questionnaire["properties"].values() for c in s.get("allOf", []))
    assert questionnaire["allOf"] and "then" in questionnaire["allOf"][0]  # a condition across sections
    assert any(TAG in s.get("x-applies-to-tags", []) for s in questionnaire["properties"].values())
    assert any(NAMED_UNIT in s.get("x-applies-to-units", []) for s in questionnaire["properties"].values())
    schemas = [c["schema"] for r in ruleset["requirements"] for c in r["criteria"]]
    assert any("minItems" in s for s in schemas) and any("properties" in s.get("contains", {}) for s in schemas)
    assert any(r.get("applies_to_units") == [NAMED_UNIT] and r["applies_to"] == [] for r in ruleset["requirements"])
    assert any(TAG in r.get("applies_to_tags", []) for r in ruleset["requirements"])
    text = (thirdpolicy.HERE / "policies" / f"{NAME}.txt").read_text(encoding="utf-8")
    assert " skall " in text and " ska " in text and re.search(r"(?m)^1\. ", text) and "§" not in text


def test_lint_is_clean(runner, folder):
    """Every name, condition, criterion and quote of the third policy checks out."""
    result = runner.invoke(cli, ["--content", str(folder), "lint"])
    assert result.exit_code == 0, result.output
    assert "Innehållet är felfritt." in result.output


def test_load_stores_a_version_and_loading_again_changes_nothing(runner, folder, tmp_path):
    args = ["--db", str(tmp_path / "load.db"), "--content", str(folder), "load"]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert re.search(rf"{NAME}\s+version 1 \(ny version\)", first.output)
    again = runner.invoke(cli, args)
    assert again.exit_code == 0 and "ny version" not in again.output, again.output


def test_the_shared_scale_is_resolved_when_content_is_read(folder):
    content = lint.load(folder)
    question = content.questionnaires[NAME]["properties"]["dialog"]["properties"]["synpunkter"]
    assert "$ref" not in question and question["enum"] == ["ja", "delvis", "nej"]
    assert question["title"].startswith("Tar verksamheten tillvara")  # the question's own keywords win


# --- the demo ------------------------------------------------------------------------------

def test_the_demo_has_units_for_every_kind_tag_and_named_unit(app_db, demo):
    units = units_of(app_db)
    assert {"kommunstyrelse", "nämnd", "bolag", "stab"} <= {u["kind"] for u in units}
    assert any(TAG in u["tags"] for u in units), "no unit carries the policy's tag"
    assert NAMED_UNIT in {u["name"] for u in units}
    assert set(demo[1]) >= {u["name"] for u in units} | {""}, "a manager per unit and a coordinator"
    statuses = {r["unit"]: r["status"] for r in responses.round_summary(app_db, round_of(app_db, YEAR)["id"])}
    assert "submitted" in statuses.values() and "draft" in statuses.values()


def test_the_demo_responses_are_scored_by_whom_the_requirements_address(app_db):
    """The named unit's requirement applies to it alone, the tag's to the tagged units alone."""
    units = {u["name"]: u for u in units_of(app_db)}
    rows = list(scoretable.score_rows(app_db, policy=NAME))
    assert rows
    for row in rows:
        unit = units[row["unit"]]
        if row["requirement"] == "ST1":
            assert (row["level"] == "not_applicable") == (unit["name"] != NAMED_UNIT), row
        if row["requirement"] == "I1":
            assert (row["level"] == "not_applicable") == (TAG not in unit["tags"]), row
        if row["requirement"] == "ST2":
            assert (row["level"] == "not_applicable") == (unit["kind"] != "stab"), row
        if row["requirement"] in ("N1", "N2", "N3"):
            assert (row["level"] == "not_applicable") == (unit["kind"] not in ("nämnd", "bolag")), row
    scored = {row["unit"] for row in rows}
    assert any(units[name]["kind"] == "nämnd" for name in scored)


# --- every section for every unit, without JavaScript ---------------------------------------

def test_every_section_renders_for_every_unit_without_javascript(app, app_db, demo):
    questionnaire, round_id = questionnaire_of(app_db), round_of(app_db, NEW_YEAR)["id"]
    all_sections = [name for name, _s in q.sections(questionnaire)]
    seen: dict[str, set[str]] = {}
    for unit in units_of(app_db):
        client = app.test_client()
        login(client, demo[1][unit["name"]])
        overview = client.get(f"/svar/{round_id}/{unit['id']}/")
        assert overview.status_code == 200, unit
        view = q.for_unit(questionnaire, unit)
        seen[unit["name"]] = {name for name, _s in q.sections(view)}
        for name, section in q.sections(view):
            page = client.get(f"/svar/{round_id}/{unit['id']}/avsnitt/{name}")
            assert page.status_code == 200, (unit["name"], name)
            assert section["title"] in page.text
            for question, schema in section["properties"].items():
                if question in follow_ups_across(questionnaire).get(name, ()):
                    continue  # asked on what another section's answers are: none yet
                assert f'id="wrap-{PREFIX}{question}"' in page.text, (unit["name"], name, question)
                assert schema["title"] in page.text, (unit["name"], name, question)
        for name in set(all_sections) - seen[unit["name"]]:
            assert client.get(f"/svar/{round_id}/{unit['id']}/avsnitt/{name}").status_code == 404, (unit, name)
    units = units_of(app_db)
    assert "stab" in seen[NAMED_UNIT]
    assert "stod" in seen[next(u["name"] for u in units if TAG in u["tags"])]
    nämnd = plain(units, "nämnd")["name"]
    assert {"plan", "dialog", "publicering", "medarbetare", "uppfoljning"} == seen[nämnd]
    assert "stab" not in seen[nämnd] and "stod" not in seen[nämnd]
    assert "ledning" in seen[plain(units, "kommunstyrelse")["name"]]


def test_the_new_controls_are_plain_html(app, app_db, demo):
    """The select, the exclusive checkboxes, the email field and the rows work as plain form fields."""
    unit = plain(units_of(app_db), "nämnd")
    round_id = round_of(app_db, NEW_YEAR)["id"]
    client = app.test_client()
    login(client, demo[1][unit["name"]])
    base = f"/svar/{round_id}/{unit['id']}/avsnitt"
    plan = client.get(f"{base}/plan").text
    assert 'type="checkbox"' in input_tag(plan, f"{PREFIX}kanaler", "ingen")
    assert 'type="radio"' in input_tag(plan, f"{PREFIX}finns", "delvis")
    assert "Kommunens webbplats" in plan and "Vet ej" in plan and "Ja, beslutad" in plan  # x-labels, not codes
    posted = {f"{PREFIX}finns": "ja", f"{PREFIX}datum": "2026-02-10", f"{PREFIX}kanaler": ["ingen", "webb"],
              "x-action": "save"}
    refused = post_form(client, f"{base}/plan", posted)
    assert refused.status_code == 422 and EXCLUSIVE in refused.text, refused.text[:3000]
    assert "checked" in input_tag(refused.text, f"{PREFIX}kanaler", "webb"), "what was ticked is kept"
    assert "checked" in input_tag(refused.text, f"{PREFIX}kanaler", "ingen")
    assert responses.get_response(app_db, round_id, unit["id"]) is None, "nothing saved"
    otherwise = post_form(client, f"{base}/plan", {f"{PREFIX}finns": "nej", f"{PREFIX}kanaler": ["ingen"],
                                                   "x-action": "save"})
    assert otherwise.status_code == 302  # a draft: the `else` follow-up may wait
    review = client.get(f"/svar/{round_id}/{unit['id']}/lamna-in").text
    assert "Varför finns ingen kommunikationsplan?" in review, "the `else` follow-up is now asked and missing"
    publicering = client.get(f"{base}/publicering").text
    select = re.search(rf'<select[^>]*name="{PREFIX}kanal".*?</select>', publicering, re.S)
    assert select, "a choice of nine is a select"
    assert len(re.findall(r"<option", select.group(0))) == 10  # "Välj …" first
    dialog = client.get(f"{base}/dialog").text
    for key in ("namn", "datum", "malgrupp", "antal", "lank"):
        assert f'name="{PREFIX}aktiviteter-0-{key}"' in dialog, key
    assert "Spara och lägg till en rad" in dialog
    stab = units_of(app_db)
    named = next(u for u in stab if u["name"] == NAMED_UNIT)
    client = app.test_client()
    login(client, demo[1][NAMED_UNIT])
    page = client.get(f"/svar/{round_id}/{named['id']}/avsnitt/stab").text
    assert 'type="email"' in input_tag(page, f"{PREFIX}kontakt") and 'autocomplete="email"' in input_tag(
        page, f"{PREFIX}kontakt")


# --- a response imported --------------------------------------------------------------------

def _import(runner, app, tmp_path, unit: str, answers: dict, submit: bool = True):
    file = tmp_path / "svar.json"
    file.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    args = ["--db", app.config["DATABASE"], "import-response", str(file), "--policy", NAME,
            "--year", str(NEW_YEAR), "--unit", unit] + (["--submit"] if submit else [])
    return runner.invoke(cli, args)


def test_an_imported_response_is_checked_by_every_new_rule_and_scored(runner, app, app_db, demo, tmp_path):
    unit = plain(units_of(app_db), "nämnd")["name"]
    good = {name: dict(ANSWERS[name]) for name in ("plan", "dialog", "publicering", "medarbetare", "uppfoljning")}
    good["plan"] = {"finns": "nej", "orsak": "Planen skjuts upp ett år.", "kanaler": ["ingen"]}
    del good["uppfoljning"]["plan_uppfoljd"]
    refused = {
        "exclusive": (["plan", "kanaler"], ["ingen", "webb"], "kan inte väljas tillsammans"),
        "then-follow-up when the condition fails": (["plan", "datum"], "2026-01-10", "ställs inte"),
        "follow-up of another section's condition": (["uppfoljning", "plan_uppfoljd"], True, "ställs inte"),
        "a row without its date": (["dialog", "aktiviteter"], [{"namn": "Öppet hus"}], "aktiviteter/0/datum"),
        "a value outside the shared scale": (["medarbetare", "bemotande"], "kanske", "/medarbetare/bemotande"),
        "a target group that is no choice": (["dialog", "aktiviteter"], [{"namn": "Öppet hus", "datum": "2026-05-01",
                                             "malgrupp": "alla"}], "aktiviteter/0/malgrupp"),
    }
    for why, ((section, question), value, shown) in refused.items():
        bad = json.loads(json.dumps(good))
        bad[section][question] = value
        result = _import(runner, app, tmp_path, unit, bad)
        assert result.exit_code == 1, why
        assert shown in result.output, (why, result.output)
        assert "inget har sparats" in result.output, why
    missing = json.loads(json.dumps(good))
    del missing["plan"]["orsak"]  # asked (and required) exactly when the plan does not exist: `else`
    result = _import(runner, app, tmp_path, unit, missing)
    assert result.exit_code == 1 and "/plan/orsak" in result.output, result.output

    result = _import(runner, app, tmp_path, unit, good)
    assert result.exit_code == 0, result.output
    assert "inlämnat" in result.output
    levels = levels_of(app_db, NEW_YEAR, unit)
    assert levels["N1"] == "not_met"  # no plan; "Ingen" channel: contains and minItems unmet
    assert levels["N2"] == "partly_met"  # two rows, one for the young (minItems, contains), feedback only partly
    assert levels["N3"] == "met" and levels["C1"] == "met" and levels["B1"] == "not_met"
    assert {levels[r] for r in ("KS1", "ST1", "ST2", "I1")} == {"not_applicable"}
    client = app.test_client()
    login(client, demo[1][unit])
    unit_id = next(u["id"] for u in units_of(app_db) if u["name"] == unit)
    results = client.get(f"/svar/{round_of(app_db, NEW_YEAR)['id']}/{unit_id}/resultat").text
    assert NAMED_UNIT in why_not(results, "ST1"), "why the named unit's requirement does not apply"


# --- a response saved and submitted through the web forms ------------------------------------

def test_a_response_saved_and_submitted_through_the_section_forms(app, app_db, demo):
    """The tagged unit fills in every page it sees: rows, the select, the exclusive choice, email."""
    units = units_of(app_db)
    unit = next(u for u in units if TAG in u["tags"])
    round_id = round_of(app_db, NEW_YEAR)["id"]
    base = f"/svar/{round_id}/{unit['id']}"
    client = app.test_client()
    login(client, demo[1][unit["name"]])
    view = q.for_unit(questionnaire_of(app_db), unit)
    sections = dict(q.sections(view))
    assert "stod" in sections
    for name, section in sections.items():
        answers = dict(ANSWERS[name])
        if name == "dialog":  # a third, empty row is dropped
            answers["aktiviteter"] = answers["aktiviteter"] + [{"namn": "", "datum": "", "lank": ""}]
        saved = post_form(client, f"{base}/avsnitt/{name}", form_fields(section, answers) | {"x-action": "save"})
        assert saved.status_code == 302, (name, saved.text[:3000])
    if "dialog" in sections:
        added = post_form(client, f"{base}/avsnitt/dialog",
                          form_fields(sections["dialog"], ANSWERS["dialog"]) | {"x-action": "add:aktiviteter"})
        assert added.status_code == 302
        page = client.get(added.headers["Location"]).text
        assert f'name="{PREFIX}aktiviteter-2-namn"' in page  # the rows so far and an empty one
        assert "Ungdomsrådet om fritidsgårdarna" in page
    stored = responses.get_response(app_db, round_id, unit["id"])["answers"]
    for name in sections:
        assert stored[name] == {k: v for k, v in ANSWERS[name].items() if k in sections[name]["properties"]}, name
    review = client.get(f"{base}/lamna-in")
    assert review.status_code == 200
    submitted = post_form(client, f"{base}/lamna-in", {}, page_url=f"{base}/lamna-in")
    assert submitted.status_code == 302 and submitted.headers["Location"].endswith("/resultat"), submitted.text[:2000]
    results = client.get(f"{base}/resultat")
    assert results.status_code == 200
    assert "Informatörerna stöttar verksamheternas kommunikation" in results.text
    levels = levels_of(app_db, NEW_YEAR, unit["name"])
    assert levels["I1"] == "partly_met"  # supported, but not helped to evaluate
    assert levels["ST1"] == ("not_applicable" if unit["name"] != NAMED_UNIT else "met")
    if "dialog" in sections:
        assert levels["N1"] == "met" and levels["N2"] == "partly_met"


def test_the_named_unit_answers_its_own_section_and_is_scored_alone(app, app_db, demo):
    units = units_of(app_db)
    named = next(u for u in units if u["name"] == NAMED_UNIT)
    round_id = round_of(app_db, NEW_YEAR)["id"]
    base = f"/svar/{round_id}/{named['id']}"
    client = app.test_client()
    login(client, demo[1][NAMED_UNIT])
    sections = dict(q.sections(q.for_unit(questionnaire_of(app_db), named)))
    typo = form_fields(sections["stab"], ANSWERS["stab"] | {"kontakt": "inte en adress"})
    wrong = post_form(client, f"{base}/avsnitt/stab", typo | {"x-action": "save"})
    assert wrong.status_code == 422 and "Ange en e-postadress" in wrong.text
    for name, section in sections.items():
        saved = post_form(client, f"{base}/avsnitt/{name}", form_fields(section, ANSWERS[name]) | {"x-action": "save"})
        assert saved.status_code == 302, (name, saved.text[:3000])
    submitted = post_form(client, f"{base}/lamna-in", {}, page_url=f"{base}/lamna-in")
    assert submitted.status_code == 302, submitted.text[:2000]
    levels = levels_of(app_db, NEW_YEAR, NAMED_UNIT)
    assert levels["ST1"] == "met"
    assert levels["ST2"] == ("not_met" if named["kind"] == "stab" else "not_applicable")  # crisis plan only partly
    assert levels["I1"] == "not_applicable"
    results = client.get(f"{base}/resultat").text
    assert TAG in why_not(results, "I1"), "why the tag's requirement does not apply"


# --- results, reports, exports, the annual report --------------------------------------------

def test_every_report_page_and_every_export(app, app_db, demo, folder):
    client = app.test_client()
    login(client, demo[1][""])
    definitions = lint.load(folder).reports
    assert definitions
    unit = plain(units_of(app_db), "nämnd")["name"]
    for name, definition in definitions.items():
        # no year asked: a one-year report shows the latest year with results, not 2027's round with none yet
        query = f"?policy={NAME}" + (f"&unit={unit}" if definition["kind"] == "unit_profile" else "")
        page = client.get(f"/rapporter/{name}{query}")
        assert page.status_code == 200, name
        assert "<table" in page.text, name
        for fmt in export.FORMATS:
            download = client.get(f"/rapporter/{name}/export.{fmt}{query}")
            assert download.status_code == 200 and len(download.data) > 60, (name, fmt)
    for fmt in export.FORMATS:
        table = client.get(f"/rapporter/tabell.{fmt}?policy={NAME}")
        assert table.status_code == 200 and len(table.data) > 60, fmt
    for fmt in annual_render.FORMATS:
        annual = client.get(f"/rapporter/arsredovisning.{fmt}?policy={NAME}&year={YEAR}")
        assert annual.status_code == 200 and len(annual.data) > 200, fmt
    round_page = client.get(f"/samordna/omgang/{round_of(app_db, YEAR)['id']}")
    assert round_page.status_code == 200 and NAMED_UNIT in round_page.text


def test_the_read_only_pages_show_rows_and_labels(app, app_db, demo):
    """The coordinator reads a submitted demo response: rows as a table, choices by their labels."""
    client = app.test_client()
    login(client, demo[1][""])
    round_id = round_of(app_db, YEAR)["id"]
    shown = 0
    for unit in units_of(app_db):
        response = responses.get_response(app_db, round_id, unit["id"])
        if response is None or response["status"] != "submitted":
            continue
        for page in ("", "resultat"):
            got = client.get(f"/svar/{round_id}/{unit['id']}/{page}")
            assert got.status_code == 200, (unit["name"], page)
        rows = (response["answers"].get("dialog") or {}).get("aktiviteter")
        if rows:
            page = client.get(f"/svar/{round_id}/{unit['id']}/").text
            assert rows[0]["namn"] in page and "<table" in page
            targeted = [row["malgrupp"] for row in rows if "malgrupp" in row]
            if targeted:
                assert TARGET_GROUPS[targeted[0]] in page, "a row's choice is shown by its label"
            shown += 1
    assert shown, "no submitted demo response with rows"


def test_the_annual_report_from_the_command_line(runner, app, tmp_path):
    for fmt in annual_render.FORMATS:
        output = tmp_path / f"arsredovisning.{fmt}"
        result = runner.invoke(cli, ["--db", app.config["DATABASE"], "annual-report", "--policy", NAME,
                                     "--year", str(YEAR), "--format", fmt, "-o", str(output)])
        assert result.exit_code == 0, result.output
        assert output.stat().st_size > 200, fmt
    html = (tmp_path / "arsredovisning.html").read_text(encoding="utf-8")
    assert "Sjöbacka kommun" in html and "Kommunikationspolicy" in html


def test_policy_check_cannot_tell_without_a_revision_rule(runner, folder):
    result = runner.invoke(cli, ["--content", str(folder), "policy-check", "--date", "2026-11-27"])
    assert result.exit_code == 0, result.output
    assert "Sjöbacka kommun: Kommunikationspolicy\n  Kan inte bedömas" in result.output
