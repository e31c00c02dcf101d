"""The draft page: every item of a policy in one form, folded until opened, beside the policy text.

Every button posts the whole form, so nothing typed in another item is lost. Only the items a
person changed are applied (their fields are compared with the version the page showed), on top
of whatever someone else saved meanwhile; a conflict on the same item is refused with what was
typed kept. With JavaScript each field is saved when it is left (`autosave:<item>`, answered in
JSON). Each change is kept in the history in words, and the last one can be undone.
"""
from __future__ import annotations

from datetime import date

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from survey.content import answer_kinds, changes, edit, edit_question, edit_rule, findings, items, restructure, shared
from survey.content import questionnaire as q
from survey.i18n import Text, clock
from survey.scoring import policycheck
from survey.store import content as store_content
from survey.store import drafts, register
from survey.web import guards
from survey.web.db import get_db
from survey.web.presentation import text
from survey.web.workshop.blueprint import anchor, bp

NOT_IN_TEXT = {
    "adopted_by": _l("Policytexten säger inte vem som antog policyn. Fyll i det om du vet det."),
    "adopted_date": _l("Policytexten anger inget beslutsdatum. Utan det kan revideringen inte följas upp."),
    "adopted_paragraph": _l("Policytexten anger ingen paragraf (§) för beslutet."),
    "replaces": _l("Policytexten säger inte vad policyn ersätter (det kan vara riktigt)."),
    "revision": _l("Policytexten säger inte när policyn ska revideras. Ange regeln om den finns."),
    "follow_up": _l("Policytexten säger inte hur policyn följs upp."),
}
SEP = "|"  # a field of an item in the page's form: "<item key>|<field>"
CHANGED_BY_OTHERS = Text("workshop.changed_by_others", "Någon annan har ändrat samma punkt sedan du öppnade sidan: "
                                                      "%(items)s. Det du skrev står kvar; jämför och spara igen.")


def posted_items(form: MultiDict) -> dict[str, edit.Form]:
    """The items posted in the page's form, by key, with their fields (an item marks itself `present`)."""
    found: dict[str, edit.Form] = {}
    for name in form:
        key, sep, field = name.rpartition(SEP)
        if sep and key:
            found.setdefault(key, {})[field] = [v[:edit.MAX_TEXT * 2] for v in form.getlist(name)]
    return {key: fields for key, fields in found.items() if "present" in fields}


def offered_kinds(found: dict) -> tuple[str, ...]:
    return tuple(register.kinds(get_db(), found["organisation_id"]))


def outline(work: edit.Draft) -> list[dict]:
    """The page's order: sections with the requirements judged in them and their questions."""
    homes = {r["id"]: work.home(r["id"]) for r in work.requirements}
    parts = [{"name": name, "section": section, "key": f"section:{name}",
              "requirements": [r for r in work.requirements if homes[r["id"]] == name],
              "questions": list(section["properties"].items())} for name, section in work.sections.items()]
    unasked = [r for r in work.requirements if homes[r["id"]] is None]
    return parts + ([{"name": None, "section": None, "key": None, "requirements": unasked, "questions": []}]
                    if unasked else [])


def shared_questions(found: dict, work: edit.Draft) -> dict[str, dict]:
    """The shared questions a question of this draft may be linked to, by key: those of the organisation's
    published policies and of the draft itself, and the library's (shared/questions.json), whose words win."""
    db = get_db()
    published = [store_content.version_body(db, p["questionnaire_version_id"]) for p in store_content.policies(db)
                 if p["organisation_id"] == found["organisation_id"]]
    return shared.catalogue(published + [work.questionnaire]) | store_content.current_library(db)


def render_draft(found: dict, *, typed: MultiDict | None = None, errors: dict | None = None,
                 conflict: str | None = None, status: int = 200):
    """The draft page; after a refused post, with what was typed and the problems at their fields."""
    work = edit.Draft.of(found["questionnaire"], found["ruleset"])
    typed_items = posted_items(typed) if typed is not None else {}
    errors = errors or {}
    found_now = findings.findings(work, found["name"], found["text"])
    opened = set(errors) | set(request.args.getlist("open"))

    def shown(key: str) -> edit.Form:
        return typed_items.get(key) or items.values(work, key)

    notes = work.policy.get("x-review", [])
    held = register.tags_held(get_db(), found["organisation_id"])
    return render_template(
        "workshop/draft.html", draft=found, work=work, shown=shown, errors=errors, conflict=conflict,
        findings=findings.by_item(found_now), finding_count=len(found_now), opened=opened,
        may_redo=drafts.can_redo(get_db(), found["id"], found["version"]),
        saved=request.args.get("sparat"), anchor=anchor, names=restructure.items(work), sep=SEP, outline=outline(work),
        kinds=q.policy_kinds(work.questionnaire), offered_kinds=offered_kinds(found),
        kind_options=[(code, text(label())) for code, label in answer_kinds.KINDS.items()],
        criterion_groups=lambda rid: [
            (title, [(value, f"”{restructure.short(question, 60)}” {text(words)}") for value, question, words in offered])
            for title, offered in edit_rule.criterion_choices(work, rid)],
        serves_options=lambda section, schema: [
            (i, f"{i} {title}") for i, title in [(g["id"], g["title"]) for g in work.goals] + [
                (r["id"], r["title"]) for r in work.requirements
                if work.home(r["id"]) in (section, None) or r["id"] in schema.get("x-serves", [])]],
        follow_up_choices=edit_question.follow_up_choices, inherits=lambda rule: edit.inherits(work, rule),
        shared_options=[("", _("Ingen: frågan hör bara till den här policyn"))] + [
            (key, f"{key}: {schema['title']}") for key, schema in shared_questions(found, work).items()],
        notes=[(i, n) for i, n in enumerate(notes)], not_in_text=NOT_IN_TEXT,
        elsewhere=next((r["named"] for r in found["review"] or [] if r.get("about") == "municipality"), None),
        unheld=[t for t in q.policy_tags(work.questionnaire) if t not in held],
        history=[(h, changes.messages(h["action"])) for h in drafts.history(get_db(), found["id"])[:8]],
        revision=policycheck.revision_status(work.policy, date.today())), status


@bp.route("/<int:draft_id>")
@login_required
def draft(draft_id: int):
    return render_draft(guards.coordinated_draft(draft_id))


def _fetch() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _refused(found: dict, errors: dict, status: int, conflict: str | None = None):
    """A post that saved nothing: the page again with what was typed, or the problems as JSON."""
    if _fetch():
        return jsonify({"ok": False, "conflict": conflict,
                        "errors": {f"{anchor(key)}-{field}": message for key, fields in errors.items()
                                   for field, message in fields.items()}}), status
    return render_draft(found, typed=request.form, errors=errors, conflict=conflict, status=status)


def apply_posted(found: dict, work: edit.Draft) -> tuple[dict, list[str]]:
    """Apply the items a person changed to the current draft: (problems by item and field, conflicting items)."""
    version = request.form.get("x-version", "")
    base = drafts.body_at(get_db(), found["id"], int(version)) if version.isdigit() else None
    seen = edit.Draft.of(*base) if base else work
    errors: dict[str, dict] = {}
    conflicts = []
    catalogue = shared_questions(found, work)
    for key, form in posted_items(request.form).items():
        if not edit.exists(seen, key) or not edit.changed(items.values(seen, key), form):
            continue
        if not edit.exists(work, key) or (seen is not work and items.values(work, key) != items.values(seen, key)):
            conflicts.append(key)
            continue
        problems = items.edit(work, key, form, offered_kinds(found), catalogue)
        if problems:
            errors[key] = {field: text(message) for field, message in problems.items()}
    return errors, conflicts


def save(found: dict, work: edit.Draft, extra: list[dict] | None = None) -> dict:
    """Save the working copy when it differs from the stored draft, its changes in words in the history."""
    if (work.questionnaire, work.ruleset) == (found["questionnaire"], found["ruleset"]):
        return found
    described = changes.describe((found["questionnaire"], found["ruleset"]), (work.questionnaire, work.ruleset))
    return drafts.save(get_db(), found["id"], work.questionnaire, work.ruleset, base_version=found["version"],
                       user_id=current_user.user_id, action=changes.stored((extra or []) + described))


def back(draft_id: int, key: str | None = None, **args):
    """To the draft page, with an item opened and in view."""
    return redirect(url_for("workshop.draft", draft_id=draft_id, open=key or None, _anchor=anchor(key) if key else None,
                            **args))


def with_page(found: dict) -> tuple[edit.Draft, object | None]:
    """The draft with the changes the posted page holds applied; a refusal to answer with when it cannot be."""
    work = edit.Draft.of(found["questionnaire"], found["ruleset"])
    errors, conflicts = apply_posted(found, work)
    if conflicts:
        titles = ", ".join(restructure.items(work).get(k, k) for k in conflicts if k != "policy") or _("uppgifterna")
        return work, _refused(found, errors, 409, text(CHANGED_BY_OTHERS(items=titles)))
    return work, _refused(found, errors, 422) if errors else None


@bp.route("/<int:draft_id>/andra", methods=["POST"])
@login_required
def change(draft_id: int):
    """Save what was changed on the page, then do what the button asks (`x-action`: `<what>:<item>`)."""
    found = guards.coordinated_draft(draft_id)
    action, _sep, key = request.form.get("x-action", "save:").partition(":")
    work, refusal = with_page(found)
    if refusal:
        return refusal
    if action in ("up", "down") and not restructure.move(work, key, -1 if action == "up" else 1):
        abort(400)
    follow = _act(found, work, action, key)
    try:
        saved = save(found, work)
    except drafts.StaleDraft as stale:
        return _refused(stale.current, {}, 409, text(stale.msg))
    if _fetch():
        return jsonify({"ok": True, "version": saved["version"], "saved": _("Sparat %(time)s", time=clock(
            saved["updated_at"]))})
    return follow(saved)


def _act(found: dict, work: edit.Draft, action: str, key: str):
    """Do what a button asks after the page's changes are applied; how to answer once it is saved."""
    draft_id = found["id"]
    if action in ("save", "autosave", "up", "down"):
        return lambda saved: back(draft_id, key, sparat=key or None)
    if action == "remove":
        gone, criteria = restructure.dependants(work, key)
        if gone or criteria:
            return lambda saved: redirect(url_for("workshop.confirm_removal", draft_id=draft_id, item=key))
        title = restructure.items(work).get(key, key)
        if not restructure.remove(work, key):
            abort(400)
        flash(_("”%(title)s” togs bort. Ångra med knappen Ångra senaste ändringen.", title=title))
        return lambda saved: back(draft_id)
    if action == "add-criterion":
        if not restructure.add_criterion(work, key.partition(":")[2]):
            abort(400)
        return lambda saved: back(draft_id, key)
    if action == "drop-criterion":
        rule, _sep, index = key.rpartition(":")
        if not index.isdigit() or not restructure.remove_criterion(work, rule.partition(":")[2], int(index)):
            abort(400)
        return lambda saved: back(draft_id, rule)
    if action == "follow":
        rule = work.requirement(key.partition(":")[2])
        home = work.home(rule["id"]) if rule else None
        if home is None:
            abort(400)
        edit.set_rule_target(work, rule, q.applies_to(work.questionnaire, work.sections[home]))
        return lambda saved: back(draft_id, key, sparat=key)
    if action == "done-note":
        notes = work.policy.get("x-review", [])
        if not key.isdigit() or int(key) >= len(notes):
            abort(400)
        about = notes.pop(int(key))["about"]
        item = f"goal:{about}" if work.goal(about) else f"requirement:{about}" if work.requirement(about) else None
        return lambda saved: back(draft_id, item)
    if action in ("pick", "new"):
        return lambda saved: redirect(url_for("workshop.pick_quote", draft_id=draft_id, **_pick_args(action, key)))
    abort(400)


def _pick_args(action: str, key: str) -> dict:
    """The picker's arguments: the quote of an item's field (`pick:goal:M1:source`) or a new item (`new:goal`)."""
    if action == "pick":
        item, _sep, field = key.rpartition(":")
        return {"for": item, "falt": field}
    kind, _sep, where = key.partition(":")
    if kind not in ("goal", "requirement", "question"):
        abort(400)
    return {"ny": kind, "i": where or None}


@bp.route("/<int:draft_id>/ta-bort", methods=["GET", "POST"])
@login_required
def confirm_removal(draft_id: int):
    """Removing an item others depend on asks first and says what goes with it."""
    found = guards.coordinated_draft(draft_id)
    key = request.values.get("item", "")
    work = edit.Draft.of(found["questionnaire"], found["ruleset"])
    if not edit.exists(work, key) or key == "policy":
        return back(draft_id)
    title = restructure.items(work).get(key, key)
    gone, criteria = restructure.dependants(work, key)
    if request.method == "GET":
        return render_template("workshop/remove.html", draft=found, key=key, title=title, gone=gone,
                               criteria=criteria, anchor=anchor)
    if request.form.get("x-version") != str(found["version"]):
        flash(text(drafts.StaleDraft(found).msg))
        return back(draft_id, key)
    if not restructure.remove(work, key):
        abort(400)
    try:
        save(found, work)
    except drafts.StaleDraft as stale:
        flash(text(stale.msg))
        return back(draft_id, key)
    flash(_("”%(title)s” och det som hörde till togs bort. Ångra med knappen Ångra senaste ändringen.", title=title))
    return back(draft_id)


@bp.route("/<int:draft_id>/angra", methods=["POST"])
@login_required
def undo(draft_id: int):
    return _step(draft_id, drafts.undo, _("Den senaste ändringen är ångrad."))


@bp.route("/<int:draft_id>/gor-om", methods=["POST"])
@login_required
def redo(draft_id: int):
    return _step(draft_id, drafts.redo, _("Den ångrade ändringen är gjord igen."))


def _step(draft_id: int, move, done: str):
    """Undo or redo one change of the draft, from the version the page showed."""
    found = guards.coordinated_draft(draft_id)
    version = request.form.get("x-version", "")
    try:
        move(get_db(), draft_id, base_version=int(version) if version.isdigit() else -1, user_id=current_user.user_id)
    except (drafts.StaleDraft, drafts.NothingToUndo, drafts.NothingToRedo) as refused:
        flash(text(refused.msg))
    else:
        flash(done)
    return back(found["id"])
