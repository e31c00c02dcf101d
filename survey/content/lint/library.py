"""Shared questions against the library (shared/questions.json): a question's `x-shared` key must be
one of the library's, and its copy must take the library question's answer.

The library is the one place a shared question is declared, so a policy cannot invent a key by a typo
or answer it with other choices (`check_library`, problems). A copy in other words is allowed, since a
policy may phrase it for its own readers, but is pointed out (`wording`, advice that fails nothing).
"""
from __future__ import annotations

from typing import Iterator

from survey.content.files import Content, Problem
from survey.content.lint.shared import answer_of, normalised, places
from survey.content.pointer import join
from survey.content.shared import shared_key
from survey.i18n import Text

UNKNOWN_KEY = Text("lint.shared_unknown", "den gemensamma frågan %(key)s finns inte i %(file)s")
OTHER_ANSWER = Text("lint.shared_library_differs", "tar ett annat slags svar än den gemensamma frågan %(key)s i "
                                                   "%(file)s; ge frågan samma svarstyp och alternativ som där")
OTHER_WORDING = Text("lint.shared_library_wording", "är formulerad på ett annat sätt än den gemensamma frågan "
                                                    "%(key)s i %(file)s (%(title)s)")
LIBRARY_FILE = "shared/questions.json"


def _copies(content: Content) -> Iterator[tuple[str, str, str, dict, dict | None]]:
    """Each question with a shared key: (file, pointer, key, schema, the library's question or None)."""
    library = content.library or {}
    for _policy, file, section, name, schema in places(content):
        key = shared_key(schema)
        if key is not None:
            yield file, join(["properties", section, "properties", name]), key, schema, library.get(key)


def check_library(content: Content) -> Iterator[Problem]:
    """Each shared key missing from the library, and each copy taking another answer than the library's."""
    if content.library is None:
        return
    for file, pointer, key, schema, declared in _copies(content):
        if declared is None:
            yield Problem(file, f"{pointer}/x-shared",
                          UNKNOWN_KEY(key=key, file=LIBRARY_FILE))
        elif answer_of(schema) != answer_of(declared):
            yield Problem(file, pointer, OTHER_ANSWER(key=key, file=LIBRARY_FILE))


def wording(content: Content) -> list[Problem]:
    """Copies of a library question in other words than the library's."""
    return [Problem(file, pointer, OTHER_WORDING(key=key, file=LIBRARY_FILE, title=declared["title"]))
            for file, pointer, key, schema, declared in _copies(content)
            if declared is not None and normalised(schema.get("title", "")) != normalised(declared["title"])]
