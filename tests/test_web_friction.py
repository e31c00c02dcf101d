"""A manager's path without friction (issue 11): progress, the confirmation step, the results in words."""
import re

from survey.content import questionnaire as q
from survey.store import responses
from survey.web import views
from tests.test_web_respond import BOLAG, BOLAG_CHEF, FALKOPING, base, ids
from tests.web import form_fields, login, post_form


def _view(content, kind="bolag"):
    return q.for_unit_kind(content.questionnaires[FALKOPING], kind)


def test_progress_counts_required_apart_and_does_not_jump_when_follow_ups_appear(content):
    view = _view(content)
    empty = views.progress(view, {})
    name, section = next((n, s) for n, s in q.sections(view) if q.conditions(s))
    follow_up, (condition, *_rest) = next(iter(q.conditions(section).items()))
    (source, rule), = condition["properties"].items()
    value = rule.get("const", (rule.get("enum") or [None])[0])
    assert value is not None
    one = views.progress(view, {name: {source: value}})
    assert (one["required"], one["optional"]) == (empty["required"], empty["optional"])
    page = next(p for p in one["sections"] if p["name"] == name)
    assert page["required_done"] == 0 and any(m["question"] == follow_up for m in page["missing"])
    assert one["next"] == q.sections(view)[0][0]
    assert empty["required"] < sum(len(s["properties"]) for _n, s in q.sections(view))
    assert empty["minutes"] >= 5 and not empty["started"]


def test_progress_continues_at_the_first_incomplete_section_and_counts_carried_answers(content):
    view = _view(content)
    sections = q.sections(view)
    from tests.conftest import complete_answers
    answers = complete_answers(content.questionnaires[FALKOPING], "bolag")
    first, second = sections[0][0], sections[1][0]
    del answers[second]
    shown = views.progress(view, answers)
    assert shown["next"] == second and not shown["complete"]
    carried = {f"/{first}/{n}" for n in answers[first]}
    waiting = views.progress(view, complete_answers(content.questionnaires[FALKOPING], "bolag"), carried)
    assert waiting["carried"] == len(carried) and waiting["next"] == first and not waiting["complete"]


def test_submitting_goes_through_a_confirmation_step_with_missing_questions_and_a_preview(client, app_db):
    login(client, BOLAG_CHEF)
    url = base(app_db, BOLAG)
    post_form(client, f"{url}/avsnitt/medarbetare", {"q_kannedom_policyn": "ja", "x-action": "save"})
    overview = client.get(url + "/")
    assert "Granska och lämna in" in overview.text and "Obligatoriska frågor: 1 av" in overview.text
    assert f'href="{url}/avsnitt/' in overview.text
    step = client.get(url + "/lamna-in")
    assert step.status_code == 200
    assert "Obligatoriska frågor som saknar svar" in step.text and "Frivilliga frågor utan svar" in step.text
    assert "Förhandsvisning av resultatet" in step.text
    assert f'href="{url}/avsnitt/medarbetare#q_utbildning_andel"' in step.text
    assert "Lämna in självskattningen" not in step.text  # nothing to submit while required answers are missing
    assert responses.get_response(app_db, *ids(app_db, BOLAG))["status"] == "draft"


def test_the_refused_submission_lists_problems_in_form_order(client, app_db, content):
    login(client, BOLAG_CHEF)
    url = base(app_db, BOLAG)
    post_form(client, f"{url}/avsnitt/medarbetare", {"q_kannedom_policyn": "ja"})
    refused = post_form(client, url + "/lamna-in", {}, page_url=f"{url}/avsnitt/medarbetare")
    assert refused.status_code == 422
    linked = re.findall(r'href="[^"]*/avsnitt/(\w+)#q_(\w+)"', refused.text.split('id="problems"')[1].split("</div>")[0])
    order = [(s, n) for s, n, _schema in q.questions(_view(content))]
    assert linked and [order.index(pair) for pair in linked] == sorted(order.index(pair) for pair in linked)


def test_confirm_all_carried_answers_on_a_page_at_once(client, app_db):
    login(client, BOLAG_CHEF)
    url = base(app_db, BOLAG)
    post_form(client, url + "/borja-fran-forra-aret", {}, page_url=url + "/")
    round_id, unit_id = ids(app_db, BOLAG)
    response = responses.get_response(app_db, round_id, unit_id)
    overview = client.get(url + "/")
    assert f"{len(response['carried'])} svar från förra året väntar på din bekräftelse" in overview.text
    name = response["carried"][0].split("/")[1]
    page = client.get(f"{url}/avsnitt/{name}")
    assert 'name="x-bekrafta-alla"' in page.text
    from survey.store import content as store_content
    round_ = responses.round_info(app_db, round_id)
    view = q.for_unit_kind(store_content.version_body(app_db, round_["questionnaire_version_id"]), "bolag")
    section = dict(q.sections(view))[name]
    fields = form_fields(section, response["answers"][name]) | {"x-bekrafta-alla": "ja", "x-action": "save"}
    saved = post_form(client, f"{url}/avsnitt/{name}", fields)
    assert saved.status_code == 302
    after = responses.get_response(app_db, round_id, unit_id)
    assert not [p for p in after["carried"] if p.startswith(f"/{name}/")]
    assert len(after["confirmed"]) == len([p for p in response["carried"] if p.startswith(f"/{name}/")])


def test_saved_message_tells_the_time_not_a_version(client, app_db):
    login(client, BOLAG_CHEF)
    url = base(app_db, BOLAG)
    post_form(client, f"{url}/avsnitt/medarbetare", {"q_kannedom_policyn": "ja", "x-action": "save"})
    page = client.get(f"{url}/avsnitt/medarbetare")
    assert re.search(r"Sparat kl\. \d\d\.\d\d\.", page.text) and "version 1)" not in page.text
