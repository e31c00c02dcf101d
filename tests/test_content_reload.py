"""Content loaded with `survey load` reaches the running app without a restart."""
from survey.cli import cli
from survey.store import content as store_content
from tests.helpers import edit_json
from tests.web import login

COORDINATOR = "samordnare@falkoping.demo.se"


def test_reports_edited_added_and_deleted_are_served_after_load(app, client, app_db, content_copy, runner):
    login(client, COORDINATOR)
    assert "Enheter och krav" in client.get("/rapporter/").text
    assert client.get("/rapporter/utveckling").status_code == 200

    edit_json(content_copy / "reports" / "enheter-krav.json", lambda r: r.update(title="Krav per enhet"))
    (content_copy / "reports" / "utveckling.json").unlink()
    (content_copy / "reports" / "ny-rapport.json").write_text(
        (content_copy / "reports" / "mal-enheter.json").read_text(encoding="utf-8").replace(
            "Mål och enheter", "Ny rapport om mål"), encoding="utf-8")
    result = runner.invoke(cli, ["--db", app.config["DATABASE"], "--content", str(content_copy), "load"])
    assert result.exit_code == 0, result.output

    listing = client.get("/rapporter/").text
    assert "Krav per enhet" in listing and "Enheter och krav" not in listing
    assert "Ny rapport om mål" in listing
    assert "Krav per enhet" in client.get("/rapporter/enheter-krav").text
    assert client.get("/rapporter/utveckling").status_code == 404
    assert client.get("/rapporter/ny-rapport").status_code == 200
    assert set(store_content.current_reports(app_db)) == {"enheter-krav", "enhetsprofil", "kravsammanfattning",
                                                    "mal-enheter", "ny-rapport"}


def test_a_database_from_before_keeps_its_newest_reports_current(db, content):
    store_content.load_content(db, content)
    db.execute("delete from current_content")
    from survey.store.migrations import m007_current_content

    db["current_content"].drop()
    m007_current_content(db)
    assert set(store_content.current_reports(db)) == set(content.reports)
