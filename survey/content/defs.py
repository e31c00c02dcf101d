"""Shared definitions: a questionnaire's `$defs` and the local `$ref`s to them, resolved once.

A question (or a row field, or `items`) may be `{"$ref": "#/$defs/skala", "title": …}`: the
definition with the sibling keywords put over it. JSON Schema would instead require both
(`$ref` beside other keywords is a conjunction), so the program resolves references when
content is read and every consumer sees plain schemas. Only `#/$defs/<name>` is allowed; an
unknown name, a cycle or a too large expansion is a problem at the JSON Pointer of the `$ref`.
"""
from __future__ import annotations

import copy
from typing import Any

from survey.content.pointer import join, split
from survey.i18n import Msg, Text

PREFIX = "#/$defs/"
MAX_NODES = 200_000  # objects and lists after expansion; a real questionnaire has a few thousand
UNKNOWN = Text("content.ref_unknown", "definitionen %(ref)s finns inte i $defs; definierade är: %(known)s")
NOT_LOCAL = Text("content.ref_not_local", "%(ref)s: bara hänvisningar till frågeformulärets egna definitioner "
                                          "(#/$defs/<namn>) är tillåtna")
CYCLE = Text("content.ref_cycle", "hänvisningarna går i cirkel (%(chain)s); en definition får inte hänvisa "
                                  "till sig själv")
NOT_AN_OBJECT = Text("content.ref_not_object", "definitionen %(ref)s ska vara ett objekt (ett JSON Schema)")
TOO_BIG = Text("content.ref_too_big", "hänvisningarna ger ett för stort frågeformulär (mer än %(limit)s delar)")


class _TooBig(Exception):
    pass


def uses_refs(document: Any) -> bool:
    """Whether a document has shared definitions or references to resolve."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "$ref" in node or "$defs" in node:
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def resolve(document: Any) -> tuple[Any, list[tuple[str, Msg]]]:
    """The document with every `$ref` replaced by its definition (siblings override) and `$defs`
    dropped, and the problems as (JSON Pointer, message). The document itself is not changed."""
    if not isinstance(document, dict) or not uses_refs(document):
        return document, []
    defs = document.get("$defs") if isinstance(document.get("$defs"), dict) else {}
    problems: list[tuple[str, Msg]] = []
    done: dict[str, Any] = {}
    nodes = [0]

    def definition(name: str, at: str, chain: list[str]) -> Any:
        if name in chain:
            problems.append((at, CYCLE(chain=" → ".join(PREFIX + n for n in [*chain[chain.index(name):], name]))))
            return None
        if name not in done:
            done[name] = walk(defs[name], join(["$defs", name]), [*chain, name])
        return done[name]

    def walk(node: Any, at: str, chain: list[str]) -> Any:
        nodes[0] += 1
        if nodes[0] > MAX_NODES:
            raise _TooBig
        if isinstance(node, list):
            return [walk(value, f"{at}/{k}", chain) for k, value in enumerate(node)]
        if not isinstance(node, dict):
            return node
        out = {key: walk(value, join([*split(at), key]), chain) for key, value in node.items()
               if key != "$ref" and not (key == "$defs" and at == "")}
        if "$ref" not in node:
            return out
        ref, where = node["$ref"], at + "/$ref"
        if not isinstance(ref, str) or not ref.startswith(PREFIX) or "/" in ref[len(PREFIX):]:
            problems.append((where, NOT_LOCAL(ref=repr(ref))))
            return out
        name = ref[len(PREFIX):].replace("~1", "/").replace("~0", "~")
        if name not in defs:
            problems.append((where, UNKNOWN(ref=repr(ref), known=", ".join(defs) or "inga")))
            return out
        target = definition(name, where, chain)
        if target is None:
            return out
        if not isinstance(target, dict):
            problems.append((where, NOT_AN_OBJECT(ref=repr(ref))))
            return out
        nodes[0] += _size(target)
        if nodes[0] > MAX_NODES:
            raise _TooBig
        return copy.deepcopy(target) | out

    try:
        resolved = walk(document, "", [])
        for name in defs:  # a definition nobody uses is checked too
            definition(name, join(["$defs", name]), [])
    except (_TooBig, RecursionError):
        return document, [("", TOO_BIG(limit=MAX_NODES))]
    return resolved, list(dict.fromkeys(problems))


def _size(node: Any) -> int:
    """How many objects and lists a value holds."""
    count, stack = 0, [node]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            count += 1
            stack.extend(value.values())
        elif isinstance(value, list):
            count += 1
            stack.extend(value)
    return count
