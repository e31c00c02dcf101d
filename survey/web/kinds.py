"""The coordinator's unit kinds: the organisation's own kinds beside the four defaults."""
from __future__ import annotations

from collections import Counter

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from survey.store import db as store_db
from survey.store import register
from survey.web import guards
from survey.web.auth import record
from survey.web.db import get_db
from survey.web.organisation import organisation_choice
from survey.web.presentation import kind_text, text

bp = Blueprint("kinds", __name__, url_prefix="/samordna/enhetstyper")
bp.context_processor(organisation_choice)


class KindForm(FlaskForm):
    kind = StringField(_l("Ny enhetstyp"), validators=[DataRequired(_l("Ange enhetstypens namn, till exempel stab.")),
                                                       Length(max=register.MAX_NAME)])


def _page(org: int, form: KindForm, *, refused: tuple[str, str] | None = None, status: int = 200):
    """The kinds with how many units have each; `refused` is (kind, why) when a removal was refused."""
    db = get_db()
    used = Counter(unit["kind"] for unit in register.units(db, org))
    return render_template("organisation/kinds.html", kinds=register.kinds(db, org), used=used, form=form, org=org,
                           organisation=register.organisation_of(db, org), refused=refused), status


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    org = guards.managed_organisation()
    form = KindForm(request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        try:
            added = register.add_kind(get_db(), org, form.kind.data)
        except store_db.StorageError as refused:
            form.kind.errors = [text(refused.msg)]
        else:
            record("kind_add", organisation_id=org, subject=added)
            flash(_("Enhetstypen %(kind)s är tillagd.", kind=added))
            return redirect(url_for("kinds.index", org=org))
    return _page(org, form, status=422 if request.method == "POST" else 200)


@bp.route("/ta-bort", methods=["POST"])
@login_required
def remove():
    org = guards.managed_organisation()
    kind = request.form.get("kind", "")[:register.MAX_NAME * 4]
    try:
        removed = register.remove_kind(get_db(), org, kind)
    except store_db.StorageError as refused:
        return _page(org, KindForm(formdata=None), refused=(kind, text(refused.msg)), status=422)
    record("kind_remove", organisation_id=org, subject=removed)
    flash(_("Enhetstypen %(kind)s är borttagen.", kind=kind_text(removed)))
    return redirect(url_for("kinds.index", org=org))
