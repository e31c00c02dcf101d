"""Helpers for driving the policy workshop: a policy document written for the tests, and a page's
form read and posted the way a browser without JavaScript does it (every field, as shown)."""
from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict

import documents

from tests.web import csrf_token, login

COORDINATOR = "samordnare@olofstrom.demo.se"
OTHER_COORDINATOR = "samordnare@falkoping.demo.se"
MANAGER = "chef.socialnamnden@olofstrom.demo.se"
OLOFSTROM = "olofstrom-integrationspolicy"
NEW_ID = "olofstrom-testpolicy"

# A policy of another municipality: 3 goals, 5 duties. Derivation misses the bolag duty on purpose:
# it is written in the present tense ("Bolagen redovisar …"), which policies also use to describe. It
# also takes a sentence of the purpose as a duty for everyone, which the coordinator removes.
MISSED = "Bolagen redovisar varje år sin andel medarbetare med utländsk bakgrund."
POLICY = f"""Mångfaldspolicy för Orts kommun

Syfte
Policyn anger hur kommunen ska arbeta för att alla invånare ska bemötas likvärdigt. Kommunens verksamheter ska känna till policyn.

Övergripande mål
- Alla invånare ska få ett likvärdigt bemötande i kommunens verksamheter.
- Kommunens medarbetare ska spegla befolkningens sammansättning.
- Kommunens information ska nå alla invånare oavsett språk.

Ansvarsfördelning
Nämnderna ska:
- ta fram en årlig handlingsplan för mångfaldsarbetet i sin verksamhet.
- utbilda sina chefer i inkluderande rekrytering.
- följa upp att informationen finns på lättläst svenska.

Kommunstyrelsen ska samordna kommunens mångfaldsarbete och stödja nämnderna.

{MISSED}

Uppföljning
Policyn följs upp årligen i årsredovisningen. Policyn revideras varje mandatperiod.
"""


def policy_docx() -> bytes:
    return documents.docx_bytes(POLICY)


def upload(client, data: bytes, filename: str, **fields):
    page = client.get("/verkstad/")
    organisation = re.search(r'<option value="(\d+)" selected>', page.text).group(1)
    form = {"csrf_token": csrf_token(page.text), "file": (io.BytesIO(data), filename),
            "organisation": organisation} | fields
    return client.post("/verkstad/ladda-upp", data=form, content_type="multipart/form-data")


def draft_id(response) -> int:
    return int(re.search(r"/verkstad/(\d+)", response.headers["Location"]).group(1))


def new_draft(client, data: bytes | None = None, **fields) -> int:
    assert login(client, COORDINATOR).status_code == 302
    uploaded = upload(client, data or documents.docx_bytes(documents.seed("olofstrom")), "policy.docx",
                      **({"policy_id": NEW_ID} | fields))
    assert uploaded.status_code == 302, uploaded.text
    return draft_id(uploaded)


class _Reader(HTMLParser):
    """The successful controls of one form, in document order, as a browser would post them."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.textarea: list | None = None
        self.select: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "file", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value", "")])
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
            self.fields.append(self.textarea)
        elif tag == "select":
            self.select = {"name": a["name"], "first": None, "chosen": None}
        elif tag == "option" and self.select is not None:
            self.select["first"] = self.select["first"] if self.select["first"] is not None else a.get("value", "")
            if "selected" in a:
                self.select["chosen"] = a.get("value", "")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.textarea[1] = self.textarea[1].removeprefix("\n")
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"] if self.select["chosen"] is not None else self.select["first"]
            self.fields.append([self.select["name"], chosen or ""])
            self.select = None


class PageForm:
    """A page's form as the browser holds it: read from the HTML, changed field by field, posted whole."""

    def __init__(self, html: str, form_id: str = "draft"):
        reader = _Reader(form_id)
        reader.feed(html)
        self.fields: list[list[str]] = reader.fields

    def get(self, name: str) -> list[str]:
        return [value for key, value in self.fields if key == name]

    def set(self, name: str, value: str) -> "PageForm":
        assert any(key == name for key, _v in self.fields), f"no field {name}"
        self.fields = [f for f in self.fields if f[0] != name] + [[name, value]]
        return self

    def tick(self, name: str, values: list[str]) -> "PageForm":
        self.fields = [f for f in self.fields if f[0] != name] + [[name, v] for v in values]
        return self

    def data(self, **extra) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self.fields] + list(extra.items())


def post_page(client, draft: int, form: PageForm, action: str | None, url: str | None = None):
    """Post the whole draft page with one of its buttons (`x-action`)."""
    extra = [("x-action", action)] if action else []
    return client.post(url or f"/verkstad/{draft}/andra", data=MultiDict(form.data() + extra))


def draft_form(client, draft: int) -> PageForm:
    page = client.get(f"/verkstad/{draft}")
    assert page.status_code == 200, page.text
    return PageForm(page.text)
