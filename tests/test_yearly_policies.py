"""A policy published during the year joins the open follow-up: from the follow-up's page, from the
workshop's next step after publishing, and from the command line; its units then see it."""
from __future__ import annotations

import re

import pytest

from survey.cli import cli
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import yearly
from survey.web import create_app
from tests import yearly_content as yc
from tests.web import csrf_token, login, post_form
from tests.workshop import draft_form, new_draft, post_page

YEAR = 2027


@pytest.fixture
def built(content_copy, tmp_path):
    return yc.site(content_copy, tmp_path / "site.db")


def _two_policy_followup(built) -> int:
    db = store_db.connect(built["path"])
    try:
        return yearly.open_followup(db, built["org"], YEAR, [built["policies"][yc.FALKOPING],
                                                             built["policies"][yc.OLOFSTROM]])
    finally:
        db.close()


def test_the_coordinator_adds_a_policy_and_its_units_see_it(built):
    followup_id = _two_policy_followup(built)
    app = create_app({"DATABASE": str(built["path"]), "SECRET_KEY": "t", "TESTING": True})
    coordinator, manager = app.test_client(), app.test_client()
    login(coordinator, *yc.COORDINATOR)
    view = f"/samordna/uppfoljningar/{followup_id}"
    page = coordinator.get(view).get_data(as_text=True)
    offered = re.search(r'<select name="policy_id" id="policy_id">(.*?)</select>', page, re.S).group(1)
    assert "Mångfaldspolicy" in offered and "Integrationspolicy" not in offered
    added = post_form(coordinator, f"{view}/policy/lagg-till", {"policy_id": built["policies"][yc.NAME]},
                      page_url=view)
    assert added.status_code == 302
    assert "Mångfaldspolicy är med i uppföljningen för 2 enheter" in coordinator.get(view).get_data(as_text=True)
    login(manager, *yc.MANAGER)
    overview = manager.get(f"/uppfoljning/{followup_id}/{built['units']['Kulturnämnden']}/").get_data(as_text=True)
    assert "Mångfaldspolicy" in overview
    shared = manager.get(f"/uppfoljning/{followup_id}/{built['units']['Kulturnämnden']}/gemensamma")
    assert shared.get_data(as_text=True).count("Mångfaldspolicy") >= 4  # each shared answer counts for it too
    again = post_form(coordinator, f"{view}/policy/lagg-till", {"policy_id": built["policies"][yc.NAME]},
                      page_url=view)
    assert "Det finns redan en omgång 2027" in coordinator.get(again.headers["Location"]).get_data(as_text=True)
    db = store_db.connect(built["path"])
    assert len(yearly.followup_rounds(db, followup_id)) == 3
    yearly.set_status(db, followup_id, "closed")
    other = store_content.policy_by_name(db, yc.NAME)
    with pytest.raises(store_db.StorageError):
        yearly.add_policy(db, followup_id, other["id"])
    db.close()


def test_the_command_line_adds_a_policy(built, runner, content_copy):
    followup_id = _two_policy_followup(built)
    added = runner.invoke(cli, ["--db", str(built["path"]), "--content", str(content_copy), "followup",
                                "add-policy", "--id", str(followup_id), "--policy", yc.NAME])
    assert added.exit_code == 0, added.output
    assert "Mångfaldspolicy är med i uppföljningen för 2 enheter." in added.output
    refused = runner.invoke(cli, ["--db", str(built["path"]), "--content", str(content_copy), "followup",
                                  "add-policy", "--id", str(followup_id), "--policy", yc.NAME])
    assert refused.exit_code == 1 and "Det finns redan en omgång 2027" in refused.output


def test_after_publishing_the_next_step_is_the_open_follow_up(client, app_db):
    olofstrom = store_content.policy_by_name(app_db, "olofstrom-integrationspolicy")
    followup_id = yearly.open_followup(app_db, olofstrom["organisation_id"], YEAR, [olofstrom["id"]])
    draft = new_draft(client)
    published = post_page(client, draft, draft_form(client, draft), "publish", url=f"/verkstad/{draft}/publicera")
    assert published.status_code == 302, published.text
    next_step = client.get(published.headers["Location"]).text
    assert "Nästa steg: ta med policyn i Uppföljning 2027" in next_step and "Eller öppna en egen omgång" in next_step
    action = re.search(r'action="(/samordna/uppfoljningar/\d+/policy/lagg-till)"', next_step).group(1)
    policy_id = re.search(r'name="policy_id" value="(\d+)"', next_step).group(1)
    joined = client.post(action, data={"csrf_token": csrf_token(next_step), "policy_id": policy_id})
    assert joined.status_code == 302 and joined.headers["Location"].endswith(f"/samordna/uppfoljningar/{followup_id}")
    assert len(yearly.followup_rounds(app_db, followup_id)) == 2
    assert "Nästa steg: ta med" not in client.get(published.headers["Location"]).text
