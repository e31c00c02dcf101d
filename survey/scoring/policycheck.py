"""Is a policy due for revision? Judged from its metadata, never guessed.

Swedish councils sit for four-year mandate periods: general elections every fourth
September (2014, 2018, 2022, 2026, …) and the new council's term begins on 15 October
of the election year. "Revised every mandate period" therefore means a decision on or
after the start of the current period.

`revision_status` is the one judgement: the coordinator's page, the annual report, the
workshop and `survey policy-check` all show its `label` and `message`, so they cannot
disagree. The message leads with the answer, then states what it rests on: the adoption
(body, date, §), the last revision and the policy's own rule.
"""
from __future__ import annotations

from datetime import date

from survey.i18n import Joined, Msg, Plural, Text

STATUSES = ("ok", "due", "unknown")
LABELS = {"ok": Text("revision.label.ok", "Aktuell"), "due": Text("revision.label.due", "Revision krävs"),
          "unknown": Text("revision.label.unknown", "Kan inte bedömas")}

# The verdict: a clause after the label ("Revision krävs: …").
NO_RULE = Text("revision.unknown.no_rule", "policyn anger inte när den ska revideras.")
NO_DATE = Text("revision.unknown.no_date", "policyn anger inte när den antogs eller senast reviderades.")
NEITHER = Text("revision.unknown.neither", "policyn anger varken när den antogs eller när den ska revideras.")
DUE_IN_PERIOD = Text("revision.due.mandate_period", "en ny mandatperiod började %(due)s utan att policyn reviderades.")
DUE_BY_YEARS = Text("revision.due.years", "revisionen skulle ha beslutats senast %(due)s.")
NEXT_IN_PERIOD = Text("revision.ok.mandate_period",
                      "nästa revision ska beslutas under mandatperioden som börjar %(due)s.")
NEXT_BY_YEARS = Text("revision.ok.years", "nästa revision ska beslutas senast %(due)s.")
ADOPTED_BY_ON = Text("revision.adopted.by_on", "Antagen av %(body)s %(date)s%(paragraph)s.")
ADOPTED_ON = Text("revision.adopted.on", "Antagen %(date)s%(paragraph)s.")
ADOPTED_BY = Text("revision.adopted.by", "Antagen av %(body)s; beslutsdatum anges inte.")
REVISED = Text("revision.revised", "Senast reviderad %(date)s.")
EVERY_PERIOD = Text("revision.rule.mandate_period", "Ska revideras varje mandatperiod.")
BY_DATE = Text("revision.rule.date", "Ska revideras senast %(date)s.")
EVERY_N_YEARS = Plural("revision.rule.years", "Ska revideras inom %(n)s år från senaste beslut.",
                       "Ska revideras inom %(n)s år från senaste beslut.")
DETAIL = Text("revision.detail", "%(verdict)s %(basis)s")
STATEMENT = Text("revision.statement", "%(label)s: %(detail)s")


def mandate_period_start(day: date) -> date:
    """The first day of the mandate period that `day` falls in."""
    election_year = day.year - (day.year - 2) % 4
    start = date(election_year, 10, 15)
    return start if day >= start else date(election_year - 4, 10, 15)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _body(name: str) -> str:
    """A decision-making body in running text: "Kommunfullmäktige" → "kommunfullmäktige" (not "KF")."""
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def _basis(policy: dict, rule: dict | None) -> list[Msg]:
    """What the judgement rests on, as the policy states it: adoption, last revision, rule."""
    body, adopted = policy.get("adopted_by"), policy.get("adopted_date")
    paragraph = f" {policy['adopted_paragraph']}" if policy.get("adopted_paragraph") else ""
    sentences = []
    if adopted and body:
        sentences.append(ADOPTED_BY_ON(body=_body(body), date=adopted, paragraph=paragraph))
    elif adopted:
        sentences.append(ADOPTED_ON(date=adopted, paragraph=paragraph))
    elif body:
        sentences.append(ADOPTED_BY(body=_body(body)))
    if policy.get("last_revised"):
        sentences.append(REVISED(date=policy["last_revised"]))
    if rule and rule["rule"] == "mandate_period":
        sentences.append(EVERY_PERIOD())
    elif rule and rule["rule"] == "date":
        sentences.append(BY_DATE(date=rule["date"]))
    elif rule:
        sentences.append(EVERY_N_YEARS(rule["years"]))
    return sentences


def _judge(rule: dict | None, decided: str | None, today: date) -> tuple[str, str | None, Msg]:
    """Status, due date and the verdict, the answer that follows the label. A stated date needs no decision
    to count from; a revision decided on or after it fulfilled it, and the policy then states no next one."""
    if rule is not None and rule["rule"] == "date":
        due = date.fromisoformat(rule["date"])
        if decided is not None and date.fromisoformat(decided) >= due:
            return "unknown", None, NO_RULE()
        if today >= due:
            return "due", due.isoformat(), DUE_BY_YEARS(due=due.isoformat())
        return "ok", due.isoformat(), NEXT_BY_YEARS(due=due.isoformat())
    if rule is None or decided is None:
        return "unknown", None, NEITHER() if rule is None and decided is None else NO_RULE() if rule is None \
            else NO_DATE()
    last = date.fromisoformat(decided)
    if rule["rule"] == "mandate_period":
        due = _add_years(mandate_period_start(last), 4)
        late, current = DUE_IN_PERIOD, NEXT_IN_PERIOD
    else:
        due = _add_years(last, rule["years"])
        late, current = DUE_BY_YEARS, NEXT_BY_YEARS
    if today >= due:
        return "due", due.isoformat(), late(due=due.isoformat())
    return "ok", due.isoformat(), current(due=due.isoformat())


def revision_status(policy: dict, today: date) -> dict:
    """The revision status of a policy (its `x-policy` metadata) as of `today`.

    `status` is `ok`, `due` or `unknown`; `due` the date a revision is (or was) required.
    `message` is the whole statement (a `Msg`): the `label` ("Revision krävs"), a colon and the
    `detail` (the verdict, then what it rests on); a page that shows the label as a badge
    writes the detail after it.
    Metadata without a `revision` key counts as stating no rule.
    """
    rule = policy.get("revision") or None
    decided = policy.get("last_revised") or policy.get("adopted_date")
    status, due, verdict = _judge(rule, decided, today)
    basis = _basis(policy, rule)
    detail = DETAIL(verdict=verdict, basis=Joined(basis, " ")) if basis else verdict
    return {"policy": policy.get("id"), "status": status, "rule": rule["rule"] if rule else None,
            "adopted_by": policy.get("adopted_by"), "adopted_date": policy.get("adopted_date"),
            "adopted_paragraph": policy.get("adopted_paragraph"), "last_decided": decided, "due": due,
            "label": LABELS[status](), "detail": detail, "message": STATEMENT(label=LABELS[status](), detail=detail)}
