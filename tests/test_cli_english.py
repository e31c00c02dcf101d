"""The command line in English: asked with --lang en or by an English locale, through the web's catalogue;
every help text click shows has its English, and the catalogue's extraction finds every one."""
from __future__ import annotations

import re
import shutil

import click
import pytest

from survey.cli import catalogue, cli
from survey.i18n import translations
from tests.helpers import ROOT

FALKOPING = "falkoping-integrationspolicy"
# The command line's own Swedish words (content, such as unit names, stays as written).
SWEDISH = re.compile(r"(?<![\wåäöÅÄÖ])(tillämpliga|bedömda|bedömt|påbörjat|uppfyllt|utkast|inlämnade|sista|Fel)"
                     r"(?![\wåäöÅÄÖ])", re.IGNORECASE)


@pytest.fixture
def survey(runner, demo_template, tmp_path):
    """Run `survey` on a copy of the demo database, with the given environment."""
    path = tmp_path / "survey.db"
    shutil.copyfile(demo_template, path)

    def run(*args, env=None):
        return runner.invoke(cli, ["--db", str(path), "--content", str(ROOT), *args], env=env)
    return run


def _commands(command: click.Command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, path + (name,))


def _help_texts() -> set[str]:
    texts = set()
    for _path, command in _commands(cli):
        texts |= {command.help} | {param.help for param in command.params if getattr(param, "help", None)}
    return texts - {None}


def test_every_help_text_has_its_english_and_the_extraction_finds_it():
    found = {text for path in (ROOT / "survey" / "cli").glob("*.py")
             for _line, text in catalogue.help_texts(path.read_text(encoding="utf-8"))}
    shown = _help_texts()
    assert len(shown) > 80
    assert shown <= found, shown - found
    english = translations("en")
    untranslated = sorted(text for text in shown if english.gettext(text) == text)
    assert not untranslated, untranslated


def test_asked_in_english_the_command_line_answers_in_english(survey):
    by_option = survey("--lang", "en", "score", "--policy", FALKOPING, "--year", "2026")
    assert by_option.exit_code == 0, by_option.output
    assert "responses scored" in by_option.output and "of 13 applicable requirements" in by_option.output
    assert "met 4" in by_option.output and not SWEDISH.search(by_option.output)
    by_locale = survey("round", "list", env={"LANG": "en_US.UTF-8"})
    assert by_locale.exit_code == 0 and "submitted 5 of 8  deadline 2026-12-15" in by_locale.output
    assert not SWEDISH.search(by_locale.output)
    refused = survey("--lang", "en", "round", "open", "--policy", "finns-inte", "--year", "2030")
    assert refused.exit_code == 1 and refused.output.startswith("Error: ") and "not loaded" in refused.output
    helped = survey("--lang", "en", "round", "close", "--help")
    assert "Close the round; with drafts left the command asks first (or --yes)." in helped.output
    assert "The round's year." in helped.output
    swedish = survey("score", "--policy", FALKOPING, "--year", "2026")
    assert "bedömda svar" in swedish.output and "tillämpliga krav" in swedish.output
