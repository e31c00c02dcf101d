"""The respondent's pages: the yearly questionnaire, page by page, and the results."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from survey.content import questionnaire as q
from survey.content.pointer import pointer_of, split
from survey.content.validation import FieldError
from survey.i18n import clock
from survey.scoring import rules
from survey.store import actions as store_actions
from survey.store import evidence as store_evidence
from survey.store import feedback as store_feedback
from survey.store import responses, rounds, yearly
from survey.web import attachments, forms, sectionview
from survey.web.db import get_db
from survey.web.presentation import text
from survey.web.responsepage import Page

bp = Blueprint("respond", __name__)


@bp.route("/")
@login_required
def home():
    if current_user.role in ("admin", "coordinator"):
        return redirect(url_for("coordinate.home"))
    unit_ids = sorted(current_user.unit_ids)
    rows = rounds.tasks(get_db(), unit_ids)
    tasks = [row for row in rows if current_user.can_answer({"id": row["unit_id"]}, row["round_id"])]
    followups = [row for row in yearly.tasks(get_db(), unit_ids)
                 if current_user.can_answer({"id": row["unit_id"]}, row["round_id"])]
    return render_template("respond/home.html", tasks=tasks, followups=followups)


@bp.route("/svar/<int:round_id>/<int:unit_id>/")
@login_required
def overview(round_id: int, unit_id: int):
    page = Page(round_id, unit_id, answer=False)
    return render_overview(page)


def render_overview(page: Page, followup_errors: dict | None = None, status: int = 200):
    """The overview with last year's actions and feedback to follow up; `followup_errors` keep a refused report."""
    history = responses.history(page.db, page.response["id"]) if page.response else []
    reopened = history[-1] if history and history[-1]["action"] == "reopen" else None
    return render_template("respond/overview.html", page=page, progress=page.progress, history=history,
                           reopened=reopened,
                           previous_actions=store_actions.previous_actions(page.db, page.round["id"], page.unit["id"]),
                           previous_feedback=store_feedback.previous(page.db, page.round["id"], page.unit["id"]),
                           evidence=store_evidence.of_response(page.db, page.round["id"], page.unit["id"]),
                           statuses=store_actions.STATUSES, followup_errors=followup_errors or {},
                           posted=request.form if followup_errors else {}), status


@bp.route("/svar/<int:round_id>/<int:unit_id>/avsnitt/<name>", methods=["GET", "POST"])
@login_required
def section(round_id: int, unit_id: int, name: str):
    page = Page(round_id, unit_id, answer=True)
    names = page.pages
    if name not in dict(page.sections):
        abort(404)
    if name not in names:  # every question here is shared: answered on the follow-up's shared page
        return redirect(url_for("yearly.shared", followup_id=page.followup["id"], unit_id=unit_id))
    if not page.editable:
        flash(_("Svaret kan inte ändras: det är inlämnat eller omgången är stängd."))
        return redirect(page.url("respond.overview"))
    schema = page.shown(name)
    refused = [FieldError(pointer, message) for pointer, message in session.get(_refused_key(page), [])]
    if request.method == "GET":
        form = page.stored_form(name, add_row=request.args.get("lagg_till"))
        return _render_section(page, name, form, _field_errors(refused, name))
    action = request.form.get("x-action", "save")
    add_row = action.removeprefix("add:") if action.startswith("add:") else None
    formdata = forms.without_empty_rows(request.form, schema, action, page.kinds(name))
    form = page.form(name, formdata, add_row)
    section_answers, errors = forms.answers_from(form, schema, page.kinds(name))
    kept = {n: v for n, v in (page.answers.get(name) or {}).items() if (name, n) in page.asked_elsewhere}
    section_answers = kept | section_answers
    posted, refused_evidence = attachments.posted(schema)
    errors = refused_evidence | errors
    answers = q.without_unasked(page.view, page.answers | {name: section_answers},
                                page.content(q.follow_ups_for, *page.unit_key))
    if errors:  # some text is not a value yet: show the gate's other findings beside it, save nothing
        problems = responses.check(page.db, page.round, page.unit, answers, submit=False)
        errors = _field_errors(problems, name) | errors
    else:
        try:
            saved = page.save(answers, _posted_version(), marks=_carry_over(page, name, answers))
        except responses.InvalidAnswers as refused:
            errors = _field_errors(refused.problems, name)
        except responses.StaleVersion as conflict:
            return _render_section(page, name, form, {}, conflict=conflict, status=409)
        except responses.ReadOnly as refused:
            flash(text(refused.msg))
            return redirect(page.url("respond.overview"))
    if errors:
        return _render_section(page, name, form, errors, status=422)
    if posted:
        attachments.store(page.db, page.round["id"], page.unit["id"], name, posted)
        flash(_("Underlaget är sparat."))
    if refused:
        session[_refused_key(page)] = [[p.pointer, text(p.message)] for p in refused if split(p.pointer)[0] != name]
    flash(_("Sparat kl. %(time)s.", time=clock(saved["updated_at"])))
    index = names.index(name)
    if action == "next" and index + 1 < len(names):
        return redirect(page.url("respond.section", name=names[index + 1]))
    if action == "previous" and index > 0:
        return redirect(page.url("respond.section", name=names[index - 1]))
    if action == "overview" or action == "next":
        return redirect(page.url("respond.overview"))
    if add_row:
        return redirect(page.url("respond.section", name=name, lagg_till=add_row, _anchor=forms.PREFIX + add_row))
    if removed := forms.removed_row(action):
        return redirect(page.url("respond.section", name=name, _anchor=forms.PREFIX + removed[0]))
    return redirect(page.url("respond.section", name=name))


def _refused_key(page: Page) -> str:
    """Where the session keeps last year's answers that could not be carried over, until their page is saved."""
    return f"carry-refused-{page.round['id']}-{page.unit['id']}"


def _field_errors(problems: list, section: str) -> dict[str, str]:
    """The gate's problems on one section, by question (the first problem of each).

    A problem in a row of a structured list is kept at "<question>/<row>/<field>", worded
    without the row and field its place already shows.
    """
    errors: dict[str, str] = {}
    for problem in problems:
        parts = split(problem.pointer)
        if len(parts) >= 4 and parts[0] == section and getattr(problem.message, "code", None) == q.IN_ROW.code:
            errors.setdefault("/".join(parts[1:4]), text(problem.message.params["message"]))
        elif len(parts) >= 2 and parts[0] == section:
            errors.setdefault(parts[1], text(problem.message))
    return errors


def _posted_version() -> int:
    text = request.form.get("x-version", "")
    return int(text) if text.isdigit() else -1


def _carry_over(page: Page, name: str, answers: dict) -> dict[str, list[str]]:
    """Carry-over marks after saving a page: changed answers lose the mark, confirmed ones are kept apart."""
    carried, confirmed = page.carried, page.confirmed
    before = (page.previous or {}).get("answers", {}).get(name) or {}
    now = answers.get(name) or {}
    questions = page.shown(name)["properties"]  # a shared question is confirmed on its own page
    ticked = set(questions) if request.form.get("x-bekrafta-alla") == "ja" else set(request.form.getlist("x-bekrafta"))
    for question in questions:
        pointer = f"/{name}/{question}"
        unchanged = question in now and now.get(question) == before.get(question)
        if pointer in carried and (not unchanged or question in ticked):
            carried.discard(pointer)
            if unchanged:
                confirmed.add(pointer)
        elif pointer in confirmed and not unchanged:
            confirmed.discard(pointer)
    return {"carried": sorted(carried), "confirmed": sorted(confirmed)}


def _render_section(page: Page, name: str, form, errors: dict, conflict=None, status: int = 200):
    names = page.pages
    index = names.index(name)
    schema = page.shown(name)
    view = page.view | {"properties": page.view["properties"] | {name: schema}}
    stored = conflict.current["answers"].get(name, {}) if conflict and conflict.current else {}
    evidence = {}
    uploads = any(qschema.get("x-evidence") for qschema in schema["properties"].values())
    if uploads:  # else no question here shows evidence
        for row in store_evidence.of_response(page.db, page.round["id"], page.unit["id"]):
            evidence.setdefault(row["question"], []).append(row)
    questions = sectionview.questions(page.questionnaire, view, name, form, answers=page.answers,
                                      names=page.names, errors=errors, evidence=evidence, carried=page.carried,
                                      stored=stored if conflict else None, laid_out=page.layout(name))
    version = conflict.current["version"] if conflict and conflict.current else page.version
    return render_template(
        "respond/section.html", page=page, name=name, schema=schema, form=form, questions=questions,
        elsewhere=sum(1 for s, _n in page.asked_elsewhere if s == name),
        errors=errors, conflict=conflict, version=version, number=index + 1, total=len(names),
        uploads=uploads,
        link_posted={key: value for key, value in request.form.items() if key.startswith(attachments.LINK)},
        previous=names[index - 1] if index > 0 else None,
        next=names[index + 1] if index + 1 < len(names) else None,
        progress=page.progress), status


@bp.route("/svar/<int:round_id>/<int:unit_id>/borja-fran-forra-aret", methods=["POST"])
@login_required
def start_from_previous(round_id: int, unit_id: int):
    page = Page(round_id, unit_id, answer=True)
    if page.response is not None or page.previous is None or not page.editable:
        flash(_("Det finns inget att börja från, eller så är svaret redan påbörjat."))
        return redirect(page.url("respond.overview"))
    saved, refused = responses.carry_over(page.db, round_id, unit_id, page.previous["answers"],
                                          user_id=current_user.user_id, invitation_id=current_user.invitation_id)
    flash(_("%(count)s svar från förra året är ifyllda. Bekräfta eller ändra varje markerat svar.",
            count=len(saved["carried"])))
    if refused:
        session[_refused_key(page)] = [
            [p.pointer, _("Förra årets svar kunde inte föras över: %(reason)s", reason=text(p.message))] for p in refused]
    return redirect(page.url("respond.section", name=page.pages[0]))


@bp.route("/svar/<int:round_id>/<int:unit_id>/lamna-in", methods=["GET", "POST"])
@login_required
def submit(round_id: int, unit_id: int):
    """A confirmation step: what is missing, what awaits confirmation, the result as it stands; then submit."""
    page = Page(round_id, unit_id, answer=True)
    if page.followup is not None and not page.followup["per_policy_submit"]:
        flash(_("Uppföljningen lämnas in i sin helhet från översikten."))
        return redirect(url_for("yearly.overview", followup_id=page.followup["id"], unit_id=unit_id))
    if not page.editable or page.response is None:
        flash(_("Svaret kan inte lämnas in: det är inte påbörjat, redan inlämnat eller omgången är stängd."))
        return redirect(page.url("respond.overview"))
    problems = []
    if request.method == "POST":
        try:
            page.save(page.answers, _posted_version(), submit=True)
        except responses.InvalidAnswers as refused:
            problems = _in_form_order(page, refused.problems)
        except responses.ActionsUnreported as refused:
            problems = [{"section": None, "question": None, "title": _("Förra årets åtgärder"),
                         "message": text(refused.msg)}]
        except (responses.StaleVersion, responses.ReadOnly) as refused:
            flash(text(refused.msg))
            return redirect(page.url("respond.overview"))
        else:
            flash(_("Tack! Självskattningen är inlämnad."))
            return redirect(page.url("respond.results"))
    context = rules.context(page.answers, page.unit, page.round["year"],
                            page.previous["answers"] if page.previous else None)
    preview = rules.summarize(rules.score(rules.compile_ruleset(page.ruleset), context))
    return render_template("respond/submit.html", page=page, progress=page.progress, problems=problems,
                           preview=preview), 422 if problems else 200


def _in_form_order(page: Page, problems: list) -> list[dict]:
    """The gate's problems as links, in the order the questions are shown."""
    order = {pointer_of(s, n): i for i, (s, n, _schema) in enumerate(q.questions(page.view))}
    titles = {pointer_of(s, n): schema["title"] for s, n, schema in q.questions(page.view)}
    shown = []
    for problem in problems:
        parts = split(problem.pointer)
        key = pointer_of(*parts[:2])
        row_field = len(parts) >= 4 and getattr(problem.message, "code", None) == q.IN_ROW.code
        shown.append({"section": parts[0], "question": parts[1] if len(parts) > 1 else None,
                      "anchor": forms.PREFIX + "-".join(parts[1:4]) if row_field else None,
                      "title": titles.get(key, problem.pointer), "message": text(problem.message),
                      "order": order.get(key, len(order))})
    return sorted(shown, key=lambda p: p["order"])


@bp.route("/svar/<int:round_id>/<int:unit_id>/resultat")
@login_required
def results(round_id: int, unit_id: int):
    page = Page(round_id, unit_id, answer=False)
    if page.response is None or page.response["status"] != "submitted":
        flash(_("Resultatet visas när självskattningen är inlämnad."))
        return redirect(page.url("respond.overview"))
    return render_results(page)


def render_results(page: Page, action_errors: dict | None = None, status: int = 200):
    """The results page, with actions, evidence and feedback; `action_errors` keep a refused action form."""
    results_now = responses.stored_results(page.db, page.response["id"])
    before = {}
    if page.previous:
        before = {r["requirement"]: r for r in responses.stored_results(page.db, page.previous["id"])}
    specs = {spec["id"]: spec for spec in page.ruleset["requirements"]}
    rows = [{"result": r, "spec": specs[r["requirement"]], "explanation": text(rules.explain(r, page.describe)),
             "before": before.get(r["requirement"])} for r in results_now]
    summary = rules.summarize(results_now)
    summary_before = rules.summarize(before.values()) if before else None
    change = None
    if summary_before and summary["compliance"] is not None and summary_before["compliance"] is not None:
        change = round(round(summary["compliance"], 1) - round(summary_before["compliance"], 1), 1)  # as shown
    goals = {g["id"]: g for g in q.goals(page.questionnaire)}
    planned: dict[str, list] = {}
    for row in store_actions.of_unit(page.db, page.round["id"], page.unit["id"]):
        planned.setdefault(row["requirement"], []).append(row)
    return render_template("respond/results.html", page=page, rows=rows, summary=summary,
                           summary_before=summary_before, change=change, goals=goals,
                           by_goal=rules.by_goal(results_now, page.ruleset),
                           planned=planned, statuses=store_actions.STATUSES, unmet=store_actions.UNMET,
                           may_plan=current_user.can_answer(page.unit, page.round["id"]),
                           may_comment=current_user.can_coordinate(page.round["organisation_id"]),
                           feedback=store_feedback.of_response(page.db, page.round["id"], page.unit["id"]),
                           evidence=store_evidence.of_response(page.db, page.round["id"], page.unit["id"]),
                           action_errors=action_errors or {}, posted=request.form if action_errors else {}), status
