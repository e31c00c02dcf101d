"""Messages to unit managers: invitation links and reminders, by email.

Every message is first written to the `messages` table, then delivered through SMTP
when a server is configured. A message that cannot be delivered stays queued with
the error, and is tried again on the next delivery; nothing is lost. With no SMTP
server (the embedded default) the queue is the coordinator's outbox, to read and copy.
"""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.charset import QP, Charset
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr, make_msgid
from typing import Any, Callable

from sqlite_utils import Database

from survey.i18n import Text
from survey.store import accounts, outbox, register, rounds, yearly
from survey.store.db import StorageError

UNKNOWN_MESSAGE_KIND = Text("mail.unknown_kind", "Okänd meddelandetyp '%(kind)s'.")
MAIL_ROUND_CLOSED = Text("mail.round_closed", "Omgången är stängd; inga inbjudningar eller påminnelser skickas.")
MAIL_IN_FOLLOWUP = Text("mail.in_followup", "Omgången ingår i uppföljningen ”%(title)s”: inbjudningar och påminnelser "
                                            "skickas från uppföljningen, en per enhet för alla dess policyer.")

REMINDER_INTERVAL = timedelta(days=7)
KINDS = {"invitation": "inbjudan", "reminder": "påminnelse"}
REOPENED = "reopened"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    starttls: bool = True
    user: str | None = None
    password: str | None = None
    sender: str = "policyuppfoljning@localhost"
    timeout: float = 10.0

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> SmtpSettings | None:
        """Settings from the SMTP_* keys of the settings (`survey.settings`); None without a host."""
        if not config.get("SMTP_HOST"):
            return None
        return cls(host=config["SMTP_HOST"], port=config["SMTP_PORT"], starttls=config["SMTP_STARTTLS"],
                   user=config["SMTP_USER"], password=config["SMTP_PASSWORD"], sender=config["SMTP_SENDER"])


def _email(message: dict, sender: str) -> MIMEText:
    """The message as sent: plain text in UTF-8.

    The subject is encoded by `email.header.Header`, not by `EmailMessage`: the newer folding of a long
    subject with å, ä or ö may drop the space between two encoded words, "Falköpings Hyresbostäder" arriving as
    "FalköpingsHyresbostäder" (CPython gh-144156, fixed only in later releases than some we run on).
    """
    utf8 = Charset("utf-8")
    utf8.body_encoding = QP  # readable in the source of the message, unlike base64
    email = MIMEText(message["body"], "plain", utf8)
    email["From"] = sender
    email["To"] = formataddr((message["to_name"] or "", message["to_address"]))
    email["Subject"] = Header(message["subject"], "utf-8", header_name="Subject")
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    return email


def deliver(db: Database, settings: SmtpSettings | None, *, organisation_id: int | None = None) -> dict[str, int]:
    """Send every queued message; failures stay queued with their error. Returns counts."""
    pending = outbox.pending(db, organisation_id)
    if settings is None or not pending:
        return {"sent": 0, "failed": 0, "queued": len(pending)}
    sent = failed = 0
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            for message in pending:
                try:
                    smtp.send_message(_email(message, settings.sender))
                except (smtplib.SMTPException, OSError) as error:
                    _failed(db, message, error)
                    failed += 1
                else:
                    outbox.mark_sent(db, message)
                    sent += 1
    except (smtplib.SMTPException, OSError) as error:  # no connection at all: everything left stays queued
        for message in pending[sent + failed:]:
            _failed(db, message, error)
            failed += 1
    return {"sent": sent, "failed": failed, "queued": failed}


def _failed(db: Database, message: dict, error: Exception) -> None:
    outbox.mark_failed(db, message, f"{type(error).__name__}: {error}")


def _text(kind: str, manager: dict, unit: dict, round_: dict, link: str, expires: str) -> tuple[str, str]:
    deadline = f"Sista dag att lämna in är {round_['deadline']}." if round_["deadline"] else ""
    if kind == "reminder":
        subject = f"Påminnelse: {round_['title']} för {unit['name']}"
        opening = (f"{unit['name']} har ännu inte lämnat in {round_['title'].lower()} för "
                   f"{round_['policy_title']}. {deadline}")
    else:
        subject = f"{round_['title']}: {round_['policy_title']} – {unit['name']}"
        opening = (f"Det är dags för den årliga uppföljningen av {round_['policy_title']}. Du är ansvarig "
                   f"för att {unit['name']} fyller i {round_['title'].lower()}. {deadline}")
    body = (f"Hej {manager['name']}!\n\n{opening.strip()}\n\n"
            f"Öppna självskattningen med den här länken (den gäller till {expires}):\n{link}\n\n"
            "Du kan spara ett utkast och fortsätta senare. Hör av dig till samordnaren om du har frågor.\n\n"
            f"Hälsningar\n{round_['organisation']}\n")
    return subject, body


def plan(db: Database, round_id: int, kind: str, *, force: bool = False, interval: timedelta = REMINDER_INTERVAL,
         moment: datetime | None = None) -> list[dict]:
    """Who would get an invitation or reminder, unit by unit, before anything is written.

    Every unit of the round that has not submitted, with its response status (a draft or not
    started), its active managers, and why it is skipped: no manager registered, or the same
    kind of message within `interval` (unless `force`).
    """
    if kind not in KINDS:
        raise StorageError(UNKNOWN_MESSAGE_KIND(kind=kind))
    round_ = rounds.round_info(db, round_id)
    if round_["status"] != "open":
        raise StorageError(MAIL_ROUND_CLOSED())
    if round_["followup_id"] is not None:
        raise StorageError(MAIL_IN_FOLLOWUP(title=yearly.followup(db, round_["followup_id"])["title"]))
    moment = moment or datetime.now(timezone.utc)
    since = (moment - interval).isoformat(timespec="seconds")
    drafts = {row["unit_id"] for row in rounds.response_statuses(db, round_id) if row["status"] == "draft"}
    planned = []
    for unit in rounds.unsubmitted_units(db, round_id):
        managers = register.managers_of(db, unit["id"])
        last = outbox.last_sent(db, round_id, unit["id"], kind)
        skip = None
        if not managers:
            skip = "ingen ansvarig är registrerad"
        elif last and last > since and not force:
            skip = f"fick en {KINDS[kind]} {last[:10]}"
        planned.append({"unit": unit, "managers": managers, "draft": unit["id"] in drafts, "skip": skip})
    return planned


def notify(db: Database, round_id: int, kind: str, *, link_for: Callable[[str], str], force: bool = False,
           created_by: int | None = None, interval: timedelta = REMINDER_INTERVAL,
           moment: datetime | None = None) -> dict[str, list]:
    """Queue an invitation or reminder for every unit of the round that has not submitted.

    Each unit gets a fresh invitation link, one message per active manager. A unit that
    got the same kind of message within `interval` is skipped unless `force` (see `plan`).
    """
    moment = moment or datetime.now(timezone.utc)
    round_ = rounds.round_info(db, round_id)
    queued: list[int] = []
    skipped: list[dict] = []
    for item in plan(db, round_id, kind, force=force, interval=interval, moment=moment):
        unit = item["unit"]
        if item["skip"]:
            skipped.append({"unit": unit["name"], "reason": item["skip"]})
            continue
        token = accounts.create_invitation(db, round_id, unit["id"], created_by=created_by)
        expires = (moment + timedelta(days=accounts.INVITATION_DAYS)).date().isoformat()
        for manager in item["managers"]:
            subject, body = _text(kind, manager, unit, round_, link_for(token), expires)
            queued.append(outbox.queue(db, organisation_id=round_["organisation_id"], kind=kind, to_name=manager["name"],
                                to_address=manager["email"], subject=subject, body=body, round_id=round_id,
                                unit_id=unit["id"], created_by=created_by))
    return {"queued": queued, "skipped": skipped}

def reopened(db: Database, round_id: int, unit_id: int, *, reason: str, link: str,
             created_by: int | None = None) -> list[int]:
    """Tell a unit's managers that the coordinator opened their submitted response again, and why."""
    round_ = rounds.round_info(db, round_id)
    name = register.unit_of(db, round_["organisation_id"], unit_id)["name"]
    queued = []
    for manager in register.managers_of(db, unit_id):
        subject = f"{round_['title']}: svaret för {name} är öppnat igen"
        body = (f"Hej {manager['name']}!\n\nSamordnaren har öppnat {round_['title'].lower()} för {name} "
                f"({round_['policy_title']}) igen, så att svaren kan ändras.\n\nSkäl: {reason}\n\n"
                f"Ändra svaren och lämna in igen här:\n{link}\n\nHälsningar\n{round_['organisation']}\n")
        queued.append(outbox.queue(db, organisation_id=round_["organisation_id"], kind=REOPENED,
                                   to_name=manager["name"], to_address=manager["email"], subject=subject, body=body,
                                   round_id=round_id, unit_id=unit_id, created_by=created_by))
    return queued


def _followup_text(kind: str, manager: dict, unit: dict, found: dict, titles: list[str], link: str,
                   expires: str) -> tuple[str, str]:
    deadline = f"Sista dag att lämna in är {found['deadline']}." if found["deadline"] else ""
    listed = "".join(f"\n- {title}" for title in titles)
    if kind == "reminder":
        subject = f"Påminnelse: {found['title']} för {unit['name']}"
        opening = f"{unit['name']} har ännu inte lämnat in hela {found['title'].lower()}. {deadline}"
    else:
        subject = f"{found['title']} – {unit['name']}"
        opening = (f"Det är dags för den årliga uppföljningen av kommunens policyer. Du är ansvarig för att "
                   f"{unit['name']} fyller i {found['title'].lower()}: ett formulär för alla policyer, där "
                   f"gemensamma frågor bara besvaras en gång. {deadline}")
    body = (f"Hej {manager['name']}!\n\n{opening.strip()}\n\nUppföljningen gäller:{listed}\n\n"
            f"Öppna uppföljningen med den här länken (den gäller till {expires}):\n{link}\n\n"
            "Du kan spara ett utkast och fortsätta senare. Hör av dig till samordnaren om du har frågor.\n\n"
            f"Hälsningar\n{found['organisation']}\n")
    return subject, body


def notify_followup(db: Database, followup_id: int, kind: str, *, link_for: Callable[[str], str],
                    force: bool = False, created_by: int | None = None, interval: timedelta = REMINDER_INTERVAL,
                    moment: datetime | None = None) -> dict[str, list]:
    """Queue one invitation or reminder per unit of a yearly follow-up that has not submitted all of it.

    The unit's link opens every policy of the follow-up; the message is kept under the unit's first round,
    where `plan` reads when it was last sent. Skips as `plan` does.
    """
    if kind not in KINDS:
        raise StorageError(UNKNOWN_MESSAGE_KIND(kind=kind))
    found = yearly.followup(db, followup_id)
    if found["status"] != "open":
        raise StorageError(MAIL_ROUND_CLOSED())
    moment = moment or datetime.now(timezone.utc)
    since = (moment - interval).isoformat(timespec="seconds")
    grid = yearly.statuses(db, followup_id)
    queued: list[int] = []
    skipped: list[dict] = []
    for unit_id in dict.fromkeys(row["unit_id"] for row in grid):
        own = [row for row in grid if row["unit_id"] == unit_id]
        unit = register.unit(db, unit_id)
        if all(row["status"] == "submitted" for row in own) or not unit["active"]:
            continue
        anchor = min(row["round_id"] for row in own)
        managers = register.managers_of(db, unit_id)
        last = outbox.last_sent(db, anchor, unit_id, kind)
        if not managers or (last and last > since and not force):
            skipped.append({"unit": unit["name"], "reason": f"fick en {KINDS[kind]} {last[:10]}" if managers
                            else "ingen ansvarig är registrerad"})
            continue
        token = accounts.create_invitation(db, anchor, unit_id, created_by=created_by)
        expires = (moment + timedelta(days=accounts.INVITATION_DAYS)).date().isoformat()
        titles = [row["policy_title"] for row in own]
        for manager in managers:
            subject, body = _followup_text(kind, manager, unit, found, titles, link_for(token), expires)
            queued.append(outbox.queue(db, organisation_id=found["organisation_id"], kind=kind,
                                       to_name=manager["name"], to_address=manager["email"], subject=subject,
                                       body=body, round_id=anchor, unit_id=unit_id, created_by=created_by))
    return {"queued": queued, "skipped": skipped}
