"""API tokens: made and revoked by coordinators (their organisation) and administrators, on the web page
and with `survey token`; shown once, stored hashed, in the audit log."""
from __future__ import annotations

import re

from survey.cli import cli
from survey.store import audit, tokens
from tests.api import Reader
from tests.web import COORDINATOR, OTHER_CHEF, csrf_token, login, post_form

PAGE = "/samordna/api-nycklar/"


def _secret(html: str) -> str:
    found = re.search(r'id="made-token" type="text" readonly value="(pu_[^"]+)"', html)
    assert found, "the new token is not on the page"
    return found.group(1)


def test_a_coordinator_makes_a_token_sees_it_once_and_revokes_it(app, client, app_db):
    app.config["API_RATE_LIMIT"] = 0
    login(client, COORDINATOR)
    assert "API-nycklar" in client.get("/rapporter/").text
    refused = post_form(client, PAGE, {"name": "   ", "days": "90"})
    assert refused.status_code == 422 and "Ge nyckeln ett namn" in refused.text
    made = post_form(client, PAGE, {"name": "Power BI <uppföljning>", "days": "30"})
    assert made.status_code == 201 and made.headers["Cache-Control"] == "no-store"
    secret = _secret(made.text)
    assert "Power BI &lt;uppföljning&gt;" in made.text
    listed = client.get(PAGE).text
    assert secret not in listed and secret[:10] in listed and "aktiv" in listed
    stored = tokens.tokens(app_db)[0]
    assert stored["token_hash"] != secret and secret not in str(stored) and stored["expires_at"] > stored["created_at"]

    reader = Reader(app.test_client(), secret)
    assert reader.get("/api/v1/").get_json()["organisation"]["name"] == "Falköpings kommun"
    revoked = post_form(client, f"{PAGE}{stored['id']}/aterkalla", {}, page_url=PAGE)
    assert revoked.status_code == 302
    assert reader.get("/api/v1/").status_code == 401
    assert "återkallad" in client.get(PAGE).text
    assert [e["action"] for e in audit.entries(app_db) if e["action"].startswith(("token", "api"))] == [
        "token_revoke", "api_use", "token_create"]


def test_tokens_are_for_coordinators_and_administrators_of_their_organisation(app, client, app_db):
    login(client, OTHER_CHEF)
    assert client.get(PAGE).status_code == 404
    theirs = tokens.create(app_db, 2, "Olofströms Power BI")  # Olofström's token, out of Falköping's reach
    login(client, COORDINATOR)
    assert "Olofströms Power BI" not in client.get(PAGE).text
    page = client.get(PAGE)
    refused = client.post(f"{PAGE}{theirs['id']}/aterkalla", data={"csrf_token": csrf_token(page.text)})
    assert refused.status_code == 404 and tokens.token_of(app_db, theirs["id"])["status"] == "active"
    assert client.post(PAGE, data={"name": "Utan kod", "days": "90"}).status_code == 400  # no CSRF token

    admin = app.test_client()
    login(admin, "admin@demo.se")
    made = post_form(admin, f"{PAGE}?org=2", {"name": "Regionens dashboard", "days": "365", "org": "2"},
                     page_url=f"{PAGE}?org=2")
    secret = _secret(made.text)
    assert Reader(app.test_client(), secret).get("/api/v1/").get_json()["organisation"]["name"] == "Olofströms kommun"


def test_survey_token_create_list_revoke(runner, tmp_path):
    db = ["--db", str(tmp_path / "cli.db")]
    runner.invoke(cli, db + ["init"])
    from survey.store import db as store_db
    from survey.store import register
    handle = store_db.connect(tmp_path / "cli.db")
    register.organisation(handle, "Falköpings kommun")
    register.organisation(handle, "Olofströms kommun")
    handle.close()
    made = runner.invoke(cli, db + ["token", "create", "--org", "Falköpings kommun", "--name", "Power BI", "--days", "30"])
    assert made.exit_code == 0, made.output
    secret = made.output.strip().splitlines()[-1]
    assert secret.startswith("pu_") and len(secret) > 40
    listed = runner.invoke(cli, db + ["token", "list"])
    assert secret[:10] in listed.output and secret not in listed.output and "aktiv" in listed.output
    elsewhere = runner.invoke(cli, db + ["token", "revoke", "1", "--org", "Olofströms kommun"])
    assert elsewhere.exit_code == 1 and "finns inte" in elsewhere.output
    revoked = runner.invoke(cli, db + ["token", "revoke", "1"])
    assert revoked.exit_code == 0 and "återkallad" in runner.invoke(cli, db + ["token", "list"]).output
    too_long = runner.invoke(cli, db + ["token", "create", "--org", "Falköpings kommun", "--name", "x", "--days", "900"])
    assert too_long.exit_code == 2
