"""The kinds of answer a question can ask for, and the conditions a criterion or a follow-up can
put on an answer of each kind, as the workshop offers them.

A question's kind is read from its schema (`kind_of`) and a schema is made for a kind
(`schema_for`), keeping the question's words, quote and what it serves. A condition is a short
code ("is:ja", "in:ja,delvis", "min", "filled", "has:x", "count", "true") with a number for
"min", "max" and "count"; `conditions` lists those a question offers, `schema_of` turns one into
the JSON Schema a criterion holds, and `condition_of` reads a criterion's schema back (None
when it is written in a way the workshop does not offer: it is then shown and kept as it is).
"""
from __future__ import annotations

import copy
import re
from typing import Any

from survey.content import choices
from survey.i18n import Msg, Text

SCALE_VALUES = {"ja-delvis-nej": [("ja", "Ja"), ("delvis", "Delvis"), ("nej", "Nej")],
                "ja-nej": [("ja", "Ja"), ("nej", "Nej")]}
KINDS = {
    "ja-delvis-nej": Text("kind.scale3", "Ja / Delvis / Nej"),
    "ja-nej": Text("kind.scale2", "Ja / Nej"),
    "val": Text("kind.choice", "Ett val bland egna alternativ"),
    "flerval": Text("kind.multi", "Flera val bland egna alternativ"),
    "boolean": Text("kind.boolean", "Ja eller nej (sant/falskt)"),
    "heltal": Text("kind.integer", "Heltal (antal, procent)"),
    "tal": Text("kind.number", "Tal med decimaler"),
    "datum": Text("kind.date", "Datum"),
    "lank": Text("kind.link", "Länk"),
    "epost": Text("kind.email", "E-postadress"),
    "kort-text": Text("kind.short_text", "Kort text"),
    "lang-text": Text("kind.long_text", "Lång text"),
    "lista": Text("kind.list", "Lista med korta texter"),
    "rader": Text("kind.rows", "Rader med flera fält (till exempel aktiviteter)"),
}
WITH_OPTIONS = ("val", "flerval")
WITH_BOUNDS = ("heltal", "tal")
MAX_OPTIONS = 30
IS = Text("condition.is", "är ”%(label)s”")
IN = Text("condition.in", "är ”%(first)s” eller ”%(second)s”")
FILLED = Text("condition.filled", "är besvarad")
TRUE = Text("condition.true", "är Ja")
FALSE = Text("condition.false", "är Nej")
AT_LEAST = Text("condition.min", "är minst (ange talet)")
AT_MOST = Text("condition.max", "är högst (ange talet)")
HAS = Text("condition.has", "innehåller ”%(label)s”")
COUNT = Text("condition.count", "har minst (ange antalet) rader eller val")
NEEDS_NUMBER = ("min", "max", "count")
PRESENCE = "filled"  # met when the question is answered: a question scored so is optional
ROW_FIELD = {"type": "string", "title": "Beskrivning", "maxLength": 500}
MAX_ROW_FIELDS = 8
ROW_FIELD_KINDS = {"datum": {"type": "string", "format": "date"}, "tal": {"type": "number", "minimum": 0, "maximum": 1_000_000},
                   "länk": {"type": "string", "format": "uri"}}
ROW_FIELD_LINE = re.compile(r"^(?P<title>.+?)\s*\((?P<kind>" + "|".join(ROW_FIELD_KINDS) + r")\)$")


def kind_of(schema: dict) -> str:
    """The workshop's name for the kind of answer a question asks for."""
    kind = schema.get("type")
    if kind == "array":
        items = schema.get("items", {})
        if items.get("type") == "object":
            return "rader"
        return "flerval" if choices.offers(items) else "lista"
    if kind == "boolean":
        return "boolean"
    if kind == "integer":
        return "heltal"
    if kind == "number":
        return "tal"
    if choices.offers(schema):
        pairs = [(str(v), label) for v, label in choices.options(schema)]
        return next((name for name, scale in SCALE_VALUES.items() if pairs == scale), "val")
    return {"date": "datum", "uri": "lank", "email": "epost"}.get(
        schema.get("format"), "lang-text" if schema.get("x-widget") == "textarea" else "kort-text")


def option_lines(schema: dict) -> list[str]:
    """A choice question's alternatives as the lines a person edits ("Ja", "Delvis", …)."""
    found = choices.options(schema) or choices.item_options(schema) or []
    return [label for _value, label in found]


def row_field_lines(schema: dict) -> list[str]:
    """A structured list's fields as the lines a person edits: the title, and the kind in brackets
    when it is not text ("Datum (datum)", "Antal deltagare (tal)")."""
    lines = []
    for spec in schema.get("items", {}).get("properties", {}).values():
        kind = "tal" if spec.get("type") in ("integer", "number") else \
            {"date": "datum", "uri": "länk"}.get(spec.get("format"))
        lines.append(f"{spec.get('title', '')} ({kind})" if kind else spec.get("title", ""))
    return lines


def row_items(lines: list[str], old: dict) -> dict:
    """The `items` of a structured list for edited field lines. A line as it was keeps its field
    (name, kind, bounds, whether it is required); a new line is a new field of the kind it names."""
    items = old.get("items", {})
    kept = dict(zip(row_field_lines(old), items.get("properties", {}).items()))
    staying = {kept[line][0] for line in lines if line in kept}
    properties, required = {}, []
    for line in lines:
        if line in kept:
            name, spec = kept[line]
            required += [name] if name in items.get("required", []) else []
        else:
            match = ROW_FIELD_LINE.match(line)
            title, kind = (match["title"], match["kind"]) if match else (line, None)
            name = _field_name(title, staying | set(properties))
            spec = {"title": title} | (ROW_FIELD_KINDS[kind] if kind else {"type": "string", "maxLength": 300})
        properties[name] = spec
    return {"type": "object", "additionalProperties": False, "required": required or [next(iter(properties))],
            "properties": properties}


def _field_name(title: str, taken: set[str]) -> str:
    """A row field's name as the format wants it (`^[a-z][a-z0-9_]*$`), unique in its row."""
    plain = title.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    stem = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:40]
    stem = stem if stem[:1].isalpha() else f"falt_{stem}".rstrip("_")
    name, n = stem, 2
    while name in taken:
        name, n = f"{stem}_{n}", n + 1
    return name


def value_for(label: str, taken: set[str]) -> str:
    """A stored value for an alternative a person wrote: lower case, plain letters, unique."""
    stem = re.sub(r"[^a-z0-9åäö]+", "-", label.lower()).strip("-")[:40] or "alternativ"
    value, n = stem, 2
    while value in taken:
        value, n = f"{stem}-{n}", n + 1
    taken.add(value)
    return value


def alternatives(lines: list[str], old: dict) -> list[dict]:
    """`oneOf` alternatives for the lines; an alternative whose label is kept keeps its value."""
    known = {label: value for value, label in (choices.options(old) or choices.item_options(old) or [])}
    taken = {str(v) for v in known.values()}
    return [{"const": known[line] if line in known else value_for(line, taken), "title": line} for line in lines]


def schema_for(kind: str, old: dict, *, lines: list[str], minimum: float | None = None,
               maximum: float | None = None, unit: str | None = None) -> dict:
    """A question schema of this kind with the old one's words, quote, targets and evidence."""
    kept = {k: v for k, v in old.items() if k in ("title", "description", "x-serves", "x-source", "x-evidence")}
    if kind in SCALE_VALUES:
        return kept | {"type": "string", "oneOf": [{"const": v, "title": t} for v, t in SCALE_VALUES[kind]]}
    if kind == "val":
        return kept | {"type": "string", "oneOf": alternatives(lines, old)}
    if kind == "flerval":
        return kept | {"type": "array", "uniqueItems": True, "maxItems": max(1, len(lines)),
                       "items": {"type": "string", "oneOf": alternatives(lines, old)}} | (
            {"x-exclusive": [v for v in old.get("x-exclusive", []) if v in {a["const"] for a in
                                                                          alternatives(lines, old)}]}
            if old.get("x-exclusive") else {})
    if kind == "boolean":
        return kept | {"type": "boolean"}
    if kind in WITH_BOUNDS:
        low = 0 if minimum is None else minimum
        high = (100 if unit == "%" else 1_000_000) if maximum is None else maximum
        bounds = {"minimum": int(low), "maximum": int(high)} if kind == "heltal" else \
            {"minimum": low, "maximum": high}
        return kept | {"type": "integer" if kind == "heltal" else "number"} | bounds | ({"x-unit": unit} if unit else {})
    if kind == "datum":
        return kept | {"type": "string", "format": "date"}
    if kind == "lank":
        return kept | {"type": "string", "format": "uri"}
    if kind == "epost":
        return kept | {"type": "string", "format": "email"}
    if kind == "kort-text":
        return kept | {"type": "string", "maxLength": 300}
    if kind == "lang-text":
        return kept | {"type": "string", "maxLength": 4000, "x-widget": "textarea"}
    if kind == "lista":
        return kept | {"type": "array", "maxItems": 20, "items": {"type": "string", "maxLength": 300}}
    if kind == "rader":
        if old.get("type") == "array" and old.get("items", {}).get("type") == "object":
            return copy.deepcopy(old)
        return kept | {"type": "array", "maxItems": 20, "x-row-title": "Rad",
                       "items": {"type": "object", "additionalProperties": False, "required": ["beskrivning"],
                                 "properties": {"beskrivning": dict(ROW_FIELD)}}}
    raise ValueError(kind)


def conditions(schema: dict) -> list[tuple[str, Msg]]:
    """The conditions a criterion can put on an answer to this question: (code, words)."""
    kind = kind_of(schema)
    if kind in ("ja-delvis-nej", "ja-nej", "val"):
        found = [(str(v), label) for v, label in choices.options(schema)]
        offered = [(f"is:{v}", IS(label=label)) for v, label in found]
        values = [v for v, _label in found]
        if "ja" in values and "delvis" in values:
            offered.insert(1, ("in:ja,delvis", IN(first=found[0][1], second=found[1][1])))
        return offered + [("filled", FILLED())]
    if kind == "boolean":
        return [("true", TRUE()), ("false", FALSE())]
    if kind in WITH_BOUNDS:
        return [("min", AT_LEAST()), ("max", AT_MOST())]
    if kind == "flerval":
        return [(f"has:{v}", HAS(label=label)) for v, label in choices.item_options(schema)] + [("count", COUNT())]
    if kind in ("lista", "rader"):
        return [("count", COUNT())]
    return [("filled", FILLED())]


def schema_of(code: str, n: float | None) -> dict:
    """The JSON Schema a criterion holds for a condition."""
    name, _sep, arg = code.partition(":")
    if name == "is":
        return {"const": arg}
    if name == "in":
        return {"enum": arg.split(",")}
    if name in ("true", "false"):
        return {"const": name == "true"}
    if name == "min":
        return {"minimum": n}
    if name == "max":
        return {"maximum": n}
    if name == "has":
        return {"contains": {"const": arg}}
    if name == "count":
        return {"minItems": int(n or 1)}
    return {"type": "string", "minLength": 1}


def condition_of(schema: Any) -> tuple[str, float | None] | None:
    """The condition a criterion's schema states, when it is one the workshop offers."""
    if not isinstance(schema, dict) or len(schema) not in (1, 2):
        return None
    if set(schema) == {"const"}:
        value = schema["const"]
        return (("true" if value else "false"), None) if isinstance(value, bool) else (f"is:{value}", None)
    if set(schema) == {"enum"} and all(isinstance(v, str) for v in schema["enum"]):
        return (f"in:{','.join(schema['enum'])}", None) if len(schema["enum"]) > 1 else (f"is:{schema['enum'][0]}", None)
    if set(schema) == {"minimum"}:
        return "min", schema["minimum"]
    if set(schema) == {"maximum"}:
        return "max", schema["maximum"]
    if set(schema) == {"minItems"}:
        return "count", schema["minItems"]
    if set(schema) == {"contains"} and set(schema["contains"]) == {"const"}:
        return f"has:{schema['contains']['const']}", None
    if schema == {"type": "string", "minLength": 1}:
        return "filled", None
    return None


def kind_label(kind: str) -> Msg:
    return KINDS[kind]()
