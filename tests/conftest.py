"""Shared fixtures: the real content, a real SQLite file, the CLI runner, the app, headless Chromium."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from survey.content import lint
from survey.store import db as store_db
from survey.store.migrations import migrate
from tests.browser import CHROMIUM, CHROMIUM_ARGS, serving, unavailable
from tests.helpers import ROOT


@pytest.fixture(scope="session")
def content():
    """The shipped content, fully checked."""
    return lint.load(ROOT)


@pytest.fixture
def content_copy(tmp_path):
    """A writable copy of the shipped content, for tests that break it."""
    for folder in ("policies", "questionnaires", "rules", "reports", "shared"):
        shutil.copytree(ROOT / folder, tmp_path / folder, dirs_exist_ok=True)
    return tmp_path


@pytest.fixture
def db(tmp_path):
    """A migrated database in a real SQLite file."""
    handle = store_db.connect(tmp_path / "survey.db")
    migrate(handle)
    yield handle
    handle.close()


@pytest.fixture
def runner(tmp_path):
    """The command line in Swedish, whatever the machine's locale (it speaks English to an English one), and
    with its default database in the test's folder: never the developer's instance/survey.db."""
    return CliRunner(env={"LC_ALL": None, "LC_MESSAGES": None, "LANG": "sv_SE.UTF-8",
                          "SURVEY_DB": str(tmp_path / "default" / "survey.db")})


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, content):
    """The demo database, built once per test session (hashing passwords is slow)."""
    from survey import demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    handle = store_db.connect(path)
    migrate(handle)
    demo.populate(handle, content)
    handle.execute("pragma wal_checkpoint(truncate)")
    handle.close()
    return path


@pytest.fixture
def app(demo_template, tmp_path):
    """The real app on a fresh copy of the demo database."""
    from survey.web import create_app

    path = tmp_path / "app.db"
    shutil.copyfile(demo_template, path)
    return create_app({"DATABASE": str(path), "SECRET_KEY": "test", "TESTING": True,
                       "EVIDENCE_DIR": str(tmp_path / "evidence")})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_db(app):
    handle = store_db.connect(app.config["DATABASE"])
    yield handle
    handle.close()


# --- headless Chromium (tests marked `browser`) ---------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        unavailable(f"Chromium saknas: {CHROMIUM} finns inte (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as missing:
        unavailable(f"Playwright saknas: {missing} (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(demo_template, tmp_path_factory):
    """The real app on waitress, on a fresh copy of the demo database, at a free loopback port."""
    path = tmp_path_factory.mktemp("browser") / "survey.db"
    shutil.copyfile(demo_template, path)
    with serving(path) as address:
        yield address


@pytest.fixture
def new_page(browser, server):
    """A fresh browser profile (own cookies) in Swedish; closed after the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=server, locale="sv-SE", **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
