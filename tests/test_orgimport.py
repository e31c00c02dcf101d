"""Spreadsheet import of units and managers on a real SQLite file: reading, preview, apply."""
import io
import json
import sqlite3
from dataclasses import asdict

import openpyxl
import pytest

from survey.store import db as store_db
from survey.store import orgimport, register
from survey.store.orgimport import Problem, Row
from tests.helpers import HEADER, ROOT, excel_sv


def xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def register_rows(db) -> dict:
    """Every row the import can touch, to compare before and after."""
    return {table: list(db[table].rows) for table in ("units", "users", "unit_managers")}


def problems_of(plan) -> list[tuple[int, str]]:
    return [(problem.line, problem.message) for problem in plan.problems]


@pytest.fixture
def org(db):
    """Testkommun with Kommunstyrelsen and Socialnämnden, whose manager is Maria Ek."""
    org_id = register.organisation(db, "Testkommun")
    ks = register.add_unit(db, org_id, "Kommunstyrelsen", "kommunstyrelse")
    social = register.add_unit(db, org_id, "Socialnämnden", "nämnd")
    maria = register.add_person(db, org_id, email="maria.ek@example.se", name="Maria Ek", role="manager")
    register.add_manager(db, org_id, maria, social)
    return {"id": org_id, "ks": ks, "social": social, "maria": maria}


def read(data: bytes, filename: str = "enheter.csv") -> list[Row]:
    rows, problems = orgimport.read_table(data, filename)
    assert problems == []
    return rows


# Reading

def test_the_example_file_is_excel_sv_and_imports_cleanly(db):
    org_id = register.organisation(db, "Exempelkommun")
    data = (ROOT / "docs" / "exempel-enheter.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b";" in data.splitlines()[0]
    rows = read(data)
    assert rows[0] == Row(2, "Kommunstyrelsen", "Kommunstyrelse", "", "Karin Lund", "karin.lund@example.se")
    plan = orgimport.apply(db, org_id, rows)
    assert plan.ok and plan.problems == []
    assert plan.counts == {"create": len(rows), "change": 0, "unchanged": 0, "people": 6}
    assert db["units"].count == len(rows)


def test_comma_separated_utf8_with_quoted_cells():
    data = ('Enhet,Typ,Överordnad,Ansvarig,E-post\n'
            '"Miljö, bygg och teknik",nämnd,,"Ek, Maria",maria.ek@example.se\n').encode("utf-8")
    assert read(data) == [Row(2, "Miljö, bygg och teknik", "nämnd", "", "Ek, Maria", "maria.ek@example.se")]


def test_cp1252_from_an_older_excel_is_read_without_error():
    data = "Enhet;Typ\r\nSocialnämnden;Nämnd\r\nÖverförmyndaren;Förvaltning\r\n".encode("cp1252")
    assert [(row.unit, row.kind) for row in read(data)] == [("Socialnämnden", "Nämnd"),
                                                          ("Överförmyndaren", "Förvaltning")]


def test_xlsx_by_content_with_numbers_blank_cells_and_spreadsheet_line_numbers():
    data = xlsx([["Enhet", "Typ", "Överordnad", "Ansvarig", "E-post"],
                 ["  Socialnämnden ", "Nämnd", None, "Maria  Ek", "maria.ek@example.se"],
                 [None, None, None, None, None],
                 [2026.0, "bolag", "Socialnämnden", None, None]])
    rows, problems = orgimport.read_table(data, "upload")  # no .xlsx name: recognised by content
    assert rows == [Row(2, "Socialnämnden", "Nämnd", "", "Maria Ek", "maria.ek@example.se"),
                    Row(4, "2026", "bolag", "Socialnämnden", "", "")]
    assert problems == [Problem(3, "Tom rad.", blocking=False)]


@pytest.mark.parametrize("header", [
    "Namn,Enhetstyp,Förälder,Chef,Epost",
    "ENHET;TYP;Överordnad enhet;Namn på ansvarig;E-postadress",
    "enhet ; typ ; överordnad ; ansvarig ; email",
])
def test_header_synonyms_in_any_case(header):
    separator = ";" if ";" in header else ","
    data = (header + "\n" + separator.join(["Tekniska nämnden", "nämnd", "", "Bo Ek", "bo@example.se"])).encode()
    assert read(data) == [Row(2, "Tekniska nämnden", "nämnd", "", "Bo Ek", "bo@example.se")]


def test_without_a_parent_column_parent_is_none():
    assert read(b"Enhet;Typ\nSocialn\xc3\xa4mnden;n\xc3\xa4mnd\n")[0].parent is None


def test_missing_required_columns_are_problems_on_the_header_line():
    rows, problems = orgimport.read_table(excel_sv("Namn på ansvarig;Överordnad", "Maria Ek;"), "x.csv")
    assert rows == []
    assert [(p.line, p.message) for p in problems] == [
        (1, "Kolumnen 'enhet' saknas; första raden ska ha rubrikerna enhet, typ, överordnad, ansvarig, e-post."),
        (1, "Kolumnen 'typ' saknas; första raden ska ha rubrikerna enhet, typ, överordnad, ansvarig, e-post.")]


@pytest.mark.parametrize("data, filename, message", [
    (b"", "tom.csv", "Filen är tom."),
    (b"\xef\xbb\xbf;;;\r\n", "tom.csv", "Filen är tom."),
    (b"\xd0\xcf\x11\xe0", "enheter.xls", "Spara filen som Excel-arbetsbok (.xlsx) eller CSV och ladda upp den igen."),
    (b"Enhet;Typ\n", "enheter.xlsx", "Filen kunde inte läsas som en Excel-arbetsbok (.xlsx)."),
])
def test_unreadable_files(data, filename, message):
    assert orgimport.read_table(data, filename) == ([], [Problem(1, message)])


@pytest.mark.parametrize("text, kind", [
    ("Kommunstyrelsen", "kommunstyrelse"), ("KS", "kommunstyrelse"), (" Nämnd ", "nämnd"),
    ("nämnder", "nämnd"), ("Namnd", "nämnd"), ("Förvaltningen", "förvaltning"), ("BOLAG", "bolag"),
    ("kommunalt bolag", "bolag"), ("styrelse", None), ("", None),
])
def test_kind_spellings(text, kind):
    assert orgimport.kind_of(text) == kind


# Problems

def test_every_kind_of_bad_row_with_its_line(db, org):
    other = register.organisation(db, "Grannkommun")
    register.add_person(db, other, email="granne@example.se", name="Granne", role="manager")
    register.add_person(db, org["id"], email="samordnare@example.se", name="Sam", role="coordinator")
    data = excel_sv(
        HEADER,
        "Kulturnämnden;Nämnd;;Eva Ek;eva@example.se",            # 2 fine
        "Styrelsen;Styrelse;;;",                                # 3 unknown kind
        "Kulturnämnden;Nämnd;;;",                               # 4 duplicate name
        "Tekniska nämnden;nämnd;;Bo Ek;bo.example.se",          # 5 invalid email
        ";;;;",                                                 # 6 empty row (warning)
        "Fritidsgården;förvaltning;Fritidsnämnden;;",           # 7 parent nowhere
        "Överförmyndaren;nämnd;;Granne;granne@example.se",      # 8 manager of another organisation
        "Valnämnden;nämnd;;;val@example.se",                    # 9 email without a name
        "Revisionen;nämnd;;Sam;samordnare@example.se",          # 10 a coordinator
        "Kulturförvaltningen;förvaltning;Kulturnämnden;Eva Ek;eva@example.se",  # 11 fine, same person
        ";nämnd;;;",                                            # 12 no unit name
        "Kulturnämnden;förvaltning;;Ola Ek;ola@example.se",     # 13 same unit, other kind
        "Byggnämnden;;;;",                                      # 14 no kind
        "Eva-gruppen;förvaltning;;Eva Eriksson;eva@example.se",  # 15 same email, other name
        "Ola;Förvaltning;;Ola Ek;",                             # 16 name without email
    )
    rows, problems = orgimport.read_table(data, "enheter.csv")
    plan = orgimport.plan(db, org["id"], rows, problems)
    kinds = "välj en av kommunstyrelse, nämnd, förvaltning, bolag."
    assert problems_of(plan) == [
        (3, f"Okänd enhetstyp 'Styrelse'; {kinds}"),
        (4, "Enheten 'Kulturnämnden' finns redan på rad 2."),
        (5, "Ogiltig e-postadress: 'bo.example.se'."),
        (6, "Tom rad."),
        (7, "Den överordnade enheten 'Fritidsnämnden' finns varken i registret eller i filen."),
        (8, "E-postadressen granne@example.se tillhör en användare i en annan organisation."),
        (9, "Ange ansvarigs namn för val@example.se."),
        (10, "E-postadressen samordnare@example.se tillhör en samordnare och kan inte bli enhetsansvarig."),
        (12, "Ange enhetens namn."),
        (13, "Enheten 'Kulturnämnden' finns redan på rad 2 med en annan typ eller överordnad enhet."),
        (14, f"Ange enhetstyp; {kinds}"),
        (15, "E-postadressen eva@example.se har namnet 'Eva Ek' på rad 2."),
        (16, "Ange e-postadress för Ola Ek."),
    ]
    assert [p.blocking for p in plan.problems if p.line == 6] == [False]
    assert not plan.ok
    assert [step.line for step in plan.units] == [2, 11]  # rows with a blocking problem are left out
    assert [m.email for step in plan.units for m in step.managers] == ["eva@example.se", "eva@example.se"]


def test_a_parent_loop_is_a_problem(db, org):
    data = excel_sv(HEADER, "Kommunstyrelsen;kommunstyrelse;Socialnämnden;;",
                    "Socialnämnden;nämnd;Kommunstyrelsen;;", "Egen;bolag;egen;;")
    plan = orgimport.plan(db, org["id"], read(data))
    assert problems_of(plan) == [
        (2, "Enheten 'Kommunstyrelsen' kan inte ligga under sig själv "
            "(Kommunstyrelsen → Socialnämnden → Kommunstyrelsen)."),
        (3, "Enheten 'Socialnämnden' kan inte ligga under sig själv "
            "(Socialnämnden → Kommunstyrelsen → Socialnämnden)."),
        (4, "Enheten 'Egen' kan inte ligga under sig själv (Egen → Egen)."),
    ]


def test_a_deactivated_person_cannot_become_manager(db, org):
    register.set_person_active(db, org["id"], org["maria"], False)
    rows = read(excel_sv(HEADER, "Kommunstyrelsen;kommunstyrelse;;Maria Ek;maria.ek@example.se"))
    plan = orgimport.plan(db, org["id"], rows)
    assert problems_of(plan) == [
        (2, "Personen med e-postadressen maria.ek@example.se är inaktiverad; aktivera personen i registret först.")]


def test_empty_rows_alone_do_not_block(db, org):
    rows, problems = orgimport.read_table(excel_sv(HEADER, ";;;;", "Kulturnämnden;nämnd;;;", ";;;;", ";;;;"), "x.csv")
    plan = orgimport.plan(db, org["id"], rows, problems)
    assert plan.ok and problems_of(plan) == [(2, "Tom rad.")]  # trailing blank rows are not part of the table
    assert [step.unit for step in plan.units] == ["Kulturnämnden"]


# Preview and apply

def test_the_preview_writes_nothing(db, org):
    before = register_rows(db)
    data = (ROOT / "docs" / "exempel-enheter.csv").read_bytes()
    plan = orgimport.plan(db, org["id"], read(data))
    assert plan.counts["create"] > 0
    assert register_rows(db) == before


def test_a_blocking_problem_means_nothing_is_written(db, org):
    before = register_rows(db)
    rows = read(excel_sv(HEADER, "Kulturnämnden;nämnd;;Eva Ek;eva@example.se", "Bolaget;okänd;;;"))
    with pytest.raises(store_db.StorageError, match="Importen innehåller fel; inget har sparats."):
        orgimport.apply(db, org["id"], rows)
    assert register_rows(db) == before


def test_a_failure_in_the_middle_rolls_everything_back(db, org):
    """Units are written before people; a database that refuses one person undoes the units too."""
    db.execute("""create trigger refuse_person before insert on users when new.email = 'ola@example.se'
                  begin select raise(abort, 'refused'); end""")
    before = register_rows(db)
    rows = read(excel_sv(HEADER, "Kulturnämnden;nämnd;;Eva Ek;eva@example.se",
                         "Kulturförvaltningen;förvaltning;Kulturnämnden;Ola Ek;ola@example.se"))
    with pytest.raises(sqlite3.IntegrityError):
        orgimport.apply(db, org["id"], rows)
    assert register_rows(db) == before


def test_importing_the_same_file_twice_changes_nothing(db, org):
    data = (ROOT / "docs" / "exempel-enheter.csv").read_bytes()
    orgimport.apply(db, org["id"], read(data))
    after_first = register_rows(db)
    again = orgimport.plan(db, org["id"], read(data))
    assert again.ok and {step.action for step in again.units} == {"unchanged"}
    assert all(m.action == "unchanged" for step in again.units for m in step.managers)
    assert again.counts == {"create": 0, "change": 0, "unchanged": 7, "people": 0}
    orgimport.apply(db, org["id"], read(data))
    assert register_rows(db) == after_first


def test_existing_units_match_whatever_their_case(db, org):
    plan = orgimport.plan(db, org["id"], read(excel_sv(HEADER, "SOCIALNÄMNDEN;Nämnd;;Maria Ek;Maria.Ek@example.se")))
    [step] = plan.units
    assert (step.unit, step.action, step.managers[0].action) == ("Socialnämnden", "unchanged", "unchanged")


def test_changes_of_kind_and_parent_and_reactivation(db, org):
    moved = register.add_unit(db, org["id"], "Miljöförvaltningen", "förvaltning", parent_id=org["social"])
    old = register.add_unit(db, org["id"], "Byggnämnden", "nämnd")
    register.set_unit_active(db, org["id"], old, False)
    rows = read(excel_sv(HEADER,
                         "Miljönämnden;nämnd;;;",
                         "Miljöförvaltningen;förvaltning;Miljönämnden;;",
                         "Socialnämnden;förvaltning;Kommunstyrelsen;;",
                         "Byggnämnden;nämnd;;;",
                         "Kommunstyrelsen;kommunstyrelse;;;"))
    plan = orgimport.plan(db, org["id"], rows)
    assert [(s.unit, s.action, s.changes) for s in plan.units] == [
        ("Miljönämnden", "create", []),
        ("Miljöförvaltningen", "change", ["överordnad: Socialnämnden → Miljönämnden"]),
        ("Socialnämnden", "change", ["typ: nämnd → förvaltning", "överordnad: – → Kommunstyrelsen"]),
        ("Byggnämnden", "change", ["återaktiveras"]),
        ("Kommunstyrelsen", "unchanged", []),
    ]
    orgimport.apply(db, org["id"], rows)
    units = {u["name"]: u for u in register.units(db, org["id"])}
    assert units["Miljöförvaltningen"]["parent_name"] == "Miljönämnden"
    social = units["Socialnämnden"]
    assert (social["kind"], social["parent_name"]) == ("förvaltning", "Kommunstyrelsen")
    assert units["Byggnämnden"]["active"] == 1
    assert db["units"].get(moved)["parent_id"] == units["Miljönämnden"]["id"]
    assert {s.action for s in orgimport.plan(db, org["id"], rows).units} == {"unchanged"}


def test_an_empty_parent_cell_moves_to_the_top_but_no_parent_column_keeps_the_parent(db, org):
    register.add_unit(db, org["id"], "Socialförvaltningen", "förvaltning", parent_id=org["social"])
    kept = orgimport.plan(db, org["id"], read(excel_sv("Enhet;Typ", "Socialförvaltningen;förvaltning")))
    assert (kept.units[0].action, kept.units[0].parent) == ("unchanged", "Socialnämnden")
    rows = read(excel_sv(HEADER, "Socialförvaltningen;förvaltning;;;"))
    assert orgimport.plan(db, org["id"], rows).units[0].changes == ["överordnad: Socialnämnden → –"]
    orgimport.apply(db, org["id"], rows)
    assert register.unit_by_name(db, org["id"], "Socialförvaltningen")["parent_id"] is None


def test_units_swapping_places_do_not_trip_over_each_other(db, org):
    register.update_unit(db, org["id"], org["social"], name="Socialnämnden", kind="nämnd", parent_id=org["ks"])
    rows = read(excel_sv(HEADER, "Socialnämnden;nämnd;;;", "Kommunstyrelsen;kommunstyrelse;Socialnämnden;;"))
    assert orgimport.plan(db, org["id"], rows).ok
    orgimport.apply(db, org["id"], rows)
    assert db["units"].get(org["ks"])["parent_id"] == org["social"]
    assert db["units"].get(org["social"])["parent_id"] is None


def test_managers_of_several_units_and_several_managers_of_a_unit(db, org):
    rows = read(excel_sv(HEADER,
                         "Kulturnämnden;nämnd;;Eva Ek;eva@example.se",
                         "Kulturförvaltningen;förvaltning;Kulturnämnden;Eva Ek;EVA@example.se",
                         "Kulturnämnden;nämnd;;Ola Ek;ola@example.se",
                         "Kulturnämnden;nämnd;;Maria Ek;maria.ek@example.se",
                         "Socialnämnden;nämnd;;Maria Ek;maria.ek@example.se",
                         "Socialnämnden;nämnd;;Ola Ek;ola@example.se"))
    plan = orgimport.plan(db, org["id"], rows)
    assert plan.ok
    assert [(s.unit, s.action, [(m.line, m.email, m.action) for m in s.managers]) for s in plan.units] == [
        ("Kulturnämnden", "create", [(2, "eva@example.se", "create"), (4, "ola@example.se", "create"),
                                     (5, "maria.ek@example.se", "assign")]),
        ("Kulturförvaltningen", "create", [(3, "eva@example.se", "assign")]),
        ("Socialnämnden", "change", [(6, "maria.ek@example.se", "unchanged"), (7, "ola@example.se", "assign")]),
    ]
    assert plan.units[2].changes == ["ny ansvarig: Ola Ek (ola@example.se)"]
    assert plan.counts == {"create": 2, "change": 1, "unchanged": 0, "people": 2}
    orgimport.apply(db, org["id"], rows)
    managers = {(m["unit"], m["email"]) for m in db.query(
        """select units.name as unit, users.email from unit_managers um
           join units on units.id = um.unit_id join users on users.id = um.user_id""")}
    assert managers == {("Kulturnämnden", "eva@example.se"), ("Kulturnämnden", "ola@example.se"),
                        ("Kulturnämnden", "maria.ek@example.se"), ("Kulturförvaltningen", "eva@example.se"),
                        ("Socialnämnden", "maria.ek@example.se"), ("Socialnämnden", "ola@example.se")}
    new = store_db.one(db, "select * from users where email = 'eva@example.se'")
    assert (new["role"], new["organisation_id"], new["name"]) == ("manager", org["id"], "Eva Ek")
    assert new["password_hash"] is None


def test_the_plan_and_the_rows_survive_json_between_preview_and_confirm(db, org):
    rows, problems = orgimport.read_table((ROOT / "docs" / "exempel-enheter.csv").read_bytes(), "exempel.csv")
    plan = orgimport.plan(db, org["id"], rows, problems)
    assert json.loads(json.dumps(asdict(plan)))["units"][0]["unit"] == "Kommunstyrelsen"
    kept = [Row(**row) for row in json.loads(json.dumps([asdict(row) for row in rows]))]
    assert orgimport.apply(db, org["id"], kept) == plan
