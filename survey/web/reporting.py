"""Report pages for coordinators: the definitions in reports/, with filters, charts and exports.

The page and every download render the same `survey.reports.Report`.
"""
from __future__ import annotations

import math
from datetime import date
from typing import Any

import pandas as pd
from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from survey.content.questionnaire import UNIT_KINDS
from survey.reports import build as reports
from survey.reports import export
from survey.store import db as store_db
from survey.store import register, responses, rounds
from survey.store import scores as scoretable
from survey.web import charts
from survey.web.auth import coordinated_policies
from survey.web.db import get_db

bp = Blueprint("reporting", __name__, url_prefix="/rapporter")


def _choice() -> tuple[dict, dict[str, Any], list[int], list[str]]:
    """The chosen policy (one the coordinator may see), the filters, and the years and units on offer."""
    if current_user.role not in ("admin", "coordinator"):
        abort(404)
    policies = coordinated_policies()
    if not policies:
        abort(404)
    wanted = request.args.get("policy")
    policy = next((p for p in policies if p["name"] == wanted), None) if wanted else policies[0]
    if policy is None:
        abort(404)
    db = get_db()
    years = rounds.years(db, policy["id"])
    units = sorted(unit["name"] for unit in register.units(db, policy["organisation_id"]))
    year = request.args.get("year", type=int)
    kind = request.args.get("unit_kind") or None
    unit = request.args.get("unit") or None
    filters = {"year": year if year in years else None, "unit_kind": kind if kind in UNIT_KINDS else None,
               "unit": unit if unit in units else None}
    return policy, filters, years, units


def _frame(policy: dict) -> pd.DataFrame:
    return reports.long_table(scoretable.score_rows(get_db(), organisation_id=policy["organisation_id"],
                                                    policy=policy["name"]))


def _definitions() -> dict[str, dict]:
    return current_app.config["CONTENT"].reports


def _build(name: str) -> tuple[reports.Report, dict, dict, list[int], list[str]]:
    definitions = _definitions()
    if name not in definitions:
        abort(404)
    policy, filters, years, units = _choice()
    definition = definitions[name]
    axes = definition["index"] + definition.get("columns", [])
    if "year" not in axes and definition["kind"] not in reports.OVER_YEARS and filters["year"] is None and years:
        filters["year"] = years[-1]
    report = reports.build(name, definition, _frame(policy), filters)
    return report, policy, filters, years, units


@bp.route("/")
@login_required
def index():
    policy, filters, years, units = _choice()
    return render_template("reports/index.html", definitions=_definitions(), policies=coordinated_policies(), policy=policy,
                           filters=filters, years=years, units=units, kinds=UNIT_KINDS)


def _cell(column: Any, value: Any, report: reports.Report) -> dict:
    if isinstance(value, str) and value in reports.LEVEL_LABELS:
        return {"level": value, "text": reports.level_label(value)}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return {"text": "–", "numeric": True}
        text = f"{value:.1f}".replace(".", ",") if isinstance(value, float) else str(value)
        if column == reports.CHANGE:
            arrow = "▲" if value > 0 else "▼" if value < 0 else "●"
            word = _("upp") if value > 0 else _("ner") if value < 0 else _("oförändrat")
            return {"text": f"{arrow} {text}", "numeric": True, "sr": word}
        return {"text": text, "numeric": True}
    return {"text": "" if value is None else str(value)}


def table_view(report: reports.Report) -> dict:
    """Headers and cells for the template: levels as text and colour, numbers with a decimal comma."""
    table = report.table
    if table.empty:
        return {"head": [], "rows": []}
    index_names = [reports.heading(n) for n in table.index.names]
    head = index_names + [reports.heading(c) for c in table.columns]
    rows = []
    for key, values in zip(table.index, table.itertuples(index=False)):
        keys = key if isinstance(key, tuple) else (key,)
        rows.append({"labels": [str(k) for k in keys],
                     "cells": [_cell(c, v, report) for c, v in zip(table.columns, values)]})
    return {"head": head, "rows": rows, "index_count": len(index_names)}


def _line(report: reports.Report, policy: dict) -> Any:
    """Compliance over years: a line per row when the years are columns, per compliance column when they are rows."""
    table = report.table
    years = [c for c in table.columns if isinstance(c, int) and not isinstance(c, bool)]
    if years:
        series = {str(key): [None if pd.isna(table.loc[key, y]) else float(table.loc[key, y]) for y in years]
                  for key in table.index}
    else:
        years = list(table.index)
        series = {str(c): [None if pd.isna(v) else float(v) for v in table[c]]
                  for c in table.columns if str(c).startswith(reports.COMPLIANCE)}
    if not series:
        return None
    return charts.line_chart(report.title, _("Måluppfyllelse i procent per år, %(policy)s.", policy=policy["title"]),
                             years, series, highlight=_whole(series))


def _whole(series: dict) -> str | None:
    """The series for the whole organisation, if the chart has one."""
    return next((name for name in series if reports.ALL_UNITS.lower() in name.lower()), None)


def _bars(report: reports.Report, policy: dict) -> Any:
    """Each row's compliance as a bar, with its number of applicable requirements."""
    table = report.table
    if reports.COMPLIANCE not in table.columns or reports.APPLICABLE not in table.columns:
        return None
    bars = [(str(key[0] if isinstance(key, tuple) else key), float(row[reports.COMPLIANCE]),
             _("(%(n)s krav)", n=int(row[reports.APPLICABLE]))) for key, row in table.iterrows()]
    return charts.bar_chart(_("Måluppfyllelse per enhet"), _("Andel av möjliga poäng per enhet, med antalet "
                            "tillämpliga krav inom parentes."), bars)


# How each kind of chart named in a report definition is drawn; the table is always shown too.
CHARTS = {"heatmap": _bars, "bar": _bars, "line": _line, "table": lambda report, policy: None}


def chart_for(report: reports.Report, policy: dict) -> Any:
    return None if report.table.empty else CHARTS[report.chart](report, policy)


@bp.route("/<name>")
@login_required
def show(name: str):
    report, policy, filters, years, units = _build(name)
    return render_template("reports/report.html", report=report, coverage=_coverage(policy, filters), view=table_view(report), chart=chart_for(report, policy),
                           policy=policy, policies=coordinated_policies(), filters=filters, years=years, units=units,
                           kinds=UNIT_KINDS, formats=export.FORMATS, name=name)


FILE_TAGS = {"csv-excel": "-excel"}  # the two CSV dialects must not overwrite each other in Hämtade filer


def _coverage(policy: dict, filters: dict) -> dict | None:
    """Whom a year's report covers: the round's units (of the chosen kind) that submitted, and those not yet."""
    if not filters.get("year"):
        return None
    db = get_db()
    try:
        round_ = rounds.round_by_year(db, policy["id"], filters["year"])
    except store_db.NotFound:
        return None
    units = [u for u in responses.round_summary(db, round_["id"])
             if not filters.get("unit_kind") or u["kind"] == filters["unit_kind"]]
    return {"year": filters["year"], "total": len(units), "status": round_["status"],
            "submitted": [u["unit"] for u in units if u["status"] == "submitted"],
            "missing": [u["unit"] for u in units if u["status"] != "submitted"]}


def _download(data: bytes, fmt: str, stem: str) -> Response:
    filename = f"{stem}{FILE_TAGS.get(fmt, '')}.{export.SUFFIXES[fmt]}"
    return Response(data, content_type=export.MEDIA_TYPES[fmt],  # the media type carries its charset once
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "X-Content-Type-Options": "nosniff"})


@bp.route("/<name>/export.<fmt>")
@login_required
def download(name: str, fmt: str):
    if fmt not in export.FORMATS:
        abort(404)
    report, policy, filters, _years, _units = _build(name)
    stem = "-".join(str(part) for part in (name, policy["name"], filters.get("year") or date.today().year))
    return _download(export.to_bytes(export.flat(report), fmt, sheet=report.title), fmt, stem)


@bp.route("/tabell.<fmt>")
@login_required
def long_table(fmt: str):
    if fmt not in export.FORMATS:
        abort(404)
    policy, filters, _years, _units = _choice()
    frame = reports.select(_frame(policy), filters)
    stem = f"resultat-{policy['name']}" + (f"-{filters['year']}" if filters["year"] else "")
    return _download(export.to_bytes(export.long_frame(frame), fmt, sheet="Resultat"), fmt, stem)
