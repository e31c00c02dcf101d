"""A person's language is kept on their account: chosen in the web, read again at every sign-in."""
import re

import pytest

from survey.store import accounts, register
from survey.store import db as store_db
from survey.store.migrations import MIGRATIONS, migrate
from tests.web import BOLAG_CHEF, COORDINATOR, csrf_token, login


def page_language(client, path: str = "/") -> str:
    page = client.get(path, follow_redirects=True)
    assert page.status_code == 200
    return re.search(r'<html lang="([^"]*)"', page.text).group(1)


def choose(client, lang: str, path: str = "/logga-in"):
    return client.post("/sprak", data={"lang": lang, "next": path, "csrf_token": csrf_token(client.get(path).text)})


def sign_out(client):
    client.post("/logga-ut", data={"csrf_token": csrf_token(client.get("/", follow_redirects=True).text)})


def stored_language(app_db, email: str) -> str:
    return register.user_by_email(app_db, email)["language"]


def test_the_migration_gives_every_existing_account_swedish_and_keeps_it(tmp_path):
    db = store_db.connect(tmp_path / "old.db")
    db["_migrations"].create({"name": str, "applied_at": str}, pk="name")
    for migration in MIGRATIONS[:MIGRATIONS.index(next(m for m in MIGRATIONS if m.__name__.endswith("user_language")))]:
        migration(db)
        db["_migrations"].insert({"name": migration.__name__, "applied_at": "2026-01-01T00:00:00+00:00"})
    org = db["organisations"].insert({"slug": "a", "name": "A kommun"}).last_pk
    db["users"].insert_all([
        {"email": "chef@a.se", "name": "Chef", "role": "manager", "organisation_id": org, "password_hash": "x"},
        {"email": "gammal@a.se", "name": "Gammal", "role": "coordinator", "organisation_id": org, "active": 0}])
    before = list(db["users"].rows)
    assert migrate(db) == ["m017_user_language"]
    assert list(db["users"].rows) == [row | {"language": "sv"} for row in before]
    assert register.add_person(db, org, email="ny@a.se", name="Ny", role="manager") and \
        register.user_by_email(db, "ny@a.se")["language"] == "sv"


def test_only_a_language_the_tool_speaks_is_stored(app_db):
    user = register.user_by_email(app_db, BOLAG_CHEF)
    for unknown in ("de", "", "EN", "en-GB", "sv_SE"):
        with pytest.raises(store_db.StorageError, match="Okänt språk"):
            accounts.set_language(app_db, user["id"], unknown)
    with pytest.raises(store_db.StorageError, match="Okänt språk 'fi'; välj ett av sv, en."):
        register.add_person(app_db, user["organisation_id"], email="ny@falkoping.demo.se", name="Ny", role="manager",
                            language="fi")
    accounts.set_language(app_db, user["id"], "en")
    assert stored_language(app_db, BOLAG_CHEF) == "en"


def test_a_choice_made_while_signed_in_survives_signing_out_and_in_again(app, app_db):
    client = app.test_client()
    login(client, BOLAG_CHEF)
    assert page_language(client) == "sv"
    choose(client, "en", "/")
    assert page_language(client) == "en" and stored_language(app_db, BOLAG_CHEF) == "en"
    choose(client, "xx", "/")  # a language the tool does not speak changes nothing
    assert page_language(client) == "en" and stored_language(app_db, BOLAG_CHEF) == "en"
    sign_out(client)
    elsewhere = app.test_client()  # another browser, another day
    assert page_language(elsewhere, "/logga-in") == "sv"
    login(elsewhere, BOLAG_CHEF)
    assert page_language(elsewhere) == "en"
    # The next person at the first browser sees English on the sign-in page, but gets their own language.
    assert page_language(client, "/logga-in") == "en"
    login(client, COORDINATOR)
    assert page_language(client) == "sv" and stored_language(app_db, COORDINATOR) == "sv"


def test_a_choice_made_before_signing_in_is_kept_and_stored(app, app_db):
    client = app.test_client()
    choose(client, "en")
    login(client, BOLAG_CHEF)
    assert page_language(client) == "en" and stored_language(app_db, BOLAG_CHEF) == "en"
    sign_out(client)
    choose(client, "sv")  # back to Swedish on the sign-in page: that is a choice too
    login(client, BOLAG_CHEF)
    assert page_language(client) == "sv" and stored_language(app_db, BOLAG_CHEF) == "sv"


def test_an_invitation_link_keeps_the_language_shown_and_stores_nothing(app, app_db):
    from tests.web import BOLAG, ids

    round_id, unit_id = ids(app_db, BOLAG)
    token = accounts.create_invitation(app_db, round_id, unit_id, created_by=None)
    app_db.conn.commit()
    client = app.test_client()
    choose(client, "en")
    assert client.get(f"/inbjudan/{token}").status_code == 302
    assert page_language(client, f"/svar/{round_id}/{unit_id}/") == "en"
    assert {row["language"] for row in register.users(app_db)} == {"sv"}
