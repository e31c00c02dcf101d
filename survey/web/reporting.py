"""Report pages for coordinators: the definitions in reports/, with filters, charts and exports.

The page and every download render the same `survey.reports.Report`.
"""
from __future__ import annotations

import math
from datetime import date
from typing import Any

import pandas as pd
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from survey.reports import annual, annual_render, export
from survey.reports import build as reports
from survey.reports.inputs import annual_inputs
from survey.store import content as store_content
from survey.store import db as store_db
from survey.store import register, responses, rounds
from survey.store import scores as scoretable
from survey.web import charts
from survey.web.auth import coordinated_policies, record
from survey.web.db import get_db
from survey.web.downloads import attachment
from survey.web.presentation import number, text

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
    kinds = register.kinds(db, policy["organisation_id"])
    filters = {"year": year if year in years else None, "unit_kind": kind if kind in kinds else None,
               "unit": unit if unit in units else None}
    return policy, filters, years, units


def _locale() -> str:
    return str(get_locale() or "sv")


def _frame(policy: dict) -> pd.DataFrame:
    return reports.long_table(scoretable.score_rows(get_db(), organisation_id=policy["organisation_id"],
                                                    policy=policy["name"]), _locale())


def _definitions() -> dict[str, dict]:
    return store_content.current_reports(get_db())


def _build(name: str) -> tuple[reports.Report, dict, dict, list[int], list[str]]:
    definitions = _definitions()
    if name not in definitions:
        abort(404)
    policy, filters, years, units = _choice()
    definition = definitions[name]
    frame = _frame(policy)
    if filters["year"] is None:
        filters["year"] = reports.default_year(definition, frame, years)
    report = reports.build(name, definition, frame, filters)
    return report, policy, filters, years, units


@bp.route("/")
@login_required
def index():
    policy, filters, years, units = _choice()
    return render_template("reports/index.html", definitions=_definitions(), policies=coordinated_policies(), policy=policy,
                           filters=filters, years=years, units=units,
                           kinds=register.kinds(get_db(), policy["organisation_id"]))


def _cell(column: Any, value: Any, report: reports.Report) -> dict:
    if isinstance(value, str) and value in reports.LEVEL_LABELS:
        return {"level": value, "text": text(reports.level_label(value))}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return {"text": "–", "numeric": True}
        shown = number(value) if isinstance(value, float) else str(value)
        if column == reports.CHANGE:
            arrow = "▲" if value > 0 else "▼" if value < 0 else "●"
            word = _("upp") if value > 0 else _("ner") if value < 0 else _("oförändrat")
            return {"text": f"{arrow} {shown}", "numeric": True, "sr": word}
        return {"text": shown, "numeric": True}
    return {"text": "" if value is None else text(value)}


def _label(name: Any, key: Any) -> str:
    return text(export.row_key(name, key)) if isinstance(key, str) else str(key)


def table_view(report: reports.Report) -> dict:
    """Headers and cells for the template: levels as text and colour, numbers as the reader's locale writes them."""
    table = report.table
    if table.empty:
        return {"head": [], "rows": []}
    index_names = [text(reports.heading(n)) for n in table.index.names]
    head = index_names + [text(reports.heading(c)) for c in table.columns]
    rows = []
    for key, values in zip(table.index, table.itertuples(index=False)):
        keys = key if isinstance(key, tuple) else (key,)
        rows.append({"labels": [_label(name, k) for name, k in zip(table.index.names, keys)],
                     "cells": [_cell(c, v, report) for c, v in zip(table.columns, values)]})
    return {"head": head, "rows": rows, "index_count": len(index_names)}


def _line(report: reports.Report, policy: dict) -> Any:
    """Compliance over years: a line per row when the years are columns, per compliance column when they are rows."""
    table = report.table
    years = [c for c in table.columns if isinstance(c, int) and not isinstance(c, bool)]
    whole = None
    if years:
        series = {_label(table.index.names[0], key): [None if pd.isna(table.loc[key, y]) else float(table.loc[key, y])
                                                     for y in years] for key in table.index}
        whole = text(reports.heading(reports.ALL_UNITS)) if reports.ALL_UNITS in table.index else None
    else:
        years = list(table.index)
        series = {text(reports.heading(c)): [None if pd.isna(v) else float(v) for v in table[c]]
                  for c in table.columns if c in (reports.COMPLIANCE, reports.COMPLIANCE_ALL)}
        whole = text(reports.heading(reports.COMPLIANCE_ALL)) if reports.COMPLIANCE_ALL in table.columns else None
    if not series:
        return None
    return charts.line_chart(report.title, _("Måluppfyllelse i procent per år, %(policy)s.", policy=policy["title"]),
                             years, series, highlight=whole)


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
                           kinds=register.kinds(get_db(), policy["organisation_id"]), formats=export.FORMATS,
                           name=name)




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
    # Excel-CSV ends .excel.csv: the two dialects never overwrite each other
    return attachment(data, export.MEDIA_TYPES[fmt], f"{stem}.{export.SUFFIXES[fmt]}")


@bp.route("/<name>/export.<fmt>")
@login_required
def download(name: str, fmt: str):
    if fmt not in export.FORMATS:
        abort(404)
    report, policy, filters, _years, _units = _build(name)
    stem = "-".join(str(part) for part in (name, policy["name"], filters.get("year") or date.today().year))
    record("export", organisation_id=policy["organisation_id"], subject=f"{name}.{fmt}",
           detail={"policy": policy["name"], "filters": filters})
    return _download(export.to_bytes(export.flat(report, _locale()), fmt, sheet=report.title), fmt, stem)


@bp.route("/tabell.<fmt>")
@login_required
def long_table(fmt: str):
    if fmt not in export.FORMATS:
        abort(404)
    policy, filters, _years, _units = _choice()
    frame = reports.select(_frame(policy), filters)
    stem = f"resultat-{policy['name']}" + (f"-{filters['year']}" if filters["year"] else "")
    record("export", organisation_id=policy["organisation_id"], subject=f"tabell.{fmt}",
           detail={"policy": policy["name"], "filters": filters})
    table = export.long_frame(frame, {policy["name"]: policy["title"]}, _locale())
    return _download(export.to_bytes(table, fmt, sheet=_("Resultat")), fmt, stem)


@bp.route("/arsredovisning.<fmt>")
@login_required
def annual_report(fmt: str):
    """The annual-report section for a policy and year (the latest by default), in the page's language."""
    if fmt not in annual_render.FORMATS:
        abort(404)
    policy, filters, years, _units = _choice()
    year = filters["year"] or (years[-1] if years else None)
    if year is None:
        abort(404)
    lang = "en" if str(get_locale()) == "en" else "sv"
    inputs = annual_inputs(get_db(), policy, year, date.today(), _locale())
    data = annual_render.render(annual.build(**inputs, lang=lang), fmt)
    return attachment(data, annual_render.MEDIA_TYPES[fmt], f"arsredovisning-{policy['name']}-{year}.{fmt}")
