"""The English catalogue: every UI string translated, placeholders kept, and chosen through /sprak.

The msgids are the Swedish source strings, so Swedish needs no catalogue. The strings
are extracted the way babel.cfg documents (`pybabel extract -F babel.cfg -k _l`).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from survey import demo
from survey.content import lint
from survey.store import db as store_db
from survey.store.migrations import migrate

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "survey" / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")

KEYWORDS = ["-k", "_l", "-k", "Text:2", "-k", "Plural:2,3"]  # as babel.cfg documents


def _strings(value: str | tuple | list) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _key(message_id: str | tuple) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    """Every msgid in the code and templates (the singular of a plural pair)."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    done = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg", *KEYWORDS,
         "-o", str(pot), "."],
        cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with pot.open("rb") as handle:
        ids = {_key(message.id) for message in read_po(handle) if message.id}
    assert ids, "extraction found no strings: is babel.cfg right?"
    return ids


@pytest.fixture(scope="module")
def catalog():
    with PO.open("rb") as handle:
        return read_po(handle, locale="en")


def test_every_extracted_string_has_an_english_translation(extracted, catalog):
    translated = {_key(m.id) for m in catalog
                  if m.id and not m.fuzzy and all(s.strip() for s in _strings(m.string))}
    missing = sorted(extracted - translated)
    assert not missing, (f"{len(missing)} msgid(s) without an English translation in {PO.relative_to(ROOT)} "
                         "(fuzzy counts as missing):\n" + "\n".join(f"  {m!r}" for m in missing))


PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]")
BRACE = re.compile(r"\{[^{}]*\}")


def placeholders(text: str) -> tuple[list[str], list[str], int]:
    """%-placeholders, {}-placeholders, and the number of % signs (a stray % breaks `_()` in Jinja)."""
    return sorted(PERCENT.findall(text)), sorted(BRACE.findall(text)), text.count("%")


def test_translations_keep_the_placeholders_of_their_msgids(catalog):
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        ids, strings = _strings(message.id), _strings(message.string)
        for string in strings:
            # In a plural entry each form may use the singular's or the plural's placeholders.
            if string and all(placeholders(string) != placeholders(i) for i in ids):
                wrong.append(f"  {ids[0]!r} -> {string!r}")
    assert not wrong, "placeholders differ between msgid and translation:\n" + "\n".join(wrong)


@pytest.fixture(scope="module")
def compiled() -> Path:
    """The compiled catalogue where the app looks for it, as `make` builds it."""
    if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
        with PO.open("rb") as handle:
            messages = read_po(handle, locale="en")
        fd, temporary = tempfile.mkstemp(dir=MO.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as handle:
            write_mo(handle, messages)
        os.chmod(temporary, 0o644)  # as pybabel compile leaves it, not mkstemp's 0600
        os.replace(temporary, MO)  # atomic: another test run may read it at the same time
    return MO


@pytest.fixture(scope="module")
def app(tmp_path_factory, compiled):
    from flask_babel import get_domain

    from survey.web import create_app

    path = tmp_path_factory.mktemp("i18n-web") / "survey.db"
    db = store_db.connect(path)
    try:
        migrate(db)
        demo.populate(db, lint.load(ROOT))
    finally:
        db.close()
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "test",
                      "WTF_CSRF_ENABLED": False})
    with app.test_request_context():
        get_domain().cache.clear()  # loaded translations are cached per process, not per app
    return app


def test_the_app_reads_the_catalogue_from_the_translations_folder(app):
    assert [Path(p) for p in app.extensions["babel"].translation_directories] == [TRANSLATIONS]


def _lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]*)"', html)
    assert found, "no <html lang> on the page"
    return found.group(1)


def test_the_login_page_is_swedish_by_default(app):
    page = app.test_client().get("/logga-in")
    assert page.status_code == 200
    assert _lang(page.text) == "sv"
    assert "Logga in" in page.text and "E-postadress" in page.text
    assert "Sign in" not in page.text
    assert 'value="en"' in page.text  # the switch offers English


def test_choosing_english_translates_the_pages(app):
    client = app.test_client()
    page = client.post("/sprak", data={"lang": "en", "next": "/logga-in"}, follow_redirects=True)
    assert page.status_code == 200
    assert page.request.path == "/logga-in"
    assert _lang(page.text) == "en"
    assert "Sign in" in page.text and "Email address" in page.text and "Password" in page.text
    assert "Logga in" not in page.text
    assert 'value="sv"' in page.text  # and the switch now offers Swedish

    refused = client.post("/logga-in", data={})  # lazily translated validation messages
    assert refused.status_code == 422
    assert "Enter your email address." in refused.text and "Enter your password." in refused.text

    missing = client.get("/finns-inte")
    assert missing.status_code == 404
    assert "The page does not exist" in missing.text and "Something went wrong" in missing.text

    back = client.post("/sprak", data={"lang": "sv", "next": "/logga-in"}, follow_redirects=True)
    assert _lang(back.text) == "sv" and "Logga in" in back.text


def test_an_unknown_language_code_keeps_swedish(app):
    client = app.test_client()
    for code in ("xx", "", "EN", "en-GB"):
        page = client.post("/sprak", data={"lang": code, "next": "/logga-in"}, follow_redirects=True)
        assert page.status_code == 200
        assert _lang(page.text) == "sv", code
        assert "Logga in" in page.text


def test_the_chosen_language_survives_signing_in_and_out(client):
    from tests.web import csrf_token, login

    page = client.get("/logga-in")
    client.post("/sprak", data={"lang": "en", "csrf_token": csrf_token(page.text)})
    login(client, "samordnare@falkoping.demo.se")
    assert 'lang="en"' in client.get("/samordna/").text
    client.post("/logga-ut", data={"csrf_token": csrf_token(client.get("/samordna/").text)})
    assert 'lang="en"' in client.get("/logga-in").text
