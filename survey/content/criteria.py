"""Criteria compiled to plain Python predicates, for scoring in bulk.

A criterion is a JSON Pointer and a JSON Schema. Validating with a general JSON
Schema validator costs microseconds per check; the schemas criteria use are small
(`const`, `enum`, bounds, lengths, the fields of a structured list's rows), so each
keyword compiles to a closure here and a schema becomes the conjunction of its keywords'
closures. Any keyword without a compiler falls back to jsonschema for that schema, so the
result is always the JSON Schema answer.

Regular expressions run on Python's backtracking engine, so a `pattern` that could take
more than linear time (nested or alternating repeats, backreferences, lookaround) is
refused: its criterion is never met and lint reports it. No answer can hold up the server.
"""
from __future__ import annotations

import re
from re import _parser as sre_parse
from typing import Any, Callable

import jsonschema

from survey.content.validation import FORMATS

Predicate = Callable[[Any], bool]

_TYPES: dict[str, Predicate] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool))
    or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def json_equal(one: Any, two: Any) -> bool:
    """JSON equality as jsonschema tells it: true is not 1, 1 is 1.0, lists and objects item by item."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(json_equal(a, b) for a, b in zip(one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return len(one) == len(two) and all(key in two and json_equal(value, two[key]) for key, value in one.items())
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    return one == two


def _const(value: Any) -> Predicate:
    if isinstance(value, str):
        return lambda v: v == value
    return lambda v: json_equal(v, value)


def _enum(values: list) -> Predicate:
    if all(isinstance(x, str) for x in values):
        allowed = frozenset(values)
        return lambda v: isinstance(v, str) and v in allowed
    return lambda v: any(json_equal(v, x) for x in values)


def _type(names: str | list[str]) -> Predicate:
    if isinstance(names, str):
        return _TYPES[names]
    checks = [_TYPES[n] for n in names]
    return lambda v: any(check(v) for check in checks)


def _bound(compare: Callable[[Any, Any], bool]) -> Callable[[Any], Predicate]:
    return lambda limit: lambda v: not _is_number(v) or compare(v, limit)


def _length(compare: Callable[[int, int], bool], kind: type) -> Callable[[int], Predicate]:
    return lambda limit: lambda v: not isinstance(v, kind) or compare(len(v), limit)


MAX_PATTERN = 200  # characters; real criteria patterns are short
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def pattern_refusal(regex: str) -> str | None:
    """Why a regular expression might take more than linear time, or None when it is safe.

    The reason is a code: "too_long", "invalid", "nested" (a repeat inside a repeat, or an
    alternative inside one), "backreference" or "lookaround".
    """
    if not isinstance(regex, str) or len(regex) > MAX_PATTERN:
        return "too_long"
    try:
        parsed = sre_parse.parse(regex)
    except (re.error, RecursionError, OverflowError):
        return "invalid"
    return _refusal(list(parsed), False)


def _refusal(items: list, repeated: bool) -> str | None:
    for op, av in items:
        name = str(op)
        found = None
        if name in ("GROUPREF", "GROUPREF_EXISTS", "GROUPREF_IGNORE", "GROUPREF_LOC_IGNORE", "GROUPREF_UNI_IGNORE"):
            return "backreference"
        if name in ("ASSERT", "ASSERT_NOT"):
            return "lookaround"
        if name in _REPEATS:
            low, high, body = av
            many = high is sre_parse.MAXREPEAT or high > 1
            if repeated and many:
                return "nested"
            found = _refusal(list(body), repeated or many)
        elif name == "SUBPATTERN":
            found = _refusal(list(av[3]), repeated)
        elif name == "ATOMIC_GROUP":
            found = _refusal(list(av), repeated)
        elif name == "BRANCH":
            if repeated:
                return "nested"
            for branch in av[1]:
                found = found or _refusal(list(branch), repeated)
        if found:
            return found
    return None


def refused_patterns(schema: Any) -> list[str]:
    """The `pattern`s anywhere in a schema that would not run in linear time."""
    found: list[str] = []
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str) and pattern_refusal(node["pattern"]):
                found.append(node["pattern"])
            found += [p for p in node.get("patternProperties", {}) if pattern_refusal(p)] \
                if isinstance(node.get("patternProperties"), dict) else []
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _never(v: Any) -> bool:
    return False


def _pattern(regex: str) -> Predicate:
    if pattern_refusal(regex):
        return _never
    search = re.compile(regex).search
    return lambda v: not isinstance(v, str) or search(v) is not None


def _format(name: str) -> Predicate:
    return lambda v: FORMATS.conforms(v, name)


def _not(schema: Any) -> Predicate:
    check = compile_schema(schema)
    return lambda v: not check(v)


def _any_of(schemas: list) -> Predicate:
    checks = [compile_schema(s) for s in schemas]
    return lambda v: any(check(v) for check in checks)


def _all_of(schemas: list) -> Predicate:
    checks = [compile_schema(s) for s in schemas]
    return lambda v: all(check(v) for check in checks)


def _contains(schema: Any) -> Predicate:
    check = compile_schema(schema)
    return lambda v: not isinstance(v, list) or any(check(x) for x in v)


def _items(schema: Any) -> Predicate:
    check = compile_schema(schema)
    return lambda v: not isinstance(v, list) or all(check(x) for x in v)


def _properties(schemas: dict) -> Predicate:
    """Each named property that is present meets its schema: a row of a structured list, field by field."""
    checks = [(name, compile_schema(schema)) for name, schema in schemas.items()]
    return lambda v: not isinstance(v, dict) or all(check(v[name]) for name, check in checks if name in v)


def _required(names: list) -> Predicate:
    return lambda v: not isinstance(v, dict) or all(name in v for name in names)


# keywords that judge a value on its own: also the gate's quick yes (quickcheck.py) compiles them here
LEAVES: dict[str, Callable[[Any], Predicate]] = {
    "const": _const,
    "enum": _enum,
    "type": _type,
    "minimum": _bound(lambda v, n: v >= n),
    "maximum": _bound(lambda v, n: v <= n),
    "exclusiveMinimum": _bound(lambda v, n: v > n),
    "exclusiveMaximum": _bound(lambda v, n: v < n),
    "minLength": _length(lambda n, m: n >= m, str),
    "maxLength": _length(lambda n, m: n <= m, str),
    "minItems": _length(lambda n, m: n >= m, list),
    "maxItems": _length(lambda n, m: n <= m, list),
    "format": _format,
}
KEYWORDS: dict[str, Callable[[Any], Predicate]] = {
    **LEAVES,
    "pattern": _pattern,
    "not": _not,
    "anyOf": _any_of,
    "allOf": _all_of,
    "contains": _contains,
    "items": _items,
    "properties": _properties,
    "required": _required,
}
ANNOTATIONS = {"title", "description", "$comment", "examples"}


def compile_schema(schema: dict | bool) -> Predicate:
    """A predicate equivalent to validating against `schema`."""
    if schema is True or schema == {}:
        return lambda v: True
    if schema is False:
        return lambda v: False
    keywords = [k for k in schema if k not in ANNOTATIONS]
    if any(k not in KEYWORDS for k in keywords):
        if refused_patterns(schema):
            return _never
        validator = jsonschema.Draft202012Validator(schema, format_checker=FORMATS)
        return validator.is_valid
    return conjunction([KEYWORDS[k](schema[k]) for k in keywords])


def conjunction(checks: list[Predicate]) -> Predicate:
    """One predicate true when all `checks` are (one or two without the cost of a generator)."""
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    return lambda v: all(check(v) for check in checks)
