"""The audit log page: a coordinator sees their organisation's entries, an administrator all."""
from __future__ import annotations

import json
from datetime import date

import pandas as pd
from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from survey.reports import export
from survey.store import audit
from survey.web.db import get_db
from survey.web.downloads import attachment

bp = Blueprint("logbook", __name__, url_prefix="/samordna")

LABELS = {
    "sign_in": _l("Inloggning"),
    "sign_in_refused": _l("Nekad inloggning"),
    "sign_out": _l("Utloggning"),
    "round_open": _l("Omgång öppnad"),
    "round_close": _l("Omgång stängd"),
    "response_reopen": _l("Svar öppnat igen"),
    "rescore": _l("Ny bedömning"),
    "invitation": _l("Inbjudningslänk skapad"),
    "invitation_revoke": _l("Inbjudningslänk återkallad"),
    "unit_add": _l("Enhet tillagd"),
    "unit_change": _l("Enhet ändrad"),
    "kind_add": _l("Enhetstyp tillagd"),
    "kind_remove": _l("Enhetstyp borttagen"),
    "person_add": _l("Person tillagd"),
    "person_change": _l("Person ändrad"),
    "register_import": _l("Register importerat"),
    "response_import": _l("Svar importerat"),
    "content_load": _l("Innehåll inläst"),
    "policy_publish": _l("Policy publicerad i verkstaden"),
    "export": _l("Export"),
    "backup": _l("Säkerhetskopia"),
    "restore": _l("Återställning"),
    "token_create": _l("API-nyckel skapad"),
    "token_revoke": _l("API-nyckel återkallad"),
    "api_use": _l("API-nyckel använd (dagens första)"),
}
EXPORT_PAGE = 5000


def _scope() -> int | None:
    """The organisation whose log the account may read; None for an administrator (all)."""
    if current_user.role == "admin":
        return None
    if current_user.role == "coordinator":
        return current_user.organisation_id
    abort(404)


def _row(entry: dict) -> dict:
    return {"at": entry["at"], "action": str(LABELS.get(entry["action"], entry["action"])),
            "actor": entry["actor"], "organisation": entry["organisation"] or "", "subject": entry["subject"],
            "detail": json.dumps(entry["detail"], ensure_ascii=False) if entry["detail"] else "",
            "client": entry["client"]}


@bp.route("/logg")
@login_required
def log():
    scope = _scope()
    db = get_db()
    total = audit.count(db, scope)
    pages = max(1, -(-total // audit.PAGE_SIZE))
    page = min(max(request.args.get("sida", 1, type=int), 1), pages)
    rows = [_row(entry) for entry in audit.entries(db, scope, page=page)]
    return render_template("coordinate/log.html", rows=rows, page=page, pages=pages, total=total)


@bp.route("/logg.csv")
@login_required
def log_csv():
    scope = _scope()
    db = get_db()
    rows, page = [], 1
    while batch := audit.entries(db, scope, page=page, page_size=EXPORT_PAGE):
        rows += [_row(entry) for entry in batch]
        page += 1
    headings = {"at": _("Tid (UTC)"), "action": _("Händelse"), "actor": _("Vem"), "organisation": _("Kommun"),
                "subject": _("Gäller"), "detail": _("Detaljer"), "client": _("Klientadress")}
    frame = pd.DataFrame(rows, columns=list(headings)).rename(columns=headings)
    return attachment(export.to_bytes(frame, "csv-excel", sheet="Logg"), export.MEDIA_TYPES["csv-excel"],
                      f"logg-{date.today().isoformat()}.csv")
