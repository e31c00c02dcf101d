"""The unit manager's yearly follow-up: one overview of every policy, the shared questions asked once, one submit.

Each policy's own questions are answered on its round's ordinary pages (`respond`), where the shared
ones are left out; the shared ones are asked on one page, "Gemensamma frågor", placed first, in the
first covered policy's wording, and each answer is written into every policy that asks it.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from survey.content import questionnaire as q
from survey.content.pointer import pointer_of, split
from survey.store import content as store_content
from survey.store import evidence as store_evidence
from survey.store import responses, yearly
from survey.web import attachments, forms, guards, presentation, sectionview
from survey.web.db import get_db
from survey.web.presentation import text

bp = Blueprint("yearly", __name__)
SHARED = "gemensamma"  # the shared page's section name in its form
PROGRESS_CACHE_SIZE = 4096  # a municipality's responses in one follow-up (20 policies × 60 units) and more
_PROGRESS: dict[tuple, dict] = {}


class FollowupPage:
    """Everything the follow-up's pages need about one unit: its rounds, their views and responses."""

    def __init__(self, followup_id: int, unit_id: int, *, answer: bool):
        self.db = get_db()
        self.followup, self.unit, self.rounds = guards.followup_and_unit(followup_id, unit_id, answer=answer)
        key = (self.unit["kind"], tuple(self.unit["tags"]), self.unit["name"])
        self.views = {r["id"]: store_content.compiled(self.db, r["questionnaire_version_id"], q.view_for, *key,
                                                      digest=r["questionnaire_digest"]) for r in self.rounds}
        self.layouts = {r["id"]: store_content.compiled(self.db, r["questionnaire_version_id"],
                                                        presentation.layout_for, *key,
                                                        digest=r["questionnaire_digest"]) for r in self.rounds}
        stored = yearly.unit_responses(self.db, followup_id, unit_id)
        self.responses = {r["id"]: stored.get(r["id"]) for r in self.rounds}
        self.places = yearly.asked_once(self.views)
        self.titles = {r["id"]: r["policy_title"] for r in self.rounds}

    def answers(self, round_id: int) -> dict:
        stored = self.responses[round_id]
        return stored["answers"] if stored else {}

    def status(self, round_id: int) -> str:
        stored = self.responses[round_id]
        return stored["status"] if stored else "not_started"

    @property
    def editable(self) -> bool:
        return self.followup["status"] == "open" and any(
            self.status(r["id"]) != "submitted" and current_user.can_answer(self.unit, r["id"]) for r in self.rounds)

    def shared_section(self) -> dict:
        """The shared questions as one form section, keyed by their shared key (the first place's wording)."""
        properties, required = {}, []
        for key, found in self.places.items():
            round_id, section, name = found[0]
            schema = self.views[round_id]["properties"][section]["properties"][name]
            properties[key] = {k: v for k, v in schema.items() if k not in ("x-evidence", "x-serves")}
            if self.evidence_places(key):
                properties[key]["x-evidence"] = True
            if any(n in self.views[r]["properties"][s].get("required", []) for r, s, n in found):
                required.append(key)
        return {"type": "object", "title": _("Gemensamma frågor"), "properties": properties, "required": required}

    def evidence_places(self, key: str) -> list[tuple[int, str, str]]:
        """Where a shared question asks for evidence: the places whose policy's question has `x-evidence`."""
        return [(r, s, n) for r, s, n in self.places[key]
                if self.views[r]["properties"][s]["properties"][n].get("x-evidence")]

    def shared_evidence(self) -> dict[str, list[dict]]:
        """Each shared question's evidence, as the first open policy asking for it keeps it (every open one keeps
        a copy; a policy submitted on its own keeps what it had, and new evidence goes to the open ones only)."""
        found: dict[str, list[dict]] = {}
        rows = {}
        open_rounds = self.open_rounds()
        for key in self.places:
            places = sorted(self.evidence_places(key), key=lambda place: place[0] not in open_rounds)
            for round_id, section, name in places[:1]:
                if round_id not in rows:
                    rows[round_id] = store_evidence.of_response(self.db, round_id, self.unit["id"])
                found[pointer_of(SHARED, key)] = [
                    row | {"remove_url": self.url("yearly.remove_evidence", evidence_id=row["id"])}
                    for row in rows[round_id] if row["question"] == pointer_of(section, name)]
        return found

    def open_rounds(self) -> set[int]:
        """The rounds whose response may still change: a draft, or not started."""
        return {r for r in self.views if self.status(r) != "submitted"}

    def shared_answers(self) -> dict:
        """Each shared key's answer as stored: the first place that has one."""
        given = {}
        for key, found in self.places.items():
            for round_id, section, name in found:
                value = (self.answers(round_id).get(section) or {}).get(name)
                if value is not None:
                    given[key] = value
                    break
        return given

    def shared_carried(self) -> set[str]:
        """The shared keys whose answer came from last year and waits for the manager's confirmation."""
        return {key for key, found in self.places.items() for r, s, n in found
                if self.responses[r] and pointer_of(s, n) in self.responses[r]["carried"]}

    def counts_for(self, key: str) -> list[str]:
        return list(dict.fromkeys(self.titles[r] for r, _s, _n in self.places[key]))

    def progress(self, round_id: int) -> dict:
        """A policy's progress, made once per version of its response: of twenty policies, a save changes one."""
        stored = self.responses[round_id]
        round_ = next(r for r in self.rounds if r["id"] == round_id)
        key = (round_["questionnaire_digest"], self.unit["kind"], tuple(self.unit["tags"]), self.unit["name"],
               *((stored["id"], stored["version"], stored["updated_at"]) if stored else ()))
        found = _PROGRESS.get(key)
        if found is None:
            found = presentation.progress(self.views[round_id], self.answers(round_id),
                                          set(stored["carried"]) if stored else set(), self.layouts[round_id])
            if len(_PROGRESS) >= PROGRESS_CACHE_SIZE:
                _PROGRESS.clear()
            _PROGRESS[key] = found
        return found

    def url(self, endpoint: str, **extra) -> str:
        return url_for(endpoint, followup_id=self.followup["id"], unit_id=self.unit["id"], **extra)


@bp.route("/uppfoljning/<int:followup_id>/<int:unit_id>/")
@login_required
def overview(followup_id: int, unit_id: int):
    return _render_overview(FollowupPage(followup_id, unit_id, answer=False))


def _render_overview(page: FollowupPage, problems: list | None = None, unreported: list | None = None,
                     status: int = 200):
    """One line per policy with its progress, the shared questions first, and what keeps a submit back."""
    shared = {}
    for found in page.places.values():
        for round_id in {r for r, _s, _n in found}:
            shared[round_id] = shared.get(round_id, 0) + 1
    start = url_for("respond.overview", round_id=0, unit_id=page.unit["id"])  # one url_for, not one per policy
    policies = [{"round": r, "status": page.status(r["id"]), "progress": page.progress(r["id"]),
                 "shared": shared.get(r["id"], 0), "url": start.replace("/0/", f"/{r['id']}/", 1)}
                for r in page.rounds]
    given = page.shared_answers()
    return render_template("yearly/overview.html", page=page, policies=policies,
                           shared_done=sum(1 for key in page.places if key in given),
                           minutes=sum(p["progress"]["minutes"] for p in policies),
                           problems=problems or [], unreported=unreported or []), status


@bp.route("/uppfoljning/<int:followup_id>/<int:unit_id>/gemensamma", methods=["GET", "POST"])
@login_required
def shared(followup_id: int, unit_id: int):
    page = FollowupPage(followup_id, unit_id, answer=True)
    if not page.places:
        abort(404)
    if not page.editable:
        flash(_("Svaret kan inte ändras: det är inlämnat eller omgången är stängd."))
        return redirect(page.url("yearly.overview"))
    section = page.shared_section()
    if request.method == "GET":
        return _render_shared(page, section, forms.section_form(section, page.shared_answers()), {})
    formdata = forms.without_empty_rows(request.form, section)
    form = forms.section_form(section, page.shared_answers(), formdata)
    given, errors = forms.answers_from(form, section)
    posted, refused_evidence = attachments.posted(section)
    errors = refused_evidence | errors
    if not errors:
        open_views = {r: v for r, v in page.views.items() if r in page.open_rounds()}
        try:
            refused = yearly.save_shared(page.db, page.unit, page.places, given, open_views,
                                         user_id=current_user.user_id, invitation_id=current_user.invitation_id,
                                         confirmed=set(request.form.getlist("x-bekrafta")),
                                         base_versions=_posted_versions())
        except responses.StaleVersion as conflict:  # someone saved meanwhile: keep what was typed, save again
            return _render_shared(page, section, form, {}, conflict=text(conflict.msg), status=409)
        errors = _shared_errors(page, refused)
    if errors:
        return _render_shared(page, section, form, errors, status=422)
    for item in posted:  # each policy that asks for the evidence keeps it, as its own pages would
        for round_id, section, name in page.evidence_places(item.question):
            if round_id in page.open_rounds():
                attachments.store(page.db, round_id, page.unit["id"], section, [item._replace(question=name)])
    if posted:
        flash(_("Underlaget är sparat."))
    flash(_("Sparat. Svaren räknas för varje policy som ställer frågan."))
    return redirect(page.url("yearly.overview"))


def _posted_versions() -> dict[int, int]:
    """The versions (by round) the shared page was loaded with: "round:version" pairs."""
    versions = {}
    for pair in request.form.get("x-versions", "")[:2000].split(","):
        round_id, _sep, version = pair.partition(":")
        if round_id.isdigit() and version.isdigit():
            versions[int(round_id)] = int(version)
    return versions


def _shared_errors(page: FollowupPage, refused: dict) -> dict[str, str]:
    """The gate's problems at the shared questions they concern, named by the policy that refused."""
    where = {(r, s, n): key for key, found in page.places.items() for r, s, n in found}
    errors: dict[str, str] = {}
    for round_id, problems in refused.items():
        for problem in problems:
            parts = split(problem.pointer)
            key = where.get((round_id, *parts[:2])) if len(parts) >= 2 else None
            if key is not None:
                errors.setdefault(key, f"{page.titles[round_id]}: {text(problem.message)}")
    if refused and not errors:  # a problem elsewhere in a policy's response: say where to look
        errors[next(iter(page.places))] = _("Svaret kunde inte sparas i %(policy)s; se policyns sidor.",
                                            policy=page.titles[next(iter(refused))])
    return errors


def _render_shared(page: FollowupPage, section: dict, form, errors: dict, conflict: str | None = None,
                   status: int = 200):
    view = {"properties": {SHARED: section}}
    questions = sectionview.questions(view, view, SHARED, form, answers={SHARED: page.shared_answers()}, names={},
                                      errors=errors, carried={pointer_of(SHARED, k) for k in page.shared_carried()},
                                      evidence=page.shared_evidence(), counts_for=page.counts_for)
    versions = ",".join(f"{r}:{s['version'] if s else 0}" for r, s in page.responses.items())
    return render_template(
        "yearly/shared.html", page=page, form=form, questions=questions, errors=errors, schema=section,
        conflict=conflict, conflict_values_hidden=True, versions=versions,
        uploads=any(question.get("x-evidence") for question in section["properties"].values()),
        link_posted={key: value for key, value in request.form.items() if key.startswith(attachments.LINK)}), status


@bp.route("/uppfoljning/<int:followup_id>/<int:unit_id>/underlag/<int:evidence_id>/ta-bort", methods=["POST"])
@login_required
def remove_evidence(followup_id: int, unit_id: int, evidence_id: int):
    """Remove a shared question's evidence: the copy of every policy that keeps it."""
    page = FollowupPage(followup_id, unit_id, answer=True)
    row = store_evidence.item(page.db, evidence_id)
    place = (row["round_id"], *split(row["question"])[:2]) if row["unit_id"] == unit_id else None
    key = next((k for k, found in page.places.items() if place in found), None)
    if key is None:
        abort(404)
    if not page.editable or row["round_id"] not in page.open_rounds():  # a policy submitted on its own keeps it
        flash(_("Svaret kan inte ändras: det är inlämnat eller omgången är stängd."))
        return redirect(page.url("yearly.overview"))
    same = ("kind", "sha256", "url", "filename")
    for round_id, section, name in page.evidence_places(key):
        for copy in store_evidence.of_response(page.db, round_id, unit_id):
            if copy["question"] == pointer_of(section, name) and all(copy[f] == row[f] for f in same) \
                    and round_id in page.open_rounds():
                store_evidence.remove(page.db, attachments.folder(), copy["id"])
    flash(_("Underlaget är borttaget."))
    return redirect(page.url("yearly.shared"))


@bp.route("/uppfoljning/<int:followup_id>/<int:unit_id>/lamna-in", methods=["POST"])
@login_required
def submit(followup_id: int, unit_id: int):
    """Submit every policy at once; or one policy (`round_id`), where the coordinator allows it."""
    page = FollowupPage(followup_id, unit_id, answer=True)
    one_round = request.form.get("round_id", type=int)
    chosen = [one_round] if one_round else None
    if one_round and one_round not in page.titles:
        abort(404)
    try:
        done = yearly.submit(page.db, followup_id, page.unit, chosen, user_id=current_user.user_id,
                             invitation_id=current_user.invitation_id)
    except yearly.SubmitRefused as refused:
        return _refused(page, refused)
    except responses.StorageError as refused:
        flash(text(refused.msg))
        return redirect(page.url("yearly.overview"))
    flash(_("Tack! %(n)s policyer är inlämnade.", n=len(done)))
    return redirect(page.url("yearly.overview"))


def _refused(page: FollowupPage, refused: yearly.SubmitRefused):
    """The overview again, listing what is missing, policy by policy, each linked to its page."""
    where = {(r, s, n): key for key, found in page.places.items() for r, s, n in found}
    problems = []
    for round_id, found in refused.problems.items():
        for problem in found:
            parts = split(problem.pointer)
            shared_key = where.get((round_id, *parts[:2])) if len(parts) >= 2 else None
            link = page.url("yearly.shared") if shared_key else url_for(
                "respond.section", round_id=round_id, unit_id=page.unit["id"], name=parts[0])
            problems.append({"policy": page.titles[round_id], "pointer": problem.pointer, "link": link,
                             "message": text(problem.message)})
    unreported = [{"policy": page.titles[r], "link": url_for("respond.overview", round_id=r, unit_id=page.unit["id"]),
                   "n": n} for r, n in refused.unreported.items()]
    return _render_overview(page, problems, unreported, 422)
