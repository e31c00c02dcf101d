"""What an uploaded file really is, told from its bytes, never its name.

Evidence may be a PDF, a Word or Excel document (Office Open XML), an OpenDocument file or
an image. The type is read from the magic bytes; for the ZIP-based formats from the
archive's members, after the ZIP directory has shown the archive is not a decompression
bomb (too many members, too much uncompressed data, or too high a compression ratio).
Anything else, an executable renamed .pdf say, is refused. Pure: bytes in, a verdict out.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from typing import NamedTuple

from survey.i18n import Msg, Text

MAX_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100

EMPTY = Text("file.empty", "Filen är tom.")
TOO_BIG = Text("file.too_big", "Filen är för stor: högst 10 MB (den här är %(size)s MB).")
UNKNOWN = Text("file.unknown_type", "Filtypen stöds inte. Ladda upp PDF, Word, Excel, OpenDocument eller en bild "
                                    "(PNG, JPEG, GIF, WebP). Filens innehåll avgör typen, inte namnet.")
BROKEN_ZIP = Text("file.broken_zip", "Filen ser ut att vara ett Office- eller OpenDocument-dokument men går inte att läsa.")
BOMB = Text("file.zip_bomb", "Filen packas upp till orimligt mycket data och tas inte emot.")
MACROS = Text("file.macros", "Dokument med makron tas inte emot. Spara dokumentet utan makron och försök igen.")


class FileType(NamedTuple):
    media_type: str
    suffix: str
    label: str


PDF = FileType("application/pdf", "pdf", "PDF")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel")
ODF = {
    "application/vnd.oasis.opendocument.text": FileType("application/vnd.oasis.opendocument.text", "odt",
                                                        "OpenDocument-text"),
    "application/vnd.oasis.opendocument.spreadsheet": FileType("application/vnd.oasis.opendocument.spreadsheet",
                                                               "ods", "OpenDocument-kalkylark"),
    "application/vnd.oasis.opendocument.presentation": FileType(
        "application/vnd.oasis.opendocument.presentation", "odp", "OpenDocument-presentation"),
}
IMAGES = (
    (b"\x89PNG\r\n\x1a\n", FileType("image/png", "png", "PNG-bild")),
    (b"\xff\xd8\xff", FileType("image/jpeg", "jpg", "JPEG-bild")),
    (b"GIF87a", FileType("image/gif", "gif", "GIF-bild")),
    (b"GIF89a", FileType("image/gif", "gif", "GIF-bild")),
)
OOXML = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX}


def _zip_type(data: bytes) -> FileType | Msg:
    """The Office or OpenDocument type of a ZIP archive, judged from its directory before reading a member."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return BROKEN_ZIP()
    if len(members) > MAX_MEMBERS:
        return BOMB()
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if total > MAX_UNCOMPRESSED or total > MAX_RATIO * max(packed, 1) \
            or any(m.file_size > MAX_RATIO * max(m.compress_size, 1) + 1024 * 1024 for m in members):
        return BOMB()
    names = {m.filename for m in members}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return MACROS()
    if "[Content_Types].xml" in names:
        found = [kind for member, kind in OOXML.items() if member in names]
        return found[0] if len(found) == 1 else UNKNOWN()
    if "mimetype" in names:
        try:
            with archive.open("mimetype") as member:
                declared = member.read(100).decode("ascii", "replace").strip()
        except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError):
            return BROKEN_ZIP()
        return ODF.get(declared) or UNKNOWN()
    return UNKNOWN()


def identify(data: bytes) -> FileType | Msg:
    """The file's type from its content, or why it is refused (a Msg)."""
    if not data:
        return EMPTY()
    if len(data) > MAX_BYTES:
        return TOO_BIG(size=round(len(data) / (1024 * 1024), 1))
    if data.startswith(b"%PDF-"):
        return PDF
    for magic, kind in IMAGES:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return FileType("image/webp", "webp", "WebP-bild")
    if data.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    return UNKNOWN()
