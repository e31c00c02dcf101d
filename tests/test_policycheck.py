from datetime import date

import pytest

from survey.scoring.policycheck import mandate_period_start, revision_status


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
    assert "2026-10-15" in str(status["message"])


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
    assert revision_status(policy, date(2027, 2, 28)) | {"message": ""} == {
        "policy": "p", "rule": "years", "last_decided": "2024-02-29", "due": "2027-02-28",
        "status": "due", "message": ""}


def test_a_policy_that_states_no_revision_rule_cannot_be_assessed():
    status = revision_status({"id": "p", "revision": None, "adopted_date": "2021-03-12"}, date(2026, 11, 27))
    assert (status["status"], status["rule"], status["due"]) == ("unknown", None, None)
    assert str(status["message"]) == "Kan inte bedömas: policyn anger inte när den ska revideras."
