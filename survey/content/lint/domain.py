"""What answers a question allows, as a sample rich enough to judge a criterion.

A criterion that no allowed answer meets can never be met; one that every allowed answer
meets is always met. Both are mistakes. Finite domains (choices, booleans, lists of
choices) are enumerated; numbers are tried at their bounds, in between and around every
number the criterion names; text at "", one character, its maximum length, the examples
and the values the criterion names.
"""
from __future__ import annotations

from itertools import combinations
from typing import Any, Iterator

from survey.content import choices as offered
from survey.content.validation import validator

LIMIT = 10**6  # stands in for a missing minimum or maximum
MAX_CANDIDATES = 2000


def named(schema: Any) -> Iterator[Any]:
    """Every scalar value a criterion schema names (const, enum, at any depth)."""
    for value in walk(schema, "const", "enum"):
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, (dict, list)):
                yield item


def walk(schema: Any, *keys: str) -> Iterator[Any]:
    """The values of the given keywords anywhere in a schema (annotations left out)."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in keys:
                    yield value
                elif key not in ("title", "description", "examples"):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def numbers(schema: Any) -> set[float]:
    """Every number a criterion names: bounds, lengths, counts, values."""
    found = {v for v in walk(schema, "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                                "minLength", "maxLength", "minItems", "maxItems", "const", "enum")
             for v in (v if isinstance(v, list) else [v])}
    return {v for v in found if isinstance(v, (int, float)) and not isinstance(v, bool)}


def choices(schema: dict) -> list | None:
    """The values a scalar question offers, when it offers a fixed set."""
    if schema.get("type") == "boolean":
        return [True, False]
    values = offered.values(schema)
    if values is not None:
        return values
    if "const" in schema:
        return [schema["const"]]
    return None


def item_schema(schema: dict) -> dict:
    """The schema of one answer value: the items of a list question, else the question itself."""
    items = schema.get("items")
    return items if schema.get("type") == "array" and isinstance(items, dict) else schema


def _scalars(schema: dict, criterion: Any) -> list | None:
    fixed = choices(schema)
    if fixed is not None:
        return fixed
    kind = schema.get("type")
    hints = numbers(criterion)
    if kind in ("integer", "number"):
        low, high = schema.get("minimum", -LIMIT), schema.get("maximum", LIMIT)
        values = {low, high, (low + high) / 2, low + 1, high - 1}
        for n in hints:
            values |= {n - 1, n - 0.5, n, n + 0.5, n + 1}
        if kind == "integer":
            values = {int(v) for v in values if float(v).is_integer()} | {int((low + high) // 2)}
        return sorted(v for v in values if low <= v <= high)
    if kind == "string":
        texts = ["", "x", "Ett svar.", "https://www.example.se/dokument", "2026-01-31", "1999-12-31"]
        texts += ["x" * int(n) for n in hints if 0 <= n <= 10_000] + ["x" * int(n + 1) for n in hints if 0 <= n < 10_000]
        if "maxLength" in schema:
            texts.append("x" * schema["maxLength"])
        return texts + [v for v in named(criterion) if isinstance(v, str)]
    return None


def candidates(schema: dict, criterion: Any) -> list | None:
    """Answers the question allows, to try a criterion on; None when its kind is not understood."""
    if any(True for _ in walk(schema, "$ref", "$dynamicRef")):
        return None  # a shared definition is resolved elsewhere; the question alone cannot be validated
    kind = schema.get("type")
    if kind == "array" and item_schema(schema).get("type") == "object":
        values = row_lists(schema, criterion)
    elif kind == "array":
        items = item_schema(schema)
        base = _scalars(items, criterion) if items is not schema else None
        if base is None:
            return None
        base = list(dict(_key(v) for v in base).values())
        most = min(schema.get("maxItems", 10), 10)
        lists = [[]] + [[v] for v in base]
        if len(base) <= 12:
            lists += [list(pair) for pair in combinations(base, 2)]
        lists += [base[:k] for k in range(3, most + 1)]
        ordinary = [v for v in base if v not in offered.exclusive(schema)]  # exclusive values stand alone
        lists += [ordinary[:k] for k in range(3, most + 1)] if len(ordinary) < len(base) else []
        lists += [[base[0]] * k for k in range(2, most + 1)] if base else []
        values = lists
    else:
        values = _scalars(schema, criterion)
        if values is None:
            return None
    values = list(values) + list(schema.get("examples", []))
    answers = validator(schema)
    unique = dict(_key(v) for v in values[:MAX_CANDIDATES])
    return [v for v in unique.values() if answers.is_valid(v)]


def field_criteria(criterion: Any, field: str) -> list:
    """What a criterion says about one field of a row, wherever it says it (`properties/<field>`)."""
    return [props[field] for props in walk(criterion, "properties") if isinstance(props, dict) and field in props]


def rows(items: dict, criterion: Any) -> list[dict]:
    """Rows to try: the required fields at their first sample, then that row with each field at each of its samples.

    A field's samples are its choices, bounds and texts, with the values the criterion names
    for that field, so `contains` a value or a range is tried on rows that have it and rows that do not.
    """
    fields = items.get("properties", {})
    samples = {}
    for key, field in fields.items():
        allowed = validator(field)
        found = _scalars(field, field_criteria(criterion, key)) or []
        samples[key] = [v for v in dict(_key(v) for v in found + list(field.get("examples", []))).values()
                        if allowed.is_valid(v)]
    base = {key: samples[key][0] for key in items.get("required", []) if samples.get(key)}
    found = [base]
    for key, values in samples.items():
        found += [base | {key: value} for value in values]
    return found


def row_lists(schema: dict, criterion: Any) -> list[list]:
    """Lists of rows to try: none, each row alone, pairs, and lists of every length up to the maximum."""
    found = rows(item_schema(schema), criterion)
    most = min(schema.get("maxItems", 10), 10)
    lists = [[]] + [[r] for r in found]
    if len(found) <= 12:
        lists += [list(pair) for pair in combinations(found, 2)]
    lists += [found[:k] for k in range(3, most + 1)]
    lists += [[found[0]] * k for k in range(2, most + 1)]
    return lists


def _key(value: Any) -> tuple[str, Any]:
    """A hashable identity that keeps true apart from 1 and lists apart from their items."""
    return repr((type(value).__name__, value)), value


def open_ended(schema: dict) -> bool:
    """Whether the question takes free text, so a sample cannot show that a pattern is never met."""
    return choices(item_schema(schema)) is None and item_schema(schema).get("type") == "string"
