"""What reading a document may cost, checked before and while the work is done.

A document is refused, with a message that names the limit, when it is larger than MAX_BYTES,
unpacks (DOCX) to more than MAX_UNPACKED, has more than MAX_PAGES pages (PDF), or gives more
text than MAX_CHARACTERS or MAX_BLOCKS. The work itself runs in a child process (`isolate.py`)
that may use MAX_MEMORY more memory than its parent and MAX_SECONDS of time, so that no
document holds up other users or the server.
"""
from __future__ import annotations

from survey.i18n import Text

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 30 * 1024 * 1024
MAX_PAGES = 500
MAX_CHARACTERS = 600_000
MAX_BLOCKS = 10_000
MAX_SECONDS = 5.0
MAX_MEMORY = 300 * 1024 * 1024

TOO_LARGE = Text("derive.too_large", "Filen är för stor (%(size)s MB). Högst %(limit)s MB.")
UNPACKED_TOO_LARGE = Text("derive.unzipped", "Dokumentet är för stort när det packas upp (mer än %(limit)s MB).")
TOO_MANY_PAGES = Text("derive.pages", "Dokumentet har %(pages)s sidor. Högst %(limit)s.")
TOO_MUCH_TEXT = Text("derive.too_much_text", "Dokumentet innehåller för mycket text för en policy (mer än %(limit)s "
                                             "tecken eller %(blocks)s stycken).")
TOO_SLOW = Text("derive.too_slow", "Dokumentet tog för lång tid att läsa (mer än %(seconds)s sekunder). Spara det "
                                   "på nytt som DOCX eller PDF och försök igen.")
TOO_MUCH_MEMORY = Text("derive.too_much_memory", "Dokumentet krävde för mycket minne att läsa (mer än %(limit)s MB). "
                                                 "Spara det på nytt som DOCX eller PDF och försök igen.")


def megabytes(n: int) -> int:
    return n // (1024 * 1024)


class Unreadable(Exception):
    """Raised inside a reader, with a message, to stop early; `read` turns it into a Failure."""


def within(characters: int) -> None:
    """Stop reading as soon as the text is longer than a policy's can be."""
    if characters > MAX_CHARACTERS:
        raise Unreadable(TOO_MUCH_TEXT(limit=MAX_CHARACTERS, blocks=MAX_BLOCKS))
