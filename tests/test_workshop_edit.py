"""The workshop's edits as pure functions on a draft: every kind of question the format has, made
in the form and read back, criteria and follow-ups that keep to what a question offers, whom an
item addresses (a requirement follows its section), quotes taken from the text only, placeholders,
what a removal takes with it, history in words, readable ids and the sentences to pick from.
Each edit leaves a draft that passes lint.
"""
from __future__ import annotations

import json

import documents
import pytest

from survey.content import answer_kinds, changes, edit, findings, items, restructure
from survey.content import questionnaire as q
from survey.content.derive import derive
from survey.content.lint.quotes import quoted, sentences
from survey.i18n import render
from tests.workshop import MISSED, POLICY

NAME = "ort-mangfaldspolicy"


@pytest.fixture(scope="module")
def derived():
    return derive(POLICY.encode(), "policy.txt", NAME)


@pytest.fixture
def draft(derived):
    return edit.Draft.of(derived.questionnaire, derived.ruleset)


def _question(draft, rid):
    return next((s, n) for s, n, schema in q.questions(draft.questionnaire)
                if schema["x-serves"] == [rid] and "oneOf" in schema)


def _clean(draft, derived) -> list:
    return [f for f in findings.findings(draft, NAME, derived.text) if f.message.code != "finding.placeholder"]


def _edit(draft, key, **changed) -> dict:
    form = items.values(draft, key) | {k: v if isinstance(v, list) else [v] for k, v in changed.items()}
    return items.edit(draft, key, form, ("kommunstyrelse", "nämnd", "förvaltning", "bolag"))


@pytest.mark.parametrize("kind", list(answer_kinds.KINDS))
def test_every_kind_of_question_is_made_in_the_form_and_read_back(draft, derived, kind):
    rid = draft.requirements[0]["id"]
    section, name = _question(draft, rid)
    key = f"question:{section}/{name}"
    extra = {"options": "Ja, helt\nDelvis\nInte alls"} if kind in answer_kinds.WITH_OPTIONS else {}
    extra |= {"minimum": "0", "maximum": "100", "unit": "%"} if kind in answer_kinds.WITH_BOUNDS else {}
    assert _edit(draft, key, kind=kind, evidence="on", **extra) == {}
    schema = draft.sections[section]["properties"][name]
    assert answer_kinds.kind_of(schema) == kind and schema["x-evidence"] is True
    assert items.values(draft, key)["kind"] == [kind]
    assert _clean(draft, derived) == []  # criteria and follow-ups on it kept to what it now offers


def test_a_structured_list_gets_the_fields_a_person_writes_one_a_line(draft, derived):
    section, name = _question(draft, draft.requirements[0]["id"])
    key = f"question:{section}/{name}"
    assert _edit(draft, key, kind="rader", row_title="Aktivitet") == {}
    assert items.values(draft, key)["fields"] == ["Beskrivning"]
    assert _edit(draft, key, kind="rader", fields="Beskrivning\nDatum (datum)\nAntal deltagare (tal)") == {}
    row = draft.sections[section]["properties"][name]["items"]
    assert [spec["title"] for spec in row["properties"].values()] == ["Beskrivning", "Datum", "Antal deltagare"]
    assert row["properties"]["datum"]["format"] == "date" and row["properties"]["antal_deltagare"]["type"] == "number"
    assert row["required"] == ["beskrivning"]  # the field that was required stays so; new ones are optional
    assert items.values(draft, key)["fields"] == ["Beskrivning\nDatum (datum)\nAntal deltagare (tal)"]
    assert _edit(draft, key, kind="rader", fields="Datum (datum)\nVad gjorde ni?") == {}
    assert list(draft.sections[section]["properties"][name]["items"]["properties"]) == ["datum", "vad_gjorde_ni"]
    assert draft.sections[section]["properties"][name]["items"]["required"] == ["datum"]
    refused = _edit(draft, key, kind="rader", fields="Datum\nDatum")
    assert [render(message) for message in refused.values()] == ["Fältet ”Datum” står två gånger."]
    assert set(_edit(draft, key, kind="rader", fields=" \n")) == {"fields"}
    assert _clean(draft, derived) == []


def test_a_question_linked_to_a_shared_one_takes_its_key_words_and_answer(draft, derived):
    section, name = _question(draft, draft.requirements[0]["id"])
    key = f"question:{section}/{name}"
    catalogue = {"handlingsplan": {"title": "Har verksamheten en beslutad handlingsplan?", "type": "boolean",
                                   "x-shared": "handlingsplan", "x-serves": ["X1"], "x-source": "annan policy"}}
    form = items.values(draft, key) | {"shared": ["handlingsplan"]}
    assert items.edit(draft, key, form, None, catalogue) == {}
    schema = draft.sections[section]["properties"][name]
    assert (schema["x-shared"], schema["type"], schema["title"]) == (
        "handlingsplan", "boolean", "Har verksamheten en beslutad handlingsplan?")
    assert schema["x-serves"] != ["X1"] and schema["x-source"] != "annan policy"  # its own quote and purpose
    assert items.values(draft, key)["shared"] == ["handlingsplan"]
    assert _clean(draft, derived) == []  # criteria on it kept to what a yes/no question offers
    assert set(items.edit(draft, key, items.values(draft, key) | {"shared": ["okand"]}, None, catalogue)) == {"shared"}
    assert items.edit(draft, key, items.values(draft, key) | {"shared": [""]}, None, catalogue) == {}
    assert "x-shared" not in draft.sections[section]["properties"][name]


def test_criteria_are_a_question_and_a_condition_and_levels_follow_their_number(draft, derived):
    rule = draft.requirements[0]
    key = f"requirement:{rule['id']}"
    section, name = _question(draft, rule["id"])
    assert restructure.add_criterion(draft, rule["id"])
    n = len(rule["criteria"]) - 1
    assert _edit(draft, key, **{f"crit-{n}-label": "Helt uppfyllt", f"crit-{n}-test": f"{section}/{name}|is:ja",
                                "met": str(n + 1), "partly": "1", "weight": "3"}) == {}
    assert rule["criteria"][n] == {"label": "Helt uppfyllt", "path": f"/answers/{section}/{name}",
                                   "schema": {"const": "ja"}}
    assert rule["weight"] == 3 and rule["levels"] == {"met": "all", "partly_met": 1}
    refused = _edit(draft, key, **{f"crit-{n}-test": f"{section}/{name}|min", "partly": str(n + 1)})
    assert set(refused) == {f"crit-{n}-test", "partly"}  # no number condition on a scale; partly below met
    assert restructure.remove_criterion(draft, rule["id"], n) and len(rule["criteria"]) == n
    assert _clean(draft, derived) == []


def test_a_follow_up_is_asked_on_another_questions_answer(draft, derived):
    section, name = _question(draft, draft.requirements[0]["id"])
    follow = next(n for n, s in draft.sections[section]["properties"].items() if n != name and "oneOf" not in s)
    key = f"question:{section}/{follow}"
    assert _edit(draft, key, condition=f"{name}|is:nej", kind="lang-text") == {}
    assert q.conditions(draft.questionnaire, section)[follow][0].rule == {"const": "nej"}
    assert follow not in draft.sections[section]["required"]
    assert _edit(draft, key, condition="always", required="on") == {}
    assert follow not in q.conditions(draft.questionnaire, section)
    assert follow not in draft.sections[section]["required"]  # a criterion counts any answer: it stays optional
    assert _clean(draft, derived) == []


def test_a_requirement_follows_its_section_unless_it_has_units_of_its_own(draft, derived):
    rule = draft.requirements[0]
    home = draft.home(rule["id"])
    assert edit.inherits(draft, rule)
    assert _edit(draft, f"section:{home}", kinds=["nämnd", "förvaltning"], tags="chefer") == {}
    assert (rule["applies_to"], rule["applies_to_tags"]) == (["nämnd", "förvaltning"], ["chefer"])
    assert "chefer" in draft.policy["tags"]
    assert _edit(draft, f"requirement:{rule['id']}", target="own", kinds=["nämnd"], tags="") == {}
    assert rule["applies_to"] == ["nämnd"] and not edit.inherits(draft, rule)
    assert _edit(draft, f"section:{home}", kinds=["förvaltning"], tags="") == {}
    assert rule["applies_to"] == ["nämnd"]  # its own: not changed with the section
    assert [f.action for f in _clean(draft, derived)] == ["follow"]  # asked where nämnder never see it
    assert _edit(draft, f"requirement:{rule['id']}", target="section") == {}
    assert _clean(draft, derived) == []
    assert _edit(draft, f"section:{home}", kinds=[], tags="", units="") == {"kinds": edit.NO_KIND()}


def test_metadata_is_set_and_the_notes_it_answers_go(draft):
    refused = _edit(draft, "policy", adopted_date="13/5 2024", revision_rule="years", revision_years="",
                    revision_source="")
    assert set(refused) == {"adopted_date", "revision_years", "revision_source"}
    assert _edit(draft, "policy", adopted_by="Kommunfullmäktige", adopted_date="2024-05-13", adopted_paragraph="41",
                 replaces="Jämställdhetsplanen", revision_rule="years", revision_years="4",
                 revision_source="Beslut i kommunfullmäktige 2024-05-13 § 41.") == {}
    assert draft.policy["adopted_paragraph"] == "§ 41"
    assert draft.policy["revision"] == {"rule": "years", "years": 4,
                                        "source": "Beslut i kommunfullmäktige 2024-05-13 § 41."}
    assert not [n for n in draft.policy["x-review"] if n["about"] in edit.REVIEWED_FIELDS]
    assert _edit(draft, "policy", kinds=["nämnd"])["kinds"].code == "edit.kind_in_use"
    source = "Beslut i kommunfullmäktige 2024-05-13 § 41."
    assert set(_edit(draft, "policy", revision_rule="date", revision_date="", revision_source=source)) == {
        "revision_date"}
    assert _edit(draft, "policy", revision_rule="date", revision_date="2028-06-30", revision_source=source) == {}
    assert draft.policy["revision"] == {"rule": "date", "date": "2028-06-30", "source": source}


def test_quotes_come_from_the_text_and_new_items_start_from_one(draft, derived):
    goal = draft.goals[0]
    assert edit.set_quote(draft, f"goal:{goal['id']}", "Något som inte står där.", derived.text) == edit.NOT_QUOTED()
    asking = [s for _s, _n, s in q.questions(draft.questionnaire) if goal["id"] in s["x-serves"]]
    passage = "Kommunens medarbetare ska spegla befolkningens sammansättning."
    assert edit.set_quote(draft, f"goal:{goal['id']}", passage, derived.text) is None
    assert goal["source"] == passage and all(s["x-source"] == passage for s in asking)
    section = restructure.section_for(draft, "bolag")
    rid = restructure.add_requirement(draft, section, MISSED)
    gid = restructure.add_goal(draft, sentences(derived.text)[0])
    assert draft.requirement(rid)["applies_to"] == ["bolag"] and rid.startswith("BO")
    assert draft.goal(gid)["source"] == sentences(derived.text)[0]
    assert restructure.add_question(draft, section, rid, MISSED)
    assert _clean(draft, derived) == [] and edit.placeholders(draft) == []


def test_placeholders_block_publishing_and_say_where(draft, derived):
    draft.goals[1]["title"] = edit.NEW_GOAL
    draft.policy["municipality"] = "Ej angivet i policyn – fyll i"
    found = [(f.key, f.field) for f in findings.findings(draft, NAME, derived.text) if f.action == "open"
             and f.message.code == "finding.placeholder"]
    assert found == [("policy", "municipality"), (f"goal:{draft.goals[1]['id']}", "title")]


def test_removing_says_what_goes_with_it(draft):
    goal = draft.goals[0]["id"]
    gone, criteria = restructure.dependants(draft, f"goal:{goal}")
    judged = [r for r in draft.requirements if r["goals"] == [goal]]
    assert judged and all(f"requirement:{r['id']}" in gone for r in judged)
    assert any(k.startswith("question:") for k in gone) and criteria == 0
    assert restructure.dependants(draft, "goal:NONE") == ({}, 0)


def test_history_in_words_and_in_english(draft, derived):
    before = (json.loads(json.dumps(draft.questionnaire)), json.loads(json.dumps(draft.ruleset)))
    section, name = _question(draft, draft.requirements[0]["id"])
    title = draft.sections[section]["properties"][name]["title"]
    restructure.remove(draft, f"question:{section}/{name}")
    kept = changes.stored(changes.describe(before, (draft.questionnaire, draft.ruleset)))
    words = [render(m) for m in changes.messages(kept)]
    assert f"Frågan ”{title}” togs bort." in words
    assert f"The question “{title}” was removed." in [render(m, "en") for m in changes.messages(kept)]
    assert [render(m) for m in changes.messages("save goal:M1")] == ["Ändring: save goal:M1"]


def test_a_readable_unique_id_and_the_sentences_to_pick_from(derived):
    assert edit.policy_name("Falköpings kommun", "Mångfaldspolicy för Orts kommun", set()) == \
        "falkoping-mangfaldspolicy"
    assert edit.policy_name("Orts kommun", "Mångfaldspolicy", {"ort-mangfaldspolicy"}) == "ort-mangfaldspolicy-2"
    assert not edit.same_place("Orts kommun", "Falköpings kommun") and edit.same_place("", "Falköpings kommun")
    listed = sentences(derived.text)
    assert "Nämnderna ska utbilda sina chefer i inkluderande rekrytering." in listed and MISSED in listed
    assert all(quoted(derived.text, s) for s in listed)
    for seed in ("olofstrom", "falkoping"):
        text = documents.seed(seed)
        assert all(quoted(text, s) for s in sentences(text)) and len(sentences(text)) > 20
    assert not any(s.endswith(":") for s in listed)
