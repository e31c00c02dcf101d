"""The workshop beside the organisation's register: a draft whose duties are for a role or a named
body gives them a tag, and until a unit holds that tag its questions reach no one; the draft page
says so and links to the register."""
from __future__ import annotations

import documents

from survey.store import register
from tests.web import csrf_token
from tests.workshop import new_draft

ROUTINE = """Rutin för direktupphandling

Arbetsgång

Upphandlingsenheten ska granska stickprovsvis att dokumentationen är fullständig.

Varje budgetansvarig chef ska godkänna valet av leverantör.
"""


def test_the_draft_says_which_tags_no_unit_holds_until_one_does(client, app_db):
    draft_id = new_draft(client, documents.docx_bytes(ROUTINE), policy_id="olofstrom-rutin")
    page = client.get(f"/verkstad/{draft_id}").text
    assert 'id="unheld-tags"' in page and "upphandlingsenheten" in page and "budgetansvarig-chef" in page
    client.post("/sprak", data={"lang": "en", "next": "/", "csrf_token": csrf_token(page)})
    assert "No unit has the tags upphandlingsenheten, budgetansvarig-chef" in client.get(f"/verkstad/{draft_id}").text
    organisation = app_db.execute("select organisation_id from drafts where id = ?", [draft_id]).fetchone()[0]
    assert f'href="/samordna/enheter?org={organisation}"' in page
    unit = register.units(app_db, organisation, active_only=True)[0]
    register.set_tags(app_db, unit["id"], ["upphandlingsenheten", "budgetansvarig-chef"])
    assert 'id="unheld-tags"' not in client.get(f"/verkstad/{draft_id}").text
