"""`survey unit|user|import-units|remind|send` on a real database."""
import pytest

from survey.cli import cli
from tests.helpers import ROOT, Inbox, free_port

FALKOPING = "Falköpings kommun"


@pytest.fixture
def survey(runner, app):
    def run(*args, env=None):
        return runner.invoke(cli, ["--db", app.config["DATABASE"], "--content", str(ROOT), *args], env=env)
    return run


def test_units_from_the_command_line(survey):
    assert "Fel: Ange --organisation" in survey("unit", "list").output
    added = survey("unit", "add", "Vård- och omsorgsnämnden", "--kind", "nämnd", "-O", FALKOPING)
    assert added.exit_code == 0, added.output
    survey("unit", "add", "Omsorgsförvaltningen", "--kind", "förvaltning", "--parent", "Vård- och omsorgsnämnden",
           "-O", FALKOPING)
    listing = survey("unit", "list", "-O", FALKOPING).output
    assert "Omsorgsförvaltningen" in listing and "under Vård- och omsorgsnämnden" in listing
    survey("unit", "update", "Omsorgsförvaltningen", "--new-name", "Vårdförvaltningen", "--parent", "", "-O", FALKOPING)
    survey("unit", "deactivate", "Vårdförvaltningen", "-O", FALKOPING)
    listing = survey("unit", "list", "-O", FALKOPING).output
    assert "Vårdförvaltningen" in listing and "(inaktiv)" in listing
    bad = survey("unit", "add", "Socialnämnden", "--kind", "nämnd", "-O", FALKOPING)
    assert bad.exit_code == 1 and bad.output.startswith("Fel: Enheten 'Socialnämnden' finns redan.")


def test_people_from_the_command_line(survey):
    added = survey("user", "add", "eva.ek@falkoping.se", "--name", "Eva Ek", "--unit", "Socialnämnden",
                   "--unit", "Tekniska nämnden", "-O", FALKOPING)
    assert added.exit_code == 0, added.output
    listing = survey("user", "list", "-O", FALKOPING).output
    assert "eva.ek@falkoping.se" in listing and "Socialnämnden, Tekniska nämnden" in listing.replace(
        "Tekniska nämnden, Socialnämnden", "Socialnämnden, Tekniska nämnden")
    survey("user", "deactivate", "eva.ek@falkoping.se")
    assert "Eva Ek (inaktiv)" in survey("user", "list", "-O", FALKOPING).output
    bad = survey("user", "add", "inte-en-adress", "--name", "X", "-O", FALKOPING)
    assert bad.exit_code == 1 and "Ogiltig e-postadress" in bad.output


def test_a_person_added_from_the_command_line_may_read_english(survey, app_db):
    from survey.store import register

    assert survey("user", "add", "eva.ek@falkoping.se", "--name", "Eva Ek", "--language", "en", "-O",
                  FALKOPING).exit_code == 0
    assert survey("user", "add", "admin@kommun.se", "--name", "Admin", "--role", "admin").exit_code == 0
    assert register.user_by_email(app_db, "eva.ek@falkoping.se")["language"] == "en"
    assert register.user_by_email(app_db, "admin@kommun.se")["language"] == "sv"
    refused = survey("user", "add", "ola@falkoping.se", "--name", "Ola", "--language", "fi", "-O", FALKOPING)
    assert refused.exit_code == 2 and "'fi' is not one of 'sv', 'en'" in refused.output


def test_import_units_previews_then_applies(survey):
    example = str(ROOT / "docs" / "exempel-enheter.csv")
    preview = survey("import-units", example, "-O", FALKOPING)
    assert preview.exit_code == 0 and "Inget är sparat" in preview.output and "Socialförvaltningen" in preview.output
    assert survey("import-units", example, "-O", FALKOPING, "--apply").exit_code == 0
    again = survey("import-units", example, "-O", FALKOPING)
    assert "Nya enheter 0, ändrade 0" in again.output


def test_remind_queues_without_smtp_and_send_delivers_with_it(survey):
    from aiosmtpd.controller import Controller

    queued = survey("remind", "--policy", "falkoping-integrationspolicy", "--year", "2026")
    assert queued.exit_code == 0 and "3 meddelanden skrivna." in queued.output and "väntar i utkorgen" in queued.output
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        env = {"SURVEY_SMTP_HOST": "127.0.0.1", "SURVEY_SMTP_PORT": str(controller.port), "SURVEY_SMTP_STARTTLS": "0"}
        sent = survey("send", env=env)
    finally:
        controller.stop()
    assert "3 skickade, 0 kunde inte skickas" in sent.output and len(inbox.messages) == 3
