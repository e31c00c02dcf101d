"""Hostile documents for derive's limits, built here (nothing binary is committed): a DOCX that
unpacks to hundreds of MB of real XML, a PDF whose one content stream inflates to hundreds of MB,
and a PDF of 10,000 pages. Each is small on disk."""
from __future__ import annotations

import io
import zipfile
import zlib

PARAGRAPH = (b"<w:p><w:r><w:t>Namnderna ska ta fram en handlingsplan for arbetet med policyn och "
             b"redovisa den varje ar.</w:t></w:r></w:p>")
CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'content-types"><Default Extension="xml" ContentType="application/xml"/><Override '
                 b'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                 b'wordprocessingml.document.main+xml"/></Types>')


RELATIONSHIPS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                 b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def docx_unpacking_to(megabytes: int) -> bytes:
    """A DOCX that Word and python-docx open, whose document.xml is `megabytes` MB of ordinary
    paragraphs: under the unpacked-size limit it is parsed, so the limits while reading are tested."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELATIONSHIPS)
        with archive.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
                           b'openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            chunk = PARAGRAPH * (1024 * 1024 // len(PARAGRAPH))
            for _ in range(megabytes):
                document.write(chunk)
            document.write(b"</w:body></w:document>")
    return out.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1, the first the catalogue), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_inflating_to(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates to `megabytes` MB (text operators, then spaces)."""
    packer = zlib.compressobj(9)
    stream = [packer.compress(b"BT /F1 12 Tf 72 720 Td (Namnderna ska redovisa.) Tj ET\n")]
    block = b" " * (1024 * 1024)
    stream += [packer.compress(block) for _ in range(megabytes)]
    stream.append(packer.flush())
    data = b"".join(stream)
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                 b"/Resources << /Font << /F1 5 0 R >> >> >>",
                 b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
                 b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


def pdf_of_pages(pages: int) -> bytes:
    """A PDF of `pages` pages sharing one small content stream."""
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + n) for n in range(pages))
    content = b"BT /F1 12 Tf 72 720 Td (Namnderna ska redovisa.) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (first_page + pages))
    objects += [page] * pages
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return _pdf(objects)
