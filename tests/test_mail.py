"""Invitations and reminders by email, against a real SMTP server on loopback (aiosmtpd)."""
import re
from datetime import datetime, timedelta, timezone

import pytest
from aiosmtpd.controller import Controller

from survey import mail
from survey.settings import load as load_settings
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import outbox, register, responses, rounds
from tests.helpers import Inbox, free_port
from tests.web import BOLAG, FALKOPING, ids

LINK = "https://survey.example/inbjudan/"


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, mail.SmtpSettings(host="127.0.0.1", port=controller.port, starttls=False,
                                   sender="samordnare@falkoping.demo.se")
    controller.stop()


def round_of(db):
    return ids(db, BOLAG)[0]


def remind(db, **options):
    return mail.notify(db, round_of(db), "reminder", link_for=lambda token: LINK + token, **options)


def test_reminders_reach_every_manager_of_units_that_have_not_submitted(app_db, smtp):
    inbox, settings = smtp
    result = remind(app_db)
    unsubmitted = [u for u in responses.round_summary(app_db, round_of(app_db)) if u["status"] != "submitted"]
    assert len(result["queued"]) == len(unsubmitted) == 3
    assert mail.deliver(app_db, settings) == {"sent": 3, "failed": 0, "queued": 0}
    recipients = sorted(r for rcpts, _m in inbox.messages for r in rcpts)
    assert "chef.ab-falkopings-hyresbostader@falkoping.demo.se" in recipients
    assert "chef.kommunstyrelsen@falkoping.demo.se" not in recipients  # submitted
    rcpts, message = next(m for m in inbox.messages if m[0] == ["chef.ab-falkopings-hyresbostader@falkoping.demo.se"])
    assert message["Subject"] == f"Påminnelse: Självskattning 2026 för {BOLAG}"
    body = message.get_content()
    assert "Sista dag att lämna in är 2026-12-15." in body and LINK in body
    sent = outbox.messages(app_db, store_content.policy_by_name(app_db, FALKOPING)["organisation_id"])
    assert all(m["sent_at"] and m["round_title"] == "Självskattning 2026" for m in sent)


def test_the_link_in_a_reminder_opens_that_units_questionnaire(app, app_db, smtp):
    inbox, settings = smtp
    remind(app_db)
    mail.deliver(app_db, settings)
    body = next(m for r, m in inbox.messages if r == ["chef.ab-falkopings-hyresbostader@falkoping.demo.se"]).get_content()
    token = body.split(LINK, 1)[1].split()[0]
    entered = app.test_client().get(f"/inbjudan/{token}")
    round_id, unit_id = ids(app_db, BOLAG)
    assert entered.status_code == 302 and entered.headers["Location"].endswith(f"/svar/{round_id}/{unit_id}/")


def test_no_second_reminder_within_the_interval_unless_forced(app_db):
    first = remind(app_db)
    again = remind(app_db)
    assert again["queued"] == [] and {str(s["reason"])[:13] for s in again["skipped"]} == {"fick en påmin"}
    forced = remind(app_db, force=True)
    assert len(forced["queued"]) == len(first["queued"])
    later = remind(app_db, moment=datetime.now(timezone.utc) + timedelta(days=8))
    assert len(later["queued"]) == len(first["queued"])


def test_units_without_a_manager_are_reported_not_forgotten(app_db):
    org = store_content.policy_by_name(app_db, FALKOPING)["organisation_id"]
    _round, unit_id = ids(app_db, BOLAG)
    manager = register.managers_of(app_db, unit_id)[0]
    register.set_person_active(app_db, org, manager["id"], False)
    skipped = remind(app_db)["skipped"]
    assert {"unit": BOLAG, "reason": mail.NO_MANAGER()} in skipped
    assert str(mail.NO_MANAGER()) == "ingen ansvarig är registrerad"


def test_with_the_server_down_messages_stay_queued_and_go_out_later(app_db, smtp):
    inbox, settings = smtp
    remind(app_db)
    down = mail.SmtpSettings(host="127.0.0.1", port=free_port(), starttls=False, timeout=2)
    result = mail.deliver(app_db, down)
    assert result == {"sent": 0, "failed": 3, "queued": 3}
    queued = list(app_db.query("select * from messages where sent_at is null"))
    assert len(queued) == 3 and all("ConnectionRefusedError" in m["last_error"] and m["attempts"] == 1 for m in queued)
    assert mail.deliver(app_db, settings)["sent"] == 3
    assert app_db.execute("select count(*) from messages where sent_at is null").fetchone()[0] == 0
    assert len(inbox.messages) == 3


def test_without_smtp_the_messages_wait_in_the_outbox(app_db):
    remind(app_db)
    assert mail.deliver(app_db, None) == {"sent": 0, "failed": 0, "queued": 3}
    assert mail.SmtpSettings.from_config(load_settings(environ={})) is None
    settings = mail.SmtpSettings.from_config(load_settings(environ={
        "SURVEY_SMTP_HOST": "smtp.kommun.se", "SURVEY_SMTP_PORT": "25", "SURVEY_SMTP_STARTTLS": "false",
        "SURVEY_SMTP_SENDER": "noreply@kommun.se"}))
    assert (settings.port, settings.starttls, settings.sender) == (25, False, "noreply@kommun.se")


def test_a_closed_round_sends_nothing(app_db):
    rounds.set_round_status(app_db, round_of(app_db), "closed")
    with pytest.raises(store_db.StorageError, match="stängd"):
        remind(app_db)


SWEDISH = ("Hej", "Hälsningar", "Påminnelse", "Sista dag", "länken", "utkast", "samordnaren", "Samordnaren",
           "öppnat igen", "Skäl", "gäller", "har ännu inte", "Det är dags")


def test_each_manager_gets_every_kind_of_mail_in_their_own_language(app, app_db, smtp):
    from survey.store import yearly
    from tests.web import BOLAG_CHEF, OTHER_CHEF, csrf_token, login

    inbox, settings = smtp
    client = app.test_client()
    login(client, BOLAG_CHEF)
    client.post("/sprak", data={"lang": "en", "next": "/", "csrf_token": csrf_token(client.get("/").text)})
    round_id, unit_id = ids(app_db, BOLAG)
    remind(app_db)
    mail.notify(app_db, round_id, "invitation", link_for=lambda token: LINK + token)
    mail.reopened(app_db, ids(app_db, BOLAG, year=2025)[0], unit_id, reason="Fel siffra", link=LINK)
    policy = store_content.policy_by_name(app_db, FALKOPING)
    followup_id = yearly.open_followup(app_db, policy["organisation_id"], 2027, [policy["id"]], deadline="2027-11-30")
    mail.notify_followup(app_db, followup_id, "invitation", link_for=lambda token: LINK + token)
    mail.deliver(app_db, settings)

    english = [message for rcpts, message in inbox.messages if rcpts == [BOLAG_CHEF]]
    assert sorted(message["Subject"] for message in english) == sorted([
        f"Reminder: Självskattning 2026 for {BOLAG}",
        f"Självskattning 2026: {policy['title']} – {BOLAG}",
        f"Självskattning 2025: the response for {BOLAG} has been reopened",
        f"Uppföljning 2027 – {BOLAG}"])
    for message in english:
        body = inbox.text(message)
        assert body.startswith("Hello Karin Holm,\n") and body.endswith("Kind regards\nFalköpings kommun\n"), body
        assert LINK in body
        prose = re.sub(re.escape(LINK) + r"\S*", "", body)  # a random token may spell "Hej"
        left = [word for word in SWEDISH if word in prose or word in message["Subject"]]
        assert not left, (left, message["Subject"], body)
    bodies = " ".join(inbox.text(message) for message in english)
    for sentence in ("The last day to submit is 2026-12-15.", "The last day to submit is 2027-11-30.",
                     f"{BOLAG} has not yet submitted självskattning 2026 for {policy['title']}.",
                     "Reason: Fel siffra", "The follow-up covers:\n- " + policy["title"],
                     "You can save a draft and continue later."):
        assert sentence in bodies, sentence

    swedish = [message for rcpts, message in inbox.messages if rcpts == [OTHER_CHEF]]
    assert {message["Subject"].split(":")[0] for message in swedish} >= {"Påminnelse", "Självskattning 2026"}
    assert any(message["Subject"] == "Uppföljning 2027 – Socialnämnden" for message in swedish)
    for message in swedish:
        body = inbox.text(message)
        assert body.startswith("Hej ") and "Hälsningar\nFalköpings kommun\n" in body and "Hello" not in body


def test_a_coordinator_reading_english_is_told_in_english_why_units_are_skipped(client, app_db):
    from tests.web import COORDINATOR, csrf_token, login, post_form

    login(client, COORDINATOR)
    round_page = f"/samordna/omgang/{round_of(app_db)}"
    client.post("/sprak", data={"lang": "en", "next": round_page, "csrf_token": csrf_token(client.get(round_page).text)})
    remind(app_db)
    preview = post_form(client, f"{round_page}/meddelanden", {"kind": "reminder"}, page_url=round_page)
    assert preview.text.count("skipped: got a reminder on 20") == 3 and "fick en" not in preview.text
    again = post_form(client, f"{round_page}/meddelanden", {"kind": "reminder", "confirm": "1"}, page_url=round_page)
    told = client.get(again.headers["Location"]).text
    assert f"Skipped {BOLAG}: got a reminder on 20" in told and "fick en" not in told


def test_a_long_subject_arrives_with_every_space(app_db, smtp):
    inbox, settings = smtp
    org = store_content.policy_by_name(app_db, FALKOPING)["organisation_id"]
    subjects = ["Reminder: Självskattning 2026 for AB Falköpings Hyresbostäder",
                "Självskattning 2026: Integrationspolicy – policy för integration, mångfald och etnisk jämlikhet – "
                "AB Falköpings Hyresbostäder", "Kort ämne", "ö" * 120]
    for subject in subjects:
        outbox.queue(app_db, organisation_id=org, kind="reminder", to_name="Åsa Öberg", to_address="asa@example.se",
                     subject=subject, body="Hej Åsa!\n\nEn rad med åäö och en länk:\nhttps://survey.example/a=b\n")
    assert mail.deliver(app_db, settings)["sent"] == len(subjects)
    assert [message["Subject"] for _rcpts, message in inbox.messages] == subjects
    assert {message["To"] for _rcpts, message in inbox.messages} == {"Åsa Öberg <asa@example.se>"}
    assert {inbox.text(message) for _rcpts, message in inbox.messages} == {
        "Hej Åsa!\n\nEn rad med åäö och en länk:\nhttps://survey.example/a=b\n"}
