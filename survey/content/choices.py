"""The choices a question offers, however they are written.

A single choice is written either `"oneOf": [{"const": "a", "title": "Label A"}, …]` or
`"enum": ["a", …]` with optional `"x-labels": {"a": "Label A"}` (a value without a label is
shown as written); a multi-choice writes the same in its `items`. Everything that shows,
samples or checks choices reads them here, so both notations behave alike.
"""
from __future__ import annotations

from typing import Any

MAX_RADIOS = 7  # more choices than this are offered as a select


def _written(schema: Any) -> tuple[str, list] | None:
    """How a schema writes its choices ("oneOf" or "enum") and the list they are written in, else None."""
    if not isinstance(schema, dict):
        return None
    alternatives = schema.get("oneOf")
    if isinstance(alternatives, list) and alternatives and all(
            isinstance(c, dict) and "const" in c for c in alternatives):
        return "oneOf", alternatives
    values = schema.get("enum")
    if isinstance(values, list) and values:
        return "enum", values
    return None


def offers(schema: Any) -> bool:
    """Whether a scalar schema offers a fixed set of choices (what `options` lists)."""
    return _written(schema) is not None


def options(schema: Any) -> list[tuple[Any, str]] | None:
    """The (value, label) pairs of a scalar schema that offers a fixed set of choices, else None."""
    written = _written(schema)
    if written is None:
        return None
    notation, listed = written
    if notation == "oneOf":
        return [(c["const"], str(c.get("title", c["const"]))) for c in listed]
    labels = schema.get("x-labels") if isinstance(schema.get("x-labels"), dict) else {}
    return [(v, str(labels.get(v, v)) if isinstance(v, str) else str(v)) for v in listed]


def values(schema: Any) -> list | None:
    """The values of a scalar schema's choices, else None."""
    found = options(schema)
    return None if found is None else [value for value, _label in found]


def item_options(schema: dict) -> list[tuple[Any, str]] | None:
    """The choices of a multi-choice question (its items'), else None."""
    return options(schema.get("items")) if schema.get("type") == "array" else None


def labels(schema: dict) -> dict:
    """Value → label for a question's choices, its own or its items'; empty when it has none."""
    found = options(schema) or item_options(schema) or []
    return {value: label for value, label in found if isinstance(value, (str, int, float, bool))}


def label(schema: dict, value: Any) -> str:
    """A chosen value as people read it."""
    return str(labels(schema).get(value, value)) if isinstance(value, (str, int, float, bool)) else str(value)


def exclusive(schema: dict) -> list:
    """The values of a multi-choice that cannot be chosen together with any other (`x-exclusive`)."""
    found = schema.get("x-exclusive")
    return list(found) if isinstance(found, list) else []


def as_select(schema: dict) -> bool:
    """Whether a single choice is offered as a select: more than MAX_RADIOS choices, unless `x-widget` says."""
    widget = schema.get("x-widget")
    if widget in ("select", "radio"):
        return widget == "select"
    written = _written(schema)
    return written is not None and len(written[1]) > MAX_RADIOS
