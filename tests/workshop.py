"""Helpers for driving the policy workshop through the test client: upload, edit an item, a new draft."""
from __future__ import annotations

import io
import re

import documents

from survey.content import questionnaire as q
from survey.store import drafts
from tests.web import csrf_token, login

COORDINATOR = "samordnare@olofstrom.demo.se"
OTHER_COORDINATOR = "samordnare@falkoping.demo.se"
MANAGER = "chef.socialnamnden@olofstrom.demo.se"
OLOFSTROM = "olofstrom-integrationspolicy"
NEW_ID = "olofstrom-testpolicy"


def upload(client, data: bytes, filename: str, **fields):
    page = client.get("/verkstad/")
    form = {"csrf_token": csrf_token(page.text), "file": (io.BytesIO(data), filename)} | fields
    return client.post("/verkstad/ladda-upp", data=form, content_type="multipart/form-data")


def draft_id(response) -> int:
    return int(re.search(r"/verkstad/(\d+)", response.headers["Location"]).group(1))


def page_version(html: str) -> str:
    return re.search(r'name="x-version" value="(\d+)"', html).group(1)


def change(client, draft: int, item: str, action: str = "save", version: str | None = None, **fields):
    page = client.get(f"/verkstad/{draft}")
    data = {"csrf_token": csrf_token(page.text), "x-version": version or page_version(page.text), "item": item,
            "x-action": action} | fields
    return client.post(f"/verkstad/{draft}/andra", data=data)


def first_question(db, draft: int) -> tuple[str, str]:
    questionnaire = drafts.draft(db, draft)["questionnaire"]
    section, name, _schema = next(q.questions(questionnaire))
    return section, name


def new_draft(client, db) -> int:
    assert login(client, COORDINATOR).status_code == 302
    uploaded = upload(client, documents.docx_bytes(documents.seed("olofstrom")), "policy.docx", policy_id=NEW_ID)
    assert uploaded.status_code == 302, uploaded.text
    return draft_id(uploaded)
