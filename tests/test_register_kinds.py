"""Unit kinds per organisation and unit tags: migration, store, CLI, web, import, rounds and reports."""
import pytest

from survey.cli import cli
from survey.content.questionnaire import UNIT_KINDS
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import orgimport, register, responses, rounds
from survey.store.migrations import MIGRATIONS, migrate
from tests.helpers import HEADER, ROOT, excel_sv
from tests.web import FALKOPING, login, post_form

ORGANISATION = "Falköpings kommun"
COORDINATOR = "samordnare@falkoping.demo.se"
OTHER_COORDINATOR = "samordnare@olofstrom.demo.se"
STAB = "Kommundirektörens stab"


@pytest.fixture
def survey(runner, app):
    def run(*args):
        return runner.invoke(cli, ["--db", app.config["DATABASE"], "--content", str(ROOT), *args])
    return run


def org_id(db) -> int:
    return store_content.policy_by_name(db, FALKOPING)["organisation_id"]


def test_the_migration_keeps_units_and_gives_every_organisation_the_default_kinds(tmp_path):
    db = store_db.connect(tmp_path / "old.db")
    db["_migrations"].create({"name": str, "applied_at": str}, pk="name")
    before = MIGRATIONS[:MIGRATIONS.index(next(m for m in MIGRATIONS if m.__name__.endswith("unit_kinds_and_tags")))]
    for migration in before:
        migration(db)
        db["_migrations"].insert({"name": migration.__name__, "applied_at": "2026-01-01T00:00:00+00:00"})
    first = db["organisations"].insert({"slug": "a", "name": "A kommun"}).last_pk
    second = db["organisations"].insert({"slug": "b", "name": "B kommun"}).last_pk
    db["units"].insert_all([
        {"organisation_id": first, "name": "Socialnämnden", "kind": "nämnd", "active": 1},
        {"organisation_id": first, "name": "Gamla staben", "kind": "stab", "active": 0},
        {"organisation_id": second, "name": "Kommunstyrelsen", "kind": "kommunstyrelse", "active": 1}])
    units_before = list(db["units"].rows)
    assert any(name.endswith("unit_kinds_and_tags") for name in migrate(db))
    assert list(db["units"].rows) == units_before
    assert register.kinds(db, first) == [*UNIT_KINDS, "stab"]  # a kind already in use is kept, after the defaults
    assert register.kinds(db, second) == list(UNIT_KINDS)
    assert [unit["tags"] for unit in register.units(db, first)] == [[], []]
    assert register.kinds(db, register.organisation(db, "C kommun")) == list(UNIT_KINDS)


def test_kinds_and_tags_in_the_store(db):
    org = register.organisation(db, "Testkommun")
    assert register.add_kind(db, org, " Stab ") == "stab"
    assert register.kinds(db, org) == [*UNIT_KINDS, "stab"]
    with pytest.raises(store_db.StorageError, match="Enhetstypen 'stab' finns redan."):
        register.add_kind(db, org, "stab")
    for bad in ("två ord", "1a", "x" * 41, "", "stab!"):
        with pytest.raises(store_db.StorageError, match="går inte att använda"):
            register.add_kind(db, org, bad)
    with pytest.raises(store_db.StorageError) as unknown:
        register.add_unit(db, org, "Revisionen", "revision")
    assert str(unknown.value) == ("Okänd enhetstyp 'revision'; välj en av kommunstyrelse, nämnd, förvaltning, "
                                  "bolag, stab.")
    unit_id = register.add_unit(db, org, STAB, "stab", tags=["Informatörer", "chefer", "informatörer", " "])
    assert register.tags(db, unit_id) == ["chefer", "informatörer"]
    assert register.unit(db, unit_id)["tags"] == ["chefer", "informatörer"]
    assert register.unit_of(db, org, unit_id)["tags"] == ["chefer", "informatörer"]
    assert register.unit_by_name(db, org, STAB)["tags"] == ["chefer", "informatörer"]
    with pytest.raises(store_db.StorageError, match="Taggen 'två ord' går inte att använda"):
        register.set_tags(db, unit_id, ["två ord"])
    assert register.tags(db, unit_id) == ["chefer", "informatörer"]  # a refused change changes nothing
    with pytest.raises(store_db.StorageError, match="högst 20 taggar"):
        register.set_tags(db, unit_id, [f"t{n}" for n in range(21)])
    with pytest.raises(store_db.StorageError) as in_use:
        register.remove_kind(db, org, "stab")
    assert str(in_use.value) == (f"Enhetstypen 'stab' kan inte tas bort eftersom enheter har den: {STAB}. "
                                 "Byt typ på dem först.")
    register.update_unit(db, org, unit_id, name=STAB, kind="förvaltning", parent_id=None, tags=[])
    assert register.unit(db, unit_id)["tags"] == []
    register.remove_kind(db, org, "stab")
    assert register.kinds(db, org) == list(UNIT_KINDS)


def test_units_are_listed_in_the_order_of_the_organisations_kinds(db):
    org = register.organisation(db, "Testkommun")
    register.add_kind(db, org, "stab")
    for name, kind in [("Ö-stab", "stab"), ("AB Bostäder", "bolag"), ("Kommunstyrelsen", "kommunstyrelse")]:
        register.add_unit(db, org, name, kind)
    assert [unit["name"] for unit in register.units(db, org)] == ["Kommunstyrelsen", "AB Bostäder", "Ö-stab"]


def test_kinds_and_tags_from_the_command_line(survey, app_db, tmp_path):
    added = survey("kind", "add", "--org", ORGANISATION, "stab")
    assert added.exit_code == 0 and "La till enhetstypen stab." in added.output
    assert survey("kind", "list", "--org", ORGANISATION).output.split() == [*UNIT_KINDS, "stab"]
    unit = survey("unit", "add", STAB, "--kind", "stab", "--tag", "informatörer", "--tag", "chefer",
                  "--org", ORGANISATION)
    assert unit.exit_code == 0, unit.output
    assert register.unit_by_name(app_db, org_id(app_db), STAB)["tags"] == ["chefer", "informatörer"]
    assert "taggar: chefer, informatörer" in survey("unit", "list", "--org", ORGANISATION).output
    unknown = survey("unit", "add", "Revisionen", "--kind", "revision", "--org", ORGANISATION)
    assert unknown.exit_code == 1
    assert unknown.output == ("Fel: Okänd enhetstyp 'revision'; välj en av kommunstyrelse, nämnd, förvaltning, "
                              "bolag, stab.\n")
    in_use = survey("kind", "remove", "--org", ORGANISATION, "stab")
    assert in_use.exit_code == 1 and "Enhetstypen 'stab' kan inte tas bort eftersom enheter har den" in in_use.output
    assert survey("unit", "update", STAB, "--tag", "informatörer", "--org", ORGANISATION).exit_code == 0
    assert register.unit_by_name(app_db, org_id(app_db), STAB)["tags"] == ["informatörer"]
    assert survey("unit", "update", STAB, "--no-tags", "--org", ORGANISATION).exit_code == 0
    assert register.unit_by_name(app_db, org_id(app_db), STAB)["tags"] == []
    assert survey("unit", "update", STAB, "--kind", "förvaltning", "--org", ORGANISATION).exit_code == 0
    removed = survey("kind", "remove", "--org", ORGANISATION, "stab")
    assert removed.exit_code == 0 and "stab" not in register.kinds(app_db, org_id(app_db))
    sheet = tmp_path / "enheter.csv"
    sheet.write_bytes(excel_sv(HEADER + ";Taggar", "Kansliet;stab;;;;informatörer"))
    refused = survey("import-units", str(sheet), "--org", ORGANISATION)
    assert refused.exit_code == 1 and "rad 2: FEL: Okänd enhetstyp 'stab'" in refused.output
    survey("kind", "add", "--org", ORGANISATION, "stab")
    imported = survey("import-units", str(sheet), "--org", ORGANISATION, "--apply")
    assert imported.exit_code == 0 and "rad 2: Kansliet (stab, taggar: informatörer): ny" in imported.output
    assert register.unit_by_name(app_db, org_id(app_db), "Kansliet")["tags"] == ["informatörer"]


def test_the_organisation_page_adds_a_kind_and_sets_a_units_tags(client, app_db):
    login(client, COORDINATOR)
    page = client.get("/samordna/enheter")
    assert "Hantera enhetstyper" in page.text
    bad = post_form(client, "/samordna/enhetstyper/", {"kind": "två ord"})
    assert bad.status_code == 422 and "Enhetstypen &#39;två ord&#39; går inte att använda" in bad.text
    assert 'aria-invalid="true"' in bad.text
    added = post_form(client, "/samordna/enhetstyper/", {"kind": "stab"})
    assert added.status_code == 302 and "stab" in register.kinds(app_db, org_id(app_db))
    form = client.get("/samordna/enheter").text
    assert '<option value="stab">stab</option>' in form and '<option value="nämnd">nämnd</option>' in form
    created = post_form(client, "/samordna/enheter", {"name": STAB, "kind": "stab", "parent": "",
                                                      "tags": "Informatörer, chefer"})
    assert created.status_code == 302
    unit = register.unit_by_name(app_db, org_id(app_db), STAB)
    assert (unit["kind"], unit["tags"]) == ("stab", ["chefer", "informatörer"])
    assert "chefer, informatörer" in client.get("/samordna/enheter").text
    refused = post_form(client, f"/samordna/enheter/{unit['id']}", {"name": STAB, "kind": "stab", "parent": "",
                                                                    "tags": "chefer, två ord"})
    assert refused.status_code == 422 and "Taggen &#39;två ord&#39; går inte att använda" in refused.text
    assert 'id="tags-error"' in refused.text and 'value="chefer, två ord"' in refused.text
    changed = post_form(client, f"/samordna/enheter/{unit['id']}", {"name": STAB, "kind": "stab", "parent": "",
                                                                    "tags": "informatörer"})
    assert changed.status_code == 302 and register.tags(app_db, unit["id"]) == ["informatörer"]
    post_form(client, f"/samordna/enheter/{unit['id']}", {"name": STAB, "kind": "stab", "parent": ""})
    assert register.tags(app_db, unit["id"]) == ["informatörer"]  # a form without the field leaves the tags
    post_form(client, f"/samordna/enheter/{unit['id']}", {"name": STAB, "kind": "stab", "parent": "", "tags": ""})
    assert register.tags(app_db, unit["id"]) == []
    post_form(client, f"/samordna/enheter/{unit['id']}", {"name": STAB, "kind": "stab", "parent": "",
                                                          "tags": "informatörer"})
    in_use = post_form(client, "/samordna/enhetstyper/ta-bort", {"kind": "stab"}, page_url="/samordna/enhetstyper/")
    assert in_use.status_code == 422 and "kan inte tas bort eftersom enheter har den" in in_use.text
    unknown = post_form(client, "/samordna/enheter", {"name": "Revisionen", "kind": "revision", "parent": ""})
    assert unknown.status_code == 422 and "Okänd enhetstyp &#39;revision&#39;" in unknown.text
    post_form(client, "/samordna/enhetstyper/", {"kind": "revision"})
    removed = post_form(client, "/samordna/enhetstyper/ta-bort", {"kind": "revision"}, page_url="/samordna/enhetstyper/")
    assert removed.status_code == 302 and "revision" not in register.kinds(app_db, org_id(app_db))


def test_a_coordinator_of_another_organisation_cannot_touch_the_kinds_or_tags(client, app_db):
    org = org_id(app_db)
    unit_id = register.add_unit(app_db, org, STAB, "förvaltning", tags=["chefer"])
    register.add_kind(app_db, org, "stab")
    login(client, OTHER_COORDINATOR)
    assert client.get(f"/samordna/enheter/{unit_id}").status_code == 404
    page = client.get("/samordna/enheter")
    sneaky = client.post(f"/samordna/enheter/{unit_id}", data={
        "csrf_token": page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0],
        "name": STAB, "kind": "förvaltning", "parent": "", "tags": "informatörer"})
    assert sneaky.status_code == 404 and register.tags(app_db, unit_id) == ["chefer"]
    removed = post_form(client, "/samordna/enhetstyper/ta-bort", {"kind": "stab", "org": str(org)},
                        page_url="/samordna/enhetstyper/")
    assert removed.status_code == 422 and "stab" in register.kinds(app_db, org)  # only their own kinds
    kinds_page = client.get(f"/samordna/enhetstyper/?org={org}")
    assert "Falköping" not in kinds_page.text and '<th scope="row">stab</th>' not in kinds_page.text


def test_the_org_import_takes_the_organisations_kinds_and_a_tags_column(db):
    org = register.organisation(db, "Testkommun")
    register.add_kind(db, org, "stab")
    register.add_unit(db, org, "Kommunstyrelsen", "kommunstyrelse")
    data = excel_sv(HEADER + ";Taggar", f"{STAB};Stab;Kommunstyrelsen;;;informatörer, chefer",
                    "Kommunstyrelsen;kommunstyrelse;;;;politiker")
    rows, problems = orgimport.read_table(data, "enheter.csv")
    plan = orgimport.plan(db, org, rows, problems)
    assert plan.ok, plan.problems
    assert [(step.unit, step.kind, step.tags, step.action) for step in plan.units] == [
        (STAB, "stab", ["chefer", "informatörer"], "create"),
        ("Kommunstyrelsen", "kommunstyrelse", ["politiker"], "change")]
    assert plan.units[1].changes == ["taggar: – → politiker"]
    orgimport.apply(db, org, rows)
    assert register.unit_by_name(db, org, STAB)["tags"] == ["chefer", "informatörer"]
    assert register.unit_by_name(db, org, "Kommunstyrelsen")["tags"] == ["politiker"]
    again = orgimport.plan(db, org, *orgimport.read_table(data, "enheter.csv"))
    assert [step.action for step in again.units] == ["unchanged", "unchanged"]
    without = orgimport.plan(db, org, *orgimport.read_table(excel_sv(HEADER, "Kommunstyrelsen;ks;;;"), "e.csv"))
    assert without.units[0].tags is None and without.units[0].action == "unchanged"  # no column: tags kept

    bad = excel_sv(HEADER + ";Taggar", "Revisionen;revision;;;;", "Staben;stab;;;;två ord",
                   f"{STAB};stab;Kommunstyrelsen;;;chefer")
    refused = orgimport.plan(db, org, *orgimport.read_table(bad, "enheter.csv"))
    assert [(p.line, p.message) for p in refused.problems] == [
        (2, "Okänd enhetstyp 'revision'; välj en av kommunstyrelse, nämnd, förvaltning, bolag, stab."),
        (3, "Taggen 'två ord' går inte att använda: skriv ett ord med små bokstäver (a–ö, siffror, - eller _) "
            "som börjar med en bokstav, högst 40 tecken, till exempel informatörer.")]
    with pytest.raises(store_db.StorageError):
        orgimport.apply(db, org, orgimport.read_table(bad, "enheter.csv")[0])
    assert register.unit_by_name(db, org, STAB)["tags"] == ["chefer", "informatörer"]


def _stab_submitted(db) -> int:
    """Falköping's stab, a unit of its own kind, in the 2026 round with a submitted response."""
    org = org_id(db)
    register.add_kind(db, org, "stab")
    unit_id = register.add_unit(db, org, STAB, "stab", tags=["informatörer"])
    round_id = rounds.round_by_year(db, store_content.policy_by_name(db, FALKOPING)["id"], 2026)["id"]
    rounds.add_unit(db, round_id, unit_id)
    responses.save(db, round_id, unit_id, {}, user_id=None, base_version=0, submit=True)
    return round_id


def test_a_round_is_opened_for_units_of_a_custom_kind(client, app_db, survey):
    org = org_id(app_db)
    register.add_kind(app_db, org, "stab")
    unit_id = register.add_unit(app_db, org, STAB, "stab", tags=["informatörer"])
    policy = store_content.policy_by_name(app_db, FALKOPING)
    with pytest.raises(store_db.StorageError, match="Okänd enhetstyp: revision; välj bland kommunstyrelse, "
                                                    "nämnd, förvaltning, bolag, stab."):
        rounds.open_round(app_db, policy["id"], 2030, unit_kinds=["revision"])
    login(client, COORDINATOR)
    home = client.get("/samordna/")
    assert 'value="stab"' in home.text
    opened = post_form(client, "/samordna/omgang/ny", {"policy": str(policy["id"]), "year": "2027",
                                                       "unit_kinds": ["stab"]}, page_url="/samordna/")
    assert opened.status_code == 302, opened.text
    round_id = rounds.round_by_year(app_db, policy["id"], 2027)["id"]
    summary = responses.round_summary(app_db, round_id)
    assert [(row["unit"], row["kind"], row["tags"]) for row in summary] == [(STAB, "stab", ["informatörer"])]
    assert [unit["tags"] for unit in rounds.unsubmitted_units(app_db, round_id)] == [["informatörer"]]
    assert rounds.in_round(app_db, round_id, unit_id)
    opened = survey("round", "open", "--policy", FALKOPING, "--year", "2028", "--kind", "stab")
    assert opened.exit_code == 0 and "är öppnad med 1 enhet." in opened.output
    unknown = survey("round", "open", "--policy", FALKOPING, "--year", "2029", "--kind", "revision")
    assert unknown.exit_code == 1 and "välj bland kommunstyrelse, nämnd, förvaltning, bolag, stab" in unknown.output


def test_reports_filter_by_a_custom_kind(client, app_db, survey):
    _stab_submitted(app_db)
    login(client, COORDINATOR)
    page = client.get(f"/rapporter/?policy={FALKOPING}")
    assert '<option value="stab">stab</option>' in page.text
    report = client.get(f"/rapporter/enheter-krav?policy={FALKOPING}&unit_kind=stab&year=2026")
    assert report.status_code == 200 and STAB in report.text and "Socialnämnden" not in report.text
    exported = survey("export", "--policy", FALKOPING, "--unit-kind", "stab", "--format", "csv")
    assert exported.exit_code == 0, exported.output
    assert STAB in exported.output and "Socialnämnden" not in exported.output
    unknown = survey("export", "--policy", FALKOPING, "--unit-kind", "revision")
    assert unknown.exit_code == 1 and "välj en av kommunstyrelse, nämnd, förvaltning, bolag, stab" in unknown.output
