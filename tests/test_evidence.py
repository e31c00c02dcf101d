"""Evidence (underlag): files checked from their content, stored by hash, shown only to those who may see the response."""
import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from survey.i18n import Msg
from survey.store import evidence
from survey.uploads import filecheck
from tests.helpers import PDF
from tests.web import (
    BOLAG,
    BOLAG_CHEF,
    OLOFSTROM_COORDINATOR,
    OTHER_CHEF,
    csrf_token,
    ids,
    login,
    upload,
)

QUESTION = "/medarbetare/bemotande_rutin"


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal Word document: the members that make a ZIP an Office Open XML text document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize("data, media_type", [
    (PDF, "application/pdf"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png"),
    (b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"),
    (docx(), filecheck.DOCX.media_type),
    (odt(), "application/vnd.oasis.opendocument.text"),
])
def test_known_types_are_told_from_their_content(data, media_type):
    assert filecheck.identify(data).media_type == media_type


@pytest.mark.parametrize("data, words", [
    (b"\x7fELF\x02\x01\x01" + b"\0" * 100, "Filtypen stöds inte"),
    (b"MZ\x90\x00" + b"\0" * 100, "Filtypen stöds inte"),
    (b"", "Filen är tom"),
    (docx({"word/vbaProject.bin": b"\0" * 10}), "makron"),
    (b"PK\x03\x04 not really a zip", "går inte att läsa"),
])
def test_other_content_is_refused_in_swedish(data, words):
    refused = filecheck.identify(data)
    assert isinstance(refused, Msg) and words in str(refused)


def bomb() -> bytes:
    """A .docx whose one extra member is 30 MB of zeros packed into a few kilobytes."""
    return docx({"word/media/zeros.bin": b"\0" * (30 * 1024 * 1024)})


def test_a_decompression_bomb_is_refused_from_the_zip_directory():
    data = bomb()
    assert len(data) < 100_000
    assert "orimligt mycket" in str(filecheck.identify(data))


@pytest.fixture
def section(app_db):
    round_id, unit_id = ids(app_db, BOLAG)
    return round_id, unit_id, f"/svar/{round_id}/{unit_id}/avsnitt/medarbetare"


def files(app) -> list[Path]:
    folder = Path(app.config["EVIDENCE_DIR"])
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_file_is_stored_by_hash_and_downloaded_only_by_those_who_may_see_the_response(app, client, app_db, section):
    round_id, unit_id, url = section
    login(client, BOLAG_CHEF)
    page = client.get(url)
    assert 'enctype="multipart/form-data"' in page.text and 'name="e-file-bemotande_rutin"' in page.text
    saved = upload(client, url, PDF, "Rutin bemötande.pdf", q_utbildning_andel="40",
                   **{"e-link-bemotande_rutin": "https://example.se/rutin"})
    assert saved.status_code == 302
    digest = hashlib.sha256(PDF).hexdigest()
    assert [p.name for p in files(app)] == [digest]
    rows = evidence.of_response(app_db, round_id, unit_id)
    assert [(r["question"], r["kind"]) for r in rows] == [(QUESTION, "file"), (QUESTION, "link")]
    assert rows[0]["filename"] == "Rutin bemötande.pdf" and rows[0]["size"] == len(PDF)
    assert rows[0]["uploaded_by_name"]
    shown = client.get(url).text
    assert "Rutin bemötande.pdf" in shown and "https://example.se/rutin" in shown
    download = f"/svar/{round_id}/{unit_id}/underlag/{rows[0]['id']}"
    got = client.get(download)
    assert got.status_code == 200 and got.data == PDF and got.mimetype == "application/pdf"
    assert "attachment" in got.headers["Content-Disposition"]
    for who, status in ((OTHER_CHEF, 404), (OLOFSTROM_COORDINATOR, 404), ("samordnare@falkoping.demo.se", 200)):
        other = app.test_client()
        login(other, who)
        assert other.get(download).status_code == status, who
    _round, other_unit = ids(app_db, "Socialnämnden")
    assert client.get(f"/svar/{round_id}/{other_unit}/underlag/{rows[0]['id']}").status_code == 404
    removed = client.post(f"/svar/{round_id}/{unit_id}/underlag/{rows[0]['id']}/ta-bort",
                          data={"csrf_token": csrf_token(shown)})
    assert removed.status_code == 302 and files(app) == []
    assert [r["kind"] for r in evidence.of_response(app_db, round_id, unit_id)] == ["link"]


@pytest.mark.parametrize("data, filename, message", [
    (b"%PDF-" + b"\0" * (10 * 1024 * 1024), "stor.pdf", "Filen är för stor: högst 10 MB"),
    (b"\x7fELF\x02\x01\x01\0" + b"\0" * 2000, "rapport.pdf", "Filtypen stöds inte"),
    (b"MZ\x90\x00\x03" + b"\0" * 2000, "rapport.docx", "Filtypen stöds inte"),
    (bomb(), "plan.docx", "Filen packas upp till orimligt mycket data"),
])
def test_refused_files_leave_nothing_and_keep_the_typed_answers(app, client, app_db, section, data, filename,
                                                                 message):
    round_id, unit_id, url = section
    login(client, BOLAG_CHEF)
    refused = upload(client, url, data, filename, q_utbildning_andel="37")
    assert refused.status_code == 422
    assert message in refused.text and "Sidan är inte sparad" in refused.text
    assert 'value="37"' in refused.text
    assert files(app) == [] and evidence.of_response(app_db, round_id, unit_id) == []
    assert app_db.execute("select count(*) from evidence").fetchone()[0] == 0


def test_a_request_beyond_the_upload_limit_is_refused_in_swedish(app, client, section):
    _round, _unit, url = section
    login(client, BOLAG_CHEF)
    refused = upload(client, url, b"%PDF-" + b"\0" * (12 * 1024 * 1024), "jattestor.pdf")
    assert refused.status_code == 413 and "Filen är för stor: högst 10 MB" in refused.text
    assert files(app) == []


def test_a_bad_link_is_refused_in_swedish(client, app_db, section):
    round_id, unit_id, url = section
    login(client, BOLAG_CHEF)
    page = client.get(url)
    refused = client.post(url, data={"csrf_token": csrf_token(page.text), "x-version": "0",
                                     "e-link-bemotande_rutin": "javascript:alert(1)"})
    assert refused.status_code == 422 and "börjar med https://" in refused.text
    assert evidence.of_response(app_db, round_id, unit_id) == []


def test_evidence_shows_on_the_results_and_in_the_coordinators_export(app, client, app_db):
    round_id, unit_id = ids(app_db, "Kommunstyrelsen")
    folder = Path(app.config["EVIDENCE_DIR"])
    evidence.add_file(app_db, folder, round_id, unit_id, "/ks/mangfaldsplan", "plan.exe", PDF, user_id=None)
    login(client, "samordnare@falkoping.demo.se")
    results = client.get(f"/svar/{round_id}/{unit_id}/resultat")
    assert "plan.pdf" in results.text  # named by its true type, not the uploaded name
    listed = client.get(f"/samordna/omgang/{round_id}/underlag.csv-excel").data.decode("utf-8-sig")
    assert "Kommunstyrelsen;/ks/mangfaldsplan;fil;plan.pdf;application/pdf" in listed
    assert hashlib.sha256(PDF).hexdigest() in listed


def test_a_long_text_part_is_refused_even_where_files_may_be_large(client, section):
    _round, _unit, url = section
    login(client, BOLAG_CHEF)
    refused = upload(client, url, PDF, "rutin.pdf", q_arbete_enligt_plan="x" * 600_000)
    assert refused.status_code == 413 and "Formuläret är för stort" in refused.text
