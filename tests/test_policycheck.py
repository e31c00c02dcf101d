import copy
import re
from datetime import date

import pytest

from survey.cli import cli
from survey.i18n import render
from survey.scoring.policycheck import mandate_period_start, revision_status
from survey.store import content as store_content
from survey.store import drafts, rounds
from tests.helpers import ROOT
from tests.web import FALKOPING, coordinator


@pytest.mark.parametrize("day, start", [
    (date(2026, 11, 22), date(2026, 10, 15)),
    (date(2026, 10, 15), date(2026, 10, 15)),
    (date(2026, 10, 14), date(2022, 10, 15)),
    (date(2015, 9, 7), date(2014, 10, 15)),
    (date(2018, 1, 1), date(2014, 10, 15)),
    (date(2030, 10, 15), date(2030, 10, 15)),
])
def test_mandate_period_starts_on_15_october_of_election_years(day, start):
    assert mandate_period_start(day) == start


def test_olofstrom_is_due_since_the_2018_period(content):
    meta = content.questionnaires["olofstrom-integrationspolicy"]["x-policy"]
    status = revision_status(meta, date(2026, 11, 22))
    assert status["status"] == "due"
    assert status["last_decided"] == "2015-09-07"
    assert status["due"] == "2018-10-15"
    assert str(status["message"]) == ("Revision krävs: en ny mandatperiod började 2018-10-15 utan att policyn "
                                      "reviderades. Antagen av kommunfullmäktige 2015-09-07 § 82. Ska revideras "
                                      "varje mandatperiod.")
    assert render(status["message"], "en") == (
        "Revision due: a new term of office began on 2018-10-15 without the policy being revised. Adopted by "
        "kommunfullmäktige on 2015-09-07 § 82. To be revised every term of office.")


def test_falkoping_without_adoption_date_cannot_be_judged(content):
    meta = content.questionnaires["falkoping-integrationspolicy"]["x-policy"]
    status = revision_status(meta, date(2026, 11, 22))
    assert status["status"] == "unknown"
    assert status["due"] is None
    assert str(status["message"]).startswith("Kan inte bedömas")


def mandate_policy(decided):
    return {"id": "p", "adopted_date": decided, "revision": {"rule": "mandate_period", "source": "…"}}


def test_a_revision_in_the_current_period_is_current():
    assert revision_status(mandate_policy("2026-10-15"), date(2026, 11, 22))["status"] == "ok"
    assert revision_status(mandate_policy("2026-10-14"), date(2026, 11, 22))["status"] == "due"


def test_last_revised_takes_precedence_over_adoption():
    policy = mandate_policy("2015-09-07") | {"last_revised": "2023-03-01"}
    status = revision_status(policy, date(2026, 9, 1))
    assert status["status"] == "ok" and status["due"] == "2026-10-15"
    assert revision_status(policy, date(2026, 10, 15))["status"] == "due"


def test_every_third_year():
    policy = {"id": "p", "adopted_date": "2024-02-29", "revision": {"rule": "years", "years": 3, "source": "…"}}
    assert revision_status(policy, date(2027, 2, 27))["status"] == "ok"
    status = revision_status(policy, date(2027, 2, 28))
    assert {key: status[key] for key in ("policy", "rule", "last_decided", "due", "status")} == {
        "policy": "p", "rule": "years", "last_decided": "2024-02-29", "due": "2027-02-28", "status": "due"}
    assert str(status["message"]) == ("Revision krävs: revisionen skulle ha beslutats senast 2027-02-28. Antagen "
                                      "2024-02-29. Ska revideras inom 3 år från senaste beslut.")


def test_revised_by_a_stated_date_needs_no_adoption_date():
    policy = {"id": "p", "adopted_date": None,
              "revision": {"rule": "date", "date": "2027-06-30", "source": "Policyn aktualitetsprövas senast 2027-06-30."}}
    status = revision_status(policy, date(2027, 6, 29))
    assert (status["status"], status["due"]) == ("ok", "2027-06-30")
    assert str(status["message"]) == ("Aktuell: nästa revision ska beslutas senast 2027-06-30. "
                                      "Ska revideras senast 2027-06-30.")
    assert render(status["message"], "en").endswith("To be revised by 2027-06-30.")
    assert revision_status(policy, date(2027, 6, 30))["status"] == "due"
    revised = revision_status(policy | {"last_revised": "2027-07-15"}, date(2027, 8, 1))  # revised, if late
    assert revised["status"] == "unknown" and "anger inte när den ska revideras" in str(revised["message"])


def test_a_policy_that_states_no_revision_rule_cannot_be_assessed():
    status = revision_status({"id": "p", "revision": None, "adopted_date": "2021-03-12"}, date(2026, 11, 27))
    assert (status["status"], status["rule"], status["due"]) == ("unknown", None, None)
    assert str(status["message"]) == "Kan inte bedömas: policyn anger inte när den ska revideras. Antagen 2021-03-12."
    assert str(status["label"]) == "Kan inte bedömas"


# --- one status, said the same way on the coordinator's page, in the report and by policy-check -----

CASES = {
    "date and rule": ({"adopted_by": "Kommunfullmäktige", "adopted_date": "2015-09-07", "adopted_paragraph": "§ 82",
                       "revision": {"rule": "mandate_period", "source": "Policyn ska revideras varje mandatperiod."}},
                      "Revision krävs: en ny mandatperiod började 2018-10-15 utan att policyn reviderades. Antagen av "
                      "kommunfullmäktige 2015-09-07 § 82. Ska revideras varje mandatperiod."),
    "date, no rule": ({"adopted_by": "Kommunstyrelsen", "adopted_date": "2021-03-12", "adopted_paragraph": None,
                       "revision": None},
                      "Kan inte bedömas: policyn anger inte när den ska revideras. Antagen av kommunstyrelsen "
                      "2021-03-12."),
    "a stated date": ({"adopted_by": None, "adopted_date": None, "adopted_paragraph": None,
                       "revision": {"rule": "date", "date": "2025-06-30",
                                    "source": "Policyn aktualitetsprövas senast 2025-06-30."}},
                      "Revision krävs: revisionen skulle ha beslutats senast 2025-06-30. Ska revideras senast "
                      "2025-06-30."),
    "no date": ({"adopted_by": None, "adopted_date": None, "adopted_paragraph": None,
                 "revision": {"rule": "years", "years": 3, "source": "Policyn ska revideras vart tredje år."}},
                "Kan inte bedömas: policyn anger inte när den antogs eller senast reviderades. Ska revideras inom 3 år "
                "från senaste beslut."),
}


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split()).replace(" :", ":")


@pytest.mark.parametrize("case", CASES)
def test_the_coordinators_page_the_report_policy_check_and_the_workshop_say_the_same(case, app, app_db, client,
                                                                                    runner):
    metadata, statement = CASES[case]
    policy = store_content.policy_by_name(app_db, FALKOPING)
    questionnaire = copy.deepcopy(store_content.version_body(app_db, policy["questionnaire_version_id"]))
    title = f"Policy med {case}"
    questionnaire["x-policy"] |= metadata | {"id": "fallet", "title": title}
    ruleset = store_content.version_body(app_db, policy["ruleset_version_id"]) | {"policy": "fallet"}
    published = store_content.publish(app_db, policy["organisation_id"], "fallet", questionnaire, ruleset)
    rounds.open_round(app_db, published["policy_id"], 2026)

    coordinator(client)
    page = client.get("/samordna/").text
    item = next(li for li in re.findall(r"<li>.*?</li>", page, re.S) if title in li)
    assert words(item) == f"Falköpings kommun: {title} {statement}"
    report = client.get("/rapporter/arsredovisning.html?policy=fallet&year=2026").text
    assert f"<h2>Policyns revidering</h2>\n<p>{statement}</p>" in report
    checked = runner.invoke(cli, ["--db", app.config["DATABASE"], "--content", str(ROOT), "policy-check"])
    assert checked.exit_code == 0 and f"Falköpings kommun: {title}\n  {statement}\n" in checked.output
    draft = drafts.create(app_db, policy["organisation_id"], "fallet", text="Policytext.", questionnaire=questionnaire,
                          ruleset=ruleset, review=[], user_id=None)
    workshop = client.get(f"/verkstad/{draft}").text
    assert f'<p class="help" id="revision-status">Policyns revidering: {statement}</p>' in workshop
