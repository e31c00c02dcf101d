"""Benchmark: the rules engine on 100,000 synthetic responses of both questionnaires.

Prints responses per second and the ratio to the straight-line baseline
(bench/baseline.py) scoring the same requirements in the same run, after checking
that both give identical results.
"""
from __future__ import annotations

import random
import time
from pathlib import Path

from baseline import build

from survey import demo
from survey.content import lint
from survey.content import questionnaire as q
from survey.scoring import rules

ROOT = Path(__file__).resolve().parent.parent
RESPONSES = 100_000
TARGET_RATE, TARGET_RATIO = 20_000, 5.0


def contexts(questionnaire: dict, count: int, seed: int) -> list[dict]:
    """Synthetic scoring contexts: varied unit kinds, maturity, previous year and gaps."""
    rng = random.Random(seed)
    pool = []
    for i in range(min(count, 5_000)):
        kind = rng.choice(q.UNIT_KINDS)
        answers = demo.answers_for(questionnaire, {"kind": kind}, rng, rng.random(), 2026)
        if i % 7 == 0:  # a partly answered draft
            answers = {s: {k: v for k, v in section.items() if rng.random() < 0.5} for s, section in answers.items()}
        previous = demo.answers_for(questionnaire, {"kind": kind}, rng, rng.random(), 2025) if i % 2 else None
        pool.append(rules.context(answers, {"name": f"Enhet {i}", "kind": kind}, 2026, previous))
    return [pool[i % len(pool)] for i in range(count)]


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def run() -> bool:
    content = lint.load(ROOT)
    names = list(content.rulesets)
    per_policy = RESPONSES // len(names)
    cases = []
    for n, name in enumerate(names):
        compiled = rules.compile_ruleset(content.rulesets[name])
        baseline = build(content.rulesets[name])
        batch = contexts(content.questionnaires[name], per_policy, seed=n)
        for ctx in batch[:5_000]:
            assert rules.score(compiled, ctx) == baseline(ctx), f"engine and baseline disagree on {name}"
        cases.append((compiled, baseline, batch))

    def engine():
        for compiled, _, batch in cases:
            score = rules.score
            for ctx in batch:
                score(compiled, ctx)

    def plain():
        for _, baseline, batch in cases:
            for ctx in batch:
                baseline(ctx)

    total = per_policy * len(names)
    engine_s, plain_s = best_of(3, engine), best_of(3, plain)
    rate, ratio = total / engine_s, engine_s / plain_s
    requirements = sum(len(c[0]) for c in cases)
    print(f"rules engine: {total:,} responses ({len(names)} policies, {requirements} requirements), one core")
    print(f"  engine    {engine_s:6.2f} s  {rate:10,.0f} responses/s   (target ≥ {TARGET_RATE:,})")
    print(f"  baseline  {plain_s:6.2f} s  {total / plain_s:10,.0f} responses/s   (straight-line Python)")
    print(f"  ratio     {ratio:6.2f} ×                          (target ≤ {TARGET_RATIO})")
    return rate >= TARGET_RATE and ratio <= TARGET_RATIO
