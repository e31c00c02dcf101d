"""API tokens (API-nycklar) for the read API: a coordinator makes and revokes their organisation's,
an administrator any organisation's. A new token is shown once, on the page that made it."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from survey.store import db as store_db
from survey.store import register, tokens
from survey.web.auth import record
from survey.web.db import get_db
from survey.web.guards import managed_organisation
from survey.web.organisation import organisation_choice
from survey.web.presentation import text

bp = Blueprint("tokens", __name__, url_prefix="/samordna/api-nycklar")
bp.context_processor(organisation_choice)


class TokenForm(FlaskForm):
    name = StringField(_l("Namn"), validators=[DataRequired(_l("Ge nyckeln ett namn, till exempel Power BI uppföljning.")),
                                                Length(max=tokens.MAX_NAME)])
    days = SelectField(_l("Giltig i"), coerce=int, default=90,
                       choices=[SelectChoice(days, _l("%(n)s dagar", n=days)) for days in tokens.DAYS])


def _page(org: int, form: TokenForm, *, made: dict | None = None, status: int = 200):
    response = render_template("coordinate/tokens.html", form=form, org=org, made=made,
                               organisation=register.organisation_of(get_db(), org),
                               tokens=tokens.tokens(get_db(), org))
    headers = {"Cache-Control": "no-store"} if made else {}  # the token is shown once: keep no copy
    return response, status, headers


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    org = managed_organisation()
    form = TokenForm(request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        try:
            made = tokens.create(get_db(), org, form.name.data, days=form.days.data, created_by=current_user.user_id)
        except store_db.StorageError as refused:
            form.name.errors = [text(refused.msg)]
        else:
            record("token_create", organisation_id=org, subject=made["name"],
                   detail={"token_id": made["id"], "expires_at": made["expires_at"]})
            return _page(org, TokenForm(formdata=None), made=made, status=201)
    return _page(org, form, status=422 if request.method == "POST" else 200)


@bp.route("/<int:token_id>/aterkalla", methods=["POST"])
@login_required
def revoke(token_id: int):
    org = managed_organisation()
    revoked = tokens.revoke(get_db(), token_id, org, revoked_by=current_user.user_id)
    record("token_revoke", organisation_id=org, subject=revoked["name"], detail={"token_id": token_id})
    flash(_("API-nyckeln %(name)s är återkallad och fungerar inte längre.", name=revoked["name"]))
    return redirect(url_for("tokens.index", org=org))
