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

import hashlib
import json
import re
from typing import Any, Callable

from survey.content.criteria import LEAVES, Predicate, conjunction, json_equal, pattern_refusal
from survey.content.validation import FORMATS, AnswerValidator


def _leaf(make: Callable[[Any], Predicate]) -> Callable[[Any, dict, bool], Predicate]:
    """A keyword that judges a value on its own, compiled as criteria compile it."""
    return lambda value, schema, draft: make(value)


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
    return not any(json_equal(values[i], values[j]) for i in range(len(values)) for j in range(i))


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
    **{name: _leaf(make) for name, make in LEAVES.items()},
    "uniqueItems": lambda unique, schema, draft: lambda v: not unique or not isinstance(v, list) or _unique(v),
    "pattern": _pattern,
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


MEMO_SIZE = 65536  # distinct (sub)schemas of the questionnaires in use: a municipality's policies and their views
_MEMO: dict[tuple[bytes, bool], Predicate] = {}


def _compiled(schema: Any, draft: bool) -> Predicate:
    """Each distinct subschema compiled once per process: the views of many units, and the policies made
    from one template, share their questions, and a server keeps the predicates of all of them (each a
    tree of closures that every full garbage collection walks)."""
    key = hashlib.blake2b(json.dumps(schema, sort_keys=True).encode(), digest_size=16).digest(), draft
    found = _MEMO.get(key)
    if found is None:
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.clear()
        found = _MEMO[key] = _compiled_afresh(schema, draft)
    return found


def _compiled_afresh(schema: Any, draft: bool) -> Predicate:
    """Keywords jsonschema does not validate with are annotations here too, as there."""
    if schema is True or schema == {}:
        return lambda v: True
    if schema is False:
        return _never
    keywords = [k for k in schema if k in AnswerValidator.VALIDATORS]
    if any(k not in KEYWORDS for k in keywords) or ("pattern" in schema and pattern_refusal(schema["pattern"])):
        return AnswerValidator(schema, format_checker=FORMATS).is_valid  # as slowly as jsonschema takes
    return conjunction([KEYWORDS[k](schema[k], schema, draft) for k in keywords])


def accepts(check: Predicate, answers: Any) -> bool:
    """Whether a compiled predicate says yes; an answer it cannot even compare (no JSON value) is a no."""
    try:
        return check(answers)
    except Exception:  # jsonschema then finds and words what is wrong
        return False
