"""Files to save: every download of the app (exports, the annual report, evidence, content files) is made here.

The browser saves it under `filename` (non-ASCII names encoded as RFC 6266 says) and never
guesses another type from the bytes; signed-in responses are not cached (see `create_app`).
"""
from __future__ import annotations

import io
from pathlib import Path

from flask import Response, send_file


def attachment(data: bytes | Path, media_type: str, filename: str) -> Response:
    """`data` (bytes, or a stored file) as an attachment named `filename`; text/* is sent as UTF-8."""
    body = io.BytesIO(data) if isinstance(data, bytes) else data
    response = send_file(body, mimetype=media_type, as_attachment=True, download_name=filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
