"""`survey round list|open|close|add-unit` on a real database, and the limits a round keeps."""
import pytest

from survey.cli import cli
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import register, rounds
from tests.helpers import ROOT

POLICY = "falkoping-integrationspolicy"
FALKOPING = "Falköpings kommun"


@pytest.fixture
def survey(runner, app):
    def run(*args, input=None):
        return runner.invoke(cli, ["--db", app.config["DATABASE"], "--content", str(ROOT), *args], input=input)
    return run


def test_rounds_are_listed_opened_and_closed_from_the_command_line(survey):
    listing = survey("round", "list")
    assert listing.exit_code == 0 and POLICY in listing.output and "2026  öppen" in listing.output
    opened = survey("round", "open", "--policy", POLICY, "--year", "2027", "--deadline", "2027-10-31",
                    "--kind", "nämnd")
    assert opened.exit_code == 0, opened.output
    assert "Omgången 2027" in opened.output and "enheter" in opened.output
    again = survey("round", "open", "--policy", POLICY, "--year", "2027")
    assert again.exit_code == 1 and again.output.startswith("Fel: Det finns redan en omgång 2027")
    closed = survey("round", "close", "--policy", POLICY, "--year", "2027")
    assert closed.exit_code == 0 and "stängd" in closed.output


def test_closing_a_round_with_drafts_asks_first(survey, app_db):
    refused = survey("round", "close", "--policy", POLICY, "--year", "2026", input="n\n")
    assert refused.exit_code == 1 and "utkast som inte är inlämnade" in refused.output
    round_ = rounds.round_by_year(app_db, store_content.policy_by_name(app_db, POLICY)["id"], 2026)
    assert rounds.round_info(app_db, round_["id"])["status"] == "open"
    assert survey("round", "close", "--policy", POLICY, "--year", "2026", "--yes").exit_code == 0


def test_a_unit_added_during_the_year_joins_the_open_round(survey, app_db):
    assert survey("unit", "add", "Nya nämnden", "--kind", "nämnd", "-O", FALKOPING).exit_code == 0
    joined = survey("round", "add-unit", "--policy", POLICY, "--year", "2026", "--unit", "Nya nämnden")
    assert joined.exit_code == 0, joined.output
    again = survey("round", "add-unit", "--policy", POLICY, "--year", "2026", "--unit", "Nya nämnden")
    assert again.exit_code == 1 and "redan med i omgången" in again.output
    policy = store_content.policy_by_name(app_db, POLICY)
    unit = register.unit_by_name(app_db, policy["organisation_id"], "Nya nämnden")
    assert rounds.in_round(app_db, rounds.round_by_year(app_db, policy["id"], 2026)["id"], unit["id"])


@pytest.mark.parametrize("year, deadline, code", [
    (12, None, "round.bad_year"), (2099 + 2, None, "round.bad_year"),
    (2027, "2026-12-31", "round.bad_deadline"), (2027, "2099-12-31", "round.bad_deadline"),
    (2027, "31/10", "round.bad_deadline")])
def test_implausible_years_and_deadlines_are_refused(app_db, year, deadline, code):
    policy = store_content.policy_by_name(app_db, POLICY)
    with pytest.raises(store_db.StorageError) as refused:
        rounds.open_round(app_db, policy["id"], year, deadline=deadline)
    assert refused.value.msg.code == code


def test_a_closed_round_or_another_organisations_unit_cannot_be_joined(app_db):
    policy = store_content.policy_by_name(app_db, POLICY)
    round_id = rounds.round_by_year(app_db, policy["id"], 2026)["id"]
    other = next(u for o in register.organisations(app_db) if o["id"] != policy["organisation_id"]
                 for u in register.units(app_db, o["id"]))
    with pytest.raises(store_db.StorageError) as refused:
        rounds.add_unit(app_db, round_id, other["id"])
    assert refused.value.msg.code == "round.unit_other_organisation"
