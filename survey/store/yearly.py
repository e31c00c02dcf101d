"""Yearly follow-ups: one group of ordinary rounds (one per covered policy) with one set of units and one deadline.

Answers stay in each policy's round, written through the one gate for answers (`responses.save`), so
carry-over, history, reopen, actions, evidence and every per-policy report work as for a single round.
A shared question (`x-shared`) is asked once per unit and its answer written into every round whose
policy asks it of the unit.
"""
from __future__ import annotations

from sqlite_utils import Database

from survey.content import questionnaire as q
from survey.content.pointer import pointer_of
from survey.content.shared import shared_key
from survey.content.validation import FieldError
from survey.i18n import Text
from survey.store import actions, register, responses, rounds
from survey.store.content import version_body
from survey.store.db import NotFound, StorageError, now, one, write_transaction

NO_POLICIES = Text("yearly.no_policies", "Välj minst en publicerad policy för uppföljningen.")
POLICY_ELSEWHERE = Text("yearly.policy_elsewhere", "Policyn %(policy)s hör inte till organisationen.")
NO_UNITS = Text("yearly.no_units", "Ingen aktiv enhet berörs av de valda policyerna.")
UNIT_NOT_ADDRESSED = Text("yearly.unit_not_addressed", "Ingen av uppföljningens policyer berör %(unit)s.")
FOLLOWUP_GONE = Text("yearly.not_found", "Uppföljningen %(id)s finns inte.")
FOLLOWUP_CLOSED = Text("yearly.closed", "Uppföljningen är stängd; öppna den igen innan en enhet läggs till.")
CLOSED_FOR_POLICIES = Text("yearly.closed_for_policies",
                           "Uppföljningen är stängd; öppna den igen innan en policy läggs till.")
POLICY_NOT_FOR_UNITS = Text("yearly.policy_not_for_units", "Policyn %(policy)s berör ingen av uppföljningens enheter.")
NOT_ALL_AT_ONCE = Text("yearly.submit_all_only", "Uppföljningen lämnas in i sin helhet, inte policy för policy.")
NOTHING_TO_SUBMIT = Text("yearly.nothing_to_submit", "Det finns inget påbörjat svar att lämna in.")


class SubmitRefused(StorageError):
    """What keeps a unit from submitting its follow-up, per round: {round_id: [FieldError]} and unreported actions."""

    def __init__(self, problems: dict[int, list[FieldError]], unreported: dict[int, int]):
        self.problems, self.unreported = problems, unreported
        super().__init__("; ".join(f"{rid}: {len(found)}" for rid, found in problems.items()))


def _addresses(questionnaire: dict, unit: dict) -> bool:
    return bool(q.for_unit(questionnaire, unit)["properties"])


def offered_policies(db: Database, organisation_id: int) -> list[dict]:
    """The organisation's published policies, each with `followed_up`: whether it says how it is followed up
    (those are chosen by default)."""
    rows = db.query("select * from policies where organisation_id = ? order by title", [organisation_id])
    return [p | {"followed_up": bool((version_body(db, p["questionnaire_version_id"]).get("x-policy") or {})
                                     .get("follow_up"))} for p in rows]


def addressed_units(db: Database, organisation_id: int, policy_ids: list[int]) -> list[dict]:
    """The organisation's active units some of these policies address: a follow-up's units by default."""
    bodies = [version_body(db, row["questionnaire_version_id"]) for row in db.query(
        f"select questionnaire_version_id from policies where id in ({', '.join('?' for _ in policy_ids) or 'null'})",
        policy_ids)]
    return [u for u in register.units(db, organisation_id, active_only=True) if any(_addresses(b, u) for b in bodies)]


def open_followup(db: Database, organisation_id: int, year: int, policy_ids: list[int], *,
                  unit_ids: list[int] | None = None, deadline: str | None = None, title: str | None = None,
                  per_policy_submit: bool = False, created_by: int | None = None) -> int:
    """Open one round per policy, grouped as the organisation's follow-up of the year.

    The units are the active ones given (default: every active unit some chosen policy addresses);
    each joins the rounds of the policies that address it.
    """
    rounds.check_year_and_deadline(year, deadline)
    if not policy_ids:
        raise StorageError(NO_POLICIES())
    policies = [_new_policy(db, organisation_id, policy_id, year) for policy_id in dict.fromkeys(policy_ids)]
    units = register.units(db, organisation_id, active_only=True)
    if unit_ids is not None:
        units = [u for u in units if u["id"] in set(unit_ids)]
    bodies = {p["id"]: version_body(db, p["questionnaire_version_id"]) for p in policies}
    taking_part = {p["id"]: [u["id"] for u in units if _addresses(bodies[p["id"]], u)] for p in policies}
    if not any(taking_part.values()):
        raise StorageError(NO_UNITS())
    title = title or f"Uppföljning {year}"
    with db.atomic():
        followup_id = db["followups"].insert({
            "organisation_id": organisation_id, "title": title, "year": year, "deadline": deadline,
            "per_policy_submit": int(per_policy_submit), "status": "open", "created_at": now(),
            "created_by": created_by}).last_pk
        created = followup(db, followup_id)
        for policy in policies:
            _open_round(db, created, policy, taking_part[policy["id"]])
    return followup_id


def add_policy(db: Database, followup_id: int, policy_id: int) -> tuple[int, list[int]]:
    """A policy published during the year joins the open follow-up: its round, with the follow-up's units it
    addresses; (round id, unit ids)."""
    found = followup(db, followup_id)
    if found["status"] != "open":
        raise StorageError(CLOSED_FOR_POLICIES())
    policy = _new_policy(db, found["organisation_id"], policy_id, found["year"])
    inside = {row["unit_id"] for row in statuses(db, followup_id)}
    body = version_body(db, policy["questionnaire_version_id"])
    taking_part = [u["id"] for u in register.units(db, found["organisation_id"], active_only=True)
                   if u["id"] in inside and _addresses(body, u)]
    if not taking_part:
        raise StorageError(POLICY_NOT_FOR_UNITS(policy=policy["title"]))
    with db.atomic():
        round_id = _open_round(db, found, policy, taking_part)
    return round_id, taking_part


def _new_policy(db: Database, organisation_id: int, policy_id: int, year: int) -> dict:
    """A published policy of the organisation with no round in the year yet: one a follow-up may take in."""
    policy = one(db, "select * from policies where id = ?", [policy_id])
    if policy is None or policy["organisation_id"] != organisation_id:
        raise StorageError(POLICY_ELSEWHERE(policy=policy["title"] if policy else policy_id))
    if one(db, "select id from rounds where policy_id = ? and year = ?", [policy_id, year]):
        raise StorageError(rounds.ROUND_EXISTS(year=year, policy=policy["title"]))
    return policy


def _open_round(db: Database, found: dict, policy: dict, unit_ids: list[int]) -> int:
    """The policy's round in the follow-up, with its title, year, deadline and status, and its units."""
    round_id = db["rounds"].insert({
        "policy_id": policy["id"], "year": found["year"], "title": found["title"], "status": found["status"],
        "deadline": found["deadline"], "questionnaire_version_id": policy["questionnaire_version_id"],
        "ruleset_version_id": policy["ruleset_version_id"], "created_at": now(),
        "followup_id": found["id"]}).last_pk
    db["round_units"].insert_all([{"round_id": round_id, "unit_id": u} for u in unit_ids])
    return round_id


def followup(db: Database, followup_id: int) -> dict:
    row = one(db, """select followups.*, organisations.name as organisation from followups
                     join organisations on organisations.id = followups.organisation_id
                     where followups.id = ?""", [followup_id])
    if row is None:
        raise NotFound(FOLLOWUP_GONE(id=followup_id))
    return row


def followups(db: Database, organisation_id: int | None = None) -> list[dict]:
    """Follow-ups, newest first, with how many policies and units take part and how many units submitted all."""
    return list(db.query("""
        select f.*, organisations.name as organisation,
               (select count(*) from rounds where followup_id = f.id) as policies,
               (select count(distinct ru.unit_id) from round_units ru join rounds on rounds.id = ru.round_id
                where rounds.followup_id = f.id) as units,
               (select count(*) from (select ru.unit_id from round_units ru join rounds on rounds.id = ru.round_id
                  left join responses r on r.round_id = ru.round_id and r.unit_id = ru.unit_id
                  where rounds.followup_id = f.id group by ru.unit_id
                  having min(coalesce(r.status, '') = 'submitted') = 1)) as submitted
        from followups f join organisations on organisations.id = f.organisation_id
        where (:org is null or f.organisation_id = :org) order by f.year desc, f.id desc""",
        {"org": organisation_id}))


def followup_rounds(db: Database, followup_id: int) -> list[dict]:
    """The follow-up's rounds as `rounds.round_info` gives them, in the order the policies are shown (by title)."""
    return list(db.query(rounds.ROUND_INFO + " where rounds.followup_id = ? order by policies.title, rounds.id",
                         [followup_id]))


def unit_rounds(db: Database, followup_id: int, unit_id: int) -> list[dict]:
    """The rounds of the follow-up this unit takes part in."""
    return list(db.query(rounds.ROUND_INFO + """ join round_units ru on ru.round_id = rounds.id and ru.unit_id = ?
                         where rounds.followup_id = ? order by policies.title, rounds.id""", [unit_id, followup_id]))


def unit_responses(db: Database, followup_id: int, unit_id: int) -> dict[int, dict]:
    """The unit's stored responses in the follow-up, by round (a round not started has none)."""
    return {row["round_id"]: responses.decoded(row) for row in db.query(
        """select r.* from responses r join rounds on rounds.id = r.round_id
           where rounds.followup_id = ? and r.unit_id = ?""", [followup_id, unit_id])}


def set_status(db: Database, followup_id: int, status: str) -> None:
    """Open or close the follow-up and every round in it."""
    if status not in ("open", "closed"):
        raise StorageError(rounds.UNKNOWN_STATUS(status=status))
    followup(db, followup_id)
    with db.atomic():
        db["followups"].update(followup_id, {"status": status})
        db.execute("update rounds set status = ? where followup_id = ?", [status, followup_id])


def add_unit(db: Database, followup_id: int, unit_id: int) -> list[int]:
    """A unit that came during the year joins the rounds of the policies addressing it; their ids."""
    found = followup(db, followup_id)
    unit = register.unit(db, unit_id)
    if unit["organisation_id"] != found["organisation_id"]:
        raise StorageError(rounds.UNIT_ELSEWHERE())
    if found["status"] != "open":
        raise StorageError(FOLLOWUP_CLOSED())
    joined = [r["id"] for r in followup_rounds(db, followup_id)
              if not rounds.in_round(db, r["id"], unit_id)
              and _addresses(version_body(db, r["questionnaire_version_id"], r["questionnaire_digest"]), unit)]
    if not joined:
        if any(rounds.in_round(db, r["id"], unit_id) for r in followup_rounds(db, followup_id)):
            raise StorageError(rounds.UNIT_ALREADY(unit=unit["name"]))
        raise StorageError(UNIT_NOT_ADDRESSED(unit=unit["name"]))
    for round_id in joined:
        rounds.add_unit(db, round_id, unit_id)
    return joined


def units_outside(db: Database, followup_id: int) -> list[dict]:
    """The organisation's active units in none of the follow-up's rounds: those that could join it."""
    return register.with_tags(db, db.query("""
        select units.* from units join followups f on f.organisation_id = units.organisation_id
        where f.id = ? and units.active = 1 and units.id not in (
            select ru.unit_id from round_units ru join rounds on rounds.id = ru.round_id where rounds.followup_id = f.id)
        order by units.name""", [followup_id]))


def statuses(db: Database, followup_id: int) -> list[dict]:
    """Every (unit, round) of the follow-up with its response status and how much evidence it has: the
    policies × units grid."""
    return list(db.query("""
        select units.id as unit_id, units.name as unit, units.kind, rounds.id as round_id,
               policies.name as policy, policies.title as policy_title, r.id as response_id,
               coalesce(r.status, 'not_started') as status,
               (select count(*) from evidence e where e.round_id = rounds.id and e.unit_id = units.id) as evidence
        from rounds join round_units ru on ru.round_id = rounds.id join units on units.id = ru.unit_id
        join policies on policies.id = rounds.policy_id
        left join responses r on r.round_id = rounds.id and r.unit_id = units.id
        where rounds.followup_id = ? order by units.name, policies.title""", [followup_id]))


def of_round(db: Database, round_id: int) -> dict | None:
    """The follow-up a round belongs to, or None for a single-policy round."""
    row = one(db, "select followup_id from rounds where id = ?", [round_id])
    return followup(db, row["followup_id"]) if row and row["followup_id"] else None


def sibling_rounds(db: Database, round_id: int) -> list[int]:
    """The rounds of the follow-up this round belongs to (just itself for a single-policy round)."""
    return [row["id"] for row in db.query("""select other.id from rounds this join rounds other
        on other.id = this.id or other.followup_id = this.followup_id where this.id = ?""", [round_id])]


def tasks(db: Database, unit_ids: list[int]) -> list[dict]:
    """The follow-ups these units take part in: a manager's to-do list, one line per unit."""
    marks = ", ".join("?" for _ in unit_ids) or "null"
    return list(db.query(f"""
        select f.id as followup_id, f.title, f.year, f.deadline, f.status as followup_status,
               units.id as unit_id, units.name as unit, min(rounds.id) as round_id, count(*) as policies,
               sum(coalesce(r.status, '') = 'submitted') as submitted
        from followups f join rounds on rounds.followup_id = f.id
        join round_units ru on ru.round_id = rounds.id join units on units.id = ru.unit_id
        left join responses r on r.round_id = rounds.id and r.unit_id = units.id
        where units.id in ({marks}) group by f.id, units.id order by f.year desc, units.name""", unit_ids))


def asked_once(views: dict[int, dict]) -> dict[str, list[tuple[int, str, str]]]:
    """The shared questions a unit is asked once: each key its views (by round) ask in two places or more,
    with where: [(round id, section, property)]. The first place's wording is the one shown."""
    places: dict[str, list[tuple[int, str, str]]] = {}
    for round_id, view in views.items():
        for section, name, schema in q.questions(view):
            key = shared_key(schema)
            if key is not None:
                places.setdefault(key, []).append((round_id, section, name))
    return {key: found for key, found in places.items() if len({r for r, _s, _n in found}) > 1}


def save_shared(db: Database, unit: dict, places: dict[str, list[tuple[int, str, str]]], given: dict,
                views: dict[int, dict], *, user_id: int | None, invitation_id: int | None = None,
                confirmed: set[str] = frozenset(), base_versions: dict[int, int] | None = None
                ) -> dict[int, list[FieldError]]:
    """Write the shared answers (by key) into every round that asks them, through the gate; problems by round.

    Every round is checked before any is written, and all are written in one transaction, so a refused
    answer, or a round saved meanwhile, leaves all rounds as they were.
    An answer changed, or ticked as still right (`confirmed` keys), is no longer marked as carried over.
    `base_versions` are the versions (by round) the person started from: a round saved since is refused
    as the gate refuses a stale save (`responses.StaleVersion`).
    """
    with write_transaction(db):  # checked and written under one lock: all rounds or none
        return _save_shared(db, unit, places, given, views, user_id=user_id, invitation_id=invitation_id,
                            confirmed=confirmed, base_versions=base_versions)


def _save_shared(db: Database, unit: dict, places: dict[str, list[tuple[int, str, str]]], given: dict,
                 views: dict[int, dict], *, user_id: int | None, invitation_id: int | None,
                 confirmed: set[str], base_versions: dict[int, int] | None) -> dict[int, list[FieldError]]:
    planned, problems = [], {}
    for round_id, view in views.items():
        targets = [(key, s, n) for key, found in places.items() for r, s, n in found if r == round_id]
        if not targets:
            continue
        round_ = rounds.round_info(db, round_id)
        stored = responses.get_response(db, round_id, unit["id"])
        answers = {s: dict(v) for s, v in (stored["answers"] if stored else {}).items()}
        for key, section, name in targets:
            if given.get(key) is None:
                answers.get(section, {}).pop(name, None)
            else:
                answers.setdefault(section, {})[name] = given[key]
        answers = {s: v for s, v in q.without_unasked(view, answers).items() if v}
        found = responses.check(db, round_, unit, answers, submit=False)
        if found:
            problems[round_id] = found
        planned.append((round_id, stored, answers, _marks(stored, targets, answers, confirmed)))
    if problems:
        return problems
    for round_id, stored, answers, marks in planned:
        version = stored["version"] if stored else 0
        responses.save(db, round_id, unit["id"], answers, user_id=user_id, invitation_id=invitation_id,
                       base_version=(base_versions or {}).get(round_id, version), marks=marks)
    return {}


def _marks(stored: dict | None, targets: list[tuple[str, str, str]], answers: dict,
           confirmed: set[str]) -> dict[str, list[str]] | None:
    if stored is None:
        return None
    carried, kept = set(stored["carried"]), set(stored["confirmed"])
    for key, section, name in targets:
        pointer = pointer_of(section, name)
        changed = (stored["answers"].get(section) or {}).get(name) != (answers.get(section) or {}).get(name)
        if pointer in carried and (changed or key in confirmed):
            carried.discard(pointer)
            if not changed:
                kept.add(pointer)
        elif pointer in kept and changed:
            kept.discard(pointer)
    return {"carried": sorted(carried), "confirmed": sorted(kept)}


def submit(db: Database, followup_id: int, unit: dict, round_ids: list[int] | None = None, *,
           user_id: int | None, invitation_id: int | None = None) -> list[int]:
    """Submit the unit's responses in the follow-up (or in the rounds given, where policy by policy is
    allowed) all or none: every one is checked first, and all are written in one transaction. Returns the
    rounds submitted."""
    with write_transaction(db):
        return _submit(db, followup_id, unit, round_ids, user_id=user_id, invitation_id=invitation_id)


def _submit(db: Database, followup_id: int, unit: dict, round_ids: list[int] | None, *,
            user_id: int | None, invitation_id: int | None) -> list[int]:
    found = followup(db, followup_id)
    taking_part = [r["id"] for r in unit_rounds(db, followup_id, unit["id"])]
    if round_ids is not None and set(round_ids) != set(taking_part) and not found["per_policy_submit"]:
        raise StorageError(NOT_ALL_AT_ONCE())
    chosen = [r for r in taking_part if round_ids is None or r in round_ids]
    pending = {r: responses.get_response(db, r, unit["id"]) for r in chosen}
    pending = {r: s for r, s in pending.items() if s is None or s["status"] != "submitted"}
    if not pending:
        raise StorageError(NOTHING_TO_SUBMIT())
    problems: dict[int, list[FieldError]] = {}
    unreported: dict[int, int] = {}
    for round_id, stored in pending.items():
        round_ = rounds.round_info(db, round_id)
        answers = stored["answers"] if stored else {}
        found_problems = responses.check(db, round_, unit, answers, submit=True)
        found_problems += [FieldError(p, responses.CONFIRM_CARRIED()) for p in sorted(stored["carried"] if stored else [])]
        if found_problems:
            problems[round_id] = found_problems
        if missing := actions.unreported(db, round_id, unit["id"]):
            unreported[round_id] = missing
    if problems or unreported:
        raise SubmitRefused(problems, unreported)
    for round_id, stored in pending.items():  # all checked above: each goes through the gate, and is scored
        responses.save(db, round_id, unit["id"], stored["answers"] if stored else {}, user_id=user_id,
                       base_version=stored["version"] if stored else 0, submit=True, invitation_id=invitation_id)
    return list(pending)
