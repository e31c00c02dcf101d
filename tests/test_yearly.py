"""A yearly follow-up: three policies of one organisation, four shared questions each answered once,
and every per-policy report, export and annual-report section equal to three separate rounds'."""
from __future__ import annotations

from datetime import date

import pytest

from survey.content import lint
from survey.content import questionnaire as q
from survey.content.shared import shared_key, shared_questions
from survey.reports import annual, annual_render, export
from survey.reports import build as reports
from survey.reports.inputs import annual_inputs
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import register, responses, rounds, scores, yearly
from survey.store.db import StorageError
from survey.store.migrations import migrate
from tests import yearly_content as yc
from tests.helpers import complete_answers

YEAR = 2027
POLICIES = (yc.FALKOPING, yc.OLOFSTROM, yc.NAME)


@pytest.fixture
def shared_content(content_copy):
    return lint.load(yc.write(content_copy))


def _database(path, content) -> tuple:
    db = store_db.connect(path)
    migrate(db)
    store_content.load_content(db, content)
    org = store_content.policy_by_name(db, yc.FALKOPING)["organisation_id"]
    unit_id = register.add_unit(db, org, "Kulturnämnden", "nämnd")
    return db, org, register.with_tags(db, [register.unit(db, unit_id)])[0]


def _answers(content, policy: str) -> dict:
    """A complete response of a nämnd, with the shared questions answered as GIVEN."""
    overrides: dict[str, dict] = {}
    for (section, name), key in yc.SHARED[policy].items():
        overrides.setdefault(section, {})[name] = yc.GIVEN[key]
    return complete_answers(content.questionnaires[policy], "nämnd", **overrides)


def _without_shared(policy: str, answers: dict) -> dict:
    return {s: {n: v for n, v in given.items() if (s, n) not in yc.SHARED[policy]} for s, given in answers.items()}


def _by_policy(db) -> dict[str, int]:
    return {p: store_content.policy_by_name(db, p)["id"] for p in POLICIES}


def _answer_followup(db, org, unit, content) -> int:
    """The unit answers each policy's own questions on its pages and each shared question once; submits all."""
    ids = _by_policy(db)
    followup_id = yearly.open_followup(db, org, YEAR, list(ids.values()), deadline=f"{YEAR}-11-30")
    taking_part = yearly.unit_rounds(db, followup_id, unit["id"])
    assert {r["policy"] for r in taking_part} == set(POLICIES)
    views = {r["id"]: q.for_unit(content.questionnaires[r["policy"]], unit) for r in taking_part}
    places = yearly.asked_once(views)
    assert set(places) == set(yc.GIVEN) and all(len(found) == 3 for found in places.values())
    assert yearly.save_shared(db, unit, places, yc.GIVEN, views, user_id=None) == {}
    for round_ in taking_part:  # then the rest, where follow-ups of shared answers are asked too
        stored = responses.get_response(db, round_["id"], unit["id"])
        own = _without_shared(round_["policy"], _answers(content, round_["policy"]))
        merged = {s: (stored["answers"].get(s) or {}) | own.get(s, {}) for s in {*stored["answers"], *own}}
        responses.save(db, round_["id"], unit["id"], q.without_unasked(views[round_["id"]], merged), user_id=None,
                       base_version=stored["version"])
    assert len(yearly.submit(db, followup_id, unit, user_id=None)) == 3
    return followup_id


def _separate_rounds(db, unit, content) -> None:
    for policy, policy_id in _by_policy(db).items():
        round_id = rounds.open_round(db, policy_id, YEAR, deadline=f"{YEAR}-11-30")
        responses.save(db, round_id, unit["id"], _answers(content, policy), user_id=None, base_version=0, submit=True)


def test_shared_keys_are_read_from_questions():
    assert shared_key({"x-shared": "policy-known"}) == "policy-known"
    assert shared_key({"title": "Egen fråga"}) is None
    found = shared_questions({"a": yc.questionnaire()})
    assert found["recruited"] == [("a", "gemensamt", "rekryterat")]


def test_the_meta_schema_refuses_a_malformed_shared_key(content_copy):
    from survey.content.files import ContentError

    yc.write(content_copy)
    path = content_copy / "questionnaires" / f"{yc.NAME}.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"x-shared": "recruited"', '"x-shared": "Anställt!"'),
                    encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        lint.load(content_copy)
    assert f"questionnaires/{yc.NAME}.json" in str(refused.value) and "x-shared" in str(refused.value)


def test_one_unit_answers_each_shared_question_once_and_every_policy_is_scored(shared_content, tmp_path):
    db, org, unit = _database(tmp_path / "f.db", shared_content)
    followup_id = _answer_followup(db, org, unit, shared_content)
    for round_ in yearly.unit_rounds(db, followup_id, unit["id"]):
        stored = responses.get_response(db, round_["id"], unit["id"])
        assert stored["status"] == "submitted"
        for (section, name), key in yc.SHARED[round_["policy"]].items():
            assert stored["answers"][section][name] == yc.GIVEN[key]
        assert responses.stored_results(db, stored["id"])  # scored, in the same write as the submission
    history = [responses.history(db, responses.get_response(db, r["id"], unit["id"])["id"])
               for r in yearly.unit_rounds(db, followup_id, unit["id"])]
    assert all([h["action"] for h in each] == ["save", "save", "submit"] for each in history)


def test_per_policy_reports_and_exports_equal_separate_rounds(shared_content, tmp_path):
    """The equivalence over every report kind, every export format and the annual-report section."""
    followed, org, unit = _database(tmp_path / "f.db", shared_content)
    _answer_followup(followed, org, unit, shared_content)
    separate, _org, unit_b = _database(tmp_path / "s.db", shared_content)
    _separate_rounds(separate, unit_b, shared_content)
    definitions = store_content.current_reports(followed)
    assert {d["kind"] for d in definitions.values()} == set(reports.KINDS)
    for policy in POLICIES:
        frames = [reports.long_table(scores.score_rows(db, organisation_id=org, policy=policy))
                  for db in (followed, separate)]
        assert len(frames[0]) > 0
        assert frames[0].equals(frames[1]), policy
        for name, definition in definitions.items():
            built = [reports.build(name, definition, frame, {"year": YEAR}) for frame in frames]
            assert built[0].table.equals(built[1].table), (policy, name)
            for fmt in ("csv", "csv-excel", "json"):
                assert export.to_bytes(export.flat(built[0]), fmt) == export.to_bytes(export.flat(built[1]), fmt)
        sections = [annual_render.html(annual.build(**annual_inputs(
            db, store_content.policy_by_name(db, policy), YEAR, date(YEAR, 12, 1)))) for db in (followed, separate)]
        assert sections[0] == sections[1], policy


def test_a_refused_shared_answer_leaves_every_round_as_it_was(shared_content, tmp_path):
    db, org, unit = _database(tmp_path / "f.db", shared_content)
    followup_id = yearly.open_followup(db, org, YEAR, list(_by_policy(db).values()))
    taking_part = yearly.unit_rounds(db, followup_id, unit["id"])
    views = {r["id"]: q.for_unit(shared_content.questionnaires[r["policy"]], unit) for r in taking_part}
    places = yearly.asked_once(views)
    problems = yearly.save_shared(db, unit, places, yc.GIVEN | {"meeting-places": "kanske"}, views, user_id=None)
    assert set(problems) == {r["id"] for r in taking_part}
    assert all(responses.get_response(db, r["id"], unit["id"]) is None for r in taking_part)


def test_submitting_is_all_at_once_unless_the_coordinator_allows_policy_by_policy(shared_content, tmp_path):
    db, org, unit = _database(tmp_path / "f.db", shared_content)
    ids = list(_by_policy(db).values())
    followup_id = yearly.open_followup(db, org, YEAR, ids)
    first = yearly.unit_rounds(db, followup_id, unit["id"])[0]
    with pytest.raises(StorageError) as refused:
        yearly.submit(db, followup_id, unit, [first["id"]], user_id=None)
    assert refused.value.msg.code == "yearly.submit_all_only"
    with pytest.raises(yearly.SubmitRefused) as incomplete:  # nothing answered yet: every round has problems
        yearly.submit(db, followup_id, unit, user_id=None)
    assert len(incomplete.value.problems) == 3
    yearly.set_status(db, followup_id, "closed")
    assert {r["status"] for r in yearly.followup_rounds(db, followup_id)} == {"closed"}


def test_opening_refuses_a_policy_with_a_round_that_year_and_keeps_single_rounds(shared_content, tmp_path):
    db, org, unit = _database(tmp_path / "f.db", shared_content)
    ids = _by_policy(db)
    single = rounds.open_round(db, ids[yc.FALKOPING], YEAR)
    with pytest.raises(StorageError) as refused:
        yearly.open_followup(db, org, YEAR, list(ids.values()))
    assert refused.value.msg.code == "round.exists"
    assert rounds.round_info(db, single)["followup_id"] is None and not yearly.followups(db)


def test_a_unit_that_came_during_the_year_joins_the_rounds_of_the_policies_addressing_it(shared_content, tmp_path):
    db, org, unit = _database(tmp_path / "f.db", shared_content)
    followup_id = yearly.open_followup(db, org, YEAR, list(_by_policy(db).values()))
    board = register.add_unit(db, org, "Kommunstyrelsen", "kommunstyrelse")
    assert [u["id"] for u in yearly.units_outside(db, followup_id)] == [board]
    joined = yearly.add_unit(db, followup_id, board)
    assert len(joined) == 3 and not yearly.units_outside(db, followup_id)
    with pytest.raises(StorageError):
        yearly.add_unit(db, followup_id, board)
    listed = yearly.followups(db, org)[0]
    assert (listed["policies"], listed["units"], listed["submitted"]) == (3, 2, 0)


def test_a_reopened_policy_is_submitted_again_alone_and_keeps_its_history(shared_content, tmp_path):
    db, org, unit = _database(tmp_path / "f.db", shared_content)
    followup_id = _answer_followup(db, org, unit, shared_content)
    first, *others = yearly.unit_rounds(db, followup_id, unit["id"])
    response = responses.get_response(db, first["id"], unit["id"])
    responses.reopen(db, response["id"], user_id=None, reason="Fel siffra")
    assert yearly.submit(db, followup_id, unit, user_id=None) == [first["id"]]
    assert [h["action"] for h in responses.history(db, response["id"])][-2:] == ["reopen", "submit"]
    assert all(responses.get_response(db, r["id"], unit["id"])["version"] == 3 for r in others)


def test_a_round_saved_meanwhile_leaves_every_round_of_a_shared_save_as_it_was(shared_content, tmp_path):
    """The shared answers are written into every round in one transaction: when the last round turns out to
    have been saved by someone else since the page was loaded, the rounds before it are not changed either."""
    db, org, unit = _database(tmp_path / "f.db", shared_content)
    followup_id = yearly.open_followup(db, org, YEAR, list(_by_policy(db).values()))
    taking_part = yearly.unit_rounds(db, followup_id, unit["id"])
    views = {r["id"]: q.for_unit(shared_content.questionnaires[r["policy"]], unit) for r in taking_part}
    places = yearly.asked_once(views)
    assert yearly.save_shared(db, unit, places, yc.GIVEN, views, user_id=None) == {}
    before = {r["id"]: responses.get_response(db, r["id"], unit["id"]) for r in taking_part}
    loaded = {r: stored["version"] for r, stored in before.items()}
    last = taking_part[-1]["id"]
    responses.save(db, last, unit["id"], before[last]["answers"], user_id=None, base_version=loaded[last])
    changed = {key: ("nej" if value == "ja" else value) for key, value in yc.GIVEN.items()}
    assert changed != yc.GIVEN
    with pytest.raises(responses.StaleVersion):
        yearly.save_shared(db, unit, places, changed, views, user_id=None, base_versions=loaded)
    for round_ in taking_part[:-1]:
        assert responses.get_response(db, round_["id"], unit["id"]) == before[round_["id"]]
    assert not db.conn.in_transaction

