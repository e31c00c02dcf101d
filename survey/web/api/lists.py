"""Lists in the read API: filters from the query string, cursor paging, JSON or CSV, ETag and gzip.

JSON is a page of `items` with the `total`, `next` (the next page's address, or null on the last
page) and `next_cursor` (the same page as a parameter, for clients that keep the address fixed,
as Power BI's scheduled refresh needs). CSV (`Accept: text/csv` or `?format=csv`; `csv-excel` for
Swedish Excel) is written in the exports' dialects: the whole list in one streamed response, or a
page when `limit` or `cursor` is given, with the next page's address in the `Link` header. A page
ends after the item whose key the cursor holds, so items added or removed meanwhile never make
another item come twice or be skipped.
"""
from __future__ import annotations

import base64
import bisect
import binascii
import gzip
import hashlib
import json
import zlib
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator
from urllib.parse import urlencode

import pandas as pd
from flask import Response, request, stream_with_context

from survey.web.api import schemas
from survey.web.api.problems import Problem, locale
from survey.i18n import Text
from survey.reports import export

DEFAULT_LIMIT, MAX_LIMIT = 1000, 10_000
STREAM_CHUNK = 5000  # items per part of a streamed CSV: what is held in memory at once
MAX_VALUES, MAX_VALUE = 100, 200  # a filter's values, and a value's length
GZIP_FROM = 1024  # bytes: smaller answers are sent as they are
PAGING = ("limit", "cursor", "format")
FORMATS = ("json", "csv", "csv-excel")
FILENAMES = {"csv": "csv", "csv-excel": "excel.csv"}

UNKNOWN_PARAMETER = Text("api.unknown_parameter", "Okänd parameter %(name)s. Här finns: %(known)s.")
BAD_INTEGER = Text("api.bad_integer", "Parametern %(name)s ska vara ett heltal, inte '%(value)s'.")
BAD_LIMIT = Text("api.bad_limit", "limit ska vara ett heltal från 1 till %(max)s.")
BAD_CURSOR = Text("api.bad_cursor", "Markören (cursor) är ogiltig: ta next eller next_cursor från förra sidan.")
BAD_FORMAT = Text("api.bad_format", "Okänt format '%(value)s'; välj json, csv eller csv-excel.")
TOO_MANY_VALUES = Text("api.too_many_values", "Parametern %(name)s får ha högst %(max)s värden på högst "
                       "%(length)s tecken.")


def bad(name: str, detail) -> Problem:
    return Problem(400, "bad_parameter", detail, parameter=name)


def query(filters: Iterable[str] = (), integers: Iterable[str] = (), *, paging: bool = True) -> dict[str, list]:
    """The filters asked for, each a list of the values wanted (a parameter may repeat: `level=met&level=…`).
    A parameter the resource does not know is refused, so a misspelt filter never widens the answer."""
    known = tuple(filters) + (PAGING if paging else ())
    integers = set(integers)
    for name in request.args:
        if name not in known:
            raise bad(name, UNKNOWN_PARAMETER(name=name, known=", ".join(known) or "–"))
    found = {}
    for name in filters:
        values = request.args.getlist(name)
        if len(values) > MAX_VALUES or any(len(value) > MAX_VALUE for value in values):
            raise bad(name, TOO_MANY_VALUES(name=name, max=MAX_VALUES, length=MAX_VALUE))
        found[name] = [integer(name, value) for value in values] if name in integers else values
    return found


def integer(name: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise bad(name, BAD_INTEGER(name=name, value=value[:40])) from None
    if abs(number) >= 2 ** 63:
        raise bad(name, BAD_INTEGER(name=name, value=value[:40]))
    return number


def chosen_format() -> str:
    """`format` when given, else CSV when the client prefers text/csv to JSON."""
    given = request.args.get("format")
    if given is not None:
        if given not in FORMATS:
            raise bad("format", BAD_FORMAT(value=given[:40]))
        return given
    best = request.accept_mimetypes.best_match(["application/json", "text/csv"], default="application/json")
    return "csv" if best == "text/csv" else "json"


def encode_cursor(key: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).rstrip(b"=").decode()


def decode_cursor(text: str, types: tuple[type, ...]) -> list:
    """The key a cursor holds, checked against the list's key types."""
    try:
        key = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (ValueError, binascii.Error):
        raise bad("cursor", BAD_CURSOR()) from None
    if not isinstance(key, list) or len(key) != len(types) or any(
            not isinstance(value, kind) or isinstance(value, bool) for value, kind in zip(key, types)):
        raise bad("cursor", BAD_CURSOR())
    return key


@dataclass
class Listing:
    """A list resource: its items' schema (a name in survey.web.api.schemas.ITEMS, or a table's own columns),
    how to read (key, item) pairs after a key in key order, the key's types, the total, and how a part
    of the list becomes a CSV table (by default from the schema)."""

    name: str
    fetch: Callable[[list | None, int], list[tuple[list, dict]]]
    key_types: tuple[type, ...]
    total: Callable[[], int]
    frame: Callable[[list[tuple[list, dict]]], pd.DataFrame] | None = None

    @classmethod
    def of(cls, name: str, pairs: Iterable[tuple[list, dict]], key_types: tuple[type, ...],
           frame: Callable[[list[tuple[list, dict]]], pd.DataFrame] | None = None) -> "Listing":
        """A list held whole (thousands of items at most), paged in memory in key order."""
        ordered = sorted(pairs, key=lambda pair: pair[0])
        keys = [key for key, _item in ordered]

        def fetch(after: list | None, limit: int) -> list[tuple[list, dict]]:
            start = 0 if after is None else bisect.bisect_right(keys, after)
            return ordered[start:start + limit]

        return cls(name, fetch, key_types, lambda: len(ordered), frame)

    def csv(self, pairs: list[tuple[list, dict]], fmt: str, header: bool = True) -> bytes:
        frame = self.frame(pairs) if self.frame else typed_frame(self.name, [item for _key, item in pairs])
        return export.to_bytes(frame, fmt, header=header)


def typed_frame(name: str, items: list[dict]) -> pd.DataFrame:
    """Items as CSV columns in the schema's order and types: lists joined with commas, whole numbers
    written whole even beside empty cells."""
    columns = {}
    for key, kind in schemas.kinds(name).items():
        values = [item[key] for item in items]
        if kind == "array":
            columns[key] = pd.Series([",".join(value) for value in values], dtype=object)
        elif kind == "integer":
            column = pd.Series(values, dtype="Int64")
            columns[key] = column if column.hasnans else column.astype("int64")
        elif kind == "number":
            columns[key] = pd.Series(values, dtype="float64")
        elif kind == "boolean" and None not in values:
            columns[key] = pd.Series(values, dtype=bool)
        else:
            columns[key] = pd.Series(values, dtype=object)
    return pd.DataFrame(columns, columns=schemas.columns(name))


def respond(listing: Listing, extra: dict | None = None) -> Response:
    """The list as asked: a JSON page (with `extra` members first), a CSV page, or the whole list as one
    streamed CSV."""
    extra = extra or {}
    fmt = chosen_format()
    limit = request.args.get("limit")
    cursor = request.args.get("cursor")
    after = decode_cursor(cursor, listing.key_types) if cursor is not None else None
    if fmt != "json" and limit is None and cursor is None:
        return _streamed(listing, fmt)
    if limit is not None and not 1 <= integer("limit", limit) <= MAX_LIMIT:
        raise bad("limit", BAD_LIMIT(max=MAX_LIMIT))
    limit = int(limit) if limit is not None else DEFAULT_LIMIT
    pairs = listing.fetch(after, limit + 1)  # one more than asked: is there a next page?
    following = encode_cursor(pairs[limit - 1][0]) if len(pairs) > limit else None
    pairs = pairs[:limit]
    total = listing.total()
    headers = {"X-Total-Count": str(total)}
    url = None
    if following:
        url = _page_url(following, limit)
        headers["Link"] = f'<{url}>; rel="next"'
    if fmt == "json":
        page = {"items": [item for _key, item in pairs], "total": total, "limit": limit, "next": url,
                "next_cursor": following}
        response = json_response(extra | page)
        response.headers.extend(headers)
        return finish(response)
    return finish(csv_response(listing.csv(pairs, fmt), fmt, headers))


def _page_url(cursor: str, limit: int) -> str:
    """The address of the next page: this one's, with the cursor (and limit) changed."""
    kept = [(name, value) for name, value in request.args.items(multi=True) if name not in ("cursor", "limit")]
    return f"{request.base_url}?{urlencode(kept + [('limit', limit), ('cursor', cursor)])}"


def json_response(value) -> Response:
    """JSON as the API writes it: keys in the order given, text as it is (UTF-8)."""
    return Response(json.dumps(value, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode(),
                    mimetype="application/json")


def csv_response(body: bytes | Iterator[bytes], fmt: str, headers: dict | None = None) -> Response:
    """CSV named after the list: results.csv, goal-summaries.excel.csv, a report's name and .csv …"""
    name = request.path.rstrip("/").rsplit("/", 1)[-1]
    return Response(body, mimetype=export.MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'inline; filename="{name}.{FILENAMES[fmt]}"', **(headers or {})})


def _streamed(listing: Listing, fmt: str) -> Response:
    """The whole list as one CSV, written part by part as it is read: memory holds one part at a time."""
    def parts() -> Iterator[bytes]:
        after = None
        while True:
            pairs = listing.fetch(after, STREAM_CHUNK)
            if pairs or after is None:
                yield listing.csv(pairs, fmt, header=after is None)
            if len(pairs) < STREAM_CHUNK:
                return
            after = pairs[-1][0]

    response = csv_response(stream_with_context(parts()), fmt, {"X-Total-Count": str(listing.total())})
    return finish(response)


def finish(response: Response) -> Response:
    """What every successful answer gets: language, no shared caching, a weak ETag (answering
    If-None-Match with 304) and gzip when the client takes it."""
    response.headers["Content-Language"] = locale()
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.update(("Accept", "Accept-Language", "Accept-Encoding", "Authorization"))
    gzipped = request.accept_encodings["gzip"] > 0
    if response.is_streamed:
        if gzipped:
            response.response = _gzip_parts(response.response)
            response.headers["Content-Encoding"] = "gzip"
        return response
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32], weak=True)
    response.make_conditional(request)
    if gzipped and response.status_code == 200 and response.content_length and response.content_length >= GZIP_FROM:
        response.set_data(gzip.compress(response.get_data(), compresslevel=6))
        response.headers["Content-Encoding"] = "gzip"
    return response


def _gzip_parts(parts: Iterable[bytes]) -> Iterator[bytes]:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # 16 +: the gzip wrapper
    for part in parts:
        yield compressor.compress(part) + compressor.flush(zlib.Z_SYNC_FLUSH)
    yield compressor.flush()
