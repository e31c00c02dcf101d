"""Questionnaire sections as WTForms forms, built from the JSON Schema at run time.

The schema decides each question's control (see `control`). Posted text becomes
typed answers in `answers_from`; whatever cannot be converted is reported per field
and the typed text stays in the form. All other checks are the JSON Schema's own,
so the form and the import agree on what a valid answer is.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from survey.content import choices
from survey.i18n import number

PREFIX = "q_"
# A structured list's field in a posted form: q_<question>-<row>-<field>
ROW_KEY = re.compile(re.escape(PREFIX) + r"([a-z][a-z0-9_]*)-(\d{1,6})-([a-z][a-z0-9_]*)$")
BOOLEAN_CHOICES = [SelectChoice("ja", _l("Ja")), SelectChoice("nej", _l("Nej"))]


def control(schema: dict) -> str:
    """The kind of control a question is answered with."""
    kind = schema["type"]
    if kind == "array":
        if schema["items"].get("type") == "object":
            return "rows"
        return "checkboxes" if choices.offers(schema["items"]) else "list"
    if kind in ("boolean", "integer", "number"):
        return kind
    if choices.offers(schema):
        return "select" if choices.as_select(schema) else "choice"
    if schema.get("format") == "date":
        return "date"
    if schema.get("format") == "uri":
        return "link"
    if schema.get("format") == "email":
        return "email"
    return "textarea" if schema.get("x-widget") == "textarea" else "text"


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(schema: dict) -> list[SelectChoice]:
    return [SelectChoice(value, title) for value, title in choices.options(schema) or []]


def _field(schema: dict, rows: int):
    label, kind = schema["title"], control(schema)
    if kind == "choice":
        return RadioField(label, choices=_choices(schema), validate_choice=False)
    if kind == "select":
        return SelectField(label, choices=[SelectChoice("", _l("Välj …"))] + _choices(schema), validate_choice=False)
    if kind == "boolean":
        return RadioField(label, choices=BOOLEAN_CHOICES, validate_choice=False)
    if kind == "checkboxes":
        return CheckboxesField(label, choices=_choices(schema["items"]), validate_choice=False)
    if kind == "list":
        return FieldList(StringField(), label=label, min_entries=rows, max_entries=schema["maxItems"])
    if kind == "rows":
        return FieldList(FormField(_row_form(schema["items"])), label=label, min_entries=rows,
                         max_entries=schema["maxItems"])
    if kind == "textarea":
        return TextAreaField(label)
    return StringField(label)


def _shown(value: Any, kind: str) -> Any:
    """A stored answer as the form shows it."""
    if kind == "boolean":
        return "ja" if value is True else "nej" if value is False else value
    if kind == "number" and isinstance(value, float):
        return number(value, str(get_locale() or "sv"), 6)
    if kind in ("integer", "number"):
        return str(value)
    return value


def _shown_answer(schema: dict, value: Any, kind: str) -> Any:
    """A stored answer as the form shows it, a structured list field by field (`kind`: the question's control)."""
    if kind != "rows" or not isinstance(value, list):
        return _shown(value, kind)
    fields = schema["items"]["properties"]
    return [{key: _shown(given, control(fields[key])) for key, given in row.items() if key in fields}
            for row in value if isinstance(row, dict)]


def _row_form(items: dict) -> type[Form]:
    """The fields of one row of a structured list, as a form of their own (no CSRF token of its own)."""

    class RowForm(Form):
        pass

    for key, schema in items["properties"].items():
        setattr(RowForm, key, _field(schema, 0))
    return RowForm


def row_fields(schema: dict, entry) -> dict:
    """One row as the template shows it: each field's control, options and what is chosen; whether anything is typed."""
    fields = [{"name": key, "schema": fschema, "field": entry.form[key], "control": control(fschema),
               "options": options(fschema), "selected": selected(entry.form[key])}
              for key, fschema in schema["items"]["properties"].items()]
    filled = any(f["field"].data not in ("", None) for f in fields)
    return {"entry": entry, "fields": fields, "filled": filled}


def rows_of(schema: dict, field, kind: str | None = None) -> list[dict]:
    """A structured list's rows as the template shows them (`row_fields`); empty for other controls
    (`kind`: the question's control, when the caller has it)."""
    return [row_fields(schema, entry) for entry in field.entries] if (kind or control(schema)) == "rows" else []


def options(schema: dict) -> list[tuple[str, str]]:
    """The (value, label) pairs of a radio group or a set of checkboxes; empty for other controls."""
    kind = control(schema)
    if kind == "boolean":
        return [(choice.value, str(choice.label)) for choice in BOOLEAN_CHOICES]
    if kind in ("choice", "select"):
        return choices.options(schema) or []
    if kind == "checkboxes":
        return choices.options(schema["items"]) or []
    return []


def selected(field) -> set[str]:
    """The values a radio group or checkbox set shows as chosen."""
    data = field.data
    return {str(v) for v in data} if isinstance(data, list) else ({str(data)} if data is not None else set())


def posted_rows(formdata: Any, name: str) -> int:
    """How many rows of a list question (or of a structured list) were posted."""
    pattern = re.compile(re.escape(PREFIX + name) + r"-(\d{1,6})(?:$|-)")
    indexes = [int(m.group(1)) for key in (formdata or {}) if (m := pattern.match(key))]
    return max(indexes) + 1 if indexes else 0


def removed_row(action: str) -> tuple[str, int] | None:
    """The (question, row) a "remove:<question>:<row>" action names."""
    _kind, _sep, rest = action.partition("remove:")
    name, _sep, row = rest.rpartition(":")
    return (name, int(row)) if not _kind and name and row.isdigit() and len(row) <= 6 else None


def without_empty_rows(formdata: Any, section: dict, action: str = "", kinds: dict[str, str] | None = None) -> Any:
    """The posted form with each structured list's empty rows, and a row the person removed, left out.

    The rows kept are numbered again from 0, so the rows the gate checks are numbered as
    the form shows them, and an error's pointer (/section/question/<row>/<field>) finds its field.
    `kinds` are the section's `controls`, when the caller keeps them.
    """
    kinds = kinds or controls(section)
    lists = {name: schema for name, schema in section["properties"].items() if kinds[name] == "rows"}
    if not lists or not formdata:
        return formdata
    removed = removed_row(action)
    posted: dict[str, dict[int, dict[str, list[str]]]] = {name: {} for name in lists}
    result = MultiDict()
    for key in formdata.keys():
        found = ROW_KEY.match(key)
        name = found.group(1) if found else None
        if name in lists and found.group(3) in lists[name]["items"]["properties"]:
            posted[name].setdefault(int(found.group(2)), {})[found.group(3)] = formdata.getlist(key)
        else:
            result.setlist(key, formdata.getlist(key))
    for name, rows in posted.items():
        kept = [rows[i] for i in sorted(rows) if (name, i) != removed
                and any(value.strip() for values in rows[i].values() for value in values)]
        for i, row in enumerate(kept[:lists[name]["maxItems"]]):
            for key, values in row.items():
                result.setlist(f"{PREFIX}{name}-{i}-{key}", values)
    return result


def row_counts(section: dict, answers: dict, formdata: Any = None, add_row: str | None = None,
               kinds: dict[str, str] | None = None) -> tuple[int, ...]:
    """How many rows each question's form field has: for a list or a structured list, the rows posted or
    stored and one empty row to type into; 0 for every other control (`kinds`: the section's `controls`)."""
    kinds = kinds or controls(section)
    counts = []
    for name, schema in section["properties"].items():
        rows = 0
        if kinds[name] == "list":
            rows = posted_rows(formdata, name) if formdata else len(answers.get(name) or []) + 1
            rows = min(schema["maxItems"], max(1, rows + (name == add_row)))
        elif kinds[name] == "rows":
            given = posted_rows(formdata, name) if formdata else len(answers.get(name) or [])
            rows = min(schema["maxItems"], given + 1)
        counts.append(rows)
    return tuple(counts)


def form_class(section: dict, rows: tuple[int, ...]) -> type[FlaskForm]:
    """The form class of a section whose questions have these row counts (`row_counts`). It has no CSRF field
    of its own: the app checks every form's token (CSRFProtect) and the page writes it (`csrf_token()`)."""

    class SectionForm(FlaskForm):
        class Meta:
            csrf = False

    for (name, schema), count in zip(section["properties"].items(), rows):
        setattr(SectionForm, PREFIX + name, _field(schema, count))
    return SectionForm


def section_form_class(questionnaire: dict, section_name: str, rows: tuple[int, ...]) -> type[FlaskForm]:
    """`form_class` of a questionnaire's section: what the store's content cache keeps per version."""
    return form_class(questionnaire["properties"][section_name], rows)


def controls(section: dict) -> dict[str, str]:
    """Each question's control in a section, by name."""
    return {name: control(schema) for name, schema in section["properties"].items()}


def section_controls(questionnaire: dict, section_name: str) -> dict[str, str]:
    """`controls` of a questionnaire's section: what the store's content cache keeps per version."""
    return controls(questionnaire["properties"][section_name])


def section_form(section: dict, answers: dict, formdata: Any = None, add_row: str | None = None,
                 make_class: Callable[[dict, tuple[int, ...]], type[FlaskForm]] = form_class,
                 kinds: dict[str, str] | None = None) -> FlaskForm:
    """A form for one section, filled from the posted data or else from the stored answers.

    `make_class` makes the form class; the respondent's pages pass one that keeps the classes per content version,
    and the section's `controls` (`kinds`).
    """
    kinds = kinds or controls(section)
    form = make_class(section, row_counts(section, answers, formdata, add_row, kinds))
    data = {PREFIX + name: _shown_answer(section["properties"][name], value, kinds[name])
            for name, value in answers.items() if name in section["properties"]
            and not (formdata and kinds[name] == "rows")}  # posted rows are all there is
    return form(formdata=formdata, data=data)


class ShownField:
    """A field of `section_form` filled from stored answers alone, as a page reads it: its name and id, its
    `data` and `_value()`, a list's `entries` and a row's `form` (its fields by key), the same as WTForms
    makes them. A page that only shows the stored answers needs no more than this."""

    def __init__(self, name: str, data: Any = None, entries: list | None = None, form: dict | None = None):
        self.name = self.id = name
        self.data, self.entries, self.form = data, entries, form

    def _value(self) -> str:
        return str(self.data) if self.data is not None else ""


def _field_data(kind: str, value: Any) -> Any:
    """A field's `data` from a shown answer, as the WTForms field of `_field` processes it (choices as text)."""
    if kind in ("choice", "select", "boolean"):
        return None if value is None else str(value)
    if kind == "checkboxes":
        try:
            return [str(item) for item in value]
        except TypeError:
            return None
    return value


def _shown_row(name: str, items: dict, value: Any) -> ShownField:
    """One row of a structured list, its fields named `<name>-<field>`."""
    given = value if isinstance(value, dict) else {}
    fields = {key: ShownField(f"{name}-{key}", _field_data(control(schema), given.get(key)))
              for key, schema in items["properties"].items()}
    return ShownField(name, {key: field.data for key, field in fields.items()}, form=fields)


def shown_form(section: dict, answers: dict, add_row: str | None = None,
               kinds: dict[str, str] | None = None) -> dict[str, ShownField]:
    """`section_form` of the stored answers (no posted data), as `ShownField`s by field name: what a page that
    shows them reads of the form, without building WTForms objects."""
    kinds = kinds or controls(section)
    form = {}
    for (name, schema), rows in zip(section["properties"].items(), row_counts(section, answers, None, add_row, kinds)):
        kind, key = kinds[name], PREFIX + name
        value = _shown_answer(schema, answers[name], kind) if name in answers else None
        if kind in ("list", "rows"):
            given = list(value or [])
            given += [None] * (rows - len(given))
            entries = ([ShownField(f"{key}-{i}", item) for i, item in enumerate(given)] if kind == "list" else
                       [_shown_row(f"{key}-{i}", schema["items"], item) for i, item in enumerate(given)])
            form[key] = ShownField(key, [entry.data for entry in entries], entries)
        else:
            form[key] = ShownField(key, _field_data(kind, value))
    return form


def _number(text: str, integer: bool) -> int | float:
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", ".").replace("−", "-")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(_l("Ange ett heltal, till exempel 12.") if integer
                         else _l("Ange ett tal, till exempel 12,5.")) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(_l("Ange ett tal, till exempel 12,5."))
    if integer:
        if not value.is_integer():
            raise ValueError(_l("Ange ett heltal, till exempel 12."))
        return int(value)
    return int(value) if value.is_integer() and "." not in cleaned else value


def _boolean(text: str) -> bool:
    if text not in ("ja", "nej"):
        raise ValueError(_l("Välj Ja eller Nej."))
    return text == "ja"


def _link(text: str) -> str:
    """A link as typed, completed the way a browser's address bar would: www.x.se → https://www.x.se."""
    return "https://" + text if text.lower().startswith("www.") else text


CONVERT = {
    "link": _link,
    "integer": lambda text: _number(text, True),
    "number": lambda text: _number(text, False),
    "boolean": _boolean,
    "textarea": lambda text: text.replace("\r\n", "\n"),
}


def answers_from(form: FlaskForm, section: dict, kinds: dict[str, str] | None = None) -> tuple[dict, dict[str, str]]:
    """The section's answers from a posted form, and the fields whose text is not a value (`kinds`: the
    section's `controls`, when the caller keeps them)."""
    kinds = kinds or controls(section)
    answers: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, schema in section["properties"].items():
        field, kind = form[PREFIX + name], kinds[name]
        if kind == "rows":
            rows = _rows_from(field, schema, name, problems)
            if rows:
                answers[name] = rows
            continue
        if kind == "list":
            raw: Any = [text.strip() for text in (entry.data or "" for entry in field.entries) if text.strip()]
            if schema["items"].get("format") == "uri":
                raw = [_link(text) for text in raw]
        elif kind == "checkboxes":
            raw = list(dict.fromkeys(field.data or []))
        else:
            raw = field.data.strip() if isinstance(field.data, str) else field.data
        if raw in ("", [], None):
            continue
        try:
            answers[name] = CONVERT.get(kind, lambda value: value)(raw)
        except ValueError as error:
            problems[name] = str(error)
    return answers, problems


def _rows_from(field, schema: dict, name: str, problems: dict[str, str]) -> list[dict]:
    """A structured list's rows from a posted form, field by field.

    A field whose text is not a value is reported at "<question>/<row>/<field>" and its row
    kept, so the rows stay numbered as the form shows them. Rows with nothing typed are left out.
    """
    rows = []
    for i, entry in enumerate(field.entries):
        row, typed = {}, False
        for key, fschema in schema["items"]["properties"].items():
            data = entry.form[key].data
            raw = data.strip() if isinstance(data, str) else data
            if raw in ("", None):
                continue
            typed = True
            try:
                row[key] = CONVERT.get(control(fschema), lambda value: value)(raw)
            except ValueError as error:
                problems[f"{name}/{i}/{key}"] = str(error)
        if typed:
            rows.append(row)
    return rows
