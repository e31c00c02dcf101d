"""A third policy, only for tests and the bench: Sjöbacka kommun's kommunikationspolicy.

Written so that it uses every format feature of issue 9 at once (choices with labels, a
select, an exclusive multi-choice, email, a shared scale in `$defs`, a structured list,
row criteria, follow-ups with `else` and across sections, the policy's own unit kinds and
tags, a requirement for one named unit) and has what real policies have: "skall" as well
as "ska", numbered lists, no adoption paragraph and no revision rule. It is not shipped:
`build` puts it with the shipped reports into a content folder of its own.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from survey.cli import cli
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import register, rounds
from survey.store import scores as scoretable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NAME = "sjobacka-kommunikationspolicy"
MUNICIPALITY = "Sjöbacka kommun"
NAMED_UNIT = "Kommundirektörens stab"
TAG = "informatörer"
YEAR, NEW_YEAR = 2026, 2027  # the demo's open round, and a round opened by `demo` that nobody has started
ANSWERS = {  # a plausible response to every section; each unit posts the sections it sees
    "plan": {"finns": "ja", "datum": "2026-02-10", "kanaler": ["webb", "sociala_medier", "moten"]},
    "dialog": {"aktiviteter": [
        {"namn": "Medborgardialog om den nya parken", "datum": "2026-04-12", "malgrupp": "invanare", "antal": 85,
         "lank": "https://www.sjobacka.se/dialog/parken"},
        {"namn": "Ungdomsrådet om fritidsgårdarna", "datum": "2026-09-03", "malgrupp": "unga", "antal": 24}],
        "synpunkter": "delvis"},
    "publicering": {"kanal": "webbplats", "tillganglighet": "ja"},
    "ledning": {"samordning": "ja", "uppfoljt": True},
    "stab": {"kommunplan": "ja", "kommunplan_datum": "2026-03-01", "krisplan": "delvis",
             "kontakt": "kriskommunikation@sjobacka.se"},
    "stod": {"stod": "ja", "utvarderat": False, "epost": "informatorer@sjobacka.se"},
    "medarbetare": {"information": "ja", "bemotande": "ja"},
    "uppfoljning": {"utvardering": "nej", "plan_uppfoljd": True},
}


def build(folder: Path) -> Path:
    """A content folder holding the third policy and the shipped reports: what `survey --content` reads."""
    for part in ("policies", "questionnaires", "rules"):
        shutil.copytree(HERE / part, folder / part, dirs_exist_ok=True)
    shutil.copytree(ROOT / "reports", folder / "reports", dirs_exist_ok=True)
    return folder


def questionnaire() -> dict:
    return json.loads((HERE / "questionnaires" / f"{NAME}.json").read_text(encoding="utf-8"))


def ruleset() -> dict:
    return json.loads((HERE / "rules" / f"{NAME}.json").read_text(encoding="utf-8"))


# --- fixtures for the test modules (imported there) and what they read from the database -----

@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return build(tmp_path_factory.mktemp("third-content"))


@pytest.fixture(scope="module")
def demo(folder, tmp_path_factory):
    """`survey demo` on the third policy's folder, and a round of next year nobody has started.

    Returns the database file and the logins `survey demo` printed: {unit name: email}, with
    the coordinator under "".
    """
    path = tmp_path_factory.mktemp("third-demo") / "demo.db"
    runner = CliRunner()
    made = runner.invoke(cli, ["--db", str(path), "--content", str(folder), "demo"])
    assert made.exit_code == 0, made.output
    opened = runner.invoke(cli, ["--db", str(path), "round", "open", "--policy", NAME, "--year", str(NEW_YEAR)])
    assert opened.exit_code == 0, opened.output
    logins = {}
    for line in made.output.splitlines():
        found = re.match(r"\s+(\S+@\S+)\s+(coordinator|manager)\s+(.*)$", line)
        if found:
            logins[found.group(3).removeprefix("enhetsansvarig, ") if found.group(2) == "manager" else ""] = \
                found.group(1)
    handle = store_db.connect(path)
    handle.execute("pragma wal_checkpoint(truncate)")
    handle.close()
    return path, logins


def units_of(db) -> list[dict]:
    """The demo organisation's units as content sees them: {"id", "name", "kind", "tags"}."""
    policy = store_content.policy_by_name(db, NAME)
    return [{"id": u["id"], "name": u["name"], "kind": u["kind"], "tags": sorted(u.get("tags") or [])}
            for u in register.units(db, policy["organisation_id"])]


def round_of(db, year: int) -> dict:
    return rounds.round_by_year(db, store_content.policy_by_name(db, NAME)["id"], year)


def questionnaire_of(db) -> dict:
    return store_content.version_body(db, round_of(db, NEW_YEAR)["questionnaire_version_id"])


def plain(unit_list: list[dict], kind: str) -> dict:
    """A unit of this kind without tags and not the named unit."""
    return next(u for u in unit_list if u["kind"] == kind and not u["tags"] and u["name"] != NAMED_UNIT)


def levels_of(db, year: int, unit: str) -> dict[str, str]:
    return {row["requirement"]: row["level"] for row in scoretable.score_rows(db, policy=NAME, year=year)
            if row["unit"] == unit}


# --- reading pages and posting forms like a browser --------------------------------------

def input_tag(html: str, name: str, value: str | None = None) -> str:
    """The first <input> tag of this name (and value) on the page, or ""."""
    for tag in re.findall(r"<input\b[^>]*>", html):
        if f'name="{name}"' in tag and (value is None or f'value="{value}"' in tag):
            return tag
    return ""


def why_not(results: str, requirement: str) -> str:
    """The reason the results page gives for a requirement that does not apply to the unit."""
    row = re.search(rf'<tr id="krav-{requirement}">.*?</tr>', results, re.S)
    found = re.search(r"Kravet gäller inte enheten: ([^<]*)", row.group(0)) if row else None
    return found.group(1) if found else ""


def follow_ups_across(questionnaire: dict) -> dict[str, set[str]]:
    """The follow-ups asked on a condition in another section (the top-level `allOf`), by section."""
    found: dict[str, set[str]] = {}
    for rule in questionnaire.get("allOf", []):
        for branch in ("then", "else"):
            for section, schema in rule.get(branch, {}).get("properties", {}).items():
                found.setdefault(section, set()).update(schema.get("required", []))
    return found


def nodes(node):
    """Every object in a JSON document, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from nodes(value)
