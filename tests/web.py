"""Helpers for driving the web app like a browser does: sign in, read tokens, fill forms."""
from __future__ import annotations

import re

from survey.web.forms import PREFIX, control

PASSWORD = "demo2026"


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def version(html: str) -> str:
    return re.search(r'name="x-version" value="(-?\d+)"', html).group(1)


def login(client, email: str, password: str = PASSWORD):
    page = client.get("/logga-in")
    return client.post("/logga-in", data={"email": email, "password": password, "csrf_token": csrf_token(page.text)})


def post_form(client, url: str, data: dict, page_url: str | None = None):
    """Post like a browser: with the CSRF token (and version) of the page the form is on."""
    page = client.get(page_url or url)
    fields = {"csrf_token": csrf_token(page.text)}
    if 'name="x-version"' in page.text:
        fields["x-version"] = version(page.text)
    return client.post(url, data=fields | data)


def form_fields(section: dict, answers: dict) -> dict:
    """A section's answers as the form posts them."""
    data: dict = {}
    for name, schema in section["properties"].items():
        if name not in answers:
            continue
        value, kind = answers[name], control(schema)
        if kind == "boolean":
            data[PREFIX + name] = "ja" if value else "nej"
        elif kind == "checkboxes":
            data[PREFIX + name] = list(value)
        elif kind == "list":
            for i, item in enumerate(value):
                data[f"{PREFIX}{name}-{i}"] = item
        elif isinstance(value, float):
            data[PREFIX + name] = f"{value:g}".replace(".", ",")
        else:
            data[PREFIX + name] = str(value)
    return data
