"""The one gate for answers: every way answers enter is checked the same way and written whole."""
import copy

import pytest

from survey.content import lint
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import register, responses, rounds
from survey.web import create_app
from tests.helpers import complete_answers, edit_json
from tests.web import MANAGER, login, post_form, unit_with_manager

POLICY = "falkoping-integrationspolicy"


@pytest.fixture
def nämnd(db, content):
    store_content.load_content(db, content)
    policy = store_content.policy_by_name(db, POLICY)
    unit_id = register.add_unit(db, policy["organisation_id"], "Socialnämnden", "nämnd")
    return {"policy": policy, "unit": unit_id, "round": rounds.open_round(db, policy["id"], 2026)}


def test_scoring_that_fails_during_submit_leaves_the_draft_as_it_was(db, content, nämnd):
    answers = complete_answers(content.questionnaires[POLICY], "nämnd")
    responses.save(db, nämnd["round"], nämnd["unit"], answers, user_id=None, base_version=0)
    broken = copy.deepcopy(content.rulesets[POLICY])
    broken["requirements"][0]["criteria"][0]["schema"] = {"$ref": "#/$defs/finns-inte"}
    version_id, _new = store_content.store_version(db, "ruleset", POLICY, "broken", broken)
    db["rounds"].update(nämnd["round"], {"ruleset_version_id": version_id})
    with pytest.raises(Exception) as failed:
        responses.save(db, nämnd["round"], nämnd["unit"], answers, user_id=None, base_version=1, submit=True)
    assert not isinstance(failed.value, store_db.StorageError)  # it failed in scoring, after the checks
    stored = responses.get_response(db, nämnd["round"], nämnd["unit"])
    assert (stored["status"], stored["version"], stored["submitted_at"]) == ("draft", 1, None)
    assert [h["action"] for h in responses.history(db, stored["id"])] == ["save"]
    assert db["scores"].count == 0
    assert not db.conn.in_transaction


def test_the_cli_import_the_web_and_the_storage_refuse_the_same_answer(db, nämnd):
    bad = {"mal": {"plan_finns": "ja", "plan_datum": "2026-02-30"}}
    with pytest.raises(responses.InvalidAnswers) as refused:
        responses.save(db, nämnd["round"], nämnd["unit"], bad, user_id=None, base_version=0)
    assert [(p.pointer, p.message.code, str(p.message)) for p in refused.value.problems] == [
        ("/mal/plan_datum", "format.date", "Ange ett datum som ÅÅÅÅ-MM-DD.")]
    assert responses.get_response(db, nämnd["round"], nämnd["unit"]) is None


def test_a_submit_with_answers_carried_over_and_not_confirmed_is_refused(db, content, nämnd):
    answers = complete_answers(content.questionnaires[POLICY], "nämnd")
    marks = {"carried": ["/mal/kort_sikt"], "confirmed": []}
    with pytest.raises(responses.InvalidAnswers) as refused:
        responses.save(db, nämnd["round"], nämnd["unit"], answers, user_id=None, base_version=0, submit=True,
                       marks=marks)
    assert [p.pointer for p in refused.value.problems] == ["/mal/kort_sikt"]


def test_a_carried_over_answer_the_format_now_rejects_is_refused_at_its_field(tmp_path, content_copy, content):
    """Last year the link was free text; this year it must be a link: the old answer is not carried over."""
    def free_text(questionnaire):
        link = questionnaire["properties"]["mal"]["properties"]["plan_lank"]
        link.pop("format")
        link["maxLength"] = 300

    edit_json(content_copy / "questionnaires" / f"{POLICY}.json", free_text)
    path = tmp_path / "gate.db"
    policy, unit_id, user_id = unit_with_manager(path, lint.load(content_copy), POLICY)
    db = store_db.connect(path)
    last_year = rounds.open_round(db, policy["id"], 2025)
    answers = complete_answers(content.questionnaires[POLICY], "nämnd",
                               mal={"plan_finns": "ja", "plan_lank": "se intranätet"})
    responses.save(db, last_year, unit_id, answers, user_id=user_id, base_version=0, submit=True)
    store_content.load_content(db, content)
    this_year = rounds.open_round(db, policy["id"], 2026)
    db.close()

    client = create_app({"DATABASE": str(path), "SECRET_KEY": "t", "TESTING": True}).test_client()
    login(client, *MANAGER)
    url = f"/svar/{this_year}/{unit_id}"
    assert post_form(client, url + "/borja-fran-forra-aret", {}, page_url=url + "/").status_code == 302
    page = client.get(url + "/avsnitt/mal")
    assert "Förra årets svar kunde inte föras över: Ange en fullständig länk som börjar med https:// (eller http://)." in page.text
    db = store_db.connect(path)
    carried = responses.get_response(db, this_year, unit_id)
    assert "plan_lank" not in carried["answers"]["mal"]
    assert carried["answers"]["mal"]["plan_finns"] == "ja" and "/mal/plan_finns" in carried["carried"]
