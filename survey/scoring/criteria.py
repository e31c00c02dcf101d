"""Criteria compiled to plain Python predicates, for scoring in bulk.

A criterion is a JSON Pointer and a JSON Schema. Validating with a general JSON
Schema validator costs microseconds per check; the schemas criteria use are small
(`const`, `enum`, bounds, lengths), so each keyword compiles to a closure here and a
schema becomes the conjunction of its keywords' closures. Any keyword without a
compiler falls back to jsonschema for that schema, so the result is always the
JSON Schema answer.
"""
from __future__ import annotations

import re
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


def _same(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return a == b


def _const(value: Any) -> Predicate:
    if isinstance(value, str):
        return lambda v: v == value
    return lambda v: _same(v, value)


def _enum(values: list) -> Predicate:
    if all(isinstance(x, str) for x in values):
        allowed = frozenset(values)
        return lambda v: isinstance(v, str) and v in allowed
    return lambda v: any(_same(v, x) for x in values)


def _type(names: str | list[str]) -> Predicate:
    if isinstance(names, str):
        return _TYPES[names]
    checks = [_TYPES[n] for n in names]
    return lambda v: any(check(v) for check in checks)


def _bound(compare: Callable[[Any, Any], bool]) -> Callable[[Any], Predicate]:
    return lambda limit: lambda v: not _is_number(v) or compare(v, limit)


def _length(compare: Callable[[int, int], bool], kind: type) -> Callable[[int], Predicate]:
    return lambda limit: lambda v: not isinstance(v, kind) or compare(len(v), limit)


def _pattern(regex: str) -> Predicate:
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


KEYWORDS: dict[str, Callable[[Any], Predicate]] = {
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
    "pattern": _pattern,
    "format": _format,
    "not": _not,
    "anyOf": _any_of,
    "allOf": _all_of,
    "contains": _contains,
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
        validator = jsonschema.Draft202012Validator(schema, format_checker=FORMATS)
        return validator.is_valid
    checks = [KEYWORDS[k](schema[k]) for k in keywords]
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    return lambda v: all(check(v) for check in checks)
