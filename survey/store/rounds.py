"""Rounds: one policy's self-assessment for one year, with the units taking part."""
from __future__ import annotations

from datetime import date

from sqlite_utils import Database

from survey.i18n import Text
from survey.store import register
from survey.store.db import NotFound, StorageError, get, now, one

ROUND_EXISTS = Text("round.exists", "Det finns redan en omgång %(year)s för %(policy)s.")
UNKNOWN_KINDS = Text("round.unknown_kinds", "Okänd enhetstyp: %(kinds)s; välj bland %(known)s.")
UNKNOWN_STATUS = Text("round.unknown_status", "Okänd status '%(status)s'.")
NO_ROUND = Text("round.none_that_year", "Det finns ingen omgång %(year)s för policyn.")
ROUND_GONE = Text("round.not_found", "Omgången %(id)s finns inte.")
BAD_YEAR = Text("round.bad_year", "Året %(year)s är orimligt: ange ett år mellan %(first)s och %(last)s.")
BAD_DEADLINE = Text("round.bad_deadline", "Sista dag %(deadline)s måste vara ett datum (ÅÅÅÅ-MM-DD) från "
                    "%(first)s till %(last)s.")
NOT_OPEN = Text("round.not_open", "Omgången är stängd; öppna den igen innan en enhet läggs till.")
UNIT_ELSEWHERE = Text("round.unit_other_organisation", "Enheten hör inte till omgångens organisation.")
UNIT_INACTIVE = Text("round.unit_inactive", "Enheten %(unit)s är inaktiv.")
UNIT_ALREADY = Text("round.unit_already", "%(unit)s är redan med i omgången.")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def check_year_and_deadline(year: int, deadline: str | None) -> None:
    """A plausible year, and a deadline (ISO date) within the round's year or early the next."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise StorageError(BAD_YEAR(year=year, first=FIRST_YEAR, last=LAST_YEAR))
    if deadline is None:
        return
    first, last = date(year, 1, 1), date(year + 1, 12, 31)
    try:
        moment = date.fromisoformat(deadline)
    except ValueError:
        moment = None
    if moment is None or not first <= moment <= last:
        raise StorageError(BAD_DEADLINE(deadline=deadline, first=first.isoformat(), last=last.isoformat()))


def open_round(db: Database, policy_id: int, year: int, *, deadline: str | None = None,
               title: str | None = None, unit_kinds: list[str] | None = None) -> int:
    """Open the yearly round of a policy, on its current content versions, for the active
    units of the chosen kinds (default: every kind the organisation has)."""
    policy = get(db, "policies", policy_id)
    check_year_and_deadline(year, deadline)
    if one(db, "select id from rounds where policy_id = ? and year = ?", [policy_id, year]):
        raise StorageError(ROUND_EXISTS(year=year, policy=policy["title"]))
    known = register.kinds(db, policy["organisation_id"])
    kinds = list(unit_kinds or known)
    unknown = set(kinds) - set(known)
    if unknown:
        raise StorageError(UNKNOWN_KINDS(kinds=", ".join(sorted(unknown)), known=", ".join(known)))
    record = {"policy_id": policy_id, "year": year, "title": title or f"Självskattning {year}",
              "status": "open", "deadline": deadline,
              "questionnaire_version_id": policy["questionnaire_version_id"],
              "ruleset_version_id": policy["ruleset_version_id"], "created_at": now()}
    with db.atomic():
        round_id = db["rounds"].insert(record).last_pk
        marks = ", ".join("?" for _ in kinds)
        db.execute(f"""insert into round_units (round_id, unit_id) select ?, id from units
                       where organisation_id = ? and active = 1 and kind in ({marks})""",
                   [round_id, policy["organisation_id"], *kinds])
    return round_id


def set_round_status(db: Database, round_id: int, status: str) -> None:
    if status not in ("open", "closed"):
        raise StorageError(UNKNOWN_STATUS(status=status))
    get(db, "rounds", round_id)
    db["rounds"].update(round_id, {"status": status})


def add_unit(db: Database, round_id: int, unit_id: int) -> dict:
    """Let a unit that came during the year join an open round; returns the unit."""
    round_ = round_info(db, round_id)
    unit = register.unit(db, unit_id)
    if unit["organisation_id"] != round_["organisation_id"]:
        raise StorageError(UNIT_ELSEWHERE())
    if round_["status"] != "open":
        raise StorageError(NOT_OPEN())
    if not unit["active"]:
        raise StorageError(UNIT_INACTIVE(unit=unit["name"]))
    if in_round(db, round_id, unit_id):
        raise StorageError(UNIT_ALREADY(unit=unit["name"]))
    with db.atomic():
        db["round_units"].insert({"round_id": round_id, "unit_id": unit_id})
    return unit


def units_outside(db: Database, round_id: int) -> list[dict]:
    """The organisation's active units not in the round: those that could join it."""
    return register.with_tags(db, db.query("""
        select units.* from units join policies on policies.organisation_id = units.organisation_id
        join rounds on rounds.policy_id = policies.id
        where rounds.id = ? and units.active = 1
          and units.id not in (select unit_id from round_units where round_id = rounds.id)
        order by units.name""", [round_id]))


def in_round(db: Database, round_id: int, unit_id: int) -> bool:
    return one(db, "select 1 as yes from round_units where round_id = ? and unit_id = ?", [round_id, unit_id]) is not None


def round_by_year(db: Database, policy_id: int, year: int) -> dict:
    row = one(db, "select * from rounds where policy_id = ? and year = ?", [policy_id, year])
    if row is None:
        raise NotFound(NO_ROUND(year=year))
    return row


ROUND_COLUMNS = """
    rounds.*, policies.name as policy, policies.title as policy_title,
    policies.organisation_id, organisations.name as organisation,
    questionnaires.digest as questionnaire_digest, rulesets.digest as ruleset_digest"""
ROUND_TABLES = """
    from rounds join policies on policies.id = rounds.policy_id
    join organisations on organisations.id = policies.organisation_id
    join content_versions questionnaires on questionnaires.id = rounds.questionnaire_version_id
    join content_versions rulesets on rulesets.id = rounds.ruleset_version_id"""
ROUND_INFO = f"select {ROUND_COLUMNS} {ROUND_TABLES}"


def round_info(db: Database, round_id: int, unit_id: int | None = None) -> dict:
    """A round with its policy, organisation and content (the versions' digests, which key the content cache);
    given a unit, also whether it takes part in the round (`unit_in_round`), in the same statement."""
    if unit_id is None:
        row = one(db, ROUND_INFO + " where rounds.id = ?", [round_id])
    else:
        member = "exists(select 1 from round_units where round_id = rounds.id and unit_id = ?) as unit_in_round"
        row = one(db, f"select {ROUND_COLUMNS}, {member} {ROUND_TABLES} where rounds.id = ?", [unit_id, round_id])
    if row is None:
        raise NotFound(ROUND_GONE(id=round_id))
    return row



def rounds(db: Database, *, policy: str | None = None, year: int | None = None,
           organisation_id: int | None = None) -> list[dict]:
    """Rounds with their policy and organisation, how many units take part and how many have submitted."""
    return list(db.query("""
        select rounds.*, policies.name as policy, policies.title as policy_title,
               organisations.name as organisation, policies.organisation_id,
               (select count(*) from responses r where r.round_id = rounds.id and r.status = 'submitted') as submitted,
               (select count(*) from round_units ru where ru.round_id = rounds.id) as units
        from rounds join policies on policies.id = rounds.policy_id
        join organisations on organisations.id = policies.organisation_id
        where (:policy is null or policies.name = :policy) and (:year is null or rounds.year = :year)
          and (:org is null or policies.organisation_id = :org)
        order by organisations.name, policies.title, rounds.year desc""",
        {"policy": policy, "year": year, "org": organisation_id}))


def years(db: Database, policy_id: int) -> list[int]:
    """The years a policy has rounds for, oldest first."""
    return [row["year"] for row in db.query("select distinct year from rounds where policy_id = ? order by year",
                                            [policy_id])]


def tasks(db: Database, unit_ids: list[int]) -> list[dict]:
    """The rounds these units take part in, with their response's status: a manager's to-do list."""
    marks = ", ".join("?" for _ in unit_ids) or "null"
    return list(db.query(f"""
        select rounds.id as round_id, rounds.year, rounds.title, rounds.status as round_status, rounds.deadline,
               policies.title as policy_title, units.id as unit_id, units.name as unit, units.kind,
               coalesce(r.status, 'not_started') as status, r.updated_at
        from round_units ru join units on units.id = ru.unit_id
        join rounds on rounds.id = ru.round_id join policies on policies.id = rounds.policy_id
        left join responses r on r.round_id = rounds.id and r.unit_id = units.id
        where units.id in ({marks}) order by rounds.year desc, policies.title, units.name""", unit_ids))


def unsubmitted_units(db: Database, round_id: int) -> list[dict]:
    """The round's active units that have not submitted: who invitations and reminders go to."""
    return register.with_tags(db, db.query("""
        select units.* from round_units ru join units on units.id = ru.unit_id
        left join responses r on r.round_id = ru.round_id and r.unit_id = units.id
        where ru.round_id = ? and units.active = 1 and coalesce(r.status, '') != 'submitted'
        order by units.name""", [round_id]))


def response_statuses(db: Database, round_id: int) -> list[dict]:
    """Each unit of the round with its response's status (not_started, draft, submitted)."""
    return list(db.query("""
        select ru.unit_id, units.name as unit, coalesce(r.status, 'not_started') as status
        from round_units ru join units on units.id = ru.unit_id
        left join responses r on r.round_id = ru.round_id and r.unit_id = ru.unit_id
        where ru.round_id = ? order by units.name""", [round_id]))
