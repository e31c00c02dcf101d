"""`survey followup open|list|close|add-unit` on a real database."""
from __future__ import annotations

import pytest

from survey.cli import cli
from survey.store import db as store_db
from survey.store import register, yearly
from tests import yearly_content as yc


@pytest.fixture
def survey(runner, content_copy, tmp_path):
    built = yc.site(content_copy, tmp_path / "site.db")

    def run(*args):
        return runner.invoke(cli, ["--db", str(built["path"]), "--content", str(content_copy), *args])
    run.built = built
    return run


def test_follow_ups_are_opened_listed_joined_and_closed_from_the_command_line(survey):
    opened = survey("followup", "open", "--year", "2027", "--deadline", "2027-11-30", "--unit", "Kulturnämnden")
    assert opened.exit_code == 0, opened.output
    assert "Uppföljningen 1 (Uppföljning 2027) är öppnad för 3 policyer och 1 enhet." in opened.output
    again = survey("followup", "open", "--year", "2027")
    assert again.exit_code == 1 and "Det finns redan en omgång 2027" in again.output
    listing = survey("followup", "list")
    assert listing.exit_code == 0 and "Uppföljning 2027  öppen  policyer 3  enheter 1" in listing.output
    joined = survey("followup", "add-unit", "--id", "1", "--unit", "Bostadsbolaget AB")
    assert joined.exit_code == 0 and "Bostadsbolaget AB är med i uppföljningen för 3 policyer." in joined.output
    closed = survey("followup", "close", "--id", "1")
    assert closed.exit_code == 0 and "stängd" in closed.output
    db = store_db.connect(survey.built["path"])
    assert {r["status"] for r in yearly.followup_rounds(db, 1)} == {"closed"}
    assert [u["name"] for u in register.units(db, survey.built["org"])]  # the register is untouched
    refused = survey("followup", "add-unit", "--id", "1", "--unit", "Kulturnämnden")
    assert refused.exit_code == 1
