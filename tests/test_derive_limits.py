"""Derive's limits and its refusals: hostile documents (a DOCX that unpacks to 190 MB of XML, one just under the unpacked-size limit
that is parsed, a PDF
whose stream inflates to hundreds of MB, a PDF of 10,000 pages) are refused with the limit they
passed in the command line, the workshop upload and the revise upload, and no draft is stored; a
document that is only a table of contents or a scan gives a clear message and no invented item;
a file's type is read from its content, not its name."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import corpus
import hostile
from survey.cli import cli
from survey.content.derive import Derived, Failure, derive, isolate, limits
from survey.i18n import render
from survey.store import drafts
from tests.web import csrf_token
from tests.workshop import COORDINATOR, login, upload

LIMITS = {"derive.unzipped", "derive.pages", "derive.too_much_memory", "derive.too_slow", "derive.too_much_text"}


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    made = {"unpacks-190-mb.docx": hostile.docx_unpacking_to(190),
            "unpacks-under-the-limit.docx": hostile.docx_unpacking_to(limits.MAX_UNPACKED // 2**20 - 5),
            "inflates-512-mb.pdf": hostile.pdf_inflating_to(512),
            "10000-pages.pdf": hostile.pdf_of_pages(10_000)}
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in made}


@pytest.fixture(scope="module")
def thin_files(tmp_path_factory) -> dict[str, Path]:
    """The table of contents alone, and a scanned PDF (pages as images, no text)."""
    folder = tmp_path_factory.mktemp("thin")
    special = {path.stem: corpus.load(path) for path in corpus.sources("special")}
    made = {"toc-only.pdf": corpus.build(special["toc-only"], "pdf")[0],
            "toc-only.docx": corpus.build(special["toc-only"], "docx")[0],
            "scanned.pdf": corpus.build(special["scanned"], "scanned")[0]}
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in made}


NAMES = ["unpacks-190-mb.docx", "unpacks-under-the-limit.docx", "inflates-512-mb.pdf", "10000-pages.pdf"]


@pytest.mark.parametrize("name", NAMES)
def test_a_hostile_document_is_refused_with_the_limit_it_passed(hostile_files, name):
    result = derive(hostile_files[name].read_bytes(), name)
    assert isinstance(result, Failure) and result.message.code in LIMITS
    assert any(unit in render(result.message) for unit in ("MB", "sidor", "sekunder", "tecken"))


@pytest.mark.parametrize("name", NAMES)
def test_the_command_line_refuses_a_hostile_document_and_writes_nothing(runner, tmp_path, hostile_files, name):
    result = runner.invoke(cli, ["--content", str(tmp_path), "derive", str(hostile_files[name])])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not any(tmp_path.rglob("*.json"))


@pytest.mark.parametrize("name", NAMES)
def test_the_workshop_refuses_a_hostile_upload_and_its_revision_and_stores_no_draft(client, app_db, hostile_files, name):
    assert login(client, COORDINATOR).status_code == 302
    before = len(drafts.drafts_of(app_db, None))
    refused = upload(client, hostile_files[name].read_bytes(), name)
    assert refused.status_code == 422 and "Dokumentet" in refused.text
    page = client.get("/verkstad/")
    policy = app_db.execute("select id from policies order by id limit 1").fetchone()[0]
    revised = client.post("/verkstad/revidera", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(page.text), "policy": policy, "file": (hostile_files[name].open("rb"), name)})
    assert revised.status_code == 422
    assert len(drafts.drafts_of(app_db, None)) == before


@pytest.mark.parametrize("name,code", [("toc-only.pdf", "derive.no_prose"), ("toc-only.docx", "derive.no_prose"),
                                       ("scanned.pdf", "derive.no_text")])
def test_a_table_of_contents_or_a_scan_gives_a_clear_message_and_no_draft(runner, tmp_path, thin_files, name, code):
    result = derive(thin_files[name].read_bytes(), name)
    assert isinstance(result, Failure) and result.message.code == code
    said = runner.invoke(cli, ["--content", str(tmp_path), "derive", str(thin_files[name])])
    assert said.exit_code == 1 and render(result.message)[:40] in " ".join(said.output.split())
    assert not any(tmp_path.rglob("*.json"))


@pytest.mark.parametrize("name,said", [("toc-only.pdf", "nästan ingen löptext"), ("toc-only.docx", "nästan ingen löptext"),
                                       ("scanned.pdf", "skannad PDF")])
def test_the_workshop_says_why_a_table_of_contents_or_a_scan_makes_no_draft(client, app_db, thin_files, name, said):
    assert login(client, COORDINATOR).status_code == 302
    refused = upload(client, thin_files[name].read_bytes(), "policy.txt")
    assert refused.status_code == 422 and said in refused.text
    assert drafts.drafts_of(app_db, None) == []


def test_a_file_is_read_by_its_content_not_its_name():
    pdf = corpus.build(corpus.load(corpus.sources("dev")[0]), "pdf")[0]
    as_text = derive(pdf, "policy.txt")
    assert isinstance(as_text, Derived) and as_text.analysis.duties and "%PDF" not in as_text.text
    binary = derive(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "policy.txt")
    assert isinstance(binary, Failure) and binary.message.code == "derive.unsupported"


def _scheduling_policy() -> int:
    return os.sched_getscheduler(0)


@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="SCHED_IDLE is Linux only")
def test_a_document_is_read_at_the_lowest_priority_so_requests_run_first():
    assert isolate.run(_scheduling_policy) == ("done", os.SCHED_IDLE)
    assert os.sched_getscheduler(0) != os.SCHED_IDLE  # the server itself keeps its priority
