"""Helpers for driving the web app like a browser does: sign in, read tokens, fill forms."""
from __future__ import annotations

import io
import re
from pathlib import Path

from survey.content.files import Content
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import register, rounds
from survey.store.migrations import migrate
from survey.web import create_app
from survey.web.forms import PREFIX, control

PASSWORD = "demo2026"
MANAGER = ("chef@example.se", "hemligt-lösen")
FALKOPING = "falkoping-integrationspolicy"
BOLAG = "AB Falköpings Hyresbostäder"  # not started in 2026, submitted in 2025
BOLAG_CHEF = "chef.ab-falkopings-hyresbostader@falkoping.demo.se"
COORDINATOR = "samordnare@falkoping.demo.se"
OTHER_CHEF = "chef.socialnamnden@falkoping.demo.se"
OLOFSTROM_COORDINATOR = "samordnare@olofstrom.demo.se"


def unit_with_manager(path: Path, content: Content, policy_name: str) -> tuple[dict, int, int]:
    """A database file with the content loaded and one nämnd with its manager: (policy, unit id, user id)."""
    db = store_db.connect(path)
    migrate(db)
    store_content.load_content(db, content)
    policy = store_content.policy_by_name(db, policy_name)
    unit_id = register.add_unit(db, policy["organisation_id"], "Kulturnämnden", "nämnd")
    user_id = register.add_person(db, policy["organisation_id"], email=MANAGER[0], name="Chef",
                                  role="manager", password=MANAGER[1])
    register.add_manager(db, policy["organisation_id"], user_id, unit_id)
    db.close()
    return policy, unit_id, user_id


def one_unit_site(path: Path, content: Content, policy_name: str, **settings) -> dict:
    """The real app over a database with one nämnd, its manager signed in and the 2026 round open."""
    policy, unit_id, user_id = unit_with_manager(path, content, policy_name)
    db = store_db.connect(path)
    round_id = rounds.open_round(db, policy["id"], 2026)
    db.close()
    client = create_app({"DATABASE": str(path), "SECRET_KEY": "t", "TESTING": True} | settings).test_client()
    login(client, *MANAGER)
    return {"client": client, "path": path, "url": f"/svar/{round_id}/{unit_id}", "round": round_id,
            "unit": unit_id, "user": user_id, "policy": policy}


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


def upload(client, url, data: bytes, filename: str, question: str = "bemotande_rutin", **fields):
    """Post a section page with a file for one of its evidence questions, as a browser does."""
    page = client.get(url)
    form = {"csrf_token": csrf_token(page.text), "x-version": "0", "x-action": "save",
            f"e-file-{question}": (io.BytesIO(data), filename)} | fields
    return client.post(url, data=form, content_type="multipart/form-data")


def form_fields(section: dict, answers: dict) -> dict:
    """A section's answers as the form posts them (rows field by field)."""
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
        elif kind == "rows":  # field by field, as `q_<question>-<row>-<field>`
            for i, row in enumerate(value):
                for key, given in row.items():
                    data[f"{PREFIX}{name}-{i}-{key}"] = str(given)
        elif isinstance(value, float):
            data[PREFIX + name] = f"{value:g}".replace(".", ",")
        else:
            data[PREFIX + name] = str(value)
    return data


def ids(db, unit, year=2026, policy=FALKOPING):
    row = next(db.query("""
        select rounds.id as round_id, units.id as unit_id from rounds
        join policies on policies.id = rounds.policy_id
        join units on units.organisation_id = policies.organisation_id
        where policies.name = ? and rounds.year = ? and units.name = ?""", [policy, year, unit]))
    return row["round_id"], row["unit_id"]


def coordinator(client):
    assert login(client, COORDINATOR).status_code == 302
    return client


def base(db, unit, year=2026):
    round_id, unit_id = ids(db, unit, year)
    return f"/svar/{round_id}/{unit_id}"
