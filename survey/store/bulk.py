"""Many results at once: submitted responses and their scores written in bulk.

For benchmarks and tests at national scale (hundreds of thousands of results and more):
the rows go straight into `responses` and `scores`, as a submission would leave them,
without the per-response save path (its checks, history and version control), which
is for people answering, one response at a time.
"""
from __future__ import annotations

import json
from typing import Mapping, Sequence

from sqlite_utils import Database

from survey.store.db import now
from survey.store.rounds import round_info


def add_results(db: Database, round_id: int, results: Mapping[int, Sequence[dict]]) -> int:
    """Store each unit's results (as `survey.scoring.rules.score` gives them) as its submitted response
    in the round, scored under the round's rule set; returns the number of results stored.

    Results may be shared between units (the same dict objects): each is serialised once.
    """
    round_ = round_info(db, round_id)
    stamp = now()
    dumped: dict[int, str] = {}
    rows = []
    with db.atomic():
        for unit_id, unit_results in results.items():
            response_id = db.execute(
                "insert into responses (round_id, unit_id, status, version, answers, questionnaire_version_id, "
                "created_at, updated_at, submitted_at) values (?, ?, 'submitted', 1, '{}', ?, ?, ?, ?)",
                [round_id, unit_id, round_["questionnaire_version_id"], stamp, stamp, stamp]).lastrowid
            for result in unit_results:
                details = dumped.get(id(result))
                if details is None:
                    details = dumped[id(result)] = json.dumps(result, ensure_ascii=False)
                rows.append((response_id, round_["ruleset_version_id"], result["requirement"], result["level"],
                             result["points"], result["max_points"], details, stamp))
        db.conn.executemany(
            "insert into scores (response_id, ruleset_version_id, requirement, level, points, max_points, details, "
            "scored_at) values (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)
