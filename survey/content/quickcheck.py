"""A quick yes for answers a questionnaire accepts: its JSON Schema compiled to one predicate.

Checking a response with jsonschema walks the whole questionnaire through a general validator,
most of a save's work. Most saves are valid, so the gate asks this predicate first and lets
jsonschema find and word the problems only when it says no. The predicate may say no to
answers jsonschema accepts (they are then checked the slow way), never yes to answers it
refuses: each keyword below does what jsonschema's (draft 2020-12, with `x-exclusive`) does,
and a subschema with any other validating keyword is handed to jsonschema itself.

A draft (`draft=True`) may leave out what `required` asks for, where a missing answer is a
problem of its own (the gate does not report those in a draft), but not inside `if`, `not`,
`oneOf`, `anyOf` and `contains`, whose outcome a missing answer changes.
"""
from __future__ import annotations

import json
import numbers
import re
from collections.abc import Mapping, Sequence
from typing import Any, Callable

from survey.content.criteria import pattern_refusal
from survey.content.validation import FORMATS, AnswerValidator

Predicate = Callable[[Any], bool]


def _unbool(value: Any) -> Any:
    """True and False apart from 1 and 0, as jsonschema compares them."""
    return ("bool", value) if isinstance(value, bool) else value


def _equal(one: Any, two: Any) -> bool:
    """JSON equality as jsonschema tells it: true is not 1, 1 is 1.0, lists and objects item by item."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(key in two and _equal(value, two[key]) for key, value in one.items())
    return _unbool(one) == _unbool(two)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


TYPES: dict[str, Predicate] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: not isinstance(v, bool) and (isinstance(v, int) or isinstance(v, float) and v.is_integer()),
    "number": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _type(names: Any, schema: dict, draft: bool) -> Predicate:  # an unknown type name fails compile_answers
    if isinstance(names, str):
        return TYPES[names]
    checks = [TYPES[name] for name in names]
    return lambda v: any(check(v) for check in checks)


def _const(value: Any, schema: dict, draft: bool) -> Predicate:
    if isinstance(value, str):  # what `_equal` comes to for a text
        return lambda v: v == value
    return lambda v: _equal(v, value)


def _enum(values: Any, schema: dict, draft: bool) -> Predicate:
    if all(isinstance(value, str) for value in values):
        allowed = frozenset(values)
        return lambda v: isinstance(v, str) and v in allowed
    return lambda v: any(_equal(v, value) for value in values)


def _one_of(schemas: Any, schema: dict, draft: bool) -> Predicate:
    """Exactly one alternative holds; for labelled choices of texts (`{"const": "a", "title": …}` each, as
    validation's `oneOf` reads them) that is a text given once among them."""
    if all(isinstance(c, dict) and isinstance(c.get("const"), str)
           and all(k not in AnswerValidator.VALIDATORS for k in c if k != "const") for c in schemas):
        consts = [c["const"] for c in schemas]
        once = frozenset(value for value in consts if consts.count(value) == 1)
        return lambda v: isinstance(v, str) and v in once
    checks = [_compiled(subschema, False) for subschema in schemas]
    return lambda v: sum(1 for check in checks if check(v)) == 1


def _unique(values: list) -> bool:
    return not any(_equal(values[i], values[j]) for i in range(len(values)) for j in range(i))


def _exclusive(exclusive: Any, schema: dict, draft: bool) -> Predicate:
    """`x-exclusive` as survey.content.validation checks it."""
    if not isinstance(exclusive, list):
        return lambda v: True
    return lambda v: not isinstance(v, list) or len(v) < 2 or not any(
        value in v and any(other != value for other in v) for value in exclusive)


def _properties(schemas: dict, schema: dict, draft: bool) -> Predicate:
    checks = [(name, _compiled(subschema, draft)) for name, subschema in schemas.items()]
    return lambda v: not isinstance(v, dict) or all(check(v[name]) for name, check in checks if name in v)


def _additional(extra: Any, schema: dict, draft: bool) -> Predicate:
    known = set(schema.get("properties", {}))
    check = _compiled(extra, draft)
    return lambda v: not isinstance(v, dict) or all(check(v[name]) for name in v if name not in known)


def _if(condition: Any, schema: dict, draft: bool) -> Predicate:
    holds = _compiled(condition, False)
    then, otherwise = (_compiled(schema.get(branch, True), draft) for branch in ("then", "else"))
    return lambda v: then(v) if holds(v) else otherwise(v)


def _pattern(regex: Any, schema: dict, draft: bool) -> Predicate:
    search = re.compile(regex).search
    return lambda v: not isinstance(v, str) or search(v) is not None


def _bound(compare: Callable[[Any, Any], bool]) -> Callable[[Any, dict, bool], Predicate]:
    return lambda limit, schema, draft: lambda v: not _is_number(v) or compare(v, limit)


def _length(kind: type, compare: Callable[[int, int], bool]) -> Callable[[Any, dict, bool], Predicate]:
    return lambda limit, schema, draft: lambda v: not isinstance(v, kind) or compare(len(v), limit)


def _each(combine: Callable[[Any], bool], strict: bool) -> Callable[[Any, dict, bool], Predicate]:
    def make(schemas: Any, schema: dict, draft: bool) -> Predicate:
        checks = [_compiled(subschema, draft and not strict) for subschema in schemas]
        return lambda v: combine(check(v) for check in checks)
    return make


def _required(names: Any, schema: dict, draft: bool) -> Predicate:
    if draft:
        return lambda v: True
    return lambda v: not isinstance(v, dict) or all(name in v for name in names)


def _items(items: Any, schema: dict, draft: bool) -> Predicate:
    check = _compiled(items, draft)
    return lambda v: not isinstance(v, list) or all(check(item) for item in v)


def _not(inner: Any, schema: dict, draft: bool) -> Predicate:
    check = _compiled(inner, False)
    return lambda v: not check(v)


KEYWORDS: dict[str, Callable[[Any, dict, bool], Predicate]] = {
    "type": _type,
    "const": _const,
    "enum": _enum,
    "minimum": _bound(lambda v, n: v >= n),
    "maximum": _bound(lambda v, n: v <= n),
    "exclusiveMinimum": _bound(lambda v, n: v > n),
    "exclusiveMaximum": _bound(lambda v, n: v < n),
    "minLength": _length(str, lambda n, m: n >= m),
    "maxLength": _length(str, lambda n, m: n <= m),
    "minItems": _length(list, lambda n, m: n >= m),
    "maxItems": _length(list, lambda n, m: n <= m),
    "uniqueItems": lambda unique, schema, draft: lambda v: not unique or not isinstance(v, list) or _unique(v),
    "pattern": _pattern,
    "format": lambda name, schema, draft: lambda v: FORMATS.conforms(v, name),
    "x-exclusive": _exclusive,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": _required,
    "items": _items,
    "if": _if,
    "allOf": _each(all, strict=False),
    "anyOf": _each(any, strict=True),
    "oneOf": _one_of,
    "not": _not,
}


def compile_answers(schema: Any, draft: bool = False) -> Predicate:
    """A predicate true only of what `schema` accepts (with `draft`, leaving out what `required` asks for,
    as the module says); never true of anything when the schema refers to parts of itself (`$ref`) or
    cannot be compiled."""
    try:
        if '"$ref"' in json.dumps(schema) or '"$dynamicRef"' in json.dumps(schema):
            return _never
        return _compiled(schema, draft)
    except Exception:  # jsonschema tells what is wrong with such a schema
        return _never


def _never(value: Any) -> bool:
    return False


def _compiled(schema: Any, draft: bool) -> Predicate:
    """Keywords jsonschema does not validate with are annotations here too, as there."""
    if schema is True or schema == {}:
        return lambda v: True
    if schema is False:
        return _never
    keywords = [k for k in schema if k in AnswerValidator.VALIDATORS]
    if any(k not in KEYWORDS for k in keywords) or ("pattern" in schema and pattern_refusal(schema["pattern"])):
        return AnswerValidator(schema, format_checker=FORMATS).is_valid  # as slowly as jsonschema takes
    checks = [KEYWORDS[k](schema[k], schema, draft) for k in keywords]
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    return lambda v: all(check(v) for check in checks)


def accepts(check: Predicate, answers: Any) -> bool:
    """Whether a compiled predicate says yes; an answer it cannot even compare (no JSON value) is a no."""
    try:
        return check(answers)
    except Exception:  # jsonschema then finds and words what is wrong
        return False
