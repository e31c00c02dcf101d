"""Sections and requirements aimed at unit kinds of the policy's own, at tags and at named units:
lint, loading, the form each unit sees, scoring with a reason, the web and the demo."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from survey import demo
from survey.content import lint
from survey.content import questionnaire as q
from survey.content.derive import derive
from survey.i18n import render
from survey.scoring import rules
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import register, responses, rounds, scores
from survey.store.migrations import migrate
from survey.web import create_app
from tests.documents import OTHER, write_derived
from tests.web import login
from tests.workshop import draft_form, new_draft, post_page

NAME = "testvik-kommunikationspolicy"
STAB = "Kommundirektörens stab"
TEXT = """Kommunikationspolicy för Testviks kommun

Mål
Kommunens kommunikation ska vara tydlig och tillgänglig för alla.

Ansvar
Kommunstyrelsen ska leda kommunens kommunikationsarbete.
Informatörerna ska publicera nyheter på webbplatsen varje vecka.
Staben ska ta fram en årlig kommunikationsplan.
Kommundirektörens stab ska utbilda cheferna i klarspråk.
"""
GOAL = "Kommunens kommunikation ska vara tydlig och tillgänglig för alla."
LEAD = "Kommunstyrelsen ska leda kommunens kommunikationsarbete."
NEWS = "Informatörerna ska publicera nyheter på webbplatsen varje vecka."
PLAN = "Staben ska ta fram en årlig kommunikationsplan."
TRAIN = "Kommundirektörens stab ska utbilda cheferna i klarspråk."
YES_NO = [{"const": "ja", "title": "Ja"}, {"const": "nej", "title": "Nej"}]


def _question(title: str, serves: list[str], source: str) -> dict:
    return {"title": title, "type": "string", "oneOf": YES_NO, "x-serves": serves, "x-source": source}


def _section(title: str, question: str, schema: dict, **target) -> dict:
    return {"type": "object", "title": title, "additionalProperties": False, "required": [question],
            "properties": {question: schema}, **target}


def questionnaire() -> dict:
    sections = {
        "allmant": _section("Allmänt", "tydlig", _question("Är kommunikationen tydlig?", ["M1", "B1"], GOAL)),
        "ledning": _section("Ledning", "leder", _question("Leder ni arbetet?", ["KS1"], LEAD),
                            **{"x-applies-to": ["kommunstyrelse"]}),
        "webb": _section("Webben", "nyheter", _question("Publiceras nyheter varje vecka?", ["I1"], NEWS),
                         **{"x-applies-to-tags": ["informatörer"]}),
        "plan": _section("Kommunikationsplan", "plan", _question("Finns en årlig plan?", ["S1"], PLAN),
                         **{"x-applies-to": ["stab"]}),
        "klarsprak": _section("Klarspråk", "utbildning", _question("Har cheferna utbildats?", ["U1"], TRAIN),
                              **{"x-applies-to-units": [STAB]}),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Självskattning: Kommunikationspolicy",
        "type": "object", "additionalProperties": False, "required": list(sections),
        "x-policy": {"id": NAME, "municipality": "Testviks kommun", "title": "Kommunikationspolicy",
                     "adopted_by": None, "adopted_date": None, "revision": None, "follow_up": None,
                     "goals": [{"id": "M1", "title": "Tydlig kommunikation", "source": GOAL}],
                     "kinds": ["kommunstyrelse", "nämnd", "stab"], "tags": ["informatörer"]},
        "properties": sections,
    }


def _rule(rid: str, source: str, path: str, kinds: list[str], **target) -> dict:
    return {"id": rid, "kind": "goal" if rid.startswith("B") else "responsibility", "title": f"Krav {rid}",
            "source": source, "applies_to": kinds, **target, "goals": ["M1"] if rid.startswith("B") else [],
            "criteria": [{"label": "Gjort", "path": path, "schema": {"const": "ja"}}],
            "levels": {"met": "all"}, "advice": "Gör det."}


def ruleset() -> dict:
    return {"policy": NAME, "requirements": [
        _rule("B1", GOAL, "/answers/allmant/tydlig", ["kommunstyrelse", "nämnd", "stab"]),
        _rule("KS1", LEAD, "/answers/ledning/leder", ["kommunstyrelse"]),
        _rule("I1", NEWS, "/answers/webb/nyheter", [], applies_to_tags=["informatörer"]),
        _rule("S1", PLAN, "/answers/plan/plan", ["stab"]),
        _rule("U1", TRAIN, "/answers/klarsprak/utbildning", [], applies_to_units=[STAB]),
    ]}


def write(root: Path, questionnaire: dict, ruleset: dict, name: str = NAME) -> Path:
    """The policy as content files in a fresh content folder (with no other policy)."""
    for folder in ("policies", "questionnaires", "rules", "reports"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "policies" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    for folder, data in (("questionnaires", questionnaire), ("rules", ruleset)):
        (root / folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return root


def messages(problems) -> list[str]:
    return [f"{p.file}: {p.pointer}: {render(p.message, 'sv')}" for p in problems]


def test_a_policy_with_its_own_kind_tags_and_named_units_lints_clean_and_loads(tmp_path):
    root = write(tmp_path, questionnaire(), ruleset())
    assert messages(lint.lint(root)) == []
    assert NAME in lint.load(root).questionnaires


def test_a_section_for_a_tag_is_seen_by_a_tagged_unit_of_another_kind_and_not_by_an_untagged_one():
    body = questionnaire()
    tagged = {"name": "Socialnämnden", "kind": "nämnd", "tags": ["informatörer"]}
    untagged = {"name": "Tekniska nämnden", "kind": "nämnd", "tags": []}
    assert [name for name, _ in q.sections(q.for_unit(body, tagged))] == ["allmant", "webb"]
    assert [name for name, _ in q.sections(q.for_unit(body, untagged))] == ["allmant"]
    answers = {"allmant": {"tydlig": "ja"}, "webb": {"nyheter": "ja"}}
    assert q.check_answers(body, tagged, answers, complete=True) == []
    refused = q.check_answers(body, untagged, answers, complete=True)
    assert [p.pointer for p in refused] == ["/webb"]


def test_the_policy_s_own_kind_and_a_named_unit_see_their_sections():
    body = questionnaire()
    stab = {"name": STAB, "kind": "stab", "tags": []}
    other_stab = {"name": "Ekonomistaben", "kind": "stab"}
    assert [name for name, _ in q.sections(q.for_unit(body, stab))] == ["allmant", "plan", "klarsprak"]
    assert [name for name, _ in q.sections(q.for_unit(body, other_stab))] == ["allmant", "plan"]


def _levels(results: list[dict]) -> dict[str, str]:
    return {r["requirement"]: r["level"] for r in results}


def test_a_requirement_for_a_named_unit_is_scored_for_it_and_not_applicable_with_the_reason_for_others():
    compiled = rules.compile_ruleset(ruleset())
    answers = {"allmant": {"tydlig": "ja"}, "plan": {"plan": "nej"}, "klarsprak": {"utbildning": "ja"}}
    stab = rules.score(compiled, rules.context(answers, {"name": STAB, "kind": "stab", "tags": []}, 2026))
    assert _levels(stab) == {"B1": "met", "KS1": "not_applicable", "I1": "not_applicable", "S1": "not_met",
                             "U1": "met"}
    other = rules.score(compiled, rules.context(answers, {"name": "Ekonomistaben", "kind": "stab"}, 2026))
    assert _levels(other)["U1"] == "not_applicable"
    why = {r["requirement"]: render(rules.explain(r), "sv") for r in other}
    assert why["U1"] == f"Ej tillämpligt. Kravet gäller inte enheten: den är ingen av enheterna {STAB}."
    assert why["I1"] == "Ej tillämpligt. Kravet gäller inte enheten: den har ingen av taggarna informatörer."
    assert why["KS1"] == "Ej tillämpligt. Kravet gäller inte enheter av typen stab."
    assert render(rules.explain(next(r for r in other if r["requirement"] == "U1")), "en") == \
        f"Not applicable. The requirement does not apply to the unit: it is none of the units {STAB}."


def test_a_requirement_for_a_tag_is_scored_for_a_tagged_unit_of_any_kind():
    compiled = rules.compile_ruleset(ruleset())
    answers = {"allmant": {"tydlig": "ja"}, "webb": {"nyheter": "nej"}}
    unit = {"name": "Socialnämnden", "kind": "nämnd", "tags": ["informatörer"]}
    context = rules.context(answers, unit, 2026)
    assert context["unit"]["tags"] == ["informatörer"]
    assert _levels(rules.score(compiled, context))["I1"] == "not_met"


def test_a_requirement_naming_kinds_and_tags_says_both_when_it_does_not_apply():
    spec = ruleset()
    spec["requirements"][2]["applies_to"] = ["kommunstyrelse"]
    compiled = rules.compile_ruleset(spec)
    result = rules.score(compiled, rules.context({}, {"name": "Socialnämnden", "kind": "nämnd"}, 2026))[2]
    assert render(rules.explain(result), "sv") == (
        "Ej tillämpligt. Kravet gäller inte enheten: typen nämnd är inte bland typerna kommunstyrelse; "
        "den har ingen av taggarna informatörer.")


@pytest.mark.parametrize("change,pointer,expected", [
    (lambda qn, rs: qn["properties"]["plan"].update({"x-applies-to": ["staben"]}),
     "questionnaires/{name}.json: /properties/plan/x-applies-to/0",
     "enhetstypen 'staben' finns inte i x-policy.kinds; tillåtna är kommunstyrelse, nämnd, stab."),
    (lambda qn, rs: rs["requirements"][3].update({"applies_to": ["bolag"]}),
     "rules/{name}.json: /requirements/3/applies_to/0",
     "enhetstypen 'bolag' finns inte i x-policy.kinds; tillåtna är kommunstyrelse, nämnd, stab."),
    (lambda qn, rs: rs["requirements"][2].update({"applies_to_tags": ["chefer"]}),
     "rules/{name}.json: /requirements/2/applies_to_tags/0",
     "taggen 'chefer' finns inte i x-policy.tags; tillåtna är informatörer."),
    (lambda qn, rs: qn["properties"]["webb"].update({"x-applies-to-tags": ["webbredaktörer"]}),
     "questionnaires/{name}.json: /properties/webb/x-applies-to-tags/0",
     "taggen 'webbredaktörer' finns inte i x-policy.tags; tillåtna är informatörer."),
])
def test_lint_refuses_a_kind_or_tag_the_policy_does_not_declare_naming_the_allowed_ones(tmp_path, change, pointer,
                                                                                        expected):
    body, spec = questionnaire(), ruleset()
    change(body, spec)
    found = messages(lint.lint(write(tmp_path, body, spec)))
    assert any(m.startswith(pointer.format(name=NAME)) and expected in m for m in found), found


def test_without_declared_kinds_only_the_four_defaults_are_allowed(tmp_path):
    body, spec = questionnaire(), ruleset()
    del body["x-policy"]["kinds"]
    found = messages(lint.lint(write(tmp_path, body, spec)))
    allowed = "tillåtna är kommunstyrelse, nämnd, förvaltning, bolag"
    assert any("/properties/plan/x-applies-to/0: enhetstypen 'stab' finns inte" in m and allowed in m
               for m in found), found
    assert any("/requirements/3/applies_to/0: enhetstypen 'stab'" in m for m in found), found


def test_lint_refuses_a_requirement_for_a_tag_whose_units_never_see_its_questions(tmp_path):
    body, spec = questionnaire(), ruleset()
    spec["requirements"][1]["applies_to_tags"] = ["informatörer"]  # KS1 reads "ledning", for kommunstyrelse only
    found = messages(lint.lint(write(tmp_path, body, spec)))
    assert found == [f"rules/{NAME}.json: /requirements/1/criteria/0/path: avsnittet ledning visas inte för "
                     "enheter med taggen informatörer, som kravet gäller; lägg till taggen i avsnittets "
                     "x-applies-to-tags eller ta bort den ur kravets applies_to_tags"]


def test_lint_refuses_a_requirement_for_a_named_unit_that_never_sees_its_questions(tmp_path):
    body, spec = questionnaire(), ruleset()
    spec["requirements"][3]["applies_to_units"] = [STAB, "Ekonomistaben"]  # S1 reads "plan", for stab only
    body["properties"]["plan"]["x-applies-to-units"] = [STAB]
    found = messages(lint.lint(write(tmp_path, body, spec)))
    assert found == [f"rules/{NAME}.json: /requirements/3/criteria/0/path: avsnittet plan visas inte för enheten "
                     "Ekonomistaben, som kravet gäller; lägg till enheten i avsnittets x-applies-to-units eller ta "
                     "bort den ur kravets applies_to_units"]


def test_lint_refuses_a_requirement_that_addresses_nobody(tmp_path):
    body, spec = questionnaire(), ruleset()
    del spec["requirements"][4]["applies_to_units"]
    found = messages(lint.lint(write(tmp_path, body, spec)))
    assert any(m.startswith(f"rules/{NAME}.json: /requirements/4/applies_to: kravet gäller ingen enhet") for m in found)


def test_a_requirement_for_a_tag_reads_a_section_for_every_kind_without_complaint(tmp_path):
    body, spec = questionnaire(), ruleset()
    spec["requirements"][0]["applies_to_tags"] = ["informatörer"]  # B1 reads "allmant", seen by all kinds
    assert messages(lint.lint(write(tmp_path, body, spec))) == []


def _app_with_round(tmp_path: Path):
    """A database with the test policy loaded, Testvik's units (one tagged, the named stab) and an open round."""
    content = lint.load(write(tmp_path / "content", questionnaire(), ruleset()))
    db = store_db.connect(tmp_path / "app.db")
    migrate(db)
    store_content.load_content(db, content)
    org = register.organisation(db, "Testviks kommun")
    register.add_kind(db, org, "stab")
    ids = {name: register.add_unit(db, org, name, kind, tags=tags) for name, kind, tags in [
        ("Kommunstyrelsen", "kommunstyrelse", []), ("Socialnämnden", "nämnd", ["informatörer"]),
        ("Tekniska nämnden", "nämnd", []), (STAB, "stab", [])]}
    for name, unit_id in ids.items():
        email = f"chef.{register.slugify(name)}@testvik.se"
        register.add_manager(db, org, register.add_user(db, email, name, "demo2026", "manager", org), unit_id)
    round_id = rounds.open_round(db, store_content.policy_by_name(db, NAME)["id"], 2026)
    app = create_app({"DATABASE": str(tmp_path / "app.db"), "SECRET_KEY": "t", "TESTING": True,
                      "EVIDENCE_DIR": str(tmp_path / "evidence")})
    return app, db, round_id, ids


def test_the_web_shows_a_tagged_unit_the_tag_s_section_and_scores_a_named_unit_s_requirement(tmp_path):
    app, db, round_id, ids = _app_with_round(tmp_path)
    tagged, untagged = app.test_client(), app.test_client()
    login(tagged, "chef.socialnamnden@testvik.se")
    login(untagged, "chef.tekniska-namnden@testvik.se")
    page = f"/svar/{round_id}/{{unit}}/"
    seen = tagged.get(page.format(unit=ids["Socialnämnden"]))
    assert seen.status_code == 200 and "Webben" in seen.text
    unseen = untagged.get(page.format(unit=ids["Tekniska nämnden"]))
    assert unseen.status_code == 200 and "Webben" not in unseen.text and "Allmänt" in unseen.text

    answers = {"allmant": {"tydlig": "ja"}, "plan": {"plan": "ja"}, "klarsprak": {"utbildning": "nej"}}
    saved = responses.save(db, round_id, ids[STAB], answers, user_id=None, base_version=0, submit=True)
    assert saved["status"] == "submitted"
    ruleset_version = rounds.round_info(db, round_id)["ruleset_version_id"]
    results = {r["requirement"]: r["level"] for r in scores.stored_results(db, saved["id"], ruleset_version)}
    assert results == {"B1": "met", "KS1": "not_applicable", "I1": "not_applicable", "S1": "met", "U1": "not_met"}
    db.close()
    stab = app.test_client()
    login(stab, "chef.kommundirektorens-stab@testvik.se")
    shown = stab.get(page.format(unit=ids[STAB]) + "resultat")
    assert shown.status_code == 200
    assert "Kravet gäller inte enheten: den har ingen av taggarna informatörer." in shown.text


def test_derive_writes_the_policy_s_kinds_and_tags_and_aims_a_tag_group_at_its_tag(tmp_path):
    result = derive(OTHER.encode(), "mangfald.html")
    meta = result.questionnaire["x-policy"]
    assert meta["kinds"] == ["kommunstyrelse", "nämnd", "förvaltning", "bolag"]
    assert meta["tags"] == ["kommundirektörens-stab", "chefer"]
    sections = result.questionnaire["properties"]
    tagged = {name: s["x-applies-to-tags"] for name, s in sections.items() if "x-applies-to-tags" in s}
    assert tagged == {"ansvar_kommundirektorens_stab": ["kommundirektörens-stab"], "ansvar_chefer": ["chefer"]}
    assert all("x-applies-to" not in sections[name] for name in tagged)
    by_tag = [(r["applies_to"], r["applies_to_tags"]) for r in result.ruleset["requirements"] if "applies_to_tags" in r]
    assert by_tag == [([], ["kommundirektörens-stab"]), ([], ["chefer"])]
    write_derived(tmp_path, result)
    assert messages(lint.lint(tmp_path)) == []
    chef = {"name": "Personalavdelningen", "kind": "förvaltning", "tags": ["chefer"]}
    assert "ansvar_chefer" in dict(q.sections(q.for_unit(result.questionnaire, chef)))
    assert "ansvar_chefer" not in dict(q.sections(q.for_unit(result.questionnaire, chef | {"tags": []})))


def test_the_demo_gives_a_policy_its_kinds_units_of_each_kind_tagged_units_and_named_units(tmp_path):
    content = lint.load(write(tmp_path / "content", questionnaire(), ruleset()))
    db = store_db.connect(tmp_path / "demo.db")
    migrate(db)
    demo.populate(db, content)
    org = next(o["id"] for o in register.organisations(db) if o["name"] == "Testviks kommun")
    assert "stab" in register.kinds(db, org)
    units = {u["name"]: u for u in register.units(db, org)}
    assert {u["kind"] for u in units.values()} == {"kommunstyrelse", "nämnd", "stab"}
    assert units[STAB]["kind"] == "stab"
    assert any("informatörer" in u["tags"] for u in units.values())
    opened = rounds.rounds(db, policy=NAME)
    assert sorted(r["year"] for r in opened) == list(demo.YEARS) and all(r["submitted"] for r in opened)
    db.close()


def test_the_workshop_offers_the_policy_s_kinds_and_previews_a_kind_and_a_tag(client, app_db):
    from survey.store import drafts

    draft = new_draft(client)
    stored = drafts.draft(app_db, draft)
    body, spec = stored["questionnaire"], stored["ruleset"]
    body["x-policy"] |= {"kinds": ["kommunstyrelse", "nämnd", "stab"], "tags": ["informatörer"]}
    section_name, section = next(iter(body["properties"].items()))
    section.pop("x-applies-to", None)
    section["x-applies-to-tags"] = ["informatörer"]
    for rule in spec["requirements"]:
        rule["applies_to"] = [k for k in rule["applies_to"] if k in body["x-policy"]["kinds"]] or ["nämnd"]
    drafts.save(app_db, draft, body, spec, base_version=stored["version"], user_id=None, action="[]")

    page = client.get(f"/verkstad/{draft}")
    key = f"section:{section_name}"
    assert f'name="{key}|kinds" value="stab"' in page.text and f'name="{key}|kinds" value="bolag"' not in page.text
    assert f'name="{key}|tags" id="i-section-{section_name.replace("_", "-")}-tags" value="informatörer"' in page.text
    assert client.get(f"/verkstad/{draft}/forhandsvisning?som=kind:bolag").status_code == 404
    assert client.get(f"/verkstad/{draft}/forhandsvisning?som=tag:chefer").status_code == 404
    untagged = client.get(f"/verkstad/{draft}/forhandsvisning?som=kind:nämnd")
    tagged = client.get(f"/verkstad/{draft}/forhandsvisning?som=tag:informatörer")
    assert untagged.status_code == tagged.status_code == 200
    assert f"<h2>{section['title']}</h2>" in tagged.text and f"<h2>{section['title']}</h2>" not in untagged.text
    assert "med taggen informatörer" in tagged.text

    form = draft_form(client, draft).tick(f"{key}|kinds", ["stab"])
    assert post_page(client, draft, form, f"save:{key}").status_code == 302
    edited = drafts.draft(app_db, draft)["questionnaire"]["properties"][section_name]
    assert edited["x-applies-to"] == ["stab"] and edited["x-applies-to-tags"] == ["informatörer"]
    form = draft_form(client, draft).tick(f"{key}|kinds", [])
    assert post_page(client, draft, form, f"save:{key}").status_code == 302
    edited = drafts.draft(app_db, draft)["questionnaire"]["properties"][section_name]
    assert "x-applies-to" not in edited and edited["x-applies-to-tags"] == ["informatörer"]
