"""Single sign-on through the full OpenID Connect redirect flow, against a real provider on loopback
(oidc-provider-mock, a provider built on Authlib's server side, started in a thread)."""
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from oidc_provider_mock import run_server_in_thread

from survey.store import audit
from survey.store import db as store_db
from tests.web import PASSWORD, csrf_token

MANAGER = "chef.socialnamnden@falkoping.demo.se"


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sso_app(demo_template, tmp_path, provider):
    def make(**settings):
        from survey.web import create_app

        path = tmp_path / "sso.db"
        if not path.exists():
            shutil.copyfile(demo_template, path)
        return create_app({"DATABASE": str(path), "SECRET_KEY": "test", "TESTING": True, "OIDC_ISSUER": provider,
                           "OIDC_CLIENT_ID": "policyuppfoljning", "OIDC_CLIENT_SECRET": "hemlig",
                           "OIDC_NAME": "Testkontot"} | settings)
    return make


def sign_in_at_provider(client, subject: str, start: str = "/logga-in/sso"):
    """Follow the redirect to the provider, sign in there as `subject`, and come back."""
    started = client.get(start)
    assert started.status_code == 302
    authorize = started.headers["Location"]
    query = parse_qs(urlsplit(authorize).query)
    assert query["redirect_uri"] == ["http://localhost/logga-in/sso/klar"] and "state" in query and "nonce" in query
    at_provider = requests.post(authorize, data={"sub": subject}, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == "/logga-in/sso/klar" and "code=" in back.query
    return client.get(f"{back.path}?{back.query}")


def test_a_person_in_the_register_signs_in_through_the_provider(sso_app):
    app = sso_app()
    client = app.test_client()
    page = client.get("/logga-in")
    assert "Logga in med Testkontot" in page.text and 'type="password"' in page.text
    done = sign_in_at_provider(client, MANAGER, start="/logga-in/sso?next=/svar/")
    assert done.status_code == 302 and done.headers["Location"] == "/svar/"
    home = client.get("/")
    assert home.status_code == 200 and "Socialnämnden" in home.text
    handle = store_db.connect(app.config["DATABASE"])
    latest = audit.entries(handle)[0]
    handle.close()
    assert (latest["action"], latest["actor"], latest["detail"]) == ("sign_in", MANAGER, {"method": "oidc"})
    # Signing out ends this session on the server too.
    client.post("/logga-ut", data={"csrf_token": csrf_token(home.text)})
    assert client.get("/").status_code == 302


def test_signing_in_through_the_provider_starts_in_the_accounts_language(sso_app):
    from survey.store import accounts, register

    app = sso_app()
    handle = store_db.connect(app.config["DATABASE"])
    accounts.set_language(handle, register.user_by_email(handle, MANAGER)["id"], "en")
    handle.close()
    client = app.test_client()
    assert '<html lang="sv"' in client.get("/logga-in").text
    assert sign_in_at_provider(client, MANAGER).status_code == 302
    assert '<html lang="en"' in client.get("/").text


def test_an_entra_style_address_in_preferred_username_matches(sso_app, provider):
    subject = "5f2c8a1e-entra-object-id"
    stored = requests.put(f"{provider}/users/{subject}", json={"preferred_username": MANAGER.upper()}, timeout=10)
    assert stored.status_code == 204
    client = sso_app().test_client()
    assert sign_in_at_provider(client, subject).status_code == 302
    assert "Socialnämnden" in client.get("/").text


def test_someone_not_in_the_register_is_refused_and_not_created(sso_app):
    app = sso_app()
    client = app.test_client()
    handle = store_db.connect(app.config["DATABASE"])
    users = handle["users"].count
    refused = sign_in_at_provider(client, "okand.person@falkoping.se")
    assert refused.status_code == 403
    assert "okand.person@falkoping.se" in refused.text and "finns inte bland tjänstens användare" in refused.text
    assert handle["users"].count == users
    assert audit.entries(handle)[0]["detail"]["reason"] == "not_in_register"
    handle.close()
    assert client.get("/").status_code == 302  # not signed in


def test_a_forged_return_is_refused(sso_app):
    client = sso_app().test_client()
    client.get("/logga-in/sso")
    refused = client.get("/logga-in/sso/klar?code=made-up&state=made-up")
    assert refused.status_code == 400 and "kunde inte slutföras" in refused.text
    assert client.get("/").status_code == 302


def test_password_sign_in_can_be_turned_off(sso_app):
    client = sso_app(PASSWORD_LOGIN=False).test_client()
    page = client.get("/logga-in")
    assert "Logga in med Testkontot" in page.text and 'type="password"' not in page.text
    assert client.post("/logga-in", data={"email": MANAGER, "password": PASSWORD,
                                          "csrf_token": csrf_token(page.text)}).status_code == 404
    assert sign_in_at_provider(client, MANAGER).status_code == 302


def test_without_a_provider_there_is_no_single_sign_on(client):
    assert "Logga in med" not in client.get("/logga-in").text
    assert client.get("/logga-in/sso").status_code == 404
