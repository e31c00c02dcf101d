"""The baseline the rules engine is measured against: straight-line Python.

For each rule set this writes the function a programmer would write by hand for
exactly these requirements: one `if` per criterion with the check inlined, no
predicates, no loops over rule data. It produces the same result dicts as
`survey.rules.score`, so the two can be compared for equality and for speed.
`python bench/baseline.py rules/<policy>.json` prints the source.
"""
from __future__ import annotations

import json
import sys

from survey.scoring.rules import DEFAULT_POINTS


def _get(path: str) -> str:
    tokens = path.strip("/").split("/")
    expr = "ctx"
    for token in tokens:
        expr = f"_g({expr}, {token!r})"
    return expr


def _check(schema: dict, var: str) -> str:
    tests = []
    for key, value in schema.items():
        if key == "const":
            tests.append(f"{var} == {value!r}" if not isinstance(value, bool) else f"{var} is {value!r}")
        elif key == "enum":
            tests.append(f"{var} in {tuple(value)!r}")
        elif key in ("minimum", "maximum", "exclusiveMinimum"):
            op = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">"}[key]
            tests.append(f"(not _num({var}) or {var} {op} {value!r})")
        elif key in ("minLength", "minItems"):
            kind = "str" if key == "minLength" else "list"
            tests.append(f"(not isinstance({var}, {kind}) or len({var}) >= {value!r})")
        elif key == "type":
            tests.append({"string": f"isinstance({var}, str)", "boolean": f"isinstance({var}, bool)",
                          "array": f"isinstance({var}, list)", "number": f"_num({var})",
                          "integer": f"(_num({var}) and {var} == int({var}))"}[value])
        elif key == "contains":
            item = f"x{len(var)}"  # a name of its own at every depth
            tests.append(f"(not isinstance({var}, list) or any({_check(value, item)} for {item} in {var}))")
        elif key == "items":
            item = f"x{len(var)}"
            tests.append(f"(not isinstance({var}, list) or all({_check(value, item)} for {item} in {var}))")
        elif key == "properties":
            for name, sub in value.items():
                field = f"{var}[{name!r}]"
                tests.append(f"(not isinstance({var}, dict) or {name!r} not in {var} or ({_check(sub, field)}))")
        elif key == "required":
            present = " and ".join(f"{name!r} in {var}" for name in value) or "True"
            tests.append(f"(not isinstance({var}, dict) or ({present}))")
        elif key == "not":
            tests.append(f"not ({_check(value, var)})")
        else:
            raise ValueError(f"baseline does not handle {key}")
    return " and ".join(tests) or "True"


def source(ruleset: dict, name: str) -> str:
    scale = ruleset.get("points", DEFAULT_POINTS)
    lines = [f"def {name}(ctx):", "    unit = ctx['unit']", "    kind = unit['kind']", "    out = []"]
    for req in ruleset["requirements"]:
        w = req.get("weight", 1)
        rid, kinds = req["id"], set(req["applies_to"])
        tags, units = sorted(req.get("applies_to_tags", [])), sorted(req.get("applies_to_units", []))
        lines.append(f"    # {rid}")
        if not tags and not units:
            lines.append(f"    if kind not in {kinds!r}:")
            lines.append(f"        out.append(_na({rid!r}, 'not_applicable', {{'code': 'other_kind', 'kind': kind}}))")
        else:  # addressed by kind, by a tag the unit carries, or by its name
            tests = ([f"kind not in {kinds!r}"] if kinds else []) + (
                [f"unit['name'] not in {set(units)!r}"] if units else []) + (
                [f"{set(tags)!r}.isdisjoint(unit['tags'])"] if tags else [])
            lines.append(f"    if {' and '.join(tests)}:")
            lines.append(f"        out.append(_na({rid!r}, 'not_applicable', {{'code': 'not_addressed', 'kind': kind, "
                         f"'kinds': {sorted(kinds)!r}, 'tags': {tags!r}, 'units': {units!r}}}))")
        body = "    else:"
        lines.append(body)
        ind = "        "
        if "applies_if" in req:
            cond = req["applies_if"]
            lines.append(f"{ind}v = {_get(cond['path'])}")
            lines.append(f"{ind}if v is None:")
            lines.append(f"{ind}    out.append(_na({rid!r}, 'not_assessed', {{'code': 'condition_unanswered', 'label': {cond['label']!r}}}))")
            lines.append(f"{ind}elif not ({_check(cond['schema'], 'v')}):")
            lines.append(f"{ind}    out.append(_na({rid!r}, 'not_applicable', {{'code': 'condition_false'}}) | "
                         f"{{'condition': {{'label': {cond['label']!r}, 'path': {cond['path']!r}, 'answer': v}}}})")
            lines.append(f"{ind}else:")
            ind += "    "
        reads = any(c["path"].startswith("/answers/") for c in req["criteria"])
        lines.append(f"{ind}met = counted = 0; unmet = []; answered = {not reads}")
        for c in req["criteria"]:
            lines.append(f"{ind}v = {_get(c['path'])}")
            entry = f"{{'label': {c['label']!r}, 'path': {c['path']!r}, 'answer': %s}}"
            lines.append(f"{ind}if v is None:")
            if c.get("missing") == "ignore":
                lines.append(f"{ind}    pass")
            else:
                lines.append(f"{ind}    counted += 1; unmet.append({entry % 'None'})")
            lines.append(f"{ind}else:")
            if c["path"].startswith("/answers/"):
                lines.append(f"{ind}    answered = True")
            lines.append(f"{ind}    counted += 1")
            lines.append(f"{ind}    if {_check(c['schema'], 'v')}: met += 1")
            lines.append(f"{ind}    else: unmet.append({entry % 'v'})")
        need = "counted" if req["levels"]["met"] == "all" else f"min({req['levels']['met']}, counted)"
        partly = req["levels"].get("partly_met")
        lines.append(f"{ind}if not answered or counted == 0:")
        lines.append(f"{ind}    out.append(_na({rid!r}, 'not_assessed', {{'code': 'unanswered'}}))")
        lines.append(f"{ind}else:")
        partly_test = f"met >= {partly}" if partly is not None else "False"
        lines.append(f"{ind}    level = 'met' if met >= {need} else ('partly_met' if {partly_test} else 'not_met')")
        points = {level: w * value for level, value in scale.items()}
        lines.append(f"{ind}    out.append({{'requirement': {rid!r}, 'level': level, 'points': {points!r}[level], "
                     f"'max_points': {w * scale['met']!r}, 'met_criteria': met, 'criteria': counted, 'unmet': unmet, "
                     f"'reason': None, 'advice': None if level == 'met' else {req['advice']!r}}})")
    lines.append("    return out")
    return "\n".join(lines)


PRELUDE = '''
def _g(d, k):
    if isinstance(d, dict):
        return d.get(k)
    if isinstance(d, list) and k.isdigit() and int(k) < len(d):
        return d[int(k)]
    return None

def _num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)

def _na(rid, level, reason):
    return {"requirement": rid, "level": level, "points": None, "max_points": None, "met_criteria": 0,
            "criteria": 0, "unmet": [], "reason": reason, "advice": None}

'''


def build(ruleset: dict):
    """The baseline scoring function of a rule set."""
    namespace: dict = {}
    exec(PRELUDE + "\n" + source(ruleset, "score"), namespace)
    return namespace["score"]


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as file:
        print(PRELUDE + "\n" + source(json.load(file), "score"))
