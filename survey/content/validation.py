"""JSON Schema validation with errors as data: a JSON Pointer and a Swedish message.

Used for content files (against the meta-schemas), for answers (against a
questionnaire) and for import. One keyword → message table serves them all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator
from urllib.parse import urlsplit

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from survey.content.pointer import join

FORMATS = jsonschema.FormatChecker(formats=())
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@FORMATS.checks("date", raises=ValueError)
def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.match(value):
        return False
    date.fromisoformat(value)
    return True


@FORMATS.checks("uri")
def _is_link(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and "." in parts.netloc and " " not in value


TYPE_NAMES = {
    "string": "text",
    "integer": "ett heltal",
    "number": "ett tal",
    "boolean": "ja eller nej",
    "array": "en lista",
    "object": "ett objekt",
    "null": "tomt",
}
FORMAT_MESSAGES = {
    "date": "Ange ett datum som ÅÅÅÅ-MM-DD.",
    "uri": "Ange en fullständig länk som börjar med https://.",
}


@dataclass(frozen=True)
class FieldError:
    """One problem with a value: where (JSON Pointer) and what, in Swedish."""

    pointer: str
    message: str


def _type_names(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " eller ".join(TYPE_NAMES.get(n, n) for n in names)


def _choices(alternatives: Any) -> str | None:
    if isinstance(alternatives, list) and all(isinstance(a, dict) and "const" in a for a in alternatives):
        return ", ".join(str(a.get("title", a["const"])) for a in alternatives)
    return None


MESSAGES = {
    "type": lambda e: f"Ska vara {_type_names(e.validator_value)}.",
    "enum": lambda e: "Välj ett av de tillåtna värdena: " + ", ".join(map(str, e.validator_value)) + ".",
    "const": lambda e: f"Ska vara {e.validator_value!r}.",
    "maxLength": lambda e: f"Högst {e.validator_value} tecken (nu {len(e.instance)}).",
    "minLength": lambda e: (
        "Får inte vara tom." if e.validator_value == 1 else f"Minst {e.validator_value} tecken."
    ),
    "minimum": lambda e: f"Får inte vara mindre än {e.validator_value}.",
    "maximum": lambda e: f"Får inte vara större än {e.validator_value}.",
    "exclusiveMinimum": lambda e: f"Ska vara större än {e.validator_value}.",
    "format": lambda e: FORMAT_MESSAGES.get(e.validator_value, f"Fel format, ska vara {e.validator_value}."),
    "maxItems": lambda e: f"Högst {e.validator_value} poster.",
    "minItems": lambda e: f"Minst {e.validator_value} poster.",
    "uniqueItems": lambda e: "Samma värde får inte förekomma flera gånger.",
    "pattern": lambda e: f"Har fel form (ska matcha {e.validator_value}).",
    "minProperties": lambda e: "Får inte vara tom.",
    "maxProperties": lambda e: f"Högst {e.validator_value} fält.",
}


def message(error: ValidationError) -> str:
    """The Swedish message for one validation error."""
    if error.validator in ("oneOf", "anyOf"):
        choices = _choices(error.validator_value)
        if choices is not None:
            return f"Välj ett av alternativen: {choices}."
        if error.context:
            return message(best_match(error.context))
        return "Stämmer inte med något av de tillåtna alternativen."
    describe = MESSAGES.get(error.validator)
    if describe is not None:
        return describe(error)
    return f"Ogiltigt värde ({error.message})."


def iter_field_errors(
    schema: dict, instance: Any, *, complete: bool = True, base: str = ""
) -> Iterator[FieldError]:
    """Every problem of `instance`, one per field.

    A missing required field and an unknown field are reported at that field's own
    pointer, so a form can show the message beside it. With `complete=False` (a
    draft) missing answers are not problems.
    """
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMATS)
    for error in validator.iter_errors(instance):
        yield from _field_errors(error, complete, base)


def _field_errors(error: ValidationError, complete: bool, base: str) -> Iterator[FieldError]:
    where = base + join(error.absolute_path)
    if error.validator == "required":
        if complete:
            for name in error.validator_value:
                if isinstance(error.instance, dict) and name not in error.instance:
                    yield FieldError(f"{where}/{name}", "Uppgiften måste fyllas i.")
    elif error.validator in ("additionalProperties", "unevaluatedProperties"):
        allowed = error.schema.get("properties", {})
        for name in error.instance:
            if name not in allowed:
                yield FieldError(f"{where}/{name}", "Okänt fält.")
    else:
        yield FieldError(where, message(error))


def field_errors(schema: dict, instance: Any, *, complete: bool = True) -> list[FieldError]:
    """All field errors, in a stable order (by pointer)."""
    unique = dict.fromkeys(iter_field_errors(schema, instance, complete=complete))
    return sorted(unique, key=lambda e: e.pointer)


def is_valid(schema: dict, instance: Any, *, complete: bool = True) -> bool:
    return next(iter_field_errors(schema, instance, complete=complete), None) is None
