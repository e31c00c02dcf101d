"""Content files: read, check against the meta-schemas, and hold in memory.

Content lives in three folders below a root: `questionnaires/`, `rules/` and
`reports/`, one JSON file each. A policy is a questionnaire and a rule set with the
same file stem. `policies/<policy>.txt` holds a policy's text as plain text, read so that
quotes can be checked; it is not part of a content version. Problems are data (`Problem`) until the edge turns them into output.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Iterator

import jsonschema

from survey.content import defs, validation
from survey.content.pointer import join
from survey.i18n import Msg, Text

NOT_A_SCHEMA = Text("content.not_a_schema", "inte ett giltigt JSON Schema: %(detail)s")
DUPLICATE_KEY = Text("content.duplicate_key", "nyckeln %(key)s förekommer flera gånger")
TOO_BIG = Text("content.too_big", "filen är för stor (%(size)s kB); högst %(limit)s kB")
TOO_DEEP = Text("content.too_deep", "JSON-strukturen är för djup; högst %(limit)s nivåer")
BAD_JSON = Text("content.bad_json", "ogiltig JSON: %(detail)s")
UNREADABLE = Text("content.unreadable", "kan inte läsas: %(detail)s")
FOLDERS = {"questionnaire": "questionnaires", "ruleset": "rules", "report": "reports", "library": "shared"}
TEXTS = "policies"
SCHEMA_DIR = Path(__file__).parent / "schemas"
MAX_FILE_BYTES = 2 * 1024 * 1024  # a real questionnaire is tens of kB
MAX_DEPTH = 64  # nesting of objects and arrays; real content stays below 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, located by JSON Pointer."""

    file: str
    pointer: str
    message: Msg | str

    def __str__(self) -> str:
        return f"{self.file}: {self.pointer or '/'}: {self.message}"


class ContentError(Exception):
    """Content could not be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


@dataclass(frozen=True)
class ContentFile:
    kind: str
    name: str
    path: Path
    data: Any  # as the program reads it: shared definitions resolved
    digest: str  # of the file as written
    written: Any = None  # the file as written, when it differs from `data`

    @property
    def stored(self) -> Any:
        """What is stored as the content version: the file as written."""
        return self.data if self.written is None else self.written

    @property
    def label(self) -> str:
        """How the file is named in messages: folder/file."""
        return f"{FOLDERS[self.kind]}/{self.path.name}"


@dataclass
class Content:
    """All content files below one root, by kind and name."""

    root: Path
    files: dict[tuple[str, str], ContentFile] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # policy name → its text, for checking quotes

    def of_kind(self, kind: str) -> dict[str, Any]:
        return {name: f.data for (k, name), f in sorted(self.files.items()) if k == kind}

    @property
    def questionnaires(self) -> dict[str, dict]:
        return self.of_kind("questionnaire")

    @property
    def rulesets(self) -> dict[str, dict]:
        return self.of_kind("ruleset")

    @property
    def reports(self) -> dict[str, dict]:
        return self.of_kind("report")

    @property
    def library(self) -> dict[str, dict] | None:
        """The shared-question library (shared/questions.json) by key, or None when the content has none."""
        found = self.files.get(("library", "questions"))
        return found.data["questions"] if found else None

    def label(self, kind: str, name: str) -> str:
        found = self.files.get((kind, name))
        return found.label if found else f"{FOLDERS[kind]}/{name}.json"


@cache
def meta_schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def digest(data: Any) -> str:
    """Content identity: the same data gives the same digest, whatever its layout."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse(text: str, label: str) -> tuple[Any, list[Problem]]:
    """Parse JSON text; a syntax error or a duplicate key is a problem, not an exception."""
    problems: list[Problem] = []

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                problems.append(Problem(label, "", DUPLICATE_KEY(key=repr(key))))
            seen[key] = value
        return seen

    too_deep = TOO_DEEP(limit=MAX_DEPTH)
    if len(text) > MAX_FILE_BYTES:
        return None, [Problem(label, "", TOO_BIG(size=len(text) // 1024, limit=MAX_FILE_BYTES // 1024))]
    try:
        data = json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as error:
        where = f"rad {error.lineno}, kolumn {error.colno}"
        return None, [Problem(label, where, BAD_JSON(detail=error.msg))]
    except RecursionError:
        return None, [Problem(label, "", too_deep)]
    if depth(data) > MAX_DEPTH:
        return None, [Problem(label, "", too_deep)]
    return data, problems


def depth(data: Any) -> int:
    """How deeply objects and arrays nest (without recursion, so any depth can be measured)."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            values = value.values()
        elif isinstance(value, list):
            values = value
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in values)
    return deepest


def check_meta(kind: str, data: Any, label: str) -> Iterator[Problem]:
    """Check one file against its meta-schema (and a questionnaire as a JSON Schema)."""
    found = False
    for error in validation.iter_field_errors(meta_schema(kind), data):
        found = True
        yield Problem(label, error.pointer, error.message)
    if kind == "questionnaire" and isinstance(data, dict) and not found:
        try:
            jsonschema.Draft202012Validator.check_schema(data)
        except jsonschema.SchemaError as error:
            where = join(error.absolute_path)
            yield Problem(label, where, NOT_A_SCHEMA(detail=validation.message(error)))


def resolve(kind: str, data: Any, label: str) -> tuple[Any, list[Problem]]:
    """A questionnaire with its shared definitions (`$defs`/`$ref`) resolved, and what is wrong with them."""
    if kind != "questionnaire":
        return data, []
    resolved, problems = defs.resolve(data)
    return resolved, [Problem(label, pointer, message) for pointer, message in problems]


def read(root: Path) -> tuple[Content, list[Problem]]:
    """Read every content file below root, with the problems of each file on its own."""
    content = Content(Path(root))
    problems: list[Problem] = []
    for kind, folder in FOLDERS.items():
        for path in sorted((content.root / folder).glob("*.json")):
            label = f"{folder}/{path.name}"
            try:
                size = path.stat().st_size
                if size > MAX_FILE_BYTES:
                    problems.append(Problem(label, "", TOO_BIG(size=size // 1024, limit=MAX_FILE_BYTES // 1024)))
                    continue
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                problems.append(Problem(label, "", UNREADABLE(detail=str(error))))
                continue
            data, file_problems = parse(text, label)
            resolved = data
            if data is not None:
                resolved, unresolved = resolve(kind, data, label)
                file_problems += unresolved or list(check_meta(kind, resolved, label))
            problems += file_problems
            if not file_problems:
                content.files[kind, path.stem] = ContentFile(kind, path.stem, path, resolved, digest(data),
                                                             data if resolved is not data else None)
    for path in sorted((content.root / TEXTS).glob("*.txt")):
        try:
            if path.stat().st_size <= MAX_FILE_BYTES:
                content.texts[path.stem] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # lint then reports the text as missing
    return content, problems

