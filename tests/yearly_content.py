"""Three policies of one organisation sharing questions, written into a content copy by the tests.

The two shipped policies get `x-shared` keys on four questions each (in the copy: the shipped files are
not touched), and Olofström's is moved to Falköping so that all three are one organisation's; a third
policy, written here, asks the same four questions and one of its own.
"""
from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import edit_json

FALKOPING = "falkoping-integrationspolicy"
OLOFSTROM = "olofstrom-integrationspolicy"
NAME = "testkommun-mangfaldspolicy"
MUNICIPALITY = "Falköpings kommun"
SHARED = {
    FALKOPING: {("medarbetare", "kannedom_policyn"): "policy-known", ("motesplatser", "motesplatser"): "meeting-places",
                ("rekrytering", "rekryterat"): "recruited", ("motesplatser", "foreningar_stod"): "associations"},
    OLOFSTROM: {("kunskap", "policy_kand"): "policy-known", ("bemotande", "motesplatser"): "meeting-places",
                ("rekrytering", "rekryterat"): "recruited", ("foreningar", "foreningar_samverkan"): "associations"},
    NAME: {("gemensamt", "kanner_till"): "policy-known", ("gemensamt", "motesplatser"): "meeting-places",
           ("gemensamt", "rekryterat"): "recruited", ("gemensamt", "foreningar"): "associations"},
}
# The shared answers the tests give: each question answered once.
GIVEN = {"policy-known": "delvis", "meeting-places": "ja", "recruited": False, "associations": "nej"}
TEXT = """Mångfaldspolicy för Falköpings kommun

Alla medarbetare ska känna till policyn.

Verksamheterna ska skapa mötesplatser och samverka med föreningar.

Vid rekrytering ska mångfald främjas.

Varje verksamhet ska ha en mångfaldsplan.
"""
KNOW = "Alla medarbetare ska känna till policyn."
MEET = "Verksamheterna ska skapa mötesplatser och samverka med föreningar."
HIRE = "Vid rekrytering ska mångfald främjas."
PLAN = "Varje verksamhet ska ha en mångfaldsplan."
SCALE = [{"const": "ja", "title": "Ja"}, {"const": "delvis", "title": "Delvis"}, {"const": "nej", "title": "Nej"}]


def _question(title: str, source: str, key: str, serves: str, **schema) -> dict:
    return {"title": title, "x-serves": ["M1", serves], "x-source": source, "x-shared": key} | schema


def questionnaire() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Uppföljning av mångfaldspolicyn", "type": "object", "additionalProperties": False,
        "required": ["gemensamt", "egen"],
        "x-policy": {"id": NAME, "municipality": MUNICIPALITY, "title": "Mångfaldspolicy",
                     "adopted_by": "Kommunfullmäktige", "adopted_date": None, "revision": None,
                     "follow_up": "Årligen.", "goals": [{"id": "M1", "title": "Mångfald i verksamheten",
                                                         "source": KNOW}]},
        "properties": {
            "gemensamt": {
                "type": "object", "title": "Kunskap och samverkan", "additionalProperties": False,
                "required": ["kanner_till", "motesplatser", "rekryterat", "foreningar"],
                "properties": {
                    "kanner_till": _question("Känner medarbetarna till policyn?", KNOW, "policy-known", "K1",
                                             type="string", oneOf=SCALE),
                    "motesplatser": _question("Skapar verksamheten mötesplatser?", MEET, "meeting-places", "K2",
                                              type="string", oneOf=SCALE),
                    "rekryterat": _question("Har verksamheten rekryterat under året?", HIRE, "recruited", "K1",
                                            type="boolean"),
                    "foreningar": _question("Samverkar verksamheten med föreningar?", MEET, "associations", "K3",
                                            type="string", oneOf=SCALE),
                },
            },
            "egen": {
                "type": "object", "title": "Mångfaldsplan", "additionalProperties": False, "required": ["plan"],
                "properties": {"plan": {"title": "Har verksamheten en mångfaldsplan?", "x-serves": ["M1", "K4"],
                                        "x-source": PLAN, "type": "string", "oneOf": SCALE}},
            },
        },
    }


def _requirement(ident: str, title: str, source: str, path: str) -> dict:
    return {"id": ident, "kind": "responsibility", "title": title, "source": source,
            "applies_to": ["kommunstyrelse", "nämnd", "förvaltning", "bolag"], "goals": ["M1"],
            "criteria": [{"label": title, "path": path, "schema": {"const": "ja"}}],
            "levels": {"met": "all"}, "advice": f"Arbeta med: {title.lower()}."}


def ruleset() -> dict:
    return {"policy": NAME, "requirements": [
        _requirement("K1", "Medarbetarna känner till policyn", KNOW, "/answers/gemensamt/kanner_till"),
        _requirement("K2", "Mötesplatser", MEET, "/answers/gemensamt/motesplatser"),
        _requirement("K3", "Samverkan med föreningar", MEET, "/answers/gemensamt/foreningar"),
        _requirement("K4", "Mångfaldsplan", PLAN, "/answers/egen/plan"),
    ]}


def _library_entries() -> dict:
    """The four shared questions as the content's library declares them: the third policy's words and answers."""
    shared = questionnaire()["properties"]["gemensamt"]["properties"].values()
    return {question["x-shared"]: {key: value for key, value in question.items() if not key.startswith("x-")}
            for question in shared}


def write(root: Path, evidence: tuple[str, ...] = (),
          evidence_in: tuple[str, ...] = (FALKOPING, OLOFSTROM, NAME)) -> Path:
    """Write the three policies into a copy of the shipped content at `root` (made by `content_copy`);
    the shared questions named in `evidence` ask for evidence in the policies `evidence_in`."""
    for policy in (FALKOPING, OLOFSTROM):
        def share(data: dict, policy: str = policy) -> None:
            for (section, name), key in SHARED[policy].items():
                data["properties"][section]["properties"][name]["x-shared"] = key
                if key in evidence and policy in evidence_in:
                    data["properties"][section]["properties"][name]["x-evidence"] = True
            data["x-policy"]["municipality"] = MUNICIPALITY
        edit_json(root / "questionnaires" / f"{policy}.json", share)
    library = root / "shared" / "questions.json"
    if library.exists():
        edit_json(library, lambda data: data["questions"].update(_library_entries()))
    (root / "policies" / f"{NAME}.txt").write_text(TEXT, encoding="utf-8")
    own = questionnaire()
    for question in own["properties"]["gemensamt"]["properties"].values():
        if question["x-shared"] in evidence and NAME in evidence_in:
            question["x-evidence"] = True
    (root / "questionnaires" / f"{NAME}.json").write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    (root / "rules" / f"{NAME}.json").write_text(json.dumps(ruleset(), ensure_ascii=False), encoding="utf-8")
    return root


MANAGER = ("chef@example.se", "hemligt-lösen")
COORDINATOR = ("samordnare@example.se", "hemligt-lösen")


def site(root: Path, path: Path, evidence: tuple[str, ...] = (),
         evidence_in: tuple[str, ...] = (FALKOPING, OLOFSTROM, NAME)) -> dict:
    """A database file with the three policies loaded, a nämnd and a bolag with a manager each, and a coordinator."""
    from survey.content import lint
    from survey.store import content as store_content
    from survey.store import db as store_db
    from survey.store import register
    from survey.store.migrations import migrate

    content = lint.load(write(root, evidence, evidence_in))
    db = store_db.connect(path)
    migrate(db)
    store_content.load_content(db, content)
    org = store_content.policy_by_name(db, FALKOPING)["organisation_id"]
    units = {name: register.add_unit(db, org, name, kind)
             for name, kind in (("Kulturnämnden", "nämnd"), ("Bostadsbolaget AB", "bolag"))}
    manager = register.add_person(db, org, email=MANAGER[0], name="Chef", role="manager", password=MANAGER[1])
    register.add_manager(db, org, manager, units["Kulturnämnden"])
    other = register.add_person(db, org, email="vd@example.se", name="VD", role="manager", password=MANAGER[1])
    register.add_manager(db, org, other, units["Bostadsbolaget AB"])
    register.add_person(db, org, email=COORDINATOR[0], name="Samordnare", role="coordinator", password=COORDINATOR[1])
    policies = {name: store_content.policy_by_name(db, name)["id"] for name in (FALKOPING, OLOFSTROM, NAME)}
    db.close()
    return {"content": content, "org": org, "units": units, "policies": policies, "path": path}
