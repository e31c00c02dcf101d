"""Benchmark: a yearly follow-up of 20 policies for 60 units, against a single-policy round.

The municipality has 20 published policies (copies of the two shipped questionnaires, four questions
shared by all through `x-shared`) and 60 nämnder, each with complete drafts in every round. One
manager answers for all. In this process, with Flask's test client, one request at a time, for each
unit in turn (so every submit is a fresh one):

- GET the unit's follow-up overview (20 policies: each one's progress, the shared questions) against
  GET the overview of the unit's single-policy round;
- POST the follow-up's submit (20 responses checked, then each stored and scored through the gate)
  against POST the single-policy round's submit.

Prints median and p95. Targets: the overview's p95 at most 2× the single round's; the submit's p95
per policy submitted at most 2× the single round's submit (the whole submit does 20 rounds' work and
is printed as it is, with its ratio).
"""
from __future__ import annotations

import copy
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey import demo  # noqa: E402
from survey.content import lint  # noqa: E402
from survey.store import content as store_content  # noqa: E402
from survey.store import db as store_db  # noqa: E402
from survey.store import register, responses, rounds, yearly  # noqa: E402
from survey.store.migrations import migrate  # noqa: E402

POLICIES, UNITS, YEAR = 20, 60, 2027
QUICK = {"policies": 3, "units": 4}
TARGET_RATIO = 2.0
PASSWORD = "bench-2026"
MANAGER = "chef@bench.demo.se"
# Four questions both shipped policies ask, shared in every copy.
SHARED = {"falkoping-integrationspolicy": {("medarbetare", "kannedom_policyn"): "policy-known",
                                           ("motesplatser", "motesplatser"): "meeting-places",
                                           ("rekrytering", "rekryterat"): "recruited",
                                           ("motesplatser", "foreningar_stod"): "associations"},
          "olofstrom-integrationspolicy": {("kunskap", "policy_kand"): "policy-known",
                                           ("bemotande", "motesplatser"): "meeting-places",
                                           ("rekrytering", "rekryterat"): "recruited",
                                           ("foreningar", "foreningar_samverkan"): "associations"}}
SINGLE = "falkoping-integrationspolicy"


def _database(folder: Path, policies: int, units: int) -> tuple[Path, int, int, list[int]]:
    """The database: (path, follow-up id, single round id, unit ids)."""
    content = lint.load(ROOT)
    path = folder / "yearly.db"
    db = store_db.connect(path)
    migrate(db)
    store_content.load_content(db, content)
    org = store_content.policy_by_name(db, SINGLE)["organisation_id"]
    manager = register.add_person(db, org, email=MANAGER, name="Chef", role="manager", password=PASSWORD)
    unit_ids = [register.add_unit(db, org, f"Mätnämnd {n:02d}", "nämnd") for n in range(1, units + 1)]
    register.set_managed_units(db, org, manager, unit_ids)
    policy_ids = []
    for n in range(policies):
        source = sorted(SHARED)[n % 2]
        questionnaire = copy.deepcopy(content.questionnaires[source])
        for (section, name), key in SHARED[source].items():
            questionnaire["properties"][section]["properties"][name]["x-shared"] = key
        name = f"bench-policy-{n + 1:02d}"
        questionnaire["x-policy"] |= {"id": name, "title": f"Policy {n + 1:02d}"}
        ruleset = copy.deepcopy(content.rulesets[source]) | {"policy": name}
        policy_ids.append(store_content.publish(db, org, name, questionnaire, ruleset)["policy_id"])
    followup_id = yearly.open_followup(db, org, YEAR, policy_ids, unit_ids=unit_ids)
    single_id = rounds.open_round(db, store_content.policy_by_name(db, SINGLE)["id"], YEAR)
    rng = random.Random(YEAR)
    bodies = {}
    for round_ in [*yearly.followup_rounds(db, followup_id), rounds.round_info(db, single_id)]:
        body = bodies.setdefault(round_["questionnaire_version_id"],
                                 store_content.version_body(db, round_["questionnaire_version_id"]))
        for unit_id in unit_ids:
            unit = register.with_tags(db, [register.unit(db, unit_id)])[0]
            responses.save(db, round_["id"], unit_id, demo.answers_for(body, unit, rng, 0.8, YEAR), user_id=None,
                           base_version=0)
    db.execute("pragma wal_checkpoint(truncate)")
    db.close()
    return path, followup_id, single_id, unit_ids


def _timed(call, expected: int) -> float:
    start = time.perf_counter()
    response = call()
    took = time.perf_counter() - start
    assert response.status_code == expected, (response.status_code, response.get_data(as_text=True)[:300])
    return took


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _line(name: str, values: list[float]) -> str:
    return f"  {name:<42} median {1000 * statistics.median(values):7.1f} ms   p95 {1000 * _p95(values):7.1f} ms"


def run(quick: bool = False) -> bool:
    from survey.web import create_app

    policies, units = (QUICK["policies"], QUICK["units"]) if quick else (POLICIES, UNITS)
    print(f"yearly follow-up: {policies} policies × {units} units, against a single-policy round")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        path, followup_id, single_id, unit_ids = _database(Path(folder), policies, units)
        print(f"  (database built in {time.perf_counter() - started:.1f} s)")
        app = create_app({"DATABASE": str(path), "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
        client = app.test_client()
        client.post("/logga-in", data={"email": MANAGER, "password": PASSWORD})
        times: dict[str, list[float]] = {"overview": [], "single overview": [], "submit": [], "single submit": []}
        db = store_db.connect(path)
        for unit_id in unit_ids:
            overview, single = f"/uppfoljning/{followup_id}/{unit_id}/", f"/svar/{single_id}/{unit_id}/"
            client.get(overview)  # warm the content cache for this unit's views
            client.get(single)
            times["overview"].append(_timed(lambda: client.get(overview), 200))
            times["single overview"].append(_timed(lambda: client.get(single), 200))
            version = responses.get_response(db, single_id, unit_id)["version"]
            times["single submit"].append(_timed(lambda: client.post(single + "lamna-in",
                                                                     data={"x-version": str(version)}), 302))
            times["submit"].append(_timed(lambda: client.post(overview + "lamna-in"), 302))
        submitted = db.execute("select count(*) from responses where status = 'submitted'").fetchone()[0]
        db.close()
    assert submitted == units * (policies + 1), submitted
    for name, values in times.items():
        print(_line(name, values))
    overview_ratio = _p95(times["overview"]) / _p95(times["single overview"])
    whole_ratio = _p95(times["submit"]) / _p95(times["single submit"])
    per_policy_ratio = whole_ratio / policies
    print(f"  overview p95 / single round's: {overview_ratio:.2f} (target ≤ {TARGET_RATIO}); "
          f"per policy shown {overview_ratio / policies:.2f}")
    print(f"  submit p95 / single round's: {whole_ratio:.2f} for {policies} policies; "
          f"per policy {per_policy_ratio:.2f} (target ≤ {TARGET_RATIO})")
    return overview_ratio <= TARGET_RATIO and per_policy_ratio <= TARGET_RATIO
