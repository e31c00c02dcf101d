"""Messages to unit managers: invitation links and reminders, by email.

Every message is written in its recipient's language (their account's, Swedish unless they
chose English): its sentences are declared below as `Text`, its names and titles are data.
It is first written to the `messages` table, then delivered through SMTP
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

from survey.i18n import Msg, Text, render
from survey.store import accounts, outbox, register, rounds, yearly
from survey.store.db import StorageError

UNKNOWN_MESSAGE_KIND = Text("mail.unknown_kind", "Okänd meddelandetyp '%(kind)s'.")
MAIL_ROUND_CLOSED = Text("mail.round_closed", "Omgången är stängd; inga inbjudningar eller påminnelser skickas.")
MAIL_IN_FOLLOWUP = Text("mail.in_followup", "Omgången ingår i uppföljningen ”%(title)s”: inbjudningar och påminnelser "
                                            "skickas från uppföljningen, en per enhet för alla dess policyer.")

NO_MANAGER = Text("mail.skip.no_manager", "ingen ansvarig är registrerad")
SENT_RECENTLY = {"invitation": Text("mail.skip.invited", "fick en inbjudan %(date)s"),
                 "reminder": Text("mail.skip.reminded", "fick en påminnelse %(date)s")}

GREETING = Text("mail.greeting", "Hej %(name)s!")
REGARDS = Text("mail.regards", "Hälsningar")
DEADLINE = Text("mail.deadline", "Sista dag att lämna in är %(date)s.")
DRAFTS = Text("mail.drafts", "Du kan spara ett utkast och fortsätta senare. Hör av dig till samordnaren om du har frågor.")
REMINDER_SUBJECT = Text("mail.reminder_subject", "Påminnelse: %(title)s för %(unit)s")
ROUND_INVITATION_SUBJECT = Text("mail.round.invitation_subject", "%(title)s: %(policy)s – %(unit)s")
ROUND_OPENING = {
    "invitation": Text("mail.round.invitation", "Det är dags för den årliga uppföljningen av %(policy)s. Du är "
                                                "ansvarig för att %(unit)s fyller i %(title)s."),
    "reminder": Text("mail.round.reminder", "%(unit)s har ännu inte lämnat in %(title)s för %(policy)s."),
}
ROUND_LINK = Text("mail.round.link", "Öppna självskattningen med den här länken (den gäller till %(date)s):")
FOLLOWUP_INVITATION_SUBJECT = Text("mail.followup.invitation_subject", "%(title)s – %(unit)s")
FOLLOWUP_OPENING = {
    "invitation": Text("mail.followup.invitation", "Det är dags för den årliga uppföljningen av kommunens policyer. "
                                                   "Du är ansvarig för att %(unit)s fyller i %(title)s: ett formulär "
                                                   "för alla policyer, där gemensamma frågor bara besvaras en gång."),
    "reminder": Text("mail.followup.reminder", "%(unit)s har ännu inte lämnat in hela %(title)s."),
}
FOLLOWUP_POLICIES = Text("mail.followup.policies", "Uppföljningen gäller:")
FOLLOWUP_LINK = Text("mail.followup.link", "Öppna uppföljningen med den här länken (den gäller till %(date)s):")
REOPENED_SUBJECT = Text("mail.reopened.subject", "%(title)s: svaret för %(unit)s är öppnat igen")
REOPENED_OPENING = Text("mail.reopened.opening", "Samordnaren har öppnat %(title)s för %(unit)s (%(policy)s) igen, "
                                                 "så att svaren kan ändras.")
REOPENED_REASON = Text("mail.reopened.reason", "Skäl: %(reason)s")
REOPENED_LINK = Text("mail.reopened.link", "Ändra svaren och lämna in igen här:")

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


def _letter(locale: str, name: str, organisation: str, *paragraphs: Msg | str) -> str:
    """A message's body in the recipient's language: the greeting, the paragraphs, the organisation's regards."""
    return "\n\n".join([render(GREETING(name=name), locale), *(render(part, locale) for part in paragraphs),
                        f"{render(REGARDS(), locale)}\n{organisation}"]) + "\n"


def _opening(locale: str, opening: Msg, deadline: str | None) -> str:
    words = render(opening, locale)
    return f"{words} {render(DEADLINE(date=deadline), locale)}" if deadline else words


def _link(locale: str, line: Msg, link: str) -> str:
    return f"{render(line, locale)}\n{link}"


def _text(kind: str, manager: dict, unit: dict, round_: dict, link: str, expires: str) -> tuple[str, str]:
    """The subject and body of a round's invitation or reminder, in the manager's language."""
    locale = manager["language"]
    title, policy = round_["title"], round_["policy_title"]
    subject = (REMINDER_SUBJECT(title=title, unit=unit["name"]) if kind == "reminder"
               else ROUND_INVITATION_SUBJECT(title=title, policy=policy, unit=unit["name"]))
    opening = ROUND_OPENING[kind](unit=unit["name"], title=title.lower(), policy=policy)
    body = _letter(locale, manager["name"], round_["organisation"], _opening(locale, opening, round_["deadline"]),
                   _link(locale, ROUND_LINK(date=expires), link), DRAFTS())
    return render(subject, locale), body


def plan(db: Database, round_id: int, kind: str, *, force: bool = False, interval: timedelta = REMINDER_INTERVAL,
         moment: datetime | None = None) -> list[dict]:
    """Who would get an invitation or reminder, unit by unit, before anything is written.

    Every unit of the round that has not submitted, with its response status (a draft or not
    started), its active managers, and why it is skipped (a message): no manager registered, or the
    same kind of message within `interval` (unless `force`).
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
            skip = NO_MANAGER()
        elif last and last > since and not force:
            skip = SENT_RECENTLY[kind](date=last[:10])
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
        locale = manager["language"]
        subject = render(REOPENED_SUBJECT(title=round_["title"], unit=name), locale)
        body = _letter(locale, manager["name"], round_["organisation"],
                       REOPENED_OPENING(title=round_["title"].lower(), unit=name, policy=round_["policy_title"]),
                       REOPENED_REASON(reason=reason), _link(locale, REOPENED_LINK(), link))
        queued.append(outbox.queue(db, organisation_id=round_["organisation_id"], kind=REOPENED,
                                   to_name=manager["name"], to_address=manager["email"], subject=subject, body=body,
                                   round_id=round_id, unit_id=unit_id, created_by=created_by))
    return queued


def _followup_text(kind: str, manager: dict, unit: dict, found: dict, titles: list[str], link: str,
                   expires: str) -> tuple[str, str]:
    """The subject and body of a yearly follow-up's invitation or reminder, in the manager's language."""
    locale = manager["language"]
    subject = (REMINDER_SUBJECT(title=found["title"], unit=unit["name"]) if kind == "reminder"
               else FOLLOWUP_INVITATION_SUBJECT(title=found["title"], unit=unit["name"]))
    opening = FOLLOWUP_OPENING[kind](unit=unit["name"], title=found["title"].lower())
    listed = "".join(f"\n- {title}" for title in titles)
    body = _letter(locale, manager["name"], found["organisation"], _opening(locale, opening, found["deadline"]),
                   render(FOLLOWUP_POLICIES(), locale) + listed, _link(locale, FOLLOWUP_LINK(date=expires), link),
                   DRAFTS())
    return render(subject, locale), body


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
            skipped.append({"unit": unit["name"], "reason": SENT_RECENTLY[kind](date=last[:10]) if managers
                            else NO_MANAGER()})
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
