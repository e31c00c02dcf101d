"""JSON Pointers (RFC 6901): the one way this program names a place in a document."""
from __future__ import annotations

from typing import Any, Iterable

MISSING = object()


def pointer_of(*parts: Any) -> str:
    """The pointer to a path of keys and indexes: pointer_of("a/b", 0) == "/a~1b/0"."""
    return join(parts)


def join(parts: Iterable[Any]) -> str:
    """The pointer to a sequence of keys and indexes, `~` and `/` escaped."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def split(pointer: str) -> tuple[str, ...]:
    """The reference tokens of a pointer, unescaped ("" is the whole document)."""
    if pointer == "":
        return ()
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON Pointer: {pointer!r}")
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/"))


def resolve(tokens: tuple[str, ...], document: Any) -> Any:
    """The value at the (split) pointer, or MISSING."""
    value = document
    for token in tokens:
        if isinstance(value, dict):
            value = value.get(token, MISSING)
            if value is MISSING:
                return MISSING
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return MISSING
    return value
