"""Benchmark: the rules engine on 100,000 synthetic responses of the shipped questionnaires
and of the third policy of the tests (tests/thirdpolicy/), which uses every format feature:
structured lists scored by `minItems` and `contains`, labelled choices, an exclusive choice,
requirements addressed to a tag or a named unit, follow-ups with `else` and across sections.

Prints responses per second and the ratio to the straight-line baseline
(bench/baseline.py) scoring the same requirements in the same run, after checking
that both give identical results, and how often the new features occur in the responses.
"""
from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

from baseline import build

from survey import demo
from survey.content import lint
from survey.content import questionnaire as q
from survey.scoring import rules

ROOT = Path(__file__).resolve().parent.parent
THIRD = ROOT / "tests" / "thirdpolicy"  # test data, not shipped: a policy using every format feature
RESPONSES = 100_000
QUICK_RESPONSES = 3_000  # `bench/run.py --quick`
TARGET_RATE, TARGET_RATIO = 20_000, 5.0


def load_content():
    """The shipped content and the third policy, read and checked as `survey lint` does."""
    with tempfile.TemporaryDirectory() as folder:
        for source in (ROOT, THIRD):
            for part in ("policies", "questionnaires", "rules", "reports"):
                if (source / part).is_dir():
                    shutil.copytree(source / part, Path(folder) / part, dirs_exist_ok=True)
        return lint.load(Path(folder))


def units(questionnaire: dict, ruleset: dict) -> list[dict]:
    """Units the policy tells apart: one of each of its kinds, one carrying each tag, each unit it names."""
    kinds = list(q.policy_kinds(questionnaire))
    named = {name for rule in ruleset["requirements"] for name in rule.get("applies_to_units", [])}
    named |= {name for _s, section in q.sections(questionnaire) for name in section.get("x-applies-to-units", [])}
    pool = [{"name": f"Enhet av typen {kind}", "kind": kind, "tags": []} for kind in kinds]
    pool += [{"name": f"Enhet med taggen {tag}", "kind": kinds[i % len(kinds)], "tags": [tag]}
             for i, tag in enumerate(q.policy_tags(questionnaire))]
    pool += [{"name": name, "kind": kinds[-1], "tags": []} for name in sorted(named)]
    return pool


def contexts(questionnaire: dict, ruleset: dict, count: int, seed: int) -> list[dict]:
    """Synthetic scoring contexts: varied units (kinds, tags, names), maturity, previous year and gaps."""
    rng = random.Random(seed)
    choices = units(questionnaire, ruleset)
    pool = []
    for i in range(min(count, 5_000)):
        unit = rng.choice(choices)
        answers = demo.answers_for(questionnaire, unit, rng, rng.random(), 2026)
        if i % 7 == 0:  # a partly answered draft
            answers = {s: {k: v for k, v in section.items() if rng.random() < 0.5} for s, section in answers.items()}
        previous = demo.answers_for(questionnaire, unit, rng, rng.random(), 2025) if i % 2 else None
        pool.append(rules.context(answers, unit, 2026, previous))
    return [pool[i % len(pool)] for i in range(count)]


def _follow_ups(questionnaire: dict) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The follow-ups asked when a condition fails (`else`), and those asked on another section's answer."""
    otherwise = {(name, question) for name, section in q.sections(questionnaire)
                 for rule in section.get("allOf", []) for question in rule.get("else", {}).get("required", [])}
    across = {(name, question) for rule in questionnaire.get("allOf", []) for branch in ("then", "else")
              for name, part in rule.get(branch, {}).get("properties", {}).items()
              for question in part.get("required", [])}
    return otherwise, across


def features(questionnaire: dict, ruleset: dict, batch: list[dict]) -> dict[str, int]:
    """How many distinct synthetic responses hold each new feature of the format."""
    otherwise, across = _follow_ups(questionnaire)
    enums = {(s, k) for s, k, schema in q.questions(questionnaire) if "enum" in schema}
    exclusive = {(s, k): set(schema["x-exclusive"]) for s, k, schema in q.questions(questionnaire)
                 if schema.get("x-exclusive")}
    addressed = {name for rule in ruleset["requirements"] for name in rule.get("applies_to_units", [])}
    tags = {tag for rule in ruleset["requirements"] for tag in rule.get("applies_to_tags", [])}
    counts = dict.fromkeys(("rows", "rows ≥ 2", "enum choice", "exclusive choice", "tag", "named unit",
                            "else follow-up", "follow-up across sections"), 0)
    for ctx in {id(ctx): ctx for ctx in batch}.values():
        answers = [(s, k, v) for s, section in ctx["answers"].items() for k, v in section.items()]
        lists = [v for _s, _k, v in answers if isinstance(v, list) and v and isinstance(v[0], dict)]
        counts["rows"] += bool(lists)
        counts["rows ≥ 2"] += any(len(v) >= 2 for v in lists)
        counts["enum choice"] += any((s, k) in enums for s, k, _v in answers)
        counts["exclusive choice"] += any((s, k) in exclusive and bool(exclusive[s, k] & set(v))
                                          for s, k, v in answers)
        counts["tag"] += bool(tags & set(ctx["unit"]["tags"]))
        counts["named unit"] += ctx["unit"]["name"] in addressed
        counts["else follow-up"] += any((s, k) in otherwise for s, k, _v in answers)
        counts["follow-up across sections"] += any((s, k) in across for s, k, _v in answers)
    return counts


REQUIRED = ("rows ≥ 2", "enum choice", "tag", "named unit", "else follow-up", "follow-up across sections")


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def run(quick: bool = False) -> bool:
    content = load_content()
    names = list(content.rulesets)
    per_policy = (QUICK_RESPONSES if quick else RESPONSES) // len(names)
    cases, missing = [], []
    for n, name in enumerate(names):
        compiled = rules.compile_ruleset(content.rulesets[name])
        baseline = build(content.rulesets[name])
        batch = contexts(content.questionnaires[name], content.rulesets[name], per_policy, seed=n)
        for ctx in batch[:5_000]:
            assert rules.score(compiled, ctx) == baseline(ctx), f"engine and baseline disagree on {name}"
        cases.append((compiled, baseline, batch))
        if (THIRD / "questionnaires" / f"{name}.json").exists():
            found = features(content.questionnaires[name], content.rulesets[name], batch)
            print(f"{name}: of {min(per_policy, 5_000):,} distinct synthetic responses, with "
                  + ", ".join(f"{feature} {count:,}" for feature, count in found.items()))
            missing += [feature for feature in REQUIRED if not found[feature]]

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
    if missing:
        print(f"  the synthetic responses lack: {', '.join(missing)}")
    return rate >= TARGET_RATE and ratio <= TARGET_RATIO and not missing
