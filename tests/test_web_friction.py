"""A manager's path without friction (issue 11): progress, the confirmation step, the results in words."""
import re

from survey.content import questionnaire as q
from survey.store import responses
from survey.web import presentation
from tests.helpers import ROOT, complete_answers
from tests.web import (
    BOLAG,
    BOLAG_CHEF,
    FALKOPING,
    base,
    form_fields,
    ids,
    login,
    post_form,
)


def _view(content, kind="bolag"):
    return q.for_unit(content.questionnaires[FALKOPING], {"kind": kind})


def test_progress_counts_required_apart_and_does_not_jump_when_follow_ups_appear(content):
    view = _view(content)
    empty = presentation.progress(view, {})
    name = next(n for n, _s in q.sections(view) if q.conditions(view, n))
    follow_up, (condition, *_rest) = next(iter(q.conditions(view, name).items()))
    source, rule = condition.question, condition.rule
    value = rule.get("const", (rule.get("enum") or [None])[0])
    assert value is not None
    one = presentation.progress(view, {name: {source: value}})
    assert (one["required"], one["optional"]) == (empty["required"], empty["optional"])
    page = next(p for p in one["sections"] if p["name"] == name)
    assert page["required_done"] == 0 and any(m["question"] == follow_up for m in page["missing"])
    assert one["next"] == q.sections(view)[0][0]
    assert empty["required"] < sum(len(s["properties"]) for _n, s in q.sections(view))
    assert empty["minutes"] >= 5 and not empty["started"]


def test_progress_continues_at_the_first_incomplete_section_and_counts_carried_answers(content):
    view = _view(content)
    sections = q.sections(view)
    answers = complete_answers(content.questionnaires[FALKOPING], "bolag")
    first, second = sections[0][0], sections[1][0]
    del answers[second]
    shown = presentation.progress(view, answers)
    assert shown["next"] == second and not shown["complete"]
    carried = {f"/{first}/{n}" for n in answers[first]}
    waiting = presentation.progress(view, complete_answers(content.questionnaires[FALKOPING], "bolag"), carried)
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
    view = q.for_unit(store_content.version_body(app_db, round_["questionnaire_version_id"]), {"kind": "bolag"})
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


def test_results_speak_the_respondents_language(client, app_db):
    login(client, "samordnare@falkoping.demo.se")
    row = next(app_db.query("""
        select r.round_id, r.unit_id from responses r join rounds on rounds.id = r.round_id
        join scores s on s.response_id = r.id
        where r.status = 'submitted' and rounds.year = 2026 and s.level = 'partly_met' limit 1"""))
    page = client.get(f"/svar/{row['round_id']}/{row['unit_id']}/resultat")
    assert page.status_code == 200
    assert "alla 2 kriterier" not in page.text
    assert not re.search(r"svar: [a-z]+_[a-z_]+", page.text), re.search(r"svar: [a-z]+_[a-z_]+", page.text)
    assert "kriterier uppfyllda. Inte uppfyllt:" in page.text


def test_a_question_says_which_goals_and_requirements_it_serves_by_title(client, app_db, content):
    login(client, BOLAG_CHEF)
    url = base(app_db, BOLAG)
    page = client.get(f"{url}/avsnitt/medarbetare")
    serves = page.text.split("Frågan hör till")[1].split("</ul>")[0]
    assert "<li>" in serves and not re.search(r"<li>[A-Z]+\d+</li>", serves)


def test_answers_posted_after_signing_out_elsewhere_are_kept_through_sign_in_and_saved(client, app_db):
    from tests.web import csrf_token
    login(client, BOLAG_CHEF)
    url = base(app_db, BOLAG)
    form = client.get(f"{url}/avsnitt/medarbetare")
    token = csrf_token(form.text)
    client.post("/logga-ut", data={"csrf_token": csrf_token(client.get("/").text)})  # another tab
    refused = client.post(f"{url}/avsnitt/medarbetare", data={
        "csrf_token": token, "x-version": "0", "x-action": "next", "q_kannedom_policyn": "ja"})
    assert refused.status_code == 401 and 'name="x-kept"' in refused.text and "logga in igen" in refused.text
    kept = re.search(r'name="x-kept" value="([^"]+)"', refused.text).group(1)
    signed_in = client.post("/logga-in", data={"email": BOLAG_CHEF, "password": "demo2026", "x-kept": kept,
                                               "csrf_token": csrf_token(refused.text)})
    assert signed_in.status_code == 200 and "Dina svar är inte sparade än" in signed_in.text
    assert 'name="q_kannedom_policyn" value="ja"' in signed_in.text
    assert responses.get_response(app_db, *ids(app_db, BOLAG)) is None  # nothing saved before the person saves
    saved = client.post(f"{url}/avsnitt/medarbetare", data={
        "csrf_token": csrf_token(signed_in.text), "x-version": "0", "x-action": "next", "q_kannedom_policyn": "ja"})
    assert saved.status_code == 302
    assert responses.get_response(app_db, *ids(app_db, BOLAG))["answers"]["medarbetare"]["kannedom_policyn"] == "ja"


def test_a_stale_security_code_keeps_the_answers_on_the_page(client, app_db):
    login(client, BOLAG_CHEF)
    url = base(app_db, BOLAG)
    refused = client.post(f"{url}/avsnitt/medarbetare", data={
        "csrf_token": "stale", "x-version": "0", "x-action": "save", "q_kannedom_policyn": "<b>ja</b>"})
    assert refused.status_code == 400 and "Spara mina svar" in refused.text
    assert 'value="&lt;b&gt;ja&lt;/b&gt;"' in refused.text


def test_a_forged_or_foreign_kept_token_is_ignored(client):
    from tests.web import csrf_token
    page = client.get("/logga-in")
    signed_in = client.post("/logga-in", data={"email": BOLAG_CHEF, "password": "demo2026", "x-kept": "forged",
                                               "csrf_token": csrf_token(page.text)})
    assert signed_in.status_code == 302


def test_a_reopened_response_tells_its_manager_by_email_and_banner(client, app_db):
    from tests.web import csrf_token
    round_id, unit_id = ids(app_db, BOLAG)
    row = next(app_db.query("""select r.round_id, r.unit_id, units.name from responses r
        join units on units.id = r.unit_id join rounds on rounds.id = r.round_id
        where r.status = 'submitted' and rounds.year = 2026 and units.organisation_id =
        (select organisation_id from units where id = ?) limit 1""", [unit_id]))
    url = f"/svar/{row['round_id']}/{row['unit_id']}"
    login(client, "samordnare@falkoping.demo.se")
    page = client.get(url + "/")
    done = client.post(f"/samordna/omgang/{row['round_id']}/enhet/{row['unit_id']}/oppna-igen", data={
        "csrf_token": csrf_token(page.text), "reason": "Fel siffra om språkpraktik"})
    assert done.status_code == 302
    sent = list(app_db.query("select * from messages where kind = 'reopened' and unit_id = ?", [row["unit_id"]]))
    assert sent and all("Fel siffra om språkpraktik" in m["body"] and url in m["body"] for m in sent)
    manager = sent[0]["to_address"]
    client.post("/logga-ut", data={"csrf_token": csrf_token(client.get(url + "/").text)})
    login(client, manager)
    overview = client.get(url + "/")
    assert "Svaret är öppnat igen" in overview.text and "Fel siffra om språkpraktik" in overview.text


def test_a_unit_added_during_the_year_joins_the_open_round_in_the_web(client, app_db):
    from survey.store import register, rounds
    from tests.web import csrf_token
    round_id, unit_id = ids(app_db, BOLAG)
    organisation_id = responses.round_info(app_db, round_id)["organisation_id"]
    new_unit = register.add_unit(app_db, organisation_id, "Nya bolaget AB", "bolag")
    login(client, "samordnare@falkoping.demo.se")
    page = client.get(f"/samordna/omgang/{round_id}")
    assert "Lägg till en enhet i omgången" in page.text and "Nya bolaget AB" in page.text
    added = client.post(f"/samordna/omgang/{round_id}/enhet/lagg-till",
                        data={"csrf_token": csrf_token(page.text), "unit_id": new_unit})
    assert added.status_code == 302 and rounds.in_round(app_db, round_id, new_unit)
    other = next(o["id"] for o in register.organisations(app_db) if o["id"] != organisation_id)
    foreign = register.units(app_db, other)[0]["id"]
    refused = client.post(f"/samordna/omgang/{round_id}/enhet/lagg-till",
                          data={"csrf_token": csrf_token(page.text), "unit_id": foreign})
    assert refused.status_code == 404


def test_the_import_preview_flags_look_alikes_and_offers_to_replace_managers(client, app_db):
    import io

    from tests.web import csrf_token
    login(client, "samordnare@falkoping.demo.se")
    page = client.get("/samordna/import")
    data = (ROOT / "docs" / "exempel-enheter.csv").read_bytes()
    preview = client.post("/samordna/import", data={"csrf_token": csrf_token(page.text),
                                                    "file": (io.BytesIO(data), "exempel-enheter.csv")},
                          content_type="multipart/form-data")
    assert preview.status_code == 200
    assert "Personer som liknar någon som redan finns" in preview.text
    assert re.search(r"Maria Ek &lt;maria\.ek@example\.se&gt; – liknar Maria Ek &lt;[^&]+@falkoping", preview.text)
    assert "läggs till; de som redan är ansvariga" in preview.text and 'name="replace"' in preview.text
    token = re.search(r'name="token" value="([^"]+)"', preview.text).group(1)
    unit = app_db.execute("select id from units where name = 'Socialnämnden' and organisation_id = "
                          "(select organisation_id from users where email = 'samordnare@falkoping.demo.se')").fetchone()[0]
    done = client.post("/samordna/import/bekrafta", data={"csrf_token": csrf_token(preview.text), "token": token,
                                                          "org": re.search(r'name="org" value="(\d+)"', preview.text).group(1),
                                                          "replace": "1"})
    assert done.status_code == 302
    managers = [row[0] for row in app_db.execute(
        "select users.email from unit_managers um join users on users.id = um.user_id where um.unit_id = ?", [unit])]
    assert managers == ["maria.ek@example.se"]


def test_implausible_dates_are_refused_and_www_links_completed(content):
    from survey.content.validation import field_errors
    from survey.web.forms import CONVERT
    schema = {"type": "object", "properties": {"d": {"type": "string", "format": "date"},
                                               "l": {"type": "string", "format": "uri"}}}
    for wrong in ("0012-01-01", "2099-12-31"):
        (problem,) = field_errors(schema, {"d": wrong}, complete=False)
        assert problem.message.code == "format.date_range", wrong
    (problem,) = field_errors(schema, {"d": "2026-02-30"}, complete=False)
    assert problem.message.code == "format.date"
    assert field_errors(schema, {"d": "2026-03-01", "l": "http://falkoping.se/policy"}, complete=False) == []
    (problem,) = field_errors(schema, {"l": "falkoping.se"}, complete=False)
    assert "http://" in str(problem.message)
    assert CONVERT["link"]("www.falkoping.se/policy") == "https://www.falkoping.se/policy"


def test_chart_legends_keep_whole_words_series_look_apart_and_the_whole_organisation_stands_out():
    from survey.web import charts
    names = [f"Förvaltning {i}" for i in range(11)] + ["Kommunledningsförvaltningen och stabsenheten", "Hela kommunen"]
    svg = str(charts.line_chart("T", "D", [2025, 2026], {name: [50.0, 60.0] for name in names},
                                highlight="Hela kommunen"))
    assert "Kommunledningsförvaltningen" in svg and ">Kommunledningsförvaltnin<" not in svg
    looks = [charts.style(n) for n in range(32)]
    assert len({(colour, marker) for colour, _dash, marker in looks}) == 32
    assert '<polyline points="' in svg and 'stroke="#000000" stroke-width="4.5"' in svg
    assert svg.index(">Hela kommunen</tspan>") < svg.index(">Förvaltning 0</tspan>")  # first in the legend


def test_the_trend_report_draws_the_whole_organisation_in_black(client):
    login(client, "samordnare@falkoping.demo.se")
    page = client.get(f"/rapporter/utveckling?policy={FALKOPING}")
    assert page.status_code == 200 and "<svg" in page.text
    if "hela kommunen" in page.text.lower():
        assert 'stroke="#000000"' in page.text


def test_reports_say_whom_they_cover_and_agree_with_the_round_page(client, app_db):
    login(client, "samordnare@falkoping.demo.se")
    round_id, _unit = ids(app_db, BOLAG)
    page = client.get(f"/rapporter/kravsammanfattning?policy={FALKOPING}&year=2026")
    assert page.status_code == 200
    found = re.search(r"Rapporten bygger på (\d+) av (\d+) enheter i omgången 2026", page.text)
    summary = responses.round_summary(app_db, round_id)
    assert found and int(found.group(2)) == len(summary)
    assert int(found.group(1)) == sum(u["status"] == "submitted" for u in summary)
    assert "Har inte lämnat in:" in page.text and BOLAG in page.text
    round_page = client.get(f"/samordna/omgang/{round_id}")
    shown = re.findall(r"(\d+(?:,\d)?) %", round_page.text)
    assert shown and any("," in figure for figure in shown)  # one decimal, as in the reports


def test_a_deadline_before_the_rounds_year_is_refused_at_the_field(client, app_db):
    from survey.store import content as store_content
    login(client, "samordnare@falkoping.demo.se")
    policy = store_content.policy_by_name(app_db, FALKOPING)
    refused = post_form(client, "/samordna/omgang/ny", {"policy": policy["id"], "year": "2027", "deadline": "2026-05-01",
                                                        "unit_kinds": ["nämnd"]}, page_url="/samordna/")
    assert refused.status_code == 422
    assert re.search(r'id="deadline-error"|Sista dag 2026-05-01 måste vara ett datum', refused.text)


def test_explanations_name_both_criteria_and_show_answers_by_label():
    from survey.scoring import rules
    labels = {"oversatt": "Översatt material", "ingen": "Ingen"}

    def describe(_path, value):
        return ", ".join(labels.get(v, v) for v in (value if isinstance(value, list) else [value]))

    met = {"level": "met", "reason": None, "criteria": 2, "met_criteria": 2, "unmet": []}
    assert str(rules.explain(met)) == "Uppfyllt: båda kriterierna är uppfyllda."
    assert str(rules.explain(met | {"criteria": 3})) == "Uppfyllt: alla 3 kriterierna är uppfyllda."
    partly = {"level": "partly_met", "reason": None, "criteria": 2, "met_criteria": 1,
              "unmet": [{"label": "Språkstöd", "path": "/answers/a/b", "answer": ["oversatt", "ingen"]}]}
    assert "(svar: Översatt material, Ingen)" in str(rules.explain(partly, describe))
    skipped = {"level": "not_applicable", "reason": "Kravet gäller inte: Språkstöd (svar: ingen).",
               "condition": {"label": "Språkstöd", "path": "/answers/a/b", "answer": "ingen"}}
    assert str(rules.explain(skipped, describe)) == "Ej tillämpligt. Kravet gäller inte: Språkstöd (svar: Ingen)."
