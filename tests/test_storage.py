"""Storage on a real SQLite file: migrations, content versions, saves, history, scores."""
import json
import sqlite3

import pytest

from survey.content import lint
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import register, responses, rounds
from survey.store.migrations import MIGRATIONS, migrate
from tests.helpers import complete_answers, edit_json

POLICY = "falkoping-integrationspolicy"


@pytest.fixture
def setup(db, content):
    """One organisation with a nämnd, a manager and an open round."""
    store_content.load_content(db, content)
    policy = store_content.policy_by_name(db, POLICY)
    unit_id = register.add_unit(db, policy["organisation_id"], "Socialnämnden", "nämnd")
    user_id = register.add_user(db, "chef@example.se", "Chef", "hemligt", "manager", policy["organisation_id"])
    round_id = rounds.open_round(db, policy["id"], 2026)
    return {"policy": policy, "unit": unit_id, "user": user_id, "round": round_id}


ANSWERS = {"mal": {"kort_sikt": "ja", "lang_sikt": "nej"}}


@pytest.fixture
def complete(content):
    """A complete response of a nämnd, with ANSWERS over it."""
    return complete_answers(content.questionnaires[POLICY], "nämnd", **ANSWERS)


def test_migrations_run_once_and_are_recorded(tmp_path):
    handle = store_db.connect(tmp_path / "a.db")
    applied = migrate(handle)
    assert applied[:4] == ["m001_initial", "m002_invitations_logins_carry_over", "m003_round_units", "m004_messages"]
    assert applied == [migration.__name__ for migration in MIGRATIONS]
    assert migrate(handle) == []
    assert handle.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert handle.execute("pragma foreign_keys").fetchone()[0] == 1


def test_loading_the_same_content_twice_creates_no_new_version(db, content):
    first = store_content.load_content(db, content)
    assert all(item["new"] for item in first)
    second = store_content.load_content(db, content)
    assert not any(item["new"] for item in second)
    assert db["content_versions"].count == len(first)


def test_a_changed_file_becomes_a_new_version_and_old_rounds_keep_theirs(db, content_copy, setup):
    old_round = rounds.round_info(db, setup["round"])
    edit_json(content_copy / "rules" / f"{POLICY}.json", lambda r: r["requirements"][0].update(weight=2))
    report = store_content.load_content(db, lint.load(content_copy))
    changed = [item for item in report if item["new"]]
    assert [(i["kind"], i["name"]) for i in changed] == [("ruleset", POLICY)]
    policy = store_content.policy_by_name(db, POLICY)
    assert policy["ruleset_version_id"] == changed[0]["version"] != old_round["ruleset_version_id"]
    assert rounds.round_info(db, setup["round"])["ruleset_version_id"] == old_round["ruleset_version_id"]


def test_save_draft_then_submit_scores_under_the_round_rule_set(db, setup, complete):
    draft = responses.save(db, setup["round"], setup["unit"], ANSWERS, user_id=setup["user"], base_version=0)
    assert (draft["status"], draft["version"], draft["answers"]) == ("draft", 1, ANSWERS)
    assert db["scores"].count == 0
    done = responses.save(db, setup["round"], setup["unit"], complete, user_id=setup["user"],
                          base_version=1, submit=True)
    assert (done["status"], done["version"]) == ("submitted", 2)
    results = {r["requirement"]: r for r in responses.stored_results(db, done["id"])}
    assert results["N1"]["level"] == "partly_met"
    assert results["KS1"]["level"] == "not_applicable"
    round_ = rounds.round_info(db, setup["round"])
    versions = {row["ruleset_version_id"] for row in db["scores"].rows}
    assert versions == {round_["ruleset_version_id"]}
    assert done["questionnaire_version_id"] == round_["questionnaire_version_id"]


def test_a_stale_save_is_refused_and_the_stored_answers_are_kept(db, setup):
    responses.save(db, setup["round"], setup["unit"], ANSWERS, user_id=setup["user"], base_version=0)
    responses.save(db, setup["round"], setup["unit"], {"mal": {"kort_sikt": "nej"}}, user_id=None, base_version=1)
    with pytest.raises(responses.StaleVersion) as refused:
        responses.save(db, setup["round"], setup["unit"], {"mal": {}}, user_id=setup["user"], base_version=1)
    assert refused.value.current["version"] == 2
    assert "någon annan" in str(refused.value)
    assert responses.get_response(db, setup["round"], setup["unit"])["answers"] == {"mal": {"kort_sikt": "nej"}}


def test_two_first_saves_of_the_same_response_cannot_both_win(db, setup):
    responses.save(db, setup["round"], setup["unit"], ANSWERS, user_id=None, base_version=0)
    with pytest.raises(responses.StaleVersion):
        responses.save(db, setup["round"], setup["unit"], {}, user_id=None, base_version=0)


def test_submitted_response_is_read_only_until_reopened(db, setup, complete):
    responses.save(db, setup["round"], setup["unit"], complete, user_id=None, base_version=0, submit=True)
    with pytest.raises(responses.ReadOnly):
        responses.save(db, setup["round"], setup["unit"], {}, user_id=None, base_version=1)
    response = responses.get_response(db, setup["round"], setup["unit"])
    with pytest.raises(store_db.StorageError, match="Ange varför"):
        responses.reopen(db, response["id"], user_id=None, reason=" ")
    reopened = responses.reopen(db, response["id"], user_id=setup["user"], reason="Fel siffra i avsnitt 2")
    assert (reopened["status"], reopened["version"]) == ("draft", 2)
    responses.save(db, setup["round"], setup["unit"], {"mal": {}}, user_id=None, base_version=2)
    actions = [(h["action"], h["version"], h["note"]) for h in responses.history(db, response["id"])]
    assert actions == [("submit", 1, None), ("reopen", 2, "Fel siffra i avsnitt 2"), ("save", 3, None)]


def test_a_closed_round_takes_no_saves(db, setup):
    db["rounds"].update(setup["round"], {"status": "closed"})
    with pytest.raises(responses.ReadOnly, match="stängd"):
        responses.save(db, setup["round"], setup["unit"], ANSWERS, user_id=None, base_version=0)


def test_history_keeps_every_save_and_is_append_only(db, setup):
    for version in range(3):
        responses.save(db, setup["round"], setup["unit"], {"mal": {"kort_sikt": ["ja", "nej", "delvis"][version]}},
                       user_id=setup["user"], base_version=version)
    response = responses.get_response(db, setup["round"], setup["unit"])
    history = responses.history(db, response["id"])
    assert [h["answers"]["mal"]["kort_sikt"] for h in history] == ["ja", "nej", "delvis"]
    assert {h["saved_by_name"] for h in history} == {"Chef"}
    for sql in ("update response_history set answers = '{}'", "delete from response_history"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(sql)


def test_previous_year_answers_feed_the_scoring(db, setup, content):
    previous_round = rounds.open_round(db, setup["policy"]["id"], 2025)
    redovisat = complete_answers(content.questionnaires[POLICY], "nämnd", mal={"redovisat": "ja"})
    responses.save(db, previous_round, setup["unit"], redovisat, user_id=None, base_version=0, submit=True)
    assert responses.previous_answers(db, setup["round"], setup["unit"]) == redovisat
    assert responses.previous_answers(db, previous_round, setup["unit"]) is None


def test_unknown_unit_kind_and_duplicate_names_are_refused(db, setup):
    org = setup["policy"]["organisation_id"]
    with pytest.raises(store_db.StorageError, match="Okänd enhetstyp"):
        register.add_unit(db, org, "Styrelsen", "styrelse")
    with pytest.raises(store_db.StorageError, match="finns redan"):
        register.add_unit(db, org, "Socialnämnden", "nämnd")
    with pytest.raises(store_db.StorageError, match="finns redan"):
        rounds.open_round(db, setup["policy"]["id"], 2026)


def test_a_page_reads_its_round_unit_and_responses_in_one_statement(db, setup, complete):
    org = setup["policy"]["organisation_id"]
    tagged = register.add_unit(db, org, "Kultur", "nämnd", tags=["skola", "kultur"])
    previous_round = rounds.open_round(db, setup["policy"]["id"], 2025)
    outside = register.add_unit(db, org, "Nya bolaget", "bolag")  # in neither round: both opened before it
    responses.save(db, previous_round, setup["unit"], complete, user_id=None, base_version=0, submit=True)
    responses.save(db, previous_round, tagged, {}, user_id=None, base_version=0)  # a draft is no previous response
    responses.save(db, setup["round"], setup["unit"], ANSWERS, user_id=None, base_version=0)
    pages = [(setup["round"], unit_id) for unit_id in (setup["unit"], tagged, outside)] + [(previous_round, tagged)]
    for round_id, unit_id in pages:
        run: list[str] = []
        db.conn.set_trace_callback(run.append)
        together = responses.for_page(db, round_id, unit_id)
        db.conn.set_trace_callback(None)
        assert len(run) == 1
        assert together == (rounds.round_info(db, round_id, unit_id), register.unit(db, unit_id),
                            responses.get_response(db, round_id, unit_id),
                            responses.previous_response(db, round_id, unit_id))
    _round, _unit, response, previous = responses.for_page(db, setup["round"], setup["unit"])
    assert response["answers"] == ANSWERS and previous["answers"] == complete
    _round, unit, response, previous = responses.for_page(db, setup["round"], tagged)
    assert unit["tags"] == ["kultur", "skola"] and response is None and previous is None
    assert not responses.for_page(db, setup["round"], outside)[0]["unit_in_round"]
    with pytest.raises(store_db.NotFound, match="Omgången"):
        responses.for_page(db, setup["round"] + 100, setup["unit"])
    with pytest.raises(store_db.NotFound, match="Enheten"):
        responses.for_page(db, setup["round"], outside + 100)


def test_passwords_are_stored_hashed(db, setup):
    stored = db["users"].get(setup["user"])["password_hash"]
    assert "hemligt" not in stored and stored.startswith(("scrypt:", "pbkdf2:"))


def test_answers_are_stored_as_json_text(db, setup):
    answers = {"mal": {"plan_finns": "ja", "plan_lank": "https://å.se"}}
    responses.save(db, setup["round"], setup["unit"], answers, user_id=None, base_version=0)
    raw = db.execute("select answers from responses").fetchone()[0]
    assert json.loads(raw) == answers


def test_simultaneous_saves_wait_their_turn_and_exactly_one_first_save_wins(db, setup, tmp_path):
    """Real threads, one connection each: first saves of many units all succeed; of one unit exactly one does."""
    import threading

    org = setup["policy"]["organisation_id"]
    units = [register.add_unit(db, org, f"Nämnd {i}", "nämnd") for i in range(12)]
    db.execute("insert or ignore into round_units (round_id, unit_id) select ?, id from units", [setup["round"]])
    db.conn.commit()
    path = db.execute("pragma database_list").fetchone()[2]
    outcomes: list[str] = []
    start = threading.Barrier(len(units) + 8)

    def first_save(unit_id: int) -> None:
        handle = store_db.connect(path)
        start.wait()
        try:
            responses.save(handle, setup["round"], unit_id, ANSWERS, user_id=None, base_version=0)
            outcomes.append("saved")
        except responses.StaleVersion:
            outcomes.append("stale")
        except Exception as error:  # anything else is the bug this test is about
            outcomes.append(f"error: {error}")
        finally:
            handle.close()

    threads = [threading.Thread(target=first_save, args=(u,)) for u in units]
    threads += [threading.Thread(target=first_save, args=(setup["unit"],)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved"] * (len(units) + 1) + ["stale"] * 7


def test_a_write_transaction_inside_another_is_a_savepoint_of_it(tmp_path):
    db = store_db.connect(tmp_path / "n.db")
    db.execute("create table t (v text)")
    with store_db.write_transaction(db):
        db.execute("insert into t values ('outer')")
        with pytest.raises(ValueError), store_db.write_transaction(db):
            db.execute("insert into t values ('inner, undone')")
            raise ValueError
        with store_db.write_transaction(db):
            db.execute("insert into t values ('inner, kept')")
    assert [r[0] for r in db.execute("select v from t")] == ["outer", "inner, kept"]
    with pytest.raises(ValueError), store_db.write_transaction(db):
        with store_db.write_transaction(db):
            db.execute("insert into t values ('inner of a failed outer')")
        raise ValueError
    assert [r[0] for r in db.execute("select v from t")] == ["outer", "inner, kept"]
    assert not db.conn.in_transaction
