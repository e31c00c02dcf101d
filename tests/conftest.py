"""Shared fixtures: the real content, a real SQLite file, the CLI runner."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from survey.content import lint
from survey.store import db as database
from survey.store.migrations import migrate

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"


@pytest.fixture(scope="session")
def content():
    """The shipped content, fully checked."""
    return lint.load(ROOT)


@pytest.fixture
def content_copy(tmp_path):
    """A writable copy of the shipped content, for tests that break it."""
    for folder in ("policies", "questionnaires", "rules", "reports"):
        shutil.copytree(ROOT / folder, tmp_path / folder, dirs_exist_ok=True)
    return tmp_path


@pytest.fixture
def db(tmp_path):
    """A migrated database in a real SQLite file."""
    handle = database.connect(tmp_path / "survey.db")
    migrate(handle)
    yield handle
    handle.close()


@pytest.fixture
def runner():
    return CliRunner()


def complete_answers(questionnaire: dict, kind: str, **sections: dict) -> dict:
    """A complete, valid response for a unit of this kind, with the given sections' answers put over it."""
    import random

    from survey import demo
    from survey.content import questionnaire as q

    answers = demo.answers_for(questionnaire, {"kind": kind}, random.Random(1), 0.5, 2026)
    for name, given in sections.items():
        answers[name] = answers.get(name, {}) | given
    view = q.for_unit(questionnaire, {"kind": kind})
    for (name, follow_up), _found in q.follow_ups(view).items():  # follow-ups the overrides made relevant
        if q.is_asked(view, name, follow_up, answers) and follow_up not in answers.get(name, {}):
            schema = view["properties"][name]["properties"][follow_up]
            answers.setdefault(name, {})[follow_up] = demo.value_for(schema, random.Random(1), 0.5, 2026)
    return q.without_unasked(view, answers)


def edit_json(path: Path, change) -> None:
    """Apply `change` to the JSON document in `path` and write it back."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory, content):
    """The demo database, built once per test session (hashing passwords is slow)."""
    from survey import demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    handle = database.connect(path)
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
    handle = database.connect(app.config["DATABASE"])
    yield handle
    handle.close()
