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
from jsonschema.exceptions import ValidationError, best_match, relevance

from survey.content import choices
from survey.content.pointer import join
from survey.i18n import Msg, Plural, Text

FORMATS = jsonschema.FormatChecker(formats=())
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


FIRST_DATE = date(1950, 1, 1)


def date_range() -> tuple[date, date]:
    """The dates an answer may plausibly give: from 1950 to ten years ahead (not 0012 or 2099)."""
    return FIRST_DATE, date(date.today().year + 10, 12, 31)


@FORMATS.checks("date", raises=ValueError)
def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.match(value):
        return False
    first, last = date_range()
    return first <= date.fromisoformat(value) <= last


def _date_problem(value: Any) -> Msg:
    """A wrong date: the wrong form, or a real date outside the plausible range."""
    try:
        real = isinstance(value, str) and bool(_DATE.match(value)) and date.fromisoformat(value) is not None
    except ValueError:
        real = False
    if not real:
        return FORMAT_MESSAGES["date"]()
    first, last = date_range()
    return DATE_OUTSIDE(first=first.isoformat(), last=last.isoformat())


@FORMATS.checks("uri")
def _is_link(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and "." in parts.netloc and " " not in value


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
MAX_EMAIL = 254  # RFC 5321's limit on an address


@FORMATS.checks("email")
def _is_email(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    return len(value) <= MAX_EMAIL and bool(_EMAIL.match(value)) and ".." not in value


def _exclusive(validator: Any, exclusive: Any, instance: Any, schema: dict) -> Iterator[ValidationError]:
    """The keyword `x-exclusive` of a multi-choice: such a value is not chosen together with another."""
    if not validator.is_type(instance, "array") or not isinstance(exclusive, list) or len(instance) < 2:
        return
    for value in exclusive:
        if value in instance and any(other != value for other in instance):
            yield ValidationError(f"{value!r} cannot be chosen together with other values")
            return


_ONE_OF = jsonschema.Draft202012Validator.VALIDATORS["oneOf"]
_ANNOTATIONS = {"const", "title", "description"}


def _one_of(validator: Any, alternatives: Any, instance: Any, schema: dict) -> Iterator[ValidationError]:
    """`oneOf`, with a shortcut for labelled choices (`{"const": "ja", "title": "Ja"}` each): a text equal to
    exactly one choice is valid at once, without validating it against every alternative; anything else gets
    the standard keyword's errors, so the messages are the same."""
    if isinstance(instance, str) and isinstance(alternatives, list) and all(
            isinstance(c, dict) and "const" in c and all(k in _ANNOTATIONS or k.startswith("x-") for k in c)
            for c in alternatives) and sum(1 for c in alternatives if c["const"] == instance) == 1:
        return
    yield from _ONE_OF(validator, alternatives, instance, schema)


# The one validator for answers (the gate, import, lint's candidate answers): draft 2020-12 and our keywords.
AnswerValidator = jsonschema.validators.extend(jsonschema.Draft202012Validator,
                                               {"x-exclusive": _exclusive, "oneOf": _one_of})


def validator(schema: dict) -> Any:
    """A validator of answers against a questionnaire (or a part of it), with our formats and keywords."""
    return AnswerValidator(schema, format_checker=FORMATS)


TYPE_NAMES = {
    "string": Text("type.string", "text"),
    "integer": Text("type.integer", "ett heltal"),
    "number": Text("type.number", "ett tal"),
    "boolean": Text("type.boolean", "ja eller nej"),
    "array": Text("type.array", "en lista"),
    "object": Text("type.object", "ett objekt"),
    "null": Text("type.null", "tomt"),
}
OR = Text("or", "%(first)s eller %(second)s")
FORMAT_MESSAGES = {
    "date": Text("format.date", "Ange ett datum som ÅÅÅÅ-MM-DD."),
    "uri": Text("format.uri", "Ange en fullständig länk som börjar med https:// (eller http://)."),
    "email": Text("format.email", "Ange en e-postadress, till exempel namn@kommun.se."),
}
DATE_OUTSIDE = Text("format.date_range", "Ange ett datum mellan %(first)s och %(last)s.")
WRONG_FORMAT = Text("format.other", "Fel format, ska vara %(format)s.")
CHOOSE = Text("choose", "Välj ett av alternativen: %(choices)s.")
NO_ALTERNATIVE = Text("no_alternative", "Stämmer inte med något av de tillåtna alternativen.")
INVALID = Text("invalid", "Ogiltigt värde (%(detail)s).")
REQUIRED = Text("required", "Uppgiften måste fyllas i.")
UNKNOWN_FIELD = Text("unknown_field", "Okänt fält %(name)s; tillåtna här: %(allowed)s.")
ONE_OF_FIELDS = Text("one_of_fields", "Ange ett av fälten %(fields)s.")
ONLY_ONE_OF_FIELDS = Text("only_one_of_fields", "Ange bara ett av fälten %(fields)s, inte flera.")
MISSING_FIELD = Text("missing_field", "Fältet %(name)s saknas; lägg till det.")
PATTERN = Text("pattern", "%(value)s har fel form: ska matcha %(pattern)s.")
EXCLUSIVE = Text("exclusive", "”%(choice)s” kan inte väljas tillsammans med andra alternativ.")
NAME_PATTERN = Text("name_pattern", "Namnet %(value)s har fel form: ska matcha %(pattern)s.")


@dataclass(frozen=True)
class FieldError:
    """One problem with a value: where (JSON Pointer) and what, as a message for the edge to word."""

    pointer: str
    message: Msg


def _type_names(expected: Any) -> Msg | str:
    names = expected if isinstance(expected, list) else [expected]
    words = [TYPE_NAMES[n]() if n in TYPE_NAMES else n for n in names]
    phrase = words[0]
    for word in words[1:]:
        phrase = OR(first=phrase, second=word)
    return phrase


def _choices(alternatives: Any) -> str | None:
    if isinstance(alternatives, list) and all(isinstance(a, dict) and "const" in a for a in alternatives):
        return ", ".join(str(a.get("title", a["const"])) for a in alternatives)
    return None


MESSAGES = {
    "type": lambda e: Text("type", "Ska vara %(type)s.")(type=_type_names(e.validator_value)),
    "enum": lambda e: CHOOSE(choices=", ".join(label for _value, label in choices.options(e.schema)))
    if "x-labels" in e.schema and choices.options(e.schema) else Text(
        "enum", "Välj ett av de tillåtna värdena: %(values)s.")(values=", ".join(map(str, e.validator_value))),
    "x-exclusive": lambda e: EXCLUSIVE(choice=_exclusive_label(e)),
    "const": lambda e: Text("const", "Ska vara %(value)s.")(value=repr(e.validator_value)),
    "maxLength": lambda e: Text("maxLength", "Högst %(limit)s tecken (nu %(now)s).")(
        limit=e.validator_value, now=len(e.instance)),
    "minLength": lambda e: (Text("empty", "Får inte vara tom.")() if e.validator_value == 1
                           else Text("minLength", "Minst %(limit)s tecken.")(limit=e.validator_value)),
    "minimum": lambda e: Text("minimum", "Får inte vara mindre än %(limit)s.")(limit=e.validator_value),
    "maximum": lambda e: Text("maximum", "Får inte vara större än %(limit)s.")(limit=e.validator_value),
    "exclusiveMinimum": lambda e: Text("exclusiveMinimum", "Ska vara större än %(limit)s.")(limit=e.validator_value),
    "format": lambda e: _date_problem(e.instance) if e.validator_value == "date"
    else FORMAT_MESSAGES[e.validator_value]() if e.validator_value in FORMAT_MESSAGES
    else WRONG_FORMAT(format=e.validator_value),
    "maxItems": lambda e: Plural("maxItems", "Högst %(n)s post.", "Högst %(n)s poster.")(e.validator_value),
    "minItems": lambda e: Plural("minItems", "Minst %(n)s post.", "Minst %(n)s poster.")(e.validator_value),
    "uniqueItems": lambda e: Text("uniqueItems", "Samma värde får inte förekomma flera gånger.")(),
    "pattern": lambda e: (NAME_PATTERN if "propertyNames" in e.relative_schema_path else PATTERN)(
        value=repr(e.instance), pattern=e.validator_value),
    "required": lambda e: MISSING_FIELD(name=", ".join(
        repr(n) for n in e.validator_value if isinstance(e.instance, dict) and n not in e.instance)),
    "minProperties": lambda e: Text("empty", "Får inte vara tom.")(),
    "maxProperties": lambda e: Text("maxProperties", "Högst %(limit)s fält.")(limit=e.validator_value),
}


def _exclusive_label(error: ValidationError) -> str:
    """The label of the exclusive value chosen together with others."""
    chosen = next(v for v in error.validator_value if v in error.instance)
    return choices.label(error.schema, chosen)


def _fields(alternatives: Any) -> list[str] | None:
    """The field names of alternatives that each only require one field (`oneOf: [{required: [x]}, …]`)."""
    if isinstance(alternatives, list) and all(
            isinstance(a, dict) and set(a) == {"required"} and len(a["required"]) == 1 for a in alternatives):
        return [a["required"][0] for a in alternatives]
    return None


def message(error: ValidationError) -> Msg:
    """The message for one validation error."""
    if error.validator in ("oneOf", "anyOf"):
        choices = _choices(error.validator_value)
        if choices is not None:
            return CHOOSE(choices=choices)
        fields = _fields(error.validator_value)
        if fields is not None:
            given = [f for f in fields if isinstance(error.instance, dict) and f in error.instance]
            return (ONLY_ONE_OF_FIELDS if given else ONE_OF_FIELDS)(fields=", ".join(fields))
        if error.context:
            return message(best_match(error.context))
        return NO_ALTERNATIVE()
    describe = MESSAGES.get(error.validator)
    if describe is not None:
        return describe(error)
    return INVALID(detail=error.message)


def iter_field_errors(
    schema: dict, instance: Any, *, complete: bool = True, base: str = ""
) -> Iterator[FieldError]:
    """Every problem of `instance`, one per field.

    A missing required field and an unknown field are reported at that field's own
    pointer, so a form can show the message beside it. With `complete=False` (a
    draft) missing answers are not problems.
    """
    errors = sorted(validator(schema).iter_errors(instance), key=relevance, reverse=True)
    missing = {tuple(e.absolute_path) for e in errors if _unconditional(e) and e.validator == "required"}
    seen: set[str] = set()
    for error in errors:
        if tuple(error.absolute_path) in missing and not _unconditional(error):
            continue  # a consequence of the missing field (e.g. an if on `type` that held vacuously)
        for found in _field_errors(error, complete, base):
            if found.pointer not in seen:  # one message per place: the most relevant
                seen.add(found.pointer)
                yield found


def _unconditional(error: ValidationError) -> bool:
    """Whether an error comes from the object's own keywords, not from an if/then or an alternative."""
    return not {"then", "else", "oneOf", "anyOf", "allOf"} & set(map(str, error.relative_schema_path))


def _field_errors(error: ValidationError, complete: bool, base: str) -> Iterator[FieldError]:
    where = base + join(error.absolute_path)
    if error.validator == "required":
        if complete:
            for name in error.validator_value:
                if isinstance(error.instance, dict) and name not in error.instance:
                    yield FieldError(f"{where}/{name}", REQUIRED())
    elif error.validator in ("additionalProperties", "unevaluatedProperties"):
        allowed = error.schema.get("properties", {})
        for name in error.instance:
            if name not in allowed:
                yield FieldError(f"{where}/{name}", UNKNOWN_FIELD(name=repr(name), allowed=", ".join(allowed)))
    else:
        yield FieldError(where, message(error))


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 control characters but tab, newline and return
CONTROL_CHARACTER = Text("control_character", "Texten innehåller ett osynligt styrtecken (till exempel NUL) som inte "
                                              "kan sparas. Ta bort det, eller skriv in texten på nytt i stället för "
                                              "att klistra in den.")


def control_characters(instance: Any, path: tuple = ()) -> Iterator[FieldError]:
    """Every text (a value or a name) holding a control character: invisible, never typed on purpose, and
    trouble for whatever reads the answers later (exports, the annual report, other programs)."""
    if isinstance(instance, str):
        if CONTROL.search(instance):
            yield FieldError(join(path), CONTROL_CHARACTER())
    elif isinstance(instance, dict):
        for name, value in instance.items():
            if isinstance(name, str) and CONTROL.search(name):
                yield FieldError(join((*path, name)), CONTROL_CHARACTER())
            else:
                yield from control_characters(value, (*path, name))
    elif isinstance(instance, list):
        for index, value in enumerate(instance):
            yield from control_characters(value, (*path, index))


def field_errors(schema: dict, instance: Any, *, complete: bool = True) -> list[FieldError]:
    """All field errors, in a stable order (by pointer)."""
    unique = dict.fromkeys(iter_field_errors(schema, instance, complete=complete))
    return sorted(unique, key=lambda e: e.pointer)
