"""Is a policy due for revision? Judged from its metadata, never guessed.

Swedish councils sit for four-year mandate periods: general elections every fourth
September (2014, 2018, 2022, 2026, …) and the new council's term begins on 15 October
of the election year. "Revised every mandate period" therefore means a decision on or
after the start of the current period.
"""
from __future__ import annotations

from datetime import date

from survey.i18n import Text


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


NO_RULE = Text("revision.no_rule", "Kan inte bedömas: policyn anger inte när den ska revideras.")
CANNOT_TELL = Text("revision.unknown",
                   "Kan inte bedömas: policyn anger inget datum för beslut eller senaste revision.")
EVERY_PERIOD = Text("revision.rule.mandate_period", "ska revideras varje ny mandatperiod")
EVERY_N_YEARS = Text("revision.rule.years", "ska revideras vart %(years)s:e år")
NEXT_IN_PERIOD = Text("revision.next.mandate_period", "under mandatperioden som börjar %(due)s")
NEXT_BY = Text("revision.next.years", "senast %(due)s")
DUE = Text("revision.due", "Revision krävs: senast beslutad %(last)s; %(rule)s. Revision har krävts sedan %(due)s.")
DUE_IN_PERIOD = Text("revision.due.mandate_period",
                     "Revision krävs: senast beslutad %(last)s; %(rule)s. Revision har krävts sedan %(due)s. "
                     "Innevarande mandatperiod började %(period)s.")
CURRENT = Text("revision.ok", "Aktuell: senast beslutad %(last)s; %(rule)s. Nästa revision %(next)s.")


def revision_status(policy: dict, today: date) -> dict:
    """Status (`ok`, `due`, `unknown`), the dates it rests on and a message (`Msg`)."""
    rule = policy["revision"]
    decided = policy.get("last_revised") or policy.get("adopted_date")
    result = {"policy": policy["id"], "rule": rule["rule"] if rule else None, "last_decided": decided, "due": None}
    if rule is None:
        return result | {"status": "unknown", "message": NO_RULE()}
    if decided is None:
        return result | {"status": "unknown", "message": CANNOT_TELL()}
    last = date.fromisoformat(decided)
    if rule["rule"] == "mandate_period":
        due = _add_years(mandate_period_start(last), 4)
        rule_text, next_text = EVERY_PERIOD(), NEXT_IN_PERIOD(due=due.isoformat())
    else:
        due = _add_years(last, rule["years"])
        rule_text, next_text = EVERY_N_YEARS(years=rule["years"]), NEXT_BY(due=due.isoformat())
    words = {"last": last.isoformat(), "rule": rule_text, "due": due.isoformat()}
    if today >= due:
        if rule["rule"] == "mandate_period":
            message = DUE_IN_PERIOD(**words, period=mandate_period_start(today).isoformat())
        else:
            message = DUE(**words)
        status = "due"
    else:
        message = CURRENT(last=last.isoformat(), rule=rule_text, next=next_text)
        status = "ok"
    return result | {"status": status, "due": due.isoformat(), "message": message}
