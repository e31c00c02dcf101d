"""Is a policy due for revision? Judged from its metadata, never guessed.

Swedish councils sit for four-year mandate periods: general elections every fourth
September (2014, 2018, 2022, 2026, …) and the new council's term begins on 15 October
of the election year. "Revised every mandate period" therefore means a decision on or
after the start of the current period.
"""
from __future__ import annotations

from datetime import date


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


def revision_status(policy: dict, today: date) -> dict:
    """Status (`ok`, `due`, `unknown`), the dates it rests on and a Swedish message."""
    rule = policy["revision"]
    decided = policy.get("last_revised") or policy.get("adopted_date")
    result = {"policy": policy["id"], "rule": rule["rule"], "last_decided": decided, "due": None}
    if decided is None:
        return result | {
            "status": "unknown",
            "message": "Kan inte bedömas: policyn anger inget datum för beslut eller senaste revision.",
        }
    last = date.fromisoformat(decided)
    if rule["rule"] == "mandate_period":
        due = _add_years(mandate_period_start(last), 4)
        rule_text = "ska revideras varje ny mandatperiod"
        next_text = f"under mandatperioden som börjar {due}"
    else:
        due = _add_years(last, rule["years"])
        rule_text = f"ska revideras vart {rule['years']}:e år"
        next_text = f"senast {due}"
    if today >= due:
        message = f"Revision krävs: senast beslutad {last}; {rule_text}. Revision har krävts sedan {due}."
        if rule["rule"] == "mandate_period":
            message += f" Innevarande mandatperiod började {mandate_period_start(today)}."
        status = "due"
    else:
        message = f"Aktuell: senast beslutad {last}; {rule_text}. Nästa revision {next_text}."
        status = "ok"
    return result | {"status": status, "due": due.isoformat(), "message": message}
