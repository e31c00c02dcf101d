"""The demo is content-generic: every loaded policy gets an organisation, units of the kinds it
addresses and plausible responses, whichever policies ship."""
from survey import demo
from survey.content import lint
from survey.content.derive import derive
from survey.reports import build as reports
from survey.store import db as store_db
from survey.store import register, rounds
from survey.store.migrations import migrate
from survey.store.scores import score_rows
from tests.documents import OTHER, write_derived


def test_a_third_policy_of_an_unknown_municipality_gets_units_rounds_and_responses(content_copy, tmp_path):
    write_derived(content_copy, derive(OTHER.encode(), "mangfald.html"))
    content = lint.load(content_copy)
    db = store_db.connect(tmp_path / "demo.db")
    migrate(db)
    demo.populate(db, content)
    organisations = {org["name"] for org in register.organisations(db)}
    assert {"Sjöviks kommun", "Olofströms kommun", "Falköpings kommun"} <= organisations
    sjovik = next(org["id"] for org in register.organisations(db) if org["name"] == "Sjöviks kommun")
    kinds = {unit["kind"] for unit in register.units(db, sjovik)}
    name = next(n for n, q in content.questionnaires.items() if q["x-policy"]["municipality"] == "Sjöviks kommun")
    assert kinds == set(demo.addressed_kinds(content.questionnaires[name], content.rulesets[name]))
    opened = rounds.rounds(db, policy=name)
    assert sorted(r["year"] for r in opened) == list(demo.YEARS) and all(r["submitted"] for r in opened)
    frame = reports.long_table(score_rows(db, policy=name))
    assert set(frame["unit"].astype(str)) <= {unit["name"] for unit in register.units(db, sjovik)}
    for definition_name, definition in content.reports.items():
        built = reports.build(definition_name, definition, frame, {"unit": "Kommunstyrelsen"})
        assert not built.table.empty, definition_name
    db.close()
